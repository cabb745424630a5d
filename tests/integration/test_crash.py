"""Crash test: SIGKILL the worker process again and again during a 1,000-case run.

Acceptance criterion: "A crash test kills the worker process with SIGKILL at least 20 times during
a 1,000-case run and restarts it: 0 lost cases, 0 duplicate side effects, every case's event
sequence gap-free, ``PRAGMA integrity_check`` ok."

Set-up: ``inloop worker`` runs as a subprocess on a SQLite file (synchronous FULL) with the app of
``tests/apps/crash_app.py``, whose ``apply`` step books into an external ledger (another SQLite
file). This test process is the customers: an :class:`Engine` without a worker on the same
database starts the cases (a steady stream, never more than one worker lifetime ahead of the
kills, the last third held back until kills have cut runs short) and answers every open request.
Meanwhile the worker is killed with SIGKILL 0.1-0.6 s after it comes up, and restarted; every
other kill waits (in a thread, off the busy event loop) until the worker holds a case and lands
0-5 ms later, inside a run. Killing goes on until at least 20 kills, 5 of them in a run. A last
worker then runs everything to completion and the books are checked: cases, the external ledger,
the event sequences, ``PRAGMA integrity_check``.

Run alone: ``python -m pytest tests/integration/test_crash.py -q -s`` (prints the figures).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from inloop import CaseStatus, Engine, Settings
from inloop.errors import RequestClosed, StorageError
from tests.apps.crash_app import app, connect_ledger, create_ledger

ROOT = Path(__file__).resolve().parents[2]
APP_REF = "tests.apps.crash_app:app"
PROCESS = "crash_citl"
CASES = 1000
MIN_KILLS = 20
MIN_KILLS_MID_RUN = MIN_KILLS // 4  # kills that must cut a run short (the premise of the test)
MAX_KILLS = 4 * MIN_KILLS  # fewer kills land in a run on a loaded machine: go on, up to this
KILL_GAP_S = (0.1, 0.6)
START_RATE = 60.0  # cases per second: 1,000 cases over more than 20 worker lifetimes
READY_TIMEOUT_S = 30.0
FINAL_TIMEOUT_S = 120.0
ANSWER = {"iban": "DE89370400440532013000", "amount": 12.5}
APPLY_POSITION = 3  # classify (0), set_stage (1), ask (2), apply (3)

# the customers' side retries a busy database (the other process holds the write lock)
RETRYABLE = (StorageError, sqlite3.OperationalError)

T = TypeVar("T")


class WorkerDied(AssertionError):
    """The worker process ended by itself (not by our SIGKILL)."""


class Workers:
    """The ``inloop worker`` subprocess: started, killed and restarted, one at a time."""

    def __init__(self, tmp_path: Path, url: str, ledger: Path) -> None:
        self.db_path = url.removeprefix("sqlite:///")
        self.dir = tmp_path / "workers"
        self.dir.mkdir()
        self.cmd = [
            sys.executable,
            "-m",
            "inloop.cli.main",
            "worker",
            "--app",
            APP_REF,
            "--database",
            url,
        ]
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("INLOOP_")},
            "INLOOP_SQLITE_SYNCHRONOUS": "FULL",
            "INLOOP_WORKER_LEASE_SECONDS": "1",
            "INLOOP_WORKER_POLL_SECONDS": "0.05",
            "INLOOP_TEST_LEDGER": str(ledger),
            "INLOOP_LOG_LEVEL": "WARNING",
        }
        self.proc: subprocess.Popen[bytes] | None = None
        self.generation = 0
        self.kills = 0
        self.kills_mid_run = 0
        self.aiming = False
        self.orphaned_runs = 0

    def _paths(self, generation: int) -> tuple[Path, Path]:
        return (
            self.dir / f"worker-{generation:03d}.out",
            self.dir / f"worker-{generation:03d}.err",
        )

    def spawn(self) -> None:
        assert self.proc is None or self.proc.poll() is not None
        self.generation += 1
        out, err = self._paths(self.generation)
        with open(out, "wb") as fo, open(err, "wb") as fe:
            self.proc = subprocess.Popen(
                self.cmd, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=fo, stderr=fe
            )

    def stderr(self, generation: int | None = None) -> str:
        _, err = self._paths(generation or self.generation)
        return err.read_text(errors="replace")

    def check_alive(self, doing: str) -> None:
        assert self.proc is not None
        code = self.proc.poll()
        if code is not None:
            raise WorkerDied(
                f"worker generation {self.generation} (pid {self.proc.pid}) exited by itself "
                f"with code {code} while {doing}; stderr:\n{self.stderr()[-6000:]}"
            )

    async def wait_ready(self) -> None:
        """Until the worker has opened the database and printed its banner."""
        out, _ = self._paths(self.generation)
        deadline = time.monotonic() + READY_TIMEOUT_S
        while b"inloop worker" not in out.read_bytes():
            self.check_alive("starting")
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"worker generation {self.generation} not ready after {READY_TIMEOUT_S} s; "
                    f"stderr:\n{self.stderr()[-6000:]}"
                )
            await asyncio.sleep(0.01)

    def kill(self) -> None:
        self.check_alive("running (before SIGKILL)")
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        code = self.proc.wait(timeout=10)
        assert code == -signal.SIGKILL, f"worker ended with {code} after SIGKILL"
        self.kills += 1
        # the runs the kill cut short: cases still leased to the dead worker
        with contextlib.closing(sqlite3.connect(self.db_path, timeout=30.0)) as conn:
            orphaned = self._leased(conn)
        self.orphaned_runs += orphaned
        self.kills_mid_run += orphaned > 0

    def _leased(self, conn: sqlite3.Connection) -> int:
        """How many cases the current worker holds (its name holds its pid)."""
        assert self.proc is not None
        (n,) = conn.execute(
            "SELECT count(*) FROM cases WHERE lease_owner LIKE ?", (f"%:{self.proc.pid}:%",)
        ).fetchone()
        return int(n)

    def kill_in_a_run(self, timeout: float) -> None:
        """SIGKILL once the worker has claimed a case (a run is in flight), 0-5 ms later: in a
        step, between a step and its commit, or in the commit; after ``timeout`` regardless.

        Runs in a thread of its own (``asyncio.to_thread``), so that the timing does not wait for
        the event loop, which is busy answering cases for the customers."""
        deadline = time.monotonic() + timeout
        self.aiming = True  # the customers release the next cases now: a run starts while we watch
        try:
            with contextlib.closing(sqlite3.connect(self.db_path, timeout=30.0)) as conn:
                while time.monotonic() < deadline:
                    if self._leased(conn):
                        time.sleep(random.uniform(0.0, 0.005))
                        break
                    time.sleep(0.001)
            self.kill()
        finally:
            self.aiming = False

    def stop(self) -> int:
        """SIGTERM (a graceful stop); returns the exit code."""
        self.check_alive("running (before SIGTERM)")
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)

    def cleanup(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def log_summary(self) -> Counter[str]:
        """Counts of WARNING/ERROR/Traceback lines over all workers' stderr."""
        seen: Counter[str] = Counter()
        for g in range(1, self.generation + 1):
            for line in self.stderr(g).splitlines():
                for word in ("WARNING", "ERROR", "CRITICAL", "Traceback"):
                    if word in line:
                        seen[word] += 1
        return seen


async def _retry(counter: Counter[str], what: str, op: Callable[[], Awaitable[T]]) -> T:
    """``op()`` again while the database is busy (bounded)."""
    for attempt in range(200):
        try:
            return await op()
        except RETRYABLE:
            counter[f"{what}_retries"] += 1
            await asyncio.sleep(min(0.5, 0.01 * (attempt + 1)))
    raise AssertionError(f"{what}: database still busy after 200 attempts")


class Customers:
    """The test process's side: starts the cases and answers every open request."""

    def __init__(self, engine: Engine, workers: Workers) -> None:
        self.engine = engine
        self.workers = workers
        self.ids: list[str] = []
        self.counts: Counter[str] = Counter()
        self.stopping = asyncio.Event()

    def _allowed(self, since: float) -> int:
        """Cases released so far: a steady stream, so that work arrives all through the run;
        never more than a lifetime ahead of the kills (on a slow machine), the next lifetime's
        cases as an aimed kill starts watching (else the worker has eaten up its cases by then
        and the kill finds no run), and a reserve held back until kills have cut runs short."""
        by_time = int(START_RATE * (time.monotonic() - since))
        by_kills = CASES * (self.workers.kills + 2 + self.workers.aiming) // MIN_KILLS
        by_runs_cut = CASES * (self.workers.kills_mid_run + 2) // (MIN_KILLS_MID_RUN + 1)
        if self.workers.kills >= MAX_KILLS:
            by_runs_cut = CASES  # killing has stopped trying: the assertion will tell
        return min(CASES, by_time, by_kills, by_runs_cut)

    async def start_all(self) -> None:
        since = time.monotonic()
        i = 0
        while i < CASES:
            allowed = self._allowed(since)
            if i >= allowed:
                await asyncio.sleep(0.02)
                continue
            batch = range(i, min(allowed, i + 10))
            self.ids += await asyncio.gather(*(self._start(n) for n in batch))
            i = batch.stop
            await asyncio.sleep(0.01)

    async def _start(self, n: int) -> str:
        payload = {"text": f"please refund order {n}", "amount": 12.5, "order": f"A-{n:07d}"}
        # the start key makes a retried start (after a busy database) return the same case
        return await _retry(
            self.counts,
            "start",
            lambda: self.engine.start(
                PROCESS, payload, customer={"locale": "en"}, key=f"crash-{n}"
            ),
        )

    async def answer_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                waiting = await self.engine.store.list_cases(
                    status=CaseStatus.WAITING_CUSTOMER, limit=CASES * 2
                )
            except RETRYABLE:
                self.counts["list_retries"] += 1
                waiting = []
            if waiting:
                await asyncio.gather(*(self._answer(c.id) for c in waiting))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), 0.05)

    async def _answer(self, case_id: str) -> None:
        try:
            req = await self.engine.open_request(case_id)
            if req is None:
                return
            receipt = await self.engine.answer(req.id, ANSWER, case_id=case_id)
        except RequestClosed:
            self.counts["answer_closed"] += 1
        except RETRYABLE:
            self.counts["answer_retries"] += 1  # the next sweep tries again
        else:
            self.counts["answer_duplicate" if receipt.duplicate else "answered"] += 1


def _check_task(task: asyncio.Task[None]) -> None:
    """A customers' task that failed fails the test now (not after the final timeout)."""
    if task.done():
        task.result()


async def _status_report(engine: Engine) -> str:
    counts = await engine.store.count_cases()
    lines = [f"statuses: { {s.value: n for s, n in counts.items()} }"]
    for status in counts:
        if status is CaseStatus.COMPLETED:
            continue
        for rec in await engine.store.list_cases(status=status, limit=5):
            events = await engine.events(rec.id)
            journal = [
                (e.position, e.kind.value, e.name, e.state.value)
                for e in await engine.store.journal(rec.id)
            ]
            lines.append(
                f"  {rec.id} {rec.status.value} runnable={rec.runnable} "
                f"lease_token={rec.lease_token} error={rec.error}\n"
                f"    journal: {journal}\n"
                f"    events: {[(e.seq, e.type) for e in events]}"
            )
    return "\n".join(lines)


@pytest.mark.slow
async def test_sigkill_worker_during_1000_case_run(
    tmp_path: Path, record_property: Callable[[str, Any], None]
) -> None:
    t0 = time.perf_counter()
    url = f"sqlite:///{(tmp_path / 'inloop.db').resolve()}"
    ledger = (tmp_path / "ledger.db").resolve()
    create_ledger(str(ledger))
    settings = Settings(database_url=url)  # synchronous FULL, the default
    assert settings.sqlite_synchronous == "FULL"
    workers = Workers(tmp_path, url, ledger)

    async with Engine(app, settings) as engine:  # creates the schema before any worker runs
        customers = Customers(engine, workers)
        answering = asyncio.create_task(customers.answer_loop())
        starting = asyncio.create_task(customers.start_all())
        try:
            # chaos: start, let it work 0.1-0.6 s, SIGKILL; until enough kills, a quarter of
            # them in a run (or MAX_KILLS), and all started
            while (
                workers.kills < MIN_KILLS
                or (workers.kills_mid_run < MIN_KILLS_MID_RUN and workers.kills < MAX_KILLS)
                or not starting.done()
            ):
                workers.spawn()
                await workers.wait_ready()
                await asyncio.sleep(random.uniform(*KILL_GAP_S))
                # every other kill aims at a run in flight
                if workers.generation % 2 == 0:
                    await asyncio.to_thread(workers.kill_in_a_run, 1.0)
                else:
                    workers.kill()
                _check_task(answering)
                _check_task(starting)
            chaos_s = time.perf_counter() - t0

            # recovery: one worker runs every case to its end
            workers.spawn()
            await workers.wait_ready()
            deadline = time.monotonic() + FINAL_TIMEOUT_S
            while True:
                counts = await engine.store.count_cases()
                if counts.get(CaseStatus.COMPLETED, 0) >= CASES:
                    break
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"not every case completed {FINAL_TIMEOUT_S:.0f} s after the last "
                        f"restart (kills: {workers.kills}):\n{await _status_report(engine)}\n"
                        f"last worker's stderr:\n{workers.stderr()[-6000:]}"
                    )
                workers.check_alive("running the last cases")
                _check_task(answering)
                await asyncio.sleep(0.1)
            code = workers.stop()
            assert code == 0, f"the last worker exited with {code}:\n{workers.stderr()[-6000:]}"
        finally:
            workers.cleanup()  # no worker outlives the test
            customers.stopping.set()
            starting.cancel()
            await asyncio.gather(answering, starting, return_exceptions=True)
        _check_task(answering)
        wall_s = time.perf_counter() - t0

        # -- the books ------------------------------------------------------------------------
        assert workers.kills >= MIN_KILLS, f"only {workers.kills} kills"
        # the premise of the test: kills land while the worker has runs in flight
        assert workers.kills_mid_run >= MIN_KILLS_MID_RUN, (
            f"only {workers.kills_mid_run} of {workers.kills} kills caught a run in flight"
        )
        ids = customers.ids
        assert len(ids) == CASES and len(set(ids)) == CASES, "every start made its own case"

        # 0 lost cases: every case is there and completed
        cases = await engine.store.list_cases(limit=CASES * 2)
        assert len(cases) == CASES, f"{len(cases)} cases in the database, expected {CASES}"
        assert {c.id for c in cases} == set(ids)
        not_done = [c for c in cases if c.status is not CaseStatus.COMPLETED]
        assert not not_done, await _status_report(engine)

        # 0 duplicate side effects: one ledger row per case, under the step's stable key
        with contextlib.closing(connect_ledger(str(ledger))) as conn:
            rows = conn.execute("SELECT key, case_id, executions FROM ledger").fetchall()
        per_case = Counter(case_id for _, case_id, _ in rows)
        doubled = {cid: n for cid, n in per_case.items() if n > 1}
        assert not doubled, "cases with more than one ledger row (duplicate side effects): " + (
            "; ".join(f"{cid}: {[r for r in rows if r[1] == cid]}" for cid in list(doubled)[:10])
        )
        assert set(per_case) == set(ids), (
            f"ledger rows for {len(per_case)} cases; missing: "
            f"{sorted(set(ids) - set(per_case))[:10]}, unknown: "
            f"{sorted(set(per_case) - set(ids))[:10]}"
        )
        keys = {case_id: key for key, case_id, _ in rows}
        bad_keys = [
            (c.id, keys[c.id], c.result)
            for c in cases
            if keys[c.id] != f"{c.id}:{APPLY_POSITION}" or c.result.get("applied") != keys[c.id]
        ]
        assert not bad_keys, f"ledger key differs from the step's key / result: {bad_keys[:10]}"
        re_executions = sum(1 for _, _, n in rows if n > 1)
        executions = sum(n for _, _, n in rows)

        # every case's event sequence is gap-free, with exactly one completion
        problems = []
        for c in cases:
            events = await engine.events(c.id)
            seqs = [e.seq for e in events]
            types = Counter(e.type for e in events)
            if seqs != list(range(1, len(seqs) + 1)) or seqs[-1] != c.event_seq:
                problems.append(f"{c.id}: seq {seqs} (event_seq {c.event_seq})")
            if (
                types["case.completed"] != 1
                or types["case.created"] != 1
                or types["request.sent"] != 1
                or types["request.answered"] != 1
                or types["step.completed"] != 2
            ):
                problems.append(f"{c.id}: events {[(e.seq, e.type) for e in events]}")
        assert not problems, "event sequences:\n" + "\n".join(problems[:20])

        integrity = await engine.store.integrity_check()
        assert integrity == "ok", f"PRAGMA integrity_check: {integrity}"

    logs = workers.log_summary()
    figures = {
        "cases": CASES,
        "synchronous": settings.sqlite_synchronous,
        "kills": workers.kills,
        "kills_mid_run": workers.kills_mid_run,
        "runs_cut_short": workers.orphaned_runs,
        "workers_started": workers.generation,
        "re_executions": re_executions,
        "apply_executions": executions,
        "chaos_s": round(chaos_s, 1),
        "wall_s": round(wall_s, 1),
        **{k: v for k, v in sorted(customers.counts.items())},
        **{f"worker_log_{k.lower()}": v for k, v in sorted(logs.items())},
    }
    for name, value in figures.items():
        record_property(name, value)
    print("\ncrash test: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
