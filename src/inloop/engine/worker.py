"""The worker: claims runnable cases, runs them, fires due timers, keeps its leases alive.

Several workers (threads of one ``inloop serve``, or ``inloop worker`` processes) can share one
database: a case is leased to one worker at a time, every commit of a run is fenced by the lease
token, and a crashed worker's cases are taken over once its leases run out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from datetime import timedelta

from inloop.engine.engine import Engine
from inloop.ids import new_id
from inloop.records import CaseRecord, CaseStatus

log = logging.getLogger("inloop.worker")


class Worker:
    def __init__(
        self, engine: Engine, *, concurrency: int | None = None, name: str | None = None
    ) -> None:
        self.engine = engine
        self.concurrency = concurrency or engine.settings.worker_concurrency
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{new_id('w')[-8:]}"
        self._inflight: dict[str, asyncio.Task[CaseStatus | None]] = {}
        self._stopping = asyncio.Event()
        self.runs = 0

    @property
    def _lease(self) -> timedelta:
        return timedelta(seconds=self.engine.settings.worker_lease_seconds)

    async def claim_and_start(self) -> int:
        """Claim as many runnable cases as there is room for and start running them."""
        room = self.concurrency - len(self._inflight)
        if room <= 0:
            return 0
        now = self.engine.clock.now()
        claimed = await self.engine.store.claim(
            worker=self.name,
            process_keys=self.engine.app.keys(),
            limit=room,
            now=now,
            lease_until=now + self._lease,
        )
        for record in claimed:
            task = asyncio.create_task(self._run_one(record), name=f"case {record.id}")
            self._inflight[record.id] = task
        return len(claimed)

    async def _run_one(self, record: CaseRecord) -> CaseStatus | None:
        try:
            return await self.engine.run_case(record)
        except Exception:
            log.exception("worker failed to run case %s; it stays for a later run", record.id)
            return None
        finally:
            self.runs += 1
            self._inflight.pop(record.id, None)
            self.engine.wakeup.set()  # room for more

    async def run_until_idle(self, *, fire_timers: bool = True) -> int:
        """Run until no case is runnable and no timer is due (for tests and batch jobs);
        returns how many runs were made."""
        start = self.runs
        while True:
            fired = await self.engine.fire_due_timers() if fire_timers else 0
            claimed = await self.claim_and_start()
            if self._inflight:
                await asyncio.wait(list(self._inflight.values()))
                continue
            if not claimed and not fired:
                return self.runs - start

    async def run(self) -> None:
        """Run until :meth:`stop` is called."""
        tasks = [
            asyncio.create_task(self._cases_loop(), name="inloop cases"),
            asyncio.create_task(self._timers_loop(), name="inloop timers"),
            asyncio.create_task(self._lease_loop(), name="inloop leases"),
        ]
        try:
            await self._stopping.wait()
        finally:
            for t in tasks:
                t.cancel()
            for t in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await t
            if self._inflight:
                await asyncio.wait(list(self._inflight.values()), timeout=10)

    def stop(self) -> None:
        self._stopping.set()

    async def _cases_loop(self) -> None:
        wake = self.engine.wakeup
        poll = self.engine.settings.worker_poll_seconds
        while True:
            wake.clear()
            try:
                claimed = await self.claim_and_start()
            except Exception:
                log.exception("claiming cases failed; retrying")
                claimed = 0
                await asyncio.sleep(poll)
            if claimed and len(self._inflight) < self.concurrency:
                continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(poll):
                    await wake.wait()

    async def _timers_loop(self) -> None:
        poll = self.engine.settings.worker_poll_seconds
        while True:
            try:
                await self.engine.fire_due_timers()
                nxt = await self.engine.store.next_timer_due()
            except Exception:
                log.exception("firing timers failed; retrying")
                nxt = None
            delay = poll
            if nxt is not None:
                delay = max(0.0, min(poll, (nxt - self.engine.clock.now()).total_seconds()))
            await asyncio.sleep(delay)

    async def _lease_loop(self) -> None:
        every = self.engine.settings.worker_lease_seconds / 3
        while True:
            await asyncio.sleep(every)
            if not self._inflight:
                continue
            try:
                await self.engine.store.renew(
                    worker=self.name,
                    case_ids=list(self._inflight),
                    lease_until=self.engine.clock.now() + self._lease,
                )
            except Exception:
                log.exception("renewing leases failed")
