"""``inloop extract``: a JSON Lines round trip and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inloop.cli.main import main

TEXTS = [
    "Can we meet next Tuesday at 25 to 7 p.m.? It is about order #12345 (£25).",
    "Bitte überweisen Sie 25 EUR auf DE89 3704 0044 0532 0130 00.",
    "Nothing to see here.",
]


def run(*args: object) -> object:
    return CliRunner().invoke(main, ["extract", *map(str, args)], env={"INLOOP_DEBUG": None})


def error_line(result: object) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]  # type: ignore[attr-defined]
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": i, "body": t}) + "\n" for i, t in enumerate(TEXTS)))
    return path


def test_round_trip(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run(
        "--input", data, "--text-field", "body", "--output", out,
        "--fields", "date,time,amount,iban,order_number",
        "--reference-time", "2022-03-15T09:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == len(TEXTS)
    first = rows[0]["fields"]
    assert list(first) == ["date", "time", "amount", "iban", "order_number"]
    assert first["date"] == [
        {"text": "next Tuesday", "span": [12, 24], "value": "2022-03-22", "confidence": 0.8}
    ]
    assert [s["value"] for s in first["time"]] == ["18:35"]
    assert first["amount"][0]["value"] == {"amount": "25.00", "currency": "GBP"}
    assert rows[1]["fields"]["iban"][0]["value"] == "DE89370400440532013000"
    assert rows[1]["fields"]["amount"][0]["value"] == {"amount": "25.00", "currency": "EUR"}
    assert all(not spans for spans in rows[2]["fields"].values())
    for text, row in zip(TEXTS, rows, strict=True):
        for spans in row["fields"].values():
            for s in spans:
                assert text[s["span"][0] : s["span"][1]] == s["text"]


def test_all_fields_by_default_and_german(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("--input", data, "--text-field", "body", "--output", out, "--locale", "de")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    row = json.loads(out.read_text().splitlines()[1])
    assert {"date", "date_period", "time", "amount", "person_name", "email", "phone", "iban",
            "postcode", "order_number"} <= set(row["fields"])  # fmt: skip


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--input", "missing.jsonl"], "does not exist"),
        (["--text-field", "text"], "no text field 'text'"),
        (["--fields", "date,colour"], "unknown field 'colour'"),
        (["--locale", "fr"], "unknown locale 'fr'"),
        (["--reference-time", "tomorrowish"], "--reference-time"),
    ],
)
def test_bad_input(data: Path, tmp_path: Path, args: list[str], needle: str) -> None:
    out = tmp_path / "out.jsonl"
    base = {"--input": str(data), "--text-field": "body", "--output": str(out)}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = str(tmp_path / value) if key == "--input" else value
    result = run(*[x for kv in base.items() for x in kv])
    line = error_line(result)
    assert needle in line and line.endswith("[data_invalid]"), line
    assert not out.exists()


def test_bad_json_line(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text('{"text": "ok"}\n{"text": \n')
    out = tmp_path / "out.jsonl"
    line = error_line(run("--input", data, "--output", out))
    assert "line 2 is not JSON" in line and line.endswith("[data_invalid]")
    assert not out.exists()
