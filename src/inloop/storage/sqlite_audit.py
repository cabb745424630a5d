"""SQLite repository for the audit log: append-only (triggers refuse ``UPDATE`` and ``DELETE``)
and hash-chained. The hash itself is computed by the caller's ``seal`` function
(:func:`inloop.humans.audit.entry_hash`); this module only guarantees that each entry is sealed
against the latest entry, inside the one write transaction, so two appends can never share a
predecessor.

The newest entry's id and hash are also kept in ``meta`` under ``audit_head`` (written in the
same transaction), so that deleting or rewriting the last entries is detected too.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from inloop.clock import to_text
from inloop.records import AuditEntry

T = TypeVar("T")

HEAD_KEY = "audit_head"
_COLUMNS = "id, at, actor, action, subject, detail, prev_hash, hash"


class _Host(Protocol):
    def reader(self) -> sqlite3.Connection: ...

    async def write(self, op: Callable[[sqlite3.Connection], T]) -> T: ...


def _entry(row: Sequence[Any]) -> AuditEntry:
    return AuditEntry(
        id=int(row[0]),
        at=str(row[1]),
        actor=str(row[2]),
        action=str(row[3]),
        subject=None if row[4] is None else str(row[4]),
        detail=str(row[5]),
        prev_hash=str(row[6]),
        hash=str(row[7]),
    )


class SqliteAudit:
    def __init__(self, host: _Host) -> None:
        self._host = host

    async def append(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        subject: str | None,
        detail: str,
        genesis: str,
        seal: Callable[[AuditEntry], str],
    ) -> AuditEntry:
        """Append one entry after the latest one: its id is the latest id + 1 (1 for the first),
        its ``prev_hash`` the latest hash (``genesis`` for the first), its ``hash`` what
        ``seal`` returns for it."""
        stamp = to_text(at)

        def op(conn: sqlite3.Connection) -> AuditEntry:
            last = conn.execute(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"
            ).fetchone()
            draft = AuditEntry(
                id=1 if last is None else int(last[0]) + 1,
                at=stamp,
                actor=actor,
                action=action,
                subject=subject,
                detail=detail,
                prev_hash=genesis if last is None else str(last[1]),
                hash="",
            )
            entry = dataclasses.replace(draft, hash=seal(draft))
            conn.execute(
                f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.id,
                    entry.at,
                    entry.actor,
                    entry.action,
                    entry.subject,
                    entry.detail,
                    entry.prev_hash,
                    entry.hash,
                ),
            )
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (HEAD_KEY, f"{entry.id}:{entry.hash}"),
            )
            return entry

        return await self._host.write(op)

    async def entries(self, *, after_id: int = 0, limit: int | None = None) -> list[AuditEntry]:
        """Entries with an id above ``after_id``, oldest first (at most ``limit``)."""
        rows = self._host.reader().execute(
            f"SELECT {_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
            (after_id, -1 if limit is None else limit),
        )
        return [_entry(r) for r in rows]

    async def recent(self, *, limit: int = 50) -> list[AuditEntry]:
        """The newest ``limit`` entries, newest first."""
        rows = self._host.reader().execute(
            f"SELECT {_COLUMNS} FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [_entry(r) for r in rows]

    async def head(self) -> tuple[int, str] | None:
        """The id and hash of the newest entry as recorded at its append (``None`` before the
        first entry, or when the record is unreadable)."""
        row = (
            self._host.reader()
            .execute("SELECT value FROM meta WHERE key = ?", (HEAD_KEY,))
            .fetchone()
        )
        if row is None:
            return None
        ident, sep, digest = str(row[0]).partition(":")
        if not sep or not ident.isdigit():
            return None
        return int(ident), digest
