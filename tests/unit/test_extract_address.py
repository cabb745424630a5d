"""Postal addresses in realistic English and German requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from inloop.ai.extract import extract

REF = datetime(2022, 3, 15, 9, 0)


def addresses(text: str, locale: str = "en") -> list[Any]:
    found = extract(text, fields=["postal_address"], locale=locale, reference_time=REF)
    for s in found["postal_address"]:
        assert text[s.span[0] : s.span[1]] == s.text
        assert 0.0 < s.confidence <= 1.0
    return [(s.text, s.value) for s in found["postal_address"]]


def address(street: str, number: str, postcode: str | None, city: str, **kw: Any) -> Any:
    return {
        "street": street,
        "house_number": number,
        "postcode": postcode,
        "city": city,
        "region": kw.get("region"),
        "country": kw.get("country"),
    }


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        (
            "Guten Tag, ich bin umgezogen. Meine neue Anschrift lautet Hauptstraße 5, "
            "10115 Berlin. Bitte ändern Sie das ab dem 1. April.",
            "Hauptstraße 5, 10115 Berlin",
            address("Hauptstraße", "5", "10115", "Berlin", country="DE"),
        ),
        (
            "Bitte schicken Sie die Ersatzkarte an:\nMüllerstr. 12a\n80331 München\n\nDanke!",
            "Müllerstr. 12a\n80331 München",
            address("Müllerstr.", "12a", "80331", "München", country="DE"),
        ),
        (
            "Lieferadresse: Berliner Straße 7 b, 60311 Frankfurt am Main, Deutschland.",
            "Berliner Straße 7 b, 60311 Frankfurt am Main, Deutschland",
            address("Berliner Straße", "7b", "60311", "Frankfurt am Main", country="DE"),
        ),
        (
            "Wir wohnen jetzt in der Karl-Marx-Allee 90, 10243 Berlin.",
            "Karl-Marx-Allee 90, 10243 Berlin",
            address("Karl-Marx-Allee", "90", "10243", "Berlin", country="DE"),
        ),
        (
            "Die Rechnung bitte an Am Markt 3, 04109 Leipzig schicken.",
            "Am Markt 3, 04109 Leipzig",
            address("Am Markt", "3", "04109", "Leipzig", country="DE"),
        ),
    ],
)
def test_german_addresses(text: str, written: str, value: Any) -> None:
    assert addresses(text, "de") == [(written, value)]


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        (
            "Hello, I have moved to 221B Baker Street, London NW1 6XE last week, please update "
            "my details.",
            "221B Baker Street, London NW1 6XE",
            address("Baker Street", "221B", "NW1 6XE", "London", country="GB"),
        ),
        (
            "Ship it to 1600 Amphitheatre Parkway, Mountain View, CA 94043 by Friday.",
            "1600 Amphitheatre Parkway, Mountain View, CA 94043",
            address(
                "Amphitheatre Parkway", "1600", "94043", "Mountain View", region="CA", country="US"
            ),
        ),
        (
            "My new address is\n45 Queen Street\nEdinburgh\nEH2 3NH\nThanks, Ann",
            "45 Queen Street\nEdinburgh\nEH2 3NH",
            address("Queen Street", "45", "EH2 3NH", "Edinburgh", country="GB"),
        ),
        (
            "The card should go to 350 Fifth Avenue, New York, NY 10118, USA.",
            "350 Fifth Avenue, New York, NY 10118, USA",
            address("Fifth Avenue", "350", "10118", "New York", region="NY", country="US"),
        ),
    ],
)
def test_english_addresses(text: str, written: str, value: Any) -> None:
    assert addresses(text) == [(written, value)]


def test_a_town_without_postcode_is_proposed_with_less_confidence() -> None:
    found = extract("Please send it to 12 High St, Oxford.", fields=["postal_address"])
    (span,) = found["postal_address"]
    assert span.value == address("High St", "12", None, "Oxford")
    assert span.confidence < 0.7


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Order 12345 Berlin was never delivered.", "en"),
        ("Bestellung 12345 Berlin kam nie an.", "de"),
        ("Ich habe am 3. März 2022 bezahlt, 10115 Berlin.", "de"),
        ("Room 12, 10115 Berlin, is booked.", "en"),
        ("I paid 25 EUR on 3 May and called 020 7946 0958.", "en"),
        ("Ich habe den Zahlungsweg 2 mal geändert.", "de"),
        ("My order number is 4521 and my postcode is SW1A 1AA.", "en"),
    ],
)
def test_look_alikes_are_not_proposed(text: str, locale: str) -> None:
    assert addresses(text, locale) == []


def test_the_postcode_inside_an_address_is_still_a_postcode() -> None:
    text = "Neue Anschrift: Hauptstraße 5, 10115 Berlin. Tel. 030 1234567"
    found = extract(text, locale="de", reference_time=REF)
    assert [s.value for s in found["postcode"]] == ["10115"]
    assert [s.value for s in found["phone"]] == ["+49301234567"]
    assert [s.value["street"] for s in found["postal_address"]] == ["Hauptstraße"]
