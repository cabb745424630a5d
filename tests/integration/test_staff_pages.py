"""The agent's pages through the ASGI app on real SQLite: the inbox, the case view, every action
on it and the admin page, each refused with a clear message (and nothing changed) when the
input, the CSRF token, the claim or the role does not allow it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher

from inloop import CaseStatus, TaskStatus
from inloop.channels.timeline import customer_timeline
from inloop.humans.accounts import Accounts
from inloop.records import UserRecord
from inloop.testing import Harness
from inloop.web import create_app
from inloop.web.staff import STAFF_COOKIE, StaffPages, token_hash
from inloop.web.staff_desk import _show, sla_text
from tests.apps.agent_app import app as agent_app

PASSWORD = "correct horse battery"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
TEXT = {"text": "Where is my new card? Ada Lovelace, 4242"}


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    async with Harness(agent_app, tmp_path / "pages.db") as harness:
        yield harness


class Staff:
    """The people of the tests, each with a logged-in client."""

    def __init__(self, h: Harness) -> None:
        self.h = h
        self.users: dict[str, UserRecord] = {}
        self.clients: dict[str, httpx.AsyncClient] = {}

    async def add(self, name: str, role: str, *queues: str) -> httpx.AsyncClient:
        accounts = Accounts(self.h.engine.store, self.h.clock, hasher=FAST)
        self.users[name] = await accounts.create(
            f"{name}@example.com", name=name.title(), role=role, password=PASSWORD, queues=queues
        )
        c = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(self.h.engine)),
            base_url="http://staff.test",
        )
        page = await c.get("/staff/login")
        r = await c.post(
            "/staff/login",
            data={"csrf": csrf(page.text), "email": f"{name}@example.com", "password": PASSWORD},
        )
        assert r.status_code == 303, r.text
        self.clients[name] = c
        return c

    async def token(self, name: str) -> str:
        """A valid action CSRF token of ``name``'s session (for posts to pages they cannot
        open)."""
        cookie = self.clients[name].cookies.get(STAFF_COOKIE)
        assert cookie is not None
        return await StaffPages(self.h.engine, self.h.engine.settings).action_csrf(
            token_hash(cookie)
        )

    async def close(self) -> None:
        for c in self.clients.values():
            await c.aclose()


@pytest.fixture
async def staff(h: Harness) -> AsyncIterator[Staff]:
    s = Staff(h)
    await s.add("ann", "agent", "cards")
    await s.add("cid", "agent", "cards")
    await s.add("bob", "agent", "loans")
    await s.add("sue", "supervisor")
    await s.add("ada", "admin")
    try:
        yield s
    finally:
        await s.close()


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def action_csrf(html: str) -> str:
    """The token of the page's action forms (the last form token: the logout form comes
    first)."""
    tokens = re.findall(r'name="csrf" value="([0-9a-f]+)"', html)
    assert tokens, "no CSRF token on the page"
    return tokens[-1]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


async def task_of(h: Harness, case_id: str) -> str:
    task = await h.open_task(case_id)
    assert task is not None
    return task.id


async def state(h: Harness, case_id: str) -> tuple[object, ...]:
    """What a refused action must leave alone."""
    case = await h.case(case_id)
    events = await h.events(case_id)
    tasks = await h.engine.store.task_desk.for_case(case_id)
    return case.status, len(events), tuple((t.task.status, t.assignee) for t in tasks)


async def audit_actions(h: Harness) -> list[str]:
    return [e.action for e in await h.engine.store.audit.entries()]


async def post(c: httpx.AsyncClient, page_url: str, url: str, **data: str) -> httpx.Response:
    page = await c.get(page_url)
    assert page.status_code == 200, page.text
    return await c.post(url, data={"csrf": action_csrf(page.text), **data})


# -- the inbox --------------------------------------------------------------------------------


def test_the_sla_countdown_in_words() -> None:
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert sla_text(now + timedelta(hours=1, minutes=20), now, "en") == ("due in 1 h 20 min", "ok")
    assert sla_text(now - timedelta(minutes=5), now, "en") == ("overdue by 5 min", "overdue")
    assert sla_text(now + timedelta(minutes=30), now, "en")[1] == "soon"
    assert sla_text(now + timedelta(days=2, hours=3), now, "en")[0] == "due in 2 d 3 h"
    assert sla_text(None, now, "en") == ("no SLA", "none")
    assert sla_text(now - timedelta(minutes=5), now, "de")[0] == "überfällig seit 5 Min."
    assert sla_text(None, now, "de")[0] == "keine SLA"


def test_the_models_top_intents_read_as_words_not_json() -> None:
    """A task's ``predicted`` context and an event's ``scores``."""
    predicted = [
        {"intent": "card_arrival", "score": 0.81, "label": "My card has not arrived yet"},
        {"intent": "lost_or_stolen_card", "score": 0.1},
    ]
    assert _show(predicted) == (
        "card_arrival 0.81 (My card has not arrived yet); lost_or_stolen_card 0.10"
    )
    assert _show([{"intent": "x", "score": True}]) == '[{"intent":"x","score":true}]'
    assert _show([]) == "[]"


async def test_the_inbox_tabs_filters_and_rows(h: Harness, staff: Staff) -> None:
    first = await h.start("card_help", TEXT)
    second = await h.start("card_help", {"text": "My card was swallowed"})
    loan = await h.start("loan_check", {"text": "loan"})
    ann, sue, bob = staff.clients["ann"], staff.clients["sue"], staff.clients["bob"]

    queue = text_of((await ann.get("/staff/tasks?tab=queue")).text)
    assert queue.count("low confidence 0.41 for card_arrival") == 2
    assert "income could not be verified" not in queue  # not Ann's queue
    assert "no SLA" in queue and "cards" in queue
    # mine: none yet, and the page says what waits in her queues (counted on the Queue tab)
    mine = text_of((await ann.get("/staff/tasks")).text)
    assert "You hold no tasks. Open tasks waiting in your queues: 2. Show the queue" in mine
    assert "Queue (2)" in mine
    german = text_of((await ann.get("/staff/tasks?lang=de")).text)
    assert "Offene Aufgaben in Ihren Warteschlangen: 2." in german
    filtered = text_of((await ann.get("/staff/tasks?q=nothing-matches")).text)
    assert "No tasks here." in filtered  # a filter that finds nothing says so plainly

    r = await post(ann, f"/staff/cases/{first}", f"/staff/tasks/{await task_of(h, first)}/claim")
    assert r.status_code == 303
    mine = text_of((await ann.get("/staff/tasks?tab=mine")).text)
    assert first in mine and second not in mine and "Ann" in mine
    claimed = text_of((await ann.get("/staff/tasks?tab=queue&status=claimed")).text)
    assert first in claimed and second not in claimed
    open_only = text_of((await ann.get("/staff/tasks?tab=queue&status=open")).text)
    assert second in open_only and first not in open_only
    found = text_of((await ann.get(f"/staff/tasks?tab=queue&q={second}")).text)
    assert second in found and first not in found
    sorted_by_due = await ann.get("/staff/tasks?tab=queue&sort=due")
    assert sorted_by_due.status_code == 200

    refused = await ann.get("/staff/tasks?tab=all")
    assert refused.status_code == 403
    assert "Only supervisors and admins see every queue." in refused.text
    everything = text_of((await sue.get("/staff/tasks?tab=all")).text)
    assert loan in everything and first in everything and second in everything
    searched = text_of((await sue.get("/staff/tasks?tab=all&q=income")).text)
    assert loan in searched and first not in searched
    assert loan in text_of((await bob.get("/staff/tasks?tab=queue&queue=loans")).text)
    german = text_of((await ann.get("/staff/tasks?tab=queue&lang=de")).text)
    assert "Meine Aufgaben" in german and "keine SLA" in german

    page = await ann.get("/staff/tasks")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/static/staff.js" defer></script>' in page.text
    assert "<script>" not in page.text
    assert (await ann.get("/static/staff.js")).status_code == 200


async def test_the_inbox_needs_a_login(h: Harness) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(h.engine)), base_url="http://staff.test"
    ) as c:
        r = await c.get("/staff/tasks")
        assert r.status_code == 303
        assert r.headers["location"] == "/staff/login?next=%2Fstaff%2Ftasks"


# -- the case view ----------------------------------------------------------------------------


async def test_the_case_view_shows_everything_and_is_audited(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_help", TEXT, customer={"name": "Ada", "email": "a@example.com"})
    page = await staff.clients["ann"].get(f"/staff/cases/{case_id}")
    assert page.status_code == 200
    body = text_of(page.text)
    for expected in (
        "low confidence 0.41 for card_arrival",  # the reason
        "AI proposal",
        "confidence 0.41",
        "model intent-test-1",
        "card_arrival",
        "Where is my new card?",  # the input
        "a@example.com",
        "Task created",
        "Case created",
        "Claim",
    ):
        assert expected in body, expected
    assert 'name="reply"' not in page.text  # the outcome form comes with the claim
    assert "Claim the task to complete it." in body
    entries = [e for e in await h.engine.store.audit.entries() if e.action == "case.viewed"]
    assert [(e.actor, e.subject) for e in entries] == [(staff.users["ann"].id, case_id)]


async def test_an_agent_of_another_queue_gets_403_with_the_reason(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_help", TEXT)
    r = await staff.clients["bob"].get(f"/staff/cases/{case_id}")
    assert r.status_code == 403
    assert "This case belongs to the queue cards. You are not a member of it" in text_of(r.text)
    assert "case.viewed" not in await audit_actions(h)
    missing = await staff.clients["ann"].get("/staff/cases/case_nothing")
    assert missing.status_code == 404 and "There is no such case." in missing.text
    waiting = await h.start("card_details", TEXT)  # no task: supervisors only
    assert (await staff.clients["ann"].get(f"/staff/cases/{waiting}")).status_code == 403
    assert (await staff.clients["sue"].get(f"/staff/cases/{waiting}")).status_code == 200


# -- claims -----------------------------------------------------------------------------------


async def test_claim_release_and_refusals_change_nothing(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_help", TEXT)
    task_id = await task_of(h, case_id)
    ann, cid, bob = staff.clients["ann"], staff.clients["cid"], staff.clients["bob"]
    page = f"/staff/cases/{case_id}"

    before = await state(h, case_id)
    token = action_csrf((await ann.get(page)).text)
    no_csrf = await ann.post(f"/staff/tasks/{task_id}/claim", data={})
    assert no_csrf.status_code == 403 and "This form has expired" in no_csrf.text
    wrong = await ann.post(f"/staff/tasks/{task_id}/claim", data={"csrf": "0" * 64})
    assert wrong.status_code == 403
    foreign = await ann.post(
        f"/staff/tasks/{task_id}/claim",
        data={"csrf": token},
        headers={"origin": "https://evil.example"},
    )
    assert foreign.status_code == 403 and "another site" in foreign.text
    bob_token = await staff.token("bob")
    not_in_queue = await bob.post(f"/staff/tasks/{task_id}/claim", data={"csrf": bob_token})
    assert not_in_queue.status_code == 403
    assert "This case belongs to the queue cards" in text_of(not_in_queue.text) or (
        "not a member of the queue cards" in text_of(not_in_queue.text)
    )
    assert await state(h, case_id) == before

    r = await ann.post(f"/staff/tasks/{task_id}/claim", data={"csrf": token})
    assert r.status_code == 303 and r.headers["location"] == f"{page}?done=claimed"
    assert "You hold this task now." in (await ann.get(r.headers["location"])).text
    held = await state(h, case_id)
    taken = await post(cid, page, f"/staff/tasks/{task_id}/claim")
    assert taken.status_code == 409
    assert "Ann is working on this task right now" in text_of(taken.text)
    assert await state(h, case_id) == held

    not_holder = await post(cid, page, f"/staff/tasks/{task_id}/release")
    assert not_holder.status_code == 409 and "You do not hold this task" in text_of(not_holder.text)
    assert await state(h, case_id) == held
    released = await post(ann, page, f"/staff/tasks/{task_id}/release")
    assert released.status_code == 303
    found = await h.engine.store.task_desk.get(task_id)
    assert found is not None and found.assignee is None
    actions = await audit_actions(h)
    assert actions.count("task.claimed") == 1 and actions.count("task.released") == 1


async def test_reassigning_is_for_supervisors(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_help", TEXT)
    task_id = await task_of(h, case_id)
    page = f"/staff/cases/{case_id}"
    await post(staff.clients["ann"], page, f"/staff/tasks/{task_id}/claim")
    before = await state(h, case_id)
    r = await post(
        staff.clients["ann"],
        page,
        f"/staff/tasks/{task_id}/reassign",
        user_id=staff.users["cid"].id,
    )
    assert r.status_code == 403
    assert "Only supervisors and admins may reassign tasks." in text_of(r.text)
    outsider = await post(
        staff.clients["sue"],
        page,
        f"/staff/tasks/{task_id}/reassign",
        user_id=staff.users["bob"].id,
    )
    assert outsider.status_code == 403
    assert "That person does not work in this task's queue." in text_of(outsider.text)
    nobody = await post(staff.clients["sue"], page, f"/staff/tasks/{task_id}/reassign", user_id="")
    assert nobody.status_code == 422 and "Please choose who gets the task." in nobody.text
    assert await state(h, case_id) == before

    sue_page = (await staff.clients["sue"].get(page)).text
    assert "Give the task to" in sue_page and "Cid (cid@example.com)" in sue_page
    r = await post(
        staff.clients["sue"],
        page,
        f"/staff/tasks/{task_id}/reassign",
        user_id=staff.users["cid"].id,
    )
    assert r.status_code == 303
    found = await h.engine.store.task_desk.get(task_id)
    assert found is not None and found.assignee == staff.users["cid"].id
    entry = [e for e in await h.engine.store.audit.entries() if e.action == "task.reassigned"]
    assert entry and entry[0].actor == staff.users["sue"].id


# -- completing -------------------------------------------------------------------------------


async def test_an_outcome_failing_the_schema_is_refused_per_field(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_help", TEXT)
    task_id = await task_of(h, case_id)
    ann = staff.clients["ann"]
    page = f"/staff/cases/{case_id}"
    unclaimed = await post(ann, page, f"/staff/tasks/{task_id}/complete", intent="x", reply="hello")
    assert unclaimed.status_code == 409 and "Claim it first" in text_of(unclaimed.text)
    await post(ann, page, f"/staff/tasks/{task_id}/claim")
    form = (await ann.get(page)).text
    assert 'name="intent"' in form and 'name="reply"' in form  # rendered from the schema

    before = await state(h, case_id)
    bad = await post(ann, page, f"/staff/tasks/{task_id}/complete", intent="", reply="hi")
    assert bad.status_code == 422
    body = text_of(bad.text)
    assert "The outcome is not complete yet; nothing changed." in body
    assert "Intent:" in body and "Reply to the customer:" in body
    assert 'aria-invalid="true"' in bad.text
    assert await state(h, case_id) == before

    ok = await post(
        ann, page, f"/staff/tasks/{task_id}/complete", intent="card_arrival", reply="It is coming."
    )
    assert ok.status_code == 303
    await h.run_until_idle()
    case = await h.case(case_id)
    assert case.status is CaseStatus.COMPLETED
    assert case.result == {"intent": "card_arrival", "reply": "It is coming."}
    assert "task.completed" in await audit_actions(h)

    late = await post(staff.clients["sue"], page, f"/staff/cases/{case_id}/notes", text="x")
    assert late.status_code == 303  # notes stay possible on a closed case
    again = await staff.clients["cid"].post(
        f"/staff/tasks/{task_id}/complete",
        data={"csrf": action_csrf((await staff.clients["cid"].get(page)).text), "intent": "a"},
    )
    assert again.status_code == 409
    assert "Ann has already completed this task." in text_of(again.text)


# -- answering for the customer ---------------------------------------------------------------


async def test_answering_on_the_customers_behalf(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_details", TEXT)
    req = await h.open_request(case_id)
    assert req is not None
    sue = staff.clients["sue"]
    page = f"/staff/cases/{case_id}"
    url = f"/staff/cases/{case_id}/requests/{req.id}/answer"
    assert "Which card is it?" in (await sue.get(page)).text
    ann_token = await staff.token("ann")
    refused = await staff.clients["ann"].post(url, data={"csrf": ann_token, "last_digits": "1234"})
    assert refused.status_code == 403  # no task of Ann's queue in this case
    before = await state(h, case_id)
    bad = await post(sue, page, url, last_digits="12")
    assert bad.status_code == 422 and "Last four digits of the card:" in text_of(bad.text)
    assert await state(h, case_id) == before

    ok = await post(sue, page, url, last_digits="1234")
    assert ok.status_code == 303
    await h.run_until_idle()
    case = await h.case(case_id)
    assert case.status is CaseStatus.COMPLETED and case.result == "1234"
    answered = [e for e in await h.events(case_id) if e.type == "request.answered"]
    assert answered[0].actor == f"agent:{staff.users['sue'].id}"
    assert "request.answered_for_customer" in await audit_actions(h)
    timeline = [e.text for e in await customer_timeline(h.engine, case_id, "en")]
    assert "A member of our team answered on your behalf." in timeline


async def test_the_agents_who_worked_the_case_answer_its_next_question(
    h: Harness, staff: Staff
) -> None:
    """After the task of queue ``cards`` is done, the process asks the customer: the agents of
    ``cards`` may answer in the customer's place, an agent of another queue may not."""
    case_id = await h.start("card_help", TEXT)
    outcome = {"intent": "card_arrival", "reply": "We send a new card.", "ask_card": True}
    await h.complete_task(case_id, outcome)
    req = await h.open_request(case_id)
    assert req is not None and await h.open_task(case_id) is None
    page = f"/staff/cases/{case_id}"
    url = f"/staff/cases/{case_id}/requests/{req.id}/answer"
    before = await state(h, case_id)
    bob_token = await staff.token("bob")
    refused = await staff.clients["bob"].post(url, data={"csrf": bob_token, "last_digits": "4242"})
    assert refused.status_code == 403
    assert await state(h, case_id) == before

    ok = await post(staff.clients["ann"], page, url, last_digits="4242")
    assert ok.status_code == 303
    await h.run_until_idle()
    case = await h.case(case_id)
    assert case.status is CaseStatus.COMPLETED
    answered = [e for e in await h.events(case_id) if e.type == "request.answered"]
    assert answered[0].actor == f"agent:{staff.users['ann'].id}"


async def test_the_customer_answered_first(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_details", TEXT)
    req = await h.open_request(case_id)
    assert req is not None
    sue = staff.clients["sue"]
    token = action_csrf((await sue.get(f"/staff/cases/{case_id}")).text)
    await h.answer(case_id, {"last_digits": "9999"})
    before = await state(h, case_id)
    r = await sue.post(
        f"/staff/cases/{case_id}/requests/{req.id}/answer",
        data={"csrf": token, "last_digits": "1234"},
    )
    assert r.status_code == 409
    assert "The customer answered first" in text_of(r.text)
    assert "Case completed" in text_of(r.text)  # the current state
    assert await state(h, case_id) == before
    refused = [e for e in await h.engine.store.audit.entries() if e.subject == req.id]
    assert [(e.actor, e.action) for e in refused] == [
        (staff.users["sue"].id, "request.answer_refused")
    ]
    assert '"outcome":"refused"' in refused[0].detail
    assert '"reason":"customer_answered_first"' in refused[0].detail
    assert "1234" not in refused[0].detail and "9999" not in refused[0].detail


# -- notes and corrections --------------------------------------------------------------------


async def test_internal_notes_never_reach_the_customer(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_help", TEXT)
    ann = staff.clients["ann"]
    page = f"/staff/cases/{case_id}"
    before = await state(h, case_id)
    empty = await post(ann, page, f"/staff/cases/{case_id}/notes", text="   ")
    assert empty.status_code == 422 and "Please write a note" in empty.text
    too_long = await post(ann, page, f"/staff/cases/{case_id}/notes", text="x" * 5001)
    assert too_long.status_code == 422
    outsider = await staff.clients["bob"].post(
        f"/staff/cases/{case_id}/notes", data={"csrf": await staff.token("bob"), "text": "hi"}
    )
    assert outsider.status_code == 403
    assert await state(h, case_id) == before

    r = await post(ann, page, f"/staff/cases/{case_id}/notes", text="Customer sounds upset <b>")
    assert r.status_code == 303
    notes = [e for e in await h.events(case_id) if e.type == "note.added"]
    assert notes[0].payload == {"text": "Customer sounds upset <b>", "by": staff.users["ann"].id}
    view = (await ann.get(page)).text
    assert "Customer sounds upset &lt;b&gt;" in view
    await post(ann, page, f"/staff/tasks/{await task_of(h, case_id)}/claim")
    for lang in ("en", "de"):
        timeline = [e.text for e in await customer_timeline(h.engine, case_id, lang)]
        assert all("upset" not in t for t in timeline)
        looking = {
            "en": "A member of our team is looking at your request.",
            "de": "Jemand aus unserem Team kümmert sich um Ihr Anliegen.",
        }[lang]
        assert timeline.count(looking) == 1


async def test_correcting_the_ai_records_before_and_after(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_help", TEXT)
    ann = staff.clients["ann"]
    page = f"/staff/cases/{case_id}"
    url = f"/staff/cases/{case_id}/corrections"
    before = await state(h, case_id)
    for data in (
        {"field": "intent", "value": "card_arrival"},  # the same value
        {"field": "intent", "value": ""},
        {"field": "no_such_field", "value": "x"},
    ):
        r = await post(ann, page, url, **data)
        assert r.status_code == 422, data
        assert "Please choose a field and give a new value" in text_of(r.text)
    assert await state(h, case_id) == before

    r = await post(ann, page, url, field="intent", value="lost_or_stolen_card")
    assert r.status_code == 303
    corrected = [e for e in await h.events(case_id) if e.type == "ai.corrected"]
    assert corrected[0].payload == {
        "field": "intent",
        "before": "card_arrival",
        "after": "lost_or_stolen_card",
        "by": staff.users["ann"].id,
    }
    assert corrected[0].actor == f"agent:{staff.users['ann'].id}"
    assert "ai.corrected" in await audit_actions(h)
    r = await post(ann, page, url, field="intent", value="card_arrival")
    later = [e for e in await h.events(case_id) if e.type == "ai.corrected"]
    assert later[-1].payload["before"] == "lost_or_stolen_card"
    timeline = [e.kind for e in await customer_timeline(h.engine, case_id, "en")]
    assert "ai.corrected" not in timeline and "note.added" not in timeline


# -- the admin page ---------------------------------------------------------------------------


async def test_the_admin_page_manages_users(h: Harness, staff: Staff) -> None:
    ada, sue = staff.clients["ada"], staff.clients["sue"]
    page = "/staff/admin/users"
    refused = await sue.get(page)
    assert refused.status_code == 403 and "Only admins manage staff accounts." in refused.text
    listing = text_of((await ada.get(page)).text)
    assert all(f"{n}@example.com" in listing for n in ("ann", "bob", "cid", "sue", "ada"))
    count = len(await h.engine.store.users.list_users())

    sue_token = await staff.token("sue")
    r = await sue.post(page, data={"csrf": sue_token, "email": "x@example.com"})
    assert r.status_code == 403
    weak = await post(
        ada, page, page, email="eve@example.com", name="Eve", role="agent", password="short"
    )
    assert weak.status_code == 422 and "at least 12 characters" in weak.text
    taken = await post(
        ada, page, page, email="ann@example.com", name="Ann 2", role="agent", password=PASSWORD
    )
    assert taken.status_code == 422 and "exists already" in taken.text
    assert len(await h.engine.store.users.list_users()) == count

    r = await post(
        ada,
        page,
        page,
        email="eve@example.com",
        name="Eve",
        role="agent",
        password=PASSWORD,
        queues="cards, loans",
    )
    assert r.status_code == 303
    eve = await h.engine.store.users.find("eve@example.com")
    assert eve is not None and eve.queues == frozenset({"cards", "loans"})

    r = await post(ada, page, f"{page}/{eve.id}/access", role="supervisor", queues="vip")
    assert r.status_code == 303
    eve = await h.engine.store.users.find("eve@example.com")
    assert eve is not None and eve.role == "supervisor" and eve.queues == frozenset({"vip"})
    bad_role = await post(ada, page, f"{page}/{eve.id}/access", role="owner", queues="")
    assert bad_role.status_code == 422

    r = await post(ada, page, f"{page}/{eve.id}/password", password="short")
    assert r.status_code == 422
    r = await post(ada, page, f"{page}/{eve.id}/password", password=PASSWORD + "!")
    assert r.status_code == 303
    own = await post(ada, page, f"{page}/{staff.users['ada'].id}/disable")
    assert own.status_code == 422 and "your own account" in own.text
    demote = await post(ada, page, f"{page}/{staff.users['ada'].id}/access", role="agent")
    assert demote.status_code == 422
    r = await post(ada, page, f"{page}/{staff.users['ann'].id}/disable")
    assert r.status_code == 303
    assert (await staff.clients["ann"].get("/staff/tasks")).status_code == 303  # logged out

    actions = await audit_actions(h)
    for action in (
        "user.created",
        "user.role_set",
        "user.queues_set",
        "user.password_reset",
        "user.disabled",
    ):
        assert action in actions, action
    created = [e for e in await h.engine.store.audit.entries() if e.action == "user.created"]
    assert created[-1].actor == staff.users["ada"].id


async def test_the_task_status_after_cancel_is_explained(h: Harness, staff: Staff) -> None:
    case_id = await h.start("card_help", TEXT)
    task_id = await task_of(h, case_id)
    page = f"/staff/cases/{case_id}"
    token = action_csrf((await staff.clients["ann"].get(page)).text)
    await h.engine.cancel(case_id, reason="customer withdrew")
    r = await staff.clients["ann"].post(f"/staff/tasks/{task_id}/claim", data={"csrf": token})
    assert r.status_code == 409 and "cancelled" in r.text
    task = await h.engine.store.get_task(task_id)
    assert task is not None and task.status is TaskStatus.CANCELLED
