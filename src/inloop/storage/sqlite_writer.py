"""The single SQLite writer, with group commit.

All writes of one store go through one thread and one connection. The thread takes the first
queued operation, then everything else that queued up meanwhile (up to ``max_batch``), and runs
them in **one** ``BEGIN IMMEDIATE`` transaction, each inside its own savepoint: an operation that
raises is rolled back alone and its caller gets the exception; the others commit together with one
fsync. Under light load a batch holds one operation; under heavy load the batch grows while the
previous commit is syncing, so throughput is not bound by one fsync per transition.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from inloop.errors import InloopError, StorageError
from inloop.storage.changes import GuardFailed

T = TypeVar("T")
Op = Callable[[sqlite3.Connection], Any]

_STOP = object()


class SqliteWriter:
    def __init__(self, connect: Callable[[], sqlite3.Connection], *, max_batch: int = 512) -> None:
        self._connect = connect
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None
        self.commits = 0
        self.operations = 0
        self.largest_batch = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="inloop-sqlite-writer", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._startup_error is not None:
            raise self._startup_error

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join()
            self._thread = None

    async def submit(self, op: Callable[[sqlite3.Connection], T]) -> T:
        if self._thread is None:
            raise StorageError("the store is closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put((op, future, loop))
        return await future

    # -- the writer thread -------------------------------------------------------------------

    def _run(self) -> None:
        try:
            conn = self._connect()
        except BaseException as exc:
            self._startup_error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    return
                batch = [item]
                stop = False
                while len(batch) < self._max_batch:
                    try:
                        nxt = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if nxt is _STOP:
                        stop = True
                        break
                    batch.append(nxt)
                self._commit(conn, batch)
                if stop:
                    return
        finally:
            conn.close()

    def _commit(self, conn: sqlite3.Connection, batch: list[Any]) -> None:
        outcomes: list[tuple[bool, Any]] = []
        try:
            self._begin(conn)
            single = len(batch) == 1
            for op, _future, _loop in batch:
                if single:
                    try:
                        outcomes.append((True, op(conn)))
                    except BaseException as exc:
                        conn.execute("ROLLBACK")
                        self._deliver(batch, [(False, _translate(exc))])
                        return
                    continue
                conn.execute("SAVEPOINT op")
                try:
                    result = op(conn)
                except BaseException as exc:
                    conn.execute("ROLLBACK TO op")
                    conn.execute("RELEASE op")
                    outcomes.append((False, _translate(exc)))
                else:
                    conn.execute("RELEASE op")
                    outcomes.append((True, result))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            error = StorageError(f"commit failed: {exc}")
            error.__cause__ = exc
            outcomes = [(False, error)] * len(batch)
        self.commits += 1
        self.operations += len(batch)
        self.largest_batch = max(self.largest_batch, len(batch))
        self._deliver(batch, outcomes)

    @staticmethod
    def _begin(conn: sqlite3.Connection) -> None:
        for attempt in range(5):
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))

    @staticmethod
    def _deliver(batch: list[Any], outcomes: list[tuple[bool, Any]]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], bool, Any]]] = {}
        for (_op, future, loop), (ok, value) in zip(batch, outcomes, strict=True):
            by_loop.setdefault(loop, []).append((future, ok, value))
        for loop, items in by_loop.items():
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(_settle, items)


def _settle(items: list[tuple[asyncio.Future[Any], bool, Any]]) -> None:
    for future, ok, value in items:
        if future.done():
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)


def _translate(exc: BaseException) -> BaseException:
    if isinstance(exc, InloopError | GuardFailed):
        return exc
    if isinstance(exc, sqlite3.Error):
        error = StorageError(f"database error: {exc}")
        error.__cause__ = exc
        return error
    return exc
