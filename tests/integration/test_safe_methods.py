"""GET and HEAD on every customer-facing address change nothing (mail scanners follow links);
the agent's pages write nothing but the audit entry of opening a case."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import httpx
from argon2 import PasswordHasher

from inloop.channels.links import Links
from inloop.examples import app as example_app
from inloop.humans.accounts import Accounts
from inloop.testing import Harness
from inloop.web import create_app
from tests.apps.agent_app import app as agent_app

PASSWORD = "correct horse battery"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


async def test_get_and_head_on_every_link_and_page_write_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    async with Harness(example_app, db) as h:
        case_id = await h.start(
            "address_change", {"text": "I moved"}, customer={"email": "kim@example.com"}
        )
        req = await h.open_request(case_id)
        assert req is not None
        links = Links(h.engine)
        request_token = await links.issue(case_id=case_id, request_id=req.id, channel="email")
        status_token = await links.issue(case_id=case_id, channel="email")
        web = create_app(h.engine)
        # one session is opened before the snapshot, so /case can be read with it
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=web), base_url="http://portal.test"
        ) as c:
            await c.get(f"/l/{status_token}")
            before = dump(db)
            paths = [
                f"/l/{request_token}",
                f"/l/{status_token}",
                "/l/" + "x" * 43,
                "/l/short",
                "/case",
                "/case?lang=de",
                "/start",
                "/start?lang=de",
                "/mailbox",
                "/mailbox/1",
                "/",
                "/healthz",
                "/static/portal.css",
                f"/case/requests/{req.id}",
                "/links/new",
                "/case/leave",
            ]
            for path in paths:
                for method in ("GET", "HEAD"):
                    response = await c.request(method, path)
                    assert response.status_code < 500, (method, path, response.status_code)
            c.cookies.clear()
            for path in paths:
                await c.get(path)
            after = dump(db)
        assert after == before


def without_the_audit(lines: list[str]) -> list[str]:
    """A dump without the audit log and its head: opening a case with personal data is audited
    (``case.viewed``), by design."""
    return [
        line
        for line in lines
        if not line.startswith('INSERT INTO "audit_log"') and "'audit_head'" not in line
    ]


async def test_the_agents_case_view_writes_nothing_but_its_audit_entry(tmp_path: Path) -> None:
    db = tmp_path / "staff.db"
    async with Harness(agent_app, db) as h:
        await Accounts(h.engine.store, h.clock, hasher=FAST).create(
            "ann@example.com", name="Ann", role="agent", password=PASSWORD, queues=["cards"]
        )
        case_id = await h.start("card_help", {"text": "Where is my order 12345?"})
        task = await h.open_task(case_id)
        assert task is not None
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(h.engine)), base_url="http://staff.test"
        ) as c:
            page = await c.get("/staff/login")
            token = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
            assert token
            r = await c.post(
                "/staff/login",
                data={"csrf": token.group(1), "email": "ann@example.com", "password": PASSWORD},
            )
            assert r.status_code == 303
            before = dump(db)
            for path in (
                f"/staff/cases/{case_id}",  # with suggested replies, computed on view
                f"/staff/cases/{case_id}?lang=de",
                f"/staff/tasks/{task.id}",
                "/staff/tasks",
                "/staff/",
                "/static/staff_replies.js",
            ):
                for method in ("GET", "HEAD"):
                    response = await c.request(method, path)
                    assert response.status_code < 400, (method, path, response.status_code)
            page = await c.get(f"/staff/cases/{case_id}")
            assert 'class="reply-text"' in page.text
            after = dump(db)
        assert without_the_audit(after) == without_the_audit(before)
        assert len(after) > len(before)  # the case.viewed entries
