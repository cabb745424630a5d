"""``inloop bench``: benchmarks that print figures."""

from __future__ import annotations

from pathlib import Path

import click

from inloop.cli.common import one_line_errors, run_async
from inloop.config import Settings


@click.group()
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
