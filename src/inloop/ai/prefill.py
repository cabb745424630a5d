"""From the typed spans of :func:`inloop.ai.extract.extract` to the fields of a pydantic model.

    guesses(NewAddress, "I moved to Hauptstraße 5, 10115 Berlin on 1 March", locale="de", ...)
    → {"street": Guess("Hauptstraße 5", 0.85, "extract"), "postcode": Guess("10115", ...), ...}

Which kind of span fills which field, in this order:

1. the field says so: ``Field(json_schema_extra={"extract": "iban"})`` (one of
   :data:`inloop.ai.extract.FIELDS`);
2. its type: a date (``format: date``), a time, an :data:`inloop.types.IBAN`, a
   :data:`inloop.types.Phone`, an email address, an address model (``street``, ``postcode``,
   ``city``);
3. its name: ``iban``, ``email``, ``phone``, ``postcode``, ``order_number``, ``amount``,
   ``name``, ``street``, ``city``, … (see :data:`NAME_KINDS`).

Every value is validated against its field (type, constraints, the model's field validators)
before it is proposed; a value that does not fit is dropped. When the text holds more than one
value of a kind, or several fields take the same kind, the spans go to the fields in text order
and their confidence is halved (the customer is asked to check them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter

from inloop.ai.extract import FIELDS, Span, extract
from inloop.ai.llm_output import validate_field
from inloop.ai.questions import _resolve, schema_of

NAME_KINDS: Mapping[str, str] = {
    "iban": "iban",
    "email": "email",
    "email_address": "email",
    "phone": "phone",
    "phone_number": "phone",
    "telephone": "phone",
    "mobile": "phone",
    "postcode": "postcode",
    "postal_code": "postcode",
    "zip": "postcode",
    "zip_code": "postcode",
    "plz": "postcode",
    "order_number": "order_number",
    "order_id": "order_number",
    "amount": "amount",
    "name": "person_name",
    "full_name": "person_name",
    "person_name": "person_name",
    "customer_name": "person_name",
    "address": "postal_address",
    "postal_address": "postal_address",
    "street": "postal_address.street",
    "city": "postal_address.city",
    "town": "postal_address.city",
    "date": "date",
    "time": "time",
}
"""Field names and the kind of span that fills them; ``postal_address.street`` takes one part
of an address."""

_FORMAT_KINDS = {"date": "date", "time": "time", "iban": "iban", "phone": "phone", "email": "email"}
AMBIGUOUS = 0.5
"""Factor applied to the confidence of a value that had rivals."""


@dataclasses.dataclass(frozen=True)
class Guess:
    """A proposed field value (JSON form), how sure, and where it came from."""

    value: Any
    confidence: float
    source: str = "extract"


def field_kinds(model: type[BaseModel]) -> dict[str, str]:
    """The kind of span (``iban``, ``date``, ``postal_address.city``, …) for each field of
    ``model`` that extraction can fill."""
    schema = schema_of(model)
    properties = schema.get("properties") or {}
    out: dict[str, str] = {}
    for name, raw in properties.items():
        if not isinstance(raw, Mapping):
            continue
        prop = _resolve(raw, schema)
        declared = prop.get("extract")
        if isinstance(declared, str) and declared.split(".", 1)[0] in FIELDS:
            out[name] = declared
            continue
        fmt = prop.get("format")
        if isinstance(fmt, str) and fmt in _FORMAT_KINDS:
            out[name] = _FORMAT_KINDS[fmt]
            continue
        inner = prop.get("properties")
        if isinstance(inner, Mapping) and {"street", "postcode", "city"} <= set(inner):
            out[name] = "postal_address"
            continue
        kind = NAME_KINDS.get(name.lower())
        if kind is not None:
            out[name] = kind
    return out


def guesses(
    model: type[BaseModel],
    text: str,
    *,
    locale: str = "en",
    reference_time: datetime | None = None,
) -> dict[str, Guess]:
    """Validated values for the fields of ``model`` that ``text`` states."""
    kinds = field_kinds(model)
    if not kinds:
        return {}
    wanted = sorted({k.split(".", 1)[0] for k in kinds.values()})
    found = extract(text, fields=wanted, locale=locale, reference_time=reference_time)
    users: dict[str, list[str]] = {}
    for name, kind in kinds.items():
        users.setdefault(kind, []).append(name)
    out: dict[str, Guess] = {}
    for kind, names in users.items():
        spans = found.get(kind.split(".", 1)[0], [])
        distinct = {repr(s.value) for s in spans}
        rivals = len(distinct) > 1 or len(names) > 1
        for i, name in enumerate(names):
            if i >= len(spans):
                break
            span = spans[i] if len(names) > 1 else max(spans, key=lambda s: s.confidence)
            raw = _value_for(model, name, kind, span)
            if raw is None:
                continue
            ok, value = _validated(model, name, raw)
            if ok:
                confidence = span.confidence * (AMBIGUOUS if rivals else 1.0)
                out[name] = Guess(value, round(confidence, 4))
    return out


def _value_for(model: type[BaseModel], name: str, kind: str, span: Span) -> Any:
    value = span.value
    base, _, part = kind.partition(".")
    prop = _resolve(schema_of(model).get("properties", {}).get(name, {}), schema_of(model))
    if base == "amount" and isinstance(value, Mapping):
        if prop.get("type") in ("number", "integer", "string") or "anyOf" in prop:
            return value.get("amount")
        return dict(value)
    if base == "postal_address" and isinstance(value, Mapping):
        street = " ".join(str(v) for v in (value.get("street"), value.get("house_number")) if v)
        if part == "street":
            return street or None
        if part:
            return value.get(part)
        if isinstance(prop.get("properties"), Mapping):
            address = {
                "street": street,
                "postcode": value.get("postcode"),
                "city": value.get("city"),
            }
            if value.get("country"):
                address["country"] = value["country"]
            return {k: v for k, v in address.items() if v}
        parts = [street, " ".join(str(v) for v in (value.get("postcode"), value.get("city")) if v)]
        return ", ".join(p for p in parts if p) or None
    if base == "date_period" and isinstance(value, Mapping) and prop.get("format") == "date":
        return value.get("from")
    return value


def _validated(model: type[BaseModel], name: str, raw: Any) -> tuple[bool, Any]:
    info = model.model_fields[name]
    try:
        annotated: Any = Annotated[info.annotation, info]
        adapter: TypeAdapter[Any] = TypeAdapter(annotated)
    except Exception:
        return False, None
    return validate_field(model, name, adapter, raw)
