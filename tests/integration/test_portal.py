"""The customer portal through its ASGI interface: links, forms, errors, timeline."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from inloop import CaseStatus
from inloop.channels.links import Links
from inloop.examples import app as example_app
from inloop.records import Customer
from inloop.testing import Harness
from inloop.web import create_app

ADDRESS = {
    "street": "Hauptstraße 5",
    "postcode": "10115",
    "city": "Berlin",
    "valid_from": "2026-03-01",
}


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    async with Harness(example_app, tmp_path / "p.db") as harness:
        yield harness


def client_for(h: Harness) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(h.engine))
    return httpx.AsyncClient(transport=transport, base_url="http://portal.test")


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def action(html: str) -> str:
    match = re.search(r'action="(/case/requests/[^"]+)"', html)
    assert match
    return match.group(1)


async def open_case(h: Harness, c: httpx.AsyncClient, *, locale: str = "en") -> str:
    case_id = await h.start(
        "address_change",
        {"text": "I moved"},
        customer={"email": "kim@example.com", "locale": locale},
    )
    req = await h.open_request(case_id)
    assert req is not None
    token = await Links(h.engine).issue(case_id=case_id, request_id=req.id, channel="email")
    r = await c.get(f"/l/{token}")
    assert r.status_code == 303 and r.headers["location"] == "/case"
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert (
        "inloop_case" in r.headers["set-cookie"] and "httponly" in r.headers["set-cookie"].lower()
    )
    return case_id


async def test_a_customer_answers_through_the_portal(h: Harness) -> None:
    async with client_for(h) as c:
        case_id = await open_case(h, c)
        page = await c.get("/case")
        assert page.status_code == 200
        assert "Where do you live now?" in page.text
        assert 'aria-current="step"' in page.text
        bad = await c.post(
            action(page.text),
            data={"csrf": csrf(page.text), "street": "X", "postcode": "1", "city": ""},
        )
        assert bad.status_code == 422
        assert "Please correct the following" in bad.text
        assert 'aria-invalid="true"' in bad.text
        assert (await h.case(case_id)).status is CaseStatus.WAITING_CUSTOMER
        ok = await c.post(action(bad.text), data={"csrf": csrf(bad.text), **ADDRESS})
        assert ok.status_code == 303
        await h.run_until_idle()
        page = await c.get("/case")
        assert "Hauptstraße 5" in page.text  # the confirmation repeats the address
        done = await c.post(action(page.text), data={"csrf": csrf(page.text), "decision": "accept"})
        assert done.status_code == 303
        await h.run_until_idle()
        assert (await h.case(case_id)).status is CaseStatus.COMPLETED
        final = await c.get("/case")
        assert "Your request is complete." in final.text
        assert "Your address has been updated." in final.text


async def test_the_portal_speaks_german(h: Harness) -> None:
    async with client_for(h) as c:
        await open_case(h, c, locale="de")
        page = await c.get("/case")
        assert 'lang="de"' in page.text
        assert "Wie lautet Ihre neue Adresse?" in page.text
        assert "Wir haben Ihr Anliegen erhalten." in page.text


async def test_invalid_links_reveal_nothing_and_are_rate_limited(h: Harness) -> None:
    async with client_for(h) as c:
        await open_case(h, c)
        c.cookies.clear()
        first = await c.get("/l/" + "A" * 43)
        assert first.status_code == 404 and "This link does not work" in first.text
        for _ in range(25):
            last = await c.get("/l/" + "B" * 43)
        assert last.status_code == 429
        assert (await c.get("/case")).status_code == 401


async def test_posts_need_the_csrf_token_and_the_same_origin(h: Harness) -> None:
    async with client_for(h) as c:
        case_id = await open_case(h, c)
        page = await c.get("/case")
        target = action(page.text)
        no_token = await c.post(target, data=ADDRESS)
        assert no_token.status_code == 403
        cross = await c.post(
            target,
            data={"csrf": csrf(page.text), **ADDRESS},
            headers={"origin": "https://evil.example"},
        )
        assert cross.status_code == 403
        assert (await h.case(case_id)).status is CaseStatus.WAITING_CUSTOMER
        events = await h.event_types(case_id)
        assert "request.answered" not in events and "request.answer_rejected" not in events


async def test_get_and_head_never_change_anything(h: Harness) -> None:
    async with client_for(h) as c:
        case_id = await open_case(h, c)
        before = await h.event_types(case_id)
        for _ in range(3):
            await c.get("/case")
            await c.head("/case")
        assert await h.event_types(case_id) == before


async def test_saving_a_draft_keeps_the_request_open(h: Harness) -> None:
    async with client_for(h) as c:
        case_id = await open_case(h, c)
        page = await c.get("/case")
        saved = await c.post(
            action(page.text),
            data={"csrf": csrf(page.text), "action": "save", "street": "Halfway 1"},
        )
        assert saved.status_code == 303 and saved.headers["location"] == "/case?saved=1&lang=en"
        again = await c.get("/case?saved=1")
        assert 'value="Halfway 1"' in again.text and "Your answers are saved" in again.text
        assert (await h.case(case_id)).status is CaseStatus.WAITING_CUSTOMER


async def test_html_in_customer_fields_is_escaped(h: Harness) -> None:
    async with client_for(h) as c:
        await open_case(h, c)
        page = await c.get("/case")
        payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
        r = await c.post(
            action(page.text), data={"csrf": csrf(page.text), "action": "save", "street": payload}
        )
        assert r.status_code == 303
        again = await c.get("/case")
        assert payload not in again.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in again.text


async def test_the_contact_form_starts_a_case(h: Harness) -> None:
    async with client_for(h) as c:
        form = await c.get("/start")
        assert form.status_code == 200 and "Contact us" in form.text
        bad = await c.post("/start", data={"email": "not an address", "message": ""})
        assert bad.status_code == 422 and "Please describe your request." in bad.text
        ok = await c.post(
            "/start",
            data={"name": "Kim", "email": "kim@example.com", "message": "I moved to Berlin"},
        )
        assert ok.status_code == 303 and ok.headers["location"] == "/case"
        await h.run_until_idle()
        page = await c.get("/case")
        assert "Where do you live now?" in page.text


async def test_the_language_chosen_on_the_contact_form_stays(h: Harness) -> None:
    """A customer who filled the German form (with an English browser) gets the case, its mails
    and the next page in German; the form says which language it was shown in."""
    async with client_for(h) as c:
        form = await c.get("/start?lang=de", headers={"accept-language": "en-GB,en"})
        assert 'action="/start?lang=de"' in form.text
        ok = await c.post(
            "/start?lang=de",
            data={"email": "kim@example.com", "message": "Ich bin nach Berlin umgezogen"},
            headers={"accept-language": "en-GB,en"},
        )
        assert ok.status_code == 303 and ok.headers["location"] == "/case"
        (case,) = await h.engine.store.list_cases()
        assert case.customer.locale == "de"
        await h.run_until_idle()
        page = await c.get("/case", headers={"accept-language": "en-GB,en"})
        assert 'lang="de"' in page.text  # the stored language, not the browser's


async def test_uploads_are_checked_by_content_and_kept(tmp_path: Path) -> None:
    import inloop

    app = inloop.App()

    @app.process("docs")
    async def docs(case: inloop.Case) -> list[str]:
        got = await case.upload(accept=["application/pdf"], max_bytes=2000, max_files=1)
        return [f.name for f in got.files]

    settings = inloop.Settings(sqlite_synchronous="NORMAL", upload_dir=str(tmp_path / "files"))
    async with Harness(app, tmp_path / "u.db", settings=settings) as h:
        case_id = await h.start("docs", customer={"email": "kim@example.com"})
        req = await h.open_request(case_id)
        assert req is not None
        token = await Links(h.engine).issue(case_id=case_id, request_id=req.id, channel="email")
        async with client_for(h) as c:
            await c.get(f"/l/{token}")
            page = await c.get("/case")
            fake = await c.post(
                action(page.text),
                data={"csrf": csrf(page.text)},
                files={"files": ("invoice.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
            )
            assert fake.status_code == 422  # the content is not what the type claims
            big = await c.post(
                action(fake.text),
                data={"csrf": csrf(fake.text)},
                files={"files": ("big.pdf", b"%PDF-1.4" + b"0" * 5000, "application/pdf")},
            )
            assert big.status_code == 422
            assert await h.engine.store.files.for_case(case_id) == []
            ok = await c.post(
                action(big.text),
                data={"csrf": csrf(big.text)},
                files={"files": ("../../etc/invoice.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")},
            )
            assert ok.status_code == 303
        await h.run_until_idle()
        assert (await h.case(case_id)).result == ["invoice.pdf"]
        (stored,) = await h.engine.store.files.for_case(case_id)
        assert stored["name"] == "invoice.pdf" and stored["content_type"] == "application/pdf"
        assert (tmp_path / "files" / stored["storage_key"]).read_bytes() == b"%PDF-1.4\n%%EOF"


async def test_the_contact_form_takes_an_optional_attachment(h: Harness) -> None:
    async with client_for(h) as c:
        bad = await c.post(
            "/start",
            data={"email": "kim@example.com", "message": "See file"},
            files={"attachment": ("a.pdf", b"MZ not a pdf", "application/pdf")},
        )
        assert bad.status_code == 422 and "PDF, JPEG or PNG" in bad.text
        assert await h.engine.store.count_cases() == {}
        ok = await c.post(
            "/start",
            data={"email": "kim@example.com", "message": "See file"},
            files={"attachment": ("photo.png", b"\x89PNG\r\n\x1a\n....", "image/png")},
        )
        assert ok.status_code == 303
        (case,) = await h.engine.store.list_cases()
        (stored,) = await h.engine.store.files.for_case(case.id)
        assert stored["name"] == "photo.png" and stored["request_id"] is None
        page = await c.get("/case")
        assert "Attached: photo.png" in page.text


async def test_the_case_page_shows_what_the_customer_wrote(h: Harness) -> None:
    """Their own request, as written (escaped, line breaks kept by the style), under the
    timeline's first entry; not the input of a case an API client or a process started."""
    message = "I moved to Berlin.\nMy new flat: <b>Hauptstr. 5</b> & more"
    async with client_for(h) as c:
        ok = await c.post(
            "/start?lang=de", data={"email": "kim@example.com", "message": f"  {message}  "}
        )
        assert ok.status_code == 303
        await h.run_until_idle()
        page = await c.get("/case")
    quoted = re.findall(r'<blockquote class="own-words" aria-label="([^"]*)">(.*?)</blockquote>',
                        page.text, flags=re.S)  # fmt: skip
    assert quoted == [("Ihre Nachricht", html.escape(message, quote=False))], quoted
    assert "<b>" not in page.text

    other = await h.engine.start(
        "address_change",
        {"text": "internal input"},
        customer=Customer(email="k@example.com"),
        actor="api:crm",
    )
    await h.run_until_idle()
    token = await Links(h.engine).issue(case_id=other, channel="email")
    async with client_for(h) as c:
        await c.get(f"/l/{token}")
        page = await c.get("/case")
    assert page.status_code == 200 and "own-words" not in page.text
    assert "internal input" not in page.text


async def test_an_ask_form_can_take_a_file(tmp_path: Path) -> None:
    from pydantic import BaseModel

    import inloop

    class Claim(BaseModel):
        description: str
        receipt: inloop.UploadedFile

    app = inloop.App()

    @app.process("claim")
    async def claim(case: inloop.Case) -> str:
        answer = await case.ask(Claim)
        return answer.receipt.name

    async with Harness(app, tmp_path / "f.db") as h:
        case_id = await h.start("claim")
        req = await h.open_request(case_id)
        assert req is not None
        token = await Links(h.engine).issue(case_id=case_id, request_id=req.id, channel="email")
        async with client_for(h) as c:
            await c.get(f"/l/{token}")
            page = await c.get("/case")
            assert 'type="file"' in page.text and 'enctype="multipart/form-data"' in page.text
            missing = await c.post(
                action(page.text), data={"csrf": csrf(page.text), "description": "Lunch"}
            )
            assert missing.status_code == 422
            ok = await c.post(
                action(missing.text),
                data={"csrf": csrf(missing.text), "description": "Lunch"},
                files={"receipt": ("receipt.pdf", b"%PDF-1.4 ok", "application/pdf")},
            )
            assert ok.status_code == 303
        await h.run_until_idle()
        assert (await h.case(case_id)).result == "receipt.pdf"


async def test_times_are_shown_in_the_configured_time_zone(tmp_path: Path) -> None:
    import inloop

    settings = inloop.Settings(sqlite_synchronous="NORMAL", timezone="Europe/Berlin")
    async with (
        Harness(example_app, tmp_path / "tz.db", settings=settings) as h,
        client_for(h) as c,
    ):
        await c.post("/start", data={"email": "kim@example.com", "message": "I moved"})
        await h.run_until_idle()
        page = await c.get("/case")
    shown = re.findall(r"\d{2}:\d{2} (\w+)", page.text)
    assert shown and set(shown) <= {"CET", "CEST"}, shown  # the deadline and the timeline
