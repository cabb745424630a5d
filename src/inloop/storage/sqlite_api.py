"""SQLite repository for the JSON API and outgoing webhooks: API keys (only their SHA-256 is
stored), stored responses of idempotent requests, webhook endpoints.

The fan-out of case events to webhooks happens inside change sets
(:func:`inloop.storage.sqlite_apply.queue_webhooks`), not here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from inloop import codec
from inloop.clock import from_text, to_text
from inloop.records import ApiKeyRecord, IdempotencyRecord, WebhookRecord

T = TypeVar("T")

_KEY_COLUMNS = "id, name, scopes, created_at, revoked_at, last_used_at"
_WEBHOOK_COLUMNS = "id, url, secret, event_types, created_at, disabled_at"
_IDEM_COLUMNS = "api_key_id, key, method, path, request_hash, status_code, response, created_at"

TOUCH_INTERVAL_SECONDS = 60.0
"""``last_used_at`` of an API key is written at most this often (not on every request)."""


class _Host(Protocol):
    def reader(self) -> sqlite3.Connection: ...

    async def write(self, op: Callable[[sqlite3.Connection], T]) -> T: ...


def _opt_time(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def _key(row: Sequence[Any]) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=row[0],
        name=row[1],
        scopes=tuple(codec.loads(row[2])),
        created_at=from_text(row[3]),
        revoked_at=_opt_time(row[4]),
        last_used_at=_opt_time(row[5]),
    )


def _webhook(row: Sequence[Any]) -> WebhookRecord:
    return WebhookRecord(
        id=row[0],
        url=row[1],
        secret=row[2],
        event_types=tuple(codec.loads(row[3])),
        created_at=from_text(row[4]),
        disabled_at=_opt_time(row[5]),
    )


def _idem(row: Sequence[Any]) -> IdempotencyRecord:
    return IdempotencyRecord(
        api_key_id=row[0],
        key=row[1],
        method=row[2],
        path=row[3],
        request_hash=row[4],
        status_code=int(row[5]),
        response=codec.loads(row[6]) if row[6] else None,
        created_at=from_text(row[7]),
    )


class SqliteApi:
    def __init__(self, host: _Host) -> None:
        self._host = host

    # -- API keys -------------------------------------------------------------------------

    async def create_key(self, *, id: str, name: str, key_hash: str, at: datetime) -> ApiKeyRecord:
        def op(conn: sqlite3.Connection) -> ApiKeyRecord:
            row = conn.execute(
                "INSERT INTO api_keys (id, name, key_hash, created_at) VALUES (?, ?, ?, ?) "
                f"RETURNING {_KEY_COLUMNS}",
                (id, name, key_hash, to_text(at)),
            ).fetchone()
            return _key(row)

        return await self._host.write(op)

    async def find_key(self, key_hash: str) -> ApiKeyRecord | None:
        """The key (revoked or not) with this hash."""
        row = (
            self._host.reader()
            .execute(f"SELECT {_KEY_COLUMNS} FROM api_keys WHERE key_hash = ?", (key_hash,))
            .fetchone()
        )
        return None if row is None else _key(row)

    async def list_keys(self) -> list[ApiKeyRecord]:
        rows = (
            self._host.reader()
            .execute(f"SELECT {_KEY_COLUMNS} FROM api_keys ORDER BY created_at, id")
            .fetchall()
        )
        return [_key(r) for r in rows]

    async def revoke_key(self, key_id: str, *, at: datetime) -> ApiKeyRecord | None:
        """Revoke a key (a revoked key stays revoked); ``None`` when there is no such key."""

        def op(conn: sqlite3.Connection) -> ApiKeyRecord | None:
            row = conn.execute(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? "
                f"RETURNING {_KEY_COLUMNS}",
                (to_text(at), key_id),
            ).fetchone()
            return None if row is None else _key(row)

        return await self._host.write(op)

    async def touch_key(self, key: ApiKeyRecord, *, at: datetime) -> None:
        """Record that the key was used (skipped when it was recorded less than a minute ago)."""
        last = key.last_used_at
        if last is not None and (at - last).total_seconds() < TOUCH_INTERVAL_SECONDS:
            return

        def op(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", (to_text(at), key.id))

        await self._host.write(op)

    # -- stored responses of idempotent requests ------------------------------------------

    async def get_response(self, api_key_id: str, key: str) -> IdempotencyRecord | None:
        row = (
            self._host.reader()
            .execute(
                f"SELECT {_IDEM_COLUMNS} FROM idempotency WHERE api_key_id = ? AND key = ?",
                (api_key_id, key),
            )
            .fetchone()
        )
        return None if row is None else _idem(row)

    async def reserve_response(
        self,
        *,
        api_key_id: str,
        key: str,
        method: str,
        path: str,
        request_hash: str,
        at: datetime,
    ) -> IdempotencyRecord:
        """Claim ``key`` for a request (status 0: in progress) unless it is taken; returns the
        row that holds the key now (this request's or an earlier one's)."""

        def op(conn: sqlite3.Connection) -> IdempotencyRecord:
            conn.execute(
                "INSERT OR IGNORE INTO idempotency (api_key_id, key, method, path, request_hash, "
                "status_code, response, created_at) VALUES (?, ?, ?, ?, ?, 0, '', ?)",
                (api_key_id, key, method, path, request_hash, to_text(at)),
            )
            row = conn.execute(
                f"SELECT {_IDEM_COLUMNS} FROM idempotency WHERE api_key_id = ? AND key = ?",
                (api_key_id, key),
            ).fetchone()
            return _idem(row)

        return await self._host.write(op)

    async def store_response(
        self, *, api_key_id: str, key: str, request_hash: str, status_code: int, response: Any
    ) -> None:
        """Keep the response of a reserved key (first writer wins)."""

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE idempotency SET status_code = ?, response = ? "
                "WHERE api_key_id = ? AND key = ? AND request_hash = ? AND status_code = 0",
                (status_code, codec.dumps(response), api_key_id, key, request_hash),
            )

        await self._host.write(op)

    async def release_response(self, *, api_key_id: str, key: str, request_hash: str) -> None:
        """Drop a reservation whose request failed on the server side, so it can be retried."""

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "DELETE FROM idempotency WHERE api_key_id = ? AND key = ? AND request_hash = ? "
                "AND status_code = 0",
                (api_key_id, key, request_hash),
            )

        await self._host.write(op)

    # -- webhooks -------------------------------------------------------------------------

    async def create_webhook(
        self, *, id: str, url: str, secret: str, event_types: Sequence[str], at: datetime
    ) -> WebhookRecord:
        def op(conn: sqlite3.Connection) -> WebhookRecord:
            row = conn.execute(
                "INSERT INTO webhooks (id, url, secret, event_types, created_at) "
                f"VALUES (?, ?, ?, ?, ?) RETURNING {_WEBHOOK_COLUMNS}",
                (id, url, secret, codec.dumps(sorted(set(event_types))), to_text(at)),
            ).fetchone()
            return _webhook(row)

        return await self._host.write(op)

    async def get_webhook(self, webhook_id: str) -> WebhookRecord | None:
        row = (
            self._host.reader()
            .execute(f"SELECT {_WEBHOOK_COLUMNS} FROM webhooks WHERE id = ?", (webhook_id,))
            .fetchone()
        )
        return None if row is None else _webhook(row)

    async def list_webhooks(self) -> list[WebhookRecord]:
        rows = (
            self._host.reader()
            .execute(f"SELECT {_WEBHOOK_COLUMNS} FROM webhooks ORDER BY created_at, id")
            .fetchall()
        )
        return [_webhook(r) for r in rows]

    async def disable_webhook(self, webhook_id: str, *, at: datetime) -> WebhookRecord | None:
        """Stop queueing events for the webhook (deliveries already queued are dropped when
        their turn comes); ``None`` when there is no such webhook."""

        def op(conn: sqlite3.Connection) -> WebhookRecord | None:
            row = conn.execute(
                "UPDATE webhooks SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ? "
                f"RETURNING {_WEBHOOK_COLUMNS}",
                (to_text(at), webhook_id),
            ).fetchone()
            return None if row is None else _webhook(row)

        return await self._host.write(op)
