"""``inloop users``: create, list, disable, reset-password, and their one-line errors; then a
login with the password that was set."""

from __future__ import annotations

import asyncio
from pathlib import Path

from click.testing import CliRunner, Result

from inloop.cli.main import main
from inloop.clock import SystemClock
from inloop.config import Settings
from inloop.humans.accounts import Accounts
from inloop.storage import open_store

PASSWORD = "a long enough password"


def run(db: str, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(
        main, ["users", *args, "--database", db], input=input, env={"INLOOP_DEBUG": None}
    )


def can_log_in(db: str, email: str, password: str) -> bool:
    async def go() -> bool:
        store = open_store(Settings(database_url=db))
        await store.open()
        try:
            result = await Accounts(store, SystemClock()).authenticate(email, password, client="t")
            return result.user is not None
        finally:
            await store.close()

    return asyncio.run(go())


def test_users_round_trip(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'users.db'}"
    r = run(db, "list")
    assert r.exit_code == 0 and r.output.strip() == "no users"

    r = run(
        db,
        "create",
        "Kim@Example.com",
        "--name",
        "Kim Meyer",
        "--role",
        "agent",
        "--queue",
        "billing",
        "--queue",
        "vip",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert r.exit_code == 0, r.output
    assert "created agent kim@example.com" in r.output and "billing, vip" in r.output
    assert PASSWORD not in r.output  # the prompt hides it

    r = run(
        db,
        "create",
        "boss@example.com",
        "--name",
        "Boss",
        "--role",
        "admin",
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )
    assert r.exit_code == 0, r.output

    r = run(db, "list")
    lines = r.output.splitlines()
    assert r.exit_code == 0 and lines[0].startswith("EMAIL")
    assert any(line.startswith("kim@example.com") and "billing,vip" in line for line in lines)
    assert "$argon2" not in r.output
    assert can_log_in(db, "kim@example.com", PASSWORD)

    new = "another long password"
    r = run(db, "reset-password", "KIM@example.com", "--password-stdin", input=f"{new}\n")
    assert r.exit_code == 0, r.output
    assert not can_log_in(db, "kim@example.com", PASSWORD)
    assert can_log_in(db, "kim@example.com", new)

    r = run(db, "disable", "kim@example.com")
    assert r.exit_code == 0 and "disabled kim@example.com" in r.output
    assert not can_log_in(db, "kim@example.com", new)


def test_users_errors_are_one_line_with_a_code(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'users.db'}"
    create = ["create", "kim@example.com", "--name", "Kim", "--role", "agent", "--password-stdin"]
    r = run(db, *create, input="too short\n")
    assert r.exit_code == 2 and r.output.strip().endswith("[password_rejected]")
    assert r.output.count("\n") == 1
    assert run(db, *create, input=f"{PASSWORD}\n").exit_code == 0
    r = run(db, *create, input=f"{PASSWORD}\n")
    assert r.exit_code == 2 and r.output.strip().endswith("[user_exists]")
    r = run(db, "disable", "nobody@example.com")
    assert r.exit_code == 2 and r.output.strip().endswith("[user_not_found]")
    r = run(db, "reset-password", "kim@example.com", "--password-stdin", input="\n")
    assert r.exit_code == 2 and r.output.strip().endswith("[config_invalid]")
    r = run(
        db,
        "create",
        "not-an-address",
        "--name",
        "X",
        "--role",
        "agent",
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )
    assert r.exit_code == 2 and r.output.strip().endswith("[config_invalid]")
    r = run(db, "create", "x@example.com", "--name", "X", "--role", "king", "--password-stdin")
    assert r.exit_code == 2 and "king" in r.output  # click's usage error
