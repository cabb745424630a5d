"""SQLite repository of the ``mails`` table: mail sent to customers and mail received from them.

Sent mail is kept so that a reply can be matched to its case by the Message-ID it answers; its
bodies are kept only in the local mailbox (no SMTP server configured). A reply is stored together
with its ``message.received`` event in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from inloop import codec
from inloop.clock import from_text, to_text
from inloop.records import MailRecord

T = TypeVar("T")

_MAIL_COLUMNS = (
    "id, direction, message_id, outbox_id, case_id, sender, recipient, subject, text_body, "
    "html_body, headers, created_at"
)


class _Host(Protocol):
    def reader(self) -> sqlite3.Connection: ...

    async def write(self, op: Callable[[sqlite3.Connection], T]) -> T: ...


def _mail(row: Sequence[Any]) -> MailRecord:
    return MailRecord(
        id=row[0],
        direction=row[1],
        message_id=row[2],
        outbox_id=row[3],
        case_id=row[4],
        sender=row[5],
        recipient=row[6],
        subject=row[7],
        text_body=row[8],
        html_body=row[9],
        headers=codec.loads(row[10]),
        created_at=from_text(row[11]),
    )


_INSERT = (
    "INSERT OR IGNORE INTO mails (direction, message_id, outbox_id, case_id, sender, recipient, "
    "subject, text_body, html_body, headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class SqliteMail:
    def __init__(self, host: _Host) -> None:
        self._host = host

    async def record(
        self,
        *,
        direction: str,
        message_id: str,
        sender: str,
        recipient: str,
        subject: str,
        headers: dict[str, str],
        at: datetime,
        case_id: str | None = None,
        outbox_id: int | None = None,
        text_body: str | None = None,
        html_body: str | None = None,
    ) -> bool:
        params = (
            direction,
            message_id,
            outbox_id,
            case_id,
            sender,
            recipient,
            subject,
            text_body,
            html_body,
            codec.dumps(headers),
            to_text(at),
        )

        def op(conn: sqlite3.Connection) -> bool:
            return conn.execute(_INSERT, params).rowcount == 1

        return await self._host.write(op)

    async def record_reply(
        self,
        *,
        case_id: str,
        message_id: str,
        sender: str,
        recipient: str,
        subject: str,
        headers: dict[str, str],
        text_body: str | None,
        html_body: str | None,
        received: dict[str, Any],
        at: datetime,
    ) -> bool:
        params = (
            "in",
            message_id,
            None,
            case_id,
            sender,
            recipient,
            subject,
            text_body,
            html_body,
            codec.dumps(headers),
            to_text(at),
        )

        def op(conn: sqlite3.Connection) -> bool:
            if conn.execute(_INSERT, params).rowcount != 1:
                return False  # delivered twice: recorded the first time
            row = conn.execute(
                "UPDATE cases SET event_seq = event_seq + 1 WHERE id = ? RETURNING event_seq",
                (case_id,),
            ).fetchone()
            if row is None:
                raise LookupError(f"no case {case_id!r}")
            conn.execute(
                "INSERT INTO events (case_id, seq, type, actor, at, payload) "
                "VALUES (?, ?, 'message.received', 'customer', ?, ?)",
                (case_id, row[0], to_text(at), codec.dumps(received)),
            )
            return True

        return await self._host.write(op)

    async def find_sent(self, message_ids: Sequence[str]) -> MailRecord | None:
        ids = [m for m in dict.fromkeys(message_ids) if m][:50]
        if not ids:
            return None
        marks = ", ".join("?" * len(ids))
        row = (
            self._host.reader()
            .execute(
                f"SELECT {_MAIL_COLUMNS} FROM mails WHERE direction = 'out' "
                f"AND message_id IN ({marks}) AND case_id IS NOT NULL ORDER BY id DESC LIMIT 1",
                ids,
            )
            .fetchone()
        )
        return None if row is None else _mail(row)

    async def get(self, mail_id: int) -> MailRecord | None:
        row = (
            self._host.reader()
            .execute(f"SELECT {_MAIL_COLUMNS} FROM mails WHERE id = ?", (mail_id,))
            .fetchone()
        )
        return None if row is None else _mail(row)

    async def recent(self, *, limit: int = 100) -> list[MailRecord]:
        rows = (
            self._host.reader()
            .execute(f"SELECT {_MAIL_COLUMNS} FROM mails ORDER BY id DESC LIMIT ?", (limit,))
            .fetchall()
        )
        return [_mail(r) for r in rows]
