"""Shared fixtures: real SQLite files in a temporary folder, a fake clock, the test kit."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from inloop import App, Settings
from inloop.testing import FakeClock, Harness


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'inloop.db'}"


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, sqlite_synchronous="NORMAL")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def harness_factory(tmp_path: Path, clock: FakeClock) -> AsyncIterator[object]:
    """``await make(app)`` -> an open Harness on ``tmp_path/inloop.db``; closed at the end."""
    opened: list[Harness] = []

    async def make(app: App, **kwargs: object) -> Harness:
        h = Harness(app, tmp_path / "inloop.db", clock=clock, **kwargs)  # type: ignore[arg-type]
        await h.__aenter__()
        opened.append(h)
        return h

    yield make
    for h in opened:
        await h.__aexit__(None, None, None)


# -- no link token may ever reach a log ---------------------------------------------------------

TOKEN_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


class _TokenWatch(logging.Handler):
    """Sees every log record of the test session; link tokens (43 URL-safe characters) must not
    appear in any of them."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:
            text = str(record.msg)
        if TOKEN_IN_TEXT.search(text):
            self.found.append(f"{record.name}: {text[:200]}")


_WATCH = _TokenWatch()


def pytest_sessionstart(session: pytest.Session) -> None:
    root = logging.getLogger()
    root.addHandler(_WATCH)
    root.setLevel(logging.DEBUG)
    # the suite's own HTTP client and the SMTP server standing in for the customer's mail
    # provider log what they carry (URLs, mail lines); they are peers, not inloop
    for name in ("httpx", "httpcore", "hpack", "asyncio", "faker", "mail.log"):
        logging.getLogger(name).setLevel(logging.WARNING)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    logging.getLogger().removeHandler(_WATCH)
    if _WATCH.found:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print("\nlink tokens found in logs:\n  " + "\n  ".join(_WATCH.found[:20]))
    else:
        print("\nlog check: no link token in any log record of the suite")
