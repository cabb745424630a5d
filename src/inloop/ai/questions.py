"""Targeted questions: ask only for what is missing or unsure, in the customer's language.

    questions(NewAddress, ["iban", "valid_from"], "de")
    → [Question(field="iban", text="Wie lautet Ihre IBAN?"),
       Question(field="valid_from", text="Gültig ab: an welchem Datum?")]

A question comes, in this order, from the field's ``question`` (``json_schema_extra``,
``{"en": ..., "de": ...}`` or one text), from its ``description`` when that is a question
already, or from the field's title and type (a date is asked "on which date", a choice "which
of these applies"). Common field names (``iban``, ``postcode``, ``email``, ...) have German
names and grammatical genders built in, so a model with English field names still reads well in
German.

:func:`menu` builds the options of "which of these did you mean?" from the top intents of a
prediction, :func:`confirm_intro` the sentence of a confirm ("Did we understand correctly: My
card has not arrived yet?").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel

from inloop.ai.errors import DataInvalid
from inloop.ai.labels import Labels, label_text, language

Kind = Literal["text", "date", "datetime", "time", "choice", "yes_no"]
Gender = Literal["f", "m", "n"]

# field name → (English name, German name, German gender)
_GLOSSARY: dict[str, tuple[str, str, Gender]] = {
    "street": ("street", "Straße", "f"),
    "house_number": ("house number", "Hausnummer", "f"),
    "address": ("address", "Adresse", "f"),
    "postal_address": ("postal address", "Postanschrift", "f"),
    "postcode": ("postcode", "Postleitzahl", "f"),
    "postal_code": ("postcode", "Postleitzahl", "f"),
    "zip": ("ZIP code", "Postleitzahl", "f"),
    "zip_code": ("ZIP code", "Postleitzahl", "f"),
    "plz": ("postcode", "Postleitzahl", "f"),
    "city": ("town or city", "Wohnort", "m"),
    "town": ("town", "Wohnort", "m"),
    "country": ("country", "Land", "n"),
    "email": ("email address", "E-Mail-Adresse", "f"),
    "email_address": ("email address", "E-Mail-Adresse", "f"),
    "phone": ("phone number", "Telefonnummer", "f"),
    "phone_number": ("phone number", "Telefonnummer", "f"),
    "telephone": ("phone number", "Telefonnummer", "f"),
    "mobile": ("mobile number", "Handynummer", "f"),
    "iban": ("IBAN", "IBAN", "f"),
    "bic": ("BIC", "BIC", "f"),
    "name": ("name", "Name", "m"),
    "full_name": ("full name", "vollständiger Name", "m"),
    "person_name": ("name", "Name", "m"),
    "first_name": ("first name", "Vorname", "m"),
    "given_name": ("first name", "Vorname", "m"),
    "last_name": ("surname", "Nachname", "m"),
    "surname": ("surname", "Nachname", "m"),
    "family_name": ("surname", "Nachname", "m"),
    "birth_date": ("date of birth", "Geburtsdatum", "n"),
    "date_of_birth": ("date of birth", "Geburtsdatum", "n"),
    "birthday": ("date of birth", "Geburtsdatum", "n"),
    "order_number": ("order number", "Bestellnummer", "f"),
    "order_id": ("order number", "Bestellnummer", "f"),
    "customer_number": ("customer number", "Kundennummer", "f"),
    "customer_id": ("customer number", "Kundennummer", "f"),
    "contract_number": ("contract number", "Vertragsnummer", "f"),
    "invoice_number": ("invoice number", "Rechnungsnummer", "f"),
    "policy_number": ("policy number", "Versicherungsnummer", "f"),
    "card_number": ("card number", "Kartennummer", "f"),
    "account_number": ("account number", "Kontonummer", "f"),
    "amount": ("amount", "Betrag", "m"),
    "reason": ("reason", "Grund", "m"),
    "valid_from": ("valid from", "gültig ab", "n"),
    "move_date": ("moving date", "Umzugsdatum", "n"),
}

# German nouns take the gender of their last part: Post|leitzahl, Kunden|nummer.
_GERMAN_ENDINGS: tuple[tuple[str, Gender], ...] = (
    ("nummer", "f"), ("adresse", "f"), ("zahl", "f"), ("straße", "f"), ("strasse", "f"),
    ("ung", "f"), ("heit", "f"), ("keit", "f"), ("schaft", "f"), ("tion", "f"), ("tät", "f"),
    ("iban", "f"), ("bic", "f"), ("anschrift", "f"), ("art", "f"), ("zeit", "f"),
    ("datum", "n"), ("kennzeichen", "n"), ("land", "n"), ("konto", "n"), ("jahr", "n"),
    ("ziel", "n"), ("ment", "n"), ("chen", "n"),
    ("name", "m"), ("betrag", "m"), ("ort", "m"), ("grund", "m"), ("code", "m"),
    ("wunsch", "m"), ("tag", "m"), ("preis", "m"), ("stand", "m"),
)  # fmt: skip

_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "text": "What is your {name}?",
        "date": "{Name}: on which date?",
        "datetime": "{Name}: on which date and at what time?",
        "time": "{Name}: at what time?",
        "choice": "{Name}: which of these applies?",
        "yes_no": "{Name}?",
        "unknown": "Please tell us: {Name}",
        "menu": "Which of these did you mean?",
        "none": "None of these — I need something else",
        "confirm": "Did we understand correctly: {label}?",
    },
    "de": {
        "text_f": "Wie lautet Ihre {name}?",
        "text_m": "Wie lautet Ihr {name}?",
        "text_n": "Wie lautet Ihr {name}?",
        "date": "{Name}: an welchem Datum?",
        "datetime": "{Name}: an welchem Tag und um wie viel Uhr?",
        "time": "{Name}: um wie viel Uhr?",
        "choice": "{Name}: Was davon trifft zu?",
        "yes_no": "{Name}?",
        "unknown": "Bitte geben Sie an: {Name}",
        "menu": "Welches dieser Anliegen meinen Sie?",
        "none": "Nichts davon \u2013 ich brauche etwas anderes",
        "confirm": "Haben wir Sie richtig verstanden: {label}?",
    },
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Question:
    """One question for one field."""

    field: str
    text: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class Menu:
    """The options of a "which of these did you mean?" choice.

    ``options`` fit ``case.choose(menu.options, prompt=menu.prompt)``; the engine adds its own
    "none of these" option, whose wording is ``none_of_these``.
    """

    prompt: str
    options: tuple[dict[str, str], ...]
    none_of_these: str


def schema_of(model: type[BaseModel] | Mapping[str, Any]) -> Mapping[str, Any]:
    """The JSON Schema of a pydantic model class, or ``model`` itself if it is a schema."""
    if isinstance(model, type) and issubclass(model, BaseModel):
        return model.model_json_schema()
    if isinstance(model, Mapping):
        return model
    raise DataInvalid("expected a pydantic model class or a JSON Schema object")


def _resolve(prop: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """The property with ``$ref`` and ``Optional``'s ``anyOf [..., null]`` looked through."""
    merged = dict(prop)
    seen = 0
    while seen < 10:
        seen += 1
        ref = merged.pop("$ref", None)
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = schema
            for part in ref[2:].split("/"):
                target = target.get(part, {}) if isinstance(target, Mapping) else {}
            # the referenced type's title names the type ("Colour"), not the field
            own = {k: v for k, v in target.items() if k not in ("title", "description")}
            merged = {**own, **merged}
            continue
        for key in ("anyOf", "oneOf", "allOf"):
            options = merged.get(key)
            if isinstance(options, list):
                real = [o for o in options if isinstance(o, Mapping) and o.get("type") != "null"]
                if real:
                    merged.pop(key)
                    merged = {**real[0], **merged}
                    break
        else:
            break
    return merged


def _kind(prop: Mapping[str, Any]) -> Kind:
    fmt = prop.get("format")
    if fmt == "date":
        return "date"
    if fmt == "time":
        return "time"
    if fmt == "date-time":
        return "datetime"
    if "enum" in prop or "const" in prop:
        return "choice"
    if prop.get("type") == "boolean":
        return "yes_no"
    return "text"


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _is_auto_title(title: str, field: str) -> bool:
    """pydantic's own title ("Valid From" for ``valid_from``), not one the author wrote."""
    return title == field.replace("_", " ").title()


def _english_name(title: str) -> str:
    """``Customer number`` → ``customer number``; acronyms stay (``IBAN``, ``ZIP code``)."""
    words = title.split()
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)


def _german_gender(name: str) -> Gender | None:
    """The gender of the first noun with a known ending: ``Name auf der Karte`` is the name's
    (masculine), ``Neue Adresse`` the address's."""
    words = name.split()
    nouns = [w for w in words if w[:1].isupper()] if len(words) > 1 else words
    for word in nouns:
        lowered = word.lower()
        for ending, gender in _GERMAN_ENDINGS:
            if lowered.endswith(ending):
                return gender
    return None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _translated(prop: Mapping[str, Any], lang: str) -> Mapping[str, Any]:
    """The field's texts in ``lang`` (``json_schema_extra={"i18n": {"de": {"title": ...}}}``,
    as the forms read them)."""
    i18n = prop.get("i18n")
    local = i18n.get(lang) if isinstance(i18n, Mapping) else None
    return local if isinstance(local, Mapping) else {}


def _author_question(prop: Mapping[str, Any], lang: str) -> str | None:
    local = _translated(prop, lang)
    for override in (local.get("question"), prop.get("question")):
        if isinstance(override, str) and override.strip():
            return override.strip()
        if isinstance(override, Mapping):
            text = override.get(lang)
            if isinstance(text, str) and text.strip():
                return text.strip()
    for description in (local.get("description"), prop.get("description")):
        if isinstance(description, str) and description.strip().endswith("?"):
            return description.strip()
    return None


def question_text(field: str, prop: Mapping[str, Any], lang: str = "en") -> str:
    """The question for one resolved schema property ``prop`` of ``field``."""
    code = language(lang)
    own = _author_question(prop, code)
    if own:
        return own
    kind = _kind(prop)
    translated = _translated(prop, code).get("title")
    title = translated if isinstance(translated, str) and translated.strip() else prop.get("title")
    auto = not isinstance(title, str) or not title.strip() or _is_auto_title(title, field)
    known = _GLOSSARY.get(_key(field)) if auto else None
    templates = _TEMPLATES[code]
    if code == "en":
        if known:
            name = known[0]
        elif isinstance(title, str) and title.strip():
            name = _english_name(title.strip())
        else:
            name = _english_name(field.replace("_", " "))
        if kind == "text" and name.split()[-1] in ("from", "to", "until", "since"):
            return templates["unknown"].format(Name=_capital(name))
        return templates[kind].format(name=name, Name=_capital(name))
    gender: Gender | None
    if known:
        name, gender = known[1], known[2]
    else:
        name = title.strip() if isinstance(title, str) and title.strip() else field
        name = name.replace("_", " ")
        gender = _german_gender(name)
    if kind == "text":
        if gender is None or name[:1].islower():
            return templates["unknown"].format(Name=_capital(name))
        return templates[f"text_{gender}"].format(name=name)
    return templates[kind].format(Name=_capital(name))


def questions(
    model: type[BaseModel] | Mapping[str, Any], fields: Iterable[str], lang: str = "en"
) -> list[Question]:
    """One question per field of ``fields`` (in that order) of a pydantic model or JSON
    Schema; ``DataInvalid`` for a field the model does not have."""
    schema = schema_of(model)
    properties = schema.get("properties") or {}
    out: list[Question] = []
    for field in fields:
        prop = properties.get(field)
        if not isinstance(prop, Mapping):
            raise DataInvalid(f"the model has no field {field!r}", field=field)
        out.append(Question(field=field, text=question_text(field, _resolve(prop, schema), lang)))
    return out


def fields_to_ask(
    model: type[BaseModel] | Mapping[str, Any],
    confidences: Mapping[str, float | None],
    *,
    threshold: float = 0.8,
    required_only: bool = False,
) -> list[str]:
    """The fields of the model, in schema order, that extraction did not find (absent or
    ``None`` in ``confidences``) or found with a confidence below ``threshold``; with
    ``required_only`` only the required fields are considered."""
    schema = schema_of(model)
    required = set(schema.get("required") or ())
    out = []
    for field in schema.get("properties") or {}:
        if required_only and field not in required:
            continue
        confidence = confidences.get(field)
        if confidence is None or confidence < threshold:
            out.append(field)
    return out


def menu(
    prediction_labels: Sequence[str],
    lang: str = "en",
    *,
    labels: Labels | None = None,
    exclude: Iterable[str] = (),
) -> Menu:
    """The "which of these did you mean?" options for the top intents of a prediction (most
    likely first), each ``{"value": intent, "label": customer-readable text}``; intents in
    ``exclude`` (such as the out-of-scope label) and repeats are left out."""
    code = language(lang)
    skip = set(exclude)
    options: list[dict[str, str]] = []
    seen: set[str] = set()
    for intent in prediction_labels:
        if intent in skip or intent in seen:
            continue
        seen.add(intent)
        options.append({"value": intent, "label": label_text(intent, code, labels)})
    return Menu(
        prompt=_TEMPLATES[code]["menu"],
        options=tuple(options),
        none_of_these=_TEMPLATES[code]["none"],
    )


def confirm_intro(intent: str, lang: str = "en", *, labels: Labels | None = None) -> str:
    """The one line of a confirm: "Did we understand correctly: My card has not arrived
    yet?" / "Haben wir Sie richtig verstanden: Meine Karte ist noch nicht angekommen?"."""
    code = language(lang)
    label = label_text(intent, code, labels).rstrip(" ?.!")
    return _TEMPLATES[code]["confirm"].format(label=label)
