"""The storage port: what the engine needs from a database, and nothing about SQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from inloop.records import (
    CaseRecord,
    CaseStatus,
    EventRecord,
    JournalEntry,
    LinkPurpose,
    LinkRecord,
    OutboxRecord,
    RequestRecord,
    RequestStatus,
    TaskRecord,
    TaskStatus,
    TimerRecord,
)
from inloop.storage.changes import Changes, NewCase


class LinkStore(Protocol):
    """Secure links: only the SHA-256 of a token is stored."""

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
    ) -> None: ...

    async def find(self, token_hash: str) -> LinkRecord | None: ...

    async def get(self, link_id: str) -> LinkRecord | None: ...

    async def for_case(self, case_id: str) -> list[LinkRecord]: ...

    async def mark_used(self, link_id: str, at: datetime) -> None: ...

    async def revoke(
        self, *, at: datetime, link_id: str | None = None, case_id: str | None = None
    ) -> int: ...


class OutboxStore(Protocol):
    """Delivery bookkeeping of the outbox (rows are written by change sets)."""

    async def claim(
        self, *, now: datetime, lease_until: datetime, limit: int, channels: Sequence[str]
    ) -> list[OutboxRecord]: ...

    async def sent(self, item: OutboxRecord, *, at: datetime) -> None: ...

    async def failed(self, item: OutboxRecord, *, at: datetime, error: str) -> None: ...

    async def retry(self, item: OutboxRecord, *, next_attempt_at: datetime, error: str) -> None: ...


class MetaStore(Protocol):
    async def get_or_create(self, key: str, make: Callable[[], str]) -> str: ...


class Store(Protocol):
    """A durable home for cases. Every write is one transaction; adapters may group the writes
    of many callers into one commit (group commit), never splitting one change set."""

    url: str

    @property
    def links(self) -> LinkStore: ...

    @property
    def meta(self) -> MetaStore: ...

    @property
    def outbox(self) -> OutboxStore: ...

    async def open(self, *, create: bool = True) -> None:
        """Connect and check the schema. A fresh, empty database gets the current schema when
        ``create`` is true; an older schema raises ``SchemaError(code="schema_outdated")``, a newer
        one ``schema_too_new``, a damaged file ``database_corrupt``."""
        ...

    async def close(self) -> None: ...

    async def upgrade(self) -> list[int]:
        """Apply pending migrations; returns the versions applied."""
        ...

    async def schema_version(self) -> int: ...

    async def create_case(self, case: NewCase) -> tuple[str, bool]:
        """Insert a runnable case with its ``case.created`` event. With a ``start_key`` that
        exists already, nothing is written and ``(existing id, False)`` is returned."""
        ...

    async def claim(
        self,
        *,
        worker: str,
        process_keys: Sequence[str],
        limit: int,
        now: datetime,
        lease_until: datetime,
    ) -> list[CaseRecord]:
        """Lease up to ``limit`` runnable cases whose lease is free or ran out; each returned
        record carries its new lease token (the fencing token of the run)."""
        ...

    async def renew(
        self, *, worker: str, case_ids: Sequence[str], lease_until: datetime
    ) -> None: ...

    async def apply(self, changes: Changes) -> None:
        """Apply one change set atomically; raises ``GuardFailed`` (nothing written) when a guard
        does not hold."""
        ...

    async def journal(self, case_id: str) -> list[JournalEntry]:
        """The case's journal in position order."""
        ...

    async def get_case(self, case_id: str) -> CaseRecord | None: ...

    async def list_cases(
        self, *, status: CaseStatus | None = None, limit: int = 100
    ) -> list[CaseRecord]: ...

    async def count_cases(self) -> dict[CaseStatus, int]: ...

    async def get_request(self, request_id: str) -> RequestRecord | None: ...

    async def list_requests(
        self, *, case_id: str, status: RequestStatus | None = None
    ) -> list[RequestRecord]: ...

    async def get_task(self, task_id: str) -> TaskRecord | None: ...

    async def list_tasks(
        self,
        *,
        case_id: str | None = None,
        queue: str | None = None,
        status: TaskStatus | None = None,
        limit: int = 100,
    ) -> list[TaskRecord]: ...

    async def list_events(self, case_id: str, *, after_seq: int = 0) -> list[EventRecord]: ...

    async def list_outbox(self, *, case_id: str | None = None) -> list[OutboxRecord]: ...

    async def due_timers(self, *, now: datetime, limit: int) -> list[TimerRecord]: ...

    async def next_timer_due(self) -> datetime | None: ...

    async def integrity_check(self) -> str: ...

    def stats(self) -> dict[str, float]:
        """Counters of the adapter (commits, operations per commit ...), for benchmarks."""
        ...
