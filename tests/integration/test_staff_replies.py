"""Suggested replies on the agent's case view: the templates the process picked (resolved in
the app's reply library), else the closest ones to the customer's request, computed on view;
placeholders filled from what the case knows and marked where unknown; a "Use this text" button
for the message form (a script from /static, hidden without JavaScript)."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, Field

import inloop
from inloop.ai.intent import IntentModel
from inloop.ai.process import AI
from inloop.ai.replies import ReplyLibrary, ReplyTemplate
from inloop.records import TaskRecord
from inloop.testing import Harness
from tests.apps.agent_app import app as agent_app
from tests.integration.test_staff_pages import Staff, action_csrf, text_of

LIBRARY = ReplyLibrary(
    [
        ReplyTemplate(
            template_id="track-hello",
            intent="track_order",
            text="Hello {{Customer Name}}, your order {{Order Number}} is on its way.",
            examples=("where is my order", "track my parcel", "when does my order arrive"),
        ),
        ReplyTemplate(
            template_id="track-account",
            intent="track_order",
            text="You can follow order {{Order Number}} under {{Account Section}}.",
            examples=("what is the status of my order", "track the delivery"),
        ),
        ReplyTemplate(
            template_id="cancel-done",
            intent="cancel_order",
            text="We have cancelled order {{Order Number}} for you.",
            examples=("cancel my order", "I want to cancel"),
            translations={"de": "Wir haben die Bestellung {{Order Number}} für Sie storniert."},
        ),
        ReplyTemplate(
            template_id="cancel-confirmed",
            intent="cancel_order",
            text="Dear {{Customer Name}}, the cancellation is confirmed.",
            examples=("please cancel the purchase", "stop my order"),
        ),
    ]
)


class Intake(BaseModel):
    text: str
    order_number: str | None = None


def replies_app() -> inloop.App:
    app = inloop.App(ai=AI(replies=LIBRARY))

    @app.process("picked", input=Intake)
    async def picked(case: inloop.Case) -> None:
        await case.ai.suggest_reply(text="please cancel my order", k=2)
        await case.hand_to_agent("cards", reason="check the reply")

    @app.process("plain", input=Intake)
    async def plain(case: inloop.Case) -> None:
        await case.hand_to_agent("cards", reason="answer the customer")

    @app.process("answered", input=Intake)
    async def answered(case: inloop.Case) -> None:
        answer = await case.hand_to_agent("cards", reason="answer the customer", outcome=Answer)
        await case.notify(answer.reply)

    return app


class Answer(BaseModel):
    reply: str = Field(min_length=1, max_length=5000, title="Reply to the customer")


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    async with Harness(replies_app(), tmp_path / "replies.db") as harness:
        yield harness


@pytest.fixture
async def staff(h: Harness) -> AsyncIterator[Staff]:
    s = Staff(h)
    await s.add("ann", "agent", "cards")
    try:
        yield s
    finally:
        await s.close()


async def payloads(h: Harness, case_id: str, event_type: str) -> list[dict[str, Any]]:
    return [dict(e.payload) for e in await h.events(case_id) if e.type == event_type]


async def claim(
    h: Harness, client: httpx.AsyncClient, case_id: str, page: httpx.Response
) -> tuple[TaskRecord, httpx.Response]:
    """Claim the case's open task from its case ``page``; the task and the page after."""
    task = await h.open_task(case_id)
    assert task is not None
    r = await client.post(f"/staff/tasks/{task.id}/claim", data={"csrf": action_csrf(page.text)})
    assert r.status_code == 303
    return task, await client.get(f"/staff/cases/{case_id}")


def replies(page: str) -> list[str]:
    """The texts of the suggested replies, in order."""
    found = re.findall(r'<p class="reply-text" id="reply-\d+"[^>]*>(.*?)</p>', page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in found]


async def test_replies_are_computed_on_view_and_filled_from_the_case(
    h: Harness, staff: Staff
) -> None:
    case_id = await h.start(
        "plain",
        {"text": "Where is my order? Please track it for me.", "order_number": "A-77"},
        customer={"name": "Ada", "email": "ada@example.com"},
    )
    ann = staff.clients["ann"]
    page = await ann.get(f"/staff/cases/{case_id}")
    assert page.status_code == 200
    shown = replies(page.text)
    assert len(shown) == 3
    assert shown[:2] == [
        "Hello Ada, your order A-77 is on its way.",
        "You can follow order A-77 under {{Account Section}}.",
    ]
    # what is unknown is marked for the agent and named
    assert '<mark class="placeholder">{{Account Section}}</mark>' in page.text
    assert "To fill in: Account Section" in text_of(page.text)
    assert "Closest to the customer's request" in text_of(page.text)
    # the button needs a message form to fill: it comes with the claim
    assert "Use this text" not in page.text
    task, page = await claim(h, ann, case_id, page)
    buttons = re.findall(r"<button[^>]*use-reply[^>]*>", page.text)
    assert len(buttons) == 3
    assert all(f'data-target="f-ask-{task.id}"' in b and " hidden" in b for b in buttons)
    assert f'id="f-ask-{task.id}"' in page.text
    assert '<script src="/static/staff_replies.js" defer></script>' in page.text
    assert "<script>" not in page.text
    script = await ann.get("/static/staff_replies.js")
    assert script.status_code == 200 and "use-reply" in script.text


async def test_the_replies_the_process_picked_come_first(h: Harness, staff: Staff) -> None:
    case_id = await h.start("picked", {"text": "Where is my order?"}, customer={"name": "Bo"})
    events = await h.events(case_id)
    picked = [e for e in events if e.type == "ai.reply_suggested"]
    assert [s["template_id"] for s in picked[0].payload["suggestions"]] == [
        "cancel-done",
        "cancel-confirmed",
    ]
    page = await staff.clients["ann"].get(f"/staff/cases/{case_id}")
    assert replies(page.text) == [
        "We have cancelled order {{Order Number}} for you.",
        "Dear Bo, the cancellation is confirmed.",
    ]
    assert "Picked by the process" in text_of(page.text)


async def test_replies_come_in_the_customer_language_where_they_have_it(
    h: Harness, staff: Staff
) -> None:
    case_id = await h.start(
        "picked", {"text": "Bitte stornieren", "order_number": "A-9"},
        customer={"name": "Bo", "locale": "de"},
    )  # fmt: skip
    picked = await payloads(h, case_id, "ai.reply_suggested")
    suggestions = picked[0]["suggestions"]
    assert [(s["template_id"], s["language"]) for s in suggestions] == [
        ("cancel-done", "de"),
        ("cancel-confirmed", "en"),
    ]
    page = await staff.clients["ann"].get(f"/staff/cases/{case_id}?lang=de")
    assert replies(page.text) == [
        "Wir haben die Bestellung A-9 für Sie storniert.",
        "Dear Bo, the cancellation is confirmed.",
    ]
    assert 'id="reply-1" lang="de"' in page.text and 'id="reply-2" lang="en"' in page.text
    # only the English one is marked for the agent to translate
    assert text_of(page.text).count("Nicht in der Sprache der Kundin oder des Kunden (en)") == 1
    # computed on view (no process pick): the German one of the intent comes first
    case_id = await h.start(
        "plain", {"text": "please cancel the purchase"}, customer={"locale": "de"}
    )
    shown = replies((await staff.clients["ann"].get(f"/staff/cases/{case_id}")).text)
    assert shown[0] == "Wir haben die Bestellung {{Order Number}} für Sie storniert."


async def test_german_labels(h: Harness, staff: Staff) -> None:
    case_id = await h.start("plain", {"text": "where is my order"})
    page = await staff.clients["ann"].get(f"/staff/cases/{case_id}?lang=de")
    assert "Vorgeschlagene Antworten" in page.text


async def test_without_an_ai_the_shipped_library_answers(tmp_path: Path) -> None:
    async with Harness(agent_app, tmp_path / "shipped.db") as h:
        s = Staff(h)
        await s.add("ann", "agent", "cards")
        try:
            case_id = await h.start("card_help", {"text": "I want to cancel my order, please"})
            page = await s.clients["ann"].get(f"/staff/cases/{case_id}")
            assert page.status_code == 200
            shipped = {t.text for t in ReplyLibrary.default().templates}
            shown = replies(page.text)
            assert len(shown) == 3 and all(text in shipped for text in shown)
            assert "cancel_order" in text_of(page.text)
        finally:
            await s.close()


def order_model() -> IntentModel:
    """A small intent model of a shop's requests: tracking, cancelling, refunds (the library
    above has no reply about refunds)."""
    rows = {
        "track_order": ["where is my order", "track my parcel", "when does my order arrive"],
        "cancel_order": ["cancel my order", "I want to cancel", "stop my order please"],
        "refund": ["I want my money back", "refund my payment", "give me a refund please"],
    }
    texts = [t for examples in rows.values() for t in examples for _ in range(2)]
    labels = [label for label, examples in rows.items() for _ in examples for _ in range(2)]
    return IntentModel().train(texts, labels, n_jobs=1)


async def test_replies_for_another_intent_than_the_request_are_marked(tmp_path: Path) -> None:
    """The library has no reply about refunds: the closest ones are for other intents of the
    same model, and the agent is told to check them."""
    model = order_model()
    app = inloop.App(ai=AI(model=model, replies=LIBRARY))

    @app.process("classified", input=Intake)
    async def classified(case: inloop.Case) -> None:
        classification = await case.ai.classify()
        await case.ai.suggest_reply(classification=classification, k=2)
        await case.hand_to_agent("cards", reason="answer the customer")

    async with Harness(app, tmp_path / "fits.db") as h:
        s = Staff(h)
        await s.add("ann", "agent", "cards")
        try:
            refund = await h.start("classified", {"text": "I want my money back, a refund"})
            picked = (await payloads(h, refund, "ai.reply_suggested"))[0]["suggestions"]
            assert [p["fits_intent"] for p in picked] == [False, False], picked
            page = text_of((await s.clients["ann"].get(f"/staff/cases/{refund}")).text)
            assert page.count("For another intent than the request's") == 2

            cancel = await h.start("classified", {"text": "please cancel my order"})
            picked = (await payloads(h, cancel, "ai.reply_suggested"))[0]["suggestions"]
            assert [p["fits_intent"] for p in picked] == [True, True], picked
            page = text_of((await s.clients["ann"].get(f"/staff/cases/{cancel}")).text)
            assert "For another intent" not in page
        finally:
            await s.close()


async def test_use_this_text_fills_the_outcome_reply_the_process_sends(
    h: Harness, staff: Staff
) -> None:
    case_id = await h.start("answered", {"text": "where is my order"}, customer={"name": "Ada"})
    ann = staff.clients["ann"]
    page = await ann.get(f"/staff/cases/{case_id}")
    _, page = await claim(h, ann, case_id, page)
    buttons = re.findall(r"<button[^>]*use-reply[^>]*>", page.text)
    assert buttons and all('data-target="f-reply"' in b for b in buttons)
    assert re.search(r'<textarea id="f-reply" name="reply"', page.text)


class Order(BaseModel):
    order_number: str = Field(title="Order number")


async def test_the_case_view_shows_the_intent_the_customer_or_agent_settled(
    tmp_path: Path,
) -> None:
    """The model guessed a refund, the customer said no and an agent set the intent: the case
    view's current intent is the agent's (with its label), the replies are picked for it, and
    the AI's steps have titles; an extraction that found nothing says so."""
    model = order_model()
    app = inloop.App(ai=AI(model=model, replies=LIBRARY, risk={"refund": "never_auto"}))

    @app.process("settled", input=Intake)
    async def settled(case: inloop.Case) -> None:
        classification = await case.ai.classify()
        routing = await case.ai.route(classification, queue="cards")
        await case.ai.extract(Order)
        await case.ai.suggest_reply(classification=classification, intent=routing.intent, k=2)
        await case.hand_to_agent("cards", reason="answer the customer")

    async with Harness(app, tmp_path / "settled.db") as h:
        s = Staff(h)
        await s.add("ann", "agent", "cards")
        try:
            case_id = await h.start("settled", {"text": "I want my money back, a refund"})
            assert (await payloads(h, case_id, "ai.classified"))[0]["intent"] == "refund"
            await h.answer(case_id, {"decision": "decline"})
            await h.complete_task(case_id, {"intent": "cancel_order"})
            (confirmed,) = await payloads(h, case_id, "ai.intent_confirmed")
            assert confirmed["chosen"] == "cancel_order" and confirmed["correct"] is False
            (suggested,) = await payloads(h, case_id, "ai.reply_suggested")
            assert suggested["intent"] == "cancel_order"
            assert [p["intent"] for p in suggested["suggestions"]] == ["cancel_order"] * 2
            assert [p["fits_intent"] for p in suggested["suggestions"]] == [True, True]

            page = text_of((await s.clients["ann"].get(f"/staff/cases/{case_id}")).text)
            current = page.split("Current values", 1)[1].split("Correct the AI", 1)[0]
            assert "intent cancel_order (I want to cancel an order)" in current, current
            assert "intent refund" not in current
            proposals = page.split("AI proposals", 1)[1].split("Current values", 1)[0]
            assert "intent = refund (Refund) — confidence" in proposals, proposals
            assert "ai.extract:Order: nothing found" in proposals
            assert "no confidence" not in proposals
            for title in ("Request classified", "Route decided", "Fields extracted"):
                assert f"{title} · AI" in page, title
            assert "Replies suggested · AI" in page and "Intent settled · " in page
            assert "ai.classified" not in page and "ai.routed" not in page
            # the model's scores read as intents with their scores and labels, not as JSON
            scores = r"scores refund \d\.\d\d \(Refund\); cancel_order \d\.\d\d \(I want to cancel"
            assert re.search(scores, page), page
            assert '"intent":"refund","score"' not in page
            # labels in the page's language, whatever the customer's
            german = text_of((await s.clients["ann"].get(f"/staff/cases/{case_id}?lang=de")).text)
            assert "intent cancel_order (Ich möchte eine Bestellung stornieren)" in german
            assert "cancel_order 0.00 (Ich möchte eine Bestellung stornieren)" in german

            # the model's top intent would have picked the refund replies
            picked = await h.start("settled", {"text": "refund my payment please"})
            await h.answer(picked, {"decision": "accept"})
            (suggested,) = await payloads(h, picked, "ai.reply_suggested")
            assert suggested["intent"] == "refund"
            assert [p["fits_intent"] for p in suggested["suggestions"]] == [False, False]
        finally:
            await s.close()
