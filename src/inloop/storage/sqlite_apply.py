"""Writing a change set to SQLite: guards first, then the case row, then the rows it adds."""

from __future__ import annotations

import sqlite3
from typing import Any

from inloop import codec
from inloop.clock import to_text
from inloop.records import EntryState, RequestStatus
from inloop.storage.changes import UNSET, Changes, GuardFailed
from inloop.storage.sqlite_rows import REQUEST_COLUMNS, TASK_COLUMNS


def apply_changes(conn: sqlite3.Connection, ch: Changes) -> None:
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
    for td in ch.task_due:
        cur = conn.execute(
            "UPDATE tasks SET due_at = COALESCE(?, due_at) "
            "WHERE id = ? AND case_id = ? AND status = 'open'",
            (None if td.due_at is None else to_text(td.due_at), td.id, cid),
        )
        if cur.rowcount != 1:
            raise GuardFailed("task")

    if ch.expect_paused is not None:
        row = conn.execute("SELECT paused_by FROM cases WHERE id = ?", (cid,)).fetchone()
        paused = row is not None and row[0] is not None
        if paused != ch.expect_paused:
            raise GuardFailed("paused" if paused else "not_paused")

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
    if ch.paused_by is not UNSET:
        sets.append("paused_by = ?, paused_at = ?")
        params += [ch.paused_by, None if ch.paused_by is None else at]
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
            f"INSERT INTO requests ({REQUEST_COLUMNS}) "
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
            f"INSERT INTO tasks ({TASK_COLUMNS}, due_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'open', ?, NULL, NULL, ?, NULL, ?)",
            [
                (
                    t.id,
                    cid,
                    t.position,
                    t.queue,
                    t.reason,
                    t.priority,
                    codec.dumps(t.spec),
                    at,
                    None if t.due_at is None else to_text(t.due_at),
                )
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
        queue_webhooks(conn, cid, at, first_seq, len(ch.events))
    if ch.outbox:
        conn.executemany(
            "INSERT OR IGNORE INTO outbox (case_id, channel, kind, idempotency_key, payload, "
            "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (cid, o.channel, o.kind, o.idempotency_key, codec.dumps(o.payload), at, at)
                for o in ch.outbox
            ],
        )


_ACTIVE_WEBHOOKS = "SELECT id, event_types FROM webhooks WHERE disabled_at IS NULL"


def queue_webhooks(
    conn: sqlite3.Connection, case_id: str, at: str, first_seq: int, count: int
) -> None:
    """Queue one outbox row (channel ``webhook``) per active webhook subscribed to each of the
    case's events ``first_seq .. first_seq + count - 1``, in the caller's transaction. With no
    webhook configured this costs one SELECT on the empty webhooks table."""
    hooks = conn.execute(_ACTIVE_WEBHOOKS).fetchall()
    if not hooks:
        return
    events = conn.execute(
        "SELECT id, seq, type, actor, at, payload FROM events "
        "WHERE case_id = ? AND seq >= ? AND seq < ? ORDER BY seq",
        (case_id, first_seq, first_seq + count),
    ).fetchall()
    rows = []
    for hook_id, types_text in hooks:
        types = set(codec.loads(types_text))
        for event_id, seq, type_, actor, event_at, payload in events:
            if types and type_ not in types:
                continue
            event = {
                "id": event_id,
                "type": type_,
                "case_id": case_id,
                "seq": seq,
                "at": event_at,
                "actor": actor,
                "payload": codec.loads(payload),
            }
            rows.append(
                (
                    type_,
                    f"webhook:{hook_id}:{event_id}",
                    codec.dumps({"webhook_id": hook_id, "event": event}),
                    at,
                    at,
                )
            )
    if rows:
        # no case_id: deliveries to webhooks add no message.sent events to the case
        conn.executemany(
            "INSERT OR IGNORE INTO outbox (case_id, channel, kind, idempotency_key, payload, "
            "next_attempt_at, created_at) VALUES (NULL, 'webhook', ?, ?, ?, ?, ?)",
            rows,
        )
