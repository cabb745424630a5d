"""Agents working tasks on real SQLite: claims with a lease, release, reassign, complete, and
answering for the customer, each refused with a clear error when not allowed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import BaseModel

import inloop
from inloop import CaseStatus, TaskStatus
from inloop.errors import (
    AccessDenied,
    RequestClosed,
    TaskClaimed,
    TaskClosed,
    TaskNotClaimed,
    TaskNotFound,
)
from inloop.humans.tasks import TaskDesk
from inloop.ids import new_id
from inloop.records import UserRecord
from inloop.testing import Harness


class Decision(BaseModel):
    approve: bool
    note: str


class Iban(BaseModel):
    iban: str


def desk_app() -> inloop.App:
    app = inloop.App()

    @app.process("claim")
    async def claim(case: inloop.Case) -> bool:
        decision = await case.hand_to_agent("claims", reason="amount above limit", outcome=Decision)
        return decision.approve

    @app.process("refund")
    async def refund(case: inloop.Case) -> bool:
        decision = await case.hand_to_agent("refunds", reason="refund check", outcome=Decision)
        return decision.approve

    @app.process("ask")
    async def ask(case: inloop.Case) -> str:
        answer = await case.ask(Iban)
        return answer.iban

    return app


async def make_user(h: Harness, name: str, role: str, queues: tuple[str, ...] = ()) -> UserRecord:
    user = await h.engine.store.users.create(
        id=new_id("user"),
        email=f"{name}@example.com",
        name=name.title(),
        role=role,
        password_hash="not-a-real-hash",
        queues=queues,
        at=h.clock.now(),
    )
    assert user is not None
    return user


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    async with Harness(desk_app(), tmp_path / "desk.db") as harness:
        yield harness


async def open_task_id(h: Harness, case_id: str) -> str:
    task = await h.open_task(case_id)
    assert task is not None
    return task.id


async def test_claim_then_a_second_claim_is_refused_naming_the_holder(h: Harness) -> None:
    ann = await make_user(h, "ann", "agent", ("claims",))
    bob = await make_user(h, "bob", "agent", ("claims",))
    desk = TaskDesk(h.engine)
    case_id = await h.start("claim")
    task_id = await open_task_id(h, case_id)

    claimed = await desk.claim(task_id, ann)
    assert claimed.assignee == ann.id
    assert claimed.lease_until == h.clock.now() + timedelta(minutes=15)
    with pytest.raises(TaskClaimed) as refused:
        await desk.claim(task_id, bob)
    assert "Ann" in refused.value.message
    assert refused.value.code == "task_claimed"
    assert refused.value.data["assignee"] == ann.id
    assert (await desk.get(task_id)).assignee == ann.id  # nothing changed

    again = await desk.claim(task_id, ann)  # the holder claiming again extends the lease
    assert again.assignee == ann.id
    claimed_events = [e for e in await h.events(case_id) if e.type == "task.claimed"]
    assert len(claimed_events) == 1
    event = claimed_events[0]
    assert event.actor == f"agent:{ann.id}"
    assert event.payload["task_id"] == task_id and event.payload["assignee"] == ann.id
    seqs = [e.seq for e in await h.events(case_id)]
    assert seqs == list(range(1, len(seqs) + 1))

    with pytest.raises(TaskNotFound):
        await desk.claim("task_nope", ann)


async def test_an_expired_lease_lets_another_agent_claim(h: Harness) -> None:
    ann = await make_user(h, "ann", "agent", ("claims",))
    bob = await make_user(h, "bob", "agent", ("claims",))
    desk = TaskDesk(h.engine)
    task_id = await open_task_id(h, await h.start("claim"))

    await desk.claim(task_id, ann, lease=timedelta(minutes=5))
    h.clock.advance(minutes=4)
    await desk.renew(task_id, ann, lease=timedelta(minutes=5))  # now until minute 9
    h.clock.advance(minutes=4)
    with pytest.raises(TaskClaimed):
        await desk.claim(task_id, bob)
    h.clock.advance(minutes=1)  # the lease ran out (a crashed browser does not keep it)
    taken = await desk.claim(task_id, bob)
    assert taken.assignee == bob.id
    with pytest.raises(TaskNotClaimed):
        await desk.renew(task_id, ann)
    with pytest.raises(TaskNotClaimed):
        await desk.complete(task_id, {"approve": True, "note": "late"}, ann)


async def test_release_puts_the_task_back(h: Harness) -> None:
    ann = await make_user(h, "ann", "agent", ("claims",))
    bob = await make_user(h, "bob", "agent", ("claims",))
    desk = TaskDesk(h.engine)
    case_id = await h.start("claim")
    task_id = await open_task_id(h, case_id)

    await desk.claim(task_id, ann)
    with pytest.raises(TaskNotClaimed):
        await desk.release(task_id, bob)  # not bob's to release
    released = await desk.release(task_id, ann)
    assert released.assignee is None and released.lease_until is None
    with pytest.raises(TaskNotClaimed):
        await desk.release(task_id, ann)  # released twice
    assert (await desk.claim(task_id, bob)).assignee == bob.id
    events = [e for e in await h.events(case_id) if e.type == "task.released"]
    assert [e.payload["assignee"] for e in events] == [ann.id]
    assert events[0].actor == f"agent:{ann.id}"


async def test_reassign_by_a_supervisor_and_refused_for_an_agent(h: Harness) -> None:
    ann = await make_user(h, "ann", "agent", ("claims",))
    bob = await make_user(h, "bob", "agent", ("claims",))
    cat = await make_user(h, "cat", "agent", ("refunds",))
    sue = await make_user(h, "sue", "supervisor")
    desk = TaskDesk(h.engine)
    case_id = await h.start("claim")
    task_id = await open_task_id(h, case_id)
    await desk.claim(task_id, ann)

    with pytest.raises(AccessDenied):
        await desk.reassign(task_id, bob, by=ann)
    assert (await desk.get(task_id)).assignee == ann.id
    with pytest.raises(AccessDenied) as not_member:
        await desk.reassign(task_id, cat, by=sue)  # cat does not work on "claims"
    assert "claims" in not_member.value.message

    moved = await desk.reassign(task_id, bob, by=sue)
    assert moved.assignee == bob.id
    event = [e for e in await h.events(case_id) if e.type == "task.reassigned"][-1]
    assert event.actor == f"agent:{sue.id}"
    assert event.payload["previous"] == ann.id and event.payload["assignee"] == bob.id
    with pytest.raises(TaskClaimed):
        await desk.claim(task_id, ann)

    # a supervisor may release anyone's claim
    await desk.release(task_id, sue)
    assert (await desk.get(task_id)).assignee is None


async def test_complete_needs_a_live_claim_and_resumes_the_process(h: Harness) -> None:
    ann = await make_user(h, "ann", "agent", ("claims",))
    case_id = await h.start("claim")
    task_id = await open_task_id(h, case_id)
    desk = TaskDesk(h.engine)

    with pytest.raises(TaskNotClaimed) as refused:
        await desk.complete(task_id, {"approve": True, "note": "ok"}, ann)
    assert refused.value.code == "task_not_claimed"
    assert (await h.case(case_id)).status is CaseStatus.WAITING_AGENT

    await desk.claim(task_id, ann)
    done = await desk.complete(task_id, {"approve": True, "note": "ok"}, ann)
    assert done.status is TaskStatus.COMPLETED and done.completed_by == f"agent:{ann.id}"
    await h.run_until_idle()
    case = await h.case(case_id)
    assert case.status is CaseStatus.COMPLETED and case.result is True
    with pytest.raises(TaskClosed):
        await desk.claim(task_id, ann)


async def test_a_supervisor_completes_without_a_claim(h: Harness) -> None:
    sue = await make_user(h, "sue", "supervisor")
    case_id = await h.start("claim")
    task_id = await open_task_id(h, case_id)
    await TaskDesk(h.engine).complete(task_id, {"approve": False, "note": "no"}, sue)
    await h.run_until_idle()
    assert (await h.case(case_id)).result is False


async def test_an_agent_of_queue_a_cannot_touch_a_task_of_queue_b(h: Harness) -> None:
    ann = await make_user(h, "ann", "agent", ("claims",))
    desk = TaskDesk(h.engine)
    case_id = await h.start("refund")
    task_id = await open_task_id(h, case_id)
    with pytest.raises(AccessDenied):
        await desk.claim(task_id, ann)
    with pytest.raises(AccessDenied):
        await desk.complete(task_id, {"approve": True, "note": "x"}, ann)
    assert (await desk.get(task_id)).assignee is None
    assert "task.claimed" not in await h.event_types(case_id)


async def test_answer_for_the_customer(h: Harness) -> None:
    ann = await make_user(h, "ann", "agent", ("claims",))
    sue = await make_user(h, "sue", "supervisor")
    desk = TaskDesk(h.engine)
    case_id = await h.start("ask")
    request = await h.open_request(case_id)
    assert request is not None
    with pytest.raises(AccessDenied):  # no open task: supervisors and admins only
        await desk.answer_for_customer(request.id, {"iban": "DE1"}, ann)
    receipt = await desk.answer_for_customer(request.id, {"iban": "DE1"}, sue)
    assert not receipt.duplicate
    with pytest.raises(RequestClosed):
        await h.engine.answer(request.id, {"iban": "DE2"}, actor="customer")
    await h.run_until_idle()
    assert (await h.case(case_id)).result == "DE1"
    answered = [e for e in await h.events(case_id) if e.type == "request.answered"]
    assert [e.actor for e in answered] == [f"agent:{sue.id}"]
