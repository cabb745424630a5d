"""The task deep link, a new question to the customer (answered in the portal), and taking a case
over from automation and handing it back: through the ASGI app and the engine on real SQLite,
with every refusal leaving the case as it was."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from inloop import CaseStatus
from inloop.channels.links import Links
from inloop.channels.timeline import customer_timeline
from inloop.engine.engine import Engine
from inloop.engine.takeover import hand_back, take_over
from inloop.engine.worker import Worker
from inloop.errors import CaseNotTakenOver, CaseTakenOver
from inloop.humans.casework import CaseWork
from inloop.humans.sla import customer_waits
from inloop.testing import Harness
from inloop.web import create_app
from tests.apps.agent_app import app as agent_app
from tests.integration.test_staff_pages import (
    TEXT,
    Staff,
    audit_actions,
    post,
    state,
    task_of,
    text_of,
)


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    async with Harness(agent_app, tmp_path / "actions.db") as harness:
        yield harness


@pytest.fixture
async def staff(h: Harness) -> AsyncIterator[Staff]:
    s = Staff(h)
    await s.add("ann", "agent", "cards")
    await s.add("cid", "agent", "cards")
    await s.add("bob", "agent", "loans")
    await s.add("sue", "supervisor")
    try:
        yield s
    finally:
        await s.close()


async def customer(h: Harness, case_id: str) -> httpx.AsyncClient:
    """A browser of the case's customer, with a portal session opened by a link."""
    c = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(h.engine)), base_url="http://staff.test"
    )
    token = await Links(h.engine).issue(case_id=case_id, channel="portal")
    assert (await c.get(f"/l/{token}")).status_code == 303
    return c


def reply_token(html: str) -> str:
    match = re.search(r'action="/case/messages[?"].*?name="csrf" value="([0-9a-f]+)"', html, re.S)
    assert match, "no reply form on the page"
    return match.group(1)


async def outbox_count(h: Harness, case_id: str) -> int:
    return len(await h.engine.store.list_outbox(case_id=case_id))


# -- the deep link ----------------------------------------------------------------------------


async def test_the_task_link_opens_the_case_at_the_task(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_help", TEXT)
    task_id = await task_of(h, case_id)
    r = await staff.clients["ann"].get(f"/staff/tasks/{task_id}")
    assert r.status_code == 303
    assert r.headers["location"] == f"/staff/cases/{case_id}#task-{task_id}"
    page = await staff.clients["ann"].get(r.headers["location"])
    assert f'id="task-{task_id}"' in page.text
    de = await staff.clients["sue"].get(f"/staff/tasks/{task_id}?lang=de")
    assert de.headers["location"] == f"/staff/cases/{case_id}?lang=de#task-{task_id}"

    other = await staff.clients["bob"].get(f"/staff/tasks/{task_id}")
    assert other.status_code == 403 and "cards" in text_of(other.text)
    missing = await staff.clients["ann"].get("/staff/tasks/task_nope")
    assert missing.status_code == 404
    assert "There is no task task_nope." in text_of(missing.text)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(h.engine)), base_url="http://staff.test"
    ) as anonymous:
        r = await anonymous.get(f"/staff/tasks/{task_id}")
        assert r.status_code == 303
        assert r.headers["location"] == f"/staff/login?next=%2Fstaff%2Ftasks%2F{task_id}"


# -- a new question to the customer -----------------------------------------------------------


async def test_a_new_question_reaches_the_portal_and_the_reply_the_agent(
    h: Harness, staff: Staff
) -> None:
    case_id = await h.start("card_help", TEXT, customer={"email": "ada@example.com"})
    task_id = await task_of(h, case_id)
    ann = staff.clients["ann"]
    page = f"/staff/cases/{case_id}"
    await post(ann, page, f"/staff/tasks/{task_id}/claim")
    r = await post(ann, page, f"/staff/tasks/{task_id}/messages", message="Is it the blue card?")
    assert r.status_code == 303 and r.headers["location"].endswith("done=asked")
    shown = text_of((await ann.get(r.headers["location"])).text)
    assert "Your question was sent to the customer." in shown
    types = await h.event_types(case_id)
    assert types[-1] == "task.waiting_on_customer"
    mails = [o for o in await h.engine.store.list_outbox(case_id=case_id)]
    assert mails[-1].kind == "notification"
    assert mails[-1].payload["message"] == {"en": "Is it the blue card?"}
    assert "task.customer_asked" in await audit_actions(h)

    c = await customer(h, case_id)
    try:
        portal = await c.get("/case")
        assert "Our team has a question" in portal.text
        assert text_of(portal.text).count("Is it the blue card?") == 2  # the form and timeline
        token = reply_token(portal.text)
        before = await state(h, case_id)
        empty = await c.post("/case/messages", data={"csrf": token, "text": "   "})
        assert empty.status_code == 422
        assert "Please write a reply of 1 to 2,000 characters." in text_of(empty.text)
        long = await c.post("/case/messages", data={"csrf": token, "text": "x" * 2001})
        assert long.status_code == 422 and 'aria-invalid="true"' in long.text
        forged = await c.post("/case/messages", data={"csrf": "0" * 64, "text": "Yes"})
        assert forged.status_code == 403
        assert await state(h, case_id) == before

        sent = await c.post("/case/messages", data={"csrf": token, "text": "Yes, the blue one."})
        assert sent.status_code == 303 and sent.headers["location"] == "/case?replied=1"
        after = await c.get("/case?replied=1")
        assert "Thank you, your reply was sent to our team." in after.text
        assert 'action="/case/messages' not in after.text  # the question is answered
        assert "You wrote: Yes, the blue one." in text_of(after.text)
        again = await c.post("/case/messages", data={"csrf": token, "text": "And more"})
        assert again.status_code == 409
        assert "There is no open question of our team to reply to." in text_of(again.text)
    finally:
        await c.aclose()

    events = await h.events(case_id)
    received = [e for e in events if e.type == "message.received"]
    assert len(received) == 1 and received[0].actor == "customer"
    assert received[0].payload["text"] == "Yes, the blue one."
    assert received[0].payload["channel"] == "portal"
    assert received[0].payload["task_id"] == task_id
    waits = customer_waits(events, task_id, h.clock.now() + timedelta(hours=5))
    assert waits and waits[-1][1] == received[0].at  # the SLA pause ended with the reply
    seen = text_of((await ann.get(page)).text)
    assert "Message from the customer" in seen and "Yes, the blue one." in seen
    timeline = [(e.actor, e.text) for e in await customer_timeline(h.engine, case_id, "en")]
    assert ("team", "Our team asked you: Is it the blue card?") in timeline


async def test_a_question_that_is_empty_too_long_or_not_allowed_changes_nothing(
    h: Harness, staff: Staff
) -> None:
    case_id = await h.start("card_help", TEXT)
    task_id = await task_of(h, case_id)
    page = f"/staff/cases/{case_id}"
    url = f"/staff/tasks/{task_id}/messages"
    ann = staff.clients["ann"]
    before = await state(h, case_id), await outbox_count(h, case_id)
    unclaimed = await post(ann, page, url, message="Hello?")
    assert unclaimed.status_code == 409 and "Claim it first." in text_of(unclaimed.text)
    other = await staff.clients["bob"].post(
        url, data={"csrf": await staff.token("bob"), "message": "Hello?"}
    )
    assert other.status_code == 403
    await post(ann, page, f"/staff/tasks/{task_id}/claim")
    before = await state(h, case_id), await outbox_count(h, case_id)
    empty = await post(ann, page, url, message="  ")
    assert empty.status_code == 422
    assert "Please write a message of 1 to 2,000 characters." in text_of(empty.text)
    long = await post(ann, page, url, message="y" * 2001)
    assert long.status_code == 422 and "y" * 2001 in long.text  # kept for correcting
    assert (await state(h, case_id), await outbox_count(h, case_id)) == before
    missing = await post(ann, page, "/staff/tasks/task_nope/messages", message="Hi")
    assert missing.status_code == 404


# -- taking over and handing back -------------------------------------------------------------


async def test_take_over_and_hand_back_on_the_case_view(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_help", TEXT, customer={"name": "Ada Lovelace"})
    task_id = await task_of(h, case_id)
    page = f"/staff/cases/{case_id}"
    ann, cid, sue = staff.clients["ann"], staff.clients["cid"], staff.clients["sue"]
    view = text_of((await ann.get(page)).text)
    assert "Case of Ada Lovelace" in view and "Waiting for an agent" in view
    assert "waiting_agent" not in view and "Review" in view
    assert "Automation is running for this case." in view and "Take over" not in view
    german = text_of((await ann.get(page + "?lang=de")).text)
    assert "Fall von Ada Lovelace" in german and "Wartet auf das Team" in german
    assert "Prüfung" in german

    before = await state(h, case_id)
    refused = await post(ann, page, f"{page}/take-over")  # no claim yet
    assert refused.status_code == 409
    assert "Claim a task of this case first" in text_of(refused.text)
    other = await staff.clients["bob"].post(
        f"{page}/take-over", data={"csrf": await staff.token("bob")}
    )
    assert other.status_code == 403
    nothing = await post(ann, page, f"{page}/hand-back")
    assert nothing.status_code == 409 and "nothing to hand back" in text_of(nothing.text)
    assert await state(h, case_id) == before and (await h.case(case_id)).paused_by is None

    await post(ann, page, f"/staff/tasks/{task_id}/claim")
    assert "Take over" in (await ann.get(page)).text
    r = await post(ann, page, f"{page}/take-over")
    assert r.status_code == 303 and r.headers["location"].endswith("done=taken_over")
    shown = text_of((await ann.get(page)).text)
    assert "Automation paused by Ann since" in shown and "Hand back to automation" in shown
    record = await h.case(case_id)
    assert record.paused_by == staff.users["ann"].id and record.paused_at == h.clock.now()
    taken = [e for e in await h.events(case_id) if e.type == "case.taken_over"]
    assert len(taken) == 1 and taken[0].actor == f"agent:{staff.users['ann'].id}"
    assert "case.taken_over" in await audit_actions(h)
    timeline = [e.text for e in await customer_timeline(h.engine, case_id, "de")]
    assert "Ein Mitglied unseres Teams bearbeitet Ihr Anliegen." in timeline

    before = await state(h, case_id)
    twice = await post(sue, page, f"{page}/take-over")
    assert twice.status_code == 409 and "Ann has taken this case over." in text_of(twice.text)
    by_other = await post(cid, page, f"{page}/hand-back")
    assert by_other.status_code == 409 and "Only they or a supervisor" in text_of(by_other.text)
    assert "Hand back to automation" not in (await cid.get(page)).text
    assert await state(h, case_id) == before
    assert (await h.case(case_id)).paused_by == staff.users["ann"].id

    # the agent finishes the task while automation is paused: the process waits for hand-back
    done = await post(
        ann, page, f"/staff/tasks/{task_id}/complete", intent="card_arrival", reply="On its way"
    )
    assert done.status_code == 303
    await h.run_until_idle()
    assert (await h.case(case_id)).status is CaseStatus.RUNNING
    back = await post(ann, page, f"{page}/hand-back")
    assert back.status_code == 303 and back.headers["location"].endswith("done=handed_back")
    await h.run_until_idle()
    record = await h.case(case_id)
    assert record.status is CaseStatus.COMPLETED and record.paused_by is None
    handed = [e for e in await h.events(case_id) if e.type == "case.handed_back"]
    assert handed[0].payload["taken_over_by"] == staff.users["ann"].id
    assert "case.handed_back" in await audit_actions(h)
    view = text_of((await ann.get(page)).text)
    assert "Completed" in view and "Handed back to automation" in view


async def test_a_supervisor_hands_back_a_case_someone_else_took_over(
    h: Harness, staff: Staff
) -> None:
    case_id = await h.start("card_help", TEXT)
    task_id = await task_of(h, case_id)
    page = f"/staff/cases/{case_id}"
    await post(staff.clients["ann"], page, f"/staff/tasks/{task_id}/claim")
    await post(staff.clients["ann"], page, f"{page}/take-over")
    r = await post(staff.clients["sue"], page, f"{page}/hand-back")
    assert r.status_code == 303 and (await h.case(case_id)).paused_by is None


async def test_a_customer_answer_during_the_pause_is_kept_until_the_hand_back(
    h: Harness, staff: Staff
) -> None:
    case_id = await h.start("card_details", TEXT)
    work = CaseWork(h.engine)
    await work.take_over(staff.users["sue"], case_id)
    receipt = await h.answer(case_id, {"last_digits": "1234"})
    assert receipt.status == "accepted"
    repeat = await h.answer(case_id, {"last_digits": "1234"}, request_id=receipt.request_id)
    assert repeat.duplicate  # exactly one answer, as always
    record = await h.case(case_id)
    assert record.status is CaseStatus.RUNNING and record.runnable and record.result is None
    assert "case.completed" not in await h.event_types(case_id)
    await work.hand_back(staff.users["sue"], case_id)
    await h.run_until_idle()
    record = await h.case(case_id)
    assert record.status is CaseStatus.COMPLETED and record.result == "1234"


async def test_the_pause_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "restart.db"
    async with Harness(agent_app, path) as h:
        case_id = await h.start("card_details", TEXT)
        await take_over(h.engine, case_id, by="user_1", actor="agent:user_1")
        await h.answer(case_id, {"last_digits": "4321"})
        settings = h.settings
    engine = Engine(agent_app, settings)
    async with engine:
        worker = Worker(engine)
        assert await worker.run_until_idle() == 0  # still paused: not claimed
        record = await engine.get_case(case_id)
        assert record.paused_by == "user_1" and record.status is CaseStatus.RUNNING
        with pytest.raises(CaseTakenOver):
            await take_over(engine, case_id, by="user_2", actor="agent:user_2")
        await hand_back(engine, case_id, actor="agent:user_1")
        with pytest.raises(CaseNotTakenOver):
            await hand_back(engine, case_id, actor="agent:user_1")
        assert await worker.run_until_idle() == 1
        assert (await engine.get_case(case_id)).status is CaseStatus.COMPLETED


async def test_timers_due_during_the_pause_fire_once_after_the_hand_back(h: Harness) -> None:
    case_id = await h.start("card_reminded", TEXT)
    await take_over(h.engine, case_id, by="user_1", actor="agent:user_1")
    await h.advance(days=2)  # the reminder is due
    assert "request.reminded" not in await h.event_types(case_id)
    assert await h.engine.store.next_timer_due() is None  # nothing to wake the timer loop for
    await h.advance(hours=1)
    await hand_back(h.engine, case_id, actor="agent:user_1")
    await h.run_until_idle()
    await h.advance(hours=6)
    types = await h.event_types(case_id)
    assert types.count("request.reminded") == 1
    assert (await h.case(case_id)).status is CaseStatus.WAITING_CUSTOMER

    # a deadline that passes during a pause applies its fallback right after the hand-back
    await take_over(h.engine, case_id, by="user_1", actor="agent:user_1")
    await h.advance(days=3)
    assert "request.expired" not in await h.event_types(case_id)
    await hand_back(h.engine, case_id, actor="agent:user_1")
    await h.run_until_idle()
    await h.advance(days=1)
    types = await h.event_types(case_id)
    assert types.count("request.expired") == 1 and types.count("request.reminded") == 1
    assert (await h.case(case_id)).status is CaseStatus.WAITING_AGENT


async def test_a_closed_case_is_not_taken_over(h: Harness) -> None:
    case_id = await h.start("card_details", TEXT)
    await h.answer(case_id, {"last_digits": "1234"})
    from inloop.errors import CaseClosed

    with pytest.raises(CaseClosed):
        await take_over(h.engine, case_id, by="user_1", actor="agent:user_1")
    assert (await h.case(case_id)).paused_by is None
