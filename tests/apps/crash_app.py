"""The app of the crash test (tests/integration/test_crash.py), run by ``inloop worker``.

One process in the benchmark's case shape: a recorded ``classify`` step, an ``ask`` that parks,
then an ``apply`` step with a side effect on an *external* ledger, and completion.

The ledger is a separate SQLite file named by ``INLOOP_TEST_LEDGER``. Each execution of ``apply``
writes one row per idempotency key: inserted on the first execution, ``executions`` incremented
when the same key comes again (a re-execution after a crash, which at-least-once allows). A
re-execution with a *different* key would show up as a second row for the same case.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import sqlite3
from typing import Any

from pydantic import BaseModel, Field

from inloop import App, Case

LEDGER_ENV = "INLOOP_TEST_LEDGER"
LEDGER_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS ledger ("
    " key TEXT PRIMARY KEY,"
    " case_id TEXT NOT NULL,"
    " iban TEXT NOT NULL,"
    " amount REAL NOT NULL,"
    " executions INTEGER NOT NULL DEFAULT 1"
    ")"
)

app = App()


class AccountDetails(BaseModel):
    iban: str = Field(min_length=15, max_length=34)
    amount: float = Field(gt=0)


def connect_ledger(path: str | None = None) -> sqlite3.Connection:
    """A new connection to the ledger (the caller closes it)."""
    path = path or os.environ[LEDGER_ENV]
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def create_ledger(path: str) -> None:
    with contextlib.closing(connect_ledger(path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(LEDGER_SCHEMA)


def _record(key: str, case_id: str, iban: str, amount: float) -> None:
    # WAL with synchronous NORMAL: a committed row survives a crash of the process (SIGKILL),
    # which is all this test kills; only a power cut could lose it.
    with contextlib.closing(connect_ledger()) as conn:
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(
            "INSERT INTO ledger (key, case_id, iban, amount) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET executions = executions + 1",
            (key, case_id, iban, amount),
        )


async def classify(text: str) -> dict[str, Any]:
    return {"intent": "refund" if "refund" in text else "other", "confidence": 0.62}


async def apply(key: str, case_id: str, iban: str, amount: float) -> str:
    """The side effect: takes a moment (so a kill lands in it sometimes), then books it."""
    await asyncio.sleep(random.uniform(0.0, 0.005))
    _record(key, case_id, iban, amount)
    return key


@app.process("crash_citl", stages=["Received", "Details", "Done"])
async def crash_citl(case: Case) -> dict[str, Any]:
    intent: dict[str, Any] = await case.step(classify, case.input["text"])
    case.set_stage("Details")
    details = await case.ask(AccountDetails, prefill={"amount": case.input["amount"]})
    key = case.idempotency_key()
    applied = await case.step(apply, key, case.id, details.iban, details.amount)
    case.set_stage("Done")
    return {"intent": intent["intent"], "refunded": details.amount, "applied": applied}
