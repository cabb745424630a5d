"""Staff accounts and access: passwords, logins, throttling, and the one authorization policy.

- Passwords are hashed with Argon2id (``argon2-cffi``); a hash made with older parameters is
  replaced on the next successful login.
- :meth:`Accounts.authenticate` gives the same answer, after about the same time, for an unknown
  address, a wrong password and a disabled account: unknown addresses are checked against a
  dummy hash, and throttling counts failures per address typed (whether or not a user has it)
  and per client, so a lock reveals nothing either.
- :func:`authorize` is the single place that decides what a role may do; every staff route asks
  it.
- Every login (failed ones with the address typed as a SHA-256 only), and every creation,
  disabling and password reset of a user, is written to the audit log
  (:mod:`inloop.humans.audit`) here, so every path that uses these methods records it once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from inloop.clock import Clock
from inloop.errors import (
    AccessDenied,
    ConfigError,
    PasswordRejected,
    UserExists,
    UserNotFound,
)
from inloop.humans.audit import Audit, AuditAction, email_digest
from inloop.ids import new_id
from inloop.records import UserRecord
from inloop.storage.base import Store

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Action(StrEnum):
    """What a member of staff can ask to do. Queue actions need a :class:`Resource` with the
    queue."""

    STAFF_HOME = "staff.home"
    QUEUE_VIEW = "queue.view"
    TASK_WORK = "task.work"
    CASE_VIEW = "case.view"
    NOTE_ADD = "note.add"
    AI_CORRECT = "ai.correct"
    QUEUE_VIEW_ALL = "queue.view_all"
    TASK_REASSIGN = "task.reassign"
    USERS_MANAGE = "users.manage"


@dataclass(frozen=True, kw_only=True, slots=True)
class Resource:
    """What an action is about: the ``queue`` of a task, or the ``queues`` of all the tasks of a
    case (an agent may act when they belong to at least one of them)."""

    queue: str | None = None
    queues: frozenset[str] = frozenset()

    def all_queues(self) -> frozenset[str]:
        return self.queues | ({self.queue} if self.queue is not None else set())


_QUEUE_ACTIONS = frozenset(
    {Action.QUEUE_VIEW, Action.TASK_WORK, Action.CASE_VIEW, Action.NOTE_ADD, Action.AI_CORRECT}
)
_SUPERVISOR_ACTIONS = frozenset({Action.QUEUE_VIEW_ALL, Action.TASK_REASSIGN})
_ADMIN_ACTIONS = frozenset({Action.USERS_MANAGE})


def authorize(
    user: UserRecord | None, action: Action | str, resource: Resource | None = None
) -> bool:
    """Whether ``user`` (``None``: nobody logged in) may do ``action`` on ``resource``.

    Anonymous and disabled users may do nothing. Admins may do everything; supervisors
    everything but managing users; agents may open the staff pages and act only on the queues
    they belong to (a case: when one of its tasks is in one of their queues). Anything unknown
    is refused.
    """
    if user is None or user.disabled_at is not None:
        return False
    try:
        act = Action(action)
    except ValueError:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.SUPERVISOR:
        return act not in _ADMIN_ACTIONS
    if user.role != Role.AGENT:
        return False
    if act is Action.STAFF_HOME:
        return True
    if act in _QUEUE_ACTIONS:
        wanted = resource.all_queues() if resource is not None else frozenset()
        return bool(wanted & user.queues)
    return False


def require(
    user: UserRecord | None, action: Action | str, resource: Resource | None = None
) -> None:
    """:func:`authorize`, raising :class:`~inloop.errors.AccessDenied` when it says no."""
    if not authorize(user, action, resource):
        raise AccessDenied("you are not allowed to do this", action=str(action))


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_password(password: str, email: str) -> None:
    """The password policy: :class:`~inloop.errors.PasswordRejected` when ``password`` is
    shorter than 12 characters, longer than 1024, or the email address (or its local part)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRejected(
            f"the password must have at least {MIN_PASSWORD_LENGTH} characters",
            reason="too_short",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordRejected(
            f"the password must have at most {MAX_PASSWORD_LENGTH} characters", reason="too_long"
        )
    lowered = password.strip().lower()
    address = normalize_email(email)
    if lowered in (address, address.split("@", 1)[0]):
        raise PasswordRejected("the password must not be the email address", reason="is_email")


@dataclass(frozen=True, kw_only=True, slots=True)
class Throttling:
    """Login throttling: after ``per_account`` failures for one email address (or
    ``per_client`` from one client address) within ``window``, each further failure locks
    logins for twice as long as the one before, from ``base_lock`` up to ``max_lock``."""

    per_account: int = 5
    per_client: int = 50
    window: timedelta = timedelta(minutes=15)
    base_lock: timedelta = timedelta(minutes=1)
    max_lock: timedelta = timedelta(hours=1)


@dataclass(frozen=True, kw_only=True, slots=True)
class LoginResult:
    """``user`` when the login succeeded; else ``throttled`` says whether it was refused
    without checking the password, ``retry_at`` from when to try again."""

    user: UserRecord | None
    throttled: bool = False
    retry_at: datetime | None = None


class Accounts:
    """Staff accounts on a store."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        hasher: PasswordHasher | None = None,
        throttling: Throttling | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.hasher = hasher or PasswordHasher()
        self.throttling = throttling or Throttling()
        self._dummy: str | None = None
        self.audit = Audit(store, clock)

    # -- passwords --------------------------------------------------------------------------

    def hash_password(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify_password(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = self.hasher.hash(secrets.token_urlsafe(24))
        return self._dummy

    # -- management ---------------------------------------------------------------------------

    async def create(
        self,
        email: str,
        *,
        name: str,
        role: Role | str,
        password: str,
        queues: tuple[str, ...] | list[str] = (),
        actor: str = "system",
    ) -> UserRecord:
        address = normalize_email(email)
        if "@" not in address or len(address) > 320 or any(c.isspace() for c in address):
            raise ConfigError(f"{email!r} is not an email address")
        try:
            role = Role(role)
        except ValueError:
            raise ConfigError(f"role {role!r} is not one of agent, supervisor, admin") from None
        name = name.strip()
        if not 1 <= len(name) <= 200 or not name.isprintable():
            raise ConfigError("the name must be 1 to 200 printable characters")
        clean = sorted({q.strip() for q in queues})
        if any(not q or len(q) > 200 or not q.isprintable() for q in clean):
            raise ConfigError("a queue name must be 1 to 200 printable characters")
        check_password(password, address)
        user = await self.store.users.create(
            id=new_id("user"),
            email=address,
            name=name,
            role=role.value,
            password_hash=self.hash_password(password),
            queues=clean,
            at=self.clock.now(),
        )
        if user is None:
            raise UserExists(f"a user with the email {address} exists already", email=address)
        await self.audit.record(
            actor, AuditAction.USER_CREATED, user.id, role=user.role, queues=sorted(user.queues)
        )
        return user

    async def get(self, email: str) -> UserRecord:
        user = await self.store.users.find(normalize_email(email))
        if user is None:
            raise UserNotFound(f"no user with the email {normalize_email(email)}", email=email)
        return user

    async def disable(self, email: str, *, actor: str = "system") -> UserRecord:
        """Disable the user and end their sessions (disabling twice is harmless)."""
        user = await self.get(email)
        await self.store.users.disable(user.id, at=self.clock.now())
        await self.audit.record(actor, AuditAction.USER_DISABLED, user.id)
        return await self.get(email)

    async def reset_password(
        self, email: str, password: str, *, actor: str = "system"
    ) -> UserRecord:
        """Set a new password; the user's sessions end and a lock is lifted."""
        user = await self.get(email)
        check_password(password, user.email)
        await self.store.users.set_password(
            user.id, self.hash_password(password), at=self.clock.now()
        )
        await self.audit.record(actor, AuditAction.USER_PASSWORD_RESET, user.id)
        return await self.get(email)

    async def list_users(self) -> list[UserRecord]:
        return await self.store.users.list_users()

    async def set_role(self, email: str, role: Role | str, *, actor: str = "system") -> UserRecord:
        """Give the user another role (effective at their next request)."""
        try:
            role = Role(role)
        except ValueError:
            raise ConfigError(f"role {role!r} is not one of agent, supervisor, admin") from None
        user = await self.get(email)
        if user.role != role.value:
            await self.store.users.set_role(user.id, role.value)
            await self.audit.record(
                actor, AuditAction.USER_ROLE_SET, user.id, before=user.role, after=role.value
            )
        return await self.get(email)

    async def set_queues(
        self, email: str, queues: tuple[str, ...] | list[str], *, actor: str = "system"
    ) -> UserRecord:
        """Make ``queues`` the user's queue memberships."""
        clean = sorted({q.strip() for q in queues if q.strip()})
        if any(len(q) > 200 or not q.isprintable() for q in clean):
            raise ConfigError("a queue name must be 1 to 200 printable characters")
        user = await self.get(email)
        if set(clean) != set(user.queues):
            await self.store.users.set_queues(user.id, clean)
            await self.audit.record(
                actor,
                AuditAction.USER_QUEUES_SET,
                user.id,
                before=sorted(user.queues),
                after=clean,
            )
        return await self.get(email)

    # -- logging in -------------------------------------------------------------------------

    @staticmethod
    def _keys(address: str, client: str) -> tuple[str, str]:
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"email:{digest}", f"addr:{client}"

    async def authenticate(self, email: str, password: str, *, client: str) -> LoginResult:
        """Check a login. Unknown address, wrong password and disabled account all give
        ``LoginResult(user=None)``; a locked address or client gives ``throttled``."""
        now = self.clock.now()
        address = normalize_email(email)[:320]
        account_key, client_key = self._keys(address, client)
        locked = await self.store.users.throttled_until([account_key, client_key], now=now)
        if locked is not None:
            return LoginResult(user=None, throttled=True, retry_at=locked)
        user = await self.store.users.find(address) if address else None
        password = password[:MAX_PASSWORD_LENGTH]
        if user is None:
            self.verify_password(self._dummy_hash(), password)  # the same time as a real check
            ok = False
        else:
            ok = self.verify_password(user.password_hash, password)
        if not ok or user is None or user.disabled_at is not None:
            t = self.throttling
            await self.store.users.login_failed(
                [(account_key, t.per_account), (client_key, t.per_client)],
                user_id=user.id if user is not None else None,
                now=now,
                window=t.window,
                base_lock=t.base_lock,
                max_lock=t.max_lock,
            )
            reason = "unknown" if user is None else "wrong" if not ok else "disabled"
            await self.audit.record(
                "anonymous",
                AuditAction.LOGIN_FAILED,
                None if user is None else user.id,
                email_sha256=email_digest(address),
                client=client,
                reason=reason,
            )
            return LoginResult(user=None)
        if self.hasher.check_needs_rehash(user.password_hash):
            await self.store.users.rehash(user.id, user.password_hash, self.hash_password(password))
        await self.store.users.login_succeeded(account_key, user_id=user.id)
        await self.audit.record(user.id, AuditAction.LOGIN, user.id, client=client)
        return LoginResult(user=await self.store.users.get(user.id))
