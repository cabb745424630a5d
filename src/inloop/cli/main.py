"""The ``inloop`` command.

Errors print one line (``error: ... [code]``) and exit non-zero; set ``INLOOP_DEBUG=1`` for a
traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Coroutine, Iterator
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from inloop._version import __version__
from inloop.cli.background import Background, RedactLinks
from inloop.config import DEFAULT_DATABASE_URL, Settings
from inloop.engine.engine import Engine
from inloop.engine.process import App
from inloop.errors import ConfigError, InloopError

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_APP = "inloop.examples:app"

database_option = click.option(
    "--database",
    "database",
    envvar="INLOOP_DATABASE_URL",
    default=DEFAULT_DATABASE_URL,
    show_default=True,
    help="Database URL (env INLOOP_DATABASE_URL).",
)
app_option = click.option(
    "--app",
    "app_ref",
    envvar="INLOOP_APP",
    default=DEFAULT_APP,
    show_default=True,
    help="The processes to run, as module:attribute of an inloop.App (env INLOOP_APP).",
)


def load_app(ref: str) -> App:
    """Import ``module:attribute`` (the current folder is importable) and check it is an App."""
    module_name, sep, attr = ref.partition(":")
    if not sep or not module_name or not attr:
        raise ConfigError(f"--app {ref!r}: expected module:attribute, like myproject.app:app")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(f"--app {ref!r}: cannot import {module_name!r}: {exc}") from exc
    try:
        found = getattr(module, attr)
    except AttributeError:
        raise ConfigError(f"--app {ref!r}: module {module_name!r} has no {attr!r}") from None
    if not isinstance(found, App):
        raise ConfigError(f"--app {ref!r} is a {type(found).__name__}, not an inloop.App")
    return found


def _debug() -> bool:
    return os.environ.get("INLOOP_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def one_line_errors(fn: F) -> F:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InloopError as exc:
            if _debug():
                raise
            click.echo(f"error: {exc.message} [{exc.code}]", err=True)
            sys.exit(2)
        except (OSError, ValueError) as exc:
            if _debug():
                raise
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def run_async(coro: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coro)


def _settings(database: str, **overrides: Any) -> Settings:
    return Settings.from_env(database_url=database, **overrides)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="inloop")
def main() -> None:
    """inloop: durable service processes with the customer in the loop."""
    level = os.environ.get("INLOOP_LOG_LEVEL", "INFO").strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        click.echo(
            f"error: INLOOP_LOG_LEVEL={level!r} is not one of DEBUG, INFO, WARNING, ERROR, "
            "CRITICAL [config_invalid]",
            err=True,
        )
        sys.exit(2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket before anything starts, so a busy port is one clear error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"--host {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _server_class() -> type[Any]:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server without its own signal handling: ``serve`` stops the web app, the
        worker and the engine in order and exits 0 on SIGINT/SIGTERM."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

        def request_exit(self) -> None:
            self.should_exit = True

    return Server


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@app_option
@database_option
@click.option("--no-worker", is_flag=True, help="Serve the web app only; run workers apart.")
@one_line_errors
def serve(host: str, port: int, app_ref: str, database: str, no_worker: bool) -> None:
    """Run the web app, a worker and the timers in one process."""
    import uvicorn

    from inloop.web.app import create_app

    settings = _settings(database)
    if "INLOOP_BASE_URL" not in os.environ:  # links in mail point at this server
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        settings = settings.with_(base_url=f"http://{shown}:{port}")
    app = load_app(app_ref)
    sock = _listen(host, port)

    async def go() -> None:
        engine = Engine(app, settings)
        await engine.open()
        background = None if no_worker else Background(engine)
        config = uvicorn.Config(
            create_app(engine), host=host, port=port, log_level="info", lifespan="on"
        )
        logging.getLogger("uvicorn.access").addFilter(RedactLinks())
        server = _server_class()(config)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, server.request_exit)
        click.echo(
            f"inloop {__version__} on http://{host}:{port} "
            f"(database {settings.database_url}, processes: {', '.join(app.keys())})"
        )
        try:
            await server.serve(sockets=[sock])
        finally:
            if background is not None:
                await background.stop()
            await engine.close()

    run_async(go())


@main.command()
@app_option
@database_option
@click.option(
    "--concurrency",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Cases run at the same time (env INLOOP_WORKER_CONCURRENCY).",
)
@one_line_errors
def worker(app_ref: str, database: str, concurrency: int | None) -> None:
    """Run cases, fire timers and deliver mail and webhooks until stopped (SIGINT, SIGTERM)."""
    settings = _settings(database, worker_concurrency=concurrency)
    app = load_app(app_ref)

    async def go() -> None:
        async with Engine(app, settings) as engine:
            background = Background(engine)
            stopping = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError):
                    loop.add_signal_handler(sig, stopping.set)
            click.echo(
                f"inloop worker {background.worker.name} on {settings.database_url} "
                f"(processes: {', '.join(app.keys())})"
            )
            await stopping.wait()
            await background.stop()

    run_async(go())


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    default=8025,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@app_option
@database_option
@one_line_errors
def smtpd(host: str, port: int, app_ref: str, database: str) -> None:
    """Receive mail: replies become case events, other mail starts cases."""
    from inloop.channels.inbound import InboundMail, start_smtp_server

    settings = _settings(database)
    if "INLOOP_BASE_URL" not in os.environ:  # links in mail point at this server
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        settings = settings.with_(base_url=f"http://{shown}:{port}")
    app = load_app(app_ref)
    sock = _listen(host, port)

    async def go() -> None:
        try:
            async with Engine(app, settings) as engine:
                inbound = InboundMail(engine)
                server = await start_smtp_server(engine, sock=sock, inbound=inbound)
                stop = asyncio.Event()
                loop = asyncio.get_running_loop()
                for sig in (signal.SIGINT, signal.SIGTERM):
                    with contextlib.suppress(NotImplementedError):
                        loop.add_signal_handler(sig, stop.set)
                click.echo(
                    f"inloop smtpd on {host}:{port} (database {settings.database_url}, "
                    f"new cases: {inbound.process})"
                )
                try:
                    await stop.wait()
                finally:
                    server.close()
                    await server.wait_closed()
        finally:
            sock.close()

    run_async(go())


@main.group()
def db() -> None:
    """Database schema."""


@db.command()
@database_option
@one_line_errors
def upgrade(database: str) -> None:
    """Create the schema or apply pending migrations."""
    from inloop.storage import open_store

    settings = _settings(database)

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


def _with_store(database: str, use: Callable[[Any], Coroutine[Any, Any, Any]]) -> Any:
    """Open the database (creating the schema when it is new), run ``use(store)``, close."""
    from inloop.storage import open_store

    settings = _settings(database)

    async def go() -> Any:
        store = open_store(settings)
        await store.open()
        try:
            return await use(store)
        finally:
            await store.close()

    return run_async(go())


def _now() -> Any:
    from inloop.clock import SystemClock

    return SystemClock().now()


def _when(moment: Any) -> str:
    return "-" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


@main.group()
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
    record, key = _with_store(database, lambda store: create_api_key(store, name, at=_now()))
    click.echo(f"created API key {record.id} ({record.name}); it is shown only this once:")
    click.echo(key)


@apikeys.command("list")
@database_option
@one_line_errors
def apikeys_list(database: str) -> None:
    """List the API keys (never the keys themselves)."""
    keys = _with_store(database, lambda store: store.api.list_keys())
    if not keys:
        click.echo("no API keys")
        return
    click.echo(f"{'ID':<31} {'CREATED':<19}  {'LAST USED':<19}  {'REVOKED':<19}  NAME")
    for k in keys:
        click.echo(
            f"{k.id:<31} {_when(k.created_at):<19}  {_when(k.last_used_at):<19}  "
            f"{_when(k.revoked_at):<19}  {k.name}"
        )


@apikeys.command("revoke")
@click.argument("key_id", metavar="ID")
@database_option
@one_line_errors
def apikeys_revoke(key_id: str, database: str) -> None:
    """Revoke an API key: requests with it are refused from now on."""
    from inloop.web.api.errors import ApiKeyNotFound

    record = _with_store(database, lambda store: store.api.revoke_key(key_id, at=_now()))
    if record is None:
        raise ApiKeyNotFound(f"no API key {key_id!r}", key_id=key_id)
    click.echo(f"revoked API key {record.id} ({record.name})")


@main.group()
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
    hook = _with_store(database, lambda store: add_webhook(store, url, list(events), at=_now()))
    what = ", ".join(hook.event_types) or "every event"
    click.echo(f"added webhook {hook.id} for {what}; its signing secret is shown only this once:")
    click.echo(hook.secret)


@webhooks.command("list")
@database_option
@one_line_errors
def webhooks_list(database: str) -> None:
    """List the webhooks (never their secrets)."""
    hooks = _with_store(database, lambda store: store.api.list_webhooks())
    if not hooks:
        click.echo("no webhooks")
        return
    click.echo(f"{'ID':<31} {'CREATED':<19}  {'DISABLED':<19}  {'EVENTS':<24}  URL")
    for h in hooks:
        events = ",".join(h.event_types) or "*"
        click.echo(
            f"{h.id:<31} {_when(h.created_at):<19}  {_when(h.disabled_at):<19}  "
            f"{events:<24}  {h.url}"
        )


@webhooks.command("disable")
@click.argument("webhook_id", metavar="ID")
@database_option
@one_line_errors
def webhooks_disable(webhook_id: str, database: str) -> None:
    """Stop sending events to a webhook (queued deliveries are dropped)."""
    from inloop.web.api.errors import WebhookNotFound

    hook = _with_store(database, lambda store: store.api.disable_webhook(webhook_id, at=_now()))
    if hook is None:
        raise WebhookNotFound(f"no webhook {webhook_id!r}", webhook_id=webhook_id)
    click.echo(f"disabled webhook {hook.id} ({hook.url})")


@main.group()
def bench() -> None:
    """Benchmarks that print figures (the last line is JSON with --json)."""


@bench.command("engine")
@click.option(
    "--cases",
    type=click.IntRange(0, 10_000_000),
    default=2000,
    show_default=True,
    help="Run this many CITL cases (start, classify, ask, answer, apply, complete).",
)
@click.option(
    "--parked",
    type=click.IntRange(0, 10_000_000),
    default=0,
    show_default=True,
    help="Also park this many cases and measure memory, threads and resume latency.",
)
@click.option(
    "--latency-answers",
    type=click.IntRange(10, 100_000),
    default=500,
    show_default=True,
    help="Answers sent at a steady rate to measure resume latency.",
)
@click.option(
    "--rate",
    type=click.FloatRange(1, 10_000),
    default=50.0,
    show_default=True,
    help="Answers per second while measuring resume latency.",
)
@click.option(
    "--database", default=None, help="Database URL (default: a fresh temporary SQLite file)."
)
@click.option(
    "--synchronous",
    type=click.Choice(["FULL", "NORMAL"]),
    default="FULL",
    show_default=True,
    help="SQLite synchronous setting.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON on the last line.")
@one_line_errors
def bench_engine(
    cases: int,
    parked: int,
    latency_answers: int,
    rate: float,
    database: str | None,
    synchronous: str,
    as_json: bool,
) -> None:
    """Measure the engine: throughput, resume latency, bytes and memory per case."""
    import json
    import tempfile

    from inloop.bench.engine import run_engine_bench

    with tempfile.TemporaryDirectory(prefix="inloop-bench-") as tmp:
        url = database or f"sqlite:///{Path(tmp) / 'bench.db'}"
        settings = Settings(database_url=url, sqlite_synchronous=synchronous)
        figures = run_async(
            run_engine_bench(
                settings,
                cases=cases,
                parked=parked,
                latency_answers=latency_answers,
                rate=rate,
                say=(lambda _m: None) if as_json else click.echo,
            )
        )
    if as_json:
        click.echo(json.dumps(figures))
    else:
        for key, value in figures.items():
            click.echo(f"{key}: {value}")


if __name__ == "__main__":  # pragma: no cover
    main()
