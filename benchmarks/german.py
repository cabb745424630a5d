"""The built-in intent model and German requests: what the German training requests
(``data/banking77/train_de.csv``) give German customers, and what they cost English ones. Prints
JSON.

    python benchmarks/german.py [--features tfidf|embeddings|ensemble]

Trains two models as ``inloop model train`` does (routing thresholds by cross-validation on
their own training rows): ``english`` on the stratified 80 % of ``data/banking77/train.csv``
(random_state 0, the split of the README's figures), ``bilingual`` on the same rows and the
stratified 80 % of ``train_de.csv`` (the built-in model trains on all of both). Both are
measured with the figures of ``inloop model evaluate`` on three sets never trained on:
``english`` (the other 20 % of ``train.csv``), ``german`` (the other 20 % of ``train_de.csv``:
the same writers, other requests) and ``german_other_writers``
(``benchmarks/data/banking77_de_test.csv``: German requests by two writers who did not write
``train_de.csv``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ROOT / "data" / "banking77" / "train.csv"
GERMAN = ROOT / "data" / "banking77" / "train_de.csv"
GERMAN_TEST = ROOT / "benchmarks" / "data" / "banking77_de_test.csv"
SHOWN = (
    "top1",
    "top3",
    "macro_f1",
    "automation_rate",
    "wrong_automatic_rate",
    "customer_involvement_rate",
    "human_rate",
)


def _rows(path: Path) -> tuple[list[str], list[str]]:
    from inloop.ai.data import read_columns

    texts, labels = read_columns(path, ["text", "category"])
    return texts, labels


def _figures(model: Any, texts: list[str], labels: list[str]) -> dict[str, float]:
    from inloop.ai.metrics import evaluate

    predictions = model.predict(texts, 4)
    result = evaluate(predictions, labels, model.policy, k=3)
    return {name: result[name] for name in SHOWN}  # (evaluate rounds them)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", default="tfidf")
    args = parser.parse_args()
    from sklearn.model_selection import train_test_split

    from inloop.ai import IntentModel

    texts, labels = _rows(ENGLISH)
    x_fit, x_val, y_fit, y_val = train_test_split(
        texts, labels, test_size=0.2, stratify=labels, random_state=0
    )
    german, german_labels = _rows(GERMAN)
    g_fit, g_val, gy_fit, gy_val = train_test_split(
        german, german_labels, test_size=0.2, stratify=german_labels, random_state=0
    )
    tests = {
        "english": (x_val, y_val),
        "german": (g_val, gy_val),
        "german_other_writers": _rows(GERMAN_TEST),
    }
    out: dict[str, Any] = {
        "features": args.features,
        "training_rows": {"english": len(x_fit), "german": len(g_fit)},
        "test_rows": {name: len(rows[0]) for name, rows in tests.items()},
    }
    for name, (train_texts, train_labels) in (
        ("english", (x_fit, y_fit)),
        ("bilingual", (x_fit + g_fit, y_fit + gy_fit)),
    ):
        model = IntentModel().train(train_texts, train_labels, features=args.features)
        out[name] = {test: _figures(model, *rows) for test, rows in tests.items()}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
