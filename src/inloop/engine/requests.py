"""Opening a customer request: its row, deadline and reminder timers, outbox message, event."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, NoReturn

from inloop import codec
from inloop.clock import to_text
from inloop.engine.run import CaseRun
from inloop.engine.waits import (
    BUILTIN_ANSWERS,
    Escalate,
    OnTimeout,
    UseDefault,
    fallback_to_json,
    validate_model_value,
)
from inloop.errors import RequestTimedOut
from inloop.humans.queues import EscalationKind
from inloop.ids import new_id
from inloop.records import CaseStatus, EntryKind, EntryState, RequestKind, TimerKind
from inloop.storage.changes import NewEntry, NewOutbox, NewRequest, NewTimer

Text = str | Mapping[str, str]
"""Customer-facing text: a string, or translations by language code (``{"en": ..., "de": ...}``)."""


def texts(text: Text | None) -> dict[str, str] | None:
    if text is None:
        return None
    if isinstance(text, str):
        return {"en": text}
    return dict(text)


async def wait_for_customer(
    run: CaseRun,
    kind: RequestKind,
    name: str,
    make_spec: Callable[[], dict[str, Any]],
    deadline: timedelta | datetime | None,
    on_timeout: OnTimeout | None,
    reminders: Sequence[timedelta],
) -> Any:
    """The body of the customer waits: the recorded answer on replay, else open the request
    and park."""
    pos, entry = run.enter(EntryKind.REQUEST, name)
    if entry is not None:
        if entry.state is EntryState.DONE:
            return wait_result(run, entry.result, pos, kind.value)
        run.park(CaseStatus.WAITING_CUSTOMER)
    open_request(run, pos, kind, name, make_spec(), deadline, on_timeout, reminders)


def open_request(
    run: CaseRun,
    pos: int,
    kind: RequestKind,
    name: str,
    spec: dict[str, Any],
    deadline: timedelta | datetime | None,
    on_timeout: OnTimeout | None,
    reminders: Sequence[timedelta],
) -> NoReturn:
    settings = run.engine.settings
    now = run.engine.clock.now()
    if deadline is None:
        due = now + settings.default_deadline
    elif isinstance(deadline, timedelta):
        due = now + deadline
    else:
        due = deadline
    if due <= now:
        raise ValueError(f"the deadline of a {kind.value} request must lie in the future")
    fallback = on_timeout or Escalate()
    if isinstance(fallback, Escalate) and fallback.queue is None:
        rule = run.engine.app.escalation(run.process, EscalationKind.DEADLINE_PASSED)
        if rule is not None:
            fallback = Escalate(
                queue=rule.queue,
                reason=fallback.reason if on_timeout is not None else rule.reason(),
                priority=rule.priority if fallback.priority is None else fallback.priority,
            )
    if isinstance(fallback, UseDefault):
        model = BUILTIN_ANSWERS.get(kind) or run.engine.app.resolve_model(spec.get("model"))
        fallback = UseDefault(
            value=validate_model_value(
                model, spec.get("schema"), codec.to_json_value(fallback.value), context=spec
            )
        )
    plan = sorted(reminders)
    if any(r <= timedelta(0) or now + r >= due for r in plan):
        raise ValueError("reminders must fall after the request is sent and before its deadline")
    request_id = new_id("req")
    ch = run.pending
    ch.journal.append(
        NewEntry(position=pos, kind=EntryKind.REQUEST, name=name, state=EntryState.PENDING)
    )
    ch.requests.append(
        NewRequest(
            id=request_id,
            position=pos,
            kind=kind,
            spec=spec,
            deadline=due,
            on_timeout=fallback_to_json(fallback, settings.default_queue),
        )
    )
    ch.timers.append(NewTimer(kind=TimerKind.DEADLINE, due_at=due, position=pos, ref=request_id))
    for n, offset in enumerate(plan, start=1):
        ch.timers.append(
            NewTimer(
                kind=TimerKind.REMINDER,
                due_at=now + offset,
                position=pos,
                ref=request_id,
                payload={"n": n},
            )
        )
    ch.outbox.append(
        NewOutbox(
            channel="customer",
            kind="request",
            idempotency_key=f"{request_id}:sent",
            payload={
                "case_id": run.record.id,
                "request_id": request_id,
                "kind": kind.value,
                "locale": run.record.customer.locale,
                "deadline": to_text(due),
            },
        )
    )
    ch.event(
        "request.sent",
        "system",
        request_id=request_id,
        kind=kind.value,
        position=pos,
        deadline=to_text(due),
        reminders=len(plan),
        prompt=spec.get("prompt"),
    )
    run.park(CaseStatus.WAITING_CUSTOMER)


def wait_result(run: CaseRun, result: Any, pos: int, what: str) -> Any:
    if result.get("outcome") == "timeout":
        raise RequestTimedOut(
            f"nobody answered the {what} at position {pos} before its deadline",
            case_id=run.record.id,
            position=pos,
        )
    return result.get("value")
