"""Postal addresses in free text (German, British and US formats), for :mod:`inloop.ai.extract`.

    "Hauptstraße 5, 10115 Berlin"                        → DE: street, number, postcode, city
    "221B Baker Street, London NW1 6XE"                 → GB: number, street, city, postcode
    "1600 Amphitheatre Parkway, Mountain View, CA 94043" → US: number, street, city, state, ZIP

An address is only proposed when it has a street that looks like one (a street word such as
``straße``, ``weg``, ``Street`` or ``Road``), a house number and a postcode or a town after it;
"Order 12345 Berlin" has no street and is not an address.
"""

from __future__ import annotations

import re
from typing import Any

Found = tuple[int, int, Any, float]
"""start, end, normalised value, confidence"""

_UPPER = "A-ZÄÖÜ"
_LOWER = "a-zäöüß"
_WORD = rf"[{_UPPER}][{_LOWER}]+"

# -- German: street number, postcode town ------------------------------------------------------

_DE_STREET_WORD = (
    r"(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|stieg|pfad|"
    r"markt|graben|kai|wall|promenade|zeile|brücke|bruecke|hof|berg|feld|garten|winkel|twiete)"
)
_DE_NOT_STREET = r"(?!(?:Adresse|Anschrift|Wohnung|Bitte|Ich|Wir|Meine|Unsere|Ihre|Die|Der|Das)\b)"
_DE_STREET = (
    # "Hauptstraße", "Karl-Marx-Straße", "Berliner Straße", "Alter Postweg", "Müllerstr."
    # (a street's name stays on one line: "Wolfgang Reiter\nLerchenstraße 9" is no
    # "Reiter Lerchenstraße")
    rf"(?:{_DE_NOT_STREET}[{_UPPER}][{_LOWER}]+(?:er|e|en|es)[ \t]+)?"
    rf"(?=[{_UPPER}])[\w-]*?(?i:{_DE_STREET_WORD})(?![\w])"
    # "Am Markt", "An der Alster", "Im Winkel", "Zur Mühle"
    rf"|(?:Am|An[ \t]+der|An[ \t]+den|Im|In[ \t]+der|Auf[ \t]+der|Auf[ \t]+dem|Zum|Zur|"
    rf"Unter[ \t]+den)[ \t]+"
    rf"[{_UPPER}][\w-]+"
)
_DE_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z](?![\w]))?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?"
_DE_TOWN = (
    rf"{_WORD}(?:-{_WORD})*"
    rf"(?:\s+(?:am|an\s+der|im|in|ob\s+der|bei|vor\s+der)\s+{_WORD}(?:-{_WORD})*"
    rf"|\s+\({_WORD}\)|\s+i\.\s?{_WORD})?"
)
_COUNTRY_WORDS = {
    "deutschland": "DE", "germany": "DE", "österreich": "AT", "austria": "AT",
    "schweiz": "CH", "switzerland": "CH", "united kingdom": "GB", "uk": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "great britain": "GB", "usa": "US", "us": "US",
    "united states": "US", "u.s.a.": "US", "vereinigtes königreich": "GB",
}  # fmt: skip
_COUNTRY = "|".join(
    re.escape(w) for w in sorted(_COUNTRY_WORDS, key=len, reverse=True) if w not in ("us",)
)
_COUNTRY_TAIL = rf"(?:,?[ \t]*\n?[ \t]*(?P<country>(?i:{_COUNTRY})|US|USA)(?![\w]))?"

_RE_DE = re.compile(
    rf"(?<![\w-])(?P<street>{_DE_STREET})[ \t]+(?P<number>{_DE_NUMBER})(?![\w/-])"
    rf"(?:[ \t]*,?[ \t]*\n?[ \t]*(?:D-)?(?P<postcode>\d{{5}})[ \t]+(?P<town>{_DE_TOWN})"
    rf"|[ \t]*,[ \t]*(?P<town_only>{_DE_TOWN})(?=[ \t]*(?:[.;!?\n]|$)))"
    rf"{_COUNTRY_TAIL}"
)

# -- English: number street, town postcode -----------------------------------------------------

_EN_STREET_WORD = (
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Close|Court|Ct\.?|"
    r"Crescent|Place|Pl\.?|Square|Sq\.?|Terrace|Way|Gardens|Grove|Hill|Row|Walk|Mews|Parade|"
    r"Parkway|Pkwy\.?|Boulevard|Blvd\.?|Highway|Hwy\.?|Circle|Trail|Green|Rise|Embankment)"
)
_EN_STREET = rf"(?:[A-Z][\w'\u2019.-]*[ \t]+){{1,3}}?{_EN_STREET_WORD}(?![\w])"
RE_EN_STREET_WORD = re.compile(rf"{_EN_STREET_WORD}")
"""A word that ends an English street's name ("Street", "Rd.", "Crescent")."""
_EN_NUMBER = r"\d{1,5}[A-Za-z]?(?:-\d{1,5}[A-Za-z]?)?"
_EN_TOWN = r"[A-Z][a-z]+(?:[ -](?:upon|on|under|in|le)[ -][A-Z][a-z]+|[ -][A-Z][a-z]+){0,2}"
_UK_POSTCODE = r"(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})"
US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_SEP = r"[ \t]*,?[ \t]*\n?[ \t]*"
STREET = (
    rf"(?:{_DE_STREET})[ \t]+{_DE_NUMBER}(?![\w/-])"
    rf"|{_EN_NUMBER}[ \t]+{_EN_STREET}"
)
"""A street with its house number, in German ("Am Anger 2") or English order ("8 Canal Street")."""

_RE_EN = re.compile(
    rf"(?<![\w-])(?P<number>{_EN_NUMBER})[ \t]+(?P<street>{_EN_STREET})"
    rf"(?:{_SEP}(?P<locality>{_EN_TOWN}),)?"
    rf"(?:[ \t]*,?[ \t]*\n?[ \t]*(?P<town>{_EN_TOWN})"
    rf"(?:{_SEP}(?P<uk>{_UK_POSTCODE})(?![A-Za-z0-9])"
    rf"|[ \t]*,?[ \t]+(?P<state>{US_STATES})[ \t]+(?P<zip>\d{{5}}(?:-\d{{4}})?)(?!\d)"
    rf"|(?=[ \t]*(?:[.;!?\n]|$))))"
    rf"{_COUNTRY_TAIL}"
)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _country(match: re.Match[str], implied: str | None) -> str | None:
    word = match.group("country")
    if word:
        return _COUNTRY_WORDS.get(word.lower(), implied)
    return implied


def _german(text: str) -> list[Found]:
    out: list[Found] = []
    for m in _RE_DE.finditer(text):
        postcode = m.group("postcode")
        if postcode and postcode.startswith("00"):
            continue
        town = m.group("town") or m.group("town_only")
        value = {
            "street": _clean(m.group("street")),
            "house_number": m.group("number").replace(" ", ""),
            "postcode": postcode,
            "city": _clean(town),
            "region": None,
            "country": _country(m, "DE" if postcode else None),
        }
        out.append((m.start(), m.end(), value, 0.85 if postcode else 0.6))
    return out


def _english(text: str) -> list[Found]:
    out: list[Found] = []
    for m in _RE_EN.finditer(text):
        uk, zip_code = m.group("uk"), m.group("zip")
        if uk:
            compact = uk.replace(" ", "")
            postcode: str | None = f"{compact[:-3]} {compact[-3:]}"
            implied: str | None = "GB"
        elif zip_code:
            postcode, implied = zip_code, "US"
        else:
            postcode, implied = None, None
        value = {
            "street": _clean(m.group("street")),
            "house_number": m.group("number"),
            "postcode": postcode,
            "city": _clean(m.group("town")),
            "region": m.group("state") if zip_code else None,
            "country": _country(m, implied),
        }
        out.append((m.start(), m.end(), value, 0.85 if postcode else 0.6))
    return out


def find_addresses(text: str) -> list[Found]:
    """Postal addresses in ``text``, as ``{"street", "house_number", "postcode", "city",
    "region", "country"}``; ``postcode``, ``region`` (the US state) and ``country`` (ISO code,
    from a country name or implied by the postcode's format) may be null."""
    found = sorted(_german(text) + _english(text), key=lambda f: (-f[3], f[0]))
    kept: list[Found] = []
    for start, end, value, confidence in found:
        if not any(s < end and start < e for s, e, _, _ in kept):
            kept.append((start, end, value, confidence))
    return sorted(kept, key=lambda f: f[0])
