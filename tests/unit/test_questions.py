"""Targeted questions for missing fields, the intent menu and the confirm line."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

import inloop
from inloop.ai.errors import DataInvalid
from inloop.ai.questions import confirm_intro, fields_to_ask, menu, questions
from inloop.testing import Harness


class Delivery(StrEnum):
    STANDARD = "standard"
    EXPRESS = "express"


class Refund(BaseModel):
    iban: str = Field(title="IBAN")
    street: str
    postcode: str
    city: str
    valid_from: date
    customer_number: str = Field(title="Customer number")
    reason: str = Field(description="Why would you like your money back?")
    colour: str = Field(
        json_schema_extra={"question": {"en": "Which colour was it?", "de": "Welche Farbe?"}}
    )
    delivery: Delivery | None = None
    callback_at: datetime | None = None
    keep_item: bool = False


def asked(fields: list[str], lang: str) -> list[str]:
    return [q.text for q in questions(Refund, fields, lang)]


def test_questions_in_english() -> None:
    assert asked(["iban", "street", "postcode", "city"], "en") == [
        "What is your IBAN?",
        "What is your street?",
        "What is your postcode?",
        "What is your town or city?",
    ]
    assert asked(["valid_from", "customer_number", "callback_at"], "en") == [
        "Valid from: on which date?",
        "What is your customer number?",
        "Callback at: on which date and at what time?",
    ]
    assert asked(["delivery", "keep_item"], "en") == [
        "Delivery: which of these applies?",
        "Keep item?",
    ]


def test_questions_in_german_with_the_right_article() -> None:
    assert asked(["iban", "street", "postcode", "city", "valid_from"], "de") == [
        "Wie lautet Ihre IBAN?",
        "Wie lautet Ihre Straße?",
        "Wie lautet Ihre Postleitzahl?",
        "Wie lautet Ihr Wohnort?",
        "Gültig ab: an welchem Datum?",
    ]
    schema = {
        "type": "object",
        "properties": {
            "kdnr": {"type": "string", "title": "Kundennummer"},
            "name": {"type": "string", "title": "Name"},
            "geburt": {"type": "string", "format": "date", "title": "Geburtsdatum"},
            "hobby": {"type": "string", "title": "Hobby"},
        },
    }
    texts = [q.text for q in questions(schema, ["kdnr", "name", "geburt", "hobby"], "de")]
    assert texts == [
        "Wie lautet Ihre Kundennummer?",
        "Wie lautet Ihr Name?",
        "Geburtsdatum: an welchem Datum?",
        "Bitte geben Sie an: Hobby",  # no known gender: no article to get wrong
    ]


def test_the_translated_title_and_question_of_the_form_are_used() -> None:
    """A field translated for the form (``i18n``) is asked in the same words, not with the
    English title."""

    class Card(BaseModel):
        name: str = Field(
            title="Name on the card",
            json_schema_extra={"i18n": {"de": {"title": "Name auf der Karte"}}},
        )
        new_address: str = Field(
            title="New address", json_schema_extra={"i18n": {"de": {"title": "Neue Adresse"}}}
        )
        note: str = Field(
            title="Note",
            json_schema_extra={
                "i18n": {"de": {"title": "Hinweis", "description": "Was sollen wir wissen?"}}
            },
        )
        pet: str = Field(
            title="Pet", json_schema_extra={"i18n": {"de": {"title": "Haustier zu Hause"}}}
        )

    fields = ["name", "new_address", "note", "pet"]
    assert [q.text for q in questions(Card, fields, "de")] == [
        "Wie lautet Ihr Name auf der Karte?",  # the gender of the first noun
        "Wie lautet Ihre Neue Adresse?",
        "Was sollen wir wissen?",
        "Bitte geben Sie an: Haustier zu Hause",  # no known gender
    ]
    assert [q.text for q in questions(Card, fields, "en")] == [
        "What is your name on the card?",
        "What is your new address?",
        "What is your note?",
        "What is your pet?",
    ]


def test_the_authors_question_wins() -> None:
    assert asked(["reason", "colour"], "en") == [
        "Why would you like your money back?",
        "Which colour was it?",
    ]
    assert asked(["colour"], "de") == ["Welche Farbe?"]
    schema = Refund.model_json_schema()
    assert [q.text for q in questions(schema, ["colour"], "de-CH")] == ["Welche Farbe?"]


def test_fields_to_ask_after_extraction() -> None:
    confidences = {"iban": 0.99, "street": 0.5, "postcode": 0.85, "city": None}
    assert fields_to_ask(Refund, confidences, required_only=True) == [
        "street", "city", "valid_from", "customer_number", "reason", "colour",
    ]  # fmt: skip
    assert "delivery" in fields_to_ask(Refund, confidences)
    assert "postcode" in fields_to_ask(Refund, confidences, threshold=0.9)


def test_unknown_field_and_bad_model() -> None:
    with pytest.raises(DataInvalid):
        questions(Refund, ["shoe_size"], "en")
    with pytest.raises(DataInvalid):
        questions(42, ["x"], "en")  # type: ignore[arg-type]


def test_menu_of_top_intents() -> None:
    top = ["card_arrival", "oos", "card_delivery_estimate", "card_arrival"]
    m = menu(top, "de", exclude=["oos"])
    assert m.prompt == "Welches dieser Anliegen meinen Sie?"
    assert m.options == (
        {"value": "card_arrival", "label": "Meine Karte ist noch nicht angekommen"},
        {
            "value": "card_delivery_estimate",
            "label": "Wie lange dauert die Zustellung meiner Karte?",
        },
    )
    assert m.none_of_these.startswith("Nichts davon")
    own = {"claim": {"en": "I want to report damage", "de": "Ich möchte einen Schaden melden"}}
    m = menu(["claim", "water_damage"], "en", labels=own)
    assert [o["label"] for o in m.options] == ["I want to report damage", "Water damage"]
    assert m.none_of_these.startswith("None of these")


def test_confirm_intro() -> None:
    assert confirm_intro("card_arrival", "en") == (
        "Did we understand correctly: My card has not arrived yet?"
    )
    assert confirm_intro("country_support", "de") == (
        "Haben wir Sie richtig verstanden: In welchen Ländern ist Ihr Angebot verfügbar?"
    )


async def test_a_menu_drives_a_real_choice(tmp_path: Path) -> None:
    app = inloop.App()
    seen: list[str | None] = []

    @app.process("which_intent")
    async def which_intent(case: inloop.Case) -> None:
        m = menu(["card_arrival", "card_delivery_estimate"], "en")
        choice = await case.choose(list(m.options), prompt=m.prompt, on_none=None)
        seen.append(choice.value)

    async with Harness(app, tmp_path / "test.db") as h:
        case_id = await h.start("which_intent")
        await h.answer(case_id, {"selected": ["card_delivery_estimate"]})
    assert seen == ["card_delivery_estimate"]
