"""SQLite repository for staff accounts: users, their queues, their sessions (only the SHA-256 of
a session cookie is stored) and the counters that throttle logins."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from inloop.clock import from_text, to_text
from inloop.records import StaffSessionRecord, UserRecord

T = TypeVar("T")

_USER_COLUMNS = (
    "id, email, name, role, password_hash, disabled_at, created_at, password_changed_at, "
    "failed_logins, locked_until"
)
_SESSION_COLUMNS = "token_hash, user_id, created_at, seen_at, ended_at"


class _Host(Protocol):
    def reader(self) -> sqlite3.Connection: ...

    async def write(self, op: Callable[[sqlite3.Connection], T]) -> T: ...


def _opt_time(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def _queues(conn: sqlite3.Connection, user_id: str) -> frozenset[str]:
    rows = conn.execute("SELECT queue FROM queue_members WHERE user_id = ?", (user_id,))
    return frozenset(r[0] for r in rows)


def _user(conn: sqlite3.Connection, row: Sequence[Any]) -> UserRecord:
    return UserRecord(
        id=row[0],
        email=row[1],
        name=row[2],
        role=row[3],
        password_hash=row[4],
        disabled_at=_opt_time(row[5]),
        created_at=from_text(row[6]),
        password_changed_at=from_text(row[7]),
        failed_logins=int(row[8]),
        locked_until=_opt_time(row[9]),
        queues=_queues(conn, row[0]),
    )


def _session(row: Sequence[Any]) -> StaffSessionRecord:
    return StaffSessionRecord(
        token_hash=row[0],
        user_id=row[1],
        created_at=from_text(row[2]),
        seen_at=from_text(row[3]),
        ended_at=_opt_time(row[4]),
    )


class SqliteUsers:
    def __init__(self, host: _Host) -> None:
        self._host = host

    # -- users ------------------------------------------------------------------------------

    async def create(
        self,
        *,
        id: str,
        email: str,
        name: str,
        role: str,
        password_hash: str,
        queues: Sequence[str],
        at: datetime,
    ) -> UserRecord | None:
        """Insert a user; ``None`` (nothing written) when the email is taken."""

        def op(conn: sqlite3.Connection) -> UserRecord | None:
            row = conn.execute(
                "INSERT INTO users (id, email, name, role, password_hash, created_at, "
                "password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                f"ON CONFLICT (email) DO NOTHING RETURNING {_USER_COLUMNS}",
                (id, email, name, role, password_hash, to_text(at), to_text(at)),
            ).fetchone()
            if row is None:
                return None
            conn.executemany(
                "INSERT OR IGNORE INTO queue_members (queue, user_id) VALUES (?, ?)",
                [(q, id) for q in queues],
            )
            return _user(conn, row)

        return await self._host.write(op)

    async def get(self, user_id: str) -> UserRecord | None:
        conn = self._host.reader()
        row = conn.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
        return None if row is None else _user(conn, row)

    async def find(self, email: str) -> UserRecord | None:
        conn = self._host.reader()
        row = conn.execute(
            f"SELECT {_USER_COLUMNS} FROM users WHERE email = ?", (email,)
        ).fetchone()
        return None if row is None else _user(conn, row)

    async def list_users(self) -> list[UserRecord]:
        conn = self._host.reader()
        rows = conn.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY email").fetchall()
        return [_user(conn, r) for r in rows]

    async def disable(self, user_id: str, *, at: datetime) -> None:
        """Disable the user (a disabled user stays disabled) and end their sessions."""

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?",
                (to_text(at), user_id),
            )
            _end_sessions(conn, user_id, at)

        await self._host.write(op)

    async def set_password(self, user_id: str, password_hash: str, *, at: datetime) -> None:
        """A new password (reset): its time voids older sessions, which are ended; the lock
        is lifted."""

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, "
                "locked_until = NULL WHERE id = ?",
                (password_hash, to_text(at), user_id),
            )
            _end_sessions(conn, user_id, at)

        await self._host.write(op)

    async def set_role(self, user_id: str, role: str) -> None:
        """Change the user's role (the next request of their sessions sees it)."""

        def op(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE users SET role = ? WHERE id = ?", (role, user_id))

        await self._host.write(op)

    async def set_queues(self, user_id: str, queues: Sequence[str]) -> None:
        """Make ``queues`` the user's queue memberships, replacing the ones they had."""

        def op(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM queue_members WHERE user_id = ?", (user_id,))
            conn.executemany(
                "INSERT OR IGNORE INTO queue_members (queue, user_id) VALUES (?, ?)",
                [(q, user_id) for q in queues],
            )

        await self._host.write(op)

    async def rehash(self, user_id: str, old_hash: str, new_hash: str) -> None:
        """Replace the hash of an unchanged password (new Argon2 parameters)."""

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?",
                (new_hash, user_id, old_hash),
            )

        await self._host.write(op)

    # -- login throttling -------------------------------------------------------------------

    async def throttled_until(self, keys: Sequence[str], *, now: datetime) -> datetime | None:
        """The latest lock of any of ``keys`` that has not run out, else ``None``."""
        marks = ", ".join("?" * len(keys))
        row = (
            self._host.reader()
            .execute(
                f"SELECT max(locked_until) FROM login_throttle WHERE key IN ({marks}) "
                "AND locked_until > ?",
                (*keys, to_text(now)),
            )
            .fetchone()
        )
        return None if row is None or row[0] is None else from_text(row[0])

    async def login_failed(
        self,
        limits: Sequence[tuple[str, int]],
        *,
        user_id: str | None,
        now: datetime,
        window: timedelta,
        base_lock: timedelta,
        max_lock: timedelta,
    ) -> None:
        """Count a failed login against each ``(key, allowed failures)``. Counts older than
        ``window`` start again; from the allowed number on, each further failure locks the key
        twice as long as the one before (``base_lock`` up to ``max_lock``)."""

        def op(conn: sqlite3.Connection) -> None:
            for key, allowed in limits:
                row = conn.execute(
                    "SELECT failures, first_at, locked_until FROM login_throttle WHERE key = ?",
                    (key,),
                ).fetchone()
                failures, first_at = 0, now
                if row is not None:
                    locked = _opt_time(row[2])
                    recent = now - from_text(row[1]) <= window
                    if recent or (locked is not None and now - locked <= window):
                        failures, first_at = int(row[0]), from_text(row[1])
                failures += 1
                locked_until = None
                if failures >= allowed:
                    lock = min(base_lock * 2 ** (failures - allowed), max_lock)
                    locked_until = to_text(now + lock)
                conn.execute(
                    "INSERT INTO login_throttle (key, failures, first_at, locked_until) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET failures = excluded."
                    "failures, first_at = excluded.first_at, locked_until = excluded.locked_until",
                    (key, failures, to_text(first_at), locked_until),
                )
                if user_id is not None and key.startswith("email:"):
                    conn.execute(
                        "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                        (failures, locked_until, user_id),
                    )

        await self._host.write(op)

    async def login_succeeded(self, key: str, *, user_id: str) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM login_throttle WHERE key = ?", (key,))
            conn.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", (user_id,)
            )

        await self._host.write(op)

    # -- sessions ---------------------------------------------------------------------------

    async def start_session(
        self, *, token_hash: str, user_id: str, at: datetime, replaces: str | None = None
    ) -> None:
        """Begin a session, ending the one it replaces (rotation on login)."""

        def op(conn: sqlite3.Connection) -> None:
            if replaces is not None:
                conn.execute(
                    "UPDATE staff_sessions SET ended_at = COALESCE(ended_at, ?) "
                    "WHERE token_hash = ?",
                    (to_text(at), replaces),
                )
            conn.execute(
                "INSERT INTO staff_sessions (token_hash, user_id, created_at, seen_at) "
                "VALUES (?, ?, ?, ?)",
                (token_hash, user_id, to_text(at), to_text(at)),
            )

        await self._host.write(op)

    async def get_session(self, token_hash: str) -> StaffSessionRecord | None:
        row = (
            self._host.reader()
            .execute(
                f"SELECT {_SESSION_COLUMNS} FROM staff_sessions WHERE token_hash = ?",
                (token_hash,),
            )
            .fetchone()
        )
        return None if row is None else _session(row)

    async def touch_session(self, token_hash: str, *, at: datetime) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE staff_sessions SET seen_at = ? WHERE token_hash = ? AND ended_at IS NULL",
                (to_text(at), token_hash),
            )

        await self._host.write(op)

    async def end_session(self, token_hash: str, *, at: datetime) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE staff_sessions SET ended_at = COALESCE(ended_at, ?) WHERE token_hash = ?",
                (to_text(at), token_hash),
            )

        await self._host.write(op)


def _end_sessions(conn: sqlite3.Connection, user_id: str, at: datetime) -> None:
    conn.execute(
        "UPDATE staff_sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
        (to_text(at), user_id),
    )
