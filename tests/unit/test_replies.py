"""Suggested replies: retrieval of approved templates, placeholders, the shipped library."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from inloop.ai.errors import DataInvalid
from inloop.ai.extract import extract
from inloop.ai.replies import ReplyLibrary, ReplyTemplate, fill

ROOT = Path(__file__).resolve().parents[2]
BITEXT = ROOT / "data" / "bitext" / "bitext_customer_support_train.csv"
SHIPPED = ROOT / "src" / "inloop" / "ai" / "resources" / "bitext_replies.json"
PER_INTENT = 8  # as scripts/build-reply-library


def split() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Every fifth row of each intent held out."""
    with BITEXT.open(encoding="utf-8", newline="") as f:
        rows = [(r["intent"], r["instruction"], r["response"]) for r in csv.DictReader(f)]
    seen: dict[str, int] = {}
    train, held_out = [], []
    for row in rows:
        n = seen.get(row[0], 0)
        seen[row[0]] = n + 1
        (held_out if n % 5 == 0 else train).append(row)
    return train, held_out


def test_held_out_requests_get_a_reply_of_their_intent() -> None:
    train, held_out = split()
    library = ReplyLibrary.from_rows(train, per_intent=PER_INTENT)
    assert len(library.intents) == 27
    assert len(library.templates) == 27 * PER_INTENT
    right = sum(library.suggest(text, k=1)[0].intent == intent for intent, text, _ in held_out)
    assert len(held_out) > 800
    assert right / len(held_out) >= 0.9, right / len(held_out)


def test_the_shipped_library_is_built_from_the_shipped_data() -> None:
    built = ReplyLibrary.from_csv(BITEXT, per_intent=PER_INTENT).to_json()
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == built, (
        "run ./scripts/build-reply-library"
    )


def test_default_library_suggests_filled_replies() -> None:
    library = ReplyLibrary.default()
    assert library is ReplyLibrary.default()  # indexed once
    replies = library.suggest(
        "I want to cancel my order 4417, it was a mistake", k=3,
        fields={"order_number": "4417"},
    )  # fmt: skip
    assert len(replies) == 3
    assert replies[0].intent == "cancel_order"
    assert [r.score for r in replies] == sorted((r.score for r in replies), reverse=True)
    assert all(0.0 < r.score <= 1.0 for r in replies)
    assert len({r.template_id for r in replies}) == 3
    for r in replies:
        assert "{{" not in r.text or r.missing
        for name in r.missing:
            assert "{{" + name + "}}" in r.text  # unknown placeholders stay visible


def test_placeholders() -> None:
    text, missing = fill(
        "Order {{Order Number}} ({{Purchase ID Anonymized}}) for {{Customer Name}}: "
        "{{Refund Amount}} back. Call {{Customer Support Phone Number}}.",
        {"order_number": "A-17", "person_name": "Jane Doe",
         "amount": {"amount": "25.00", "currency": "GBP"}},
    )  # fmt: skip
    assert text == (
        "Order A-17 (A-17) for Jane Doe: 25.00 GBP back. Call {{Customer Support Phone Number}}."
    )
    assert missing == ("Customer Support Phone Number",)
    assert fill("Hi {{ Name }}", {"Name": "Ann"}) == ("Hi Ann", ())
    found = extract("Where is order #88123?\n\nBest regards,\nTom Baker")
    assert fill("{{Order Number}} for {{Customer Name}} ({{Email}})", found) == (
        "88123 for Tom Baker ({{Email}})",
        ("Email",),
    )
    assert fill("Hi {{Name}}", {"name": ""}) == ("Hi {{Name}}", ("Name",))


def test_an_intent_prior_moves_the_ranking() -> None:
    library = ReplyLibrary.from_rows(
        [
            ("track_order", "where is my parcel", "Your parcel {{Order Number}} is on its way."),
            ("track_order", "when does my order arrive", "It arrives in {{Days}} days."),
            ("get_refund", "I want my money back", "We refund {{Refund Amount}}."),
            ("get_refund", "refund my parcel please", "Your refund is on its way."),
        ]
    )
    plain = library.suggest("my parcel", k=1)[0]
    assert plain.intent == "track_order"
    nudged = library.suggest("my parcel", k=1, intent_prior={"get_refund": 0.9}, prior_weight=0.8)
    assert nudged[0].intent == "get_refund"
    scores = library.intent_scores("money back please")
    assert next(iter(scores)) == "get_refund"


def test_a_library_round_trips_through_json(tmp_path: Path) -> None:
    library = ReplyLibrary(
        [ReplyTemplate(template_id="t1", intent="greet", text="Hello!", examples=("hi",))],
        [("greet", "good morning")],
    )
    path = tmp_path / "lib.json"
    path.write_text(json.dumps(library.to_json()), encoding="utf-8")
    again = ReplyLibrary.load(path)
    assert again.to_json() == library.to_json()
    assert again.suggest("good morning to you", k=5)[0].template_id == "t1"


def test_bad_input() -> None:
    with pytest.raises(DataInvalid):
        ReplyLibrary([])
    with pytest.raises(DataInvalid):
        ReplyLibrary(
            [ReplyTemplate(template_id="t1", intent="a", text="x")], [("b", "an orphan example")]
        )
    with pytest.raises(DataInvalid):
        ReplyLibrary.from_json({"format_version": 99})
    with pytest.raises(DataInvalid):
        ReplyLibrary.default().suggest("hello", k=0)
