"""Outgoing webhooks: queued with the events in one transaction, signed as in Standard Webhooks,
delivered over real HTTP to a receiver on the loopback interface, retried with backoff."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import socket
import sqlite3
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import inloop
from inloop.channels.outbox import Dispatcher
from inloop.channels.webhooks import CHANNEL, WebhookSender, add_webhook
from inloop.cli.main import main as cli_main
from inloop.testing import Harness

# -- a receiver that checks signatures on its own, per the Standard Webhooks spec ------------


class SignatureInvalid(Exception):
    pass


def verify(secret: str, headers: dict[str, str], body: bytes, *, tolerance: int = 300) -> Any:
    """Verify a Standard Webhooks delivery (written from the spec, not with inloop's code)."""
    msg_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        raise SignatureInvalid("timestamp outside the tolerance")
    assert secret.startswith("whsec_")
    key = base64.b64decode(secret[len("whsec_") :])
    content = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest())
    for candidate in headers["webhook-signature"].split(" "):
        version, _, signature = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(signature.encode(), expected):
            return json.loads(body)
    raise SignatureInvalid("no matching signature")


@dataclass
class Delivery:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    deliveries: list[Delivery] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    """Answer these statuses first (then 204)."""
    delay: float = 0.0


@contextlib.asynccontextmanager
async def receiver() -> AsyncIterator[Receiver]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    state = Receiver(url=f"http://127.0.0.1:{port}/hooks")

    async def hook(request: Request) -> Response:
        body = await request.body()
        state.deliveries.append(Delivery({k.lower(): v for k, v in request.headers.items()}, body))
        if state.delay:
            await asyncio.sleep(state.delay)
        status = state.statuses.pop(0) if state.statuses else 204
        return Response(status_code=status)

    app = Starlette(routes=[Route("/hooks", hook, methods=["POST"])])
    config = uvicorn.Config(app, log_level="warning", lifespan="off", ws="none")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(1000):  # at most 10 s
        if server.started:
            break
        await asyncio.sleep(0.01)
    assert server.started, "the receiver did not start"
    try:
        yield state
    finally:
        server.should_exit = True
        await task
        sock.close()


# -- a process --------------------------------------------------------------------------------


def make_app() -> inloop.App:
    app = inloop.App()

    @app.process("p")
    async def p(case: inloop.Case) -> str:
        ok = await case.confirm("Go ahead?")
        return "done" if ok else "stopped"

    return app


async def run_case(h: Harness) -> str:
    case_id = await h.start("p")
    await h.answer(case_id, {"decision": "accept"})
    return case_id


def webhook_rows(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT case_id, kind, idempotency_key, status, attempts FROM outbox "
            "WHERE channel = 'webhook' ORDER BY id"
        ).fetchall()
    conn.close()
    return rows


# -- tests ------------------------------------------------------------------------------------


async def test_every_event_is_delivered_signed_and_verifiable(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    async with receiver() as rx, Harness(make_app(), db) as h:
        hook = await add_webhook(h.engine.store, rx.url, [], at=h.clock.now())
        assert hook.secret.startswith("whsec_")
        assert len(base64.b64decode(hook.secret[6:])) >= 24
        case_id = await run_case(h)
        events = await h.events(case_id)
        rows = webhook_rows(db)
        assert [r[1] for r in rows] == [e.type for e in events]  # one row per event, in order
        assert all(r[0] is None for r in rows)  # no message.sent events on the case for these
        sender = WebhookSender(h.engine.store)
        try:
            assert await Dispatcher(h.engine, {CHANNEL: sender}).dispatch_due() == len(events)
        finally:
            await sender.aclose()
        assert {r[3] for r in webhook_rows(db)} == {"sent"}
        assert len(rx.deliveries) == len(events)
        by_seq = {}
        for d in rx.deliveries:
            assert d.headers["content-type"] == "application/json"
            payload = verify(hook.secret, d.headers, d.body)
            assert d.headers["webhook-id"].startswith(f"webhook:{hook.id}:")
            by_seq[payload["data"]["seq"]] = (d, payload)
        for event in events:
            d, payload = by_seq[event.seq]
            assert d.headers["webhook-id"] == f"webhook:{hook.id}:{event.id}"
            assert payload["type"] == event.type
            assert payload["data"] == {
                "case_id": case_id,
                "seq": event.seq,
                "actor": event.actor,
                "payload": json.loads(json.dumps(event.payload, default=str)),
            }
        assert by_seq[1][1]["type"] == "case.created"
        # the webhooks leave the case's own events alone
        assert [e.type for e in await h.events(case_id)] == [e.type for e in events]

        # a tampered body, id, timestamp or secret does not verify
        d = rx.deliveries[0]
        with pytest.raises(SignatureInvalid):
            verify(hook.secret, d.headers, d.body.replace(b"case", b"cast", 1))
        with pytest.raises(SignatureInvalid):
            verify(hook.secret, {**d.headers, "webhook-id": "webhook:x:1"}, d.body)
        with pytest.raises(SignatureInvalid):
            ts = str(int(d.headers["webhook-timestamp"]) - 1)
            verify(hook.secret, {**d.headers, "webhook-timestamp": ts}, d.body)
        with pytest.raises(SignatureInvalid):
            other = "whsec_" + base64.b64encode(b"\x01" * 32).decode()
            verify(other, d.headers, d.body)
        with pytest.raises(SignatureInvalid):  # a replay long after
            old = str(int(time.time()) - 3600)
            verify(hook.secret, {**d.headers, "webhook-timestamp": old}, d.body)


async def test_failed_deliveries_are_retried_with_backoff(tmp_path: Path) -> None:
    async with receiver() as rx, Harness(make_app(), tmp_path / "w.db") as h:
        hook = await add_webhook(h.engine.store, rx.url, ["case.created"], at=h.clock.now())
        await h.start("p")
        rx.statuses = [500, 503, 429]
        sender = WebhookSender(h.engine.store)
        dispatcher = Dispatcher(h.engine, {CHANNEL: sender})
        try:
            assert await dispatcher.dispatch_due() == 1  # 500: again in 10 s
            h.clock.advance(seconds=9)
            assert await dispatcher.dispatch_due() == 0
            h.clock.advance(seconds=1)
            assert await dispatcher.dispatch_due() == 1  # 503: again in 20 s
            h.clock.advance(seconds=19)
            assert await dispatcher.dispatch_due() == 0
            h.clock.advance(seconds=1)
            assert await dispatcher.dispatch_due() == 1  # 429: again in 40 s
            h.clock.advance(seconds=40)
            assert await dispatcher.dispatch_due() == 1  # 204
            h.clock.advance(hours=2)
            assert await dispatcher.dispatch_due() == 0
        finally:
            await sender.aclose()
        assert len(rx.deliveries) == 4
        assert len({d.headers["webhook-id"] for d in rx.deliveries}) == 1  # one id per event
        assert len({d.body for d in rx.deliveries}) == 1
        for d in rx.deliveries:
            verify(hook.secret, d.headers, d.body)
        assert [r[3:] for r in webhook_rows(tmp_path / "w.db")] == [("sent", 4)]


@pytest.mark.parametrize(("status", "retried"), [(400, False), (410, False), (408, True)])
async def test_client_errors_fail_for_good_except_timeout_and_rate_limit(
    tmp_path: Path, status: int, retried: bool
) -> None:
    async with receiver() as rx, Harness(make_app(), tmp_path / "w.db") as h:
        await add_webhook(h.engine.store, rx.url, ["case.created"], at=h.clock.now())
        await h.start("p")
        rx.statuses = [status]
        sender = WebhookSender(h.engine.store)
        try:
            await Dispatcher(h.engine, {CHANNEL: sender}).dispatch_due()
        finally:
            await sender.aclose()
        [row] = webhook_rows(tmp_path / "w.db")
        assert row[3] == ("pending" if retried else "failed")


async def test_timeouts_and_unreachable_endpoints_are_retried(tmp_path: Path) -> None:
    async with receiver() as rx, Harness(make_app(), tmp_path / "w.db") as h:
        await add_webhook(h.engine.store, rx.url, ["case.created"], at=h.clock.now())
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
        sock.close()
        await add_webhook(
            h.engine.store,
            f"http://127.0.0.1:{closed_port}/",
            ["case.created"],
            at=h.clock.now(),
        )
        await h.start("p")
        rx.delay = 1.0
        sender = WebhookSender(h.engine.store, timeout=0.2)
        try:
            assert await Dispatcher(h.engine, {CHANNEL: sender}).dispatch_due() == 2
        finally:
            await sender.aclose()
        assert [r[3:] for r in webhook_rows(tmp_path / "w.db")] == [
            ("pending", 1),
            ("pending", 1),
        ]


async def test_event_filters_and_disabled_webhooks(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    async with receiver() as rx, Harness(make_app(), db) as h:
        done = await add_webhook(h.engine.store, rx.url, ["case.completed"], at=h.clock.now())
        every = await add_webhook(h.engine.store, rx.url, [], at=h.clock.now())
        case_id = await h.start("p")
        await h.engine.store.api.disable_webhook(every.id, at=h.clock.now())
        await h.answer(case_id, {"decision": "accept"})
        rows = webhook_rows(db)
        assert [r[2].split(":")[1] for r in rows if r[1] == "case.completed"] == [done.id]
        assert all(r[2].split(":")[1] == every.id for r in rows if r[1] != "case.completed")
        sender = WebhookSender(h.engine.store)
        try:
            await Dispatcher(h.engine, {CHANNEL: sender}).dispatch_due()
        finally:
            await sender.aclose()
        # rows queued before the webhook was disabled are dropped, not sent
        statuses = {r[2].split(":")[1]: r[3] for r in webhook_rows(db)}
        assert statuses == {done.id: "sent", every.id: "failed"}
        assert [verify(done.secret, d.headers, d.body)["type"] for d in rx.deliveries] == [
            "case.completed"
        ]


async def test_without_webhooks_nothing_is_queued(tmp_path: Path) -> None:
    async with Harness(make_app(), tmp_path / "w.db") as h:
        await run_case(h)
        assert webhook_rows(tmp_path / "w.db") == []


def test_webhooks_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--database", f"sqlite:///{tmp_path / 'cli.db'}"]
    env: dict[str, str | None] = {"INLOOP_DEBUG": None}
    assert runner.invoke(cli_main, ["webhooks", "list", *db]).output == "no webhooks\n"
    added = runner.invoke(
        cli_main,
        ["webhooks", "add", "https://example.com/hooks", "--event", "case.completed", *db],
    )
    assert added.exit_code == 0, added.output
    first, secret = added.output.splitlines()
    hook_id = first.split()[2]
    assert "case.completed" in first
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32
    listed = runner.invoke(cli_main, ["webhooks", "list", *db])
    assert hook_id in listed.output and "https://example.com/hooks" in listed.output
    assert secret not in listed.output
    disabled = runner.invoke(cli_main, ["webhooks", "disable", hook_id, *db])
    assert disabled.exit_code == 0 and "disabled" in disabled.output
    for args, message in [
        (["disable", "whk_nope"], "error: no webhook 'whk_nope' [webhook_not_found]"),
        (["add", "ftp://example.com/"], "error: URL 'ftp://example.com/' is not an http:// "),
        (["add", "https://example.com/", "--event", "Case Created"], "error: --event"),
    ]:
        result = runner.invoke(cli_main, ["webhooks", *args, *db], env=env)
        assert result.exit_code == 2, result.output
        assert result.output.startswith(message) and len(result.output.splitlines()) == 1
