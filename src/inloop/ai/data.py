"""Reading labelled and unlabelled requests from CSV files (UTF-8, a byte-order mark is
tolerated)."""

from __future__ import annotations

import csv
from pathlib import Path

from inloop.ai.errors import DataInvalid


def read_columns(path: str | Path, columns: list[str]) -> list[list[str]]:
    """The values of ``columns`` of every row of the CSV file at ``path``, one list per
    column; ``DataInvalid`` if the file is missing, unreadable, empty or lacks a column."""
    file = Path(path)
    if not file.is_file():
        raise DataInvalid(f"file {str(file)!r} does not exist", path=str(file))
    try:
        with file.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                raise DataInvalid(f"file {str(file)!r} is empty", path=str(file))
            header = [h.strip() for h in header]
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataInvalid(
                    f"file {str(file)!r} has no column {missing[0]!r} "
                    f"(its columns: {', '.join(header)})",
                    path=str(file),
                )
            at = [header.index(c) for c in columns]
            out: list[list[str]] = [[] for _ in columns]
            for line, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) < len(header):
                    raise DataInvalid(
                        f"file {str(file)!r} line {line}: {len(row)} fields, expected "
                        f"{len(header)}",
                        path=str(file),
                    )
                for values, i in zip(out, at, strict=True):
                    values.append(row[i])
    except UnicodeDecodeError as exc:
        raise DataInvalid(f"file {str(file)!r} is not UTF-8: {exc.reason}") from None
    except csv.Error as exc:
        raise DataInvalid(f"file {str(file)!r} is not valid CSV: {exc}") from None
    if not out[0]:
        raise DataInvalid(f"file {str(file)!r} has no rows", path=str(file))
    return out
