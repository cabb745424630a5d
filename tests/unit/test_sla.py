"""Business-time arithmetic of SLA policies: nights, weekends, holidays, DST, pauses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from inloop.humans.queues import Escalation, Queue
from inloop.humans.sla import BusinessHours, SLAPolicy, customer_waits
from inloop.records import EventRecord

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=BERLIN)


def policy(hours: float = 4, **kwargs: object) -> SLAPolicy:
    return SLAPolicy(name="test", response=timedelta(hours=hours), **kwargs)  # type: ignore[arg-type]


def test_within_one_day() -> None:
    # Wednesday 10:00 + 4 h -> 14:00 the same day
    assert policy().due_at(berlin(2026, 1, 14, 10)) == berlin(2026, 1, 14, 14)


def test_across_the_night() -> None:
    # Wednesday 15:00 + 4 h: 2 h today, 2 h from 09:00 Thursday
    assert policy().due_at(berlin(2026, 1, 14, 15)) == berlin(2026, 1, 15, 11)


def test_across_the_weekend() -> None:
    # Friday 16:00 + 4 h: 1 h Friday, 3 h Monday
    assert policy().due_at(berlin(2026, 1, 16, 16)) == berlin(2026, 1, 19, 12)


def test_start_outside_hours_begins_at_the_next_opening() -> None:
    assert policy().due_at(berlin(2026, 1, 14, 6, 30)) == berlin(2026, 1, 14, 13)
    assert policy().due_at(berlin(2026, 1, 14, 20)) == berlin(2026, 1, 15, 13)
    assert policy().due_at(berlin(2026, 1, 17, 12)) == berlin(2026, 1, 19, 13)  # Saturday


def test_holidays_are_skipped_from_dates_and_from_a_country_calendar() -> None:
    # Thursday 24 Dec 2026 15:00 + 4 h: 2 h Thursday; 25 Dec (Fri) a holiday -> Monday 28 Dec
    listed = policy(holidays=[date(2026, 12, 25)])
    assert listed.due_at(berlin(2026, 12, 24, 15)) == berlin(2026, 12, 28, 11)
    calendar = policy(holidays="DE-BE")
    assert calendar.due_at(berlin(2026, 12, 24, 15)) == berlin(2026, 12, 28, 11)
    assert calendar.is_holiday(date(2026, 10, 3))  # German Unity Day


def test_dst_changes_keep_local_opening_hours() -> None:
    # spring: Friday 27 Mar 2026 16:00 CET + 2 h -> Monday 30 Mar 10:00 CEST
    due = policy(2).due_at(berlin(2026, 3, 27, 16))
    assert due == berlin(2026, 3, 30, 10)
    assert due.astimezone(UTC) == datetime(2026, 3, 30, 8, tzinfo=UTC)
    # autumn: Friday 23 Oct 2026 16:00 CEST + 2 h -> Monday 26 Oct 10:00 CET
    due = policy(2).due_at(berlin(2026, 10, 23, 16))
    assert due.astimezone(UTC) == datetime(2026, 10, 26, 9, tzinfo=UTC)


def test_around_the_clock_across_the_dst_night() -> None:
    always = policy(24, business_hours=None)
    start = berlin(2026, 3, 28, 12)
    # 24 elapsed hours; the clocks went forward in the night, so it is 13:00 local time
    assert always.due_at(start) == start.astimezone(UTC) + timedelta(hours=24)
    assert always.due_at(start).astimezone(BERLIN).hour == 13


def test_pauses_push_the_due_time() -> None:
    p = policy()
    start = berlin(2026, 1, 14, 10)
    pause = (berlin(2026, 1, 14, 11), berlin(2026, 1, 14, 12, 30))
    assert p.due_at(start, paused=[pause]) == berlin(2026, 1, 14, 15, 30)
    # a pause over the night counts only its business hours
    afternoon = berlin(2026, 1, 14, 14)
    assert p.due_at(afternoon) == berlin(2026, 1, 15, 10)
    night = (berlin(2026, 1, 14, 16), berlin(2026, 1, 15, 10))
    assert p.due_at(afternoon, paused=[night]) == berlin(2026, 1, 15, 12)
    # overlapping pauses count once
    assert p.due_at(start, paused=[pause, pause]) == berlin(2026, 1, 14, 15, 30)


def test_warning_lies_in_business_time_before_the_due_time() -> None:
    p = policy(4, warn_before=timedelta(hours=2))
    start = berlin(2026, 1, 16, 16)  # Friday
    due = p.due_at(start)
    assert due == berlin(2026, 1, 19, 12)
    assert p.warn_at(due, start) == berlin(2026, 1, 19, 10)
    late = berlin(2026, 1, 19, 9, 30)  # due Monday 13:30; warning Monday 11:30
    assert p.warn_at(p.due_at(late), late) == berlin(2026, 1, 19, 11, 30)
    early = berlin(2026, 1, 16, 16, 30)  # due Monday 12:30 -> warn Monday 10:30
    assert p.warn_at(p.due_at(early), early) == berlin(2026, 1, 19, 10, 30)
    friday = berlin(2026, 1, 16, 9)  # due Friday 13:00, warn 11:00
    assert p.warn_at(p.due_at(friday), friday) == berlin(2026, 1, 16, 11)
    # two hours of business time before Monday 09:30 end on Friday at 15:30
    monday = berlin(2026, 1, 19, 9, 30)
    assert p.business_time(berlin(2026, 1, 16, 15, 30), monday) == timedelta(hours=2)


def test_customer_waits_are_read_from_events() -> None:
    def ev(
        seq: int, type_: str, at: datetime, actor: str = "system", **payload: object
    ) -> EventRecord:
        return EventRecord(
            id=seq, case_id="c", seq=seq, type=type_, actor=actor, at=at, payload=dict(payload)
        )

    t = berlin(2026, 1, 14, 10)
    events = [
        ev(1, "task.created", t, task_id="t1"),
        ev(2, "task.waiting_on_customer", t + timedelta(hours=1), "agent:u", task_id="t1"),
        ev(3, "request.answered", t + timedelta(hours=1, minutes=5), "agent:u"),  # not theirs
        ev(4, "message.received", t + timedelta(hours=2), "customer"),
        ev(5, "task.waiting_on_customer", t + timedelta(hours=3), "agent:u", task_id="t1"),
    ]
    now = t + timedelta(hours=5)
    assert customer_waits(events, "t1", now) == [
        (t + timedelta(hours=1), t + timedelta(hours=2)),
        (t + timedelta(hours=3), now),
    ]
    assert customer_waits(events, "other", now) == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: policy(-1), "response must be positive"),
        (lambda: policy(0), "response must be positive"),
        (lambda: policy(2, warn_before=timedelta(hours=-1)), "warn_before must be positive"),
        (lambda: policy(2, warn_before=timedelta(hours=3)), "shorter than response"),
        (lambda: BusinessHours(open=time(17), close=time(9)), "close (09:00) must be after open"),
        (lambda: BusinessHours(tz="Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
        (lambda: BusinessHours(days=()), "days must be weekday numbers"),
        (lambda: BusinessHours(days=(7,)), "days must be weekday numbers"),
        (lambda: policy(holidays="XX"), "no holiday calendar for 'XX'"),
        (lambda: Queue(name=""), "queue name"),
        (lambda: Escalation.invalid_answers(0), "n must be a whole number of at least 1"),
        (lambda: Escalation.low_confidence(below=1.5), "below must lie in (0, 1]"),
        (lambda: Escalation.amount_above("amount", -5), "limit must not be negative"),
    ],
)
def test_bad_declarations_are_refused(make: object, message: str) -> None:
    with pytest.raises(ValueError) as info:
        make()  # type: ignore[operator]
    assert message in str(info.value)


def test_escalation_reasons_read_like_sentences() -> None:
    from decimal import Decimal

    rule = Escalation.amount_above("amount", Decimal("10000"), currency="EUR")
    assert rule.applies(Decimal("12500")) and not rule.applies(Decimal("10000"))
    assert rule.reason(Decimal("12500")) == "amount 12,500.00 EUR above 10,000.00 EUR"
    low = Escalation.low_confidence(below=0.5)
    assert low.applies(0.42) and not low.applies(0.5)
    assert low.reason(0.42) == "AI confidence 0.42 below 0.50"
    assert Escalation.none_of_these().reason() == "customer chose 'none of these'"


# -- properties -------------------------------------------------------------------------------

starts = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
responses = st.integers(min_value=1, max_value=60 * 60).map(lambda m: timedelta(minutes=m))
PROPERTY_POLICY = SLAPolicy(
    name="prop",
    response=timedelta(hours=1),
    holidays="DE-BE",
    business_hours=BusinessHours(days=(0, 1, 2, 3, 4, 5), open=time(8, 30), close=time(18)),
)


@settings(max_examples=150, deadline=None)
@given(a=starts, b=starts, response=responses)
# due exactly at closing time (18:00 in Berlin) is still within business hours
@example(
    a=datetime(2025, 1, 2, 16, tzinfo=UTC),
    b=datetime(2025, 1, 2, 16, tzinfo=UTC),
    response=timedelta(hours=1),
)
def test_due_at_is_monotone_and_never_in_closed_hours(
    a: datetime, b: datetime, response: timedelta
) -> None:
    first, second = sorted((a, b))
    due_first = PROPERTY_POLICY.due_at(first, response=response)
    due_second = PROPERTY_POLICY.due_at(second, response=response)
    assert due_first <= due_second
    assert PROPERTY_POLICY.is_open(due_first) and PROPERTY_POLICY.is_open(due_second)
    assert due_first > first
    assert PROPERTY_POLICY.business_time(first, due_first) == response
