"""Versioned schema migrations, one ``NNNN_name.sql`` file each, applied in order.

The SQLite adapter keeps the applied version in ``PRAGMA user_version``.
"""

from __future__ import annotations

import re
from importlib import resources

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def _load(dialect: str) -> list[tuple[int, str]]:
    folder = resources.files(__name__).joinpath(dialect)
    found = []
    for item in folder.iterdir():
        match = _NAME.match(item.name)
        if match:
            found.append((int(match.group(1)), item.read_text(encoding="utf-8")))
    found.sort()
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"{dialect} migrations are not numbered 1..n: {numbers}")
    return found


MIGRATIONS: list[tuple[int, str]] = _load("sqlite")


def latest_version() -> int:
    return MIGRATIONS[-1][0]
