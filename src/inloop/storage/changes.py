"""Change sets: everything one state transition writes, applied atomically by a store.

The engine decides *what* changes; a store adapter turns a :class:`Changes` value into SQL and
applies it in one transaction (a savepoint inside a group commit). Guards are checked first; when
one fails the store raises :class:`GuardFailed` and nothing of the change set is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from inloop.records import (
    CaseStatus,
    EntryKind,
    EntryState,
    RequestKind,
    RequestStatus,
    TaskStatus,
    TimerKind,
)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


class GuardFailed(Exception):
    """A guard of a change set did not hold (``what`` names it); nothing was written."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@dataclass(frozen=True, kw_only=True, slots=True)
class NewCase:
    id: str
    process: str
    version: str
    stage: str | None
    input: Any
    customer: dict[str, Any]
    start_key: str | None
    at: datetime
    actor: str
    event_payload: dict[str, Any]


@dataclass(frozen=True, kw_only=True, slots=True)
class NewEvent:
    type: str
    actor: str
    payload: dict[str, Any]


@dataclass(frozen=True, kw_only=True, slots=True)
class NewEntry:
    position: int
    kind: EntryKind
    name: str
    state: EntryState
    result: Any = None


@dataclass(frozen=True, kw_only=True, slots=True)
class NewRequest:
    id: str
    position: int
    kind: RequestKind
    spec: dict[str, Any]
    deadline: datetime
    on_timeout: dict[str, Any]


@dataclass(frozen=True, kw_only=True, slots=True)
class RequestUpdate:
    id: str
    expect: RequestStatus | None = RequestStatus.OPEN
    status: RequestStatus | None = None
    answer: Any = UNSET
    answer_hash: str | None = None
    answered_by: str | None = None
    response: dict[str, Any] | None = None
    count_attempt: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class NewTask:
    id: str
    position: int
    queue: str
    reason: str
    priority: int
    spec: dict[str, Any]
    due_at: datetime | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class TaskDue:
    """Guard: the task is still open; with ``due_at``, its new due time."""

    id: str
    due_at: datetime | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class TaskUpdate:
    id: str
    status: TaskStatus
    outcome: Any = None
    completed_by: str | None = None
    expect: TaskStatus = TaskStatus.OPEN


@dataclass(frozen=True, kw_only=True, slots=True)
class NewTimer:
    kind: TimerKind
    due_at: datetime
    position: int | None = None
    ref: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class NewOutbox:
    channel: str
    kind: str
    idempotency_key: str
    payload: dict[str, Any]


@dataclass(kw_only=True, slots=True)
class Changes:
    """One atomic transition of one case."""

    case_id: str
    at: datetime

    # guards
    lease_token: int | None = None
    """The case's lease token must still be this (a worker's run commit)."""
    expect_status: tuple[CaseStatus, ...] | None = None
    """The case's status must be one of these."""
    fire_timer: int | None = None
    """This timer must still be pending; it is marked fired."""
    expect_paused: bool | None = None
    """The case must be taken over by a person (``True``) or run by automation (``False``);
    otherwise :class:`GuardFailed` ``("paused")`` or ``("not_paused")``."""

    # the case row
    status: CaseStatus | None = None
    stage: str | None = UNSET
    runnable: bool | None = None
    result: Any = UNSET
    error: dict[str, Any] | None = UNSET
    closed: bool = False
    release_lease: bool = False
    fence: bool = False
    """Bump the lease token, so that a worker running the case now cannot commit."""
    paused_by: str | None = UNSET
    """A user id: the case is taken over by them from ``at`` on; ``None``: handed back."""

    # rows
    journal: list[NewEntry] = field(default_factory=list)
    resolve: list[tuple[int, Any]] = field(default_factory=list)
    """(position, result): pending or started journal entries that become done."""
    mark_pending: list[int] = field(default_factory=list)
    """Positions of started entries (at-most-once steps) that now wait for an agent."""
    requests: list[NewRequest] = field(default_factory=list)
    request_updates: list[RequestUpdate] = field(default_factory=list)
    tasks: list[NewTask] = field(default_factory=list)
    task_updates: list[TaskUpdate] = field(default_factory=list)
    task_due: list[TaskDue] = field(default_factory=list)
    """Open tasks whose due time changes (and which must still be open)."""
    timers: list[NewTimer] = field(default_factory=list)
    cancel_timers: list[str] = field(default_factory=list)
    """Refs (request ids) whose pending timers are cancelled."""
    cancel_all_timers: bool = False
    cancel_open_requests: bool = False
    cancel_open_tasks: bool = False
    events: list[NewEvent] = field(default_factory=list)
    outbox: list[NewOutbox] = field(default_factory=list)

    def event(self, type: str, actor: str, **payload: Any) -> None:
        self.events.append(NewEvent(type=type, actor=actor, payload=payload))
