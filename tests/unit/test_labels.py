"""Customer-readable intent labels in English and German."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from inloop.ai.errors import DataInvalid
from inloop.ai.labels import builtin_labels, humanize, label_text, load_labels

ROOT = Path(__file__).resolve().parents[2]


def banking77_intents() -> set[str]:
    with (ROOT / "data" / "banking77" / "train.csv").open(encoding="utf-8", newline="") as f:
        return {row["category"] for row in csv.DictReader(f)}


def bitext_intents() -> set[str]:
    path = ROOT / "data" / "bitext" / "bitext_customer_support_train.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {row["intent"] for row in csv.DictReader(f)}


def clinc150_intents() -> set[str]:
    domains = json.loads((ROOT / "data" / "clinc150" / "domains.json").read_text("utf-8"))
    return {intent for intents in domains.values() for intent in intents} | {"oos"}


@pytest.mark.parametrize(
    ("name", "intents"),
    [("banking77", banking77_intents), ("bitext", bitext_intents), ("clinc150", clinc150_intents)],
)
def test_every_shipped_intent_has_a_label_in_both_languages(name: str, intents: object) -> None:
    labels = builtin_labels(name)
    assert set(labels) == intents()  # type: ignore[operator]
    for lang in ("en", "de"):
        texts = [labels[intent][lang] for intent in labels]
        assert all(t.strip() == t and t for t in texts), lang
        assert len(set(texts)) == len(texts), f"duplicate {lang} labels in {name}"
        assert all(len(t) <= 80 for t in texts)
    assert len(banking77_intents()) == 77


def test_label_text_in_both_languages_with_fallbacks() -> None:
    assert label_text("card_arrival", "en") == "My card has not arrived yet"
    assert label_text("card_arrival", "de-AT") == "Meine Karte ist noch nicht angekommen"
    assert label_text("card_arrival", "fr") == "My card has not arrived yet"
    assert label_text("card_arrival") == label_text("card_arrival", "en")
    assert label_text("track_order", "de") == "Wo ist meine Bestellung?"
    assert label_text("home_insurance_claim", "de") == "Home insurance claim"
    assert label_text("book_flight", "de") == "Ich möchte einen Flug buchen"  # CLINC150
    assert label_text("exchange_rate", "en") == "What exchange rate do you use?"


def test_humanize() -> None:
    assert humanize("card_arrival") == "Card arrival"
    assert humanize("Refund_not_showing_up") == "Refund not showing up"
    assert humanize("lostCardPIN") == "Lost card PIN"
    assert humanize("change-IBAN") == "Change IBAN"


def test_a_process_author_gives_labels_of_their_own(tmp_path: Path) -> None:
    own = {"claim": {"en": "I want to report damage", "de": "Ich möchte einen Schaden melden"}}
    assert label_text("claim", "de", own) == "Ich möchte einen Schaden melden"
    partial = {"card_arrival": {"en": "Where is my card?"}}
    assert label_text("card_arrival", "en", partial) == "Where is my card?"
    assert label_text("card_arrival", "de", partial) == "Where is my card?"  # author's English
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(own), encoding="utf-8")
    assert label_text("claim", "en", load_labels(path)) == "I want to report damage"


@pytest.mark.parametrize(
    "content", ["[]", '{"claim": "text"}', '{"claim": {"en": "  "}}', "{not json"]
)
def test_bad_label_files_are_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "labels.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataInvalid):
        load_labels(path)
    with pytest.raises(DataInvalid):
        load_labels(tmp_path / "missing.json")
    with pytest.raises(DataInvalid):
        builtin_labels("clinc999")
