"""Processes that hand work to agents, for the staff page tests and the agent browser test."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import BaseModel, Field

import inloop


class Intake(BaseModel):
    text: str = Field(min_length=1, max_length=5000)


class Resolution(BaseModel):
    intent: str = Field(min_length=1, max_length=100, title="Intent")
    reply: str = Field(min_length=5, max_length=2000, title="Reply to the customer")
    ask_card: bool = Field(default=False, title="Ask the customer which card")


class CardDetails(BaseModel):
    last_digits: str = Field(pattern=r"^\d{4}$", title="Last four digits of the card")


def classify(text: str) -> dict[str, Any]:
    """A stand-in for the intent model: unsure about anything."""
    return {"intent": "card_arrival", "confidence": 0.41, "model_version": "intent-test-1"}


app = inloop.App()


@app.process(
    "card_help",
    stages=[
        inloop.Stage("Received", de="Eingegangen"),
        inloop.Stage("Review", de="Prüfung"),
        inloop.Stage("Done", de="Erledigt"),
    ],
    input=Intake,
)
async def card_help(case: inloop.Case) -> dict[str, Any]:
    guess = await case.step(classify, case.input.text)
    case.set_stage("Review")
    resolution = await case.hand_to_agent(
        "cards",
        reason=f"low confidence {guess['confidence']:.2f} for {guess['intent']}",
        outcome=Resolution,
        priority=1,
    )
    if resolution.ask_card:
        details = await case.ask(
            CardDetails, prompt={"en": "Which card is it?", "de": "Um welche Karte geht es?"}
        )
        resolution.reply += f" (card ending {details.last_digits})"
    case.set_stage("Done")
    return {"intent": resolution.intent, "reply": resolution.reply}


@app.process("card_details", input=Intake)
async def card_details(case: inloop.Case) -> str:
    details = await case.ask(
        CardDetails, prompt={"en": "Which card is it?", "de": "Um welche Karte geht es?"}
    )
    return details.last_digits


@app.process("loan_check", input=Intake)
async def loan_check(case: inloop.Case) -> bool:
    decision = await case.hand_to_agent("loans", reason="income could not be verified")
    return bool(decision)


@app.process("card_reminded", input=Intake)
async def card_reminded(case: inloop.Case) -> str:
    """A question with a reminder after a day and a deadline after three (falls back to the
    default queue)."""
    details = await case.ask(
        CardDetails,
        prompt={"en": "Which card is it?", "de": "Um welche Karte geht es?"},
        deadline=timedelta(days=3),
        reminders=[timedelta(days=1)],
    )
    return details.last_digits
