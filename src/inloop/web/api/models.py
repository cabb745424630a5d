"""Request and response bodies of the JSON API (they are its OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from inloop.records import CaseStatus, RequestKind

ID_PATTERN = r"^[a-z]+_[0-9A-HJKMNP-TV-Z]{26}$"
"""inloop's ids: a prefix, ``_`` and 26 Crockford base32 characters."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class CustomerIn(_Strict):
    """Who the case is for. Every field is optional; the email address is where links go."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [{"name": "Alex Example", "email": "alex@example.com", "locale": "de"}]
        },
    )

    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(
        default=None, min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$"
    )
    phone: str | None = Field(
        default=None, min_length=3, max_length=40, pattern=r"^\+?[0-9 ()/.-]+$"
    )
    locale: str | None = Field(
        default=None,
        min_length=2,
        max_length=35,
        pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$",
        description="Language of the customer's messages, like `en` or `de-AT`.",
    )


class CreateCase(_Strict):
    """Start a case."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "process": "address_change",
                    "input": {"customer_number": "C-1001"},
                    "customer": {"name": "Alex Example", "email": "alex@example.com"},
                }
            ]
        },
    )

    process: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="The process to start (its current version). Default: the intake process "
        "(`INLOOP_INTAKE_PROCESS`), else the first registered process.",
    )
    input: Any = Field(
        description="The start payload (any JSON; checked against the process's "
        "input model, when it has one)."
    )
    customer: CustomerIn | None = None


class CaseCreated(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "case_01JH0Q3Z8V6Y4N2K7T5R9W1XBC",
                    "status": "running",
                    "stage": "Received",
                    "process": "address_change",
                    "version": "1",
                }
            ]
        },
    )

    id: str
    status: CaseStatus
    stage: str | None
    process: str
    version: str


class CaseView(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "case_01JH0Q3Z8V6Y4N2K7T5R9W1XBC",
                    "status": "waiting_customer",
                    "stage": "Your new address",
                    "process": "address_change",
                    "version": "1",
                    "created_at": "2026-01-05T09:30:00.000000Z",
                    "updated_at": "2026-01-05T09:30:01.000000Z",
                    "closed_at": None,
                }
            ]
        },
    )

    id: str
    status: CaseStatus
    stage: str | None
    process: str
    version: str
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


class OptionOut(_Strict):
    model_config = ConfigDict(extra="forbid")

    value: str
    label: str
    description: str | None = None


class OpenRequest(_Strict):
    """The request the case waits on. Fields that do not apply to its ``kind`` are ``null``."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "req_01JH0Q40AKM3ZC3W6Y2B8D4F6H",
                    "case_id": "case_01JH0Q3Z8V6Y4N2K7T5R9W1XBC",
                    "kind": "choose",
                    "prompt": {"en": "Which card?", "de": "Welche Karte?"},
                    "deadline": "2026-01-12T09:30:01.000000Z",
                    "attempts": 0,
                    "schema": None,
                    "title": None,
                    "fields": None,
                    "prefill": None,
                    "details": None,
                    "options": [
                        {"value": "debit", "label": "Debit card", "description": None},
                        {"value": "credit", "label": "Credit card", "description": None},
                    ],
                    "min": 1,
                    "max": 1,
                    "draft": None,
                    "accept": None,
                    "max_bytes": None,
                    "min_files": None,
                    "max_files": None,
                }
            ]
        },
    )

    id: str
    case_id: str
    kind: RequestKind
    prompt: dict[str, str] | None = Field(description="The question, by language code.")
    deadline: datetime
    attempts: int = Field(description="Invalid answers so far.")
    json_schema: dict[str, Any] | None = Field(
        alias="schema", description="ask: the JSON Schema the answer must fit."
    )
    title: str | None = Field(description="ask: the form's title.")
    fields: list[str] | None = Field(description="ask: the fields to show (null: all).")
    prefill: Any = Field(description="ask: suggested values.")
    details: Any = Field(description="confirm: details of the proposal.")
    options: list[OptionOut] | None = Field(description="choose: the options.")
    min: int | None = Field(description="choose: fewest options to select.")
    max: int | None = Field(description="choose: most options to select.")
    draft: Any = Field(description="review: the draft to approve or return.")
    accept: list[str] | None = Field(description="upload: accepted content types.")
    max_bytes: int | None = Field(description="upload: largest file.")
    min_files: int | None = Field(description="upload: fewest files.")
    max_files: int | None = Field(description="upload: most files.")


class Receipt(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "request_id": "req_01JH0Q40AKM3ZC3W6Y2B8D4F6H",
                    "case_id": "case_01JH0Q3Z8V6Y4N2K7T5R9W1XBC",
                    "status": "accepted",
                    "answered_at": "2026-01-05T09:41:12.000000Z",
                    "duplicate": False,
                }
            ]
        },
    )

    request_id: str
    case_id: str
    status: Literal["accepted"]
    answered_at: str
    duplicate: bool = Field(description="true: this answer was given before; nothing changed.")


class TimelineEntry(_Strict):
    model_config = ConfigDict(extra="forbid")

    at: datetime
    kind: str
    text: str
    actor: Literal["you", "us", "team"]


class Timeline(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "case_id": "case_01JH0Q3Z8V6Y4N2K7T5R9W1XBC",
                    "locale": "en",
                    "entries": [
                        {
                            "at": "2026-01-05T09:30:00.000000Z",
                            "kind": "case.created",
                            "text": "We received your request.",
                            "actor": "you",
                        }
                    ],
                }
            ]
        },
    )

    case_id: str
    locale: Literal["en", "de"]
    entries: list[TimelineEntry]


class FieldError(BaseModel):
    model_config = ConfigDict(extra="allow")

    field: str
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error: a stable ``code``, a message, and the data to act on it."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "code": "request_invalid",
                    "message": "customer.email: String should match pattern '^[^@\\s]+@[^@\\s]+$'",
                    "errors": [
                        {
                            "field": "customer.email",
                            "code": "string_pattern_mismatch",
                            "message": "String should match pattern '^[^@\\s]+@[^@\\s]+$'",
                        }
                    ],
                }
            ]
        },
    )

    code: str
    message: str
    errors: list[FieldError] | None = None
