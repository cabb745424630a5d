"""Public test kit: drive a process in a test, without HTTP, on a real SQLite file.

    from inloop.testing import Harness

    async def test_address_change(tmp_path):
        async with Harness(app, tmp_path / "t.db") as h:
            case_id = await h.start("address_change", {"text": "I moved"})
            request = await h.open_request(case_id)
            await h.answer(case_id, {"street": "Main St 1", ...})
            await h.advance(days=3)                 # skips time: reminders, deadlines fire
            assert (await h.case(case_id)).status is CaseStatus.COMPLETED

:class:`FakeClock` skips time; everything else (store, engine, worker) is the real thing.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from inloop.config import Settings
from inloop.engine.engine import AnswerReceipt, Engine
from inloop.engine.process import App, Process
from inloop.engine.worker import Worker
from inloop.errors import AnswerInvalid
from inloop.records import (
    CaseRecord,
    Customer,
    EventRecord,
    RequestRecord,
    TaskRecord,
)

__all__ = ["FakeClock", "Harness"]


class FakeClock:
    """A clock that stands still until told to move."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move forward by ``delta`` or ``timedelta(**kwargs)``; never backwards."""
        step = delta if delta is not None else timedelta(**kwargs)
        if step < timedelta(0):
            raise ValueError("time does not go backwards")
        self._now += step
        return self._now

    def set(self, moment: datetime) -> None:
        if moment < self._now:
            raise ValueError("time does not go backwards")
        self._now = moment


class Harness:
    """An engine and a worker on a SQLite file, driven step by step with a fake clock.

    Every call that changes something runs the worker until the system is idle (no runnable
    case, no due timer) before it returns, so a test reads the settled state.
    """

    def __init__(
        self,
        app: App,
        database: str | Path | None = None,
        *,
        clock: FakeClock | None = None,
        settings: Settings | None = None,
    ) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if database is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="inloop-test-")
            database = Path(self._tmp.name) / "inloop.db"
        path = Path(database).resolve()
        base = settings or Settings(sqlite_synchronous="NORMAL")
        changes: dict[str, str] = {"database_url": f"sqlite:///{path}"}
        if base.upload_dir == Settings().upload_dir:  # uploads go beside the test database
            changes["upload_dir"] = str(path.parent / "inloop-files")
        self.settings = base.with_(**changes)
        self.clock = clock or FakeClock()
        self.engine = Engine(app, self.settings, clock=self.clock)
        self.worker = Worker(self.engine)

    async def __aenter__(self) -> Harness:
        await self.engine.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.engine.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    async def run_until_idle(self) -> int:
        return await self.worker.run_until_idle()

    async def start(
        self,
        process: str | Process,
        input: Any = None,
        *,
        customer: Customer | dict[str, Any] | None = None,
        key: str | None = None,
        run: bool = True,
    ) -> str:
        """Start a case and (by default) run it until it parks or ends."""
        case_id = await self.engine.start(
            process, input, customer=customer, key=key, actor="customer"
        )
        if run:
            await self.run_until_idle()
        return case_id

    async def case(self, case_id: str) -> CaseRecord:
        return await self.engine.get_case(case_id)

    async def open_request(self, case_id: str) -> RequestRecord | None:
        return await self.engine.open_request(case_id)

    async def _request_id(self, case_id: str) -> str:
        req = await self.engine.open_request(case_id)
        if req is None:
            record = await self.case(case_id)
            raise AssertionError(
                f"case {case_id} has no open request (status {record.status.value})"
            )
        return req.id

    async def answer(
        self, case_id: str, data: Any, *, request_id: str | None = None, run: bool = True
    ) -> AnswerReceipt:
        """Answer the case's open request as the customer, through the same path the portal
        uses, then run until idle."""
        rid = request_id or await self._request_id(case_id)
        receipt = await self.engine.answer(rid, data, case_id=case_id)
        if run:
            await self.run_until_idle()
        return receipt

    async def answer_invalid(self, case_id: str, data: Any) -> AnswerInvalid:
        """Answer with data that must be rejected; returns the error (fails if it was accepted)."""
        rid = await self._request_id(case_id)
        try:
            await self.engine.answer(rid, data, case_id=case_id)
        except AnswerInvalid as exc:
            return exc
        raise AssertionError(f"the answer {data!r} was accepted, expected it to be rejected")

    async def open_task(self, case_id: str) -> TaskRecord | None:
        return await self.engine.open_task(case_id)

    async def complete_task(
        self, case_id: str, outcome: Any = None, *, actor: str = "agent:test", run: bool = True
    ) -> TaskRecord:
        """Complete the case's open agent task as an agent, then run until idle."""
        task = await self.engine.open_task(case_id)
        if task is None:
            record = await self.case(case_id)
            raise AssertionError(f"case {case_id} has no open task (status {record.status.value})")
        done = await self.engine.complete_task(task.id, outcome, actor=actor)
        if run:
            await self.run_until_idle()
        return done

    async def advance(self, delta: timedelta | None = None, **kwargs: float) -> None:
        """Skip time: due reminders, deadlines and sleeps fire, then run until idle."""
        self.clock.advance(delta, **kwargs)
        await self.run_until_idle()

    async def events(self, case_id: str) -> list[EventRecord]:
        return await self.engine.events(case_id)

    async def event_types(self, case_id: str) -> list[str]:
        return [e.type for e in await self.engine.events(case_id)]
