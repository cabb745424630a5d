"""Timers: sleeps that end, reminders that go out, deadlines whose fallback applies.

A timer is a row. Firing marks it fired in the same transaction as its effect, guarded by its
pending status, so each timer fires once even with several workers and after downtime. While a
person has taken the case over, its timers here wait (see :mod:`inloop.engine.takeover`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from inloop.clock import to_text
from inloop.engine.handoff import add_task, fire_sla_timer
from inloop.records import (
    OPEN_STATUSES,
    CaseStatus,
    RequestRecord,
    RequestStatus,
    TimerKind,
    TimerRecord,
)
from inloop.storage import GuardFailed
from inloop.storage.changes import Changes, NewOutbox, RequestUpdate

if TYPE_CHECKING:
    from inloop.engine.engine import Engine


async def fire_timer(
    engine: Engine, timer: TimerRecord, now: datetime, *, superseded: bool = False
) -> bool:
    """Fire one due timer in one transaction; ``False`` when someone else fired it."""
    if timer.kind in (TimerKind.SLA_WARNING, TimerKind.SLA_BREACH):
        return await fire_sla_timer(engine, timer, now)
    # guard: a person took the case over since the timer was read; it waits for the hand-back
    ch = Changes(case_id=timer.case_id, at=now, fire_timer=timer.id, expect_paused=False)
    status: CaseStatus | None = None
    if timer.kind is TimerKind.SLEEP:
        assert timer.position is not None
        ch.expect_status = (CaseStatus.WAITING_TIMER,)
        ch.resolve.append((timer.position, {"slept": True}))
        ch.status, ch.runnable = CaseStatus.RUNNING, True
        ch.event("sleep.ended", "system", position=timer.position)
        status = CaseStatus.RUNNING
    else:
        req = await engine.store.get_request(timer.ref or "")
        stale = (
            timer.kind is TimerKind.REMINDER and (superseded or now >= req.deadline)
            if req
            else True
        )
        if req is None or req.status is not RequestStatus.OPEN or stale:
            # spent: the request was answered, or a later reminder or the deadline is due too
            # (after downtime the customer gets one message, not a burst)
            return await _apply(
                engine, Changes(case_id=timer.case_id, at=now, fire_timer=timer.id), None
            )
        ch.request_updates.append(RequestUpdate(id=req.id))  # guard: still open
        if timer.kind is TimerKind.REMINDER:
            n = timer.payload.get("n", 1)
            ch.outbox.append(
                NewOutbox(
                    channel="customer",
                    kind="reminder",
                    idempotency_key=f"{req.id}:reminder:{n}",
                    payload={
                        "case_id": req.case_id,
                        "request_id": req.id,
                        "kind": req.kind.value,
                        "deadline": to_text(req.deadline),
                        "n": n,
                    },
                )
            )
            ch.event("request.reminded", "system", request_id=req.id, n=n)
        else:
            status = deadline_fallback(engine, ch, req)
    return await _apply(engine, ch, status)


def deadline_fallback(engine: Engine, ch: Changes, req: RequestRecord) -> CaseStatus:
    """Apply a request's ``on_timeout`` fallback to the change set; returns the new status."""
    fallback = req.on_timeout
    action = fallback.get("action", "escalate")
    ch.request_updates[-1] = RequestUpdate(id=req.id, status=RequestStatus.EXPIRED)
    ch.cancel_timers.append(req.id)
    ch.event("request.expired", "system", request_id=req.id, kind=req.kind.value, fallback=action)
    if action != "raise":  # with Raise the process decides what to tell the customer
        ch.outbox.append(
            NewOutbox(
                channel="customer",
                kind="deadline",
                idempotency_key=f"{req.id}:deadline",
                payload={"case_id": req.case_id, "request_id": req.id, "action": action},
            )
        )
    if action == "cancel":
        ch.expect_status = OPEN_STATUSES
        ch.status, ch.runnable, ch.closed, ch.fence = CaseStatus.CANCELLED, False, True, True
        ch.cancel_all_timers = ch.cancel_open_requests = ch.cancel_open_tasks = True
        ch.event("case.cancelled", "system", reason=fallback.get("reason", "deadline passed"))
        return CaseStatus.CANCELLED
    if action == "escalate":
        return escalate_request(
            engine,
            ch,
            req,
            queue=fallback.get("queue") or engine.settings.default_queue,
            reason=fallback.get("reason", "the customer did not answer before the deadline"),
            priority=stored_priority(fallback.get("priority")),
            cause="deadline",
        )
    if action == "default":
        ch.resolve.append((req.position, {"outcome": "default", "value": fallback.get("value")}))
    else:  # raise
        ch.resolve.append((req.position, {"outcome": "timeout"}))
    ch.status, ch.runnable = CaseStatus.RUNNING, True
    return CaseStatus.RUNNING


def escalate_request(
    engine: Engine,
    ch: Changes,
    req: RequestRecord,
    *,
    queue: str,
    reason: str,
    priority: int | None,
    cause: str,
) -> CaseStatus:
    """Add an agent task that answers ``req`` in the customer's place (validated like the
    customer's answer); the case waits for the agent. ``priority`` ``None``: the queue's."""
    add_task(
        engine,
        ch,
        position=req.position,
        queue=queue,
        reason=reason,
        priority=priority,
        spec={"request_id": req.id, "request_kind": req.kind.value, "request_spec": req.spec},
        cause=cause,
        now=ch.at,
        request_id=req.id,
    )
    ch.status = CaseStatus.WAITING_AGENT
    return CaseStatus.WAITING_AGENT


def stored_priority(value: object) -> int | None:
    """A stored priority (``None``: the queue's default)."""
    return None if value is None else int(str(value))


async def _apply(engine: Engine, ch: Changes, status: CaseStatus | None) -> bool:
    try:
        await engine.store.apply(ch)
    except GuardFailed as exc:
        if exc.what == "timer":
            return False  # fired by someone else
        if exc.what == "paused":
            return False  # taken over meanwhile: it stays pending until the hand-back
        # the request was answered or the case moved on meanwhile: the timer is spent
        try:
            await engine.store.apply(
                Changes(case_id=ch.case_id, at=ch.at, fire_timer=ch.fire_timer)
            )
        except GuardFailed:
            return False
        return True
    if status is not None:
        engine.notify_changed(ch.case_id, status, runnable=status is CaseStatus.RUNNING)
    return True
