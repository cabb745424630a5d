"""GET and HEAD on every customer-facing address change nothing (mail scanners follow links)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx

from inloop.channels.links import Links
from inloop.examples import app as example_app
from inloop.testing import Harness
from inloop.web import create_app


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
