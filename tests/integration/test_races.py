"""Exactly one winner: an agent and the customer (or a deadline, or a second agent) acting on
the same request or task at the same moment, through the real single group-commit writer; both
attempts of every race end up in the audit log, which still verifies."""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from pydantic import BaseModel

import inloop
from inloop import CaseStatus
from inloop.cli.main import main
from inloop.engine.engine import AnswerReceipt
from inloop.engine.timers import fire_timer
from inloop.errors import RequestClosed, TaskClosed
from inloop.humans.audit import Audit
from inloop.humans.casework import CaseWork
from inloop.humans.races import answer_as_customer, customer_actor
from inloop.humans.tasks import TaskDesk
from inloop.ids import new_id
from inloop.records import AuditEntry, TaskRecord, UserRecord
from inloop.testing import Harness

BATCH = 100


class Iban(BaseModel):
    iban: str


class Decision(BaseModel):
    approve: bool
    note: str


def race_app() -> inloop.App:
    app = inloop.App()

    @app.process("ask")
    async def ask(case: inloop.Case) -> str:
        return (await case.ask(Iban)).iban

    @app.process("ask_by")
    async def ask_by(case: inloop.Case) -> str:
        answer = await case.ask(
            Iban,
            deadline=timedelta(days=1),
            on_timeout=inloop.UseDefault(value={"iban": "default"}),
        )
        return answer.iban

    @app.process("decide")
    async def decide(case: inloop.Case) -> str:
        return (await case.hand_to_agent("claims", reason="check", outcome=Decision)).note

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


async def start_many(h: Harness, process: str, n: int) -> list[str]:
    ids = list(await asyncio.gather(*(h.engine.start(process) for _ in range(n))))
    await h.run_until_idle()
    return ids


async def outcome(coro: Any) -> Any:
    """The result of an attempt, or the inloop error it raised."""
    try:
        return await coro
    except (RequestClosed, TaskClosed) as exc:
        return exc


async def audit_by_subject(h: Harness) -> dict[str, list[AuditEntry]]:
    found: dict[str, list[AuditEntry]] = {}
    async for entry in Audit(h.engine.store, h.clock).entries():
        found.setdefault(entry.subject or "", []).append(entry)
    return found


def verify_with_the_cli(db: Path) -> None:
    r = CliRunner().invoke(
        main, ["audit", "verify", "--database", f"sqlite:///{db}"], env={"INLOOP_DEBUG": None}
    )
    assert r.exit_code == 0, r.output
    assert r.output.startswith("audit log ok:"), r.output


async def test_1000_races_of_agent_answer_vs_customer_answer(tmp_path: Path) -> None:
    rng = random.Random(5)
    async with Harness(race_app(), tmp_path / "races.db") as h:
        sue = await make_user(h, "sue", "supervisor")
        work = CaseWork(h.engine)
        case_ids = await start_many(h, "ask", 1000)
        requests = []
        for cid in case_ids:
            req = await h.open_request(cid)
            assert req is not None
            requests.append(req)

        results: list[tuple[Any, Any, bool]] = []
        for start in range(0, len(requests), BATCH):
            batch = requests[start : start + BATCH]
            attempts = []
            for i, req in enumerate(batch, start):
                same = i % 4 == 0  # now and then both send the same answer
                customer = answer_as_customer(
                    h.engine, req.id, {"iban": f"C{i}"}, case_id=req.case_id
                )
                agent = work.answer_for_customer(
                    sue, req.case_id, req.id, {"iban": f"C{i}" if same else f"A{i}"}
                )
                pair = [outcome(customer), outcome(agent)]
                if rng.random() < 0.5:
                    pair.reverse()
                    attempts.append((pair, True, same))
                else:
                    attempts.append((pair, False, same))
            flat = await asyncio.gather(*(c for pair, _, _ in attempts for c in pair))
            for k, (_, flipped, same) in enumerate(attempts):
                first, second = flat[2 * k], flat[2 * k + 1]
                customer_result, agent_result = (second, first) if flipped else (first, second)
                results.append((customer_result, agent_result, same))
        await h.run_until_idle()

        audited = await audit_by_subject(h)
        winners: Counter[str] = Counter()
        for req, (customer_result, agent_result, same) in zip(requests, results, strict=True):
            attempts = [customer_result, agent_result]
            won = [r for r in attempts if isinstance(r, AnswerReceipt) and not r.duplicate]
            assert len(won) == 1, (req.id, attempts)
            loser = agent_result if won[0] is customer_result else customer_result
            if isinstance(loser, AnswerReceipt):
                assert same and loser.duplicate and loser.answered_at == won[0].answered_at
            else:
                assert isinstance(loser, RequestClosed), loser
                assert loser.data["request_id"] == req.id
            winner = "customer" if won[0] is customer_result else "agent"
            winners[winner] += 1
            events = await h.events(req.case_id)
            answered = [e for e in events if e.type == "request.answered"]
            assert len(answered) == 1
            assert answered[0].actor == ("customer" if winner == "customer" else f"agent:{sue.id}")
            assert [e.type for e in events].count("case.completed") == 1
            case = await h.case(req.case_id)
            assert case.status is CaseStatus.COMPLETED
            assert case.result == answered[0].payload["answer"]["iban"]
            # both attempts are in the audit log: the agent's always, with its outcome; the
            # customer's as its own entry when it lost, else named by the agent's refusal
            entries = audited.get(req.id, [])
            by_agent = [e for e in entries if e.actor == sue.id]
            by_customer = [e for e in entries if e.actor == customer_actor(req.case_id)]
            assert len(by_agent) == 1 and len(entries) == 2 - (winner == "customer"), entries
            lost = by_customer[0] if winner == "agent" else by_agent[0]
            assert lost.action == "request.answer_refused"
            detail = json.loads(lost.detail)
            assert detail["outcome"] == ("duplicate" if same else "refused")
            assert detail["case_id"] == req.case_id
            assert detail["answered_at"] == won[0].answered_at
            if winner == "agent":
                assert by_agent[0].action == "request.answered_for_customer"
                assert detail["reason"] == "agent_answered_first"
                assert detail["answered_by"] == sue.id
            else:
                assert not by_customer
                assert detail["reason"] == "customer_answered_first"
                assert detail["answered_by"] == "customer"
            assert "iban" not in lost.detail  # never the answer itself
        assert sum(winners.values()) == 1000
        assert winners["customer"] > 0 and winners["agent"] > 0, winners  # real races
        assert (await Audit(h.engine.store, h.clock).verify()).ok
    await asyncio.to_thread(verify_with_the_cli, tmp_path / "races.db")


async def test_agent_answer_vs_the_deadline_timer(tmp_path: Path) -> None:
    async with Harness(race_app(), tmp_path / "deadline.db") as h:
        sue = await make_user(h, "sue", "supervisor")
        desk = TaskDesk(h.engine)
        case_ids = await start_many(h, "ask_by", 200)
        requests = []
        for cid in case_ids:
            req = await h.open_request(cid)
            assert req is not None
            requests.append(req)
        now = h.clock.advance(days=1)  # every deadline is due: fire each while the agent answers
        timers = {t.ref: t for t in await h.engine.store.due_timers(now=now, limit=1000)}
        assert len(timers) == len(requests)
        rng = random.Random(7)
        pairs = []
        for i, req in enumerate(requests):
            pair = [
                fire_timer(h.engine, timers[req.id], now),
                outcome(desk.answer_for_customer(req.id, {"iban": f"A{i}"}, sue)),
            ]
            flipped = rng.random() < 0.5
            pairs.append(pair[::-1] if flipped else pair)
        flat = await asyncio.gather(*(c for pair in pairs for c in pair))
        # a timer's result is a bool; the agent's a receipt or the error it got
        agent_results = [
            b if isinstance(a, bool) else a for a, b in zip(flat[::2], flat[1::2], strict=True)
        ]
        assert await h.engine.fire_due_timers() == 0  # each timer fired once, here
        await h.run_until_idle()
        accepted = sum(isinstance(r, AnswerReceipt) for r in agent_results)
        assert 0 < accepted < len(requests), accepted  # both sides won some races
        for i, (req, result) in enumerate(zip(requests, agent_results, strict=True)):
            types = await h.event_types(req.case_id)
            case = await h.case(req.case_id)
            assert case.status is CaseStatus.COMPLETED
            assert types.count("request.answered") + types.count("request.expired") == 1
            assert types.count("case.completed") == 1
            if isinstance(result, AnswerReceipt):
                assert not result.duplicate and case.result == f"A{i}"
            else:
                assert isinstance(result, RequestClosed) and result.data["status"] == "expired"
                assert case.result == "default"


async def test_two_completions_of_one_task(tmp_path: Path) -> None:
    async with Harness(race_app(), tmp_path / "tasks.db") as h:
        ann = await make_user(h, "ann", "agent", ("claims",))
        sue = await make_user(h, "sue", "supervisor")
        desk = TaskDesk(h.engine)
        work = CaseWork(h.engine)
        case_ids = await start_many(h, "decide", 200)
        tasks = []
        for cid in case_ids:
            task = await h.open_task(cid)
            assert task is not None
            await desk.claim(task.id, ann)
            tasks.append(task)
        rng = random.Random(11)
        attempts = []
        for t in tasks:
            pair = [(who, user) for who, user in (("ann", ann), ("sue", sue))]
            rng.shuffle(pair)  # either completion may be submitted first
            attempts += [
                outcome(work.complete(user, t.id, {"approve": True, "note": who}))
                for who, user in pair
            ]
        results = await asyncio.gather(*attempts)
        await h.run_until_idle()
        audited = await audit_by_subject(h)
        wins = Counter(r.completed_by for r in results if isinstance(r, TaskRecord))
        assert len(wins) == 2, wins  # both completions won some races
        for k, task in enumerate(tasks):
            pair = results[2 * k : 2 * k + 2]
            done = [r for r in pair if isinstance(r, TaskRecord)]
            assert len(done) == 1 and sum(isinstance(r, TaskClosed) for r in pair) == 1
            types = await h.event_types(task.case_id)
            assert types.count("task.completed") == 1 and types.count("case.completed") == 1
            case = await h.case(task.case_id)
            winner, loser = (ann, sue) if case.result == "ann" else (sue, ann)
            assert done[0].completed_by == f"agent:{winner.id}"
            entries = {e.action: (e.actor, json.loads(e.detail)) for e in audited[task.id]}
            assert len(audited[task.id]) == 2
            assert entries == {
                "task.completed": (winner.id, {"case_id": task.case_id}),
                "task.complete_refused": (
                    loser.id,
                    {
                        "case_id": task.case_id,
                        "outcome": "refused",
                        "reason": "agent_completed_first",
                        "completed_by": winner.id,
                    },
                ),
            }
        assert (await Audit(h.engine.store, h.clock).verify()).ok
