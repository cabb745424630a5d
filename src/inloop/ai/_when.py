"""Dates, periods and times in free text (English and German), for :mod:`inloop.ai.extract`.

Candidates are found with patterns; absolute dates are validated and normalised by
``dateparser`` (so "31 February" is dropped), relative expressions ("next Tuesday", "in two
weeks", "übermorgen", "nächste Woche") are resolved against the reference time.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Any

import dateparser

Found = tuple[int, int, Any, float]
"""start, end, normalised value, confidence"""

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    [
        "january jan januar jänner jaenner",
        "february feb februar",
        "march mar märz maerz mär",
        "april apr",
        "may mai",
        "june jun juni",
        "july jul juli",
        "august aug",
        "september sep sept",
        "october oct oktober okt",
        "november nov",
        "december dec dezember dez",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _n

_WEEKDAYS: dict[str, int] = {}
for _n, _names in enumerate(
    [
        "monday mon montag",
        "tuesday tue tues dienstag",
        "wednesday wed mittwoch",
        "thursday thu thur thurs donnerstag",
        "friday fri freitag",
        "saturday sat samstag sonnabend",
        "sunday sun sonntag",
    ]
):
    for _name in _names.split():
        _WEEKDAYS[_name] = _n

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
    "zwölf": 12, "twenty": 20, "twenty-five": 25, "zwanzig": 20, "fünfundzwanzig": 25,
    "quarter": 15, "half": 30, "viertel": 15,
}  # fmt: skip


def _alt(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


MONTH = rf"(?:{_alt(list(_MONTHS))})"
WEEKDAY = rf"(?:{_alt(list(_WEEKDAYS))})"
NUM = rf"(?:\d{{1,2}}|{_alt(list(_NUMBERS))})"
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
ORD = r"(?:st|nd|rd|th|\.)?"
YEAR = r"(?:19|20)\d{2}"
B = r"(?<![\w.])"  # start boundary
E = r"(?![\w])"  # end boundary

_ABSOLUTE = [
    rf"{B}{DAY}{ORD}\s+(?:of\s+)?{MONTH}\.?(?:,?\s+{YEAR})?{E}",
    rf"{B}{MONTH}\.?\s+(?:the\s+)?{DAY}{ORD}(?:,?\s+{YEAR})?{E}",
    rf"{B}{YEAR}-(?:0[1-9]|1[0-2])-{DAY}{E}",
    rf"{B}{DAY}/(?:0?[1-9]|1[0-2])/(?:{YEAR}|\d{{2}}){E}",
    rf"{B}{DAY}\.(?:0?[1-9]|1[0-2])\.(?:{YEAR}|\d{{2}}(?!\d))?",
]
ABSOLUTE = "(?:" + "|".join(f"(?:{p})" for p in _ABSOLUTE) + ")"

_RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "tomorrow": 1, "day after tomorrow": 2, "yesterday": -1,
    "day before yesterday": -2, "heute": 0, "morgen": 1, "übermorgen": 2, "gestern": -1,
    "vorgestern": -2,
}  # fmt: skip

_UNITS = {
    "day": "d", "days": "d", "tag": "d", "tage": "d", "tagen": "d",
    "week": "w", "weeks": "w", "woche": "w", "wochen": "w",
    "month": "m", "months": "m", "monat": "m", "monate": "m", "monaten": "m",
    "year": "y", "years": "y", "jahr": "y", "jahre": "y", "jahren": "y",
}  # fmt: skip
UNIT = rf"(?:{_alt(list(_UNITS))})"

_RE_DAYWORD = re.compile(
    rf"{B}(?:(?:the\s+)?day\s+after\s+tomorrow|(?:the\s+)?day\s+before\s+yesterday|today|"
    rf"tonight|tomorrow|yesterday|heute|übermorgen|vorgestern|gestern|"
    rf"(?<!heute )(?<!am )(?<!guten )morgen){E}",
    re.I,
)
_RE_IN = re.compile(rf"{B}(in|within|innerhalb\s+von)\s+({NUM})\s+({UNIT}){E}", re.I)
_RE_AGO = re.compile(
    rf"{B}(?:({NUM})\s+({UNIT})\s+(ago|from\s+now)|vor\s+({NUM})\s+({UNIT})){E}", re.I
)
_RE_WEEKDAY = re.compile(
    rf"{B}(?:(next|this|last|coming|on|nächsten|nächster|kommenden|diesen|letzten|am)\s+)?"
    rf"({WEEKDAY}){E}",
    re.I,
)
_RE_ABSOLUTE = re.compile(ABSOLUTE, re.I)
_RE_DAYS_MONTH = re.compile(
    rf"{B}(?:(?:from|between|vom|von|zwischen)\s+(?:the\s+|dem\s+)?)?({DAY}){ORD}\s*"
    rf"(?:to|till|until|and|bis(?:\s+zum)?|und|-|\u2013)\s*(?:the\s+|dem\s+)?({DAY}){ORD}\s+"
    rf"(?:of\s+)?({MONTH})\.?(?:,?\s+({YEAR}))?{E}",
    re.I,
)
_RE_DATE_TO_DATE = re.compile(
    rf"{B}(?:(?:from|between|vom|von|zwischen)\s+(?:the\s+|dem\s+)?)?({ABSOLUTE})\s*"
    rf"(?:to|till|until|and|bis(?:\s+zum)?|und|-|\u2013)\s*(?:the\s+|dem\s+)?({ABSOLUTE})",
    re.I,
)
_RE_REL_PERIOD = re.compile(
    rf"{B}(next|this|last|coming|nächste|nächsten|kommende|kommenden|diese|diesen|letzte|"
    rf"letzten)\s+(week|month|woche|monat){E}",
    re.I,
)

_FUTURE = {"next", "coming", "nächsten", "nächster", "kommenden", "nächste", "kommende"}
_PAST = {"last", "letzten", "letzte"}


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _shift(base: date, amount: int, unit: str) -> date:
    if unit == "d":
        return base + timedelta(days=amount)
    if unit == "w":
        return base + timedelta(weeks=amount)
    return _add_months(base, amount * (12 if unit == "y" else 1))


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def parse_absolute(text: str, locale: str, base: datetime) -> date | None:
    """A calendar date written out (no relative words), validated by dateparser."""
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text, flags=re.I)
    cleaned = re.sub(r"\bthe\b|\bof\b", " ", cleaned, flags=re.I)
    settings: Any = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "current_period",
        "DATE_ORDER": "YMD" if re.match(r"\d{4}-", cleaned) else "DMY",
        "STRICT_PARSING": False,
        "REQUIRE_PARTS": ["day", "month"],
    }
    languages = ["de", "en"] if locale == "de" else ["en", "de"]
    parsed = dateparser.parse(" ".join(cleaned.split()), languages=languages, settings=settings)
    return parsed.date() if parsed is not None else None


def _covered(spans: list[Found], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e, _, _ in spans)


def find_periods(text: str, locale: str, base: datetime) -> list[Found]:
    found: list[Found] = []
    for m in _RE_DAYS_MONTH.finditer(text):
        month, year = m.group(3), m.group(4) or ""
        first = parse_absolute(f"{m.group(1)} {month} {year}", locale, base)
        last = parse_absolute(f"{m.group(2)} {month} {year}", locale, base)
        if first and last and first <= last:
            found.append((m.start(), m.end(), _period(first, last), 0.85))
    for m in _RE_DATE_TO_DATE.finditer(text):
        if _covered(found, m.start(), m.end()):
            continue
        first = parse_absolute(m.group(1), locale, base)
        last = parse_absolute(m.group(2), locale, base)
        if first and last and first <= last:
            found.append((m.start(), m.end(), _period(first, last), 0.85))
    today = base.date()
    for m in _RE_REL_PERIOD.finditer(text):
        which, unit = m.group(1).lower(), m.group(2).lower()
        step = 1 if which in _FUTURE else -1 if which in _PAST else 0
        if unit in ("week", "woche"):
            monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
            first, last = monday, monday + timedelta(days=6)
        else:
            first = _add_months(today.replace(day=1), step)
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        found.append((m.start(), m.end(), _period(first, last), 0.8))
    return found


def _period(first: date, last: date) -> dict[str, str]:
    return {"from": first.isoformat(), "to": last.isoformat()}


def find_dates(text: str, locale: str, base: datetime, taken: list[Found]) -> list[Found]:
    """Dates outside the spans in ``taken`` (the periods)."""
    found: list[Found] = []
    today = base.date()

    def add(start: int, end: int, value: date, confidence: float) -> None:
        if not _covered(taken, start, end) and not _covered(found, start, end):
            found.append((start, end, value.isoformat(), confidence))

    for m in _RE_ABSOLUTE.finditer(text):
        parsed = parse_absolute(m.group(0), locale, base)
        if parsed is not None:
            add(m.start(), m.end(), parsed, 0.9)
    for m in _RE_DAYWORD.finditer(text):
        key = " ".join(m.group(0).lower().replace("the ", "").split())
        add(m.start(), m.end(), today + timedelta(days=_RELATIVE_DAYS[key]), 0.85)
    for m in _RE_IN.finditer(text):
        n = _number(m.group(2))
        if n is not None:
            add(m.start(), m.end(), _shift(today, n, _UNITS[m.group(3).lower()]), 0.8)
    for m in _RE_AGO.finditer(text):
        word, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5))
        n = _number(word)
        if n is not None:
            sign = 1 if m.group(3) and m.group(3).lower().startswith("from") else -1
            add(m.start(), m.end(), _shift(today, sign * n, _UNITS[unit.lower()]), 0.8)
    for m in _RE_WEEKDAY.finditer(text):
        name = m.group(2).lower()
        if len(name) <= 4 and m.group(2)[0].islower():
            continue  # "sat", "wed", "mar" as ordinary words
        target = _WEEKDAYS[name]
        which = (m.group(1) or "").lower()
        ahead = (target - today.weekday()) % 7
        if which in _PAST:
            ahead = ahead - 7 if ahead else -7
        elif which in _FUTURE and ahead == 0:
            ahead = 7
        add(m.start(), m.end(), today + timedelta(days=ahead), 0.8 if which else 0.7)
    return found


# -- times ------------------------------------------------------------------------------------

HOUR = (
    rf"(?:2[0-3]|1\d|0?\d|{_alt([w for w, n in _NUMBERS.items() if 1 <= n <= 12 and len(w) > 2])})"
)
MERIDIEM = r"(?:a\.m\.|p\.m\.|am|pm)(?![\w])"
_RE_CLOCK = re.compile(
    rf"{B}(2[0-3]|1\d|0?\d)(?:(?::|\.)([0-5]\d))?\s*({MERIDIEM}|uhr(?![\w]))"
    rf"|{B}(2[0-3]|[01]?\d):([0-5]\d){E}",
    re.I,
)
_RE_BEFORE_AFTER = re.compile(
    rf"{B}({NUM}|twenty-five|twenty five|a quarter|quarter|half|viertel|dreiviertel)"
    rf"(?:\s+minutes?)?\s+(to|before|past|after|vor|nach)\s+({HOUR})(?:\s*({MERIDIEM}))?{E}",
    re.I,
)
_RE_HALB = re.compile(
    rf"{B}(halb|viertel|dreiviertel)\s+({HOUR}){E}(?:\s+(abends|nachmittags))?", re.I
)
_RE_NOON = re.compile(rf"{B}(noon|midday|midnight|mitternacht){E}", re.I)


def _hour(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def _with_meridiem(hour: int, meridiem: str | None) -> int | None:
    if meridiem:
        pm = meridiem.lower().startswith("p")
        if not 1 <= hour <= 12:
            return None
        return (hour % 12) + (12 if pm else 0)
    return hour


def _hhmm(hour: int, minute: int) -> str | None:
    if hour == 24:
        hour = 0
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return f"{hour:02d}:{minute:02d}"
    return None


def find_times(text: str) -> list[Found]:
    found: list[Found] = []

    def add(start: int, end: int, value: str | None, confidence: float) -> None:
        if value and not _covered(found, start, end):
            found.append((start, end, value, confidence))

    for m in _RE_BEFORE_AFTER.finditer(text):
        minute_word = m.group(1).lower().replace("a quarter", "quarter").replace(" ", "-")
        minutes = 45 if minute_word == "dreiviertel" else _number(minute_word)
        hour = _hour(m.group(3))
        if minutes is None or hour is None or not 1 <= minutes <= 59:
            continue
        hour_ = _with_meridiem(hour, m.group(4))
        if hour_ is None:
            continue
        if m.group(2).lower() in ("to", "before", "vor"):
            total = (hour_ * 60 - minutes) % (24 * 60)
        else:
            total = hour_ * 60 + minutes
        add(m.start(), m.end(), _hhmm(*divmod(total, 60)), 0.8)
    for m in _RE_HALB.finditer(text):
        hour = _hour(m.group(2))
        if hour is None:
            continue
        if m.group(3):
            hour = hour % 12 + 12
        kind = m.group(1).lower()
        total = hour * 60 + {"halb": -30, "viertel": -45, "dreiviertel": -15}[kind]
        add(m.start(), m.end(), _hhmm(*divmod(total % (24 * 60), 60)), 0.6)
    for m in _RE_CLOCK.finditer(text):
        if m.group(1) is not None:
            suffix = m.group(3).lower()
            hour_ = _with_meridiem(int(m.group(1)), None if suffix == "uhr" else suffix)
            if hour_ is not None:
                add(m.start(), m.end(), _hhmm(hour_, int(m.group(2) or 0)), 0.85)
        else:
            add(m.start(), m.end(), _hhmm(int(m.group(4)), int(m.group(5))), 0.8)
    for m in _RE_NOON.finditer(text):
        add(
            m.start(),
            m.end(),
            "12:00" if m.group(1).lower() in ("noon", "midday") else "00:00",
            0.8,
        )
    return found
