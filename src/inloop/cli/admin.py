"""Administration: the database schema, API keys and webhooks."""

from __future__ import annotations

import click

from inloop.cli.common import (
    database_option,
    now,
    one_line_errors,
    run_async,
    settings_for,
    when,
    with_store,
)
from inloop.errors import ConfigError


@click.group()
def db() -> None:
    """Database schema."""


@db.command()
@database_option
@one_line_errors
def upgrade(database: str) -> None:
    """Create the schema or apply pending migrations."""
    from inloop.storage import open_store

    settings = settings_for(database)

    async def go() -> list[int]:
        store = open_store(settings)
        await store.open(create=False)
        try:
            return await store.upgrade()
        finally:
            await store.close()

    applied = run_async(go())
    if applied:
        click.echo(f"applied migrations {', '.join(map(str, applied))} to {settings.database_url}")
    else:
        click.echo(f"{settings.database_url} is up to date")


@click.group()
def apikeys() -> None:
    """Keys of the JSON API (/api/v1)."""


@apikeys.command("create")
@click.argument("name")
@database_option
@one_line_errors
def apikeys_create(name: str, database: str) -> None:
    """Create an API key and print it (shown only this once)."""
    from inloop.web.api.keys import create_api_key

    name = name.strip()
    if not 1 <= len(name) <= 200 or not name.isprintable():
        raise ConfigError(f"NAME {name!r} must be 1 to 200 printable characters")
    record, key = with_store(database, lambda store: create_api_key(store, name, at=now()))
    click.echo(f"created API key {record.id} ({record.name}); it is shown only this once:")
    click.echo(key)


@apikeys.command("list")
@database_option
@one_line_errors
def apikeys_list(database: str) -> None:
    """List the API keys (never the keys themselves)."""
    keys = with_store(database, lambda store: store.api.list_keys())
    if not keys:
        click.echo("no API keys")
        return
    click.echo(f"{'ID':<31} {'CREATED':<19}  {'LAST USED':<19}  {'REVOKED':<19}  NAME")
    for k in keys:
        click.echo(
            f"{k.id:<31} {when(k.created_at):<19}  {when(k.last_used_at):<19}  "
            f"{when(k.revoked_at):<19}  {k.name}"
        )


@apikeys.command("revoke")
@click.argument("key_id", metavar="ID")
@database_option
@one_line_errors
def apikeys_revoke(key_id: str, database: str) -> None:
    """Revoke an API key: requests with it are refused from now on."""
    from inloop.web.api.errors import ApiKeyNotFound

    record = with_store(database, lambda store: store.api.revoke_key(key_id, at=now()))
    if record is None:
        raise ApiKeyNotFound(f"no API key {key_id!r}", key_id=key_id)
    click.echo(f"revoked API key {record.id} ({record.name})")


@click.group()
def webhooks() -> None:
    """Outgoing webhooks for case events."""


@webhooks.command("add")
@click.argument("url")
@click.option(
    "--event",
    "events",
    multiple=True,
    help="Send only events of this type (repeatable). Default: every event.",
)
@database_option
@one_line_errors
def webhooks_add(url: str, events: tuple[str, ...], database: str) -> None:
    """Send case events to URL; prints the signing secret (shown only this once)."""
    import re

    from inloop.channels.webhooks import add_webhook, check_url

    try:
        check_url(url)
    except ValueError as exc:
        raise ConfigError(f"URL {exc}") from None
    for event in events:
        if not re.fullmatch(r"[a-z_]+(?:\.[a-z_]+)+", event):
            raise ConfigError(f"--event {event!r} is not an event type like case.completed")
    hook = with_store(database, lambda store: add_webhook(store, url, list(events), at=now()))
    what = ", ".join(hook.event_types) or "every event"
    click.echo(f"added webhook {hook.id} for {what}; its signing secret is shown only this once:")
    click.echo(hook.secret)


@webhooks.command("list")
@database_option
@one_line_errors
def webhooks_list(database: str) -> None:
    """List the webhooks (never their secrets)."""
    hooks = with_store(database, lambda store: store.api.list_webhooks())
    if not hooks:
        click.echo("no webhooks")
        return
    click.echo(f"{'ID':<31} {'CREATED':<19}  {'DISABLED':<19}  {'EVENTS':<24}  URL")
    for h in hooks:
        events = ",".join(h.event_types) or "*"
        click.echo(
            f"{h.id:<31} {when(h.created_at):<19}  {when(h.disabled_at):<19}  {events:<24}  {h.url}"
        )


@webhooks.command("disable")
@click.argument("webhook_id", metavar="ID")
@database_option
@one_line_errors
def webhooks_disable(webhook_id: str, database: str) -> None:
    """Stop sending events to a webhook (queued deliveries are dropped)."""
    from inloop.web.api.errors import WebhookNotFound

    hook = with_store(database, lambda store: store.api.disable_webhook(webhook_id, at=now()))
    if hook is None:
        raise WebhookNotFound(f"no webhook {webhook_id!r}", webhook_id=webhook_id)
    click.echo(f"disabled webhook {hook.id} ({hook.url})")
