"""Languages: English and German for every customer-facing text.

Catalogues are gettext ``.po`` files in ``inloop/locale/<lang>/LC_MESSAGES/inloop.po``, read with
Babel when first needed (no build step). English is the source language; a message missing from a
catalogue falls back to English. Process authors give translations of their own texts as
``{"en": ..., "de": ...}`` (:func:`pick`).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SUPPORTED = ("en", "de")
DEFAULT = "en"


def normalize(locale: str | None) -> str:
    """The supported language for a locale like ``de-AT`` or ``de_DE``; English otherwise."""
    if not locale:
        return DEFAULT
    lang = locale.replace("_", "-").split("-", 1)[0].strip().lower()
    return lang if lang in SUPPORTED else DEFAULT


def negotiate(accept_language: str | None, preferred: str | None = None) -> str:
    """``preferred`` (the customer's stored locale) if supported, else the best match of an
    ``Accept-Language`` header, else English."""
    if preferred and normalize(preferred) == preferred.split("-")[0].split("_")[0].lower():
        return normalize(preferred)
    weighted: list[tuple[float, str]] = []
    for part in (accept_language or "").split(","):
        piece = part.strip()
        if not piece:
            continue
        tag, _, q = piece.partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        lang = tag.split("-", 1)[0].strip().lower()
        if lang in SUPPORTED:
            weighted.append((weight, lang))
    if weighted:
        return max(weighted, key=lambda w: w[0])[1]
    return DEFAULT


@cache
def translations(lang: str) -> gettext.NullTranslations:
    lang = normalize(lang)
    try:
        po = resources.files("inloop").joinpath("locale", lang, "LC_MESSAGES", "inloop.po")
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
    except FileNotFoundError:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(lang: str, message: str, **params: object) -> str:
    text = translations(lang).gettext(message)
    return text.format(**params) if params else text


def pick(texts: Mapping[str, str] | None, lang: str) -> str | None:
    """A process author's text in ``lang``, else English, else any."""
    if not texts:
        return None
    return texts.get(normalize(lang)) or texts.get(DEFAULT) or next(iter(texts.values()))


def format_time(moment: datetime, lang: str, tz: str = "UTC") -> str:
    """A date and time as people of ``lang`` read it, in the time zone ``tz`` (an IANA name,
    the ``timezone`` setting) and saying which: "5 January 2026, 09:00 UTC" / "5. Januar 2026,
    10:00 CET" (the zone's usual abbreviation; "UTC+04" where it has none)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(_zone(tz))
    pattern = "d. MMMM y, HH:mm" if normalize(lang) == "de" else "d MMMM y, HH:mm"
    try:
        text = format_datetime(
            moment, pattern, tzinfo=moment.tzinfo, locale=Locale.parse(normalize(lang))
        )
    except UnknownLocaleError:
        text = moment.isoformat(timespec="minutes")
    if moment.tzinfo is None:
        return text
    name = moment.tzname() or ""
    if not name or name[0] in "+-":
        offset = moment.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds()) // 60
        sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
        name = "UTC" if not minutes else f"UTC{sign}{minutes // 60:02d}"
        name += f":{minutes % 60:02d}" if minutes % 60 else ""
    return f"{text} {name}"


@cache
def _zone(name: str) -> tzinfo:
    return UTC if name == "UTC" else ZoneInfo(name)
