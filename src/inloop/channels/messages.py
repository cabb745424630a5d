"""Validation errors in words a customer understands, in their language.

The engine's field errors carry pydantic's (or JSON Schema's) code and limits; this turns the
common ones into plain sentences. Messages a process author wrote in a validator are passed
through (translated when the catalogue has them).
"""

from __future__ import annotations

from typing import Any

from inloop.channels.i18n import gettext_for


def N_(message: str) -> str:
    return message


_BY_CODE = {
    "missing": N_("Please fill in this field."),
    "string_too_short": N_("Please enter at least {min_length} characters."),
    "minLength": N_("Please enter more characters."),
    "string_too_long": N_("Please enter at most {max_length} characters."),
    "maxLength": N_("Please enter fewer characters."),
    "string_pattern_mismatch": N_("Please check the format of this entry."),
    "pattern": N_("Please check the format of this entry."),
    "greater_than": N_("Please enter a number greater than {gt}."),
    "greater_than_equal": N_("Please enter a number of at least {ge}."),
    "less_than": N_("Please enter a number less than {lt}."),
    "less_than_equal": N_("Please enter a number of at most {le}."),
    "minimum": N_("Please enter a larger number."),
    "maximum": N_("Please enter a smaller number."),
    "float_parsing": N_("Please enter a number, like 12.50."),
    "float_type": N_("Please enter a number, like 12.50."),
    "int_parsing": N_("Please enter a whole number."),
    "int_type": N_("Please enter a whole number."),
    "date_parsing": N_("Please enter a date, like 2026-03-31."),
    "date_from_datetime_parsing": N_("Please enter a date, like 2026-03-31."),
    "date_type": N_("Please enter a date, like 2026-03-31."),
    "bool_parsing": N_("Please answer yes or no."),
    "literal_error": N_("Please choose one of the options."),
    "enum": N_("Please choose one of the options."),
    "type": N_("Please check this entry."),
    "extra_forbidden": N_("This field is not part of the form."),
}


def friendly(error: dict[str, Any], lang: str, hint: str | None = None) -> str:
    """The message for one field error, for the customer."""
    code = str(error.get("code", ""))
    message = str(error.get("message", ""))
    if code == "value_error":
        text = message.removeprefix("Value error, ")
        if "email address" in text:
            return gettext_for(
                lang, N_("Please enter a valid email address, like name@example.com.")
            )
        translated = gettext_for(lang, text)
        return translated[:1].upper() + translated[1:]
    template = _BY_CODE.get(code)
    if template is None:
        return gettext_for(lang, N_("Please check this entry."))
    try:
        text = gettext_for(lang, template, **error.get("limits", {}))
    except (KeyError, IndexError):
        text = gettext_for(lang, N_("Please check this entry."))
    if code in ("string_pattern_mismatch", "pattern") and hint:
        text = f"{text} {hint}"
    return text
