"""Every customer-facing text exists in English and German."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from inloop.channels.i18n import format_time, gettext_for, negotiate, normalize, pick
from inloop.config import Settings
from inloop.errors import ConfigError

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


def test_times_are_shown_in_the_configured_zone_and_say_which() -> None:
    winter = datetime(2026, 12, 3, 5, 42, tzinfo=UTC)
    summer = datetime(2026, 7, 3, 5, 42, tzinfo=UTC)
    assert format_time(winter, "en") == "3 December 2026, 05:42 UTC"
    assert format_time(winter, "de", "Europe/Berlin") == "3. Dezember 2026, 06:42 CET"
    assert format_time(summer, "de", "Europe/Berlin") == "3. Juli 2026, 07:42 CEST"
    assert format_time(winter, "en", "America/New_York") == "3 December 2026, 00:42 EST"
    assert format_time(winter, "en", "Asia/Kolkata") == "3 December 2026, 11:12 IST"
    # a zone without an abbreviation: its offset
    assert format_time(winter, "en", "Asia/Dubai") == "3 December 2026, 09:42 UTC+04"
    assert format_time(winter, "en", "Asia/Kathmandu") == "3 December 2026, 11:27 UTC+05:45"


@pytest.mark.parametrize("zone", ["Berlin", "europe/berlin", "../etc/passwd", ""])
def test_a_bad_time_zone_setting_names_the_variable(zone: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"INLOOP_TIMEZONE": zone})
    assert info.value.data["setting"] == "INLOOP_TIMEZONE"
    assert "Europe/Berlin" in info.value.message
    assert Settings.from_env({"INLOOP_TIMEZONE": "Europe/Vienna"}).timezone == "Europe/Vienna"
