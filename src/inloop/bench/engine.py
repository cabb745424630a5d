"""``inloop bench engine``: the CITL case shape, measured.

Each case: start with a small JSON payload, a recorded ``classify`` step, an ``ask`` that parks,
the answer delivered through :meth:`Engine.answer` (the portal's path), an ``apply`` step with a
side effect, completion.

Figures:

- ``cases_per_s``: N cases / wall time from the first start to the last completion, with every
  case answered as soon as it parks.
- ``resume_p50_ms`` / ``resume_p99_ms``: answer accepted -> case completed, answers sent at a
  steady rate (50/s by default) to parked cases.
- ``bytes_per_case``: database size (used pages) / cases.
- ``side_effects_ok``: every case's ``apply`` ran exactly once.
- with ``parked``: RSS growth and thread count after parking that many cases, and the resume
  latency of 200 of them afterwards.
"""

from __future__ import annotations

import asyncio
import gc
import os
import platform
import sqlite3
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from inloop._version import __version__
from inloop.config import Settings
from inloop.engine.case import Case
from inloop.engine.engine import Engine
from inloop.engine.process import App
from inloop.engine.worker import Worker
from inloop.records import CaseStatus


class AccountDetails(BaseModel):
    iban: str = Field(min_length=15, max_length=34)
    amount: float = Field(gt=0)


def build_app(effects: Counter[str]) -> App:
    app = App()

    async def classify(text: str) -> dict[str, Any]:
        return {"intent": "refund" if "refund" in text else "other", "confidence": 0.62}

    async def apply(key: str, iban: str, amount: float) -> str:
        effects[key] += 1
        return key

    @app.process("bench_citl", stages=["Received", "Details", "Done"])
    async def bench_citl(case: Case) -> dict[str, Any]:
        intent: dict[str, Any] = await case.step(classify, case.input["text"])
        case.set_stage("Details")
        details = await case.ask(AccountDetails, prefill={"amount": case.input["amount"]})
        await case.step(apply, case.id, details.iban, details.amount)
        case.set_stage("Done")
        return {"intent": intent["intent"], "refunded": details.amount}

    return app


ANSWER = {"iban": "DE89370400440532013000", "amount": 12.5}


def _payload(i: int) -> dict[str, Any]:
    return {"text": f"please refund order {i}", "amount": 12.5, "order": f"A-{i:07d}"}


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


class _Tracker:
    """Completion times per case, from the engine's status notifications."""

    def __init__(self, engine: Engine) -> None:
        self.done: dict[str, float] = {}
        self.parked: asyncio.Queue[str] = asyncio.Queue()
        self.all_done = asyncio.Event()
        self.changed = asyncio.Event()
        self.expected = 0
        engine.add_listener(self.on_status)

    def on_status(self, case_id: str, status: CaseStatus) -> None:
        if status is CaseStatus.WAITING_CUSTOMER:
            self.parked.put_nowait(case_id)
        elif status is CaseStatus.COMPLETED:
            self.done[case_id] = time.perf_counter()
            self.changed.set()
            if len(self.done) >= self.expected:
                self.all_done.set()
        elif status.terminal:
            raise RuntimeError(f"bench case {case_id} ended {status.value}")

    async def wait_done(self, ids: list[str]) -> None:
        while not all(cid in self.done for cid in ids):
            self.changed.clear()
            await self.changed.wait()


async def _answer(engine: Engine, case_id: str) -> float:
    req = await engine.open_request(case_id)
    assert req is not None, case_id
    await engine.answer(req.id, ANSWER, case_id=case_id)
    return time.perf_counter()


async def _start_all(engine: Engine, n: int, offset: int, chunk: int = 500) -> list[str]:
    ids: list[str] = []
    for lo in range(0, n, chunk):
        ids += await asyncio.gather(
            *(
                engine.start("bench_citl", _payload(offset + i), customer={"locale": "en"})
                for i in range(lo, min(n, lo + chunk))
            )
        )
    return ids


async def _park(engine: Engine, tracker: _Tracker, n: int, offset: int) -> list[str]:
    ids = await _start_all(engine, n, offset)
    waiting = set(ids)
    while waiting:
        waiting.discard(await tracker.parked.get())
    return ids


async def _latency(engine: Engine, tracker: _Tracker, ids: list[str], rate: float) -> list[float]:
    """Answer ``ids`` at ``rate`` per second; latency = accepted -> completed, in ms."""
    accepted: dict[str, float] = {}
    interval = 1.0 / rate
    t0 = time.perf_counter()
    pending = []
    for i, case_id in enumerate(ids):
        delay = t0 + i * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)

        async def one(cid: str = case_id) -> None:
            accepted[cid] = await _answer(engine, cid)

        pending.append(asyncio.create_task(one()))
    await asyncio.gather(*pending)
    await tracker.wait_done(ids)
    return [(tracker.done[cid] - accepted[cid]) * 1000 for cid in ids]


async def run_engine_bench(
    settings: Settings,
    *,
    cases: int,
    parked: int = 0,
    latency_answers: int = 500,
    rate: float = 50.0,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    effects: Counter[str] = Counter()
    app = build_app(effects)
    figures: dict[str, Any] = {
        "inloop": __version__,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "database": settings.database_url.split(":", 1)[0],
        "synchronous": settings.sqlite_synchronous,
        "cpus": os.cpu_count(),
    }
    async with Engine(app, settings) as engine:
        worker = Worker(engine)
        runner = asyncio.create_task(worker.run())
        tracker = _Tracker(engine)
        try:
            if cases:
                say(f"throughput: {cases} cases, each answered as soon as it parks ...")
                tracker.expected = cases

                answers: set[asyncio.Task[float]] = set()

                async def answer_parked() -> None:
                    while True:
                        cid = await tracker.parked.get()
                        task = asyncio.create_task(_answer(engine, cid))
                        answers.add(task)
                        task.add_done_callback(answers.discard)

                answering = asyncio.create_task(answer_parked())
                before = engine.store.stats()
                t0 = time.perf_counter()
                await _start_all(engine, cases, 0)
                await tracker.all_done.wait()
                wall = max(tracker.done.values()) - t0
                answering.cancel()
                after = engine.store.stats()
                commits = after["commits"] - before["commits"]
                ops = after["operations"] - before["operations"]
                figures.update(
                    cases=cases,
                    cases_per_s=round(cases / wall, 1),
                    wall_s=round(wall, 3),
                    commits_per_case=round(commits / cases, 3),
                    operations_per_commit=round(ops / commits, 2) if commits else 0,
                )
                say(f"  {figures['cases_per_s']} cases/s")

                n = min(latency_answers, max(cases, 10))
                say(f"latency: {n} parked cases answered at {rate:g}/s ...")
                tracker.expected = cases + n
                tracker.all_done.clear()
                ids = await _park(engine, tracker, n, cases)
                lat = await _latency(engine, tracker, ids, rate)
                figures.update(
                    resume_p50_ms=round(statistics.median(lat), 2),
                    resume_p99_ms=round(_percentile(lat, 0.99), 2),
                    resume_max_ms=round(max(lat), 2),
                    latency_answers=n,
                )
                say(f"  p50 {figures['resume_p50_ms']} ms, p99 {figures['resume_p99_ms']} ms")
                total = cases + n
                figures["side_effects_ok"] = len(effects) == total and all(
                    v == 1 for v in effects.values()
                )
                figures["bytes_per_case"] = round(_db_bytes(settings) / total)
            if parked:
                say(f"parked: {parked} cases waiting for customers ...")
                gc.collect()
                rss0, threads0 = _rss_mb(), threading.active_count()
                tracker.expected = len(tracker.done) + 200
                tracker.all_done.clear()
                ids = await _park(engine, tracker, parked, 10_000_000)
                gc.collect()
                rss1, threads1 = _rss_mb(), threading.active_count()
                figures.update(
                    parked=parked,
                    parked_rss_mb=round(rss1 - rss0, 1),
                    parked_threads=threads1 - threads0,
                    threads_total=threads1,
                )
                say(f"  +{figures['parked_rss_mb']} MB RSS, +{figures['parked_threads']} threads")
                step = max(1, len(ids) // 200)
                sample = ids[::step][:200]
                lat = await _latency(engine, tracker, sample, rate)
                figures.update(
                    parked_resume_p50_ms=round(statistics.median(lat), 2),
                    parked_resume_p99_ms=round(_percentile(lat, 0.99), 2),
                )
                say(
                    f"  resume p50 {figures['parked_resume_p50_ms']} ms, "
                    f"p99 {figures['parked_resume_p99_ms']} ms"
                )
        finally:
            worker.stop()
            await runner
    return figures


def _db_bytes(settings: Settings) -> int:
    if not settings.database_url.startswith("sqlite:///"):
        return 0
    path = settings.database_url[len("sqlite:///") :]
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        return int((pages - free) * size)
    finally:
        conn.close()
