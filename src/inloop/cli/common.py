"""What every command shares: options, loading the app, settings, one-line errors."""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any, TypeVar

import click

from inloop.config import DEFAULT_DATABASE_URL, Settings
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


def settings_for(database: str, **overrides: Any) -> Settings:
    return Settings.from_env(database_url=database, **overrides)


def with_store(database: str, use: Callable[[Any], Coroutine[Any, Any, Any]]) -> Any:
    """Open the database (creating the schema when it is new), run ``use(store)``, close."""
    from inloop.storage import open_store

    settings = settings_for(database)

    async def go() -> Any:
        store = open_store(settings)
        await store.open()
        try:
            return await use(store)
        finally:
            await store.close()

    return run_async(go())


def now() -> Any:
    from inloop.clock import SystemClock

    return SystemClock().now()


def when(moment: Any) -> str:
    return "-" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


host_option = click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to listen on."
)


def port_option(default: int) -> Callable[[F], F]:
    return click.option(
        "--port",
        default=default,
        show_default=True,
        type=click.IntRange(1, 65535),
        help="Port to listen on.",
    )
