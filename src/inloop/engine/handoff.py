"""Agent tasks: the one path that creates them, and the SLA timers that watch them.

Every task — ``case.hand_to_agent``, a deadline or invalid answers escalated, "none of these", an
at-most-once step with an unknown outcome, ``case.escalate_if`` — is added by :func:`add_task`:
its priority defaults to its queue's, its due time comes from the queue's
:class:`~inloop.humans.sla.SLAPolicy`, and with a due time it gets two timer rows (a warning
``warn_before`` it, and the due time itself). ``task.created`` records the cause and the reason.

The SLA timers fire like every timer: once, in the transaction that marks them fired, also after
downtime. When the queue's policy pauses the clock while the agent waits on the customer, a timer
first computes the due time again from the case's events; if the waiting pushed it later, the
task's due time is updated and the timer is set again for the new moment (``task.due_changed``),
so no process runs while a clock is paused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from inloop.clock import to_text
from inloop.humans.queues import Escalation, EscalationKind, field_value, queue_name
from inloop.humans.sla import customer_waits
from inloop.ids import new_id
from inloop.records import TaskStatus, TimerKind, TimerRecord
from inloop.storage import GuardFailed
from inloop.storage.changes import Changes, NewOutbox, NewTask, NewTimer, TaskDue

if TYPE_CHECKING:
    from inloop.engine.engine import Engine
    from inloop.humans.queues import Queue


def add_task(
    engine: Engine,
    ch: Changes,
    *,
    position: int,
    queue: str | Queue | None,
    reason: str,
    priority: int | None,
    spec: dict[str, Any],
    cause: str,
    now: datetime,
    **details: Any,
) -> str:
    """Add an open task to the change set (row, SLA timers, ``task.created``); returns its id.
    ``queue`` ``None`` is the setting ``default_queue``; ``priority`` ``None`` the queue's."""
    name = queue_name(queue) if queue is not None else engine.settings.default_queue
    declared = engine.app.queue_for(name)
    if priority is None:
        priority = declared.priority if declared is not None else 0
    policy = declared.sla if declared is not None else None
    due = policy.due_at(now) if policy is not None else None
    task_id = new_id("task")
    ch.tasks.append(
        NewTask(
            id=task_id,
            position=position,
            queue=name,
            reason=reason,
            priority=priority,
            spec=spec,
            due_at=due,
        )
    )
    if policy is not None and due is not None:
        warn = policy.warn_at(due, now)
        if warn is not None:
            ch.timers.append(_sla_timer(TimerKind.SLA_WARNING, warn, task_id, due))
        ch.timers.append(_sla_timer(TimerKind.SLA_BREACH, due, task_id, due))
    ch.event(
        "task.created",
        "system",
        task_id=task_id,
        queue=name,
        cause=cause,
        reason=reason,
        priority=priority,
        position=position,
        due_at=None if due is None else to_text(due),
        sla=None if policy is None else policy.name,
        **details,
    )
    return task_id


_ESCALATE_IF = (
    EscalationKind.ASKED_FOR_PERSON,
    EscalationKind.LOW_CONFIDENCE,
    EscalationKind.AMOUNT_ABOVE,
    EscalationKind.RISK_ABOVE,
)


def pick_escalation(
    rules: Sequence[Escalation],
    values: BaseModel | Mapping[str, Any] | None,
    *,
    confidence: float | None,
    asked_for_person: bool,
) -> tuple[Escalation, str] | None:
    """The first rule that applies (a customer asking for a person first, then low confidence,
    then amounts and risks, each in declaration order) with its reason; ``None`` if none does."""
    for kind in _ESCALATE_IF:
        for rule in rules:
            if rule.kind is not kind:
                continue
            if kind is EscalationKind.ASKED_FOR_PERSON:
                value: Any = asked_for_person
            elif kind is EscalationKind.LOW_CONFIDENCE:
                value = confidence
            else:
                value = field_value(values, rule.field or "")
            if rule.applies(value):
                return rule, rule.reason(value)
    return None


def _sla_timer(kind: TimerKind, at: datetime, task_id: str, due: datetime) -> NewTimer:
    return NewTimer(kind=kind, due_at=at, ref=task_id, payload={"due_at": to_text(due)})


async def fire_sla_timer(engine: Engine, timer: TimerRecord, now: datetime) -> bool:
    """Fire an SLA warning or breach timer of a task; ``False`` when someone else fired it."""
    spent = Changes(case_id=timer.case_id, at=now, fire_timer=timer.id)
    found = await engine.store.task_desk.get(timer.ref or "")
    if found is None or found.task.status is not TaskStatus.OPEN or found.due_at is None:
        return await _apply(engine, spent)  # the task was done in time
    task = found.task
    declared = engine.app.queue_for(task.queue)
    policy = declared.sla if declared is not None else None
    due = found.due_at
    ch = Changes(case_id=timer.case_id, at=now, fire_timer=timer.id)
    if policy is not None and policy.pause_while_waiting_on_customer:
        waits = customer_waits(await engine.store.list_events(task.case_id), task.id, now)
        fresh = policy.due_at(task.created_at, paused=waits)
        if fresh > due:
            ch.task_due.append(TaskDue(id=task.id, due_at=fresh))
            ch.event(
                "task.due_changed",
                "system",
                task_id=task.id,
                queue=task.queue,
                due_at=to_text(fresh),
                previous=to_text(due),
                waited_seconds=round(sum((b - a for a, b in waits), timedelta(0)).total_seconds()),
            )
            due = fresh
            later = (
                policy.warn_at(due, task.created_at) if timer.kind is TimerKind.SLA_WARNING else due
            )
            if later is not None and later > now:
                ch.timers.append(_sla_timer(timer.kind, later, task.id, due))
                return await _apply(engine, ch)
    ch.task_due.append(TaskDue(id=task.id))  # guard: still open
    if timer.kind is TimerKind.SLA_WARNING:
        recipients = await _recipients(engine, task.queue, found.assignee)
        for user_id in recipients:
            ch.outbox.append(
                NewOutbox(
                    channel="staff",
                    kind="sla_warning",
                    idempotency_key=f"{task.id}:sla_warning:{user_id}",
                    payload={
                        "case_id": task.case_id,
                        "task_id": task.id,
                        "user_id": user_id,
                        "queue": task.queue,
                        "reason": task.reason,
                        "due_at": to_text(due),
                    },
                )
            )
        ch.event(
            "task.sla_warning",
            "system",
            task_id=task.id,
            queue=task.queue,
            due_at=to_text(due),
            notified=recipients,
        )
    else:
        ch.event(
            "task.sla_breached",
            "system",
            task_id=task.id,
            queue=task.queue,
            due_at=to_text(due),
            assignee=found.assignee,
        )
    return await _apply(engine, ch)


async def _recipients(engine: Engine, queue: str, assignee: str | None) -> list[str]:
    """Who hears about a task: its holder, else every active member of its queue."""
    users = [u for u in await engine.store.users.list_users() if u.disabled_at is None]
    if assignee is not None and any(u.id == assignee for u in users):
        return [assignee]
    return sorted(u.id for u in users if queue in u.queues)


def assignment_notice(
    *, case_id: str, task_id: str, queue: str, reason: str, due_at: datetime | None, user_id: str
) -> NewOutbox:
    """The outbox row of the mail that tells ``user_id`` a task was given to them."""
    return NewOutbox(
        channel="staff",
        kind="task_assigned",
        idempotency_key=f"{task_id}:assigned:{new_id('n')}",
        payload={
            "case_id": case_id,
            "task_id": task_id,
            "user_id": user_id,
            "queue": queue,
            "reason": reason,
            "due_at": None if due_at is None else to_text(due_at),
        },
    )


async def _apply(engine: Engine, ch: Changes) -> bool:
    try:
        await engine.store.apply(ch)
    except GuardFailed as exc:
        if exc.what == "timer":
            return False
        try:  # the task or case moved on meanwhile: the timer is spent
            await engine.store.apply(
                Changes(case_id=ch.case_id, at=ch.at, fire_timer=ch.fire_timer)
            )
        except GuardFailed:
            return False
    else:
        if ch.timers:
            engine.wakeup.set()
    return True
