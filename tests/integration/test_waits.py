"""Deadlines, reminders, fallbacks, sleeps, agent tasks and timers across restarts."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import BaseModel

import inloop
from inloop import CaseStatus, RequestStatus, TaskStatus
from inloop.errors import (
    AnswerInvalid,
    OutcomeInvalid,
    RequestTimedOut,
    StepFailed,
    TaskClosed,
    TaskNotFound,
)
from inloop.testing import FakeClock, Harness


class Iban(BaseModel):
    iban: str


class Decision(BaseModel):
    approve: bool
    note: str


def waiting_app(on_timeout: object) -> inloop.App:
    app = inloop.App()

    @app.process("refund")
    async def refund(case: inloop.Case) -> object:
        try:
            answer = await case.ask(
                Iban,
                deadline=timedelta(days=3),
                reminders=[timedelta(days=1), timedelta(days=2)],
                on_timeout=on_timeout,  # type: ignore[arg-type]
            )
        except RequestTimedOut as exc:
            return {"timed_out_at": exc.data["position"]}
        return answer.iban

    return app


async def test_reminders_fire_in_order_then_the_deadline_escalates(tmp_path: Path) -> None:
    async with Harness(waiting_app(inloop.Escalate(queue="refunds")), tmp_path / "d.db") as h:
        case_id = await h.start("refund")
        await h.advance(hours=23)
        assert "request.reminded" not in await h.event_types(case_id)
        await h.advance(hours=1)
        await h.advance(days=1)
        reminded = [e.payload["n"] for e in await h.events(case_id) if e.type == "request.reminded"]
        assert reminded == [1, 2]
        outbox = await h.engine.store.list_outbox(case_id=case_id)
        assert [o.kind for o in outbox] == ["request", "reminder", "reminder"]
        assert len({o.idempotency_key for o in outbox}) == 3
        await h.advance(days=1)
        case = await h.case(case_id)
        assert case.status is CaseStatus.WAITING_AGENT
        requests = await h.engine.store.list_requests(case_id=case_id)
        assert [r.status for r in requests] == [RequestStatus.EXPIRED]
        task = await h.open_task(case_id)
        assert task is not None and task.queue == "refunds"
        assert "did not answer" in task.reason
        # the agent answers in the customer's place, validated against the same schema
        with pytest.raises(OutcomeInvalid) as bad:
            await h.engine.complete_task(task.id, {"iban": 42}, actor="agent:ann")
        assert bad.value.data["errors"][0]["field"] == "iban"
        await h.complete_task(case_id, {"iban": "DE89370400440532013000"}, actor="agent:ann")
        case = await h.case(case_id)
        assert case.status is CaseStatus.COMPLETED and case.result == "DE89370400440532013000"
        types = await h.event_types(case_id)
        assert types.count("request.expired") == 1 and types.count("task.completed") == 1


async def test_answer_before_the_deadline_cancels_its_timers(tmp_path: Path) -> None:
    async with Harness(waiting_app(inloop.Escalate()), tmp_path / "d.db") as h:
        case_id = await h.start("refund")
        await h.answer(case_id, {"iban": "DE1"})
        await h.advance(days=10)
        types = await h.event_types(case_id)
        assert "request.reminded" not in types and "request.expired" not in types
        assert await h.engine.store.next_timer_due() is None


async def test_deadline_with_a_default_answer(tmp_path: Path) -> None:
    async with Harness(
        waiting_app(inloop.UseDefault(value={"iban": "none"})), tmp_path / "d.db"
    ) as h:
        case_id = await h.start("refund")
        await h.advance(days=3)
        case = await h.case(case_id)
        assert case.status is CaseStatus.COMPLETED and case.result == "none"


async def test_a_default_answer_is_validated_when_the_request_is_made(tmp_path: Path) -> None:
    async with Harness(waiting_app(inloop.UseDefault(value={"wrong": 1})), tmp_path / "d.db") as h:
        case_id = await h.start("refund")
        case = await h.case(case_id)
        assert case.status is CaseStatus.FAILED
        assert case.error is not None and case.error["code"] == "answer_invalid"


async def test_deadline_that_cancels_the_case(tmp_path: Path) -> None:
    async with Harness(waiting_app(inloop.Cancel(reason="no reply")), tmp_path / "d.db") as h:
        case_id = await h.start("refund")
        await h.advance(days=3)
        case = await h.case(case_id)
        assert case.status is CaseStatus.CANCELLED
        events = await h.events(case_id)
        assert events[-1].type == "case.cancelled" and events[-1].payload["reason"] == "no reply"


async def test_deadline_that_raises_inside_the_process(tmp_path: Path) -> None:
    async with Harness(waiting_app(inloop.Raise()), tmp_path / "d.db") as h:
        case_id = await h.start("refund")
        await h.advance(days=3)
        case = await h.case(case_id)
        assert case.status is CaseStatus.COMPLETED and case.result == {"timed_out_at": 0}


async def test_timers_due_during_downtime_fire_exactly_once_after_restart(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    clock = FakeClock()
    app = waiting_app(inloop.Escalate())
    sleeper = inloop.App()

    @sleeper.process("nap")
    async def nap(case: inloop.Case) -> str:
        await case.sleep(timedelta(hours=5))
        return "rested"

    async with Harness(app, db, clock=clock) as h:
        refund_id = await h.start("refund")
    async with Harness(sleeper, db, clock=clock) as h:
        nap_id = await h.start("nap")
    clock.advance(days=30)  # everything falls due while nothing runs
    merged = inloop.App()
    merged.process("refund")(app.get("refund").fn)
    merged.process("nap")(sleeper.get("nap").fn)
    async with Harness(merged, db, clock=clock) as h:
        await h.run_until_idle()
        await h.run_until_idle()
    async with Harness(merged, db, clock=clock) as h:  # and another restart: nothing fires again
        await h.advance(days=1)
        types = await h.event_types(refund_id)
        # the reminders are spent without a message: the deadline passed during the downtime
        assert types.count("request.reminded") == 0
        assert types.count("request.expired") == 1
        assert types.count("task.created") == 1
        assert (await h.case(nap_id)).status is CaseStatus.COMPLETED
        assert (await h.event_types(nap_id)).count("sleep.ended") == 1


async def test_two_engines_firing_the_same_timers_fire_each_once(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    clock = FakeClock()
    app = waiting_app(inloop.Escalate())
    async with Harness(app, db, clock=clock) as a, Harness(app, db, clock=clock) as b:
        ids = [await a.start("refund", run=False) for _ in range(30)]
        await a.run_until_idle()
        clock.advance(days=4)
        fired = await asyncio.gather(a.engine.fire_due_timers(), b.engine.fire_due_timers())
        assert sum(fired) == 30 * 3  # two reminders and a deadline each
        for case_id in ids:
            types = await a.event_types(case_id)
            assert types.count("request.expired") == 1
            assert types.count("task.created") == 1


async def test_after_downtime_only_the_latest_reminder_goes_out(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    clock = FakeClock()
    app = waiting_app(inloop.Escalate())
    async with Harness(app, db, clock=clock) as h:
        case_id = await h.start("refund")
    clock.advance(hours=60)  # both reminders (day 1, day 2) fell due; the deadline (day 3) not
    async with Harness(app, db, clock=clock) as h:
        await h.run_until_idle()
        reminded = [e.payload["n"] for e in await h.events(case_id) if e.type == "request.reminded"]
        assert reminded == [2]
        outbox = [o.kind for o in await h.engine.store.list_outbox(case_id=case_id)]
        assert outbox == ["request", "reminder"]
        assert (await h.case(case_id)).status is CaseStatus.WAITING_CUSTOMER


async def test_hand_to_agent_with_a_typed_outcome(tmp_path: Path) -> None:
    app = inloop.App()

    @app.process("claim", stages=["Received", "Assessment", "Done"])
    async def claim(case: inloop.Case) -> bool:
        case.set_stage("Assessment")
        decision = await case.hand_to_agent(
            "claims", reason="amount above 1,000 EUR", outcome=Decision, priority=5
        )
        assert isinstance(decision, Decision)
        case.set_stage("Done")
        return decision.approve

    async with Harness(app, tmp_path / "d.db") as h:
        case_id = await h.start("claim")
        case = await h.case(case_id)
        assert case.status is CaseStatus.WAITING_AGENT
        task = await h.open_task(case_id)
        assert task is not None and task.priority == 5 and task.queue == "claims"
        assert task.spec["schema"]["required"] == ["approve", "note"]
        with pytest.raises(OutcomeInvalid) as bad:
            await h.engine.complete_task(task.id, {"approve": "maybe"}, actor="agent:bo")
        assert {e["field"] for e in bad.value.data["errors"]} == {"approve", "note"}
        assert (await h.open_task(case_id)) is not None
        done = await h.complete_task(case_id, {"approve": True, "note": "ok"}, actor="agent:bo")
        assert done.status is TaskStatus.COMPLETED and done.completed_by == "agent:bo"
        assert (await h.case(case_id)).result is True
        with pytest.raises(TaskClosed) as closed:
            await h.engine.complete_task(task.id, {"approve": False, "note": "x"}, actor="agent:cy")
        assert closed.value.data["completed_by"] == "agent:bo"
        with pytest.raises(TaskNotFound):
            await h.engine.complete_task("task_nope", None, actor="agent:bo")


async def test_request_kinds_validate_their_answers(tmp_path: Path) -> None:
    app = inloop.App()

    @app.process("kinds")
    async def kinds(case: inloop.Case) -> dict[str, object]:
        ok = await case.confirm("Block card ending 1234?")
        choice = await case.choose(
            [inloop.Option(value="refund", label="Refund"), "replace"], prompt="What now?"
        )
        many = await case.choose(["a", "b", "c"], multiple=True, max=2)
        review = await case.review({"letter": "Dear customer"})
        files = await case.upload(accept=["application/pdf"], max_bytes=1000, max_files=1)
        return {
            "confirmed": bool(ok),
            "choice": choice.value,
            "many": many.selected,
            "approved": review.approved,
            "file": files.files[0].name,
        }

    async with Harness(app, tmp_path / "d.db") as h:
        cid = await h.start("kinds")
        bad = await h.answer_invalid(cid, {"decision": "maybe"})
        assert bad.data["errors"][0]["field"] == "decision"
        await h.answer_invalid(cid, {"decision": "change"})  # a change needs a comment
        await h.answer(cid, {"decision": "accept"})
        await h.answer_invalid(cid, {"selected": ["cancel"]})
        await h.answer_invalid(cid, {"selected": ["refund", "replace"]})
        await h.answer_invalid(cid, {"selected": ["refund"], "none_of_these": True})
        await h.answer(cid, {"selected": ["replace"]})
        await h.answer_invalid(cid, {"selected": ["a", "b", "c"]})
        await h.answer(cid, {"selected": ["a", "c"]})
        await h.answer_invalid(cid, {"approved": False})  # returning a draft needs a comment
        await h.answer(cid, {"approved": True})
        pdf = {
            "id": "f1",
            "name": "id.pdf",
            "content_type": "application/pdf",
            "size": 900,
            "sha256": "a" * 64,
        }
        await h.answer_invalid(cid, {"files": [{**pdf, "content_type": "image/png"}]})
        await h.answer_invalid(cid, {"files": [{**pdf, "size": 5000}]})
        await h.answer_invalid(cid, {"files": [pdf, {**pdf, "id": "f2"}]})
        await h.answer(cid, {"files": [pdf]})
        case = await h.case(cid)
        assert case.status is CaseStatus.COMPLETED
        assert case.result == {
            "confirmed": True,
            "choice": "replace",
            "many": ["a", "c"],
            "approved": True,
            "file": "id.pdf",
        }


async def test_none_of_these_is_always_possible(tmp_path: Path) -> None:
    app = inloop.App()

    @app.process("menu")
    async def menu(case: inloop.Case) -> str:
        choice = await case.choose(["lost_card", "stolen_card"], on_none=None)
        if choice.none_of_these:
            return await case.hand_to_agent("cards", reason="none of the offered intents fit")
        return str(choice.value)

    async with Harness(app, tmp_path / "d.db") as h:
        cid = await h.start("menu")
        await h.answer(cid, {"none_of_these": True, "comment": "my card was swallowed"})
        assert (await h.case(cid)).status is CaseStatus.WAITING_AGENT
        await h.complete_task(cid, "swallowed_card")
        assert (await h.case(cid)).result == "swallowed_card"


async def test_step_failure_retries_then_raises_into_the_process(tmp_path: Path) -> None:
    attempts: Counter[str] = Counter()
    app = inloop.App()

    async def flaky() -> str:
        attempts["flaky"] += 1
        if attempts["flaky"] < 3:
            raise ConnectionError("CRM unreachable")
        return "ok"

    async def broken() -> str:
        attempts["broken"] += 1
        raise ValueError("bad data")

    @app.process("p")
    async def p(case: inloop.Case) -> dict[str, str]:
        first = await case.step(flaky, retries=2, retry_delay=0.001)
        try:
            await case.step(broken, retries=1, retry_delay=0.001)
        except StepFailed as exc:
            return {"first": first, "second": exc.data["error_type"]}
        return {"first": first, "second": "?"}

    async with Harness(app, tmp_path / "d.db") as h:
        cid = await h.start("p")
        case = await h.case(cid)
        assert case.result == {"first": "ok", "second": "ValueError"}
        assert attempts == {"flaky": 3, "broken": 2}
        events = await h.events(cid)
        failed = [e for e in events if e.type == "step.failed"]
        assert failed[0].payload["attempts"] == 2 and failed[0].payload["message"] == "bad data"


async def test_an_uncaught_error_fails_the_case_visibly(tmp_path: Path) -> None:
    app = inloop.App()

    @app.process("p")
    async def p(case: inloop.Case) -> None:
        raise KeyError("customer_id")

    async with Harness(app, tmp_path / "d.db") as h:
        cid = await h.start("p")
        case = await h.case(cid)
        assert case.status is CaseStatus.FAILED
        assert case.error is not None and case.error["type"] == "KeyError"
        assert "customer_id" in case.error["traceback"]


async def test_concurrent_use_of_a_case_fails_clearly(tmp_path: Path) -> None:
    app = inloop.App()

    async def slow() -> int:
        await asyncio.sleep(0.01)
        return 1

    @app.process("p")
    async def p(case: inloop.Case) -> None:
        await asyncio.gather(case.step(slow), case.step(slow))

    async with Harness(app, tmp_path / "d.db") as h:
        cid = await h.start("p")
        case = await h.case(cid)
        assert case.status is CaseStatus.FAILED
        assert case.error is not None and case.error["code"] == "concurrent_case_use"


async def test_at_most_once_step_with_unknown_outcome_goes_to_an_agent(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    clock = FakeClock()
    ran: Counter[str] = Counter()
    started = asyncio.Event()
    app = inloop.App()

    async def transfer(amount: int) -> str:
        ran["transfer"] += 1
        started.set()
        await asyncio.sleep(3600)  # the worker dies while the bank is being called
        return "tx-1"

    @app.process("payout")
    async def payout(case: inloop.Case) -> str:
        return await case.step(transfer, 100, at_most_once=True)

    async with Harness(app, db, clock=clock) as h:
        cid = await h.start("payout", run=False)
        run = asyncio.create_task(h.run_until_idle())
        await started.wait()
        run.cancel()  # a crash: the step's outcome is never recorded
        with pytest.raises(asyncio.CancelledError):
            await run
    clock.advance(minutes=5)  # the dead worker's lease runs out
    async with Harness(app, db, clock=clock) as h:
        await h.run_until_idle()
        case = await h.case(cid)
        assert case.status is CaseStatus.WAITING_AGENT
        task = await h.open_task(cid)
        assert task is not None and "unknown" in task.reason
        assert ran["transfer"] == 1  # not run a second time
        assert task.spec["schema"] == {"type": "string"}
        with pytest.raises(OutcomeInvalid):  # the step returns a str
            await h.engine.complete_task(task.id, {"not": "a string"}, actor="agent:ann")
        await h.complete_task(cid, "tx-1-confirmed-by-bank")
        assert (await h.case(cid)).result == "tx-1-confirmed-by-bank"
        assert ran["transfer"] == 1


async def test_cancel_fences_out_a_running_worker(tmp_path: Path) -> None:
    app = inloop.App()
    gate = asyncio.Event()
    effects: Counter[str] = Counter()

    async def wait_for_gate() -> None:
        await gate.wait()

    async def effect() -> None:
        effects["after"] += 1

    @app.process("p")
    async def p(case: inloop.Case) -> None:
        await case.step(wait_for_gate)
        await case.step(effect)

    async with Harness(app, tmp_path / "d.db") as h:
        cid = await h.start("p", run=False)
        run = asyncio.create_task(h.run_until_idle())
        await asyncio.sleep(0.05)
        await h.engine.cancel(cid, reason="customer withdrew", actor="agent:ann")
        gate.set()
        await run
        case = await h.case(cid)
        assert case.status is CaseStatus.CANCELLED
        assert effects["after"] == 0  # the checkpoint before the next step was refused
        assert (await h.event_types(cid))[-1] == "case.cancelled"


async def test_invalid_request_arguments_fail_the_case_with_a_clear_error(tmp_path: Path) -> None:
    app = inloop.App()

    @app.process("p")
    async def p(case: inloop.Case) -> None:
        await case.ask(Iban, deadline=timedelta(days=1), reminders=[timedelta(days=2)])

    async with Harness(app, tmp_path / "d.db") as h:
        cid = await h.start("p")
        case = await h.case(cid)
        assert case.status is CaseStatus.FAILED
        assert case.error is not None and "reminders" in case.error["message"]


def test_process_registration_rejects_bad_declarations() -> None:
    app = inloop.App()
    with pytest.raises(ValueError):
        app.process("x", stages=["A", "A"])
    with pytest.raises(ValueError):
        app.process("bad name!")
    with pytest.raises(ValueError):
        app.process("x", version="1@2")

    @app.process("x")
    async def x(case: inloop.Case) -> None: ...

    with pytest.raises(ValueError, match="registered already"):
        app.process("x")(x.fn)


async def test_set_stage_rejects_undeclared_stages(tmp_path: Path) -> None:
    app = inloop.App()

    @app.process("p", stages=["Received", "Done"])
    async def p(case: inloop.Case) -> None:
        case.set_stage("Shipped")

    async with Harness(app, tmp_path / "d.db") as h:
        cid = await h.start("p")
        case = await h.case(cid)
        assert case.status is CaseStatus.FAILED and case.stage == "Received"
        assert case.error is not None and case.error["code"] == "invalid_stage"
        assert "Received, Done" in case.error["message"]


async def test_answer_invalid_has_field_errors_without_values(tmp_path: Path) -> None:
    async with Harness(waiting_app(inloop.Escalate()), tmp_path / "d.db") as h:
        cid = await h.start("refund")
        with pytest.raises(AnswerInvalid) as exc:
            req = await h.open_request(cid)
            assert req is not None
            await h.engine.answer(req.id, {"iban": ["SECRET-123"]})
        assert "SECRET-123" not in str(exc.value.to_dict())


async def test_too_many_invalid_answers_hand_the_request_to_an_agent(tmp_path: Path) -> None:
    settings = inloop.Settings(sqlite_synchronous="NORMAL", max_answer_attempts=3)
    async with Harness(
        waiting_app(inloop.Escalate(queue="refunds")), tmp_path / "d.db", settings=settings
    ) as h:
        case_id = await h.start("refund")
        for n in (1, 2):
            err = await h.answer_invalid(case_id, {"iban": n})
            assert err.data["escalated"] is False
        err = await h.answer_invalid(case_id, {"iban": 3})
        assert err.data["escalated"] is True
        await h.run_until_idle()
        assert (await h.case(case_id)).status is CaseStatus.WAITING_AGENT
        assert await h.open_request(case_id) is None
        task = await h.open_task(case_id)
        assert task is not None and task.queue == "refunds" and "3 times" in task.reason
        created = [e for e in await h.events(case_id) if e.type == "task.created"]
        assert created[0].payload["cause"] == "invalid_answers"
        await h.complete_task(case_id, {"iban": "DE89370400440532013000"})
        assert (await h.case(case_id)).result == "DE89370400440532013000"
        h.clock.advance(days=5)
        await h.run_until_idle()  # the old deadline and reminders are gone
        assert "request.reminded" not in await h.event_types(case_id)


async def test_none_of_these_hands_the_choice_to_an_agent_by_default(tmp_path: Path) -> None:
    app = inloop.App()

    @app.process("menu")
    async def menu(case: inloop.Case) -> str:
        choice = await case.choose(["lost_card", "stolen_card"])
        return f"{choice.value}:{choice.comment}"

    async with Harness(app, tmp_path / "d.db") as h:
        cid = await h.start("menu")
        await h.answer(cid, {"none_of_these": True, "comment": "my card was swallowed"})
        assert (await h.case(cid)).status is CaseStatus.WAITING_AGENT
        task = await h.open_task(cid)
        assert task is not None and task.reason == "none of the offered options fits"
        created = [e for e in await h.events(cid) if e.type == "task.created"]
        assert created[0].payload["cause"] == "none_of_these"
        with pytest.raises(OutcomeInvalid):  # the agent answers like the customer would
            await h.engine.complete_task(task.id, {"selected": ["swallowed"]}, actor="agent:bo")
        await h.complete_task(cid, {"selected": ["stolen_card"], "comment": "ATM kept it"})
        assert (await h.case(cid)).result == "stolen_card:ATM kept it"
