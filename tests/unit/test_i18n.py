"""Every customer-facing text exists in English and German."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from inloop.channels.i18n import gettext_for, negotiate, normalize, pick

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "inloop"
KEYWORDS = {"_": None, "gettext": None, "N_": None, "gettext_for": (2,)}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]


def extracted() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(SRC),
        METHODS,
        keywords=KEYWORDS,
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):
        if isinstance(message, str) and message:
            found.add(message)
    return found


def test_the_extraction_finds_the_portal_and_the_timeline() -> None:
    messages = extracted()
    assert "Please correct the following:" in messages  # a template
    assert "We received your request." in messages  # the timeline
    assert "This form was sent from another site." in messages  # gettext_for in the portal


def test_every_message_has_a_german_translation() -> None:
    po = SRC / "locale" / "de" / "LC_MESSAGES" / "inloop.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale="de")
    missing = sorted(m for m in extracted() if m not in catalog or not catalog[m].string)
    assert missing == [], f"untranslated into German: {missing}"


def test_placeholders_survive_translation() -> None:
    po = SRC / "locale" / "de" / "LC_MESSAGES" / "inloop.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale="de")
    import re

    for message in catalog:
        if message.id and message.string:
            assert set(re.findall(r"\{\w+\}", str(message.id))) == set(
                re.findall(r"\{\w+\}", str(message.string))
            ), message.id


def test_language_choice() -> None:
    assert normalize("de-AT") == "de" and normalize("fr") == "en" and normalize(None) == "en"
    assert negotiate("fr-FR,de;q=0.8,en;q=0.5") == "de"
    assert negotiate("de", preferred="en") == "en"
    assert negotiate(None) == "en"
    assert pick({"en": "Hello", "de": "Hallo"}, "de") == "Hallo"
    assert pick({"en": "Hello"}, "de") == "Hello"
    assert gettext_for("de", "Please answer by {deadline}.", deadline="morgen") == (
        "Bitte antworten Sie bis morgen."
    )
