"""Extraction on the hand-annotated messages of ``benchmarks/data/extraction.jsonl`` (6530
English and German customer messages): a guard that a change to one pattern does not cost
another field. ``python benchmarks/extract.py --errors`` lists what is missed."""

from __future__ import annotations

from benchmarks.extract import DATA, read, score

# floors a little under what the extraction reaches on these messages (precision 0.98 or more
# for every field but dates, 0.974, and periods, 0.983; recall 0.96 or more; F1 0.977 in
# English and 0.984 in German), so that a change that costs another field fails here. Dates,
# periods, names and English are lower since the messages by writers from Asia, Africa and
# the Caribbean (ag-), what forms, apps and calendars send (aj-), scanned letters (av-),
# messenger chats (ax-), pasted text messages (az-) and recognised forms (bb-) joined
PRECISION = 0.98  # a proposed value is a prefill the customer has to correct when it is wrong
RECALL = 0.94
LOWER = {
    ("date", "precision"): 0.97,
    ("date_period", "precision"): 0.975,
    ("person_name", "recall"): 0.93,
}
MICRO_F1 = {"en": 0.97, "de": 0.98}


def test_the_annotated_messages() -> None:
    report = score(read(DATA))
    assert report["messages"] >= 550
    for scope in ("en", "de"):
        assert report[scope]["micro"]["f1"] >= MICRO_F1[scope], (scope, report[scope]["micro"])
    for field, figures in report["all"]["fields"].items():
        assert figures["precision"] >= LOWER.get((field, "precision"), PRECISION), (field, figures)
        assert figures["recall"] >= LOWER.get((field, "recall"), RECALL), (field, figures)
