"""SQLite repositories for the customer's side: secure links, outbox delivery, metadata."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from inloop import codec
from inloop.clock import from_text, to_text
from inloop.records import LinkPurpose, LinkRecord, OutboxRecord
from inloop.storage.sqlite_rows import outbox_record

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


_OUTBOX_COLUMNS = (
    "id, case_id, channel, kind, idempotency_key, payload, status, attempts, created_at"
)


class SqliteOutbox:
    """Delivery bookkeeping of the outbox. Rows are claimed with a lease (their next attempt time
    moves into the future), so a dispatcher that dies mid-send leaves them to be tried again."""

    def __init__(self, host: _Host) -> None:
        self._host = host

    async def claim(
        self, *, now: datetime, lease_until: datetime, limit: int, channels: Sequence[str]
    ) -> list[OutboxRecord]:
        if not channels:
            return []
        marks = ", ".join("?" * len(channels))
        sql = (
            "UPDATE outbox SET next_attempt_at = ?, attempts = attempts + 1 WHERE id IN ("
            f"SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? "
            f"AND channel IN ({marks}) ORDER BY next_attempt_at, id LIMIT ?) "
            f"RETURNING {_OUTBOX_COLUMNS}"
        )
        params = (to_text(lease_until), to_text(now), *channels, limit)

        def op(conn: sqlite3.Connection) -> list[OutboxRecord]:
            return [outbox_record(r) for r in conn.execute(sql, params).fetchall()]

        return await self._host.write(op)

    async def sent(self, item: OutboxRecord, *, at: datetime) -> None:
        """Mark delivered and append ``message.sent`` to the case's events, in one transaction."""
        await self._host.write(lambda conn: _finish(conn, item, at, "sent", None))

    async def failed(self, item: OutboxRecord, *, at: datetime, error: str) -> None:
        """Give up on a message and append ``message.failed``."""
        await self._host.write(lambda conn: _finish(conn, item, at, "failed", error))

    async def retry(self, item: OutboxRecord, *, next_attempt_at: datetime, error: str) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE outbox SET next_attempt_at = ?, last_error = ? "
                "WHERE id = ? AND status = 'pending'",
                (to_text(next_attempt_at), error[:2000], item.id),
            )

        await self._host.write(op)


def _finish(
    conn: sqlite3.Connection, item: OutboxRecord, at: datetime, status: str, error: str | None
) -> None:
    cur = conn.execute(
        "UPDATE outbox SET status = ?, sent_at = CASE WHEN ? = 'sent' THEN ? END, last_error = ? "
        "WHERE id = ? AND status = 'pending'",
        (status, status, to_text(at), None if error is None else error[:2000], item.id),
    )
    if cur.rowcount != 1 or item.case_id is None:
        return
    seq = conn.execute(
        "UPDATE cases SET event_seq = event_seq + 1 WHERE id = ? RETURNING event_seq",
        (item.case_id,),
    ).fetchone()[0]
    payload = {
        "outbox_id": item.id,
        "channel": item.channel,
        "kind": item.kind,
        "attempts": item.attempts,
    }
    if error is not None:
        payload["error"] = error[:500]
    conn.execute(_MESSAGE_EVENT[status], (item.case_id, seq, to_text(at), codec.dumps(payload)))


_MESSAGE_EVENT = {
    "sent": "INSERT INTO events (case_id, seq, type, actor, at, payload) "
    "VALUES (?, ?, 'message.sent', 'system', ?, ?)",
    "failed": "INSERT INTO events (case_id, seq, type, actor, at, payload) "
    "VALUES (?, ?, 'message.failed', 'system', ?, ?)",
}


class SqliteDrafts:
    """Partial answers a customer saved to finish later."""

    def __init__(self, host: _Host) -> None:
        self._host = host

    async def get(self, request_id: str) -> Any:
        row = (
            self._host.reader()
            .execute("SELECT data FROM drafts WHERE request_id = ?", (request_id,))
            .fetchone()
        )
        return None if row is None else codec.loads(row[0])

    async def save(self, request_id: str, data: Any, *, at: datetime) -> None:
        text = codec.dumps(data)

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO drafts (request_id, data, saved_at) VALUES (?, ?, ?) "
                "ON CONFLICT (request_id) DO UPDATE SET data = excluded.data, "
                "saved_at = excluded.saved_at",
                (request_id, text, to_text(at)),
            )

        await self._host.write(op)


class SqliteFiles:
    """Documents customers uploaded: metadata here, content in the upload folder."""

    def __init__(self, host: _Host) -> None:
        self._host = host

    async def add(
        self,
        *,
        id: str,
        case_id: str,
        request_id: str | None,
        name: str,
        content_type: str,
        size: int,
        sha256: str,
        storage_key: str,
        at: datetime,
    ) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO files (id, case_id, request_id, name, content_type, size, sha256, "
                "storage_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    id,
                    case_id,
                    request_id,
                    name,
                    content_type,
                    size,
                    sha256,
                    storage_key,
                    to_text(at),
                ),
            )

        await self._host.write(op)

    async def for_case(self, case_id: str) -> list[dict[str, Any]]:
        rows = (
            self._host.reader()
            .execute(
                "SELECT id, request_id, name, content_type, size, sha256, storage_key, created_at "
                "FROM files WHERE case_id = ? ORDER BY created_at",
                (case_id,),
            )
            .fetchall()
        )
        keys = (
            "id",
            "request_id",
            "name",
            "content_type",
            "size",
            "sha256",
            "storage_key",
            "created_at",
        )
        return [dict(zip(keys, r, strict=True)) for r in rows]
