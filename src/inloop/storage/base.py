"""The storage port: what the engine needs from a database, and nothing about SQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from inloop.records import (
    ApiKeyRecord,
    AuditEntry,
    CaseRecord,
    CaseStatus,
    EventRecord,
    IdempotencyRecord,
    JournalEntry,
    LinkPurpose,
    LinkRecord,
    MailRecord,
    OutboxRecord,
    RequestRecord,
    RequestStatus,
    StaffSessionRecord,
    TaskClaim,
    TaskRecord,
    TaskStatus,
    TimerRecord,
    UserRecord,
    WebhookRecord,
)
from inloop.storage.changes import Changes, NewCase, NewOutbox


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


class DraftStore(Protocol):
    async def get(self, request_id: str) -> Any: ...

    async def save(self, request_id: str, data: Any, *, at: datetime) -> None: ...


class ApiStore(Protocol):
    """API keys (only their SHA-256 is stored), stored responses of idempotent writes, and
    webhook endpoints."""

    async def create_key(
        self, *, id: str, name: str, key_hash: str, at: datetime
    ) -> ApiKeyRecord: ...

    async def find_key(self, key_hash: str) -> ApiKeyRecord | None: ...

    async def list_keys(self) -> list[ApiKeyRecord]: ...

    async def revoke_key(self, key_id: str, *, at: datetime) -> ApiKeyRecord | None: ...

    async def touch_key(self, key: ApiKeyRecord, *, at: datetime) -> None: ...

    async def get_response(self, api_key_id: str, key: str) -> IdempotencyRecord | None: ...

    async def reserve_response(
        self,
        *,
        api_key_id: str,
        key: str,
        method: str,
        path: str,
        request_hash: str,
        at: datetime,
    ) -> IdempotencyRecord: ...

    async def store_response(
        self, *, api_key_id: str, key: str, request_hash: str, status_code: int, response: Any
    ) -> None: ...

    async def release_response(self, *, api_key_id: str, key: str, request_hash: str) -> None: ...

    async def create_webhook(
        self, *, id: str, url: str, secret: str, event_types: Sequence[str], at: datetime
    ) -> WebhookRecord: ...

    async def get_webhook(self, webhook_id: str) -> WebhookRecord | None: ...

    async def list_webhooks(self) -> list[WebhookRecord]: ...

    async def disable_webhook(self, webhook_id: str, *, at: datetime) -> WebhookRecord | None: ...


class MailStore(Protocol):
    """Mail sent to and received from customers (outgoing bodies only in the local mailbox)."""

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
        """Keep a mail; ``False`` (nothing written) when this direction already has the
        Message-ID."""
        ...

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
        """Keep an inbound reply and append ``message.received`` (payload ``received``) to its
        case, in one transaction; ``False`` (nothing written) for a Message-ID received
        before."""
        ...

    async def find_sent(self, message_ids: Sequence[str]) -> MailRecord | None:
        """The most recent mail we sent whose Message-ID is one of ``message_ids``."""
        ...

    async def get(self, mail_id: int) -> MailRecord | None: ...

    async def recent(self, *, limit: int = 100) -> list[MailRecord]:
        """Newest first."""
        ...


class FileStore(Protocol):
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
    ) -> None: ...

    async def for_case(self, case_id: str) -> list[dict[str, Any]]: ...


class UserStore(Protocol):
    """Staff accounts, their queues and sessions, and login throttling counters (see
    :class:`inloop.storage.sqlite_users.SqliteUsers` for the meaning of each method)."""

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
    ) -> UserRecord | None: ...

    async def get(self, user_id: str) -> UserRecord | None: ...

    async def find(self, email: str) -> UserRecord | None: ...

    async def list_users(self) -> list[UserRecord]: ...

    async def disable(self, user_id: str, *, at: datetime) -> None: ...

    async def set_password(self, user_id: str, password_hash: str, *, at: datetime) -> None: ...

    async def set_role(self, user_id: str, role: str) -> None: ...

    async def set_queues(self, user_id: str, queues: Sequence[str]) -> None: ...

    async def rehash(self, user_id: str, old_hash: str, new_hash: str) -> None: ...

    async def throttled_until(self, keys: Sequence[str], *, now: datetime) -> datetime | None: ...

    async def login_failed(
        self,
        limits: Sequence[tuple[str, int]],
        *,
        user_id: str | None,
        now: datetime,
        window: timedelta,
        base_lock: timedelta,
        max_lock: timedelta,
    ) -> None: ...

    async def login_succeeded(self, key: str, *, user_id: str) -> None: ...

    async def start_session(
        self, *, token_hash: str, user_id: str, at: datetime, replaces: str | None = None
    ) -> None: ...

    async def get_session(self, token_hash: str) -> StaffSessionRecord | None: ...

    async def touch_session(self, token_hash: str, *, at: datetime) -> None: ...

    async def end_session(self, token_hash: str, *, at: datetime) -> None: ...


class AuditStore(Protocol):
    """The append-only, hash-chained audit log (see :mod:`inloop.humans.audit`; only
    :class:`inloop.humans.audit.Audit` should call ``append``)."""

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
        """Append after the latest entry, in one transaction: id = latest id + 1, ``prev_hash``
        = latest hash (``genesis`` for the first), ``hash`` = ``seal(entry)``."""
        ...

    async def entries(self, *, after_id: int = 0, limit: int | None = None) -> list[AuditEntry]:
        """Oldest first."""
        ...

    async def recent(self, *, limit: int = 50) -> list[AuditEntry]:
        """Newest first."""
        ...

    async def head(self) -> tuple[int, str] | None:
        """Id and hash of the newest entry, as recorded apart from the log at its append."""
        ...


class TaskDeskStore(Protocol):
    """Agents working tasks: claims with a lease, releases, reassignments (see
    :class:`inloop.storage.sqlite_tasks.SqliteTasks`). Each write is one conditional update that
    appends its case event in the same transaction, and returns ``None`` (nothing written) when
    its condition does not hold."""

    async def get(self, task_id: str) -> TaskClaim | None: ...

    async def claim(
        self, task_id: str, *, user_id: str, actor: str, now: datetime, lease_until: datetime
    ) -> TaskClaim | None: ...

    async def renew(
        self, task_id: str, *, user_id: str, now: datetime, lease_until: datetime
    ) -> TaskClaim | None: ...

    async def release(
        self, task_id: str, *, holder: str | None, actor: str, now: datetime
    ) -> TaskClaim | None: ...

    async def reassign(
        self,
        task_id: str,
        *,
        to_user_id: str,
        actor: str,
        now: datetime,
        lease_until: datetime,
        notify: NewOutbox | None = None,
    ) -> TaskClaim | None: ...

    async def assigned_to(self, user_id: str, *, limit: int = 100) -> list[TaskClaim]: ...

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
    ) -> list[TaskClaim]: ...

    async def for_case(self, case_id: str) -> list[TaskClaim]: ...


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
    def api(self) -> ApiStore: ...

    @property
    def outbox(self) -> OutboxStore: ...

    @property
    def mail(self) -> MailStore: ...

    @property
    def drafts(self) -> DraftStore: ...

    @property
    def files(self) -> FileStore: ...

    @property
    def users(self) -> UserStore: ...

    @property
    def task_desk(self) -> TaskDeskStore: ...

    @property
    def audit(self) -> AuditStore: ...

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
        """Lease up to ``limit`` runnable cases whose lease is free or ran out and that no
        person has taken over (``paused_by``); each returned record carries its new lease token
        (the fencing token of the run)."""
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

    async def cases_waiting_for(self, *, email: str) -> list[CaseRecord]:
        """Cases waiting on the customer with this email address (for "send me a new link")."""
        ...

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

    async def due_timers(self, *, now: datetime, limit: int) -> list[TimerRecord]:
        """Pending timers due by ``now``; sleep, reminder and deadline timers of a case taken
        over by a person wait until it is handed back."""
        ...

    async def next_timer_due(self) -> datetime | None:
        """The earliest due time of the timers :meth:`due_timers` would return."""
        ...

    async def integrity_check(self) -> str: ...

    def stats(self) -> dict[str, float]:
        """Counters of the adapter (commits, operations per commit ...), for benchmarks."""
        ...
