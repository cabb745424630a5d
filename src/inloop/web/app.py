"""The ASGI app. For now: ``GET /healthz`` and a small start page; the customer portal, the agent
inbox and the JSON API hang off this app."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from inloop._version import __version__
from inloop.engine.engine import Engine
from inloop.errors import InloopError
from inloop.web import mailbox
from inloop.web.api import mount_api
from inloop.web.portal import Portal
from inloop.web.staff import StaffPages


def create_app(engine: Engine, *, manage_engine: bool = False) -> Starlette:
    """The web app on ``engine``. With ``manage_engine`` the app opens and closes the engine in
    its lifespan."""

    async def healthz(request: Request) -> JSONResponse:
        try:
            version = await engine.store.schema_version()
            counts = await engine.store.count_cases()
        except InloopError as exc:
            return JSONResponse({"status": "error", "error": exc.to_dict()}, status_code=503)
        return JSONResponse(
            {
                "status": "ok",
                "version": __version__,
                "schema_version": version,
                "processes": sorted(engine.app.keys()),
                "cases": {status.value: n for status, n in sorted(counts.items())},
            }
        )

    async def home(request: Request) -> HTMLResponse:
        rows = "".join(
            f"<li><strong>{html.escape(p.name)}</strong> v{html.escape(p.version)}"
            f"{' — ' + html.escape(p.description) if p.description else ''}</li>"
            for p in engine.app.processes
        )
        body = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>inloop</title></head><body style='font-family:system-ui;max-width:40rem;"
            "margin:2rem auto;padding:0 1rem;color:#1a1a1a'>"
            f"<h1>inloop {html.escape(__version__)}</h1>"
            "<p>Customer-in-the-Loop automation. This server runs the processes below.</p>"
            f"<h2>Processes</h2><ul>{rows or '<li>none registered</li>'}</ul>"
            "<p><a href='/start'>Contact form (starts a case)</a> · "
            "<a href='/healthz'>Health</a></p></body></html>"
        )
        return HTMLResponse(body)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_engine:
            await engine.open()
        try:
            yield
        finally:
            if manage_engine:
                await engine.close()

    portal = Portal(engine, engine.settings)
    return Starlette(
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            *portal.routes(),
            *StaffPages(engine, engine.settings).routes(),
            *mailbox.routes(engine),
            Mount("/static", StaticFiles(packages=[("inloop.web", "static")]), name="static"),
            mount_api(engine),
        ],
        lifespan=lifespan,
    )
