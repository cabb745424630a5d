"""Opening databases: fresh, current, outdated, newer, foreign and damaged files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from inloop import Settings
from inloop.errors import SchemaError, StorageError
from inloop.storage import open_store
from inloop.storage.migrations import MIGRATIONS, latest_version
from inloop.storage.sqlite import SqliteStore

TABLES = {"cases", "journal", "requests", "tasks", "timers", "events", "outbox"}


def store_for(path: Path) -> SqliteStore:
    store = open_store(Settings(database_url=f"sqlite:///{path}"))
    assert isinstance(store, SqliteStore)
    return store


async def test_a_fresh_database_gets_the_current_schema(tmp_path: Path) -> None:
    store = store_for(tmp_path / "new.db")
    await store.open()
    try:
        assert await store.schema_version() == latest_version()
        assert await store.integrity_check() == "ok"
    finally:
        await store.close()
    with sqlite3.connect(tmp_path / "new.db") as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert names >= TABLES
    assert mode == "wal"


async def test_reopening_keeps_data_and_schema(tmp_path: Path) -> None:
    for _ in range(2):
        store = store_for(tmp_path / "db.db")
        await store.open()
        await store.close()


async def test_open_without_create_leaves_an_empty_file_empty(tmp_path: Path) -> None:
    store = store_for(tmp_path / "empty.db")
    await store.open(create=False)
    try:
        assert await store.schema_version() == 0
        assert await store.upgrade() == [n for n, _ in MIGRATIONS]
        assert await store.schema_version() == latest_version()
        assert await store.upgrade() == []
    finally:
        await store.close()


async def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    store = store_for(path)
    await store.open()
    await store.close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    with pytest.raises(SchemaError) as info:
        await store_for(path).open()
    assert info.value.code == "schema_too_new"
    assert info.value.data == {"found": latest_version() + 1, "supported": latest_version()}


async def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foreign.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.close()
    with pytest.raises(SchemaError) as info:
        await store_for(path).open()
    assert info.value.code == "not_an_inloop_database"
    assert "invoices" in info.value.message


async def test_a_damaged_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    path.write_bytes(b"this is not a database" * 200)
    with pytest.raises(SchemaError) as info:
        await store_for(path).open()
    assert info.value.code == "database_corrupt"


async def test_a_schema_with_missing_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "half.db"
    store = store_for(path)
    await store.open()
    await store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE outbox")
    conn.close()
    with pytest.raises(SchemaError) as info:
        await store_for(path).open()
    assert info.value.code == "database_corrupt" and "outbox" in info.value.message


async def test_bad_urls_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="database file"):
        SqliteStore("sqlite:///:memory:")
    with pytest.raises(StorageError, match="does not exist"):
        await store_for(tmp_path / "no" / "such" / "folder.db").open()
    from inloop.errors import ConfigError

    with pytest.raises(ConfigError, match="mysql"):
        open_store(Settings(database_url="mysql://x"))


def test_migrations_are_numbered_and_end_with_statements() -> None:
    numbers = [n for n, _ in MIGRATIONS]
    assert numbers == list(range(1, len(numbers) + 1))
    for _, sql in MIGRATIONS:
        assert sql.strip().endswith(";")


async def test_an_older_schema_asks_for_an_upgrade_then_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # a database made by the first release
        conn.executescript(MIGRATIONS[0][1])
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO cases (id, process, version, process_key, status, input, customer, "
            "created_at, updated_at) VALUES ('case_1', 'p', '1', 'p@1', 'waiting_customer', "
            "'{}', '{}', '2026-01-01T00:00:00.000000+00:00', '2026-01-01T00:00:00.000000+00:00')"
        )
    conn.close()
    with pytest.raises(SchemaError) as info:
        await store_for(path).open()
    assert info.value.code == "schema_outdated"
    assert info.value.data == {"found": 1, "supported": latest_version()}
    store = store_for(path)
    await store.open(create=False)
    try:
        assert await store.upgrade() == list(range(2, latest_version() + 1))
    finally:
        await store.close()
    store = store_for(path)
    await store.open()
    try:
        case = await store.get_case("case_1")
        assert case is not None and case.status.value == "waiting_customer"
    finally:
        await store.close()


async def test_the_audit_log_refuses_changes_at_the_database_level(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    store = store_for(path)
    await store.open()
    await store.close()
    conn = sqlite3.connect(path)
    try:
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, detail, prev_hash, hash) "
            "VALUES ('2026-01-01', 'agent:a', 'login', '{}', '0', 'h1')"
        )
        conn.commit()
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
    finally:
        conn.close()
