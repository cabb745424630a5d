"""What an LLM's answer may hold: the checks that keep it inside the schema the caller gave.

- :func:`question_problems`: a question a customer may be shown is one plain sentence;
- :func:`first_json_object`: the JSON object in a reply, also when a server wraps it in prose;
- :func:`askable_fields` and :func:`validate_field`: the fields of a pydantic model an LLM may
  fill, and each value checked against its field.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

MAX_QUESTION_CHARS = 200
"""The longest question the LLM may word; a longer one is replaced by the template."""
MAX_FIELD_CHARS = 1000
"""An extracted value whose JSON is longer than this is dropped."""
MAX_REPLY_CHARS = 20000
"""Reply content beyond this many characters is not read."""
_SCALARS = ("string", "integer", "number", "boolean")


_LINK = re.compile(
    r"[a-z][a-z0-9+.-]*://|\bwww\.|\b(?:javascript|data|mailto|tel|file|vbscript):"
    r"|\b[\w-]+\.[a-z]{2,}\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"[<>\[\]{}`*#|\\~_^]|&#?\w+;")
_LONG_NUMBER = re.compile(r"\d(?:[\s-]?\d){5,}")
_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def question_problems(question: object) -> tuple[str, ...]:
    """Why ``question`` may not be shown to a customer (empty when it may): ``not_text``,
    ``empty``, ``too_long`` (over ``MAX_QUESTION_CHARS``), ``multi_paragraph`` (a line break),
    ``control_chars`` (invisible or direction-changing characters), ``link``, ``markup``,
    ``email``, ``long_number`` (six or more digits: phone or account numbers) or
    ``not_a_question`` (no question mark at the end)."""
    if not isinstance(question, str):
        return ("not_text",)
    text = question.strip()
    if not text:
        return ("empty",)
    problems = []
    if len(text) > MAX_QUESTION_CHARS:
        problems.append("too_long")
    if any(c in _BREAKS for c in text):
        problems.append("multi_paragraph")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in text if c not in _BREAKS):
        problems.append("control_chars")
    if _LINK.search(text):
        problems.append("link")
    if _MARKUP.search(text):
        problems.append("markup")
    if "@" in text:
        problems.append("email")
    if _LONG_NUMBER.search(text):
        problems.append("long_number")
    if not text.endswith("?"):
        problems.append("not_a_question")
    return tuple(problems)


def first_json_object(content: str) -> dict[str, Any] | None:
    """The JSON object ``content`` is, or else the first one inside it (servers that ignore
    ``response_format`` wrap it in prose or a code fence); ``None`` when there is none."""
    content = content[:MAX_REPLY_CHARS]
    try:
        value = json.loads(content)
    except (ValueError, RecursionError):
        value = None
    if isinstance(value, dict):
        return value
    decoder = json.JSONDecoder()
    start = content.find("{")
    tries = 0
    while start != -1 and tries < 50:
        tries += 1
        try:
            value, _ = decoder.raw_decode(content, start)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict):
            return value
        start = content.find("{", start + 1)
    return None


def askable_fields(model_cls: type[BaseModel]) -> dict[str, tuple[TypeAdapter[Any], Any]]:
    """Per field of a scalar type: a validator of its type and constraints, and the schema the
    LLM answers with (the type or null, described by title, description, format and enum)."""
    out: dict[str, tuple[TypeAdapter[Any], Any]] = {}
    for name, info in model_cls.model_fields.items():
        try:
            annotated: Any = Annotated[info.annotation, info]
            adapter: TypeAdapter[Any] = TypeAdapter(annotated)
            schema = adapter.json_schema()
        except Exception:  # noqa: S112 - a type pydantic cannot describe alone: not asked
            continue
        scalar = _scalar(schema, schema.get("$defs", {}))
        if scalar is None:
            continue
        described = [info.title or name]
        if info.description:
            described.append(info.description)
        if "format" in scalar:
            described.append(f"format: {scalar['format']}")
        llm_schema: dict[str, Any] = {
            "type": [scalar["type"], "null"],
            "description": "; ".join(described),
        }
        if isinstance(scalar.get("enum"), list):
            llm_schema["enum"] = [*scalar["enum"], None]
        out[name] = (adapter, llm_schema)
    return out


def _scalar(schema: Any, defs: Mapping[str, Any], depth: int = 0) -> dict[str, Any] | None:
    """``schema`` as one scalar JSON Schema (``type``, maybe ``format`` and ``enum``), or
    ``None`` for objects, arrays and unions of different kinds."""
    if not isinstance(schema, Mapping) or depth > 5:
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _scalar(defs.get(ref.removeprefix("#/$defs/")), defs, depth + 1)
    if "anyOf" in schema:
        members = [
            m for m in schema["anyOf"] if not (isinstance(m, Mapping) and m.get("type") == "null")
        ]
        scalars = [s for s in (_scalar(m, defs, depth + 1) for m in members) if s is not None]
        if not scalars or len(scalars) < len(members):
            return None
        return scalars[0] if len(scalars) == 1 else {"type": scalars[0]["type"]}  # Decimal
    out: dict[str, Any] = {}
    if "const" in schema:
        out["enum"] = [schema["const"]]
    elif isinstance(schema.get("enum"), list):
        out["enum"] = list(schema["enum"])
    kind = schema.get("type")
    if kind is None and "enum" in out:
        kinds = {type(v) for v in out["enum"]}
        kind = {str: "string", int: "integer", float: "number", bool: "boolean"}.get(
            kinds.pop() if len(kinds) == 1 else type(None)
        )
    if kind not in _SCALARS:
        return None
    out["type"] = kind
    if isinstance(schema.get("format"), str):
        out["format"] = schema["format"]
    return out


def validate_field(
    model_cls: type[BaseModel], name: str, adapter: TypeAdapter[Any], raw: Any
) -> tuple[bool, Any]:
    """``(True, value in JSON form)`` when ``raw`` is valid for the field, else ``(False,
    None)``. The field's type and constraints must hold; the model's field validators run on
    assignment to an empty instance (a model-level validator that needs the other fields does
    not count against the value)."""
    if len(json.dumps(raw, default=str)) > MAX_FIELD_CHARS:
        return False, None
    try:
        value = adapter.validate_python(raw)
    except ValidationError:
        return False, None
    instance = model_cls.model_construct()
    try:
        model_cls.__pydantic_validator__.validate_assignment(instance, name, raw)
        value = instance.__dict__.get(name, value)
    except ValidationError as exc:
        if any(
            tuple(err["loc"][:1]) == (name,) and err["type"] != "frozen_instance"
            for err in exc.errors()
        ):
            return False, None
    except Exception:  # noqa: S110 - a model validator that needs the fields not given
        pass
    try:
        return True, adapter.dump_python(value, mode="json")
    except Exception:
        return False, None
