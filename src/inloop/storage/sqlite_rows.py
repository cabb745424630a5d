"""SQLite rows to records: the only place that knows the column order of a SELECT."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from inloop import codec
from inloop.clock import from_text
from inloop.records import (
    CaseRecord,
    CaseStatus,
    Customer,
    EntryKind,
    EntryState,
    EventRecord,
    JournalEntry,
    OutboxRecord,
    RequestKind,
    RequestRecord,
    RequestStatus,
    TaskRecord,
    TaskStatus,
    TimerKind,
    TimerRecord,
    TimerStatus,
)

CASE_COLUMNS = (
    "id, process, version, status, stage, input, customer, result, error, runnable, "
    "lease_token, event_seq, created_at, updated_at, closed_at, paused_by, paused_at"
)
REQUEST_COLUMNS = (
    "id, case_id, position, kind, status, spec, deadline, on_timeout, attempts, answer, "
    "answered_by, answered_at, response, created_at, closed_at"
)
TASK_COLUMNS = (
    "id, case_id, position, queue, reason, priority, status, spec, outcome, completed_by, "
    "created_at, closed_at"
)
_INLOOP_TABLES = {"cases", "journal", "requests", "tasks", "timers", "events", "outbox"}


def opt_json(text: str | None) -> Any:
    return None if text is None else codec.loads(text)


def opt_time(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def case_record(row: Sequence[Any]) -> CaseRecord:
    return CaseRecord(
        id=row[0],
        process=row[1],
        version=row[2],
        status=CaseStatus(row[3]),
        stage=row[4],
        input=codec.loads(row[5]),
        customer=Customer.from_json(codec.loads(row[6])),
        result=opt_json(row[7]),
        error=opt_json(row[8]),
        runnable=bool(row[9]),
        lease_token=row[10],
        event_seq=row[11],
        created_at=from_text(row[12]),
        updated_at=from_text(row[13]),
        closed_at=opt_time(row[14]),
        paused_by=row[15],
        paused_at=opt_time(row[16]),
    )


def request_record(row: Sequence[Any]) -> RequestRecord:
    return RequestRecord(
        id=row[0],
        case_id=row[1],
        position=row[2],
        kind=RequestKind(row[3]),
        status=RequestStatus(row[4]),
        spec=codec.loads(row[5]),
        deadline=from_text(row[6]),
        on_timeout=codec.loads(row[7]),
        attempts=row[8],
        answer=opt_json(row[9]),
        answered_by=row[10],
        answered_at=opt_time(row[11]),
        response=opt_json(row[12]),
        created_at=from_text(row[13]),
        closed_at=opt_time(row[14]),
    )


def task_record(row: Sequence[Any]) -> TaskRecord:
    return TaskRecord(
        id=row[0],
        case_id=row[1],
        position=row[2],
        queue=row[3],
        reason=row[4],
        priority=row[5],
        status=TaskStatus(row[6]),
        spec=codec.loads(row[7]),
        outcome=opt_json(row[8]),
        completed_by=row[9],
        created_at=from_text(row[10]),
        closed_at=opt_time(row[11]),
    )


def journal_entry(row: Sequence[Any]) -> JournalEntry:
    return JournalEntry(
        position=row[0],
        kind=EntryKind(row[1]),
        name=row[2],
        state=EntryState(row[3]),
        result=opt_json(row[4]),
    )


def event_record(r: Sequence[Any]) -> EventRecord:
    return EventRecord(
        id=r[0],
        case_id=r[1],
        seq=r[2],
        type=r[3],
        actor=r[4],
        at=from_text(r[5]),
        payload=codec.loads(r[6]),
    )


def outbox_record(r: Sequence[Any]) -> OutboxRecord:
    return OutboxRecord(
        id=r[0],
        case_id=r[1],
        channel=r[2],
        kind=r[3],
        idempotency_key=r[4],
        payload=codec.loads(r[5]),
        status=r[6],
        attempts=r[7],
        created_at=from_text(r[8]),
    )


def timer_record(r: Sequence[Any]) -> TimerRecord:
    return TimerRecord(
        id=r[0],
        case_id=r[1],
        kind=TimerKind(r[2]),
        due_at=from_text(r[3]),
        position=r[4],
        ref=r[5],
        payload=codec.loads(r[6]),
        status=TimerStatus(r[7]),
    )
