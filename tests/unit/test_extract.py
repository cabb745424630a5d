"""Extraction of typed fields from realistic English and German texts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from inloop.ai.errors import DataInvalid
from inloop.ai.extract import FIELDS, Span, extract

REF = datetime(2022, 3, 15, 9, 0)  # a Tuesday

EN = (
    "Hi, my name is Jane Doe. Can we move the appointment to next Tuesday at 25 to 7 p.m.? "
    "Otherwise in two weeks. Order #12345 cost £25, please refund it to "
    "GB82 WEST 1234 5698 7654 32. Call me on 020 7946 0958 or mail jane.doe@example.co.uk; "
    "I live at 10 Downing Street, London SW1A 2AA. I am away from 3 to 7 March and next week."
    "\n\nBest regards,\nJane Doe"
)
DE = (
    "Guten Tag, ich möchte den Termin auf nächsten Dienstag um halb acht verschieben, sonst "
    "übermorgen um 15:30 Uhr. Den Betrag von € 1.234,50 bitte auf DE89 3704 0044 0532 0130 00 "
    "überweisen. Bestellnummer A-1234567, Tel. 030 1234567, Hauptstraße 5, 10115 Berlin. "
    "Vom 3. bis 7. März bin ich verreist.\n\nMit freundlichen Grüßen\nAnna Schmidt"
)


def values(text: str, field: str, **kw: Any) -> list[Any]:
    kw.setdefault("reference_time", REF)
    return [s.value for s in extract(text, fields=[field], **kw)[field]]


def check_spans(text: str, found: dict[str, list[Span]]) -> None:
    for spans in found.values():
        for s in spans:
            assert text[s.span[0] : s.span[1]] == s.text
            assert 0.0 < s.confidence <= 1.0


@pytest.mark.parametrize(("text", "locale"), [(EN, "en"), (DE, "de")])
def test_spans_slice_the_input(text: str, locale: str) -> None:
    found = extract(text, locale=locale, reference_time=REF)
    assert list(found) == list(FIELDS)
    check_spans(text, found)
    assert all(found[f] for f in FIELDS if not (locale == "de" and f == "email"))


def test_english_fields() -> None:
    assert values(EN, "date") == ["2022-03-22", "2022-03-29"]
    assert values(EN, "date_period") == [
        {"from": "2022-03-03", "to": "2022-03-07"},
        {"from": "2022-03-21", "to": "2022-03-27"},
    ]
    assert values(EN, "time") == ["18:35"]
    assert values(EN, "amount") == [{"amount": "25.00", "currency": "GBP"}]
    assert values(EN, "email") == ["jane.doe@example.co.uk"]
    assert values(EN, "phone") == ["+442079460958"]
    assert values(EN, "iban") == ["GB82WEST12345698765432"]
    assert values(EN, "postcode") == ["SW1A 2AA"]
    assert values(EN, "order_number") == ["12345"]
    assert set(values(EN, "person_name")) == {"Jane Doe"}


def test_german_fields() -> None:
    kw: dict[str, Any] = {"locale": "de"}
    assert values(DE, "date", **kw) == ["2022-03-22", "2022-03-17"]
    assert values(DE, "date_period", **kw) == [{"from": "2022-03-03", "to": "2022-03-07"}]
    assert values(DE, "time", **kw) == ["07:30", "15:30"]
    assert values(DE, "amount", **kw) == [{"amount": "1234.50", "currency": "EUR"}]
    assert values(DE, "iban", **kw) == ["DE89370400440532013000"]
    assert values(DE, "phone", **kw) == ["+49301234567"]
    assert values(DE, "postcode", **kw) == ["10115"]
    assert values(DE, "order_number", **kw) == ["A-1234567"]
    assert values(DE, "person_name", **kw) == ["Anna Schmidt"]


def test_invalid_look_alikes_are_not_proposed() -> None:
    text = (
        "IBAN DE89 3704 0044 0532 0130 01, mail anna@example or anna@, room 1234, "
        "on 31 February 2022, call 12345."
    )
    found = extract(text, locale="de", reference_time=REF)
    assert found["iban"] == []
    assert found["email"] == []
    assert found["postcode"] == []
    assert found["date"] == []
    assert found["phone"] == []


def test_relative_dates() -> None:
    cases = {
        "tomorrow": "2022-03-16",
        "the day after tomorrow": "2022-03-17",
        "yesterday": "2022-03-14",
        "next Tuesday": "2022-03-22",
        "this Friday": "2022-03-18",
        "last Monday": "2022-03-14",
        "in two weeks": "2022-03-29",
        "in 3 days": "2022-03-18",
        "in one month": "2022-04-15",
        "two days ago": "2022-03-13",
        "21 March 2022": "2022-03-21",
        "March 21st": "2022-03-21",
        "2022-04-01": "2022-04-01",
    }
    for text, iso in cases.items():
        assert values(f"Could we say {text}, please?", "date") == [iso], text
    german = {
        "übermorgen": "2022-03-17",
        "nächsten Dienstag": "2022-03-22",
        "in zwei Wochen": "2022-03-29",
        "am 21.03.2022": "2022-03-21",
        "am 3. April": "2022-04-03",
        "vor drei Tagen": "2022-03-12",
    }
    for text, iso in german.items():
        assert values(f"Passt es {text}?", "date", locale="de") == [iso], text


def test_times() -> None:
    assert values("at 3pm", "time") == ["15:00"]
    assert values("at 9:30 am", "time") == ["09:30"]
    assert values("quarter past 3 pm", "time") == ["15:15"]
    assert values("um 8 Uhr", "time", locale="de") == ["08:00"]
    assert values("halb acht abends", "time", locale="de") == ["19:30"]
    assert values("at 25:99", "time") == []


def test_amounts() -> None:
    assert values("It was 25 EUR.", "amount") == [{"amount": "25.00", "currency": "EUR"}]
    assert values("$1,200.00 please", "amount") == [{"amount": "1200.00", "currency": "USD"}]
    assert values("I paid 49.99 yesterday", "amount") == [{"amount": "49.99", "currency": None}]
    assert values("Es kostet 19,90 Euro", "amount", locale="de") == [
        {"amount": "19.90", "currency": "EUR"}
    ]
    assert values("room 1234 on floor 3", "amount") == []


def test_names() -> None:
    assert values("Dear team, this is Mrs Patel calling.", "person_name") == ["Patel"]
    assert values("Mein Name ist Jürgen Weber.", "person_name", locale="de") == ["Jürgen Weber"]
    conf = extract("Kind regards,\nTom Baker", fields=["person_name"])["person_name"]
    assert [s.value for s in conf] == ["Tom Baker"]
    assert conf[0].confidence < 0.9


def test_order_numbers_and_declared_patterns() -> None:
    assert values("my order number is 123-456", "order_number") == ["123-456"]
    text = "Policy PX/99-12 and claim CLM0001234"
    spans = extract(text, fields=["order_number"], order_patterns=[r"CLM\d{7}"])
    assert [s.value for s in spans["order_number"]] == ["CLM0001234"]


def test_bad_arguments() -> None:
    with pytest.raises(DataInvalid):
        extract("x", fields=["colour"])
    with pytest.raises(DataInvalid):
        extract("x", locale="fr")
