"""The audit log on real SQLite: a long chain verifies, every kind of tampering with 100 random
rows is detected, the database refuses updates and deletes, staff logins and account changes
are recorded (never a password, never a typed address in clear), and the CLI round trip."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import random
import re
import shutil
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner, Result

from inloop.cli.main import main
from inloop.clock import SystemClock
from inloop.config import Settings
from inloop.errors import StorageError
from inloop.examples import app as example_app
from inloop.humans.accounts import Accounts
from inloop.humans.audit import GENESIS, Audit, AuditAction, entry_hash, verify
from inloop.records import AuditEntry
from inloop.storage import open_store
from inloop.storage.base import Store
from inloop.storage.sqlite import SqliteStore
from inloop.testing import Harness
from inloop.web import create_app

ENTRIES = 500
TAMPERED = 100
PASSWORD = "correct horse battery"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def url(path: Path) -> str:
    return f"sqlite:///{path}"


async def opened(path: Path) -> Store:
    store = open_store(Settings(database_url=url(path)))
    await store.open()
    return store


async def fill(path: Path, n: int) -> None:
    store = await opened(path)
    try:
        audit = Audit(store, SystemClock())
        for i in range(n):
            await audit.record(
                f"user_{i % 7}",
                AuditAction.DECISION,
                f"task_{i}",
                outcome={"approved": i % 2 == 0, "amount": i * 3},
                note=f"entry {i} ü",
            )
    finally:
        await store.close()


async def verify_file(path: Path) -> tuple[bool, list[str]]:
    store = await opened(path)
    try:
        report = await Audit(store, SystemClock()).verify()
        return report.ok, [p.kind for p in report.problems]
    finally:
        await store.close()


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "chain.db"
    asyncio.run(fill(path, ENTRIES))
    return path


# -- the chain --------------------------------------------------------------------------------


async def test_a_chain_of_500_entries_verifies(chain: Path) -> None:
    store = await opened(chain)
    try:
        entries = await store.audit.entries()
        assert [e.id for e in entries] == list(range(1, ENTRIES + 1))
        assert entries[0].prev_hash == GENESIS
        assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
        assert all(entry_hash(e) == e.hash for e in entries)
        assert await store.audit.head() == (ENTRIES, entries[-1].hash)
        report = await Audit(store, SystemClock()).verify()
        assert report.ok and report.entries == ENTRIES and report.first_broken is None
        assert verify(entries).ok
        assert [e.id for e in await store.audit.entries(after_id=498)] == [499, 500]
        assert [e.id for e in await store.audit.recent(limit=2)] == [500, 499]
    finally:
        await store.close()


async def test_concurrent_appends_chain_in_one_line(tmp_path: Path) -> None:
    store = await opened(tmp_path / "race.db")
    try:
        audit = Audit(store, SystemClock())
        await asyncio.gather(*(audit.record("system", "test.race", n=i) for i in range(200)))
        report = await audit.verify()
        assert report.ok and report.entries == 200
    finally:
        await store.close()


def test_verify_reports_reordering_and_gaps_of_a_given_sequence() -> None:
    entries: list[AuditEntry] = []
    prev = GENESIS
    for i in range(1, 6):
        draft = AuditEntry(
            id=i,
            at="2030-01-01T00:00:00.000000+00:00",
            actor="a",
            action="x",
            subject=None,
            detail="{}",
            prev_hash=prev,
            hash="",
        )
        sealed = dataclasses.replace(draft, hash=entry_hash(draft))
        entries.append(sealed)
        prev = sealed.hash
    assert verify(entries).ok
    swapped = [entries[0], entries[2], entries[1], entries[3], entries[4]]
    kinds = {p.kind for p in verify(swapped).problems}
    assert {"out_of_order", "broken_link"} <= kinds
    gap = verify([entries[0], entries[1], entries[3], entries[4]])
    assert not gap.ok and gap.first_broken == 4
    assert {p.kind for p in gap.problems} == {"missing", "broken_link"}
    tail = verify(entries[:4], (5, entries[4].hash))
    assert [p.kind for p in tail.problems] == ["head"]


# -- tampering ----------------------------------------------------------------------------------


def _edit(
    column: str, value: Callable[[object], object]
) -> Callable[[sqlite3.Connection, int], None]:
    def tamper(conn: sqlite3.Connection, row: int) -> None:
        old = conn.execute(f"SELECT {column} FROM audit_log WHERE id = ?", (row,)).fetchone()[0]
        conn.execute(f"UPDATE audit_log SET {column} = ? WHERE id = ?", (value(old), row))

    return tamper


def _delete(conn: sqlite3.Connection, row: int) -> None:
    conn.execute("DELETE FROM audit_log WHERE id = ?", (row,))


def _swap_with(rng: random.Random) -> Callable[[sqlite3.Connection, int], None]:
    def tamper(conn: sqlite3.Connection, row: int) -> None:
        other = rng.choice([i for i in range(1, ENTRIES + 1) if i != row])
        cols = "at, actor, action, subject, detail, prev_hash, hash"
        a = conn.execute(f"SELECT {cols} FROM audit_log WHERE id = ?", (row,)).fetchone()
        b = conn.execute(f"SELECT {cols} FROM audit_log WHERE id = ?", (other,)).fetchone()
        sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
        conn.execute("UPDATE audit_log SET hash = 'x' WHERE id = ?", (row,))  # UNIQUE (hash)
        conn.execute(f"UPDATE audit_log SET {sets} WHERE id = ?", (*a, other))
        conn.execute(f"UPDATE audit_log SET {sets} WHERE id = ?", (*b, row))

    return tamper


def _edit_and_reseal(conn: sqlite3.Connection, row: int) -> None:
    """Edit the detail and recompute the row's own hash: only the next link (or the head)
    can tell."""
    cols = "id, at, actor, action, subject, detail, prev_hash, hash"
    r = conn.execute(f"SELECT {cols} FROM audit_log WHERE id = ?", (row,)).fetchone()
    entry = AuditEntry(**dict(zip([c.strip() for c in cols.split(",")], r, strict=True)))
    forged = dataclasses.replace(entry, detail='{"note":"nothing happened"}')
    conn.execute(
        "UPDATE audit_log SET detail = ?, hash = ? WHERE id = ?",
        (forged.detail, entry_hash(forged), row),
    )


async def test_tampering_with_100_random_rows_is_always_detected(
    chain: Path, tmp_path: Path
) -> None:
    rng = random.Random(20240605)
    tampers: dict[str, Callable[[sqlite3.Connection, int], None]] = {
        "edit_detail": _edit("detail", lambda d: str(d).replace("approved", "approvad")),
        "edit_actor": _edit("actor", lambda _: "user_mallory"),
        "edit_at": _edit("at", lambda _: "2001-01-01T00:00:00.000000+00:00"),
        "delete": _delete,
        "swap": _swap_with(rng),
        "edit_and_reseal": _edit_and_reseal,
    }
    rows = rng.sample(range(1, ENTRIES + 1), TAMPERED)
    detected = 0
    used: Counter[str] = Counter()
    for n, row in enumerate(rows):
        kind = rng.choice(sorted(tampers))
        used[kind] += 1
        copy = tmp_path / f"copy{n}.db"
        shutil.copyfile(chain, copy)
        with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
            conn.execute("DROP TRIGGER audit_log_no_update")  # an attacker with the file
            conn.execute("DROP TRIGGER audit_log_no_delete")
            tampers[kind](conn, row)
        ok, problems = await verify_file(copy)
        copy.unlink()
        if not ok:
            detected += 1
        if kind == "swap":
            assert "moved" in problems, (row, problems)
        if kind == "edit_and_reseal":
            assert ("broken_link" if row < ENTRIES else "head") in problems, (row, problems)
    assert detected == TAMPERED
    assert set(used) == set(tampers), used


def _run(sql: str) -> Callable[[sqlite3.Connection], object]:
    return lambda conn: conn.execute(sql)


async def test_the_database_refuses_updates_and_deletes(chain: Path, tmp_path: Path) -> None:
    copy = tmp_path / "refuse.db"
    shutil.copyfile(chain, copy)
    store = await opened(copy)
    assert isinstance(store, SqliteStore)
    try:
        for sql in (
            "UPDATE audit_log SET actor = 'mallory' WHERE id = 3",
            "DELETE FROM audit_log WHERE id = 3",
        ):
            with pytest.raises((sqlite3.DatabaseError, StorageError), match="append-only"):
                await store.write(_run(sql))
        assert (await Audit(store, SystemClock()).verify()).ok
    finally:
        await store.close()


async def test_secrets_are_refused_in_details(tmp_path: Path) -> None:
    store = await opened(tmp_path / "secrets.db")
    try:
        audit = Audit(store, SystemClock())
        for bad in ({"password": "x"}, {"session_token": "x"}, {"outer": {"api_key": "x"}}):
            with pytest.raises(ValueError, match="secret"):
                await audit.record("system", "test.secret", **bad)
        assert await store.audit.entries() == []
    finally:
        await store.close()


# -- what is recorded ---------------------------------------------------------------------------


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    async with Harness(example_app, tmp_path / "staff.db") as harness:
        yield harness


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match
    return match.group(1)


async def test_logins_logouts_and_account_changes_are_recorded(h: Harness) -> None:
    accounts = Accounts(h.engine.store, h.clock, hasher=FAST)
    kim = await accounts.create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    assert (
        await accounts.authenticate("kim@example.com", "wrong password!", client="c1")
    ).user is None
    assert (await accounts.authenticate("Nobody@Example.com", PASSWORD, client="c1")).user is None
    assert (await accounts.authenticate("kim@example.com", PASSWORD, client="c1")).user is not None
    await accounts.reset_password("kim@example.com", PASSWORD + "!", actor="user_admin")
    transport = httpx.ASGITransport(app=create_app(h.engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://staff.test") as c:
        page = await c.get("/staff/login")
        r = await c.post(
            "/staff/login",
            data={"csrf": csrf(page.text), "email": "kim@example.com", "password": PASSWORD + "!"},
        )
        assert r.status_code == 303
        home = await c.get("/staff/")
        r = await c.post("/staff/logout", data={"csrf": csrf(home.text)})
        assert r.status_code == 303
    await accounts.disable("kim@example.com", actor="user_admin")

    entries = await h.engine.store.audit.entries()
    got = [(e.actor, e.action, e.subject) for e in entries]
    assert got == [
        ("system", "user.created", kim.id),
        ("anonymous", "staff.login_failed", kim.id),
        ("anonymous", "staff.login_failed", None),
        (kim.id, "staff.login", kim.id),
        ("user_admin", "user.password_reset", kim.id),
        (kim.id, "staff.login", kim.id),
        (kim.id, "staff.logout", kim.id),
        ("user_admin", "user.disabled", kim.id),
    ]
    text = " ".join(e.detail for e in entries).lower()
    assert "nobody@example.com" not in text and "kim@example.com" not in text
    assert PASSWORD.lower() not in text and "wrong password" not in text
    assert '"reason":"wrong"' in entries[1].detail and '"reason":"unknown"' in entries[2].detail
    assert (await Audit(h.engine.store, h.clock).verify()).ok


# -- the CLI ------------------------------------------------------------------------------------


def cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, env={"INLOOP_DEBUG": None})


def test_the_cli_round_trip(tmp_path: Path) -> None:
    db = url(tmp_path / "cli.db")
    r = cli(
        "users",
        "create",
        "ann@example.com",
        "--name",
        "Ann",
        "--role",
        "admin",
        "--password-stdin",
        "--database",
        db,
        input=f"{PASSWORD}\n",
    )
    assert r.exit_code == 0, r.output
    r = cli("users", "disable", "ann@example.com", "--database", db)
    assert r.exit_code == 0, r.output

    r = cli("audit", "verify", "--database", db)
    assert r.exit_code == 0, r.output
    assert r.output.startswith("audit log ok: 2 entries; head 2:")
    r = cli("audit", "list", "--limit", "1", "--database", db)
    assert r.exit_code == 0 and len(r.output.splitlines()) == 1
    assert "\tcli\tuser.disabled\t" in r.output

    with closing(sqlite3.connect(tmp_path / "cli.db", isolation_level=None)) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 1")
    r = cli("audit", "verify", "--database", db)
    assert r.exit_code == 1
    assert r.stdout.splitlines() == ["entry 1: edited: its content does not match its hash"]
    assert "first broken entry 1" in r.stderr

    r = cli("audit", "verify", "--database", url(tmp_path / "missing.db"))
    assert r.exit_code == 2 and "[config_invalid]" in r.output
    assert not (tmp_path / "missing.db").exists()
