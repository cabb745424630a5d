"""Service levels: how long an agent task may wait, counted in business time.

An :class:`SLAPolicy` gives a queue's response time (``response``) in the opening hours of its
:class:`BusinessHours` (a time zone, weekdays, an opening and a closing time), skipping holidays
(dates, or a country calendar of the ``holidays`` package such as ``"DE-BE"``). Deadlines are
computed on the local wall clock of the queue's time zone with :mod:`zoneinfo`, so they stay right
across nights, weekends, holidays and daylight-saving changes; the result is a UTC ``datetime``.

While an agent waits for the customer's reply, the clock can stand still
(``pause_while_waiting_on_customer``): :meth:`SLAPolicy.due_at` takes the intervals of waiting
(read from the case's events by :func:`customer_waits`) and leaves them out. Nothing runs while a
clock is paused; the due time is computed again from the events when one of the task's SLA timers
fires.

This module is pure arithmetic: no storage, no engine.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from inloop.records import EventRecord

MONDAY_TO_FRIDAY = (0, 1, 2, 3, 4)
"""Weekday numbers as :meth:`datetime.date.weekday` gives them: 0 is Monday, 6 is Sunday."""
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_SEARCH_DAYS = 3 * 366
"""A deadline further away than this many calendar days means the calendar has no open hours."""

Interval = tuple[datetime, datetime]


def _aware(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime")
    return moment.astimezone(UTC)


@dataclass(frozen=True, kw_only=True)
class BusinessHours:
    """When a queue is staffed: ``days`` (weekday numbers, 0 = Monday) from ``open`` to
    ``close`` local time in ``tz``. ``BusinessHours()`` is Monday to Friday, 09:00 to 17:00,
    Europe/Berlin."""

    tz: str = "Europe/Berlin"
    days: Sequence[int] = MONDAY_TO_FRIDAY
    open: time = time(9, 0)
    close: time = time(17, 0)

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"business hours: unknown time zone {self.tz!r}") from None
        days = tuple(sorted(set(self.days)))
        if not days or any(not isinstance(d, int) or not 0 <= d <= 6 for d in days):
            raise ValueError(
                f"business hours: days must be weekday numbers 0 (Monday) to 6 (Sunday), "
                f"not {list(self.days)!r}"
            )
        object.__setattr__(self, "days", days)
        if self.open.tzinfo is not None or self.close.tzinfo is not None:
            raise ValueError("business hours: open and close are local times without a zone")
        if self.close <= self.open:
            raise ValueError(
                f"business hours: close ({self.close:%H:%M}) must be after open ({self.open:%H:%M})"
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def describe(self) -> str:
        """``Mon-Fri 09:00-17:00 Europe/Berlin``."""
        names = [_DAY_NAMES[d] for d in self.days]
        span = (
            f"{names[0]}-{names[-1]}"
            if len(names) > 1 and list(self.days) == list(range(self.days[0], self.days[-1] + 1))
            else ",".join(names)
        )
        return f"{span} {self.open:%H:%M}-{self.close:%H:%M} {self.tz}"


def _holiday_calendar(spec: str) -> Container[date]:
    """``"DE"`` or ``"DE-BE"``: the public holidays of a country (and subdivision)."""
    import holidays

    country, _, subdiv = spec.partition("-")
    try:
        return holidays.country_holidays(country.upper(), subdiv=subdiv.upper() or None)
    except NotImplementedError:
        raise ValueError(f"SLA policy: no holiday calendar for {spec!r}") from None


@dataclass(frozen=True, kw_only=True, eq=False)
class SLAPolicy:
    """How soon an agent must act on a task of a queue.

    - ``response``: the time an agent has, counted in ``business_hours`` (``None``: around the
      clock) and without ``holidays``;
    - ``holidays``: dates, a country calendar (``"DE"``, ``"DE-BY"``) of the ``holidays``
      package, or any container of dates (``date in holidays``);
    - ``pause_while_waiting_on_customer``: the clock stands still while an agent waits for the
      customer's reply (see :func:`customer_waits`);
    - ``warn_before``: this much business time before the due time, the task's holder (or the
      members of its queue) get a mail; ``None``: no warning.
    """

    name: str
    response: timedelta
    business_hours: BusinessHours | None = field(default_factory=BusinessHours)
    holidays: Container[date] | Iterable[date] | str = ()
    pause_while_waiting_on_customer: bool = False
    warn_before: timedelta | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an SLA policy needs a name")
        if self.response <= timedelta(0):
            raise ValueError(f"SLA policy {self.name!r}: response must be positive")
        if self.warn_before is not None and not timedelta(0) < self.warn_before < self.response:
            raise ValueError(
                f"SLA policy {self.name!r}: warn_before must be positive and shorter than "
                f"response ({self.response})"
            )
        calendar: Any = self.holidays
        if isinstance(calendar, str):
            calendar = _holiday_calendar(calendar)
        elif isinstance(calendar, list | tuple | set) or not hasattr(calendar, "__contains__"):
            calendar = frozenset(calendar)
        object.__setattr__(self, "holidays", calendar)

    # -- the calendar -----------------------------------------------------------------------

    def is_holiday(self, day: date) -> bool:
        return day in self.holidays

    def windows(self, start: datetime) -> Iterator[Interval]:
        """The open intervals (UTC) from ``start`` on, in order; the first may begin at
        ``start``. Endless: the caller stops."""
        start = _aware(start, "start")
        hours = self.business_hours
        if hours is None:
            day = start.date()
            while True:
                begin = datetime.combine(day, time(0), UTC)
                yield max(begin, start), begin + timedelta(days=1)
                day += timedelta(days=1)
        zone = hours.zone
        day = start.astimezone(zone).date() - timedelta(days=1)
        for _ in range(_SEARCH_DAYS):
            day += timedelta(days=1)
            if day.weekday() not in hours.days or self.is_holiday(day):
                continue
            begin = datetime.combine(day, hours.open, zone).astimezone(UTC)
            end = datetime.combine(day, hours.close, zone).astimezone(UTC)
            if end <= start:
                continue
            yield max(begin, start), end
        raise ValueError(
            f"SLA policy {self.name!r}: no business hours within {_SEARCH_DAYS} days of {start}"
        )

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` lies within business hours (both ends included)."""
        moment = _aware(moment, "moment")
        # from just before: windows() leaves out a window that ends exactly at its start
        begin, end = next(self.windows(moment - timedelta(microseconds=1)))
        return begin <= moment <= end

    # -- deadlines --------------------------------------------------------------------------

    def due_at(
        self,
        start: datetime,
        *,
        paused: Iterable[Interval] = (),
        response: timedelta | None = None,
    ) -> datetime:
        """The moment (UTC) when ``response`` (default: the policy's) of business time has
        passed since ``start``, leaving out the ``paused`` intervals."""
        left = self.response if response is None else response
        if left < timedelta(0):
            raise ValueError("response must not be negative")
        stops = _merged(paused)
        for begin, end in self.windows(start):
            for a, b in _subtract((begin, end), stops):
                if b - a >= left:
                    return a + left
                left -= b - a
        raise AssertionError("unreachable")  # pragma: no cover - windows() raises first

    def warn_at(self, due: datetime, start: datetime) -> datetime | None:
        """When the warning for a task due at ``due`` goes out: ``warn_before`` of business
        time before it (not before ``start``); ``None`` without ``warn_before``."""
        if self.warn_before is None:
            return None
        return max(_back(self, due, self.warn_before), _aware(start, "start"))

    def business_time(
        self, start: datetime, end: datetime, *, paused: Iterable[Interval] = ()
    ) -> timedelta:
        """The business time between ``start`` and ``end``, without the ``paused`` intervals."""
        start, end = _aware(start, "start"), _aware(end, "end")
        total = timedelta(0)
        if end <= start:
            return total
        stops = _merged(paused)
        for begin, close in self.windows(start):
            if begin >= end:
                break
            for a, b in _subtract((begin, min(close, end)), stops):
                total += b - a
        return total


def _back(policy: SLAPolicy, due: datetime, amount: timedelta) -> datetime:
    """The latest moment from which ``amount`` of business time reaches ``due``."""
    low = due - amount
    # business time is never more than wall time, so the answer lies at or before ``low``;
    # step back a day at a time until enough business time lies between, then bisect
    step = timedelta(days=1)
    lower = low
    while policy.business_time(lower, due) < amount:
        lower -= step
        step *= 2
    upper = low
    for _ in range(60):
        mid = lower + (upper - lower) / 2
        if policy.business_time(mid, due) >= amount:
            lower = mid
        else:
            upper = mid
        if upper - lower <= timedelta(microseconds=1):
            break
    return lower


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for a, b in sorted((_aware(a, "pause start"), _aware(b, "pause end")) for a, b in intervals):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _subtract(window: Interval, stops: list[Interval]) -> Iterator[Interval]:
    a, b = window
    for s, e in stops:
        if e <= a:
            continue
        if s >= b:
            break
        if s > a:
            yield a, s
        a = max(a, e)
        if a >= b:
            return
    if a < b:
        yield a, b


# -- waiting on the customer ------------------------------------------------------------------

WAIT_STARTED = "task.waiting_on_customer"
"""The event an agent's question to the customer writes: the clock of the task pauses."""
WAIT_ENDED = frozenset({"message.received", "request.answered", "task.completed"})
"""Events that end a wait: the customer replied (mail or answer), or the task was closed."""


def customer_waits(events: Iterable[EventRecord], task_id: str, now: datetime) -> list[Interval]:
    """The intervals in which the task waited on the customer, read from the case's events: from
    each ``task.waiting_on_customer`` of the task to the customer's next reply (a
    ``message.received`` or ``request.answered`` event) or the task's completion; a wait still
    open lasts until ``now``."""
    out: list[Interval] = []
    since: datetime | None = None
    for e in events:
        if e.type == WAIT_STARTED and e.payload.get("task_id") == task_id:
            if since is None:
                since = e.at
        elif since is not None and e.type in WAIT_ENDED:
            if e.type == "task.completed" and e.payload.get("task_id") != task_id:
                continue
            if e.type == "request.answered" and e.actor != "customer":
                continue
            out.append((since, e.at))
            since = None
    if since is not None and now > since:
        out.append((since, now))
    return out
