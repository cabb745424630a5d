"""SQLite repository for agents working tasks: claims with a lease, releases, reassignments.

Each write is one conditional ``UPDATE`` of the task row (so two agents racing for a task get
exactly one winner) and appends its case event (``task.claimed``, ``task.released``,
``task.reassigned``) with the case's next ``seq`` in the same transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from inloop import codec
from inloop.clock import from_text, to_text
from inloop.records import TaskClaim
from inloop.storage.changes import NewOutbox
from inloop.storage.sqlite_apply import queue_webhooks
from inloop.storage.sqlite_rows import TASK_COLUMNS, task_record

T = TypeVar("T")

_CLAIM_COLUMNS = f"{TASK_COLUMNS}, assignee, claimed_at, lease_until, due_at"
_N = len(TASK_COLUMNS.split(","))


class _Host(Protocol):
    def reader(self) -> sqlite3.Connection: ...

    async def write(self, op: Callable[[sqlite3.Connection], T]) -> T: ...


def _opt_time(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def _claim(row: Sequence[Any]) -> TaskClaim:
    return TaskClaim(
        task=task_record(row[:_N]),
        assignee=row[_N],
        claimed_at=_opt_time(row[_N + 1]),
        lease_until=_opt_time(row[_N + 2]),
        due_at=_opt_time(row[_N + 3]),
    )


def _next_seq(conn: sqlite3.Connection, case_id: str) -> int:
    row = conn.execute(
        "UPDATE cases SET event_seq = event_seq + 1 WHERE id = ? RETURNING event_seq",
        (case_id,),
    ).fetchone()
    if row is None:
        raise LookupError(f"no case {case_id!r}")
    return int(row[0])


class SqliteTasks:
    def __init__(self, host: _Host) -> None:
        self._host = host

    async def get(self, task_id: str) -> TaskClaim | None:
        row = (
            self._host.reader()
            .execute(f"SELECT {_CLAIM_COLUMNS} FROM tasks WHERE id = ?", (task_id,))
            .fetchone()
        )
        return None if row is None else _claim(row)

    async def claim(
        self, task_id: str, *, user_id: str, actor: str, now: datetime, lease_until: datetime
    ) -> TaskClaim | None:
        """Give the open task to ``user_id`` until ``lease_until`` when nobody holds it, its
        holder's lease ran out, or ``user_id`` holds it already; ``None`` (nothing written)
        otherwise."""
        at, until = to_text(now), to_text(lease_until)

        def op(conn: sqlite3.Connection) -> TaskClaim | None:
            row = conn.execute(
                "UPDATE tasks SET assignee = ?, claimed_at = ?, lease_until = ? "
                "WHERE id = ? AND status = 'open' AND (assignee IS NULL OR assignee = ? "
                f"OR lease_until IS NULL OR lease_until <= ?) RETURNING {_CLAIM_COLUMNS}",
                (user_id, at, until, task_id, user_id, at),
            ).fetchone()
            if row is None:
                return None
            claim = _claim(row)
            cid = claim.task.case_id
            seq = _next_seq(conn, cid)
            payload = {
                "task_id": task_id,
                "queue": claim.task.queue,
                "assignee": user_id,
                "lease_until": until,
            }
            conn.execute(
                "INSERT INTO events (case_id, seq, type, actor, at, payload) "
                "VALUES (?, ?, 'task.claimed', ?, ?, ?)",
                (cid, seq, actor, at, codec.dumps(payload)),
            )
            queue_webhooks(conn, cid, at, seq, 1)
            return claim

        return await self._host.write(op)

    async def renew(
        self, task_id: str, *, user_id: str, now: datetime, lease_until: datetime
    ) -> TaskClaim | None:
        """Extend the live claim of ``user_id``; ``None`` (nothing written) when the task is not
        open, not theirs, or their lease ran out. Writes no event."""

        def op(conn: sqlite3.Connection) -> TaskClaim | None:
            row = conn.execute(
                "UPDATE tasks SET lease_until = ? WHERE id = ? AND status = 'open' "
                f"AND assignee = ? AND lease_until > ? RETURNING {_CLAIM_COLUMNS}",
                (to_text(lease_until), task_id, user_id, to_text(now)),
            ).fetchone()
            return None if row is None else _claim(row)

        return await self._host.write(op)

    async def release(
        self, task_id: str, *, holder: str | None, actor: str, now: datetime
    ) -> TaskClaim | None:
        """Put the open task back in its queue. With ``holder`` only when that user holds it;
        with ``None`` whoever holds it. ``None`` (nothing written) when the condition fails."""
        at = to_text(now)

        def op(conn: sqlite3.Connection) -> TaskClaim | None:
            before = conn.execute(
                "SELECT assignee FROM tasks WHERE id = ? AND status = 'open' "
                "AND assignee IS NOT NULL AND (? IS NULL OR assignee = ?)",
                (task_id, holder, holder),
            ).fetchone()
            if before is None:
                return None
            row = conn.execute(
                "UPDATE tasks SET assignee = NULL, claimed_at = NULL, lease_until = NULL "
                f"WHERE id = ? RETURNING {_CLAIM_COLUMNS}",
                (task_id,),
            ).fetchone()
            claim = _claim(row)
            cid = claim.task.case_id
            seq = _next_seq(conn, cid)
            payload = {"task_id": task_id, "queue": claim.task.queue, "assignee": before[0]}
            conn.execute(
                "INSERT INTO events (case_id, seq, type, actor, at, payload) "
                "VALUES (?, ?, 'task.released', ?, ?, ?)",
                (cid, seq, actor, at, codec.dumps(payload)),
            )
            queue_webhooks(conn, cid, at, seq, 1)
            return claim

        return await self._host.write(op)

    async def reassign(
        self,
        task_id: str,
        *,
        to_user_id: str,
        actor: str,
        now: datetime,
        lease_until: datetime,
        notify: NewOutbox | None = None,
    ) -> TaskClaim | None:
        """Give the open task to ``to_user_id`` whoever holds it; ``None`` (nothing written)
        when the task is not open. With ``notify``, that mail is queued in the outbox and
        ``task.assigned_notified`` appended, in the same transaction."""
        at, until = to_text(now), to_text(lease_until)

        def op(conn: sqlite3.Connection) -> TaskClaim | None:
            before = conn.execute(
                "SELECT assignee FROM tasks WHERE id = ? AND status = 'open'", (task_id,)
            ).fetchone()
            if before is None:
                return None
            row = conn.execute(
                "UPDATE tasks SET assignee = ?, claimed_at = ?, lease_until = ? "
                f"WHERE id = ? RETURNING {_CLAIM_COLUMNS}",
                (to_user_id, at, until, task_id),
            ).fetchone()
            claim = _claim(row)
            cid = claim.task.case_id
            seq = _next_seq(conn, cid)
            payload = {
                "task_id": task_id,
                "queue": claim.task.queue,
                "previous": before[0],
                "assignee": to_user_id,
                "lease_until": until,
            }
            conn.execute(
                "INSERT INTO events (case_id, seq, type, actor, at, payload) "
                "VALUES (?, ?, 'task.reassigned', ?, ?, ?)",
                (cid, seq, actor, at, codec.dumps(payload)),
            )
            queue_webhooks(conn, cid, at, seq, 1)
            if notify is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO outbox (case_id, channel, kind, idempotency_key, "
                    "payload, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        cid,
                        notify.channel,
                        notify.kind,
                        notify.idempotency_key,
                        codec.dumps(notify.payload),
                        at,
                        at,
                    ),
                )
                seq = _next_seq(conn, cid)
                notice = {"task_id": task_id, "queue": claim.task.queue, "user_id": to_user_id}
                conn.execute(
                    "INSERT INTO events (case_id, seq, type, actor, at, payload) "
                    "VALUES (?, ?, 'task.assigned_notified', 'system', ?, ?)",
                    (cid, seq, at, codec.dumps(notice)),
                )
                queue_webhooks(conn, cid, at, seq, 1)
            return claim

        return await self._host.write(op)

    async def assigned_to(self, user_id: str, *, limit: int = 100) -> list[TaskClaim]:
        """Open tasks held by ``user_id`` (live or expired lease), most urgent first."""
        rows = (
            self._host.reader()
            .execute(
                f"SELECT {_CLAIM_COLUMNS} FROM tasks WHERE assignee = ? AND status = 'open' "
                "ORDER BY priority DESC, created_at LIMIT ?",
                (user_id, limit),
            )
            .fetchall()
        )
        return [_claim(r) for r in rows]

    async def find(
        self,
        *,
        now: datetime,
        queues: Sequence[str] | None = None,
        assignee: str | None = None,
        state: str | None = None,
        search: str | None = None,
        sort: str = "priority",
        limit: int = 200,
    ) -> list[TaskClaim]:
        """Tasks for the inbox. ``queues``: only these (``None``: every queue); ``assignee``:
        only tasks this user holds (live or expired lease); ``state``: ``open`` (open, nobody
        holds a live claim), ``claimed`` (open, held) or ``done`` (completed or cancelled),
        ``None``: open and claimed; ``search``: the case id or a part of the reason; ``sort``:
        ``priority`` (highest first) or ``due`` (soonest first, tasks without a due time
        last)."""
        at = to_text(now)
        where: list[str] = []
        params: list[Any] = []
        if queues is not None:
            if not queues:
                return []
            where.append(f"queue IN ({', '.join('?' for _ in queues)})")
            params.extend(queues)
        if assignee is not None:
            where.append("assignee = ?")
            params.append(assignee)
        live = "(assignee IS NOT NULL AND lease_until > ?)"
        if state == "open":
            where.append(f"status = 'open' AND NOT {live}")
            params.append(at)
        elif state == "claimed":
            where.append(f"status = 'open' AND {live}")
            params.append(at)
        elif state == "done":
            where.append("status != 'open'")
        else:
            where.append("status = 'open'")
        if search:
            escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append("(case_id = ? OR reason LIKE ? ESCAPE '\\')")
            params.extend([search, f"%{escaped}%"])
        order = (
            "due_at IS NULL, due_at, priority DESC, created_at"
            if sort == "due"
            else "priority DESC, due_at IS NULL, due_at, created_at"
        )
        rows = (
            self._host.reader()
            .execute(
                f"SELECT {_CLAIM_COLUMNS} FROM tasks WHERE {' AND '.join(where)} "
                f"ORDER BY {order} LIMIT ?",
                (*params, limit),
            )
            .fetchall()
        )
        return [_claim(r) for r in rows]

    async def for_case(self, case_id: str) -> list[TaskClaim]:
        """Every task of the case (open and closed), oldest first."""
        rows = (
            self._host.reader()
            .execute(
                f"SELECT {_CLAIM_COLUMNS} FROM tasks WHERE case_id = ? ORDER BY position",
                (case_id,),
            )
            .fetchall()
        )
        return [_claim(r) for r in rows]
