"""The losing side of a race, in the audit log.

An agent acting on a request or task and the customer (or another agent, or a deadline) acting
on it at the same moment get exactly one winner (:mod:`inloop.humans.tasks`). The winner's
attempt is recorded as usual: an agent's in the audit log (``request.answered_for_customer``,
``task.completed``), the customer's as the case event ``request.answered``. The loser's attempt
is written to the audit log here, with the outcome, the reason and who won, so that both
attempts of a race can be found afterwards:

- ``request.answer_refused``: an answer that was not applied, by an agent (actor: the user id)
  or by the customer after an agent answered (actor ``customer:<case id>``). ``outcome`` is
  ``refused`` (the request had closed) or ``duplicate`` (the same answer was already recorded
  by the other side; nothing changed).
- ``task.complete_refused``: a completion of a task that was already completed or cancelled.

Details name people and reasons, never the answers themselves.
"""

from __future__ import annotations

from typing import Any

from inloop.clock import to_text
from inloop.engine.engine import AnswerReceipt, Engine
from inloop.errors import RequestClosed
from inloop.humans.audit import Audit, AuditAction
from inloop.records import RequestRecord, RequestStatus, TaskRecord, TaskStatus


def customer_actor(case_id: str) -> str:
    """The audit actor of a customer: the customer is known to inloop by their case only."""
    return f"customer:{case_id}"


def _winner(by: str | None) -> str | None:
    """Who won, as the log names people: a user id, ``customer`` or ``system``."""
    if by is None:
        return None
    return by.split(":", 1)[1] if by.startswith("agent:") else by


def answer_detail(req: RequestRecord, outcome: str) -> dict[str, Any]:
    """Why an answer to ``req`` (as read after the refusal) was not applied, and who won."""
    by = req.answered_by
    if req.status is RequestStatus.ANSWERED and by == "customer":
        reason = "customer_answered_first"
    elif req.status is RequestStatus.ANSWERED and by is not None and by.startswith("agent:"):
        reason = "agent_answered_first"
    elif req.status is RequestStatus.EXPIRED:
        reason = "expired"
    else:
        reason = "closed"
    detail: dict[str, Any] = {"case_id": req.case_id, "outcome": outcome, "reason": reason}
    if by is not None:
        detail["answered_by"] = _winner(by)
    if req.answered_at is not None:
        detail["answered_at"] = to_text(req.answered_at)
    return detail


def task_detail(task: TaskRecord) -> dict[str, Any]:
    """Why a completion of ``task`` (as read after the refusal) was refused, and who won."""
    by = task.completed_by
    if task.status is TaskStatus.CANCELLED:
        reason = "cancelled"
    elif by is not None and by.startswith("agent:"):
        reason = "agent_completed_first"
    elif by == "customer":
        reason = "customer_answered_first"
    else:
        reason = "closed"
    detail: dict[str, Any] = {"case_id": task.case_id, "outcome": "refused", "reason": reason}
    if by is not None:
        detail["completed_by"] = _winner(by)
    return detail


async def answer_as_customer(
    engine: Engine, request_id: str, data: Any, *, case_id: str
) -> AnswerReceipt:
    """:meth:`Engine.answer` for the customer. When an agent answered first, the customer's
    attempt is audited (``request.answer_refused``, actor ``customer:<case id>``): refused, or
    a duplicate when it was the agent's answer too. Every other outcome is the engine's."""
    try:
        receipt = await engine.answer(request_id, data, case_id=case_id, actor="customer")
    except RequestClosed:
        await _customer_lost(engine, request_id, "refused")
        raise
    if receipt.duplicate:
        await _customer_lost(engine, request_id, "duplicate")
    return receipt


async def _customer_lost(engine: Engine, request_id: str, outcome: str) -> None:
    req = await engine.store.get_request(request_id)
    if req is None or not (req.answered_by or "").startswith("agent:"):
        return  # not a race with an agent: a deadline, or the customer's own repeat
    await Audit(engine.store, engine.clock).record(
        customer_actor(req.case_id),
        AuditAction.ANSWER_REFUSED,
        request_id,
        **answer_detail(req, outcome),
    )
