"""The SQLite adapter: WAL, one writer thread with group commit, readers on the caller's thread.

Pragmas: ``journal_mode=WAL``, ``synchronous=FULL`` by default (``NORMAL`` on request, see
``Settings.sqlite_synchronous``), ``busy_timeout``, ``foreign_keys=ON``. Writes run in
``BEGIN IMMEDIATE`` transactions on the writer thread (:mod:`inloop.storage.sqlite_writer`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from inloop import codec
from inloop.clock import from_text, to_text
from inloop.errors import SchemaError, StorageError
from inloop.records import (
    CaseHistory,
    CaseRecord,
    CaseStatus,
    Customer,
    EntryKind,
    EntryState,
    EventRecord,
    JournalEntry,
    OutboxRecord,
    RequestKind,
    RequestRecord,
    RequestStatus,
    TaskRecord,
    TaskStatus,
    TimerKind,
    TimerRecord,
    TimerStatus,
)
from inloop.storage.changes import UNSET, Changes, GuardFailed, NewCase
from inloop.storage.migrations import MIGRATIONS, latest_version
from inloop.storage.sqlite_writer import SqliteWriter

_CASE_COLUMNS = (
    "id, process, version, status, stage, input, customer, result, error, runnable, "
    "lease_token, event_seq, created_at, updated_at, closed_at"
)
_REQUEST_COLUMNS = (
    "id, case_id, position, kind, status, spec, deadline, on_timeout, attempts, answer, "
    "answered_by, answered_at, response, created_at, closed_at"
)
_TASK_COLUMNS = (
    "id, case_id, position, queue, reason, priority, status, spec, outcome, completed_by, "
    "created_at, closed_at"
)
_INLOOP_TABLES = {"cases", "journal", "requests", "tasks", "timers", "events", "outbox"}


def _opt_json(text: str | None) -> Any:
    return None if text is None else codec.loads(text)


def _opt_time(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def _case(row: Sequence[Any]) -> CaseRecord:
    return CaseRecord(
        id=row[0],
        process=row[1],
        version=row[2],
        status=CaseStatus(row[3]),
        stage=row[4],
        input=codec.loads(row[5]),
        customer=Customer.from_json(codec.loads(row[6])),
        result=_opt_json(row[7]),
        error=_opt_json(row[8]),
        runnable=bool(row[9]),
        lease_token=row[10],
        event_seq=row[11],
        created_at=from_text(row[12]),
        updated_at=from_text(row[13]),
        closed_at=_opt_time(row[14]),
    )


def _request(row: Sequence[Any]) -> RequestRecord:
    return RequestRecord(
        id=row[0],
        case_id=row[1],
        position=row[2],
        kind=RequestKind(row[3]),
        status=RequestStatus(row[4]),
        spec=codec.loads(row[5]),
        deadline=from_text(row[6]),
        on_timeout=codec.loads(row[7]),
        attempts=row[8],
        answer=_opt_json(row[9]),
        answered_by=row[10],
        answered_at=_opt_time(row[11]),
        response=_opt_json(row[12]),
        created_at=from_text(row[13]),
        closed_at=_opt_time(row[14]),
    )


def _task(row: Sequence[Any]) -> TaskRecord:
    return TaskRecord(
        id=row[0],
        case_id=row[1],
        position=row[2],
        queue=row[3],
        reason=row[4],
        priority=row[5],
        status=TaskStatus(row[6]),
        spec=codec.loads(row[7]),
        outcome=_opt_json(row[8]),
        completed_by=row[9],
        created_at=from_text(row[10]),
        closed_at=_opt_time(row[11]),
    )


def sqlite_path(url: str) -> str:
    """``sqlite:///relative.db`` -> ``relative.db``; ``sqlite:////abs.db`` -> ``/abs.db``."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        raise StorageError(f"not a SQLite URL: {url!r} (expected sqlite:///path/to/file.db)")
    path = url[len(prefix) :]
    if not path or path == ":memory:" or path.startswith("file:"):
        raise StorageError(
            f"{url!r}: inloop needs a database file (WAL and a separate writer connection); "
            "use a temporary file for throw-away databases"
        )
    return path


class SqliteStore:
    """A :class:`~inloop.storage.base.Store` on one SQLite file."""

    def __init__(self, url: str, *, synchronous: str = "FULL", busy_timeout_ms: int = 5000) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self._synchronous = synchronous.upper()
        self._busy_timeout_ms = busy_timeout_ms
        self._reader: sqlite3.Connection | None = None
        self._writer: SqliteWriter | None = None

    # -- connections ------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, cached_statements=256
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
        conn.execute(f"PRAGMA synchronous = {self._synchronous}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn

    @property
    def _r(self) -> sqlite3.Connection:
        if self._reader is None:
            raise StorageError("the store is closed")
        return self._reader

    async def open(self, *, create: bool = True) -> None:
        parent = Path(self.path).parent
        if not parent.exists():
            raise StorageError(f"folder {str(parent)!r} for the database does not exist")
        try:
            reader = self._connect()
            mode = reader.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise SchemaError(
                f"{self.path} is not a usable SQLite database: {exc}",
                code="database_corrupt",
                path=self.path,
            ) from exc
        if str(mode).lower() != "wal":
            reader.close()
            raise StorageError(f"could not switch {self.path} to WAL mode (got {mode!r})")
        self._reader = reader
        try:
            self._check_schema(create=create)
        except BaseException:
            reader.close()
            self._reader = None
            raise
        self._writer = SqliteWriter(self._connect)
        self._writer.start()

    def _check_schema(self, *, create: bool) -> None:
        version = self._user_version()
        latest = latest_version()
        tables = {
            r[0] for r in self._r.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if version == 0:
            if tables:
                raise SchemaError(
                    f"{self.path} holds tables that are not inloop's ({', '.join(sorted(tables))})",
                    code="not_an_inloop_database",
                    path=self.path,
                )
            if create:
                self._migrate_sync(self._r)
            return
        if version > latest:
            raise SchemaError(
                f"database schema version {version} is newer than this inloop knows ({latest}); "
                "upgrade inloop",
                code="schema_too_new",
                found=version,
                supported=latest,
            )
        missing = _INLOOP_TABLES - tables
        if missing:
            raise SchemaError(
                f"database says schema {version} but lacks tables {', '.join(sorted(missing))}",
                code="database_corrupt",
                path=self.path,
            )
        if version < latest and create:
            raise SchemaError(
                f"database schema version {version} is older than {latest}: "
                "run `inloop db upgrade` first",
                code="schema_outdated",
                found=version,
                supported=latest,
            )

    def _user_version(self) -> int:
        try:
            return int(self._r.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise SchemaError(
                f"{self.path} is damaged: {exc}", code="database_corrupt", path=self.path
            ) from exc

    def _migrate_sync(self, conn: sqlite3.Connection) -> list[int]:
        applied: list[int] = []
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            for number, sql in MIGRATIONS:
                if number <= current:
                    continue
                for statement in _split_sql(sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
                applied.append(number)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return applied

    async def upgrade(self) -> list[int]:
        version = self._user_version()
        if version > latest_version():
            raise SchemaError(
                f"database schema version {version} is newer than this inloop knows "
                f"({latest_version()}); upgrade inloop",
                code="schema_too_new",
                found=version,
                supported=latest_version(),
            )
        return await self._w.submit(self._migrate_in_writer)

    def _migrate_in_writer(self, conn: sqlite3.Connection) -> list[int]:
        # runs inside the writer's transaction: apply statements directly
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        applied = []
        for number, sql in MIGRATIONS:
            if number <= current:
                continue
            for statement in _split_sql(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            applied.append(number)
        return applied

    async def schema_version(self) -> int:
        return self._user_version()

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.stop()
            self._writer = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    @property
    def _w(self) -> SqliteWriter:
        if self._writer is None:
            raise StorageError("the store is closed")
        return self._writer

    def stats(self) -> dict[str, float]:
        w = self._writer
        if w is None:
            return {}
        return {
            "commits": w.commits,
            "operations": w.operations,
            "operations_per_commit": w.operations / w.commits if w.commits else 0.0,
            "largest_batch": w.largest_batch,
        }

    # -- writes -----------------------------------------------------------------------------

    async def create_case(self, case: NewCase) -> tuple[str, bool]:
        def op(conn: sqlite3.Connection) -> tuple[str, bool]:
            at = to_text(case.at)
            if case.start_key is not None:
                row = conn.execute(
                    "SELECT id FROM cases WHERE start_key = ?", (case.start_key,)
                ).fetchone()
                if row is not None:
                    return row[0], False
            conn.execute(
                "INSERT INTO cases (id, process, version, process_key, status, stage, input, "
                "customer, runnable, event_seq, start_key, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'running', ?, ?, ?, 1, 1, ?, ?, ?)",
                (
                    case.id,
                    case.process,
                    case.version,
                    f"{case.process}@{case.version}",
                    case.stage,
                    codec.dumps(case.input),
                    codec.dumps(case.customer),
                    case.start_key,
                    at,
                    at,
                ),
            )
            conn.execute(
                "INSERT INTO events (case_id, seq, type, actor, at, payload) "
                "VALUES (?, 1, 'case.created', ?, ?, ?)",
                (case.id, case.actor, at, codec.dumps(case.event_payload)),
            )
            return case.id, True

        return await self._w.submit(op)

    async def claim(
        self,
        *,
        worker: str,
        process_keys: Sequence[str],
        limit: int,
        now: datetime,
        lease_until: datetime,
    ) -> list[CaseRecord]:
        if not process_keys or limit <= 0:
            return []
        keys = list(process_keys)
        marks = ", ".join("?" * len(keys))
        sql = (
            f"UPDATE cases SET lease_owner = ?, lease_until = ?, lease_token = lease_token + 1 "
            f"WHERE id IN (SELECT id FROM cases WHERE runnable = 1 "
            f"AND (lease_until IS NULL OR lease_until < ?) AND process_key IN ({marks}) "
            f"ORDER BY updated_at LIMIT ?) RETURNING {_CASE_COLUMNS}"
        )
        params = (worker, to_text(lease_until), to_text(now), *keys, limit)

        def op(conn: sqlite3.Connection) -> list[CaseRecord]:
            return [_case(r) for r in conn.execute(sql, params).fetchall()]

        return await self._w.submit(op)

    async def renew(self, *, worker: str, case_ids: Sequence[str], lease_until: datetime) -> None:
        ids = list(case_ids)
        if not ids:
            return
        until = to_text(lease_until)

        def op(conn: sqlite3.Connection) -> None:
            conn.executemany(
                "UPDATE cases SET lease_until = ? WHERE id = ? AND lease_owner = ?",
                [(until, cid, worker) for cid in ids],
            )

        await self._w.submit(op)

    async def apply(self, changes: Changes) -> None:
        await self._w.submit(lambda conn: _apply(conn, changes))

    # -- reads ------------------------------------------------------------------------------

    async def history(self, case_id: str) -> CaseHistory | None:
        r = self._r
        r.execute("BEGIN")
        try:
            row = r.execute(
                f"SELECT {_CASE_COLUMNS} FROM cases WHERE id = ?", (case_id,)
            ).fetchone()
            if row is None:
                return None
            entries = r.execute(
                "SELECT position, kind, name, state, result FROM journal WHERE case_id = ? "
                "ORDER BY position",
                (case_id,),
            ).fetchall()
        finally:
            r.execute("COMMIT")
        return CaseHistory(
            case=_case(row),
            journal=[
                JournalEntry(
                    position=e[0],
                    kind=EntryKind(e[1]),
                    name=e[2],
                    state=EntryState(e[3]),
                    result=_opt_json(e[4]),
                )
                for e in entries
            ],
        )

    async def journal(self, case_id: str) -> list[JournalEntry]:
        rows = self._r.execute(
            "SELECT position, kind, name, state, result FROM journal WHERE case_id = ? "
            "ORDER BY position",
            (case_id,),
        ).fetchall()
        return [
            JournalEntry(
                position=e[0],
                kind=EntryKind(e[1]),
                name=e[2],
                state=EntryState(e[3]),
                result=_opt_json(e[4]),
            )
            for e in rows
        ]

    async def get_case(self, case_id: str) -> CaseRecord | None:
        row = self._r.execute(
            f"SELECT {_CASE_COLUMNS} FROM cases WHERE id = ?", (case_id,)
        ).fetchone()
        return None if row is None else _case(row)

    async def list_cases(
        self, *, status: CaseStatus | None = None, limit: int = 100
    ) -> list[CaseRecord]:
        if status is None:
            rows = self._r.execute(
                f"SELECT {_CASE_COLUMNS} FROM cases ORDER BY created_at DESC LIMIT ?", (limit,)
            ).fetchall()
        else:
            rows = self._r.execute(
                f"SELECT {_CASE_COLUMNS} FROM cases WHERE status = ? "
                "ORDER BY updated_at DESC LIMIT ?",
                (status.value, limit),
            ).fetchall()
        return [_case(r) for r in rows]

    async def count_cases(self) -> dict[CaseStatus, int]:
        rows = self._r.execute("SELECT status, count(*) FROM cases GROUP BY status").fetchall()
        return {CaseStatus(s): n for s, n in rows}

    async def get_request(self, request_id: str) -> RequestRecord | None:
        row = self._r.execute(
            f"SELECT {_REQUEST_COLUMNS} FROM requests WHERE id = ?", (request_id,)
        ).fetchone()
        return None if row is None else _request(row)

    async def list_requests(
        self, *, case_id: str, status: RequestStatus | None = None
    ) -> list[RequestRecord]:
        sql = f"SELECT {_REQUEST_COLUMNS} FROM requests WHERE case_id = ?"
        params: tuple[Any, ...] = (case_id,)
        if status is not None:
            sql += " AND status = ?"
            params += (status.value,)
        rows = self._r.execute(sql + " ORDER BY position", params).fetchall()
        return [_request(r) for r in rows]

    async def get_task(self, task_id: str) -> TaskRecord | None:
        row = self._r.execute(
            f"SELECT {_TASK_COLUMNS} FROM tasks WHERE id = ?", (task_id,)
        ).fetchone()
        return None if row is None else _task(row)

    async def list_tasks(
        self,
        *,
        case_id: str | None = None,
        queue: str | None = None,
        status: TaskStatus | None = None,
        limit: int = 100,
    ) -> list[TaskRecord]:
        where, params = [], []
        for column, value in (("case_id", case_id), ("queue", queue), ("status", status)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(str(value))
        sql = f"SELECT {_TASK_COLUMNS} FROM tasks"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._r.execute(
            sql + " ORDER BY priority DESC, created_at LIMIT ?", (*params, limit)
        ).fetchall()
        return [_task(r) for r in rows]

    async def list_events(self, case_id: str, *, after_seq: int = 0) -> list[EventRecord]:
        rows = self._r.execute(
            "SELECT id, case_id, seq, type, actor, at, payload FROM events "
            "WHERE case_id = ? AND seq > ? ORDER BY seq",
            (case_id, after_seq),
        ).fetchall()
        return [
            EventRecord(
                id=r[0],
                case_id=r[1],
                seq=r[2],
                type=r[3],
                actor=r[4],
                at=from_text(r[5]),
                payload=codec.loads(r[6]),
            )
            for r in rows
        ]

    async def list_outbox(self, *, case_id: str | None = None) -> list[OutboxRecord]:
        sql = (
            "SELECT id, case_id, channel, kind, idempotency_key, payload, status, attempts, "
            "created_at FROM outbox"
        )
        params: tuple[Any, ...] = ()
        if case_id is not None:
            sql += " WHERE case_id = ?"
            params = (case_id,)
        rows = self._r.execute(sql + " ORDER BY id", params).fetchall()
        return [
            OutboxRecord(
                id=r[0],
                case_id=r[1],
                channel=r[2],
                kind=r[3],
                idempotency_key=r[4],
                payload=codec.loads(r[5]),
                status=r[6],
                attempts=r[7],
                created_at=from_text(r[8]),
            )
            for r in rows
        ]

    async def due_timers(self, *, now: datetime, limit: int) -> list[TimerRecord]:
        rows = self._r.execute(
            "SELECT id, case_id, kind, due_at, position, ref, payload, status FROM timers "
            "WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT ?",
            (to_text(now), limit),
        ).fetchall()
        return [
            TimerRecord(
                id=r[0],
                case_id=r[1],
                kind=TimerKind(r[2]),
                due_at=from_text(r[3]),
                position=r[4],
                ref=r[5],
                payload=codec.loads(r[6]),
                status=TimerStatus(r[7]),
            )
            for r in rows
        ]

    async def next_timer_due(self) -> datetime | None:
        row = self._r.execute("SELECT min(due_at) FROM timers WHERE status = 'pending'").fetchone()
        return None if row is None or row[0] is None else from_text(row[0])

    async def integrity_check(self) -> str:
        return str(self._r.execute("PRAGMA integrity_check").fetchone()[0])


def _split_sql(sql: str) -> list[str]:
    statements, current = [], []
    for line in sql.splitlines():
        stripped = line.split("--", 1)[0].rstrip()
        if not stripped:
            continue
        current.append(stripped)
        if stripped.endswith(";"):
            statements.append("\n".join(current))
            current = []
    if current:
        statements.append("\n".join(current))
    return statements


def _apply(conn: sqlite3.Connection, ch: Changes) -> None:
    """Write one change set; runs on the writer thread inside a transaction or savepoint."""
    at = to_text(ch.at)
    cid = ch.case_id

    if ch.fire_timer is not None:
        cur = conn.execute(
            "UPDATE timers SET status = 'fired', fired_at = ? WHERE id = ? AND status = 'pending'",
            (at, ch.fire_timer),
        )
        if cur.rowcount != 1:
            raise GuardFailed("timer")

    for ru in ch.request_updates:
        sets = ["status = COALESCE(?, status)"]
        params: list[Any] = [None if ru.status is None else ru.status.value]
        if ru.status is not None and ru.status is not RequestStatus.OPEN:
            sets.append("closed_at = ?")
            params.append(at)
        if ru.answer is not UNSET:
            sets += [
                "answer = ?",
                "answer_hash = ?",
                "answered_by = ?",
                "answered_at = ?",
                "response = ?",
            ]
            params += [
                codec.dumps(ru.answer),
                ru.answer_hash,
                ru.answered_by,
                at,
                None if ru.response is None else codec.dumps(ru.response),
            ]
        if ru.count_attempt:
            sets.append("attempts = attempts + 1")
        sql = f"UPDATE requests SET {', '.join(sets)} WHERE id = ? AND case_id = ?"
        params += [ru.id, cid]
        if ru.expect is not None:
            sql += " AND status = ?"
            params.append(ru.expect.value)
        if conn.execute(sql, params).rowcount != 1:
            raise GuardFailed("request")

    for tu in ch.task_updates:
        cur = conn.execute(
            "UPDATE tasks SET status = ?, outcome = ?, completed_by = ?, closed_at = ? "
            "WHERE id = ? AND case_id = ? AND status = ?",
            (
                tu.status.value,
                codec.dumps(tu.outcome),
                tu.completed_by,
                at,
                tu.id,
                cid,
                tu.expect.value,
            ),
        )
        if cur.rowcount != 1:
            raise GuardFailed("task")

    # the case row: guards, state, event sequence
    sets = ["updated_at = ?", "event_seq = event_seq + ?"]
    params = [at, len(ch.events)]
    if ch.status is not None:
        sets.append("status = ?")
        params.append(ch.status.value)
    if ch.stage is not UNSET:
        sets.append("stage = ?")
        params.append(ch.stage)
    if ch.runnable is not None:
        sets.append("runnable = ?")
        params.append(int(ch.runnable))
    if ch.result is not UNSET:
        sets.append("result = ?")
        params.append(codec.dumps(ch.result))
    if ch.error is not UNSET:
        sets.append("error = ?")
        params.append(None if ch.error is None else codec.dumps(ch.error))
    if ch.closed:
        sets.append("closed_at = ?")
        params.append(at)
    if ch.release_lease:
        sets.append("lease_owner = NULL, lease_until = NULL")
    if ch.fence:
        sets.append("lease_token = lease_token + 1, lease_owner = NULL, lease_until = NULL")
    sql = f"UPDATE cases SET {', '.join(sets)} WHERE id = ?"
    params.append(cid)
    if ch.lease_token is not None:
        sql += " AND lease_token = ?"
        params.append(ch.lease_token)
    if ch.expect_status is not None:
        sql += f" AND status IN ({', '.join('?' * len(ch.expect_status))})"
        params += [s.value for s in ch.expect_status]
    row = conn.execute(sql + " RETURNING event_seq", params).fetchone()
    if row is None:
        raise GuardFailed("lease" if ch.lease_token is not None else "case")
    first_seq = row[0] - len(ch.events) + 1

    if ch.journal:
        conn.executemany(
            "INSERT INTO journal (case_id, position, kind, name, state, result, created_at, "
            "resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    cid,
                    e.position,
                    e.kind.value,
                    e.name,
                    e.state.value,
                    None if e.state is EntryState.PENDING else codec.dumps(e.result),
                    at,
                    None if e.state is EntryState.PENDING else at,
                )
                for e in ch.journal
            ],
        )
    for position, result in ch.resolve:
        cur = conn.execute(
            "UPDATE journal SET state = 'done', result = ?, resolved_at = ? "
            "WHERE case_id = ? AND position = ? AND state != 'done'",
            (codec.dumps(result), at, cid, position),
        )
        if cur.rowcount != 1:
            raise GuardFailed("journal")
    for position in ch.mark_pending:
        conn.execute(
            "UPDATE journal SET state = 'pending' "
            "WHERE case_id = ? AND position = ? AND state = 'started'",
            (cid, position),
        )
    if ch.cancel_open_requests:
        conn.execute(
            "UPDATE requests SET status = 'cancelled', closed_at = ? "
            "WHERE case_id = ? AND status = 'open'",
            (at, cid),
        )
    if ch.cancel_open_tasks:
        conn.execute(
            "UPDATE tasks SET status = 'cancelled', closed_at = ? "
            "WHERE case_id = ? AND status = 'open'",
            (at, cid),
        )
    if ch.cancel_all_timers:
        conn.execute(
            "UPDATE timers SET status = 'cancelled' WHERE case_id = ? AND status = 'pending'",
            (cid,),
        )
    for ref in ch.cancel_timers:
        conn.execute(
            "UPDATE timers SET status = 'cancelled' "
            "WHERE case_id = ? AND ref = ? AND status = 'pending'",
            (cid, ref),
        )
    if ch.requests:
        conn.executemany(
            f"INSERT INTO requests ({_REQUEST_COLUMNS}) "
            "VALUES (?, ?, ?, ?, 'open', ?, ?, ?, 0, NULL, NULL, NULL, NULL, ?, NULL)",
            [
                (
                    r.id,
                    cid,
                    r.position,
                    r.kind.value,
                    codec.dumps(r.spec),
                    to_text(r.deadline),
                    codec.dumps(r.on_timeout),
                    at,
                )
                for r in ch.requests
            ],
        )
    if ch.tasks:
        conn.executemany(
            f"INSERT INTO tasks ({_TASK_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, 'open', ?, NULL, NULL, ?, NULL)",
            [
                (t.id, cid, t.position, t.queue, t.reason, t.priority, codec.dumps(t.spec), at)
                for t in ch.tasks
            ],
        )
    if ch.timers:
        conn.executemany(
            "INSERT INTO timers (case_id, kind, due_at, position, ref, payload) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (cid, t.kind.value, to_text(t.due_at), t.position, t.ref, codec.dumps(t.payload))
                for t in ch.timers
            ],
        )
    if ch.events:
        conn.executemany(
            "INSERT INTO events (case_id, seq, type, actor, at, payload) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (cid, first_seq + i, e.type, e.actor, at, codec.dumps(e.payload))
                for i, e in enumerate(ch.events)
            ],
        )
    if ch.outbox:
        conn.executemany(
            "INSERT OR IGNORE INTO outbox (case_id, channel, kind, idempotency_key, payload, "
            "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (cid, o.channel, o.kind, o.idempotency_key, codec.dumps(o.payload), at, at)
                for o in ch.outbox
            ],
        )
