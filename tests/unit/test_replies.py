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


PARCEL = [
    (
        "track_order",
        "where is my parcel",
        {
            "en": "Parcel {{Order Number}} is on its way.",
            "de": "Paket {{Order Number}} ist unterwegs.",
        },
    ),
    ("track_order", "where is my parcel now", "Your parcel {{Order Number}} is near."),
    ("get_refund", "I want my money back", "We refund {{Refund Amount}}."),
]


def test_a_reply_comes_in_the_language_asked_for() -> None:
    library = ReplyLibrary.from_rows(PARCEL)
    fields = {"order_number": "A-1"}
    plain = library.suggest("where is my parcel now", k=3, fields=fields)
    assert [(r.text, r.language) for r in plain[:2]] == [
        ("Your parcel A-1 is near.", "en"),
        ("Parcel A-1 is on its way.", "en"),
    ]
    german = library.suggest("where is my parcel now", k=3, fields=fields, language="de")
    assert [(r.text, r.language) for r in german] == [
        ("Paket A-1 ist unterwegs.", "de"),
        ("Your parcel A-1 is near.", "en"),  # no German text: after the German one, marked
        ("We refund {{Refund Amount}}.", "en"),  # but still before another intent
    ]
    assert german[0].score < german[1].score  # the score stays the closeness to the request
    assert german[2].missing == ("Refund Amount",)
    # a language no template has changes nothing but says so
    assert [
        r.text for r in library.suggest("where is my parcel now", fields=fields, language="fr")
    ] == [r.text for r in plain]
    merged = ReplyLibrary.from_rows([PARCEL[0], ("track_order", "parcel?", PARCEL[0][2]["en"])])
    assert len(merged.templates) == 1 and merged.templates[0].examples == (
        "where is my parcel",
        "parcel?",
    )
    assert merged.templates[0].translations == {"de": "Paket {{Order Number}} ist unterwegs."}


def test_translations_are_checked() -> None:
    def build(reply: object, **kw: object) -> ReplyLibrary:
        return ReplyLibrary.from_rows([("greet", "hi", reply)], **kw)  # type: ignore[list-item, arg-type]

    with pytest.raises(
        DataInvalid, match=r"the 'de' text has the placeholders \['Name'\], the 'en' text \[\]"
    ):
        build({"en": "Hello!", "de": "Hallo {{Name}}!"})
    with pytest.raises(DataInvalid, match="the 'de' text has the placeholders"):
        build({"en": "Hello {{Name}}!", "de": "Hallo!"})
    with pytest.raises(DataInvalid, match="language 'German' is not a code"):
        build({"en": "Hello!", "German": "Hallo!"})
    with pytest.raises(DataInvalid, match="'de' text is empty"):
        build({"en": "Hello!", "de": "  "})
    with pytest.raises(DataInvalid, match="a text or an object"):
        build({})
    with pytest.raises(DataInvalid, match="two different 'de' texts"):
        ReplyLibrary.from_rows(
            [("greet", "hi", {"en": "Hello!", "de": "Hallo!"}),
             ("greet", "hey", {"en": "Hello!", "de": "Servus!"})]
        )  # fmt: skip
    with pytest.raises(DataInvalid, match="translation into its own language"):
        ReplyLibrary(
            [ReplyTemplate(template_id="t", intent="a", text="x", translations={"en": "y"})]
        )
    with pytest.raises(DataInvalid, match="no reply template with the id 'nope'"):
        build("Hello!").with_translations("de", {"nope": "Hallo!"})
    with pytest.raises(DataInvalid, match="translations not an object"):
        ReplyLibrary.from_json(
            {"format_version": 1,
             "intents": {"a": {"templates": [{"id": "t", "text": "x", "translations": ["y"]}]}}}
        )  # fmt: skip
    german_only = build("Hallo {{Name}}!", language="de")
    assert german_only.templates[0].language == "de"
    assert german_only.suggest("hi", fields={"name": "Ute"})[0].text == "Hallo Ute!"
    assert german_only.suggest("hi", language="en")[0].language == "de"


def test_translations_round_trip_and_come_from_csv(tmp_path: Path) -> None:
    base = ReplyLibrary.from_rows(PARCEL)
    refund = base.templates[2].template_id
    library = base.with_translations("de", {refund: "Wir erstatten {{Refund Amount}}."})
    path = tmp_path / "lib.json"
    path.write_text(json.dumps(library.to_json()), encoding="utf-8")
    again = ReplyLibrary.load(path)
    assert again.to_json() == library.to_json()

    def translations(lib: ReplyLibrary) -> dict[str, object]:
        return {t.template_id: t.translations for t in lib.templates}

    assert translations(again) == translations(library)
    assert len([t for t in again.templates if t.translations]) == 2
    assert again.suggest("money back", language="de")[0].text == "Wir erstatten {{Refund Amount}}."

    csv_path = tmp_path / "replies.csv"
    csv_path.write_text(
        "intent,instruction,response,response_de\n"
        'track_order,where is my parcel,"Parcel {{Order Number}} is on its way.",'
        '"Paket {{Order Number}} ist unterwegs."\n'
        "get_refund,I want my money back,We refund {{Refund Amount}}.,\n",
        encoding="utf-8",
    )
    from_csv = ReplyLibrary.from_csv(csv_path, translation_columns={"de": "response_de"})
    assert [t.translations for t in from_csv.templates] == [
        {"de": "Paket {{Order Number}} ist unterwegs."},
        {},
    ]
    with pytest.raises(DataInvalid, match="response_fr"):
        ReplyLibrary.from_csv(csv_path, translation_columns={"fr": "response_fr"})


def test_the_default_library_answers_in_german() -> None:
    library = ReplyLibrary.default()
    german = [t for t in library.templates if "de" in t.translations]
    assert {t.intent for t in german} == set(library.intents)  # one for every intent
    replies = library.suggest(
        "I want to cancel my order 4417, it was a mistake", k=3,
        fields={"order_number": "4417"}, language="de",
    )  # fmt: skip
    assert replies[0].intent == "cancel_order" and replies[0].language == "de"
    assert "Bestellung 4417" in replies[0].text or "Nummer 4417" in replies[0].text
    # the intents keep the order the request gives them; only templates within one swap places
    plain = library.suggest("I want to cancel my order 4417, it was a mistake", k=3)
    assert [r.intent for r in replies] == [r.intent for r in plain]
