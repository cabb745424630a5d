"""Typed, frozen records and status enums shared by storage and everything above it.

Rows stop at the storage boundary: adapters build these records with ``from_row`` helpers of
their own, and nothing above ``storage/`` sees a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class CaseStatus(StrEnum):
    RUNNING = "running"
    """Runnable or being run by a worker."""
    WAITING_CUSTOMER = "waiting_customer"
    """Parked on a customer request (ask, confirm, choose, review, upload)."""
    WAITING_AGENT = "waiting_agent"
    """Parked on an agent task."""
    WAITING_TIMER = "waiting_timer"
    """Parked on ``sleep`` / ``wait_until``."""
    COMPLETED = "completed"
    """The process returned; terminal."""
    FAILED = "failed"
    """The process raised, or its replay diverged from the journal; needs attention; terminal
    until an operator retries it."""
    CANCELLED = "cancelled"
    """Cancelled by an operator or by a wait's ``on_timeout=Cancel``; terminal."""

    @property
    def terminal(self) -> bool:
        return self in (CaseStatus.COMPLETED, CaseStatus.FAILED, CaseStatus.CANCELLED)


OPEN_STATUSES: tuple[CaseStatus, ...] = tuple(s for s in CaseStatus if not s.terminal)
"""The statuses of a case that has not ended."""


class RequestKind(StrEnum):
    ASK = "ask"
    """A typed form for missing details, prefilled with guesses."""
    CONFIRM = "confirm"
    """Accept, decline or change a proposed action."""
    CHOOSE = "choose"
    """One or more of defined options, always with "none of these"."""
    REVIEW = "review"
    """Approve a draft or return it with a comment."""
    UPLOAD = "upload"
    """One or more documents."""


class RequestStatus(StrEnum):
    OPEN = "open"
    """Waiting for an answer."""
    ANSWERED = "answered"
    """Answered (by the customer, or by an agent on the customer's behalf)."""
    EXPIRED = "expired"
    """The deadline passed; its fallback was applied."""
    CANCELLED = "cancelled"
    """The case was cancelled while the request was open."""


class TaskStatus(StrEnum):
    OPEN = "open"
    """Waiting for an agent."""
    COMPLETED = "completed"
    """Completed with an outcome; the process resumed with it."""
    CANCELLED = "cancelled"
    """The case was cancelled while the task was open."""


class TimerKind(StrEnum):
    SLEEP = "sleep"
    """End of ``case.sleep`` / ``case.wait_until``: resumes the case."""
    DEADLINE = "deadline"
    """Deadline of a customer request: applies its ``on_timeout`` fallback."""
    REMINDER = "reminder"
    """Reminder of an open customer request: queues a reminder message."""
    SLA_WARNING = "sla_warning"
    """An agent task is about to pass its due time: its holder or queue get a mail."""
    SLA_BREACH = "sla_breach"
    """An agent task's due time: ``task.sla_breached`` when it is still open."""


class TimerStatus(StrEnum):
    PENDING = "pending"
    FIRED = "fired"
    CANCELLED = "cancelled"


class EntryKind(StrEnum):
    """What a journal entry records."""

    STEP = "step"
    NOW = "now"
    RANDOM = "random"
    UUID = "uuid"
    STAGE = "stage"
    NOTIFY = "notify"
    SLEEP = "sleep"
    REQUEST = "request"
    TASK = "task"


class EntryState(StrEnum):
    DONE = "done"
    """Result recorded; a replay returns it."""
    PENDING = "pending"
    """A wait that has not been resolved yet; a replay parks here."""
    STARTED = "started"
    """An at-most-once step was started but its outcome was never recorded."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Customer:
    """Who the case is for. Contact details stay in the case; they never go into logs."""

    id: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    locale: str = "en"

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("id", "name", "email", "phone", "locale")}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Customer:
        return cls(
            **{k: data.get(k) for k in ("id", "name", "email", "phone")},
            locale=data.get("locale") or "en",
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseRecord:
    id: str
    process: str
    version: str
    status: CaseStatus
    stage: str | None
    input: Any
    customer: Customer
    result: Any
    error: dict[str, Any] | None
    runnable: bool
    lease_token: int
    event_seq: int
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    paused_by: str | None = None
    """The member of staff (user id) who took the case over; ``None``: automation runs."""
    paused_at: datetime | None = None
    """When they took it over."""


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalEntry:
    position: int
    kind: EntryKind
    name: str
    state: EntryState
    result: Any


@dataclass(frozen=True, kw_only=True, slots=True)
class RequestRecord:
    id: str
    case_id: str
    position: int
    kind: RequestKind
    status: RequestStatus
    spec: dict[str, Any]
    """prompt, schema, model reference, prefill, options, draft, limits, translations."""
    deadline: datetime
    on_timeout: dict[str, Any]
    attempts: int
    answer: Any
    answered_by: str | None
    answered_at: datetime | None
    response: dict[str, Any] | None
    created_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True, kw_only=True, slots=True)
class TaskRecord:
    id: str
    case_id: str
    position: int
    queue: str
    reason: str
    priority: int
    status: TaskStatus
    spec: dict[str, Any]
    outcome: Any
    completed_by: str | None
    created_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True, kw_only=True, slots=True)
class TimerRecord:
    id: int
    case_id: str
    kind: TimerKind
    due_at: datetime
    position: int | None
    ref: str | None
    payload: dict[str, Any]
    status: TimerStatus


@dataclass(frozen=True, kw_only=True, slots=True)
class EventRecord:
    id: int
    case_id: str
    seq: int
    type: str
    actor: str
    at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True, kw_only=True, slots=True)
class OutboxRecord:
    id: int
    case_id: str | None
    channel: str
    kind: str
    idempotency_key: str
    payload: dict[str, Any]
    status: str
    attempts: int
    created_at: datetime


class LinkPurpose(StrEnum):
    REQUEST = "request"
    """Opens one customer request (and, once used, the case it belongs to)."""
    STATUS = "status"
    """Opens the case's status page and timeline."""


@dataclass(frozen=True, kw_only=True, slots=True)
class LinkRecord:
    """A secure link. Only the SHA-256 of its token is stored."""

    id: str
    case_id: str
    request_id: str | None
    purpose: LinkPurpose
    channel: str
    expires_at: datetime
    revoked_at: datetime | None
    used_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class ApiKeyRecord:
    """A key of the JSON API. Only the SHA-256 of the key is stored."""

    id: str
    name: str
    scopes: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True, kw_only=True, slots=True)
class IdempotencyRecord:
    """The stored response of a write sent with an ``Idempotency-Key`` (``status_code`` 0 while
    the first request is in progress)."""

    api_key_id: str
    key: str
    method: str
    path: str
    request_hash: str
    status_code: int
    response: Any
    created_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class WebhookRecord:
    """An endpoint that case events are posted to, signed with ``secret``
    (``whsec_<base64>``)."""

    id: str
    url: str
    secret: str
    event_types: tuple[str, ...]
    """The event types sent; empty: every event."""
    created_at: datetime
    disabled_at: datetime | None


@dataclass(frozen=True, kw_only=True, slots=True)
class MailRecord:
    """A mail sent to (``direction`` ``out``) or received from (``in``) a customer. The bodies
    of sent mail are kept only where no SMTP server is configured (the local mailbox)."""

    id: int
    direction: str
    message_id: str
    outbox_id: int | None
    case_id: str | None
    sender: str
    recipient: str
    subject: str
    text_body: str | None
    html_body: str | None
    headers: dict[str, str]
    created_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class UserRecord:
    """A member of staff: an agent, a supervisor or an admin. ``queues`` are the agent queues the
    user belongs to."""

    id: str
    email: str
    name: str
    role: str
    password_hash: str
    disabled_at: datetime | None
    created_at: datetime
    password_changed_at: datetime
    failed_logins: int
    locked_until: datetime | None
    queues: frozenset[str]


@dataclass(frozen=True, kw_only=True, slots=True)
class StaffSessionRecord:
    """A staff login session; only the SHA-256 of its cookie is stored."""

    token_hash: str
    user_id: str
    created_at: datetime
    seen_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True, kw_only=True, slots=True)
class AuditEntry:
    """One entry of the append-only, hash-chained audit log, exactly as stored: ``at`` is the
    stored ISO 8601 UTC text and ``detail`` the stored canonical JSON text, because the hash
    covers those bytes (see :mod:`inloop.humans.audit`)."""

    id: int
    at: str
    actor: str
    action: str
    subject: str | None
    detail: str
    prev_hash: str
    hash: str


@dataclass(frozen=True, kw_only=True, slots=True)
class TaskClaim:
    """An agent task with who works on it: ``assignee`` (a user id) holds it until
    ``lease_until``; after that anyone of its queue may claim it."""

    task: TaskRecord
    assignee: str | None
    claimed_at: datetime | None
    lease_until: datetime | None
    due_at: datetime | None

    def held_by(self, user_id: str, now: datetime) -> bool:
        """Whether ``user_id`` holds a live claim at ``now``."""
        return self.assignee == user_id and self.lease_until is not None and self.lease_until > now

    def holder_at(self, now: datetime) -> str | None:
        """The user holding a live claim at ``now``, if any."""
        if self.assignee is None or self.lease_until is None or self.lease_until <= now:
            return None
        return self.assignee
