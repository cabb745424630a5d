"""Card services: the AI reads the customer's message, asks only when it is unsure, and a
person steps in where judgement is needed.

``inloop serve`` serves it with the other examples; the contact form at ``/start`` starts it
with ``INLOOP_INTAKE_PROCESS=card_services``. The intent model is the built-in Banking77 one
(``inloop model prepare`` trains it ahead of the first case), or the directory in
``INLOOP_INTENT_MODEL``.

- A card that was lost or stolen is blocked only after the customer confirmed that this is what
  they meant (``risk``: never automatic), then a replacement goes to the address on file once the
  missing contact details are given.
- A card that has not arrived is answered with an approved reply in the customer's language,
  filled with what the message said; a reply with gaps goes to an agent.
- Anything else goes to the card team with the suggested replies attached; the agent's answer
  is sent to the customer.
"""

from __future__ import annotations

from pydantic import AliasChoices, BaseModel, Field

import inloop
from inloop.ai.labels import label_text
from inloop.ai.process import FieldGuess
from inloop.examples.shared import REPLIES, app
from inloop.types import Phone

__all__ = ["REPLIES", "app", "card_services"]


class CardMessage(BaseModel):
    message: str = Field(
        min_length=1,
        max_length=5000,
        description="What the customer wrote",
        # the contact form at /start and inbound mail send the request as "text"
        validation_alias=AliasChoices("message", "text"),
    )


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


class CardAnswer(BaseModel):
    """What the card team's agent sends the customer (the case view's suggested replies can
    be taken into it)."""

    reply: str = Field(
        min_length=1,
        max_length=5000,
        title="Reply to the customer",
        description="Sent to the customer by email and shown on their case page",
        json_schema_extra={
            "i18n": {
                "de": {
                    "title": "Antwort an die Kundin oder den Kunden",
                    "description": "Geht per E-Mail an sie und steht auf ihrer Fallseite",
                }
            }
        },
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
        extraction = await case.ai.extract(ReplacementCard)
        if case.customer.name and "name" not in extraction.fields:
            # the name the customer gave with the request: a suggestion, confirmed in the form
            guess = FieldGuess(value=case.customer.name, confidence=0.5)
            extraction = extraction.model_copy(
                update={"fields": {**extraction.fields, "name": guess}}
            )
        card = await case.ai.ask_missing(
            ReplacementCard,
            extraction=extraction,
            prompt={
                "en": "Your card is blocked. For the new one, we need a few details.",
                "de": "Ihre Karte ist gesperrt. Für die neue brauchen wir noch ein paar Angaben.",
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
    replies = await case.ai.suggest_reply(
        fields=extraction, classification=classification, intent=routing.intent, k=2
    )
    best = replies.best
    if (
        routing.intent == "card_arrival"
        and not routing.comment  # "yes, go ahead, but ...": a person reads what follows
        and best is not None
        and best.intent == routing.intent  # the closest reply can be for another intent
        and not best.missing
        and best.language == case.ai.lang  # a reply only in another language goes to an agent
    ):
        await case.notify(best.text)
        case.set_stage("Done")
        return {"intent": routing.intent, "reply": best.template_id}

    # the agent's case view shows the replies the process picked (ai.reply_suggested); the
    # agent's answer goes to the customer
    answer = await case.hand_to_agent(
        "cards",
        # the agent reads the request as the customer would, with the intent's code after it
        reason=f"{label_text(routing.intent)} ({routing.intent}): answer the customer",
        outcome=CardAnswer,
        # what the customer (or the agent who settled the intent) added to the answer
        context={"comment": routing.comment, "comment_by": routing.by} if routing.comment else None,
    )
    await case.notify({case.ai.lang: answer.reply})  # written for this customer
    case.set_stage("Done")
    return {"intent": routing.intent, "reply": "agent"}
