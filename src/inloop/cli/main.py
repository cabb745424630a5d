"""The ``inloop`` command.

Errors print one line (``error: ... [code]``) and exit non-zero; set ``INLOOP_DEBUG=1`` for a
traceback. The commands live in modules named for what they do: :mod:`inloop.cli.run`,
:mod:`inloop.cli.admin`, :mod:`inloop.cli.users`, :mod:`inloop.cli.bench` and
:mod:`inloop.ai.cli`.
"""

from __future__ import annotations

import logging
import os
import sys

import click

from inloop._version import __version__
from inloop.ai.cli import model
from inloop.ai.extract_cli import extract
from inloop.cli.admin import apikeys, db, webhooks
from inloop.cli.audit import audit
from inloop.cli.bench import bench
from inloop.cli.common import load_app, one_line_errors
from inloop.cli.run import serve, smtpd, worker
from inloop.cli.users import users

__all__ = ["load_app", "main", "one_line_errors"]


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


for command in (serve, worker, smtpd, db, apikeys, webhooks, users, bench, model):
    main.add_command(command)
main.add_command(audit)
main.add_command(extract)


if __name__ == "__main__":  # pragma: no cover
    main()
