"""Time as inloop sees it: one ``Clock`` for due times, deadlines and event stamps.

The real clock is :class:`SystemClock`; tests use ``inloop.testing.FakeClock``, which skips time.
All times are timezone-aware UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    """The machine's wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


def to_text(moment: datetime) -> str:
    """A UTC timestamp as stored: fixed-width ISO 8601, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: inloop works with timezone-aware UTC times only")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text)
