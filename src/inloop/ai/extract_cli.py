"""``inloop extract``: typed fields from the texts of a JSON Lines file."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from inloop.ai.errors import DataInvalid


def _one_line_errors(fn: Any) -> Any:
    from inloop.cli.common import one_line_errors

    return one_line_errors(fn)


def read_texts(path: str, text_field: str) -> list[str]:
    """The ``text_field`` of every line of a JSON Lines file (blank lines are not allowed)."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise DataInvalid(f"--input {path!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataInvalid(f"--input {path!r} cannot be read: {exc}") from None
    texts = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataInvalid(f"--input {path!r} line {number} is not JSON: {exc.msg}") from None
        if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
            raise DataInvalid(f"--input {path!r} line {number} has no text field {text_field!r}")
        texts.append(record[text_field])
    return texts


def _reference_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise DataInvalid(
            f"--reference-time {value!r} is not an ISO date and time like 2022-03-15T09:00"
        ) from None


@click.command("extract")
@click.option("--input", "input_file", required=True, help="JSON Lines file of texts (UTF-8).")
@click.option("--text-field", default="text", show_default=True, help="Field of the texts.")
@click.option("--output", "output", required=True, help="JSON Lines file to write.")
@click.option("--fields", default=None, help="Comma-separated field names (default: all).")
@click.option("--locale", default="en", show_default=True, help="Language and region: en or de.")
@click.option(
    "--reference-time", default=None, help="Resolve relative dates against it (default: now)."
)
@_one_line_errors
def extract(
    input_file: str,
    text_field: str,
    output: str,
    fields: str | None,
    locale: str,
    reference_time: str | None,
) -> None:
    """Extract typed fields (dates, amounts, IBANs, ...) from texts."""
    from inloop.ai import extract as ex

    chosen = ex.check_fields(
        None if fields is None else [f.strip() for f in fields.split(",") if f.strip()]
    )
    ex.check_locale(locale)
    base = _reference_time(reference_time)
    texts = read_texts(input_file, text_field)
    rows = []
    for text in texts:
        found = ex.extract(text, fields=chosen, locale=locale, reference_time=base)
        rows.append(
            json.dumps(
                {"fields": {k: [s.to_json() for s in v] for k, v in found.items()}},
                ensure_ascii=False,
            )
        )
    target = Path(output)
    if not target.parent.is_dir() or target.is_dir():
        raise DataInvalid(f"--output {output!r} cannot be written (no such folder, or a folder)")
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("".join(row + "\n" for row in rows))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    click.echo(f"extracted fields from {len(texts)} texts into {output}")
