"""The SQLite adapter: WAL, one writer thread with group commit, readers on the caller's thread.

Pragmas: ``journal_mode=WAL``, ``synchronous=FULL`` by default (``NORMAL`` on request, see
``Settings.sqlite_synchronous``), ``busy_timeout``, ``foreign_keys=ON``. Writes run in
``BEGIN IMMEDIATE`` transactions on the writer thread (:mod:`inloop.storage.sqlite_writer`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from inloop import codec
from inloop.clock import from_text, to_text
from inloop.errors import SchemaError, StorageError
from inloop.records import (
    CaseRecord,
    CaseStatus,
    EventRecord,
    JournalEntry,
    OutboxRecord,
    RequestRecord,
    RequestStatus,
    TaskRecord,
    TaskStatus,
    TimerRecord,
)
from inloop.storage.changes import Changes, NewCase
from inloop.storage.migrations import MIGRATIONS, latest_version
from inloop.storage.sqlite_api import SqliteApi
from inloop.storage.sqlite_apply import apply_changes, queue_webhooks
from inloop.storage.sqlite_audit import SqliteAudit
from inloop.storage.sqlite_channels import (
    SqliteDrafts,
    SqliteFiles,
    SqliteLinks,
    SqliteMeta,
    SqliteOutbox,
)
from inloop.storage.sqlite_mail import SqliteMail
from inloop.storage.sqlite_rows import (
    CASE_COLUMNS,
    REQUEST_COLUMNS,
    TASK_COLUMNS,
    case_record,
    event_record,
    journal_entry,
    outbox_record,
    request_record,
    task_record,
    timer_record,
)
from inloop.storage.sqlite_tasks import SqliteTasks
from inloop.storage.sqlite_users import SqliteUsers
from inloop.storage.sqlite_writer import SqliteWriter

T = TypeVar("T")

_INLOOP_TABLES = {"cases", "journal", "requests", "tasks", "timers", "events", "outbox"}


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
        self.links = SqliteLinks(self)
        self.meta = SqliteMeta(self)
        self.outbox = SqliteOutbox(self)
        self.api = SqliteApi(self)
        self.drafts = SqliteDrafts(self)
        self.files = SqliteFiles(self)
        self.mail = SqliteMail(self)
        self.users = SqliteUsers(self)
        self.task_desk = SqliteTasks(self)
        self.audit = SqliteAudit(self)

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

    # -- for the adapter's repositories (links, mail, API keys) ---------------------------------

    def reader(self) -> sqlite3.Connection:
        """The read connection (adapter-internal: for sibling repository classes)."""
        return self._r

    async def write(self, op: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``op`` on the writer thread in a (group-committed) transaction."""
        return await self._w.submit(op)

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
            queue_webhooks(conn, case.id, at, 1, 1)
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
            f"WHERE id IN (SELECT id FROM cases WHERE runnable = 1 AND paused_by IS NULL "
            f"AND (lease_until IS NULL OR lease_until < ?) AND process_key IN ({marks}) "
            f"ORDER BY updated_at LIMIT ?) RETURNING {CASE_COLUMNS}"
        )
        params = (worker, to_text(lease_until), to_text(now), *keys, limit)

        def op(conn: sqlite3.Connection) -> list[CaseRecord]:
            return [case_record(r) for r in conn.execute(sql, params).fetchall()]

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
        await self._w.submit(lambda conn: apply_changes(conn, changes))

    # -- reads ------------------------------------------------------------------------------

    async def journal(self, case_id: str) -> list[JournalEntry]:
        rows = self._r.execute(
            "SELECT position, kind, name, state, result FROM journal WHERE case_id = ? "
            "ORDER BY position",
            (case_id,),
        ).fetchall()
        return [journal_entry(r) for r in rows]

    async def get_case(self, case_id: str) -> CaseRecord | None:
        row = self._r.execute(
            f"SELECT {CASE_COLUMNS} FROM cases WHERE id = ?", (case_id,)
        ).fetchone()
        return None if row is None else case_record(row)

    async def list_cases(
        self, *, status: CaseStatus | None = None, limit: int = 100
    ) -> list[CaseRecord]:
        if status is None:
            rows = self._r.execute(
                f"SELECT {CASE_COLUMNS} FROM cases ORDER BY created_at DESC LIMIT ?", (limit,)
            ).fetchall()
        else:
            rows = self._r.execute(
                f"SELECT {CASE_COLUMNS} FROM cases WHERE status = ? "
                "ORDER BY updated_at DESC LIMIT ?",
                (status.value, limit),
            ).fetchall()
        return [case_record(r) for r in rows]

    async def cases_waiting_for(self, *, email: str) -> list[CaseRecord]:
        rows = self._r.execute(
            f"SELECT {CASE_COLUMNS} FROM cases WHERE status = 'waiting_customer' "
            "AND lower(json_extract(customer, '$.email')) = lower(?) LIMIT 50",
            (email,),
        ).fetchall()
        return [case_record(r) for r in rows]

    async def count_cases(self) -> dict[CaseStatus, int]:
        rows = self._r.execute("SELECT status, count(*) FROM cases GROUP BY status").fetchall()
        return {CaseStatus(s): n for s, n in rows}

    async def get_request(self, request_id: str) -> RequestRecord | None:
        row = self._r.execute(
            f"SELECT {REQUEST_COLUMNS} FROM requests WHERE id = ?", (request_id,)
        ).fetchone()
        return None if row is None else request_record(row)

    async def list_requests(
        self, *, case_id: str, status: RequestStatus | None = None
    ) -> list[RequestRecord]:
        sql = f"SELECT {REQUEST_COLUMNS} FROM requests WHERE case_id = ?"
        params: tuple[Any, ...] = (case_id,)
        if status is not None:
            sql += " AND status = ?"
            params += (status.value,)
        rows = self._r.execute(sql + " ORDER BY position", params).fetchall()
        return [request_record(r) for r in rows]

    async def get_task(self, task_id: str) -> TaskRecord | None:
        row = self._r.execute(
            f"SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?", (task_id,)
        ).fetchone()
        return None if row is None else task_record(row)

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
        sql = f"SELECT {TASK_COLUMNS} FROM tasks"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._r.execute(
            sql + " ORDER BY priority DESC, created_at LIMIT ?", (*params, limit)
        ).fetchall()
        return [task_record(r) for r in rows]

    async def list_events(self, case_id: str, *, after_seq: int = 0) -> list[EventRecord]:
        rows = self._r.execute(
            "SELECT id, case_id, seq, type, actor, at, payload FROM events "
            "WHERE case_id = ? AND seq > ? ORDER BY seq",
            (case_id, after_seq),
        ).fetchall()
        return [event_record(r) for r in rows]

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
        return [outbox_record(r) for r in rows]

    async def due_timers(self, *, now: datetime, limit: int) -> list[TimerRecord]:
        rows = self._r.execute(
            "SELECT id, case_id, kind, due_at, position, ref, payload, status FROM timers "
            f"WHERE status = 'pending' AND due_at <= ? AND {_NOT_HELD} ORDER BY due_at LIMIT ?",
            (to_text(now), limit),
        ).fetchall()
        return [timer_record(r) for r in rows]

    async def next_timer_due(self) -> datetime | None:
        row = self._r.execute(
            f"SELECT min(due_at) FROM timers WHERE status = 'pending' AND {_NOT_HELD}"
        ).fetchone()
        return None if row is None or row[0] is None else from_text(row[0])

    async def integrity_check(self) -> str:
        return str(self._r.execute("PRAGMA integrity_check").fetchone()[0])


_NOT_HELD = (
    "(kind NOT IN ('sleep', 'reminder', 'deadline') OR NOT EXISTS "
    "(SELECT 1 FROM cases WHERE cases.id = timers.case_id AND cases.paused_by IS NOT NULL))"
)
"""Timers that move a process on wait while a person has taken its case over (SLA timers of
agent tasks keep running)."""


def _split_sql(sql: str) -> list[str]:
    """Statements of a migration file; a ``CREATE TRIGGER`` runs to its ``END;``."""
    statements: list[str] = []
    current: list[str] = []
    in_trigger = False
    for line in sql.splitlines():
        stripped = line.split("--", 1)[0].rstrip()
        if not stripped:
            continue
        if not current and stripped.upper().startswith("CREATE TRIGGER"):
            in_trigger = True
        current.append(stripped)
        done = stripped.upper() == "END;" if in_trigger else stripped.endswith(";")
        if done:
            statements.append("\n".join(current))
            current = []
            in_trigger = False
    if current:
        statements.append("\n".join(current))
    return statements
