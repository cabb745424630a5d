"""German requests: the built-in model trains on ``data/banking77/train_de.csv`` (German requests
written for inloop) together with Banking77's ``train.csv``, so a German customer's request is
understood. Measured on German requests by other writers
(``benchmarks/data/banking77_de_test.csv``, never trained on).

Ten intents, close neighbours among them, so the models train in seconds; the figures of the
whole model come from ``python benchmarks/german.py``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from inloop.ai import IntentModel
from inloop.ai.data import read_columns
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
    """The requests of the ten intents."""
    texts, labels = read_columns(path, ["text", "category"])
    kept = [(t, c) for t, c in zip(texts, labels, strict=True) if c in INTENTS]
    return [t for t, _ in kept], [c for _, c in kept]


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
    """Every intent of Banking77, by its exact name, has German requests to train on and to
    test with; no test request is also a training one."""
    english = set(read_columns(ENGLISH, ["category"])[0])
    for path, least in ((GERMAN, 60), (GERMAN_TEST, 5)):
        counts = Counter(read_columns(path, ["category"])[0])
        assert set(counts) == english, path
        assert min(counts.values()) >= least, (path, min(counts.values()))
    trained = {t.lower() for t in read_columns(GERMAN, ["text"])[0]}
    tested = read_columns(GERMAN_TEST, ["text"])[0]
    assert not [t for t in tested if t.lower() in trained]


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
