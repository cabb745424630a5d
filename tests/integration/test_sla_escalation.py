"""Queues with SLA policies, declared escalation rules and mail to agents, on real SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel

import inloop
from inloop import Escalation, Queue, Settings, SLAPolicy
from inloop.channels.outbox import Dispatcher
from inloop.channels.staff_mail import staff_mail_sender
from inloop.humans.tasks import TaskDesk
from inloop.ids import new_id
from inloop.records import TaskClaim, UserRecord
from inloop.testing import FakeClock, Harness

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_10 = datetime(2026, 1, 5, 10, tzinfo=BERLIN)  # 09:00 UTC
CUSTOMER = {"email": "anna@example.com", "name": "Anna Muster", "locale": "de"}


class Iban(BaseModel):
    iban: str


class Refund(BaseModel):
    amount: Decimal
    reason: str


def sla_app() -> inloop.App:
    cards = Queue(
        name="cards",
        priority=3,
        sla=SLAPolicy(name="cards 4h", response=timedelta(hours=4), warn_before=timedelta(hours=1)),
    )
    fraud = Queue(
        name="fraud",
        priority=8,
        sla=SLAPolicy(name="fraud 1h", response=timedelta(hours=1), business_hours=None),
    )
    app = inloop.App(
        queues=[cards, fraud], escalations=[Escalation.deadline_passed(queue=cards, priority=4)]
    )
    app.queue(
        "replies",
        sla=SLAPolicy(
            name="replies 4h", response=timedelta(hours=4), pause_while_waiting_on_customer=True
        ),
    )

    @app.process("hand")
    async def hand(case: inloop.Case) -> Any:
        return await case.hand_to_agent(cards, reason="card blocked twice")

    @app.process("pick", escalations=[Escalation.none_of_these(queue="cards", priority=6)])
    async def pick(case: inloop.Case) -> Any:
        return (await case.choose(["visa", "mastercard"])).value

    @app.process("iban", escalations=[Escalation.invalid_answers(2, queue=fraud)])
    async def iban(case: inloop.Case) -> str:
        return (await case.ask(Iban)).iban

    @app.process("late")
    async def late(case: inloop.Case) -> str:
        return (await case.ask(Iban, deadline=timedelta(hours=2))).iban

    @app.process(
        "refund",
        input=Refund,
        escalations=[
            Escalation.amount_above("amount", Decimal("10000"), currency="EUR", queue=fraud),
            Escalation.low_confidence(below=0.5, queue="cards", priority=9),
        ],
    )
    async def refund(case: inloop.Case) -> Any:
        escalated = await case.escalate_if(case.input, confidence=case.input.amount / 1000)
        return "paid" if escalated is None else escalated.outcome

    @app.process("slow")
    async def slow(case: inloop.Case) -> Any:
        return await case.hand_to_agent("replies", reason="needs a document")

    return app


async def make_user(h: Harness, name: str, role: str, queues: tuple[str, ...] = ()) -> UserRecord:
    user = await h.engine.store.users.create(
        id=new_id("user"),
        email=f"{name}@example.com",
        name=name.title(),
        role=role,
        password_hash="not-a-real-hash",
        queues=queues,
        at=h.clock.now(),
    )
    assert user is not None
    return user


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    async with Harness(sla_app(), tmp_path / "sla.db", clock=FakeClock(MONDAY_10)) as harness:
        yield harness


async def task_of(h: Harness, case_id: str) -> TaskClaim:
    task = await h.open_task(case_id)
    assert task is not None, await h.event_types(case_id)
    found = await h.engine.store.task_desk.get(task.id)
    assert found is not None
    return found


async def created(h: Harness, case_id: str) -> dict[str, Any]:
    return [e.payload for e in await h.events(case_id) if e.type == "task.created"][-1]


async def staff_mails(h: Harness) -> list[Any]:
    await Dispatcher(h.engine, {"staff": staff_mail_sender(h.engine)}).dispatch_due()
    return [m for m in await h.engine.store.mail.recent() if m.direction == "out"]


# -- due times and rules ----------------------------------------------------------------------


async def test_due_at_comes_from_the_queue_policy(h: Harness) -> None:
    case_id = await h.start("hand", customer=CUSTOMER)
    found = await task_of(h, case_id)
    assert found.task.queue == "cards" and found.task.priority == 3
    assert found.due_at == datetime(2026, 1, 5, 14, tzinfo=BERLIN)
    event = await created(h, case_id)
    assert event["sla"] == "cards 4h" and event["due_at"].startswith("2026-01-05T13:00")


async def test_none_of_these_goes_where_the_rule_says(h: Harness) -> None:
    case_id = await h.start("pick")
    await h.answer(case_id, {"none_of_these": True, "comment": "amex"})
    found = await task_of(h, case_id)
    assert (found.task.queue, found.task.priority) == ("cards", 6)
    assert found.task.reason == "customer chose 'none of these'"
    event = await created(h, case_id)
    assert event["cause"] == "none_of_these" and event["reason"] == found.task.reason


async def test_invalid_answers_escalate_after_the_declared_number(h: Harness) -> None:
    case_id = await h.start("iban")
    assert not (await h.answer_invalid(case_id, {})).data["escalated"]
    assert (await h.answer_invalid(case_id, {})).data["escalated"]
    found = await task_of(h, case_id)
    assert (found.task.queue, found.task.priority) == ("fraud", 8)
    assert found.task.reason == "customer's answer was invalid 2 times"
    assert found.due_at == MONDAY_10 + timedelta(hours=1)  # around the clock


async def test_a_passed_deadline_goes_to_the_apps_rule(h: Harness) -> None:
    case_id = await h.start("late")
    await h.advance(timedelta(hours=3))
    found = await task_of(h, case_id)
    assert (found.task.queue, found.task.priority) == ("cards", 4)
    assert found.task.reason == "customer did not answer before the deadline"
    assert (await created(h, case_id))["cause"] == "deadline"


async def test_escalate_if_records_the_amount_in_words(h: Harness) -> None:
    case_id = await h.start("refund", {"amount": "12500.00", "reason": "double charge"})
    found = await task_of(h, case_id)
    assert (found.task.queue, found.task.priority) == ("fraud", 8)
    assert found.task.reason == "amount 12,500.00 EUR above 10,000.00 EUR"
    event = await created(h, case_id)
    assert (event["cause"], event["rule"]) == ("escalation", "amount_above")
    await h.complete_task(case_id, {"approved": True})
    assert (await h.case(case_id)).result == {"approved": True}


async def test_escalate_if_low_confidence_and_no_rule(h: Harness) -> None:
    low = await h.start("refund", {"amount": "300", "reason": "late delivery"})
    found = await task_of(h, low)
    assert (found.task.queue, found.task.priority) == ("cards", 9)
    assert found.task.reason == "AI confidence 0.30 below 0.50"
    fine = await h.start("refund", {"amount": "800", "reason": "late delivery"})
    assert (await h.case(fine)).result == "paid"


# -- notifications ----------------------------------------------------------------------------


async def test_sla_warning_goes_out_once_also_after_downtime(h: Harness) -> None:
    ada = await make_user(h, "ada", "agent", ("cards",))
    await make_user(h, "bob", "agent", ("fraud",))
    case_id = await h.start("hand", customer=CUSTOMER)
    await h.advance(timedelta(days=3))  # down over the warning and the due time
    await h.advance(timedelta(days=1))
    types = await h.event_types(case_id)
    assert types.count("task.sla_warning") == 1 and types.count("task.sla_breached") == 1
    mails = await staff_mails(h)
    assert await staff_mails(h) == mails
    assert [m.recipient for m in mails] == [ada.email]
    mail = mails[0]
    assert mail.subject == f"Task due soon: case {case_id}"
    found = await task_of(h, case_id)
    assert f"http://127.0.0.1:8000/staff/tasks/{found.task.id}" in (mail.text_body or "")
    assert "Anna" not in (mail.text_body or "") and "anna@" not in (mail.html_body or "")
    breached = next(e for e in await h.events(case_id) if e.type == "task.sla_breached")
    assert breached.payload["due_at"].startswith("2026-01-05T13:00")


async def test_no_warning_for_a_task_done_in_time(h: Harness) -> None:
    await make_user(h, "ada", "agent", ("cards",))
    case_id = await h.start("hand")
    await h.complete_task(case_id, None)
    await h.advance(timedelta(days=2))
    types = await h.event_types(case_id)
    assert "task.sla_warning" not in types and "task.sla_breached" not in types
    assert await staff_mails(h) == []


async def test_reassignment_mails_the_new_holder_with_a_deep_link(tmp_path: Path) -> None:
    settings = Settings(sqlite_synchronous="NORMAL", staff_language="de")
    async with Harness(
        sla_app(), tmp_path / "de.db", clock=FakeClock(MONDAY_10), settings=settings
    ) as h:
        ada = await make_user(h, "ada", "agent", ("cards",))
        sue = await make_user(h, "sue", "supervisor")
        case_id = await h.start("hand", customer=CUSTOMER)
        found = await task_of(h, case_id)
        await TaskDesk(h.engine).reassign(found.task.id, ada, by=sue)
        assert "task.assigned_notified" in await h.event_types(case_id)
        mails = await staff_mails(h)
        assert [m.recipient for m in mails] == [ada.email]
        assert mails[0].subject == f"Ihnen wurde eine Aufgabe zugewiesen: Fall {case_id}"
        text = mails[0].text_body or ""
        assert f"/staff/tasks/{found.task.id}" in text and "card blocked twice" in text
        assert "5. Januar 2026, 14:00 CET" in text  # the queue's local time
        # taking a task oneself sends nothing
        await TaskDesk(h.engine).reassign(found.task.id, sue, by=sue)
        assert len(await staff_mails(h)) == 1


async def test_waiting_on_the_customer_pauses_the_clock(h: Harness) -> None:
    ada = await make_user(h, "ada", "agent", ("replies",))
    case_id = await h.start("slow", customer=CUSTOMER)
    found = await task_of(h, case_id)
    assert found.due_at == datetime(2026, 1, 5, 14, tzinfo=BERLIN)
    desk = TaskDesk(h.engine)
    await desk.claim(found.task.id, ada, lease=timedelta(hours=8))
    await h.advance(timedelta(hours=1))
    await desk.ask_customer(found.task.id, "Please send us the police report.", ada)
    await h.advance(timedelta(hours=2))  # the customer replies two hours later
    await h.engine.store.mail.record_reply(
        case_id=case_id,
        message_id="<reply-1@example.com>",
        sender="anna@example.com",
        recipient="service@example.com",
        subject="Re: police report",
        headers={},
        text_body="attached",
        html_body=None,
        received={"subject": "Re: police report"},
        at=h.clock.now(),
    )
    await h.advance(timedelta(hours=1, minutes=30))  # 14:30: past the first due time
    types = await h.event_types(case_id)
    assert "task.due_changed" in types and "task.sla_breached" not in types
    moved = await task_of(h, case_id)
    assert moved.due_at == datetime(2026, 1, 5, 16, tzinfo=BERLIN)
    await h.advance(timedelta(hours=2))
    assert (await h.event_types(case_id)).count("task.sla_breached") == 1


# -- declarations -----------------------------------------------------------------------------


def test_a_rule_naming_an_unknown_queue_is_refused() -> None:
    with pytest.raises(ValueError) as info:
        inloop.App(escalations=[Escalation.none_of_these(queue="nowhere")])
    assert "names queue 'nowhere', which is not declared (declared queues: none)" in str(info.value)
    app = inloop.App(queues=[Queue(name="cards")])
    with pytest.raises(ValueError) as info:
        app.process("p", escalations=[Escalation.invalid_answers(3, queue="card")])
    assert str(info.value).startswith("process 'p': Escalation.invalid_answers(n=3) names queue")
    with pytest.raises(ValueError, match="queue 'cards' is declared twice"):
        app.queue("cards")


@pytest.mark.parametrize(
    ("declare", "message"),
    [
        (
            lambda: inloop.App().queue(
                "q", sla=SLAPolicy(name="neg", response=timedelta(hours=-2))
            ),
            "SLA policy 'neg': response must be positive",
        ),
        (
            lambda: SLAPolicy(
                name="w", response=timedelta(hours=1), warn_before=timedelta(minutes=-5)
            ),
            "SLA policy 'w': warn_before must be positive and shorter than response (1:00:00)",
        ),
        (
            lambda: inloop.BusinessHours(open=time(18)),
            "business hours: close (17:00) must be after open (18:00)",
        ),
    ],
)
def test_bad_policies_are_refused_with_a_precise_message(declare: Any, message: str) -> None:
    with pytest.raises(ValueError) as info:
        declare()
    assert str(info.value) == message
