"""The `inloop` command, run as a real subprocess."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import inloop

ROOT = Path(__file__).resolve().parents[2]


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inloop.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "INLOOP_LOG_LEVEL": "WARNING", **(env or {})},
        check=False,
    )


def test_version_and_help() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"inloop, version {inloop.__version__}"
    out = run("--help")
    assert out.returncode == 0
    for command in ("serve", "worker", "db", "bench"):
        assert command in out.stdout


def test_db_upgrade_creates_then_reports_up_to_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    first = run("db", "upgrade", "--database", url)
    assert first.returncode == 0, first.stderr
    assert "applied migrations 1" in first.stdout
    second = run("db", "upgrade", env={"INLOOP_DATABASE_URL": url})
    assert second.returncode == 0 and "up to date" in second.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("worker", "--app", "no_such_module:app"), "cannot import 'no_such_module'"),
        (("worker", "--app", "inloop:__version__"), "not an inloop.App"),
        (("worker", "--app", "justamodule"), "expected module:attribute"),
        (("db", "upgrade", "--database", "postgres://h/db"), "unsupported database URL"),
        (("db", "upgrade", "--database", "sqlite:///no/such/dir/x.db"), "does not exist"),
    ],
)
def test_errors_are_one_line_without_traceback(args: tuple[str, ...], message: str) -> None:
    out = run(*args)
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in out.stderr


def test_a_damaged_database_is_reported_with_its_code(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(b"garbage" * 1000)
    out = run("db", "upgrade", "--database", f"sqlite:///{path}")
    assert out.returncode == 2
    assert out.stderr.strip().endswith("[database_corrupt]")


def test_bad_setting_in_the_environment(tmp_path: Path) -> None:
    out = run(
        "db",
        "upgrade",
        "--database",
        f"sqlite:///{tmp_path / 'x.db'}",
        env={"INLOOP_SQLITE_SYNCHRONOUS": "SOMETIMES"},
    )
    assert out.returncode == 2 and "INLOOP_SQLITE_SYNCHRONOUS" in out.stderr


def test_bench_engine_prints_json_on_the_last_line() -> None:
    out = run(
        "bench",
        "engine",
        "--cases",
        "60",
        "--latency-answers",
        "20",
        "--rate",
        "200",
        "--parked",
        "50",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["cases"] == 60 and figures["side_effects_ok"] is True
    for key in (
        "cases_per_s",
        "resume_p50_ms",
        "resume_p99_ms",
        "bytes_per_case",
        "parked_rss_mb",
        "parked_threads",
        "parked_resume_p99_ms",
    ):
        assert isinstance(figures[key], (int, float)), key
    assert figures["parked_threads"] == 0
    assert figures["synchronous"] == "FULL"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_healthz_and_runs_cases(tmp_path: Path) -> None:
    port = _free_port()
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "inloop.cli.main", "serve", "--port", str(port), "--database", url],
        cwd=ROOT,
        env={**os.environ, "INLOOP_LOG_LEVEL": "WARNING"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        body = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.1)
        assert body is not None, "serve did not answer /healthz within 30 s"
        assert body["status"] == "ok" and body["schema_version"] >= 1
        assert "address_change@1" in body["processes"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
            assert b"address_change" in r.read()
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err


def test_serve_on_a_busy_port_is_one_error_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        out = run("serve", "--port", str(port), "--database", f"sqlite:///{tmp_path / 's.db'}")
    assert out.returncode == 2
    assert out.stderr.strip() == (
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use [config_invalid]"
    )


def test_a_bad_log_level_is_one_error_line(tmp_path: Path) -> None:
    out = run(
        "db",
        "upgrade",
        "--database",
        f"sqlite:///{tmp_path / 'x.db'}",
        env={"INLOOP_LOG_LEVEL": "loud"},
    )
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "INLOOP_LOG_LEVEL" in out.stderr
