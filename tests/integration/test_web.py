"""The web app through its ASGI interface."""

from __future__ import annotations

from pathlib import Path

import httpx

import inloop
from inloop.examples import app as example_app
from inloop.testing import Harness
from inloop.web import create_app


async def test_healthz_reports_schema_processes_and_case_counts(tmp_path: Path) -> None:
    async with Harness(example_app, tmp_path / "w.db") as h:
        await h.start("address_change", {"text": "I moved"})
        web = create_app(h.engine)
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://inloop.test") as c:
            r = await c.get("/healthz")
        assert r.status_code == 200
        body = r.json()
        assert body["status"] == "ok"
        assert body["version"] == inloop.__version__
        assert body["cases"] == {"waiting_customer": 1}


async def test_healthz_fails_when_the_store_is_closed(tmp_path: Path) -> None:
    async with Harness(example_app, tmp_path / "w.db") as h:
        web = create_app(h.engine)
        await h.engine.close()
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://inloop.test") as c:
            r = await c.get("/healthz")
        assert r.status_code == 503 and r.json()["status"] == "error"
        await h.engine.open()
