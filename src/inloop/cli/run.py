"""Running inloop: ``serve`` (web app, worker, timers, outbox), ``worker`` and ``smtpd``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections.abc import Callable, Iterator
from typing import Any

import click

from inloop._version import __version__
from inloop.cli.background import Background, RedactLinks
from inloop.cli.common import (
    app_option,
    database_option,
    host_option,
    load_app,
    one_line_errors,
    port_option,
    run_async,
    settings_for,
)
from inloop.engine.engine import Engine
from inloop.errors import ConfigError


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


def _on_stop_signals(stop: Callable[[], object]) -> None:
    """Call ``stop`` on SIGINT and SIGTERM (where the event loop can watch signals)."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop)


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


@click.command()
@host_option
@port_option(8000)
@app_option
@database_option
@click.option("--no-worker", is_flag=True, help="Serve the web app only; run workers apart.")
@one_line_errors
def serve(host: str, port: int, app_ref: str, database: str, no_worker: bool) -> None:
    """Run the web app, a worker, the timers and the outbox in one process."""
    import uvicorn

    from inloop.web.app import create_app

    settings = settings_for(database)
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
        _on_stop_signals(server.request_exit)
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


@click.command()
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
    settings = settings_for(database, worker_concurrency=concurrency)
    app = load_app(app_ref)

    async def go() -> None:
        async with Engine(app, settings) as engine:
            background = Background(engine)
            stopping = asyncio.Event()
            _on_stop_signals(stopping.set)
            click.echo(
                f"inloop worker {background.worker.name} on {settings.database_url} "
                f"(processes: {', '.join(app.keys())})"
            )
            await stopping.wait()
            await background.stop()

    run_async(go())


@click.command()
@host_option
@port_option(8025)
@app_option
@database_option
@one_line_errors
def smtpd(host: str, port: int, app_ref: str, database: str) -> None:
    """Receive mail: replies become case events, other mail starts cases."""
    from inloop.channels.inbound import InboundMail, start_smtp_server

    settings = settings_for(database)
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
                _on_stop_signals(stop.set)
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
