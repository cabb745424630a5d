"""Quality of the field extraction on hand-annotated customer messages. Prints JSON.

    python benchmarks/extract.py [--data benchmarks/data/extraction.jsonl] [--only v-] [--errors]

The data holds one JSON object per line: ``id``, ``locale`` (``en``/``de``), ``reference_time``,
``text`` and the expected ``fields`` (``{name: [value, ...]}``, values as ``inloop extract``
writes them). A proposed value counts as right when it equals an expected value of the same
field (each expected value matched once). Only the fields the data annotates somewhere are
counted; figures per field and in all (micro average):
``precision`` (right / proposed), ``recall`` (right / expected), ``f1``, and the counts.
``--only PREFIX`` scores the messages whose ids start with it (one set, e.g. ``v-``);
``--errors`` also lists, per message, what was proposed wrongly or missed.

    python benchmarks/extract.py --names-in data/banking77/train.csv [--text-column text]

lists the person names proposed in the requests of a CSV file whose requests name almost
nobody (Banking77's): each is most likely a wrong one, so their number is a measure of the
names' precision on such requests.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from inloop.ai.extract import FIELDS, extract

DATA = Path(__file__).resolve().parent / "data" / "extraction.jsonl"


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _figures(right: int, proposed: int, expected: int) -> dict[str, Any]:
    precision, recall = _ratio(right, proposed), _ratio(right, expected)
    f1 = (
        round(2 * precision * recall / (precision + recall), 4)
        if precision and recall
        else (0.0 if expected or proposed else None)
    )
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "right": right,
        "proposed": proposed,
        "expected": expected,
    }


def score(rows: list[dict[str, Any]], *, errors: bool = False) -> dict[str, Any]:
    """The figures for annotated ``rows`` (the JSON objects of the data file)."""
    annotated = {field for row in rows for field in row["fields"]}
    unknown = annotated - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    counts: dict[tuple[str, str], Counter[str]] = {}
    mistakes = []
    for row in rows:
        found = extract(
            row["text"],
            locale=row["locale"],
            reference_time=datetime.fromisoformat(row["reference_time"]),
        )
        for field in (f for f in FIELDS if f in annotated):
            expected = Counter(_key(v) for v in row["fields"].get(field, []))
            proposed = Counter(_key(s.value) for s in found.get(field, []))
            right = expected & proposed
            for scope in (("all", field), (row["locale"], field)):
                c = counts.setdefault(scope, Counter())
                c["right"] += sum(right.values())
                c["proposed"] += sum(proposed.values())
                c["expected"] += sum(expected.values())
            wrong, missed = proposed - right, expected - right
            if errors and (wrong or missed):
                mistakes.append(
                    {
                        "id": row["id"],
                        "field": field,
                        "wrong": [json.loads(k) for k in wrong.elements()],
                        "missed": [json.loads(k) for k in missed.elements()],
                        "text": row["text"],
                    }
                )
    report: dict[str, Any] = {"messages": len(rows)}
    for scope in ("all", "en", "de"):
        fields = {f: c for (s, f), c in counts.items() if s == scope}
        total = sum(fields.values(), Counter())
        report[scope] = {
            "micro": _figures(total["right"], total["proposed"], total["expected"]),
            "fields": {
                f: _figures(c["right"], c["proposed"], c["expected"]) for f, c in fields.items()
            },
        }
    if errors:
        report["mistakes"] = mistakes
    return report


def read(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _names_in(path: Path, column: str) -> int:
    from inloop.ai.data import read_columns
    from inloop.ai.errors import DataInvalid

    try:
        (texts,) = read_columns(path, [column])
    except DataInvalid as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    found = [
        [span.text, text]
        for text in texts
        for span in extract(text, fields=["person_name"])["person_name"]
    ]
    print(json.dumps({"requests": len(texts), "names": len(found), "found": found}, indent=1))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--only", metavar="PREFIX", help="Only the messages whose ids start so.")
    parser.add_argument("--errors", action="store_true", help="List the mistakes per message.")
    parser.add_argument(
        "--names-in", type=Path, metavar="CSV", help="List the names proposed in its requests."
    )
    parser.add_argument("--text-column", default="text")
    args = parser.parse_args()
    if args.names_in is not None:
        return _names_in(args.names_in, args.text_column)
    try:
        rows = [r for r in read(args.data) if str(r.get("id", "")).startswith(args.only or "")]
        if not rows:
            raise ValueError(f"no message has an id starting with {args.only!r}")
        report = score(rows, errors=args.errors)
    except ValueError as exc:
        print(f"{args.data}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
