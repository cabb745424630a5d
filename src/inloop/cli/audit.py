"""The audit log: ``inloop audit verify`` and ``inloop audit list``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from inloop.cli.common import database_option, one_line_errors, with_store
from inloop.errors import ConfigError

BROKEN_EXIT = 1
"""Exit status of ``inloop audit verify`` when the log is broken."""


def _existing(database: str) -> str:
    """``database``, refusing a SQLite file that does not exist (verifying a mistyped path must
    not create an empty database and call it intact)."""
    if database.startswith("sqlite:"):
        from inloop.storage.sqlite import sqlite_path

        if not Path(sqlite_path(database)).is_file():
            raise ConfigError(f"{database!r}: no such database file")
    return database


def _audit(store: Any) -> Any:
    from inloop.clock import SystemClock
    from inloop.humans.audit import Audit

    return Audit(store, SystemClock())


@click.group()
def audit() -> None:
    """The append-only, hash-chained audit log."""


@audit.command("verify")
@database_option
@one_line_errors
def audit_verify(database: str) -> None:
    """Check every entry of the audit log against its hash chain and its head."""
    report = with_store(_existing(database), lambda store: _audit(store).verify())
    if report.ok:
        head = "" if report.head_hash is None else f"; head {report.head_id}:{report.head_hash}"
        click.echo(f"audit log ok: {report.entries} entries{head}")
        return
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(
        f"audit log broken: {len(report.problems)} problems in {report.entries} entries; "
        f"first broken entry {report.first_broken}",
        err=True,
    )
    sys.exit(BROKEN_EXIT)


@audit.command("list")
@click.option(
    "--limit",
    type=click.IntRange(1, 100_000),
    default=50,
    show_default=True,
    help="How many of the newest entries to show.",
)
@database_option
@one_line_errors
def audit_list(limit: int, database: str) -> None:
    """Show the newest entries, newest first (one line each)."""
    found = with_store(_existing(database), lambda store: store.audit.recent(limit=limit))
    if not found:
        click.echo("no entries")
        return
    for e in found:
        click.echo(f"{e.id}\t{e.at}\t{e.actor}\t{e.action}\t{e.subject or '-'}\t{e.detail}")
