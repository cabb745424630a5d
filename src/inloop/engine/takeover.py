"""A person takes a case over, and hands it back to automation.

While a case is taken over (``paused_by`` on the case row, event ``case.taken_over``) the engine
does not move its process on by itself:

- workers do not claim it, even when it is runnable: an answer of the customer, or a task an agent
  completes, is accepted and recorded as always (exactly one answer wins), but the process
  resumes only after the hand-back;
- its sleep, reminder and deadline timers are *deferred*, not lost and not rescheduled: they stay
  pending and fire after the hand-back if they are still due then (a reminder that was overtaken
  by a later one or by the deadline is skipped, as after downtime). SLA timers of agent tasks
  keep running.

A run that was already going when the case was taken over finishes (it commits what it did up
to the point where it parks); the pause applies from the next run on. ``case.handed_back``
clears the pause and wakes the workers: the process continues with whatever was answered, and
the timers that fell due meanwhile fire, each once.

The state is a column of the case row, written with its event in one transaction, so it holds
across restarts and for every worker sharing the database. Who may take over or hand back is
decided above, in :mod:`inloop.humans.casework`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inloop.clock import to_text
from inloop.errors import CaseClosed, CaseNotFound, CaseNotTakenOver, CaseTakenOver
from inloop.records import OPEN_STATUSES, CaseRecord
from inloop.storage import GuardFailed
from inloop.storage.changes import Changes

if TYPE_CHECKING:
    from inloop.engine.engine import Engine


def taken_over_error(record: CaseRecord) -> CaseTakenOver:
    """The error for a case ``record`` that someone has taken over."""
    return CaseTakenOver(
        f"case {record.id!r} is taken over by {record.paused_by}",
        case_id=record.id,
        paused_by=record.paused_by,
        paused_at=to_text(record.paused_at) if record.paused_at is not None else None,
    )


async def _fresh(engine: Engine, case_id: str) -> CaseRecord:
    record = await engine.store.get_case(case_id)
    if record is None:  # pragma: no cover - cases are never deleted while in use
        raise CaseNotFound(f"no case {case_id!r}", case_id=case_id)
    return record


async def take_over(engine: Engine, case_id: str, *, by: str, actor: str) -> CaseRecord:
    """Pause the automation of an open case for the member of staff ``by`` (a user id); writes
    ``case.taken_over``. :class:`CaseTakenOver` when someone has taken it over already,
    :class:`CaseClosed` when it has ended."""
    record = await engine.get_case(case_id)
    if record.paused_by is not None:
        raise taken_over_error(record)
    if record.status.terminal:
        raise CaseClosed(
            f"case {case_id!r} is {record.status.value}",
            case_id=case_id,
            status=record.status.value,
        )
    ch = Changes(
        case_id=case_id,
        at=engine.clock.now(),
        expect_status=OPEN_STATUSES,
        expect_paused=False,
        paused_by=by,
    )
    ch.event("case.taken_over", actor, by=by, status=record.status.value)
    try:
        await engine.store.apply(ch)
    except GuardFailed:
        fresh = await _fresh(engine, case_id)
        if fresh.paused_by is not None:
            raise taken_over_error(fresh) from None
        raise CaseClosed(
            f"case {case_id!r} is {fresh.status.value}",
            case_id=case_id,
            status=fresh.status.value,
        ) from None
    return await _fresh(engine, case_id)


async def hand_back(
    engine: Engine, case_id: str, *, actor: str, expect_by: str | None = None
) -> CaseRecord:
    """Give a taken-over case back to automation; writes ``case.handed_back`` and wakes the
    workers. With ``expect_by``, only when that user holds it (:class:`CaseTakenOver`
    otherwise). :class:`CaseNotTakenOver` when nobody holds it."""
    record = await engine.get_case(case_id)
    if record.paused_by is None:
        raise CaseNotTakenOver(f"case {case_id!r} is not taken over", case_id=case_id)
    if expect_by is not None and record.paused_by != expect_by:
        raise taken_over_error(record)
    now = engine.clock.now()
    ch = Changes(case_id=case_id, at=now, expect_paused=True, paused_by=None)
    paused = (now - record.paused_at).total_seconds() if record.paused_at is not None else 0.0
    ch.event(
        "case.handed_back",
        actor,
        taken_over_by=record.paused_by,
        paused_seconds=round(max(paused, 0.0)),
    )
    try:
        await engine.store.apply(ch)
    except GuardFailed:
        raise CaseNotTakenOver(
            f"case {case_id!r} was handed back meanwhile", case_id=case_id
        ) from None
    fresh = await _fresh(engine, case_id)
    engine.wakeup.set()  # a runnable case, or timers that fell due meanwhile
    engine.notify_changed(case_id, fresh.status, runnable=fresh.runnable)
    return fresh
