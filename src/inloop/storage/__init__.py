"""Storage: the :class:`Store` port and its adapters. Only the wiring picks an adapter."""

from __future__ import annotations

from inloop.config import Settings
from inloop.errors import ConfigError
from inloop.storage.base import Store
from inloop.storage.changes import GuardFailed


def open_store(settings: Settings) -> Store:
    """The adapter for ``settings.database_url`` (not opened yet)."""
    url = settings.database_url
    if url.startswith("sqlite:"):
        from inloop.storage.sqlite import SqliteStore

        return SqliteStore(
            url,
            synchronous=settings.sqlite_synchronous,
            busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        )
    scheme = url.split(":", 1)[0] if ":" in url else url
    raise ConfigError(
        f"unsupported database URL scheme {scheme!r}: use sqlite:///path/to/file.db",
        setting="INLOOP_DATABASE_URL",
    )


__all__ = ["GuardFailed", "Store", "open_store"]
