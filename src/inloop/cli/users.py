"""Staff accounts: ``inloop users create/disable/reset-password/list``."""

from __future__ import annotations

import sys
from typing import Any

import click

from inloop.cli.common import database_option, one_line_errors, when, with_store
from inloop.errors import ConfigError

CLI_ACTOR = "cli"
"""The actor the audit log names for changes made with these commands."""


def _accounts(store: Any) -> Any:
    from inloop.clock import SystemClock
    from inloop.humans.accounts import Accounts

    return Accounts(store, SystemClock())


def _read_password(from_stdin: bool) -> str:
    """The new password: the first line of standard input, or typed twice at a hidden prompt."""
    if from_stdin:
        line = sys.stdin.readline()
        password = line.removesuffix("\n").removesuffix("\r")
        if not password:
            raise ConfigError("--password-stdin: standard input holds no password")
        return password
    typed: str = click.prompt(
        "Password", hide_input=True, confirmation_prompt="Repeat the password"
    )
    return typed


password_stdin_option = click.option(
    "--password-stdin",
    "password_stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of a prompt.",
)


@click.group()
def users() -> None:
    """Staff accounts: agents, supervisors, admins."""


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The user's name, as colleagues see it.")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["agent", "supervisor", "admin"]),
    help="agent, supervisor or admin.",
)
@click.option(
    "--queue",
    "queues",
    multiple=True,
    help="An agent queue the user belongs to (repeat for several).",
)
@password_stdin_option
@database_option
@one_line_errors
def users_create(
    email: str,
    name: str,
    role: str,
    queues: tuple[str, ...],
    password_stdin: bool,
    database: str,
) -> None:
    """Create a user with a password (asked for at a hidden prompt)."""
    from inloop.humans.accounts import check_password, normalize_email

    password = _read_password(password_stdin)
    check_password(password, email)  # before touching the database
    user = with_store(
        database,
        lambda store: _accounts(store).create(
            normalize_email(email),
            name=name,
            role=role,
            password=password,
            queues=queues,
            actor=CLI_ACTOR,
        ),
    )
    queues_text = ", ".join(sorted(user.queues)) or "no queues"
    click.echo(f"created {user.role} {user.email} ({user.id}); queues: {queues_text}")


@users.command("disable")
@click.argument("email")
@database_option
@one_line_errors
def users_disable(email: str, database: str) -> None:
    """Disable a user: they cannot log in and their sessions end."""
    user = with_store(database, lambda store: _accounts(store).disable(email, actor=CLI_ACTOR))
    click.echo(f"disabled {user.email} ({user.id})")


@users.command("reset-password")
@click.argument("email")
@password_stdin_option
@database_option
@one_line_errors
def users_reset_password(email: str, password_stdin: bool, database: str) -> None:
    """Set a new password; the user's sessions end and a login lock is lifted."""
    password = _read_password(password_stdin)
    user = with_store(
        database,
        lambda store: _accounts(store).reset_password(email, password, actor=CLI_ACTOR),
    )
    click.echo(f"set a new password for {user.email} ({user.id}); their sessions have ended")


@users.command("list")
@database_option
@one_line_errors
def users_list(database: str) -> None:
    """List the users (never their password hashes)."""
    found = with_store(database, lambda store: _accounts(store).list_users())
    if not found:
        click.echo("no users")
        return
    click.echo(f"{'EMAIL':<32} {'ROLE':<10} {'CREATED':<19}  {'DISABLED':<19}  QUEUES")
    for u in found:
        click.echo(
            f"{u.email:<32} {u.role:<10} {when(u.created_at):<19}  {when(u.disabled_at):<19}  "
            f"{','.join(sorted(u.queues)) or '-'}"
        )
