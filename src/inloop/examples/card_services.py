"""Card services: the AI reads the customer's message, asks only when it is unsure, and a
person steps in where judgement is needed.

Train a Banking77 model and serve the process::

    inloop model train --data data/banking77/train.csv --out models/banking77
    INLOOP_INTENT_MODEL=models/banking77 inloop serve --app inloop.examples.card_services:app

- A card that was lost or stolen is blocked only after the customer confirmed that this is what
  they meant (``risk``: never automatic), then a replacement goes to the address on file once the
  missing contact details are given.
- A card that has not arrived is answered with an approved reply, filled with what the message
  said; a reply with gaps goes to an agent.
- Anything else gets the suggested replies attached and goes to the card team.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

import inloop
from inloop.ai.process import AI
from inloop.ai.replies import ReplyLibrary
from inloop.types import Phone


class CardMessage(BaseModel):
    message: str = Field(min_length=1, max_length=5000, description="What the customer wrote")


class ReplacementCard(BaseModel):
    name: str = Field(
        min_length=2,
        max_length=100,
        title="Name on the card",
        json_schema_extra={"i18n": {"de": {"title": "Name auf der Karte"}}},
    )
    phone: Phone = Field(
        title="Phone number", json_schema_extra={"i18n": {"de": {"title": "Telefonnummer"}}}
    )
    postcode: str = Field(
        pattern=r"^[0-9A-Za-z][0-9A-Za-z -]{1,8}[0-9A-Za-z]$",
        title="Postcode",
        json_schema_extra={"i18n": {"de": {"title": "Postleitzahl"}}},
    )


REPLIES = ReplyLibrary.from_rows(
    [
        (
            "card_arrival",
            "my card has not arrived yet",
            "Dear {{Name}}, new cards arrive within 5 working days of the order. If yours is "
            "not there by then, we send a new one free of charge.",
        ),
        (
            "card_arrival",
            "when will I get my new card",
            "Dear {{Name}}, your card is on its way and arrives within 5 working days.",
        ),
        (
            "lost_or_stolen_card",
            "I lost my card",
            "We have blocked your card; a replacement is on its way.",
        ),
        (
            "card_not_working",
            "my card does not work",
            "Please check that your card is activated and not expired, then try again.",
        ),
        (
            "declined_card_payment",
            "why was my card payment declined",
            "A payment can be declined when the card limit is reached or the shop is not "
            "supported. We are checking your payment.",
        ),
    ]
)

app = inloop.App(
    ai=AI(
        replies=REPLIES,
        risk={"lost_or_stolen_card": "never_auto"},
        queue="cards",
        text_fields=("message",),
    )
)

BLOCKED: dict[str, str] = {}
"""Stands in for the card system in this example: blocked cards and replacements by
idempotency key."""


async def block_card(key: str, customer_id: str | None) -> str:
    BLOCKED.setdefault(key, f"blocked:{customer_id}")
    return key


async def order_replacement(key: str, card: dict[str, object]) -> str:
    BLOCKED.setdefault(key, f"replacement:{card['postcode']}")
    return key


@app.process(
    "card_services",
    stages=[
        inloop.Stage("Received", de="Eingegangen"),
        inloop.Stage("Your request", de="Ihr Anliegen"),
        inloop.Stage("Your details", de="Ihre Angaben"),
        inloop.Stage("Done", de="Erledigt"),
    ],
    input=CardMessage,
)
async def card_services(case: inloop.Case) -> dict[str, object]:
    """A message about a card: understood, confirmed where needed, and handled."""
    case.set_stage("Your request")
    classification = await case.ai.classify()
    routing = await case.ai.route(classification)
    if routing.intent is None:  # an agent took the request over
        case.set_stage("Done")
        return {"intent": None, "handled_by": routing.by}

    if routing.intent == "lost_or_stolen_card":
        await case.step(block_card, case.idempotency_key(), case.customer.id)
        case.set_stage("Your details")
        card = await case.ai.ask_missing(
            ReplacementCard,
            prompt={
                "en": "Your card is blocked. Where should we send the new one?",
                "de": "Ihre Karte ist gesperrt. Wohin sollen wir die neue schicken?",
            },
        )
        await case.step(order_replacement, case.idempotency_key(), card.model_dump(mode="json"))
        await case.notify(
            {
                "en": "Your card is blocked and a new one is on its way.",
                "de": "Ihre Karte ist gesperrt, eine neue ist unterwegs.",
            }
        )
        case.set_stage("Done")
        return {"intent": routing.intent, "replacement": True}

    extraction = await case.ai.extract(ReplacementCard)
    replies = await case.ai.suggest_reply(fields=extraction, classification=classification, k=2)
    best = replies.best
    if routing.intent == "card_arrival" and best is not None and not best.missing:
        await case.notify(best.text)
        case.set_stage("Done")
        return {"intent": routing.intent, "reply": best.template_id}

    await case.hand_to_agent(
        "cards",
        reason=f"{routing.intent}: answer the customer (suggested replies attached)",
        context={"suggestions": [r.model_dump() for r in replies.replies]},
    )
    case.set_stage("Done")
    return {"intent": routing.intent, "reply": None}
