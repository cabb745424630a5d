"""Field types for the things customers are asked for, validated with well-kept libraries.

Use them in the models a process asks with (``case.ask(Model)``); the portal renders them with
the right input (telephone keypad, IBAN without spell checking) and the validation message says
what is wrong.

    class Refund(BaseModel):
        iban: IBAN
        phone: Phone
        address: PostalAddress
"""

from __future__ import annotations

from typing import Annotated

import phonenumbers
from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema
from schwifty import IBAN as _IBAN
from schwifty.exceptions import SchwiftyException

DEFAULT_REGION = "DE"


def N_(message: str) -> str:  # marks a message for translation (the portal translates it)
    return message


def _iban(value: str) -> str:
    try:
        return str(_IBAN(value).compact)
    except SchwiftyException:
        raise ValueError(N_("This is not a valid IBAN (check the digits)")) from None


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValueError(N_("This is not a phone number")) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(N_("This is not a valid phone number"))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


IBAN = Annotated[
    str,
    AfterValidator(_iban),
    WithJsonSchema({"type": "string", "format": "iban", "minLength": 15, "maxLength": 42}),
]
"""An IBAN; spaces allowed on input, stored compact (``DE89370400440532013000``) after its check
digits were verified."""

Phone = Annotated[
    str,
    AfterValidator(_phone),
    WithJsonSchema({"type": "string", "format": "phone", "maxLength": 40}),
]
"""A phone number, national (German by default) or international, stored as E.164
(``+49301234567``)."""


class PostalAddress(BaseModel):
    """A postal address (German and English formats)."""

    street: str = Field(
        min_length=2,
        max_length=200,
        title="Street and number",
        json_schema_extra={"i18n": {"de": {"title": "Straße und Hausnummer"}}},
    )
    postcode: str = Field(
        pattern=r"^[0-9A-Za-z][0-9A-Za-z -]{1,8}[0-9A-Za-z]$",
        title="Postcode",
        json_schema_extra={"i18n": {"de": {"title": "Postleitzahl"}}},
    )
    city: str = Field(
        min_length=1,
        max_length=100,
        title="City",
        json_schema_extra={"i18n": {"de": {"title": "Ort"}}},
    )
    country: str = Field(
        default="DE",
        pattern=r"^[A-Z]{2}$",
        title="Country (two letters)",
        json_schema_extra={"i18n": {"de": {"title": "Land (zwei Buchstaben)"}}},
    )
