"""German requests: the built-in model trains on ``data/banking77/train_de.csv`` (German requests
written for inloop) together with Banking77's ``train.csv``, so a German customer's request is
understood. Measured on German requests by other writers
(``benchmarks/data/banking77_de_test.csv``, never trained on).

Ten intents, close neighbours among them, so the models train in seconds; the figures of the
whole model come from ``python benchmarks/german.py``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from inloop.ai import IntentModel
from inloop.ai.metrics import evaluate

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ROOT / "data" / "banking77" / "train.csv"
GERMAN = ROOT / "data" / "banking77" / "train_de.csv"
GERMAN_TEST = ROOT / "benchmarks" / "data" / "banking77_de_test.csv"
INTENTS = {
    "card_arrival",
    "card_delivery_estimate",
    "lost_or_stolen_card",
    "compromised_card",
    "top_up_failed",
    "top_up_reverted",
    "pending_top_up",
    "declined_card_payment",
    "card_payment_not_recognised",
    "change_pin",
}


def _rows(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["category"] in INTENTS]
    return [r["text"] for r in rows], [r["category"] for r in rows]


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, Any]]:
    from sklearn.model_selection import train_test_split

    texts, labels = _rows(ENGLISH)
    x_fit, x_val, y_fit, y_val = train_test_split(
        texts, labels, test_size=0.2, stratify=labels, random_state=0
    )
    german, german_labels = _rows(GERMAN)
    test, test_labels = _rows(GERMAN_TEST)
    out: dict[str, dict[str, Any]] = {}
    for name, (train_texts, train_labels) in (
        ("english", (x_fit, y_fit)),
        ("bilingual", (x_fit + german, y_fit + german_labels)),
    ):
        model = IntentModel().train(train_texts, train_labels)
        out[name] = {
            lang: evaluate(model.predict(x, 4), y, model.policy, k=3)  # type: ignore[arg-type]
            for lang, x, y in (("en", x_val, y_val), ("de", test, test_labels))
        }
    return out


def test_the_german_rows_cover_every_intent_with_the_same_names() -> None:
    with ENGLISH.open(encoding="utf-8-sig", newline="") as f:
        english = {r["category"] for r in csv.DictReader(f)}
    for path, least in ((GERMAN, 60), (GERMAN_TEST, 5)):
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["category"]] = counts.get(r["category"], 0) + 1
        assert set(counts) == english, path
        assert min(counts.values()) >= least, (path, min(counts.values()))
    with GERMAN.open(encoding="utf-8-sig", newline="") as f:
        trained = {r["text"].lower() for r in csv.DictReader(f)}
    with GERMAN_TEST.open(encoding="utf-8-sig", newline="") as f:
        assert not [r["text"] for r in csv.DictReader(f) if r["text"].lower() in trained]


def test_german_requests_are_understood_with_the_german_rows(
    figures: dict[str, dict[str, Any]],
) -> None:
    german = figures["bilingual"]["de"]
    assert german["top1"] >= 0.9, german
    assert german["top3"] >= 0.97, german
    assert german["wrong_automatic_rate"] <= 0.01, german
    # without them, the English model guesses: the German rows make the difference
    assert figures["english"]["de"]["top1"] < 0.6, figures["english"]["de"]


def test_the_german_rows_cost_english_requests_next_to_nothing(
    figures: dict[str, dict[str, Any]],
) -> None:
    """On these 264 English requests one request is 0.4 points (measured: 0.928 without the
    German rows, 0.9205 with them); on the whole model the cost is a quarter of a point
    (``python benchmarks/german.py``)."""
    english, bilingual = figures["english"]["en"], figures["bilingual"]["en"]
    assert bilingual["top1"] >= english["top1"] - 0.02, (english, bilingual)
    assert bilingual["wrong_automatic_rate"] <= english["wrong_automatic_rate"] + 0.005
