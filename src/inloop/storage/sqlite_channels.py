"""SQLite repositories for the customer's side: secure links and instance metadata."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from inloop.clock import from_text, to_text
from inloop.records import LinkPurpose, LinkRecord

T = TypeVar("T")

_LINK_COLUMNS = (
    "id, case_id, request_id, purpose, channel, expires_at, revoked_at, used_at, created_at"
)


class _Host(Protocol):
    def reader(self) -> sqlite3.Connection: ...

    async def write(self, op: Callable[[sqlite3.Connection], T]) -> T: ...


def _opt_time(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def _link(row: Sequence[Any]) -> LinkRecord:
    return LinkRecord(
        id=row[0],
        case_id=row[1],
        request_id=row[2],
        purpose=LinkPurpose(row[3]),
        channel=row[4],
        expires_at=from_text(row[5]),
        revoked_at=_opt_time(row[6]),
        used_at=_opt_time(row[7]),
        created_at=from_text(row[8]),
    )


class SqliteLinks:
    def __init__(self, host: _Host) -> None:
        self._host = host

    async def create(
        self,
        *,
        id: str,
        token_hash: str,
        case_id: str,
        request_id: str | None,
        purpose: LinkPurpose,
        channel: str,
        expires_at: datetime,
        at: datetime,
    ) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO links (id, token_hash, case_id, request_id, purpose, channel, "
                "expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    id,
                    token_hash,
                    case_id,
                    request_id,
                    purpose.value,
                    channel,
                    to_text(expires_at),
                    to_text(at),
                ),
            )

        await self._host.write(op)

    async def find(self, token_hash: str) -> LinkRecord | None:
        row = (
            self._host.reader()
            .execute(f"SELECT {_LINK_COLUMNS} FROM links WHERE token_hash = ?", (token_hash,))
            .fetchone()
        )
        return None if row is None else _link(row)

    async def get(self, link_id: str) -> LinkRecord | None:
        row = (
            self._host.reader()
            .execute(f"SELECT {_LINK_COLUMNS} FROM links WHERE id = ?", (link_id,))
            .fetchone()
        )
        return None if row is None else _link(row)

    async def for_case(self, case_id: str) -> list[LinkRecord]:
        rows = (
            self._host.reader()
            .execute(
                f"SELECT {_LINK_COLUMNS} FROM links WHERE case_id = ? ORDER BY created_at",
                (case_id,),
            )
            .fetchall()
        )
        return [_link(r) for r in rows]

    async def mark_used(self, link_id: str, at: datetime) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE links SET used_at = COALESCE(used_at, ?) WHERE id = ?",
                (to_text(at), link_id),
            )

        await self._host.write(op)

    async def revoke(
        self, *, at: datetime, link_id: str | None = None, case_id: str | None = None
    ) -> int:
        """Revoke one link, or every link of a case; returns how many were revoked."""

        def op(conn: sqlite3.Connection) -> int:
            if link_id is not None:
                cur = conn.execute(
                    "UPDATE links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    (to_text(at), link_id),
                )
            else:
                cur = conn.execute(
                    "UPDATE links SET revoked_at = ? WHERE case_id = ? AND revoked_at IS NULL",
                    (to_text(at), case_id),
                )
            return cur.rowcount

        return await self._host.write(op)


class SqliteMeta:
    """Small settings the instance keeps for itself (such as its generated signing secret)."""

    def __init__(self, host: _Host) -> None:
        self._host = host

    async def get_or_create(self, key: str, make: Callable[[], str]) -> str:
        row = self._host.reader().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return str(row[0])
        value = make()

        def op(conn: sqlite3.Connection) -> str:
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))
            return str(conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0])

        return await self._host.write(op)
