"""Settings: one frozen value, built once at the edge (``Settings.from_env()`` or the CLI) and
passed in. Nothing in inloop reads the environment at import time.

Every setting is listed in ``docs/reference/settings.md`` (a test keeps the two in step).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from inloop.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///./inloop.db"


@dataclass(frozen=True, kw_only=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    """``INLOOP_DATABASE_URL``: where cases live. ``sqlite:///relative.db``,
    ``sqlite:////absolute/path.db`` (a file: in-memory databases are refused, since the writer
    and the readers use separate connections)."""

    sqlite_synchronous: str = "FULL"
    """``INLOOP_SQLITE_SYNCHRONOUS``: ``FULL`` (default) makes every commit durable against power
    loss. ``NORMAL`` skips the fsync of each commit in WAL mode: much faster, still safe against a
    crash of inloop itself, but the last transactions before a power cut or OS crash can be lost
    (the database stays consistent)."""

    sqlite_busy_timeout_ms: int = 5000
    """``INLOOP_SQLITE_BUSY_TIMEOUT_MS``: how long a writer waits for another process's lock."""

    worker_concurrency: int = 256
    """``INLOOP_WORKER_CONCURRENCY``: how many cases one worker runs at the same time."""

    worker_lease_seconds: float = 15.0
    """``INLOOP_WORKER_LEASE_SECONDS``: how long a claimed case stays with its worker without a
    heartbeat; after a crash, another worker takes the case over once the lease has run out."""

    worker_poll_seconds: float = 0.5
    """``INLOOP_WORKER_POLL_SECONDS``: how often a worker looks for work that another process
    made runnable (work made runnable in the same process wakes it at once)."""

    default_deadline: timedelta = timedelta(days=7)
    """``INLOOP_DEFAULT_DEADLINE_HOURS``: deadline of a customer request that names none."""

    default_queue: str = "default"
    """``INLOOP_DEFAULT_QUEUE``: agent queue for escalations that name none."""

    base_url: str = "http://127.0.0.1:8000"
    """``INLOOP_BASE_URL``: the public address of the web app, used in links sent to customers."""

    secret_key: str = ""
    """``INLOOP_SECRET_KEY``: signs session cookies and form tokens. Empty: a random key is
    generated once and kept in the database (fine for one installation; set it explicitly when
    several servers share a database)."""

    smtp_url: str = ""
    """``INLOOP_SMTP_URL``: outgoing mail server, ``smtp://user:password@host:587?starttls=true``
    or ``smtps://host:465``. Empty: mail is kept in the database and shown at ``/mailbox`` (for
    trying inloop out; never in production)."""

    mail_from: str = "inloop <noreply@localhost>"
    """``INLOOP_MAIL_FROM``: the sender of outgoing mail."""

    timezone: str = "UTC"
    """``INLOOP_TIMEZONE``: the time zone (an IANA name such as ``Europe/Berlin``) in which the
    portal, the mails and the staff pages show dates and times, with the zone's abbreviation.
    Times are stored in UTC whatever it is."""

    staff_language: str = "en"
    """``INLOOP_STAFF_LANGUAGE``: the language (``en`` or ``de``) of mail to staff: tasks
    assigned to them, tasks about to pass their due time."""

    intake_process: str = ""
    """``INLOOP_INTAKE_PROCESS``: the process that the public contact form and inbound mail start.
    Empty: the first registered process."""

    upload_dir: str = "./inloop-files"
    """``INLOOP_UPLOAD_DIR``: where uploaded documents are stored."""

    max_upload_bytes: int = 10 * 1024 * 1024
    """``INLOOP_MAX_UPLOAD_BYTES``: the largest request body or file the portal accepts."""

    max_answer_attempts: int = 5
    """``INLOOP_MAX_ANSWER_ATTEMPTS``: after this many invalid answers to one request, the request
    is escalated to an agent as if its deadline had passed."""

    session_idle_minutes: float = 30.0
    """``INLOOP_SESSION_IDLE_MINUTES``: a customer's portal session ends after this much
    inactivity."""

    session_max_hours: float = 12.0
    """``INLOOP_SESSION_MAX_HOURS``: a customer's portal session ends this long after the link was
    opened, active or not."""

    staff_session_idle_minutes: float = 30.0
    """``INLOOP_STAFF_SESSION_IDLE_MINUTES``: a staff login (agent, supervisor, admin) ends after
    this much inactivity."""

    staff_session_max_hours: float = 10.0
    """``INLOOP_STAFF_SESSION_MAX_HOURS``: a staff login ends this long after it began, active or
    not."""

    llm_url: str = ""
    """``INLOOP_LLM_URL``: base address of an OpenAI-compatible API (``https://host/v1``); the LLM
    provider posts to ``{url}/chat/completions``. Empty (default): no LLM provider."""

    llm_key: str = field(default="", repr=False)
    """``INLOOP_LLM_KEY``: the API key, sent as a bearer token; a secret, never logged and not in
    the repr of the settings."""

    llm_model: str = ""
    """``INLOOP_LLM_MODEL``: the model name sent with each request (needed with a URL)."""

    llm_timeout: float = 10.0
    """``INLOOP_LLM_TIMEOUT``: seconds an LLM request may take before it counts as unavailable."""

    intent_model: str = ""
    """``INLOOP_INTENT_MODEL``: the intent model directory (written by ``inloop model train``)
    that ``case.ai`` uses when the app's ``AI`` names no model. Empty (default): the built-in
    Banking77 model, trained once from the shipped data and cached next to the database."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``INLOOP_*`` variables, then ``overrides`` (ignored when ``None``)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            var = env_var(f.name)
            if var not in env:
                continue
            raw = env[var]
            try:
                if f.name == "default_deadline":
                    values[f.name] = timedelta(hours=float(raw))
                elif f.type in ("int",):
                    values[f.name] = int(raw)
                elif f.type in ("float",):
                    values[f.name] = float(raw)
                else:
                    values[f.name] = raw
            except ValueError:
                raise ConfigError(f"{var}={raw!r} is not a valid {f.type}", setting=var) from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def __post_init__(self) -> None:
        self.validated()

    def validated(self) -> Settings:
        """``self``, or :class:`ConfigError` naming the setting that is out of range."""
        if self.sqlite_synchronous.upper() not in ("FULL", "NORMAL", "EXTRA"):
            raise ConfigError(
                f"INLOOP_SQLITE_SYNCHRONOUS must be FULL, NORMAL or EXTRA, "
                f"not {self.sqlite_synchronous!r}",
                setting="INLOOP_SQLITE_SYNCHRONOUS",
            )
        if self.worker_concurrency < 1:
            raise ConfigError(
                "INLOOP_WORKER_CONCURRENCY must be at least 1", setting="INLOOP_WORKER_CONCURRENCY"
            )
        for name in ("worker_lease_seconds", "worker_poll_seconds"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{env_var(name)} must be positive", setting=env_var(name))
        if self.sqlite_busy_timeout_ms < 0:
            raise ConfigError(
                "INLOOP_SQLITE_BUSY_TIMEOUT_MS must not be negative",
                setting="INLOOP_SQLITE_BUSY_TIMEOUT_MS",
            )
        for name in ("max_upload_bytes", "max_answer_attempts"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{env_var(name)} must be at least 1", setting=env_var(name))
        for name in (
            "session_idle_minutes",
            "session_max_hours",
            "staff_session_idle_minutes",
            "staff_session_max_hours",
        ):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{env_var(name)} must be positive", setting=env_var(name))
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"INLOOP_TIMEZONE must be a time zone name such as Europe/Berlin or UTC, "
                f"not {self.timezone!r}",
                setting="INLOOP_TIMEZONE",
            ) from None
        if not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"INLOOP_BASE_URL must start with http:// or https://, not {self.base_url!r}",
                setting="INLOOP_BASE_URL",
            )
        if self.smtp_url and not self.smtp_url.startswith(("smtp://", "smtps://")):
            raise ConfigError(
                "INLOOP_SMTP_URL must start with smtp:// or smtps://", setting="INLOOP_SMTP_URL"
            )
        if self.llm_url and not self.llm_url.startswith(("http://", "https://")):
            raise ConfigError(
                "INLOOP_LLM_URL must start with http:// or https://", setting="INLOOP_LLM_URL"
            )
        if self.llm_url and not self.llm_model.strip():
            raise ConfigError(
                "INLOOP_LLM_MODEL must be set when INLOOP_LLM_URL is", setting="INLOOP_LLM_MODEL"
            )
        if self.llm_timeout <= 0:
            raise ConfigError("INLOOP_LLM_TIMEOUT must be positive", setting="INLOOP_LLM_TIMEOUT")
        if self.staff_language not in ("en", "de"):
            raise ConfigError(
                f"INLOOP_STAFF_LANGUAGE must be en or de, not {self.staff_language!r}",
                setting="INLOOP_STAFF_LANGUAGE",
            )
        if not self.default_queue.strip():
            raise ConfigError(
                "INLOOP_DEFAULT_QUEUE must not be empty", setting="INLOOP_DEFAULT_QUEUE"
            )
        if self.default_deadline <= timedelta(0):
            raise ConfigError(
                "INLOOP_DEFAULT_DEADLINE_HOURS must be positive",
                setting="INLOOP_DEFAULT_DEADLINE_HOURS",
            )
        return self


def env_var(field_name: str) -> str:
    if field_name == "default_deadline":
        return "INLOOP_DEFAULT_DEADLINE_HOURS"
    return "INLOOP_" + field_name.upper()
