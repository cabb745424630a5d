"""IBAN, phone and address fields validate with their libraries and render the right inputs."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from inloop.channels.forms import fields_for
from inloop.channels.messages import friendly
from inloop.errors import field_errors_from_pydantic
from inloop.types import IBAN, Phone, PostalAddress


class Contact(BaseModel):
    iban: IBAN
    phone: Phone
    address: PostalAddress


GOOD = {
    "iban": "DE89 3704 0044 0532 0130 00",
    "phone": "030 1234567",
    "address": {"street": "Hauptstraße 5", "postcode": "10115", "city": "Berlin"},
}


def test_valid_values_are_normalised() -> None:
    c = Contact.model_validate(GOOD)
    assert c.iban == "DE89370400440532013000"
    assert c.phone == "+49301234567"
    assert c.address.country == "DE"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("iban", "DE89 3704 0044 0532 0130 01"),
        ("iban", "GB00 0000"),
        ("phone", "12"),
        ("phone", "not a number"),
    ],
)
def test_look_alikes_are_refused_with_a_message(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as info:
        Contact.model_validate({**GOOD, field: value})
    (error,) = field_errors_from_pydantic(info.value.errors())
    assert error["field"] == field
    assert value not in friendly(error, "en")
    assert friendly(error, "de").startswith("Das ist keine")


def test_the_form_uses_the_right_inputs_and_labels() -> None:
    fields = {f.name: f for f in fields_for(Contact.model_json_schema(), lang="de")}
    assert fields["phone"].widget == "tel"
    assert fields["iban"].widget == "text" and fields["iban"].attrs["spellcheck"] == "false"
    address = fields["address"]
    assert address.widget == "group"
    assert [c.label for c in address.children][:3] == [
        "Straße und Hausnummer",
        "Postleitzahl",
        "Ort",
    ]
