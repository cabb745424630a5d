"""The engine on real SQLite files: park and resume, replay, determinism, versions, answers."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

import inloop
from inloop import CaseStatus, RequestStatus
from inloop.errors import (
    CaseClosed,
    CaseNotFound,
    InvalidPayload,
    RequestClosed,
    RequestMismatch,
    RequestNotFound,
    UnknownProcess,
)
from inloop.testing import FakeClock, Harness


class NewAddress(BaseModel):
    street: str = Field(min_length=2)
    postcode: str = Field(pattern=r"^\d{5}$")
    city: str
    valid_from: date


class Start(BaseModel):
    text: str = Field(min_length=1)


GOOD = {"street": "Hauptstr. 1", "postcode": "10115", "city": "Berlin", "valid_from": "2026-02-01"}


def address_app(calls: Counter[str]) -> inloop.App:
    app = inloop.App()

    async def classify(text: str) -> dict[str, object]:
        calls["classify"] += 1
        return {"intent": "address_change", "confidence": 0.71}

    def update_crm(key: str, address: dict[str, object]) -> str:
        calls["update_crm"] += 1
        calls[f"key:{key}"] += 1
        return key

    @app.process("address_change", stages=["Received", "Address", "Done"], input=Start)
    async def address_change(case: inloop.Case) -> dict[str, object]:
        intent = await case.step(classify, case.input.text)
        case.set_stage("Address")
        address = await case.ask(NewAddress, prefill={"city": "Berlin"})
        assert isinstance(address, NewAddress)
        assert isinstance(address.valid_from, date)
        key = await case.step(update_crm, case.idempotency_key(), address.model_dump(mode="json"))
        case.set_stage("Done")
        return {"intent": intent["intent"], "key": key, "city": address.city}

    return app


async def test_park_and_resume_returns_typed_answer(tmp_path: Path) -> None:
    calls: Counter[str] = Counter()
    async with Harness(address_app(calls), tmp_path / "db.sqlite") as h:
        case_id = await h.start("address_change", {"text": "I moved to Berlin"})
        case = await h.case(case_id)
        assert case.status is CaseStatus.WAITING_CUSTOMER
        assert case.stage == "Address"
        req = await h.open_request(case_id)
        assert req is not None and req.kind is inloop.RequestKind.ASK
        assert req.spec["prefill"] == {"city": "Berlin"}
        assert req.spec["schema"]["required"] == ["street", "postcode", "city", "valid_from"]

        receipt = await h.answer(case_id, GOOD)
        assert receipt.status == "accepted" and not receipt.duplicate
        case = await h.case(case_id)
        assert case.status is CaseStatus.COMPLETED
        assert case.result["city"] == "Berlin"
        assert case.stage == "Done"
        assert case.closed_at is not None
        types = await h.event_types(case_id)
        assert types == [
            "case.created",
            "step.completed",
            "case.stage_changed",
            "request.sent",
            "request.answered",
            "step.completed",
            "case.stage_changed",
            "case.completed",
        ]


async def test_replay_returns_recorded_results_without_rerunning(tmp_path: Path) -> None:
    calls: Counter[str] = Counter()
    async with Harness(address_app(calls), tmp_path / "db.sqlite") as h:
        case_id = await h.start("address_change", {"text": "moved"})
        assert calls["classify"] == 1
        await h.answer(case_id, GOOD)
        # the body ran twice (before and after parking) but each step ran once
        assert calls["classify"] == 1
        assert calls["update_crm"] == 1
        assert calls[f"key:{case_id}:3"] == 1


async def test_parked_case_is_rows_only_and_resumes_in_a_new_engine(tmp_path: Path) -> None:
    calls: Counter[str] = Counter()
    db = tmp_path / "db.sqlite"
    clock = FakeClock()
    async with Harness(address_app(calls), db, clock=clock) as h:
        case_id = await h.start("address_change", {"text": "moved"})
    # a different process instance, a different App object with the same code
    async with Harness(address_app(calls), db, clock=clock) as h2:
        await h2.answer(case_id, GOOD)
        assert (await h2.case(case_id)).status is CaseStatus.COMPLETED
    assert calls["classify"] == 1 and calls["update_crm"] == 1


async def test_nondeterminism_is_detected_and_stops_the_case(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    clock = FakeClock()
    async with Harness(address_app(Counter()), db, clock=clock) as h:
        case_id = await h.start("address_change", {"text": "moved"})

    changed = inloop.App()

    async def something_else() -> int:
        return 1

    @changed.process("address_change", stages=["Received", "Address", "Done"], input=Start)
    async def address_change(case: inloop.Case) -> None:
        await case.step(something_else)  # position 0 was `classify`
        await case.ask(NewAddress)

    async with Harness(changed, db, clock=clock) as h2:
        await h2.answer(case_id, GOOD)
        case = await h2.case(case_id)
        assert case.status is CaseStatus.FAILED
        assert case.error is not None
        assert case.error["code"] == "nondeterminism"
        assert case.error["case_id"] == case_id
        assert case.error["position"] == 0
        assert case.error["expected"] == {"kind": "step", "name": "something_else"}
        assert case.error["recorded"] == {"kind": "step", "name": "classify"}
        events = await h2.events(case_id)
        assert events[-1].type == "case.failed"
        assert events[-1].payload["code"] == "nondeterminism"


async def test_nondeterminism_is_detected_even_when_the_process_swallows_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.sqlite"
    clock = FakeClock()
    first = inloop.App()

    @first.process("p")
    async def p1(case: inloop.Case) -> None:
        case.now()
        await case.sleep(60)

    async with Harness(first, db, clock=clock) as h:
        case_id = await h.start("p")

    second = inloop.App()

    @second.process("p")
    async def p2(case: inloop.Case) -> str:
        with contextlib.suppress(Exception):
            case.random()  # the journal has `now` here; the process swallows the error
        return "took another path"

    async with Harness(second, db, clock=clock) as h2:
        await h2.advance(seconds=61)
        case = await h2.case(case_id)
        assert case.status is CaseStatus.FAILED
        assert case.error is not None and case.error["code"] == "nondeterminism"


async def test_a_shorter_path_than_the_journal_is_nondeterminism(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    clock = FakeClock()
    first = inloop.App()

    @first.process("p")
    async def p1(case: inloop.Case) -> None:
        await case.sleep(60)
        case.now()

    async with Harness(first, db, clock=clock) as h:
        case_id = await h.start("p")  # parks at the sleep (position 0)

    second = inloop.App()

    @second.process("p")
    async def p2(case: inloop.Case) -> str:
        return "nothing"

    async with Harness(second, db, clock=clock) as h2:
        await h2.advance(seconds=61)
        case = await h2.case(case_id)
        assert case.status is CaseStatus.FAILED
        assert case.error is not None
        assert case.error["recorded"] == {"kind": "sleep", "name": "sleep"}
        assert case.error["expected"]["kind"] == "end"


async def test_cases_are_pinned_to_their_version(tmp_path: Path) -> None:
    app = inloop.App()

    @app.process("claim", version="1")
    async def v1(case: inloop.Case) -> str:
        await case.confirm("Proceed?")
        return "v1"

    @app.process("claim", version="2")
    async def v2(case: inloop.Case) -> str:
        await case.choose(["a", "b"])
        return "v2"

    async with Harness(app, tmp_path / "db.sqlite") as h:
        old = await h.engine.start("claim", version="1")
        await h.run_until_idle()
        new = await h.start("claim")
        assert (await h.case(old)).version == "1"
        assert (await h.case(new)).version == "2"
        await h.answer(old, {"decision": "accept"})
        await h.answer(new, {"selected": ["b"]})
        assert (await h.case(old)).result == "v1"
        assert (await h.case(new)).result == "v2"


async def test_a_worker_without_the_version_leaves_the_case_alone(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    clock = FakeClock()
    v1_app = inloop.App()

    @v1_app.process("claim", version="1")
    async def v1(case: inloop.Case) -> str:
        await case.confirm("Proceed?")
        return "v1"

    async with Harness(v1_app, db, clock=clock) as h:
        case_id = await h.start("claim")

    v2_only = inloop.App()

    @v2_only.process("claim", version="2")
    async def v2(case: inloop.Case) -> str:
        return "v2"

    async with Harness(v2_only, db, clock=clock) as h2:
        # the answer is accepted (validated from the stored request) ...
        await h2.answer(case_id, {"decision": "accept"})
        # ... but the v2-only worker does not run a v1 case
        case = await h2.case(case_id)
        assert case.status is CaseStatus.RUNNING and case.runnable

    async with Harness(v1_app, db, clock=clock) as h3:
        await h3.run_until_idle()
        assert (await h3.case(case_id)).result == "v1"


async def test_invalid_answer_keeps_the_request_open(tmp_path: Path) -> None:
    async with Harness(address_app(Counter()), tmp_path / "db.sqlite") as h:
        case_id = await h.start("address_change", {"text": "moved"})
        err = await h.answer_invalid(case_id, {"street": "X", "postcode": "abc", "city": "B"})
        fields = {e["field"]: e for e in err.data["errors"]}
        assert set(fields) == {"street", "postcode", "valid_from"}
        assert fields["valid_from"]["code"] == "missing"
        assert err.data["request_id"] and err.data["case_id"] == case_id
        req = await h.open_request(case_id)
        assert req is not None and req.status is RequestStatus.OPEN and req.attempts == 1
        assert (await h.case(case_id)).status is CaseStatus.WAITING_CUSTOMER
        await h.answer_invalid(case_id, "not even an object")
        req = await h.open_request(case_id)
        assert req is not None and req.attempts == 2
        rejected = [e for e in await h.events(case_id) if e.type == "request.answer_rejected"]
        assert [e.payload["attempts"] for e in rejected] == [1, 2]
        assert "abc" not in str(rejected[0].payload)  # input values are not echoed in events
        await h.answer(case_id, GOOD)
        assert (await h.case(case_id)).status is CaseStatus.COMPLETED


async def test_duplicate_answer_gets_the_same_receipt(tmp_path: Path) -> None:
    async with Harness(address_app(Counter()), tmp_path / "db.sqlite") as h:
        case_id = await h.start("address_change", {"text": "moved"})
        req = await h.open_request(case_id)
        assert req is not None
        first = await h.answer(case_id, GOOD, run=False)
        again = await h.engine.answer(req.id, dict(GOOD), case_id=case_id)
        assert again.duplicate and again.answered_at == first.answered_at
        assert again.request_id == first.request_id
        with pytest.raises(RequestClosed) as info:
            await h.engine.answer(req.id, {**GOOD, "city": "Hamburg"}, case_id=case_id)
        assert info.value.data["status"] == "answered"
        await h.run_until_idle()
        assert (await h.case(case_id)).result["city"] == "Berlin"


async def test_concurrent_answers_are_applied_exactly_once(tmp_path: Path) -> None:
    calls: Counter[str] = Counter()
    async with Harness(address_app(calls), tmp_path / "db.sqlite") as h:
        case_ids = [
            await h.start("address_change", {"text": f"m{i}"}, run=False) for i in range(20)
        ]
        await h.run_until_idle()
        for case_id in case_ids:
            req = await h.open_request(case_id)
            assert req is not None
            variants = [GOOD] * 10 + [{**GOOD, "city": f"City {n}"} for n in range(10)]
            outcomes = await asyncio.gather(
                *(h.engine.answer(req.id, v, case_id=case_id) for v in variants),
                return_exceptions=True,
            )
            accepted = [o for o in outcomes if isinstance(o, inloop.AnswerReceipt)]
            winners = [o for o in accepted if not o.duplicate]
            assert len(winners) == 1
            closed = [o for o in outcomes if isinstance(o, RequestClosed)]
            assert len(accepted) + len(closed) == len(variants)
        await h.run_until_idle()
        for case_id in case_ids:
            events = await h.event_types(case_id)
            assert events.count("request.answered") == 1
            assert (await h.case(case_id)).status is CaseStatus.COMPLETED
        assert calls["update_crm"] == 20


async def test_answer_errors_are_precise_and_change_nothing(tmp_path: Path) -> None:
    async with Harness(address_app(Counter()), tmp_path / "db.sqlite") as h:
        a = await h.start("address_change", {"text": "a"})
        b = await h.start("address_change", {"text": "b"})
        req_a = await h.open_request(a)
        assert req_a is not None
        before = await h.event_types(b)
        with pytest.raises(RequestNotFound) as nf:
            await h.engine.answer("req_nope", GOOD)
        assert nf.value.code == "request_not_found"
        with pytest.raises(RequestMismatch) as mm:
            await h.engine.answer(req_a.id, GOOD, case_id=b)
        assert mm.value.data == {"request_id": req_a.id, "case_id": b}
        assert await h.event_types(b) == before
        assert (await h.open_request(a)) is not None
        await h.engine.cancel(a, reason="customer withdrew")
        with pytest.raises(RequestClosed) as closed:
            await h.engine.answer(req_a.id, GOOD, case_id=a)
        assert closed.value.data["status"] == "cancelled"
        with pytest.raises(CaseClosed):
            await h.engine.cancel(a, reason="again")
        with pytest.raises(CaseNotFound):
            await h.engine.cancel("case_nope", reason="x")


async def test_start_validates_process_and_payload(tmp_path: Path) -> None:
    async with Harness(address_app(Counter()), tmp_path / "db.sqlite") as h:
        with pytest.raises(UnknownProcess) as unknown:
            await h.engine.start("adress_change", {"text": "typo"})
        assert "address_change" in unknown.value.message
        with pytest.raises(UnknownProcess):
            await h.engine.start("address_change", {"text": "x"}, version="9")
        with pytest.raises(InvalidPayload) as bad:
            await h.engine.start("address_change", {"txt": "x"})
        assert [e["field"] for e in bad.value.data["errors"]] == ["text"]
        with pytest.raises(InvalidPayload):
            await h.engine.start("address_change", {"text": "x"}, customer={"shoe_size": 44})
        assert await h.engine.store.count_cases() == {}


async def test_start_with_a_key_is_idempotent(tmp_path: Path) -> None:
    async with Harness(address_app(Counter()), tmp_path / "db.sqlite") as h:
        first = await h.start("address_change", {"text": "a"}, key="mail-<abc@example>")
        second = await h.start("address_change", {"text": "a"}, key="mail-<abc@example>")
        assert first == second
        assert sum((await h.engine.store.count_cases()).values()) == 1


async def test_group_commit_batches_many_cases_into_one_transaction(tmp_path: Path) -> None:
    async with Harness(address_app(Counter()), tmp_path / "db.sqlite") as h:
        before = h.engine.store.stats()
        await asyncio.gather(
            *(h.engine.start("address_change", {"text": str(i)}) for i in range(200))
        )
        after = h.engine.store.stats()
        ops = after["operations"] - before["operations"]
        commits = after["commits"] - before["commits"]
        assert ops == 200
        assert commits < ops / 5, (commits, ops)
        await h.run_until_idle()
        counts = await h.engine.store.count_cases()
        assert counts == {CaseStatus.WAITING_CUSTOMER: 200}


async def test_answers_are_validated_by_the_stored_schema_when_the_model_is_gone(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.sqlite"
    clock = FakeClock()

    def make_app() -> inloop.App:
        class Local(BaseModel):  # not importable by reference: defined in a function
            amount: int = Field(ge=1)

        app = inloop.App()

        @app.process("p")
        async def p(case: inloop.Case) -> int:
            return (await case.ask(Local)).amount

        return app

    async with Harness(make_app(), db, clock=clock) as h:
        case_id = await h.start("p")
    web_only = inloop.App()  # e.g. a web process that does not load the process code
    async with Harness(web_only, db, clock=clock) as h2:
        err = await h2.answer_invalid(case_id, {"amount": 0})
        assert err.data["errors"][0]["field"] == "amount"
        await h2.answer(case_id, {"amount": 3}, run=False)
    async with Harness(make_app(), db, clock=clock) as h3:
        await h3.run_until_idle()
        assert (await h3.case(case_id)).result == 3


async def test_an_expired_request_cannot_be_answered(tmp_path: Path) -> None:
    app = inloop.App()

    @app.process("p")
    async def p(case: inloop.Case) -> str:
        await case.confirm("OK?", deadline=timedelta(hours=1), on_timeout=inloop.Escalate())
        return "done"

    async with Harness(app, tmp_path / "db.sqlite") as h:
        case_id = await h.start("p")
        req = await h.open_request(case_id)
        assert req is not None
        await h.advance(hours=2)
        with pytest.raises(RequestClosed) as info:
            await h.engine.answer(req.id, {"decision": "accept"}, case_id=case_id)
        assert info.value.data["status"] == "expired"
        assert (await h.case(case_id)).status is CaseStatus.WAITING_AGENT


async def test_a_failed_case_can_be_retried_after_the_code_is_fixed(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    clock = FakeClock()
    broken = inloop.App()

    @broken.process("p")
    async def p1(case: inloop.Case) -> str:
        await case.confirm("OK?")
        raise RuntimeError("bug in the process")

    async with Harness(broken, db, clock=clock) as h:
        case_id = await h.start("p")
        await h.answer(case_id, {"decision": "accept"})
        assert (await h.case(case_id)).status is CaseStatus.FAILED
        with pytest.raises(CaseClosed):  # failed is terminal: it cannot be cancelled
            await h.engine.cancel(case_id, reason="x")

    fixed = inloop.App()

    @fixed.process("p")
    async def p2(case: inloop.Case) -> str:
        answer = await case.confirm("OK?")
        return "accepted" if answer else "declined"

    async with Harness(fixed, db, clock=clock) as h2:
        await h2.engine.retry(case_id, actor="operator:kim")
        await h2.run_until_idle()
        case = await h2.case(case_id)
        assert case.status is CaseStatus.COMPLETED and case.result == "accepted"
        assert case.error is None
        retried = [e for e in await h2.events(case_id) if e.type == "case.retried"]
        assert retried[0].actor == "operator:kim"
        assert retried[0].payload == {"previous_error": "process_error"}
        with pytest.raises(CaseClosed):
            await h2.engine.retry(case_id)


async def test_stage_on_replay_is_the_stage_at_that_point(tmp_path: Path) -> None:
    app = inloop.App()
    seen: list[str | None] = []

    @app.process("p", stages=["A", "B"])
    async def p(case: inloop.Case) -> None:
        seen.append(case.stage)
        await case.confirm("first?")
        case.set_stage("B")
        await case.confirm("second?")

    async with Harness(app, tmp_path / "db.sqlite") as h:
        case_id = await h.start("p")
        await h.answer(case_id, {"decision": "accept"})
        await h.answer(case_id, {"decision": "accept"})
        assert seen == ["A", "A", "A"]
        assert (await h.case(case_id)).status is CaseStatus.COMPLETED
