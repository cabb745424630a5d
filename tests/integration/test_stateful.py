"""Stateful property test of the engine: random interleavings of the public entry points.

Acceptance criterion: "A hypothesis stateful test over start / answer (valid, invalid, duplicate,
stale) / timer / agent completion / crash-and-recover, with the invariants above": no lost cases;
side effects applied once per idempotency key; every case's event sequence gap-free; duplicate
and concurrent answers applied exactly once; invalid answers keep the request open; timers fire
exactly once, including after a restart.

Set-up: each example gets a private event loop, a fresh SQLite file, a :class:`FakeClock` and
real engines and workers (concurrency 1, so that a crash point counted in commits is
reproducible). The test app's process books its side effects into a ledger keyed by the step's
idempotency key (the "receiving system": one entry per key, executions counted), asks the
customer for an address (deadline, reminders, ``Escalate``), optionally charges with an
``at_most_once`` step, hands to an agent, sleeps, and asks for a confirmation whose
``on_timeout`` is ``UseDefault``, ``Raise``, ``Cancel`` or ``Escalate``.

Rules: start (with and without a start key), answer valid / invalid / duplicate (also respelled)
/ stale (answered, expired, cancelled) / two at once / racing the deadline timer, move the clock,
run the worker, run two workers of two engines side by side, complete agent tasks (after an
invalid outcome too) and completed ones again, cancel, and crash-and-recover: the worker is
stopped at its N-th commit, before or after the commit lands, and a new engine opens on the same
file, taking the cases over at once or only when their leases have run out later. The old worker
either died (its tasks are cancelled) or is a *zombie*, stalled, that wakes up later with stale
state and must be fenced off.

Invariants, read with SQL from one snapshot after every step: see :meth:`invariants_hold`. At the
end of every passing example the system is drained (zombies woken, time moved on, agents working
their queues): every case must end, and the results of completed cases must show the first
accepted answer or the agent's outcome.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Coroutine
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar

import pytest
from hypothesis import event
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from pydantic import BaseModel, ConfigDict, Field

from inloop import (
    App,
    Cancel,
    Case,
    CaseStatus,
    Confirmation,
    Engine,
    Escalate,
    Raise,
    Settings,
    UseDefault,
    Worker,
)
from inloop.clock import from_text, to_text
from inloop.engine.engine import AnswerReceipt
from inloop.errors import (
    AnswerInvalid,
    CaseClosed,
    OutcomeInvalid,
    RequestClosed,
    RequestTimedOut,
    TaskClosed,
)
from inloop.testing import FakeClock

T = TypeVar("T")

ASK_DEADLINE = timedelta(days=1)
ASK_REMINDERS = (timedelta(hours=6), timedelta(hours=18))
CONFIRM_DEADLINE = timedelta(hours=12)
CONFIRM_REMINDERS = (timedelta(hours=4),)
LEASE_SECONDS = 15.0
EFFECT_LABELS = ("welcome", "apply")  # at-least-once steps; "charge" is at-most-once
# requests and tasks listed in an order that does not depend on which worker committed first
IN_CASE_ORDER = "ORDER BY (SELECT rowid FROM cases WHERE cases.id = case_id), position"
OPEN_CASES = "SELECT id, status FROM cases WHERE status NOT IN ('completed', 'cancelled', 'failed')"


# -- the test app ---------------------------------------------------------------------------


class Address(BaseModel):
    model_config = ConfigDict(extra="forbid")

    street: str = Field(min_length=1, max_length=40)
    postcode: str = Field(pattern=r"^[0-9]{5}$")


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approved: bool
    note: str | None = None


class Start(BaseModel):
    charge: bool = False
    review: bool = False
    nap_hours: int = Field(default=0, ge=0, le=48)
    fallback: Literal["default", "raise", "cancel", "escalate"] = "default"


class Ledger:
    """The receiving system of the side effects: one entry per idempotency key, and a count of
    how often each key was executed (at-least-once allows repeats after a crash)."""

    def __init__(self) -> None:
        self.executions: Counter[str] = Counter()
        self.applied: dict[str, str] = {}  # key -> label

    def book(self, key: str, label: str) -> None:
        self.executions[key] += 1
        first = self.applied.setdefault(key, label)
        assert first == label, f"key {key} booked as {first!r} and as {label!r}"


async def book(ledger: Ledger, key: str, label: str) -> str:
    ledger.book(key, label)
    await asyncio.sleep(0)  # like a real call: the effect is done before the result is recorded
    return key


def _fallback(name: str) -> Escalate | UseDefault | Raise | Cancel:
    if name == "default":
        return UseDefault(value={"decision": "accept"})
    if name == "raise":
        return Raise()
    if name == "cancel":
        return Cancel(reason="no confirmation")
    return Escalate(queue="support", reason="no confirmation")


def build_app(ledger: Ledger) -> App:
    app = App()

    @app.process("onboarding", stages=("received", "details", "checks", "done"), input=Start)
    async def onboarding(case: Case) -> dict[str, Any]:
        start: Start = case.input
        await case.step(book, ledger, case.idempotency_key(), "welcome", name="welcome")
        case.set_stage("details")
        address = await case.ask(
            Address,
            prefill={"street": "Old Street 1"},
            prompt="Your new address?",
            deadline=ASK_DEADLINE,
            reminders=ASK_REMINDERS,
            on_timeout=Escalate(queue="support", reason="no address"),
        )
        case.set_stage("checks")
        charged = None
        if start.charge:
            charged = await case.step(
                book, ledger, case.idempotency_key(), "charge", name="charge", at_most_once=True
            )
        approved = None
        if start.review:
            decision = await case.hand_to_agent(
                "review",
                reason="check the new address",
                outcome=Decision,
                context={"postcode": address.postcode},
            )
            approved = decision.approved
        if start.nap_hours:
            await case.sleep(timedelta(hours=start.nap_hours))
        try:
            confirmation = await case.confirm(
                "Shall we switch your contracts to the new address?",
                details=address.model_dump(),
                deadline=CONFIRM_DEADLINE,
                reminders=CONFIRM_REMINDERS,
                on_timeout=_fallback(start.fallback),
            )
            confirmed: str = confirmation.decision
        except RequestTimedOut:
            confirmed = "timeout"
        await case.step(book, ledger, case.idempotency_key(), "apply", name="apply")
        case.set_stage("done")
        return {
            "address": address.model_dump(mode="json"),
            "approved": approved,
            "charged": charged,
            "confirmed": confirmed,
        }

    return app


# -- answers --------------------------------------------------------------------------------

_streets = st.one_of(st.sampled_from(["Main St 1", "Elm Rd 2"]), st.text(min_size=1, max_size=8))
_postcodes = st.one_of(
    st.sampled_from(["10115", "80331"]), st.from_regex(r"[0-9]{5}", fullmatch=True)
)
ADDRESS_ANSWERS = st.fixed_dictionaries({"street": _streets, "postcode": _postcodes})
CONFIRM_ANSWERS = st.one_of(
    st.sampled_from(
        [
            {"decision": "accept"},
            {"decision": "decline"},
            {"decision": "decline", "comment": "not now"},
            {"decision": "change", "comment": "floor 2"},
        ]
    ),
    st.builds(
        lambda c: {"decision": "change", "comment": c},
        st.text(min_size=1, max_size=8).filter(lambda s: s.strip() != ""),
    ),
)
INVALID_ADDRESS = [
    {},
    {"street": "Main St 1"},
    {"street": "", "postcode": "10115"},
    {"street": "Main St 1", "postcode": "1011"},
    {"street": "Main St 1", "postcode": "abcde"},
    {"street": 7, "postcode": "10115"},
    {"street": "Main St 1", "postcode": "10115", "floor": 3},
    None,
    "Main St 1",
    [1, 2],
]
INVALID_CONFIRM = [
    {},
    {"decision": "maybe"},
    {"decision": "change"},
    {"decision": "change", "comment": "   "},
    {"decision": "accept", "extra": 1},
    None,
    "yes",
]
INVALID_DECISION = [{}, {"approved": "perhaps"}, {"approved": True, "extra": 1}, None]
DECISIONS = st.fixed_dictionaries(
    {"approved": st.booleans()}, optional={"note": st.sampled_from(["ok", "looks wrong"])}
)


def valid_answers(kind: str) -> st.SearchStrategy[Any]:
    return ADDRESS_ANSWERS if kind == "ask" else CONFIRM_ANSWERS


def invalid_answers(kind: str) -> st.SearchStrategy[Any]:
    return st.sampled_from(INVALID_ADDRESS if kind == "ask" else INVALID_CONFIRM)


def canonical(kind: str, data: Any) -> Any:
    """The answer as stored, computed by the test (not by the engine)."""
    model = Address if kind == "ask" else Confirmation
    return model.model_validate(data).model_dump(mode="json")


def equivalent(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Another spelling of the same answer (keys reordered, explicit defaults)."""
    out = dict(reversed(list(data.items())))
    if kind == "confirm" and "comment" not in out:
        out["comment"] = None
    return out


def _plain_outcome(spec: dict[str, Any]) -> Any:
    """A valid outcome for any task, without drawing (for the final drain)."""
    if spec.get("resolves") == "step":
        return "checked-by-agent"
    if spec.get("request_kind") == "ask":
        return {"street": "Main St 1", "postcode": "10115"}
    if spec.get("request_kind") == "confirm":
        return {"decision": "accept"}
    return {"approved": True}


async def _wait(flag: asyncio.Event) -> None:
    await flag.wait()


class CrashGate:
    """Wraps ``store.apply`` of one engine: at the ``at``-th commit (before or after it lands)
    the calling run hangs until released or cancelled (a crashed or stalled worker)."""

    def __init__(self, engine: Engine, *, at: int, after: bool) -> None:
        self.real = engine.store.apply
        self.at = at
        self.after = after
        self.count = 0
        self.inflight = 0
        self.settled = asyncio.Event()
        self.tripped = asyncio.Event()
        self.release = asyncio.Event()
        engine.store.apply = self.apply  # type: ignore[method-assign]

    async def apply(self, changes: Any) -> None:
        self.count += 1
        hit = self.count == self.at
        if hit and not self.after:
            self.tripped.set()
            await self.release.wait()
        self.inflight += 1
        try:
            await self.real(changes)
        finally:
            self.inflight -= 1
            self.settled.set()
        if hit and self.after:
            self.tripped.set()
            await self.release.wait()

    async def quiesce(self) -> None:
        """Wait until no commit of this engine is on its way (other tasks of the crashed run,
        e.g. timers fired side by side, land or fail first), so a crash point is reproducible
        and no commit of the old engine lands while the invariants read the database."""
        while True:
            while self.inflight:
                self.settled.clear()
                await self.settled.wait()
            for _ in range(5):
                await asyncio.sleep(0)
            if not self.inflight:
                return


# -- the state machine ----------------------------------------------------------------------


class EngineMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.dir = Path(tempfile.mkdtemp(prefix="inloop-stateful-"))
        self.path = self.dir / "inloop.db"
        self.settings = Settings(
            database_url=f"sqlite:///{self.path}",
            sqlite_synchronous="NORMAL",
            worker_concurrency=1,
            worker_lease_seconds=LEASE_SECONDS,
        )
        self.clock = FakeClock()
        self.ledger = Ledger()
        self.app = build_app(self.ledger)
        self.open_engines: list[Engine] = []
        self.db: sqlite3.Connection | None = None
        self.engine, self.worker = self._open_engine()
        self.peer, self.peer_worker = self._open_engine()  # another process on the same file
        self.db = sqlite3.connect(self.path, isolation_level=None)

        self.cases: list[str] = []
        self.inputs: dict[str, dict[str, Any]] = {}
        self.start_keys: dict[str, str] = {}
        self.accepted: dict[str, Any] = {}  # request id -> stored answer (test's own view)
        self.raw_answers: dict[str, Any] = {}  # request id -> the data that was accepted
        self.receipts: dict[str, AnswerReceipt] = {}
        self.rejects: Counter[str] = Counter()
        self.task_outcomes: dict[str, Any] = {}  # task id -> outcome as stored
        self.interrupted: Counter[str] = Counter()  # case id -> crashes that hit it in flight
        self.crashes = 0
        self.terminal: dict[str, str] = {}  # case id -> the terminal status it reached
        self.zombies: list[tuple[Engine, CrashGate, asyncio.Task[int]]] = []

    # -- plumbing ---------------------------------------------------------------------------

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)

    def _open_engine(self) -> tuple[Engine, Worker]:
        engine = Engine(self.app, self.settings, clock=self.clock)
        self.run(engine.open())
        self.open_engines.append(engine)
        return engine, Worker(engine)

    def _close_engine(self, engine: Engine) -> None:
        self.open_engines.remove(engine)
        self.run(engine.close())

    def teardown(self) -> None:
        try:
            self.teardown_stats()
            # teardown runs in hypothesis's ``finally``: drain only after a run that passed, so
            # that a failure is reported as itself and not as a follow-up error of the drain
            if sys.exc_info()[0] is None:
                self.finish_everything()
        finally:
            self.close_everything()

    def close_everything(self) -> None:
        try:
            self.run(self._cancel())
            for engine in list(self.open_engines):
                self._close_engine(engine)
        finally:
            if self.db is not None:
                self.db.close()
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()
            shutil.rmtree(self.dir, ignore_errors=True)

    @staticmethod
    async def _cancel(tasks: set[asyncio.Task[Any]] | None = None) -> None:
        """Cancel ``tasks`` (default: every other task of the loop) and wait for them."""
        if tasks is None:
            tasks = asyncio.all_tasks() - {asyncio.current_task()}  # type: ignore[operator]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def q(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        assert self.db is not None
        return self.db.execute(sql, params).fetchall()

    def one(self, sql: str, *params: Any) -> Any:
        return self.q(sql, *params)[0][0]

    def settle(self) -> None:
        self.run(self.worker.run_until_idle())
        self.check_settled()

    def check_settled(self) -> None:
        """After run_until_idle: no claimable case left, no timer left due. (Cases leased by a
        crashed or stalled worker stay runnable until their lease runs out.)"""
        now = to_text(self.clock.now())
        stuck = self.q(
            "SELECT id, status FROM cases WHERE runnable = 1 "
            "AND (lease_until IS NULL OR lease_until < ?)",
            now,
        )
        assert not stuck, f"cases left runnable after the worker went idle: {stuck}"
        due = self.q(
            "SELECT id, case_id, kind, due_at FROM timers WHERE status = 'pending' AND due_at <= ?",
            now,
        )
        assert not due, f"timers due but not fired after the worker went idle: {due}"

    def _open_requests(self) -> list[tuple[str, str, str]]:
        return self.q(
            "SELECT id, case_id, kind FROM requests WHERE status = 'open' " + IN_CASE_ORDER
        )

    def _has_open_request(self) -> bool:
        return bool(self._open_requests())

    def _closed_requests(self) -> list[tuple[str, str, str, str]]:
        return self.q(
            "SELECT id, case_id, kind, status FROM requests WHERE status != 'open' " + IN_CASE_ORDER
        )

    def _has_closed_request(self) -> bool:
        return bool(self._closed_requests())

    def _open_tasks(self) -> list[tuple[str, str, str]]:
        return self.q("SELECT id, case_id, spec FROM tasks WHERE status = 'open' " + IN_CASE_ORDER)

    def _has_open_task(self) -> bool:
        return bool(self._open_tasks())

    def _has_closed_task(self) -> bool:
        return bool(self.q("SELECT 1 FROM tasks WHERE status != 'open'"))

    def _request_row(self, request_id: str) -> tuple[Any, ...]:
        return self.q("SELECT status, attempts, case_id FROM requests WHERE id = ?", request_id)[0]

    def _case_status(self, case_id: str) -> str:
        return str(self.one("SELECT status FROM cases WHERE id = ?", case_id))

    def _record_accepted(self, request_id: str, kind: str, data: Any, receipt: Any) -> None:
        assert isinstance(receipt, AnswerReceipt), receipt
        assert not receipt.duplicate
        assert receipt.status == "accepted"
        assert receipt.request_id == request_id
        assert request_id not in self.accepted, f"request {request_id} accepted twice"
        self.accepted[request_id] = canonical(kind, data)
        self.raw_answers[request_id] = data
        self.receipts[request_id] = receipt

    def _check_duplicate(self, request_id: str, receipt: Any) -> None:
        first = self.receipts[request_id]
        assert isinstance(receipt, AnswerReceipt), receipt
        assert receipt.duplicate, receipt
        assert (receipt.request_id, receipt.case_id, receipt.status, receipt.answered_at) == (
            first.request_id,
            first.case_id,
            first.status,
            first.answered_at,
        )

    # -- rules: cases and time --------------------------------------------------------------

    @rule(
        start=st.builds(
            dict,
            charge=st.booleans(),
            review=st.booleans(),
            nap_hours=st.sampled_from([0, 0, 2, 30]),
            fallback=st.sampled_from(["default", "raise", "cancel", "escalate"]),
        ),
        key=st.one_of(st.none(), st.sampled_from(["signup-1", "signup-2"])),
        settle=st.booleans(),
    )
    def start_case(self, start: dict[str, Any], key: str | None, settle: bool) -> None:
        case_id = self.run(self.engine.start("onboarding", start, key=key, actor="customer"))
        if key is not None and key in self.start_keys:
            assert case_id == self.start_keys[key], "a repeated start key made a second case"
        else:
            assert case_id not in self.inputs
            self.cases.append(case_id)
            self.inputs[case_id] = start
            if key is not None:
                self.start_keys[key] = case_id
        if settle:
            self.settle()

    @rule()
    def run_worker(self) -> None:
        self.settle()

    @rule()
    def run_two_workers(self) -> None:
        """Two workers of two engines (two processes) on one file, side by side: each case is
        run by one of them at a time, each timer fired by one of them."""

        async def both() -> None:
            await asyncio.gather(self.worker.run_until_idle(), self.peer_worker.run_until_idle())

        self.run(both())
        self.check_settled()

    @rule(
        delta=st.sampled_from(
            [
                timedelta(minutes=30),
                timedelta(hours=3),
                timedelta(hours=7),
                timedelta(hours=13),
                timedelta(days=1, hours=1),
            ]
        ),
        settle=st.booleans(),
    )
    def advance_clock(self, delta: timedelta, settle: bool) -> None:
        self.clock.advance(delta)
        if settle:
            self.settle()

    @precondition(lambda self: self.cases)
    @rule(data=st.data())
    def cancel_case(self, data: st.DataObject) -> None:
        case_id = data.draw(st.sampled_from(self.cases), label="case")
        status = self._case_status(case_id)
        if CaseStatus(status).terminal:
            with pytest.raises(CaseClosed) as info:
                self.run(self.engine.cancel(case_id, reason="test", actor="agent:test"))
            assert info.value.data["status"] == status
            assert self._case_status(case_id) == status
        else:
            self.run(self.engine.cancel(case_id, reason="test", actor="agent:test"))
            assert self._case_status(case_id) == "cancelled"

    # -- rules: answers ---------------------------------------------------------------------

    @precondition(_has_open_request)
    @rule(data=st.data(), settle=st.booleans())
    def answer_valid(self, data: st.DataObject, settle: bool) -> None:
        request_id, case_id, kind = data.draw(st.sampled_from(self._open_requests()))
        answer = data.draw(valid_answers(kind), label="answer")
        receipt = self.run(self.engine.answer(request_id, answer, case_id=case_id))
        self._record_accepted(request_id, kind, answer, receipt)
        assert receipt.case_id == case_id
        assert self._request_row(request_id)[0] == "answered"
        assert self._case_status(case_id) == "running"
        if settle:
            self.settle()

    @precondition(_has_open_request)
    @rule(data=st.data())
    def answer_invalid(self, data: st.DataObject) -> None:
        request_id, case_id, kind = data.draw(st.sampled_from(self._open_requests()))
        answer = data.draw(invalid_answers(kind), label="invalid answer")
        status_before, attempts_before, _ = self._request_row(request_id)
        with pytest.raises(AnswerInvalid) as info:
            self.run(self.engine.answer(request_id, answer, case_id=case_id))
        errors = info.value.data["errors"]
        assert errors, "AnswerInvalid without field errors"
        assert all({"field", "code", "message"} <= set(e) for e in errors), errors
        assert info.value.data["request_id"] == request_id
        self.rejects[request_id] += 1
        status, attempts, _ = self._request_row(request_id)
        assert attempts == attempts_before + 1 == self.rejects[request_id]
        if info.value.data["escalated"]:  # the last attempt allowed: a person takes over
            assert attempts == self.settings.max_answer_attempts
            assert (status_before, status) == ("open", "expired")
            assert self._case_status(case_id) == "waiting_agent"
            return
        assert (status_before, status) == ("open", "open"), "an invalid answer closed the request"
        assert self._case_status(case_id) == "waiting_customer"

    @precondition(lambda self: self.accepted)
    @rule(data=st.data(), respell=st.booleans())
    def answer_duplicate(self, data: st.DataObject, respell: bool) -> None:
        request_id = data.draw(st.sampled_from(list(self.accepted)), label="request")
        kind, case_id = self.q("SELECT kind, case_id FROM requests WHERE id = ?", request_id)[0]
        answer = self.raw_answers[request_id]
        if respell and isinstance(answer, dict):
            answer = equivalent(kind, answer)
        receipt = self.run(self.engine.answer(request_id, answer, case_id=case_id))
        self._check_duplicate(request_id, receipt)

    @precondition(_has_closed_request)
    @rule(data=st.data(), invalid=st.booleans())
    def answer_stale(self, data: st.DataObject, invalid: bool) -> None:
        request_id, case_id, kind, status = data.draw(st.sampled_from(self._closed_requests()))
        if invalid:
            answer = data.draw(invalid_answers(kind), label="invalid answer")
            same = False
        else:
            answer = data.draw(valid_answers(kind), label="answer")
            same = status == "answered" and canonical(kind, answer) == self.accepted[request_id]
        if same:
            receipt = self.run(self.engine.answer(request_id, answer, case_id=case_id))
            self._check_duplicate(request_id, receipt)
        else:
            with pytest.raises(RequestClosed) as info:
                self.run(self.engine.answer(request_id, answer, case_id=case_id))
            assert info.value.data["status"] == status
            assert info.value.data["request_id"] == request_id
        assert self._request_row(request_id)[0] == status
        assert self.rejects[request_id] == self._request_row(request_id)[1]

    @precondition(_has_open_request)
    @rule(data=st.data(), same=st.booleans(), settle=st.booleans())
    def answer_concurrently(self, data: st.DataObject, same: bool, settle: bool) -> None:
        """Two answers to one open request at the same time: the first wins, the identical
        second gets the first receipt marked duplicate, a different second gets RequestClosed."""
        request_id, case_id, kind = data.draw(st.sampled_from(self._open_requests()))
        first = data.draw(valid_answers(kind), label="first")
        second = equivalent(kind, first) if same else data.draw(valid_answers(kind), "second")

        async def both() -> list[Any]:
            return await asyncio.gather(
                self.engine.answer(request_id, first, case_id=case_id),
                self.engine.answer(request_id, second, case_id=case_id),
                return_exceptions=True,
            )

        r1, r2 = self.run(both())
        self._record_accepted(request_id, kind, first, r1)
        if canonical(kind, second) == canonical(kind, first):
            self._check_duplicate(request_id, r2)
        else:
            assert isinstance(r2, RequestClosed), r2
            assert r2.data["status"] == "answered"
        assert self._request_row(request_id)[0] == "answered"
        if settle:
            self.settle()

    @precondition(_has_open_request)
    @rule(data=st.data())
    def answer_racing_deadline(self, data: st.DataObject) -> None:
        """An answer arriving exactly when the deadline timer fires: exactly one of them wins."""
        request_id, case_id, kind = data.draw(st.sampled_from(self._open_requests()))
        answer = data.draw(valid_answers(kind), label="answer")
        deadline = self.one("SELECT deadline FROM requests WHERE id = ?", request_id)
        if deadline > to_text(self.clock.now()):
            self.clock.set(from_text(deadline))

        async def race() -> list[Any]:
            return await asyncio.gather(
                self.engine.answer(request_id, answer, case_id=case_id),
                self.engine.fire_due_timers(),
                return_exceptions=True,
            )

        outcome, fired = self.run(race())
        assert isinstance(fired, int), fired
        status = self._request_row(request_id)[0]
        if isinstance(outcome, AnswerReceipt):
            self._record_accepted(request_id, kind, answer, outcome)
            assert status == "answered"
        else:
            assert isinstance(outcome, RequestClosed), outcome
            assert status in ("expired", "cancelled"), status
        self.settle()

    # -- rules: agents ----------------------------------------------------------------------

    @staticmethod
    def _outcomes(spec: dict[str, Any], task_id: str) -> tuple[Any, Any, Any]:
        """Strategies for (valid outcome, invalid outcome or None) of a task, and a function
        giving the outcome as stored."""
        if spec.get("resolves") == "step":  # an at-most-once step whose outcome is unknown
            return st.just(f"checked-by-agent:{task_id}"), st.none(), lambda o: o
        if "request_kind" in spec:  # an escalated customer request
            kind = spec["request_kind"]
            return valid_answers(kind), invalid_answers(kind), lambda o: canonical(kind, o)
        return (
            DECISIONS,
            st.sampled_from(INVALID_DECISION),
            lambda o: Decision.model_validate(o).model_dump(mode="json"),
        )

    def _complete(self, task_id: str, outcome: Any, stored: Any) -> None:
        done = self.run(self.engine.complete_task(task_id, outcome, actor="agent:test"))
        assert done.status.value == "completed"
        assert done.outcome == stored
        self.task_outcomes[task_id] = stored

    @precondition(_has_open_task)
    @rule(data=st.data(), try_invalid=st.booleans(), settle=st.booleans())
    def complete_task(self, data: st.DataObject, try_invalid: bool, settle: bool) -> None:
        task_id, case_id, spec_text = data.draw(st.sampled_from(self._open_tasks()))
        valid, invalids, store = self._outcomes(json.loads(spec_text), task_id)
        outcome = data.draw(valid, label="outcome")
        invalid = data.draw(invalids, label="invalid outcome") if try_invalid else None
        if invalid is not None:
            with pytest.raises(OutcomeInvalid) as info:
                self.run(self.engine.complete_task(task_id, invalid, actor="agent:test"))
            assert info.value.data["task_id"] == task_id
            assert self.one("SELECT status FROM tasks WHERE id = ?", task_id) == "open"
            assert self._case_status(case_id) == "waiting_agent"
        self._complete(task_id, outcome, store(outcome))
        assert self._case_status(case_id) == "running"
        if settle:
            self.settle()

    @precondition(_has_closed_task)
    @rule(data=st.data())
    def complete_stale_task(self, data: st.DataObject) -> None:
        rows = self.q("SELECT id, status FROM tasks WHERE status != 'open' " + IN_CASE_ORDER)
        task_id, status = data.draw(st.sampled_from(rows))
        with pytest.raises(TaskClosed) as info:
            self.run(self.engine.complete_task(task_id, {"approved": True}, actor="agent:late"))
        assert info.value.data["status"] == status
        assert self.one("SELECT status FROM tasks WHERE id = ?", task_id) == status

    # -- rules: crash and recover -----------------------------------------------------------

    @rule(
        crash_at=st.integers(min_value=1, max_value=6),
        after_commit=st.booleans(),
        zombie=st.booleans(),
        takeover=st.booleans(),
        advance=st.sampled_from([timedelta(0), timedelta(hours=7), timedelta(days=1, hours=1)]),
    )
    def crash_and_recover(
        self, crash_at: int, after_commit: bool, zombie: bool, takeover: bool, advance: timedelta
    ) -> None:
        """Run the worker until its ``crash_at``-th commit and crash there (before or after the
        commit lands); a new engine + worker opens on the same file. With ``takeover`` the clock
        moves past the lease and the new worker runs at once; otherwise the crashed cases stay
        leased while other rules go on. A zombie is the old worker stalled instead of dead: it
        resumes later (``wake_zombie``), after the takeover or before it."""
        self.clock.advance(advance)  # timers fall due: the run fires them, then crashes
        old_engine, old_worker = self.engine, self.worker

        async def run_until_crash() -> tuple[CrashGate, asyncio.Task[int], set[asyncio.Task[Any]]]:
            before = asyncio.all_tasks()
            gate = CrashGate(old_engine, at=crash_at, after=after_commit)
            run = asyncio.create_task(old_worker.run_until_idle())
            trip = asyncio.create_task(_wait(gate.tripped))
            await asyncio.wait({run, trip}, return_when=asyncio.FIRST_COMPLETED)
            trip.cancel()
            await asyncio.gather(trip, return_exceptions=True)
            await gate.quiesce()
            mine = asyncio.all_tasks() - before - {asyncio.current_task()}
            return gate, run, {t for t in mine if t is not None}

        gate, run, tasks = self.run(run_until_crash())
        self.crashes += 1
        event(f"crash: {'tripped' if gate.tripped.is_set() else 'idle'}, zombie={zombie}")
        for (case_id,) in self.q("SELECT id FROM cases WHERE lease_owner IS NOT NULL"):
            self.interrupted[case_id] += 1
        if zombie and not run.done():
            self.zombies.append((old_engine, gate, run))
        else:
            self.run(self._cancel(tasks))  # the process died with everything in flight
            self._close_engine(old_engine)

        self.engine, self.worker = self._open_engine()
        if takeover:
            self.clock.advance(seconds=LEASE_SECONDS + 1)  # the dead worker's leases run out
            self.settle()

    @precondition(lambda self: self.zombies)
    @rule(settle=st.booleans())
    def wake_zombie(self, settle: bool) -> None:
        """The oldest stalled worker resumes: its in-flight run goes on with stale state (its
        commits must be fenced off if its cases were taken over), then it works until idle."""
        engine, gate, run = self.zombies.pop(0)
        gate.release.set()
        self.run(run)
        self._close_engine(engine)
        if settle:
            self.settle()

    # -- liveness ---------------------------------------------------------------------------

    def finish_everything(self) -> None:
        """At the end of a run: stalled workers wake, time moves on, agents work their queues
        with plain valid outcomes. Every case must reach a terminal state, all invariants
        holding (no case is lost, however the run before left it)."""
        while self.zombies:
            self.wake_zombie(settle=False)
        for _ in range(10):
            self.clock.advance(timedelta(days=2))
            self.settle()
            tasks = self._open_tasks()
            for task_id, _case_id, spec_text in tasks:
                _, _, store = self._outcomes(json.loads(spec_text), task_id)
                outcome = _plain_outcome(json.loads(spec_text))
                self._complete(task_id, outcome, store(outcome))
            self.settle()
            self.invariants_hold()
            if not tasks and not self.q(OPEN_CASES):
                break
        left = self.q(OPEN_CASES)
        assert not left, f"cases that never ended: {left}"

    # -- invariants -------------------------------------------------------------------------

    def teardown_stats(self) -> None:
        for (status,) in self.q("SELECT status FROM cases"):
            event(f"case ended {status}")
        for kind, status in self.q("SELECT kind, status FROM timers"):
            event(f"timer {kind} {status}")
        for (status,) in self.q("SELECT status FROM tasks"):
            event(f"task {status}")

    @invariant()
    def invariants_hold(self) -> None:
        """All invariants, read from one consistent snapshot of the database.

        - no lost cases: every started case exists (a repeated start key made none); a running
          case is runnable, a waiting one has exactly the one open request (and its deadline
          timer), task or sleep timer it waits on, an ended one has nothing open and never
          changes again; no case failed;
        - event sequences 1..n without gaps, matching ``cases.event_seq``; journal positions
          0..m without gaps; one end event per ended case;
        - answers: one request per (case, position), sent once; answered exactly when the test
          got an accepting receipt, with that (first) answer stored, journaled and announced by
          exactly one ``request.answered``; rejected attempts counted, the request left open;
        - side effects: each key executed at most 1 + (crashes that hit its case in flight)
          times, the at-most-once ``charge`` never twice; one key per (case, step); completed
          cases carry what was answered or decided;
        - timers: each fired at most once, with exactly one effect (reminder, expiry, end of
          sleep) or, for a reminder, a reason to be spent silently; one escalation per
          request, one task per (case, position), reminder messages match reminder events.
        """
        assert self.db is not None
        self.db.execute("BEGIN")
        try:
            self.no_lost_cases()
            self.event_sequences_gap_free()
            self.answers_applied_once()
            self.side_effects_once_per_key()
            self.timers_fire_once()
        finally:
            self.db.execute("COMMIT")

    def no_lost_cases(self) -> None:
        rows = {r[0]: r for r in self.q("SELECT id, status, runnable, result FROM cases")}
        assert set(rows) == set(self.cases), "cases appeared or disappeared"
        open_req = Counter(
            r[0] for r in self.q("SELECT case_id FROM requests WHERE status = 'open'")
        )
        open_task = Counter(r[0] for r in self.q("SELECT case_id FROM tasks WHERE status = 'open'"))
        pending: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for case_id, kind in self.q("SELECT case_id, kind FROM timers WHERE status = 'pending'"):
            pending[case_id][kind] += 1
        for case_id, (_, status, runnable, _result) in rows.items():
            where = f"case {case_id} ({status})"
            assert status != "failed", (
                where,
                self.one("SELECT error FROM cases WHERE id = ?", case_id),
            )
            if status == "waiting_customer":
                assert open_req[case_id] == 1, where
                assert pending[case_id]["deadline"] == 1, where
            else:
                assert open_req[case_id] == 0, where
            if status == "waiting_agent":
                assert open_task[case_id] == 1, where
            else:
                assert open_task[case_id] == 0, where
            if status == "waiting_timer":
                assert pending[case_id]["sleep"] == 1, where
            else:
                assert pending[case_id]["sleep"] == 0, where
            if status == "running":
                assert runnable == 1, f"{where} is running but nobody will run it"
            if CaseStatus(status).terminal:
                assert runnable == 0 and not pending[case_id], where
                assert self.terminal.setdefault(case_id, status) == status, where
            else:
                assert case_id not in self.terminal, f"{where} was {self.terminal.get(case_id)}"

    def event_sequences_gap_free(self) -> None:
        seqs: dict[str, list[int]] = defaultdict(list)
        for case_id, seq in self.q("SELECT case_id, seq FROM events ORDER BY case_id, seq"):
            seqs[case_id].append(seq)
        for case_id, event_seq in self.q("SELECT id, event_seq FROM cases"):
            assert seqs[case_id] == list(range(1, event_seq + 1)), case_id
        firsts = self.q("SELECT case_id, type FROM events WHERE seq = 1")
        assert all(t == "case.created" for _, t in firsts), firsts
        ends = Counter(
            case_id
            for (case_id,) in self.q(
                "SELECT case_id FROM events "
                "WHERE type IN ('case.completed', 'case.cancelled', 'case.failed')"
            )
        )
        for case_id, status in self.q("SELECT id, status FROM cases"):
            assert ends[case_id] == int(CaseStatus(status).terminal), (case_id, status, ends)
        for case_id, positions in self._journal_positions().items():
            assert positions == list(range(len(positions))), (case_id, positions)

    def _journal_positions(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        for case_id, pos in self.q("SELECT case_id, position FROM journal ORDER BY 1, 2"):
            out[case_id].append(pos)
        return out

    def _events(self, type_: str) -> list[dict[str, Any]]:
        return [
            {"case_id": c, **json.loads(p)}
            for c, p in self.q("SELECT case_id, payload FROM events WHERE type = ?", type_)
        ]

    def answers_applied_once(self) -> None:
        answered = Counter(e["request_id"] for e in self._events("request.answered"))
        rejected = Counter(e["request_id"] for e in self._events("request.answer_rejected"))
        assert rejected == +self.rejects, (rejected, self.rejects)
        sent = Counter(e["request_id"] for e in self._events("request.sent"))
        rows = self.q(
            "SELECT r.id, r.case_id, r.position, r.status, r.attempts, r.answer, j.state, j.result "
            "FROM requests r JOIN journal j ON j.case_id = r.case_id AND j.position = r.position"
        )
        per_position = Counter((r[1], r[2]) for r in rows)
        assert all(n == 1 for n in per_position.values()), per_position
        assert set(self.accepted) == {r[0] for r in rows if r[3] == "answered"}
        for rid, _case_id, _pos, status, attempts, answer, state, result in rows:
            assert sent[rid] == 1, (rid, sent[rid])
            assert attempts == self.rejects[rid], (rid, attempts, self.rejects[rid])
            if status == "answered":
                assert answered[rid] == 1, (rid, answered[rid])
                assert json.loads(answer) == self.accepted[rid], rid
                assert state == "done"
                assert json.loads(result)["value"] == self.accepted[rid]
            else:
                assert answered[rid] == 0, (rid, status)
            if status == "open":
                assert state == "pending", (rid, state)

    def side_effects_once_per_key(self) -> None:
        per_case_label: dict[tuple[str, str], set[str]] = defaultdict(set)
        for key, label in self.ledger.applied.items():
            case_id = key.rsplit(":", 1)[0]
            per_case_label[(case_id, label)].add(key)
            runs = self.ledger.executions[key]
            allowed = 1 if label == "charge" else 1 + self.interrupted[case_id]
            assert runs <= allowed, (key, label, runs, allowed)
        for (case_id, label), keys in per_case_label.items():
            assert len(keys) == 1, (case_id, label, keys)
        steps = self.q(
            "SELECT case_id, position, name, state, result FROM journal WHERE kind = 'step'"
        )
        for case_id, position, name, state, result in steps:
            if state != "done" or name not in EFFECT_LABELS:
                continue
            key = f"{case_id}:{position}"
            assert json.loads(result) == {"v": key}, (case_id, name, result)
            assert self.ledger.applied.get(key) == name, (key, name)
        for case_id, result in self.q("SELECT id, result FROM cases WHERE status = 'completed'"):
            self._check_completed(case_id, json.loads(result))

    def _check_completed(self, case_id: str, result: dict[str, Any]) -> None:
        start = self.inputs[case_id]
        for label in EFFECT_LABELS:
            keys = [
                k
                for k, v in self.ledger.applied.items()
                if v == label and k.rsplit(":", 1)[0] == case_id
            ]
            assert len(keys) == 1, (case_id, label, keys)
        states = {s for (s,) in self.q("SELECT state FROM journal WHERE case_id = ?", case_id)}
        assert states == {"done"}, (case_id, states)
        tasks = self.q(
            "SELECT id, queue, spec, outcome, status FROM tasks WHERE case_id = ?", case_id
        )
        requests = self.q(
            "SELECT id, kind, status, on_timeout FROM requests WHERE case_id = ?", case_id
        )
        by_kind = {kind: (rid, status, json.loads(ot)) for rid, kind, status, ot in requests}
        escalations = {json.loads(spec).get("request_id"): tid for tid, _, spec, _, _ in tasks}

        def resolved(kind: str) -> Any:
            rid, status, on_timeout = by_kind[kind]
            if status == "answered":
                return self.accepted[rid]
            assert status == "expired", (case_id, kind, status)
            if rid in escalations:  # its deadline escalated, or its invalid answers did
                return self.task_outcomes[escalations[rid]]
            if on_timeout["action"] == "escalate":
                return self.task_outcomes[escalations[rid]]
            if on_timeout["action"] == "default":
                return on_timeout["value"]
            assert on_timeout["action"] == "raise", on_timeout
            return {"decision": "timeout"}

        assert result["address"] == resolved("ask"), case_id
        assert result["confirmed"] == resolved("confirm")["decision"], case_id
        review = [tid for tid, queue, *_ in tasks if queue == "review"]
        if start["review"]:
            assert len(review) == 1
            assert result["approved"] == self.task_outcomes[review[0]]["approved"]
        else:
            assert not review and result["approved"] is None
        if start["charge"]:
            unknown = [tid for tid, _, spec, *_ in tasks if json.loads(spec).get("resolves")]
            if unknown:
                assert result["charged"] == self.task_outcomes[unknown[0]]
            else:
                key = result["charged"]
                assert self.ledger.applied.get(key) == "charge", (case_id, key)
                assert self.ledger.executions[key] == 1
        else:
            assert result["charged"] is None

    def timers_fire_once(self) -> None:
        reminded = Counter((e["request_id"], e["n"]) for e in self._events("request.reminded"))
        expired = Counter(e["request_id"] for e in self._events("request.expired"))
        too_many_invalid = Counter(e["request_id"] for e in self._events("request.escalated"))
        slept = Counter((e["case_id"], e["position"]) for e in self._events("sleep.ended"))
        escalated = Counter(
            e["request_id"] for e in self._events("task.created") if "request_id" in e
        )
        requests = {
            rid: (status, deadline, closed_at)
            for rid, status, deadline, closed_at in self.q(
                "SELECT id, status, deadline, closed_at FROM requests"
            )
        }
        timers = self.q(
            "SELECT case_id, kind, position, ref, payload, status, due_at, fired_at FROM timers"
        )
        reminder_due: dict[str, dict[int, str]] = defaultdict(dict)
        for _, kind, _, ref, payload, _, due_at, _ in timers:
            if kind == "reminder":
                reminder_due[ref][json.loads(payload)["n"]] = due_at
        for case_id, kind, position, ref, payload, status, _due_at, fired_at in timers:
            fired = status == "fired"
            if kind == "reminder":
                n = json.loads(payload)["n"]
                where = (ref, n, status, reminded[(ref, n)])
                assert reminded[(ref, n)] <= int(fired), where
                if fired and not reminded[(ref, n)]:
                    # a reminder is spent silently only when it no longer makes sense: the
                    # request closed, its deadline is due too, or a later reminder is due too
                    req_status, deadline, closed_at = requests[ref]
                    later = [d for m, d in reminder_due[ref].items() if m > n and d <= fired_at]
                    assert (
                        fired_at >= deadline
                        or later
                        or (closed_at is not None and closed_at <= fired_at)
                    ), (*where, "spent silently", req_status, deadline, fired_at)
            elif kind == "deadline":
                assert expired[ref] == int(fired), (ref, status, expired[ref])
                # a request closes as expired when its deadline fired, or when its invalid
                # answers reached the limit (then the deadline timer was dropped unfired)
                assert (requests[ref][0] == "expired") == (fired or too_many_invalid[ref] == 1), (
                    ref,
                    requests[ref],
                    status,
                    too_many_invalid[ref],
                )
                assert too_many_invalid[ref] <= 1 and not (fired and too_many_invalid[ref])
            else:
                assert slept[(case_id, position)] == int(fired), (case_id, position, status)
        assert all(n <= 1 for n in escalated.values()), escalated
        per_position = Counter(self.q("SELECT case_id, position FROM tasks"))
        assert all(n == 1 for n in per_position.values()), per_position
        reminders = Counter(
            k for (k,) in self.q("SELECT idempotency_key FROM outbox WHERE kind = 'reminder'")
        )
        assert set(reminders) == {f"{r}:reminder:{n}" for r, n in reminded}


EngineMachine.TestCase.settings = hypothesis_settings(
    max_examples=200, stateful_step_count=50, deadline=None
)
TestEngineStateful = EngineMachine.TestCase
