"""Browser tests: a real `inloop serve` on loopback, driven in Debian's headless Chromium."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from playwright.async_api import Browser, async_playwright

from tests.conftest import TOKEN_IN_TEXT

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "test-artefacts" / "screenshots"
CHROMIUM = os.environ.get("INLOOP_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Server:
    url: str
    database: str
    mails: list[EmailMessage]

    async def mail_to(self, address: str, *, count: int = 1, timeout: float = 15) -> EmailMessage:
        """The ``count``-th mail the SMTP peer received for ``address`` (waits for it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.mails if address in str(m["To"])]
            if len(found) >= count:
                return found[count - 1]
            await asyncio.sleep(0.1)
        raise AssertionError(f"no mail #{count} for {address} within {timeout} s")


class _Collect:
    """The aiosmtpd handler of the test's SMTP server: keeps every message."""

    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        self.mails.append(message)
        return "250 OK"


class _Peer(Controller):
    """The test's SMTP server. ``stop`` closes the connections still open first: aiosmtpd's own
    only stops the loop, and a socket left in an open transport is collected later in the test
    process as an "unclosed socket" warning (an error under ``filterwarnings = error``)."""

    def __init__(self, handler: _Collect, port: int) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=port)
        self.sessions: list[SMTP] = []

    def factory(self) -> SMTP:
        smtp = super().factory()
        self.sessions.append(smtp)
        return smtp

    def stop(self, no_assert: bool = False) -> None:
        async def close_sessions() -> None:
            for smtp in self.sessions:
                if smtp.transport is not None:
                    smtp.transport.close()
            await asyncio.sleep(0)  # the transports close their sockets on the next turn

        asyncio.run_coroutine_threadsafe(close_sessions(), self.loop).result(timeout=10)
        super().stop(no_assert)


def link_in(mail: EmailMessage) -> str:
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    match = re.search(r"https?://\S+/l/[A-Za-z0-9_-]{43}", body.get_content())
    assert match, "no link in the mail"
    return match.group(0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with serve(tmp_path, "tests.apps.portal_app:app") as running:
        yield running


@contextmanager
def serve(tmp_path: Path, app: str) -> Iterator[Server]:
    """A real ``inloop serve`` of ``app`` (``module:attribute``) with an SMTP peer."""
    port = _free_port()
    database = f"sqlite:///{tmp_path / 'e2e.db'}"
    handler = _Collect()
    smtp = _Peer(handler, _free_port())
    smtp.start()
    env = {
        **os.environ,
        "INLOOP_LOG_LEVEL": "WARNING",
        "INLOOP_WORKER_POLL_SECONDS": "0.1",
        "INLOOP_BASE_URL": f"http://127.0.0.1:{port}",
        "INLOOP_UPLOAD_DIR": str(tmp_path / "files"),
        "INLOOP_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}",
        "INLOOP_MAIL_FROM": "Service <service@example.com>",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inloop.cli.main",
            "serve",
            "--port",
            str(port),
            "--app",
            app,
            "--database",
            database,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(
                        f"inloop serve did not start: {proc.stderr.read() if proc.stderr else ''}"
                    ) from None
                time.sleep(0.1)
        yield Server(url=url, database=database, mails=handler.mails)
    finally:
        proc.terminate()  # first the server, so that its outbox lets go of the SMTP peer
        try:
            out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        smtp.stop()
        leaked = TOKEN_IN_TEXT.findall((out or "") + (err or ""))
        assert not leaked, f"link tokens in the server's log: {leaked[:3]}"


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not os.path.exists(CHROMIUM):  # noqa: ASYNC240 - one stat before the browser starts
        pytest.fail(f"Chromium not found at {CHROMIUM}: the test command installs it")
    async with async_playwright() as p:
        b = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield b
        finally:
            await b.close()


def screenshot_path(name: str) -> str:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return str(ARTEFACTS / f"{name}.png")
