"""Shared fixtures: real SQLite files in a temporary folder, a fake clock, the test kit."""

from __future__ import annotations

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
