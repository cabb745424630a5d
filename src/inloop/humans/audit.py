"""The audit log: who did what, when, append-only and hash-chained.

Each entry is sealed with ``hash = SHA-256(canonical JSON of {id, at, actor, action, subject,
detail, prev_hash})``, where ``prev_hash`` is the hash of the entry before it (:data:`GENESIS`
for the first) and ``detail`` is the stored canonical JSON text of the details. Because the id
is sealed too, an entry moved to another position no longer matches its hash; because every
entry names its predecessor's hash, an entry edited and re-sealed breaks the link of the next
one; and because the newest entry's id and hash are kept apart from the log (the *head*), the
newest entries cannot be deleted or rewritten unnoticed either. The database refuses ``UPDATE``
and ``DELETE`` on the log; :func:`verify` catches what someone with access to the file does
anyway. Someone who rewrites the whole chain *and* the head can only be caught against a head
kept elsewhere: ``inloop audit verify`` prints it.

Never put passwords, tokens, keys or cookies into details: :meth:`Audit.record` refuses detail
names that look like one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from inloop.clock import Clock
from inloop.records import AuditEntry
from inloop.storage.base import Store

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry."""

PAGE = 1000
"""Entries read at a time while verifying."""

_SECRET_WORDS = ("password", "token", "secret", "cookie", "api_key", "apikey", "credential")


class AuditAction(StrEnum):
    """What the log records (see ``docs/reference/audit.md``)."""

    LOGIN = "staff.login"
    LOGIN_FAILED = "staff.login_failed"
    LOGOUT = "staff.logout"
    USER_CREATED = "user.created"
    USER_DISABLED = "user.disabled"
    USER_PASSWORD_RESET = "user.password_reset"  # noqa: S105 (a name)
    USER_ROLE_SET = "user.role_set"
    USER_QUEUES_SET = "user.queues_set"
    CASE_VIEWED = "case.viewed"
    TASK_CLAIMED = "task.claimed"
    TASK_RELEASED = "task.released"
    TASK_REASSIGNED = "task.reassigned"
    ANSWERED_FOR_CUSTOMER = "request.answered_for_customer"
    ANSWER_REFUSED = "request.answer_refused"
    NOTE_ADDED = "note.added"
    AI_CORRECTED = "ai.corrected"
    PERSONAL_DATA_VIEWED = "personal_data.viewed"
    TASK_COMPLETED = "task.completed"
    TASK_COMPLETE_REFUSED = "task.complete_refused"
    CUSTOMER_ASKED = "task.customer_asked"
    CASE_TAKEN_OVER = "case.taken_over"
    CASE_HANDED_BACK = "case.handed_back"
    DECISION = "decision.made"


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept, no NaN: the same value always gives the same text."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def entry_hash(entry: AuditEntry) -> str:
    """The seal of ``entry`` (its own ``hash`` field is not part of it)."""
    sealed = {
        "id": entry.id,
        "at": entry.at,
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }
    return hashlib.sha256(canonical_json(sealed).encode("utf-8")).hexdigest()


def _check_detail(detail: dict[str, Any], path: str = "") -> None:
    for key, value in detail.items():
        lowered = str(key).lower()
        if any(word in lowered for word in _SECRET_WORDS):
            raise ValueError(f"audit detail {path}{key!r} looks like a secret; never log secrets")
        if isinstance(value, dict):
            _check_detail(value, f"{path}{key}.")


def email_digest(email: str) -> str:
    """An address as the log keeps a typed (possibly mistyped) address: its SHA-256."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


# -- verification -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the chain. ``kind`` is one of ``edited`` (content does not match its
    hash), ``moved`` (an entry sealed for another position: reordered), ``broken_link``
    (``prev_hash`` is not the previous entry's hash), ``missing`` (ids skipped: deleted entries),
    ``out_of_order`` (ids not increasing), ``duplicate`` (an id seen twice), ``head``
    (the newest entries were deleted or rewritten, or the head record is missing)."""

    kind: str
    id: int | None
    message: str

    def __str__(self) -> str:
        where = "log" if self.id is None else f"entry {self.id}"
        return f"{where}: {self.kind}: {self.message}"


@dataclass(slots=True)
class VerifyReport:
    """The outcome of :func:`verify`: ``first_broken`` is the id of the first entry (in chain
    order) that is not trustworthy; everything before it is intact."""

    entries: int = 0
    head_id: int | None = None
    head_hash: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> int | None:
        ids = [p.id for p in self.problems if p.id is not None]
        if ids:
            return min(ids)
        return self.head_id if self.problems else None


class _Verifier:
    """Checks entries one at a time, oldest first."""

    def __init__(self, head: tuple[int, str] | None, *, expect_head: bool) -> None:
        self.report = VerifyReport()
        self.head = head
        self.expect_head = expect_head
        self.prev: AuditEntry | None = None
        self.ids_by_hash: dict[bytes, int] = {}
        self.pending: dict[bytes, list[AuditEntry]] = {}
        self.max_id = 0
        self.head_seen = False

    def add(self, kind: str, entry_id: int | None, message: str) -> None:
        self.report.problems.append(Problem(kind, entry_id, message))

    def feed(self, entry: AuditEntry) -> None:
        self.report.entries += 1
        prev = self.prev
        expected_id = 1 if prev is None else prev.id + 1
        if prev is not None and entry.id == prev.id:
            self.add("duplicate", entry.id, "the id appears twice")
        elif prev is not None and entry.id < prev.id:
            self.add("out_of_order", entry.id, f"comes after entry {prev.id}")
        elif entry.id > expected_id:
            gap = (
                f"entry {expected_id} is"
                if entry.id == expected_id + 1
                else f"entries {expected_id} to {entry.id - 1} are"
            )
            self.add("missing", entry.id, f"{gap} missing before it")
        if entry_hash(entry) != entry.hash:
            self._mismatch(entry)
        else:
            self._register(entry, entry.id)
        want = GENESIS if prev is None else prev.hash
        if entry.prev_hash != want:
            what = "the genesis value" if prev is None else f"the hash of entry {prev.id}"
            self.add("broken_link", entry.id, f"prev_hash is not {what}")
        if self.head is not None and entry.id == self.head[0]:
            self.head_seen = True
            if entry.hash != self.head[1]:
                self.add("head", entry.id, "the newest entry was rewritten after it was logged")
        self.max_id = max(self.max_id, entry.id)
        self.prev = entry

    def _register(self, entry: AuditEntry, sealed_for: int) -> None:
        """Remember the position ``entry``'s hash was sealed for, and classify the entries that
        were waiting for it (their predecessor)."""
        work = [(entry, sealed_for)]
        while work:
            current, position = work.pop()
            key = _key(current.hash)
            self.ids_by_hash.setdefault(key, position)
            for waiting in self.pending.pop(key, []):
                work.append((waiting, self._classify(waiting, position + 1)))

    def _mismatch(self, entry: AuditEntry) -> None:
        """An entry whose content does not match its hash: moved (sealed intact for the position
        after the one its ``prev_hash`` names) or edited."""
        if entry.prev_hash == GENESIS:
            self._register(entry, self._classify(entry, 1))
            return
        before = self.ids_by_hash.get(_key(entry.prev_hash))
        if before is not None:
            self._register(entry, self._classify(entry, before + 1))
        else:  # its predecessor may come later (entries swapped)
            self.pending.setdefault(_key(entry.prev_hash), []).append(entry)

    def _classify(self, entry: AuditEntry, sealed_for: int) -> int:
        """Report ``entry`` as moved or edited; returns the position it was sealed for."""
        if sealed_for != entry.id and entry_hash(_with_id(entry, sealed_for)) == entry.hash:
            self.add("moved", entry.id, f"holds entry {sealed_for}, sealed for that position")
            return sealed_for
        self.add("edited", entry.id, "its content does not match its hash")
        return entry.id

    def finish(self) -> VerifyReport:
        while self.pending:
            _, waiting = self.pending.popitem()
            for entry in waiting:
                self._register(entry, self._classify(entry, entry.id))
        self.report.problems.sort(key=lambda p: (p.id is None, p.id or 0))
        last = self.prev
        self.report.head_id = None if last is None else last.id
        self.report.head_hash = None if last is None else last.hash
        if not self.expect_head:
            return self.report
        if self.head is None:
            if last is not None:
                self.add("head", None, "the head record is missing")
        elif not self.head_seen:
            head_id = self.head[0]
            if head_id > self.max_id:
                self.add("head", None, f"entries {self.max_id + 1} to {head_id} are missing")
            else:
                self.add("head", head_id, "the newest entry at its logging is missing")
        return self.report


def _key(digest: str) -> bytes:
    """A short dictionary key for a hash (8 bytes are plenty to tell entries apart)."""
    return digest[:16].encode("ascii", "replace")


def _with_id(entry: AuditEntry, ident: int) -> AuditEntry:
    return AuditEntry(
        id=ident,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        subject=entry.subject,
        detail=entry.detail,
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )


def verify(
    entries: Iterable[AuditEntry],
    head: tuple[int, str] | None = None,
    *,
    expect_head: bool | None = None,
) -> VerifyReport:
    """Check a chain given oldest first: every problem, and the first broken position.

    ``head`` is the ``(id, hash)`` the newest entry had when it was logged; with it (or with
    ``expect_head=True``, when no head was recorded) deleted or rewritten newest entries are
    found too. Without it the chain alone is checked."""
    checker = _Verifier(head, expect_head=head is not None if expect_head is None else expect_head)
    for entry in entries:
        checker.feed(entry)
    return checker.finish()


# -- recording ----------------------------------------------------------------------------------


class Audit:
    """Appends to and checks the audit log of a store."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def record(
        self, actor: str, action: AuditAction | str, subject: str | None = None, **detail: Any
    ) -> AuditEntry:
        """Append an entry: ``actor`` did ``action`` to ``subject``; ``detail`` is any JSON data
        (never passwords or tokens: names that look like one raise ``ValueError``)."""
        if not actor:
            raise ValueError("an audit entry needs an actor")
        _check_detail(detail)
        return await self.store.audit.append(
            at=self.clock.now(),
            actor=actor,
            action=str(action),
            subject=subject,
            detail=canonical_json(detail),
            genesis=GENESIS,
            seal=entry_hash,
        )

    async def entries(self) -> AsyncIterator[AuditEntry]:
        """Every entry, oldest first, read a page at a time."""
        after = 0
        while True:
            page = await self.store.audit.entries(after_id=after, limit=PAGE)
            for entry in page:
                yield entry
            if len(page) < PAGE:
                return
            after = page[-1].id

    async def verify(self) -> VerifyReport:
        """Check the whole log against its chain and its head."""
        head = await self.store.audit.head()  # before the entries: later appends do no harm
        checker = _Verifier(head, expect_head=True)
        async for entry in self.entries():
            checker.feed(entry)
        return checker.finish()
