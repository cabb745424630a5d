"""What a wait on the customer looks like: fallbacks, answer shapes, validation.

Every customer request has a deadline and an ``on_timeout`` fallback:

- :class:`Escalate` (the default): the request expires and an agent task takes its place; the
  agent's answer (validated like the customer's) resumes the process.
- :class:`UseDefault`: the process resumes with a default answer.
- :class:`Cancel`: the case is cancelled.
- :class:`Raise`: the wait raises :class:`~inloop.errors.RequestTimedOut` inside the process.

Answers are validated **before** anything is stored: ``ask`` against the pydantic model (or, when
the code no longer has it, the stored JSON Schema), the other kinds against their built-in shapes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import jsonschema
import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from inloop.errors import AnswerInvalid, field_errors_from_pydantic
from inloop.humans.queues import Queue, queue_name
from inloop.records import RequestKind

# -- fallbacks --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Escalate:
    """Hand the case to an agent queue when nobody answered in time. ``queue`` ``None``: the
    process's ``Escalation.deadline_passed()`` rule, else the setting ``default_queue``;
    ``priority`` ``None``: the rule's, else the queue's."""

    queue: str | Queue | None = None
    reason: str = "the customer did not answer before the deadline"
    priority: int | None = None


@dataclass(frozen=True, kw_only=True)
class UseDefault:
    """Resume with this answer (validated like a customer's answer when the request is created)."""

    value: Any


@dataclass(frozen=True, kw_only=True)
class Cancel:
    """Cancel the case."""

    reason: str = "the customer did not answer before the deadline"


@dataclass(frozen=True, kw_only=True)
class Raise:
    """Raise ``RequestTimedOut`` inside the process; the process decides."""


OnTimeout = Escalate | UseDefault | Cancel | Raise


def fallback_to_json(fallback: OnTimeout, default_queue: str) -> dict[str, Any]:
    if isinstance(fallback, Escalate):
        return {
            "action": "escalate",
            "queue": queue_name(fallback.queue) if fallback.queue is not None else default_queue,
            "reason": fallback.reason,
            "priority": fallback.priority,
        }
    if isinstance(fallback, UseDefault):
        return {"action": "default", "value": fallback.value}
    if isinstance(fallback, Cancel):
        return {"action": "cancel", "reason": fallback.reason}
    if isinstance(fallback, Raise):
        return {"action": "raise"}
    raise TypeError(f"on_timeout must be Escalate, UseDefault, Cancel or Raise, not {fallback!r}")


# -- answer shapes ----------------------------------------------------------------------------


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Confirmation(_Answer):
    """The customer's answer to ``confirm``; true when the proposal was accepted."""

    decision: Literal["accept", "decline", "change"]
    comment: str | None = Field(default=None, max_length=5000)

    @property
    def accepted(self) -> bool:
        return self.decision == "accept"

    def __bool__(self) -> bool:
        return self.accepted

    @model_validator(mode="after")
    def _comment_for_change(self) -> Confirmation:
        if self.decision == "change" and not (self.comment or "").strip():
            raise ValueError("say what should be changed")
        return self


class Option(BaseModel):
    """One option of ``choose``: a stable value and the label the customer sees."""

    model_config = ConfigDict(frozen=True)

    value: str
    label: str
    description: str | None = None


class Choice(_Answer):
    """The customer's answer to ``choose``."""

    selected: list[str] = Field(default_factory=list)
    none_of_these: bool = False
    comment: str | None = Field(default=None, max_length=5000)

    @property
    def value(self) -> str | None:
        """The single selected value (``None`` for "none of these")."""
        return self.selected[0] if self.selected else None

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Choice:
        spec: Mapping[str, Any] = info.context or {}
        if spec.get("trusted"):  # decoding an answer validated when it was given
            return self
        allowed = [o["value"] for o in spec.get("options", [])]
        if self.none_of_these:
            if self.selected:
                raise ValueError("choose options or 'none of these', not both")
            return self
        unknown = [v for v in self.selected if v not in allowed]
        if unknown:
            raise ValueError(f"not one of the options: {', '.join(unknown)}")
        if len(set(self.selected)) != len(self.selected):
            raise ValueError("an option is chosen twice")
        low, high = spec.get("min", 1), spec.get("max", 1)
        if not low <= len(self.selected) <= high:
            if high == 1:
                raise ValueError("choose one option or 'none of these'")
            raise ValueError(f"choose between {low} and {high} options or 'none of these'")
        return self


class Review(_Answer):
    """The customer's answer to ``review``."""

    approved: bool
    comment: str | None = Field(default=None, max_length=5000)

    def __bool__(self) -> bool:
        return self.approved

    @model_validator(mode="after")
    def _comment_when_returned(self) -> Review:
        if not self.approved and not (self.comment or "").strip():
            raise ValueError("say what should be changed")
        return self


class UploadedFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=3, max_length=255)
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Upload(_Answer):
    """The customer's answer to ``upload``: references to stored files."""

    files: list[UploadedFile]

    @model_validator(mode="after")
    def _limits(self, info: ValidationInfo) -> Upload:
        spec: Mapping[str, Any] = info.context or {}
        if spec.get("trusted"):  # decoding an answer validated when it was given
            return self
        low, high = spec.get("min_files", 1), spec.get("max_files", 10)
        if not low <= len(self.files) <= high:
            raise ValueError(f"upload between {low} and {high} files")
        accept = spec.get("accept") or []
        max_bytes = spec.get("max_bytes")
        for f in self.files:
            if accept and f.content_type not in accept:
                raise ValueError(f"{f.name}: type {f.content_type} is not accepted")
            if max_bytes is not None and f.size > max_bytes:
                raise ValueError(f"{f.name}: larger than {max_bytes} bytes")
        return self


BUILTIN_ANSWERS: dict[RequestKind, type[_Answer]] = {
    RequestKind.CONFIRM: Confirmation,
    RequestKind.CHOOSE: Choice,
    RequestKind.REVIEW: Review,
    RequestKind.UPLOAD: Upload,
}


def normalize_options(options: Sequence[str | Option | Mapping[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for o in options:
        if isinstance(o, str):
            out.append({"value": o, "label": o, "description": None})
        elif isinstance(o, Option):
            out.append(o.model_dump())
        else:
            out.append(Option.model_validate(o).model_dump())
    values = [o["value"] for o in out]
    if not values:
        raise ValueError("choose needs at least one option")
    if len(set(values)) != len(values):
        raise ValueError("option values must be unique")
    return out


# -- validation -------------------------------------------------------------------------------


def validate_model_value(
    model: type[BaseModel] | None,
    schema: Mapping[str, Any] | None,
    data: Any,
    *,
    context: Mapping[str, Any] | None = None,
) -> Any:
    """``data`` as plain JSON after validation, or :class:`AnswerInvalid` with field errors."""
    if model is not None:
        try:
            return model.model_validate(data, context=context).model_dump(mode="json")
        except ValidationError as exc:
            errors = field_errors_from_pydantic(exc.errors())
            raise AnswerInvalid(_summary(errors), errors=errors) from None
    if schema is not None:
        validator = jsonschema.Draft202012Validator(schema)
        found = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if found:
            errors = [_schema_error(e) for e in found]
            raise AnswerInvalid(_summary(errors), errors=errors)
        return data
    return data


_SCHEMA_MESSAGES = {
    "type": "must be of type {value}",
    "minLength": "must have at least {value} characters",
    "maxLength": "must have at most {value} characters",
    "minimum": "must be at least {value}",
    "maximum": "must be at most {value}",
    "exclusiveMinimum": "must be greater than {value}",
    "exclusiveMaximum": "must be less than {value}",
    "pattern": "does not have the expected format",
    "enum": "must be one of the allowed values",
    "const": "has the wrong value",
    "format": "is not a valid {value}",
    "minItems": "must have at least {value} items",
    "maxItems": "must have at most {value} items",
    "additionalProperties": "has fields that are not allowed",
}


def _schema_error(error: jsonschema.ValidationError) -> dict[str, Any]:
    """A JSON Schema error as a field error whose message never quotes the input."""
    path = [str(p) for p in error.absolute_path]
    validator = str(error.validator)
    if validator == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        required: list[Any] = list(error.validator_value)  # type: ignore[arg-type]
        missing = [m for m in required if m not in present]
        path.append(str(missing[0]) if missing else "?")
        return {"field": ".".join(path), "code": "missing", "message": "Field required"}
    template = _SCHEMA_MESSAGES.get(validator, "is not valid")
    return {
        "field": ".".join(path) or "__root__",
        "code": validator,
        "message": template.format(value=error.validator_value),
    }


def _summary(errors: list[dict[str, Any]]) -> str:
    return "the answer is invalid: " + "; ".join(f"{e['field']}: {e['message']}" for e in errors)


def answer_hash(value: Any) -> str:
    """Fingerprint of a validated answer: a repeated identical answer is a duplicate."""
    return hashlib.sha256(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).hexdigest()
