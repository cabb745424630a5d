"""Dates, periods and times in free text (English and German), for :mod:`inloop.ai.extract`.

Candidates are found with patterns; absolute dates are validated and normalised by
``dateparser`` (so "31 February" is dropped), relative expressions ("next Tuesday", "in two
weeks", "übermorgen", "nächste Woche") are resolved against the reference time.
"""

from __future__ import annotations

import calendar
import contextlib
import itertools
import re
from datetime import date, datetime, timedelta
from typing import Any

import dateparser
from dateutil.easter import easter

Found = tuple[int, int, Any, float]
"""start, end, normalised value, confidence"""

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    [
        "january jan januar jänner jaenner jän",
        "february feb februar feber",
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
        # with the Swiss German names ("am Friitig", "am Sunntig")
        "monday mon montag mäntig montach",
        "tuesday tue tues dienstag zischtig ziischtig dienstach",
        "wednesday wed mittwoch mittwuch",
        "thursday thu thur thurs donnerstag dunschtig donschtig donnerstach",
        "friday fri freitag friitig fritig freitach",
        "saturday sat samstag sonnabend samschtig samstach",
        "sunday sun sonntag sunntig sonntig sonntach",
    ]
):
    for _name in _names.split():
        _WEEKDAYS[_name] = _n
_GERMAN_WEEKDAYS = {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
                    "sonnabend", "sonntag", "mäntig", "zischtig", "ziischtig", "mittwuch",
                    "dunschtig", "donschtig", "friitig", "fritig", "samschtig", "sunntig",
                    "sonntig", "montach", "dienstach", "donnerstach", "freitach", "samstach",
                    "sonntach"}  # fmt: skip

_UNITS_EN = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS_EN = [
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
]  # fmt: skip
_UNITS_DE = [
    "ersten", "zweiten", "dritten", "vierten", "fünften", "sechsten", "siebten", "achten",
    "neunten",
]  # fmt: skip
_TEENS_DE = [
    "zehnten", "elften", "zwölften", "dreizehnten", "vierzehnten", "fünfzehnten", "sechzehnten",
    "siebzehnten", "achtzehnten", "neunzehnten",
]  # fmt: skip
_ORDINALS_EN = {w: n for n, w in enumerate([*_UNITS_EN, *_TEENS_EN], start=1)}
_ORDINALS_EN |= {"twentieth": 20, "thirtieth": 30, "thirty-first": 31}
_ORDINALS_EN |= {f"twenty-{w}": 20 + n for n, w in enumerate(_UNITS_EN, start=1)}
_ORDINALS_EN |= {f"twenty {w}": 20 + n for n, w in enumerate(_UNITS_EN, start=1)}
_ORDINALS_EN |= {"thirty first": 31}
_ORDINALS_DE = {w: n for n, w in enumerate([*_UNITS_DE, *_TEENS_DE], start=1)}
_ORDINALS_DE |= {"zwanzigsten": 20, "dreißigsten": 30, "einunddreißigsten": 31}
_ORDINALS_DE |= {
    f"{w}undzwanzigsten": 20 + n
    for n, w in enumerate(
        ["ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"], 1
    )
}
"""Days written as words: "the fourth of June", "am dritten März"."""

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
    "zwölf": 12, "twenty": 20, "twenty-five": 25, "zwanzig": 20, "fünfundzwanzig": 25,
    # hours as said in the south: "um fünfe", "halbi nüni", "halber zwoi", "bis achte am Obed"
    "zwoi": 2, "zwoa": 2, "dreie": 3, "viere": 4, "vieri": 4, "fünfe": 5, "füfi": 5, "sechse": 6,
    "sechsi": 6, "siebene": 7, "sibni": 7, "achte": 8, "achti": 8, "neune": 9, "nüni": 9,
    "zehne": 10, "zähni": 10, "elfe": 11, "elfi": 11, "zwölfe": 12, "zwölfi": 12,
    "quarter": 15, "half": 30, "viertel": 15,
}  # fmt: skip


def _alt(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


MONTH = rf"(?:{_alt(list(_MONTHS))})"
WEEKDAY = rf"(?:{_alt(list(_WEEKDAYS))})"
MONTH_WORDS = frozenset(_MONTHS)
"""The names and abbreviations of the months the patterns know, in lower case."""
WEEKDAY_WORDS = frozenset(_WEEKDAYS)
"""The names and abbreviations of the weekdays the patterns know, in lower case."""
# a clock time as a chat export writes it: "09:41", "9:41:07", "6:52 PM", "8.14 pm"
CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ \t\u202f]*[AaPp]\.?[Mm]\.?)?"
# a chat export's stamp of a day and a time: "14.03.25, 09:41:07", "4/21/22, 6:52 PM"
EXPORT_STAMP = rf"\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}},?[ \t]+{CLOCK}"
SHORT_DAY = r"(?:mo|di|mi|do|fr|sa|so)"  # German weekdays in two letters ("Mo", "fr", "Di.")
NUM = rf"(?:\d{{1,2}}|{_alt(list(_NUMBERS))})"
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
ORD = r"(?:st|nd|rd|th|\.)?"
YEAR = r"(?:19|20)\d{2}"
B = r"(?<![\w.])"  # start boundary
E = r"(?![\w])"  # end boundary

_ABSOLUTE = [
    rf"{B}{DAY}{ORD}\s+(?:of\s+)?{MONTH}\.?(?:,?\s+{YEAR})?{E}",
    # not "im feb 2 mal": a count
    rf"{B}{MONTH}\.?\s+(?:the\s+)?{DAY}{ORD}(?:,?\s+{YEAR})?{E}(?!\s*(?:mal|x|times)\b)",
    rf"{B}{YEAR}-(?:0[1-9]|1[0-2])-{DAY}{E}",
    rf"{B}{DAY}/(?:0?[1-9]|1[0-2])/(?:{YEAR}|\d{{2}}){E}",
    rf"{B}{DAY}\.(?:0?[1-9]|1[0-2])\.(?:{YEAR}|\d{{2}}(?!\d))?",
    # "on 17-Oct-2025", "scheduled for 14-May", "active from 21-Sep-21"
    rf"{B}{DAY}-{MONTH}\.?(?:-(?:{YEAR}|\d{{2}}))?(?![\w-])",
]
ABSOLUTE = "(?:" + "|".join(f"(?:{p})" for p in _ABSOLUTE) + ")"

_RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "tonite": 0, "this morning": 0, "this afternoon": 0,
    "this evening": 0,
    "last night": -1, "tomorrow": 1, "tmrw": 1, "tmr": 1, "day after tomorrow": 2, "yesterday": -1,
    "day before yesterday": -2, "heute": 0, "morgen": 1, "übermorgen": 2, "gestern": -1,
    "vorgestern": -2, "heut": 0, "tomoro": 1, "tomorow": 1, "tommorow": 1, "tommorrow": 1,
    "2moro": 1, "2morrow": 1, "2day": 0, "2nite": 0, "2night": 0, "yday": -1, "yest": -1,
    "heutigen": 0, "heutige": 0, "gestrigen": -1, "gestrige": -1, "morgigen": 1, "morgige": 1,
    "geschter": -1, "hüt": 0,
    # dialects: Swabian "geschtern", Bavarian "heid" and "moang", Swiss "morn", short "übermo"
    "geschtern": -1, "heid": 0, "moang": 1, "morn": 1, "übermo": 2,
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
    rf"tonight|tonite|this\s+morning|this\s+afternoon|this\s+evening|"
    # not "on our last night" (of a stay)
    rf"(?<!our\s)(?<!my\s)(?<!the\s)(?<!their\s)(?<!your\s)last\s+night|tomorrow|tmrw|tmr|"
    rf"tomoro|tomorow|tommorow|tommorrow|2moro|2morrow|2day|2nite|2night|"
    rf"yesterday|yday|yest(?=\s+(?:morning|afternoon|evening|night)\b)|"
    rf"heute|heut|übermorgen|übermo|vorgestern|gestern|geschtern|geschter|hüt|heid|moang|"
    # "bei der heutigen Zustellung", "in der gestrigen Lieferung"
    rf"heutigen|heutige|gestrigen|gestrige|morgigen|morgige|"
    rf"(?-i:morn)|"
    # (not "Morgen zusammen", a greeting)
    rf"(?<!heute )(?<!am )(?<!guten )morgen(?!\s+(?:zusammen|allerseits|miteinander)\b)){E}",
    re.I,
)
# "How can I help you today?", "What can we assist you with today?"
_RE_HELP_BEFORE = re.compile(
    r"(?i:\b(?:how|what)\b[^.?!\n]{0,25}\b(?:help|assist)(?:\s+you)?(?:\s+with)?\s+)$"
)
# holidays on a fixed day ("Silvester" only as "am/an Silvester": "über Silvester" is a season)
_HOLIDAYS = {
    "boxing day": (12, 26), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "heiligabend": (12, 24),
    "heiligen abend": (12, 24), "ersten weihnachtsfeiertag": (12, 25),
    "zweiten weihnachtsfeiertag": (12, 26), "neujahrstag": (1, 1), "silvester": (12, 31),
    "silvesterabend": (12, 31), "xmas eve": (12, 24), "xmas day": (12, 25),
}  # fmt: skip
_RE_HOLIDAY = re.compile(
    rf"{B}(boxing\s+day|(?:christmas|xmas)\s+(?:day|eve)|new\s+year['\u2019]?s\s+(?:day|eve)|"
    rf"heiligabend|heiligen\s+abend|(?:ersten|zweiten)\s+weihnachtsfeiertag|neujahrstag|"
    rf"(?<=\bam\s)silvester(?:abend)?|(?<=\ban\s)silvester(?:abend)?|(?<=\bbis\s)silvester|"
    rf"(?<=\bauf\s)silvester(?:abend)?|"
    rf"(?<=\bseit\s)silvester){E}",
    re.I,
)
# feasts that move with Easter, as days from Easter Sunday ("über Ostern", "over Easter" are
# seasons, no days)
_MOVABLE_FEASTS = {
    "maundy thursday": -3, "gründonnerstag": -3, "good friday": -2, "karfreitag": -2,
    "holy saturday": -1, "karsamstag": -1, "easter sunday": 0, "easter day": 0,
    "ostersonntag": 0, "easter monday": 1, "ostermontag": 1, "ascension day": 39,
    "christi himmelfahrt": 39, "auffahrt": 39, "whit sunday": 49, "pfingstsonntag": 49,
    "whit monday": 50, "pfingstmontag": 50, "corpus christi": 60, "fronleichnam": 60,
}  # fmt: skip
_FEAST = "|".join(k.replace(" ", r"\s+") for k in sorted(_MOVABLE_FEASTS, key=len, reverse=True))
_RE_MOVABLE_FEAST = re.compile(rf"{B}({_FEAST}){E}", re.I)
_RE_FEAST_TO_FEAST = re.compile(
    rf"{B}(?:from|vom|von)\s+({_FEAST})\s+(?:to|until|till|through|bis(?:\s+zum)?|-|\u2013)\s+"
    rf"({_FEAST}){E}",
    re.I,
)
# a feast told of this long after it is next year's
_FEAST_PAST = 150
# two slash dates with their years as a range ("04/01/2022 - 04/14/2022"): month first when
# one can only be read so, or the text is American
_RE_SLASH_TO_SLASH = re.compile(
    rf"{B}(0?[1-9]|1[0-2])/({DAY})/({YEAR})[ \t]*(?:-|\u2013|to|through|thru)[ \t]*"
    rf"(0?[1-9]|1[0-2])/({DAY})/({YEAR}){E}"
)
# an e-invoice's period: UBL's "<cbc:StartDate>2023-07-01</cbc:StartDate><cbc:EndDate>…",
# ebInterface's "<eb:FromDate>…<eb:ToDate>", CII's "<ram:StartDateTime><udt:DateTimeString
# format="102">20250201</…>"
_XML_DAY = (
    rf"(?:<(?:[\w-]+:)?DateTimeString\b[^<>]*>[ \t]*)?(?:({YEAR}-\d{{2}}-\d{{2}})|({YEAR}\d{{4}}))"
)
_RE_XML_PERIOD = re.compile(
    rf"<(?:[\w-]+:)?(?:StartDate|FromDate|StartDateTime)\b[^<>]*>[ \t]*{_XML_DAY}"
    rf"[^<>]*(?:</[^<>]+>\s*)+"
    rf"<(?:[\w-]+:)?(?:EndDate|ToDate|EndDateTime)\b[^<>]*>[ \t]*{_XML_DAY}"
)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _xml_day(iso: str | None, compact: str | None) -> date | None:
    """A day written in XML as ``2023-07-01`` or ``20230701``."""
    digits = (iso or compact or "").replace("-", "")
    return _day(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) if len(digits) == 8 else None


def _movable_feast(name: str, today: date) -> date:
    """The day of ``name`` (``_MOVABLE_FEASTS``) nearest ahead of ``today``, or of this year
    when it is not long past: "Ostermontag" told in May is this year's, in October next
    year's."""
    shift = timedelta(days=_MOVABLE_FEASTS[" ".join(name.lower().split())])
    day: date = easter(today.year) + shift
    if (today - day).days > _FEAST_PAST:
        day = easter(today.year + 1) + shift
    return day


# "in two weeks" is a day; "within 14 days" is a deadline's length, not a date
# (not "the first time in 3 years", a length of time)
_RE_IN = re.compile(rf"{B}(?<!time )(?<!times )(in)\s+({NUM})\s+({UNIT}){E}", re.I)
# "tracking hasn't updated in 4 days", "haven't heard back in two weeks": a length of time
_RE_NOT_SINCE_BEFORE = re.compile(
    r"\b(?:has|have|had)(?:n['\u2019]?t|\s+not|\s+never)\b[^.!?;\n]{0,60}$", re.I
)
_RE_GREW_BEFORE = re.compile(
    r"(?i:\b(?:jumped|rose|went\s+up|gone\s+up|increased|doubled|tripled|dropped|fell|"
    r"climbed|grew|lost|gained|gestiegen|verdoppelt|gesunken)\b[^.!?\n]{0,45})$"
)
_RE_AGO = re.compile(
    rf"{B}(?:({NUM})\s+({UNIT})\s+(ago|from\s+now)|vor\s+({NUM})\s+({UNIT})){E}", re.I
)
# "a fortnight ago", "a week from today", "vor einer Woche", "vor vierzehn Tagen" (counted above)
_RE_A_UNIT_AGO = re.compile(
    rf"{B}(?:an?\s+(fortnight|week|month|year)\s+(ago|from\s+(?:now|today))|"
    rf"vor\s+einer?m?\s+(woche|monat|jahr)){E}",
    re.I,
)
# "Tuesday week", "tomorrow week", "a week today", "a fortnight from today", "two weeks on
# Friday", "heute in zwei Wochen", "Dienstag in einer Woche": that day, weeks later
_RE_WEEK_ON = re.compile(
    rf"{B}(?:(?P<day>today|tomorrow|{WEEKDAY})\s+(?P<unit>week|fortnight)"
    rf"|(?P<n>an?|one|two|three)\s+(?P<unit2>weeks?|fortnight)\s+(?:from\s+|on\s+)?"
    rf"(?P<day2>today|tomorrow|{WEEKDAY})"
    rf"|(?P<day3>heute|morgen|{WEEKDAY}|{SHORT_DAY})\.?\s+in\s+(?P<n3>einer|zwei|drei|[1-3])"
    rf"\s+(?P<unit3>wochen?)"
    # "Monday after next": the one a week after the coming one
    rf"|(?P<day4>{WEEKDAY})\s+after\s+next){E}",
    re.I,
)
_RE_WEEKDAY = re.compile(
    rf"{B}(?<!every )(?<!each )(?<!jeden )(?<!jeweils )(?<!on a )(?<!an einem )(?<!every other )"
    # "Black Friday", "Easter Monday", "Good Friday": a holiday, not the coming weekday
    rf"(?<!black )(?<!cyber )(?<!easter )(?<!good )(?<!whit )(?<!holy )"
    rf"(?:(next|nxt|this|last|coming|on|since|übernächsten|übernächschten|übernächste|nächsten|"
    rf"nächster|kommenden|diesen|letzten|am|seit)\s+)?"
    # "Samstagabend", "Montagmorgen": the day, at a time of it
    rf"({WEEKDAY})(?:(?<=tag)(?:abend|morgen|nachmittag|vormittag|mittag|nacht|früh))?{E}"
    rf"(?!\s+week)",
    re.I,
)
_RE_ABSOLUTE = re.compile(ABSOLUTE, re.I)
# short names that are also words ("sat", "sun", "wed", "mon"): a day only after "on", "by" …
_WORD_LIKE_DAYS = {"mon", "wed", "sat", "sun", "thu", "tue"}
# "Mon to Fri", "Mo\u2013Fr", "Montag bis Freitag" without a date or a week: every week
_DAYS_RANGE = r"[ \t]*(?:-|\u2013|to|thru|through|till|until|bis)[ \t]*"
# a day of the month, not a clock time ("13 November", not "8am", "9.00-17.00", "10 Uhr")
_NOT_CLOCK = r"\d(?!\d?(?:[:.]\d\d|[ \t]*(?:[ap]\.?m\b|uhr\b)|[ \t]*[-\u2013][ \t]*\d))"
_RE_DAYS_RANGE_AFTER = re.compile(
    # (a day of the month may follow: "Fri 10 - Mon 13 November"; not a clock: "Mon-Fri 8am")
    rf"(?i:\.?{_DAYS_RANGE}{WEEKDAY}\b\.?)(?![ \t,]*(?:{_NOT_CLOCK}|the\b|den\b|(?:this|next|"
    rf"diese|nächste)\s+(?:week|woche)|{WEEKDAY}))"
)
# opening hours: a weekday and the hours of that day, in a line that gives hours ("(Mon-Thu
# 9.00-17.00, Fri 9.00-16.30)", "Sprechzeiten: Di und Do 10-13 Uhr"): every week, no date
_HOURS = r"\d{1,2}(?:[:.]\d\d)?[ \t]*(?:[ap]\.?m\.?)?[ \t]*(?:-|\u2013|to|bis)[ \t]*\d{1,2}"
_RE_HOURS_AFTER = re.compile(
    rf"(?i:\.?,?[ \t]+(?:(?:and|und|&|or|oder)[ \t]+(?:{WEEKDAY}|{SHORT_DAY})\.?[ \t]+)?{_HOURS})"
)
_RE_HOURS_LINE = re.compile(
    rf"(?i:\b(?:hours|open|opening|geöffnet|öffnungszeiten|sprechzeiten|erreichbar|call|ring|"
    rf"anrufen|telefon|tel|phone|questions)\b|\b{WEEKDAY}\.?[ \t]*[-\u2013][ \t]*{WEEKDAY}\b)"
)
_RE_DAYS_RANGE_BEFORE = re.compile(rf"(?i:\b{WEEKDAY}\.?{_DAYS_RANGE})$")
# the start of a span: "from sat to sun", "vom 3. bis", "from 11 to 1 pm"
_RE_RANGE_START = re.compile(r"\b(?:from|between|vom|von|zwischen)\s+$", re.I)
_RE_ORDINAL_DATE = re.compile(
    rf"{B}(?:(?:the\s+)?({_alt(list(_ORDINALS_EN))})[\s-]+of\s+|({_alt(list(_ORDINALS_DE))})\s+)"
    rf"({MONTH})\.?(?:,?\s+({YEAR}))?{E}",
    re.I,
)
# "the 1st of next month", "ab dem 1. nächsten Monats", "zum Ersten des kommenden Monats"
_RE_DAY_OF_REL_MONTH = re.compile(
    rf"{B}(?:(?:the\s+)?(?:({DAY})(?:st|nd|rd|th)|({_alt(list(_ORDINALS_EN))}))\s+of\s+"
    rf"(?:the\s+)?(next|this|last|coming|following|current)\s+month|"
    rf"(?:({DAY})\.|({_alt(list(_ORDINALS_DE))}))\s+(?:des\s+)?(nächsten|kommenden|folgenden|"
    rf"dieses|diesen|laufenden|letzten|vergangenen|vorigen)\s+monats){E}",
    re.I,
)
_MONTH_STEPS = {
    "next": 1, "coming": 1, "following": 1, "nächsten": 1, "kommenden": 1, "folgenden": 1,
    "last": -1, "letzten": -1, "vergangenen": -1, "vorigen": -1,
}  # fmt: skip
_RE_BEFORE_DAY = re.compile(
    # "by fri", "thurs or fri"
    rf"(?i:\b(?:by|from|to|until|till|before|after|for|bis|ab|vom|{WEEKDAY}\.?\s+(?:or|and|&|/))\s+)$"
)
# "Ich habe am Montag … telefoniert", "wurde am Sonntag … gestohlen": the German perfect or
# passive around the day makes it a past one
_RE_HAD_BEFORE = re.compile(
    r"(?i:\b(?:habe|hab|hatte|hat|haben|hatten|bin|war|waren|wurde|wurden|ist|sind)\b(?!['\u2019])"
    r"[^.!?;\n]{0,60})$"
)
# a German past participle: "gemacht", "abgenommen", "zerrissen", "telefoniert"
_PARTICIPLE = (
    r"(?!entgegen\b)"  # "nimmt die Post entgegen": a separable prefix
    r"(?:ge[a-zäöüß]{3,}(?:t|en)|[a-zäöüß]+ge[a-zäöüß]{3,}(?:t|en)|"
    r"(?:ver|zer|be|er|ent|emp)[a-zäöüß]{3,}(?:t|en)|[a-zäöüß]{3,}iert|"
    r"überwiesen|übernommen|übersehen|überprüft|überzogen|unterschrieben|untersucht|"
    r"unterbrochen)"
)
# the words of one sentence: a full stop only inside a number or after an abbreviation
# ("1.980,00 €", "CHF 2'350.\u2013", "Haus Nr. 7")
_ABBREVIATED = "|".join(
    f"(?<=\\b{a})" for a in ("Nr", "nr", "No", "ca", "Ca", "bzw", "inkl", "Str", "Hr", "Fr", "Dr")
)
_IN_SENTENCE = rf"(?:[^.!?;\n]|\.(?=[^\s.])|(?:{_ABBREVIATED})\.(?=[ ]+[\d(a-zäöü]))"
_RE_PARTICIPLE_AFTER = re.compile(
    # "… sperren lassen": the perfect of "lassen" with another verb
    rf"{_IN_SENTENCE}{{0,120}}?(?:\b{_PARTICIPLE}\b|(?<!\bzu\s)\b[a-zäöü]{{3,}}en\s+lassen\b)"
)
# "dass die Karte am Mittwoch … gesperrt wurde": a clause that ends in a participle and its
# auxiliary tells of the past
_RE_PARTICIPLE_AUX_AFTER = re.compile(
    rf"{_IN_SENTENCE}{{0,120}}?\b{_PARTICIPLE}[ \t]+(?:wurde|wurden|worden|hat|hatte|hatten|habe|"
    r"haben|ist|sind|war|waren)\b"
)
# "Bestellt hab ich am Dienstag", "Abgeschickt wurde sie am Montag": participle, auxiliary, subject
_RE_PARTICIPLE_AUX_BEFORE = re.compile(
    rf"(?i:(?:^|[.!?:\n][ \t]*)\b{_PARTICIPLE}[ \t]+(?:hab|habe|hat|haben|hatte|wurde|wurden|ist|"
    r"sind|bin)[ \t]+(?:ich|er|sie|es|wir|man|das|der|die)[ \t]+)$",
    re.M,
)
# "ich bin umgezogen am Wochenende", "habe die Karte sperren lassen am Sonntag"
_RE_PERFECT_BEFORE = re.compile(
    rf"(?i:\b(?:habe|hab|hat|haben|bin|ist|sind|wurde|wurden)\b[^.!?;,\n]{{0,60}}"
    rf"\b{_PARTICIPLE}(?:[ \t]+(?!(?:und|aber|oder|dann|auf|für|bis|zum|zur|ab|nach)\b)"
    r"[\wäöüß-]+){0,3}[ \t]+)$"
)
# "wie am Freitag telefonisch besprochen", "wie bereits am Montag mitgeteilt"
_RE_AS_BEFORE = re.compile(r"(?i:\bwie\s+(?:bereits\s+|schon\s+)?)$")
# "I rang on Friday", "we emailed them Monday": something done, so the day is a past one
_RE_DONE_BEFORE = re.compile(
    r"(?i:(?:\b(?:I|we|he|she|they)\s+(?:\w+\s+)?(?:rang|called|phoned|e-?mailed|wrote|spoke|"
    r"ordered|paid|bought|sent|visited|noticed|tried|returned|received|went|came|complained|"
    r"reported|cancelled|canceled|booked|submitted|posted|moved|lost|got|shipped|dropped)|"
    # "a surveyor came on Tuesday", "the bin wasn't emptied on Wednesday"
    r"\b(?:came|arrived|happened|turned\s+up|broke|crashed|stopped|failed|left)|"
    # "the driver who collected me … on Saturday night", "delivered tues" (not "it will be
    # delivered on Friday", "can you get it delivered on Friday")
    r"(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)(?<!\bget\s)(?<!\bgot\s)(?<!\bbeen\s)(?<!\bbeing\s)"
    r"(?<!\bit\s)(?<!\bthem\s)"  # "please have it collected on Friday"
    r"\b(?:collected|delivered|overcharged|picked\s+(?:me\s+)?up|dropped\s+(?:me\s+)?off)|"
    r"\b(?:was|were|wasn't|weren't)\s+(?:not\s+)?(?:\w+ed|stolen|taken|sent|done|given|"
    r"broken|lost|told|seen|paid))\b"
    # not "I booked it for delivery on Friday"
    # (a price in between: "I paid the €142.60 bill on Monday", "bought the bundle for GH₵ 50")
    r"(?:(?!\b(?:for(?!\s+(?:[£$€₵₦]|[A-Z]{2,3}[₵$]?\s?\d|\d))|by|until|till|will|would|"
    r"should|next|and|but|saying|said|says|asks|asked|needs?|wants?|promised|told)\b)"
    r"(?:[^.!?;\n]|\.(?=\d))){0,60}"
    r"(?:\s(?:on|last))?\s+)$"
)
# the two ends of a span of days: "from the 3rd to the 7th", "vom 3. bis zum 7."
_FROM = r"(?:(?:from|between|vom|von|zwischen)\s+(?:the\s+|dem\s+)?)?"
_TO = r"(?:to|till|until|through|thru|and|bis(?:\s+zum)?(?:\s+voraussichtlich)?|und|-|\u2013)"
_RE_DAYS_MONTH = re.compile(
    # "Fri 10 - Mon 13 November"
    rf"{B}(?<!:){_FROM}(?:{WEEKDAY}\.?,?\s+)?({DAY}){ORD}\s*(?:{_TO}|or|oder)\s*"
    rf"(?:the\s+|dem\s+)?(?:{WEEKDAY}\.?,?\s+)?({DAY}){ORD}\s+"
    rf"(?:of\s+)?({MONTH})\.?(?:,?\s+({YEAR}))?{E}",
    re.I,
)
# "vom Freitag, 23. Dezember, bis Dienstag, 27. Dezember": a weekday may come with each end
_NAMED_DAY = (
    rf"(?:(?:{WEEKDAY}|(?:oster|pfingst)(?:montag|sonntag)|karfreitag|easter\s+(?:monday|sunday)|"
    # "von Fr, 12.8. bis Mo, 15.8."
    rf"good\s+friday)\.?,?\s+(?:(?:the|den)\s+)?|{SHORT_DAY}\.?,?\s+(?=\d))?"
)
_RE_DATE_TO_DATE = re.compile(
    # (the second date may wrap onto the next line of a letter: "the period 1 October to\n31 …")
    # (a clock time after each: "from 21-Sep-21 00:00 to 20-Oct-21 23:59")
    rf"{B}{_FROM}{_NAMED_DAY}({ABSOLUTE}),?(?:[ \t]+{CLOCK})?[ \t]*{_TO}(?:[ \t]*\n)?[ \t]*"
    rf"(?:the\s+|dem\s+)?{_NAMED_DAY}({ABSOLUTE})",
    re.I,
)
# "from 1 April until the end of June", "vom 1. April bis Ende Juni"
_RE_DATE_TO_MONTH_END = re.compile(
    rf"{B}(?:from|vom|ab\s+dem|ab)\s+({ABSOLUTE})[ \t]*(?:to|till|until|through|bis)[ \t]+"
    rf"(?:the\s+)?(?:end\s+of|ende)\s+({MONTH}){E}",
    re.I,
)
# "from 1 August until the 31st", "vom 3. Mai bis zum 20.": the end a day of the same month
_RE_DATE_TO_DAY = re.compile(
    rf"{B}(?:from|vom|ab\s+dem|ab)\s+({ABSOLUTE})[ \t]*(?:to|till|until|through|bis)[ \t]+"
    rf"(?:the\s+|zum\s+)?({DAY})(?:st|nd|rd|th|\.)(?![\w.])(?!\s*(?:of\s+)?{MONTH})",
    re.I,
)
_RE_REL_PERIOD = re.compile(
    # not "Anfang nächster Woche", "Mitte nächster Woche": a part of it nobody annotates as days
    rf"{B}(?<!end of )(?<!anfang )(?<!mitte )(?<!ende )(next|this|last|coming|"
    rf"übernächste|übernächsten|übernächstem|nächste|"
    rf"nächsten|nächstem|kommende|kommenden|"
    rf"kommendem|diese|diesen|diesem|letzte|letzten|letztem|nxt|nä\.|"
    # "seit letzter Woche", "in nächster Woche"
    rf"letzter|nächster|kommender|dieser|vergangener|voriger)\s*(week|wk|month|woche|"
    rf"monat|wo\.(?=\W|$)){E}"
    # not "the last week of March" (below)
    rf"(?!['\u2019]s)(?!\s+(?:of|in|im|des)\s+(?:{MONTH}|\w+\s+{MONTH}))",
    re.I,
)

# "the week after next"; "the first week of April", "in der letzten Märzwoche", "erste Woche im
# Mai": days 1-7 of the month (the last: its last seven days); not a calendar week ("in KW 14"),
# which the annotated messages never count as a span of days
_RE_WEEK_AFTER_NEXT = re.compile(r"(?i:\b(?:the\s+)?week\s+after\s+next\b)")
_NTH_WEEK = {
    "first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1, "erste": 0, "ersten": 0,
    "zweite": 1, "zweiten": 1, "dritte": 2, "dritten": 2, "vierte": 3, "vierten": 3,
    "letzte": -1, "letzten": -1,
}  # fmt: skip
_RE_NTH_WEEK = re.compile(
    rf"(?i:\b({_alt(list(_NTH_WEEK))})\s+(?:week\s+(?:of|in)\s+(?:the\s+month\s+of\s+)?|"
    rf"woche\s+(?:im|des|in)\s+)({MONTH})\b\.?|\b({_alt(list(_NTH_WEEK))})\s+({MONTH})woche\b)"
)
# a week that says which week the days are in: "Thursday and Friday this week", "nächste Woche
# (am) Donnerstag"
_DAY_PART = r"(?:[ \t]+(?:afternoon|morning|evening|nachmittag|vormittag|abend))?"
_OR_DAY = rf"(?:\s+(?:or|and|oder|und|&)\s+{WEEKDAY}\.?)?"  # "Thursday and Friday"
_WEEK_SHORT_DAY = r"(?i:(mo|di|mi|do|fr|sa))\.?(?![\w'])"  # not "so", also a word
_RE_DAY_BEFORE_WEEK = re.compile(rf"(?i:\b{WEEKDAY}\.?{_DAY_PART}{_OR_DAY}[ \t,]+)$")
_RE_DAY_AFTER_WEEK = re.compile(
    rf"(?i:[ \t,]+(?:(?:am|on|ab|from|bis|until|till)[ \t]+)?(?:{WEEKDAY}\b|{_WEEK_SHORT_DAY}))"
)
# "nächste Woche Mi bzw. Do", "nächste Woche ab Di": days of that week in two letters
_RE_WEEK_SHORT_DAYS = re.compile(
    r"(?i:\b(nächste|nächsten|kommende|kommenden|diese|dieser|diesen)\s+woche[ \t,]+"
    rf"(?:(?:am|ab|bis)[ \t]+)?){_WEEK_SHORT_DAY}"
    rf"(?:[ \t]*(?i:bzw\.?|oder|und|/|&)[ \t]*(?i:am[ \t]+)?{_WEEK_SHORT_DAY})?"
)
_RE_WEEK_AFTER_DAY = re.compile(
    rf"(?i:{_DAY_PART}{_OR_DAY}[ \t,]+"
    r"(this|next|coming|diese|dieser|nächste|nächster|kommende|kommender)\s+(?:week|woche)\b)"
)
_RE_WEEK_BEFORE_DAY = re.compile(
    r"(?i:\b(this|next|coming|diese|nächste|nächsten|kommende|kommenden|nä\.)\s*(?:week|woche|wo\.)"
    r"[ \t,]+(?:(?:am|on|ab|from|bis|until|till)[ \t]+)?)$"
)

# "Dec 18-26", "October 5-12, 2023"
_RE_MONTH_DAYS = re.compile(
    rf"{B}({MONTH})\.?\s+({DAY}){ORD}\s*(?:-|\u2013|to|till|until)\s*({DAY}){ORD}"
    rf"(?:,?\s+({YEAR}))?{E}",
    re.I,
)
# "from the 20th to the 27th": days of the reference month
_RE_DAYS_ONLY = re.compile(
    rf"{B}(?:(?:from|between)\s+the\s+({DAY})(?:st|nd|rd|th)\s+(?:to|till|until|and|through|thru)"
    # "shift it to the 4th through the 7th"
    rf"|the\s+({DAY})(?:st|nd|rd|th)\s+(?:through|thru))\s+"
    rf"(?:the\s+)?({DAY})(?:st|nd|rd|th){E}(?!\s+of\s+(?:each|every|the)\s+month)",
    re.I,
)
# "on the 15th", "Thursday the 4th": a day of the reference month (or, with a weekday, of the
# first month from the reference month on where that day is that weekday)
_RE_THE_DAY = re.compile(
    # not "always on the 1st", "£500 a month on the 28th": a day of every month
    rf"{B}(?<!always on )(?<!a month on )(?<!monthly on )(?<!each month on )"
    rf"(?<!every month on )(?:({WEEKDAY}),?\s+(?:the\s+)?|the\s+|"
    # "credited by 26th", "due on 3rd"
    r"(?<=\bby\s)|(?<=\bon\s)|(?<=\bbefore\s)|(?<=\buntil\s)|(?<=\btill\s)|(?<=\bafter\s))"
    rf"({DAY})(?:st|nd|rd|th){E}"
    rf"(?!\s+(?:of\s+)?{MONTH})(?!\s+of\s+(?:every|each|the\s+month)\b)"
    # "from the 1st to the 15th of each month": days of every month
    rf"(?!\s+(?:to|till|until|and|-)\s+(?:the\s+)?{DAY}(?:st|nd|rd|th)\s+of\s+(?:every|each)\b)"
    # "the 3rd time", "the 2nd floor": a count, not a day
    r"(?!\s+(?:time|attempt|call|floor|one|party|quarter|week|month|year|reminder|letter|e-?mail|"
    r"message|payment|instal+ment|person|row|item|line|card|order|bill|day|night|class|"
    r"gen|generation|grade|place|half|edition|round|try|draft|leg|stop|term|semester)s?\b)",
    re.I,
)
# "see you on the twelfth", "pay it on the twenty ninth": a day of the month in words
_RE_THE_DAY_WORD = re.compile(
    rf"(?i:\b(?:on|by|for|until|till|before|after|from)\s+the\s+)({_alt(list(_ORDINALS_EN))})\b"
    # (the day ends the clause, not "the first two", "the second payment", "the first day")
    rf"(?=[ \t]*(?:[.,;!?]|$)|[ \t]+(?:at|please|pls|thanks|and|or|instead|then|if|so|as|"
    rf"because|when|too)\b)",
    re.I | re.M,
)
# "am 5. da", "am 3. d. M.", "am 2. dieses Monats", "Abholung am 14. um 8 Uhr": a day of the
# reference month
_RE_AM_DAY = re.compile(
    rf"(?<![\w.])(?<!jeweils )(?<!jeden )(?<!immer )"
    # "auf den 30. verschieben", "für Freitag, den 15."
    rf"(?i:am|zum|vom|bis\s+zum|ab\s+dem|seit\s+dem|nach\s+dem|vor\s+dem|auf\s+den|für\s+den|"
    rf"(?P<wd>{WEEKDAY}),?\s+den)\s+(?P<day>{DAY})(?:\.|(?i:ten)\b)"
    rf"(?:\s*(?i:d\.\s*M\.|dieses\s+Monats))?(?!\d)(?!\s*(?:{MONTH}|\d|[A-ZÄÖÜ]|des\s+Monats))"
)
# (not "ref 2022/10/14-88721", part of a reference)
_RE_YMD = re.compile(
    r"(?<![\w./-])(?<!ref )((?:19|20)\d{2})[./](\d{1,2})[./](\d{1,2})(?![\w/-]|\.\d)"
)
# a machine's date and time: "2025-02-19T21:36:12Z", "2026-03-10T19:51:02+01:00", and the
# compact form of calendar files, "DTSTART;TZID=Europe/London:20240425T093000"
ISO_DATETIME = (
    r"(?<![\w.-])((?:19|20)\d{2})(-?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])T"
    r"([01]\d|2[0-3]):?([0-5]\d)(?::?[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\w])"
)
_RE_ISO_DATETIME = re.compile(ISO_DATETIME)
# an e-invoice's day in CII's compact form: '<udt:DateTimeString format="102">20241112<'
_RE_XML_COMPACT_DAY = re.compile(
    r"<(?:[\w-]+:)?DateTimeString\b[^<>]*\bformat=[\"']102[\"'][^<>]*>[ \t]*"
    r"((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[ \t]*<"
)
_RE_AM_ORDINAL = re.compile(
    rf"(?<![\w.])(?i:am|zum|bis\s+zum|ab\s+dem|vom)\s+({_alt(list(_ORDINALS_DE))})\b"
    # not "zum ersten Mal", "zum dritten mal", "am dritten Tag": a count
    rf"(?!\s+(?:[A-ZÄÖÜ]|{MONTH}|des|dieses|nächsten|kommenden|mal\b))"
)
# "vom 6. bis 12.": days of the reference month
_RE_AM_DAYS = re.compile(
    rf"(?<![\w.])(?i:vom)\s+({DAY})\.\s*(?i:bis)\s*(?:(?i:zum)\s+)?({DAY})\.(?!\d)"
    rf"(?!\s*(?:{MONTH}|\d))"
)
# "(24.\u201326.12.)", "03.-07.01.": days of a month given once, at the end
_RE_DOTTED_DAYS = re.compile(
    r"(?<![\w.])(\d{1,2})\.\s*(?:[-\u2013]|(?i:bis)(?:\s+(?i:zum))?)\s*(\d{1,2})\.(\d{1,2})\."
    r"((?:19|20)?\d{2}(?!\d))?"
)
# "from 3/14 to 3/21", "Fri 8/26 - Mon 8/29"
_RE_SLASH_PERIOD = re.compile(
    r"(?:(?i:\b(?:from|between)\s+)|(?<![\w/.]))"
    rf"(?:(?i:{WEEKDAY})\.?,?\s+)?(\d{{1,2}})/(\d{{1,2}})\s*(?i:to|till|until|-|\u2013)\s*"
    rf"(?:(?i:{WEEKDAY})\.?,?\s+)?(\d{{1,2}})/(\d{{1,2}})(?![\d/])"
)
# "28/3", "on 4/11" (no year): day first, or month first in a text about dollars
_RE_SLASH_DATE = re.compile(
    r"(?i:\b(?:on|from|by|until|till|since|for|before|after|to|is|was|dated|due|its|it's|"
    r"instead\s+of|ends?|ending|expires?|expiring|effective|starts?|starting|thru|through|"
    # "(updated 11/03)", "cancelled 3/14", "return Mon 10/21"
    # "ordered it 29/9"
    # (not "rated it 4/5", a score)
    rf"(?!(?:rated|scored|marked|graded)\b)[a-z]{{3,}}ed(?:\s+(?:it|them|this|one))?|{WEEKDAY}\.?,?))"
    rf"\s+(\d{{1,2}})/(\d{{1,2}})(?![\d/])"
)
# a statement's rows: "11/10  AMZN Mktp  £23.99"
_RE_SLASH_ROW = re.compile(
    r"^[ \t>]*(\d{1,2})/(\d{1,2})(?![\d/])(?=[ \t]+[^\n]*(?:[£$€]|\b[A-Z]{3}\b)[ \t]*\d)",
    re.M,
)
# "06/23/2023" (month first, the only way it can be), "03/05/2024" (day first, or month first in
# a text about dollars)
_RE_SLASH_FULL = re.compile(
    r"(?<![\w./-])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2}|\d{2})(?![\w/])"
    r"|(?<![\w./-])(\d{1,2})-(\d{1,2})-((?:19|20)\d{2})(?![\w/-])"  # "02-09-1984"
    # "debited on 28-12-23 by UPI", "DOJ:02-08-23", "on 18-08-25 01:43": two digits of a year
    # after a word that asks for a day, or before a clock time (an Indian text message's way)
    r"|(?i:\b(?:on|dated|date|dt|doj|till|until|by|from|upto|before))"
    r"[ \t]*[:.]?[ \t]*(\d{1,2})-(\d{1,2})-(\d{2})(?![\w/-])"
    r"|(?<![\w./-])(\d{1,2})-(\d{1,2})-(\d{2})(?=,?[ \t]+\d{1,2}:\d\d(?!\d))"
    # a form's boxes read with their gaps: "Date of move: 29 / 08 / 2022"
    r"|(?<![\w./-])(\d{1,2})[ ]/[ ](\d{1,2})[ ]/[ ]((?:19|20)\d{2})(?![\w/])"
)
# "Taken 31/3 at 7.45pm", a statement's line "17/02 - £4,800.00": a day and month before a time
# or a sum
_RE_SLASH_BEFORE = re.compile(
    r"(?<![\w/.,:])(\d{1,2})/(\d{1,2})(?![\d/])"
    r"(?=,?[ \t]+(?:at[ \t]+|um[ \t]+)?\d{1,2}[:.]\d{2}(?!\d)|[ \t]*[-\u2013:][ \t]*[£$€])"
)
# a list of days and months: "12/9, 19/9, 26/9 and 3/10"
_SLASH_ITEM = r"(?<![\w/.,:])(\d{1,2})/(\d{1,2})(?![\d/])"
_RE_SLASH_ITEM = re.compile(_SLASH_ITEM)
_RE_SLASH_LIST = re.compile(
    rf"{_SLASH_ITEM}(?:[ \t]*(?:,|and|&|und|or|oder)[ \t]*{_SLASH_ITEM})+", re.I
)
# "in SF 2/18", "am 28/9": a number over 12 makes it a day and a month, not a ratio ("4/5")
_RE_SLASH_ALONE = re.compile(
    # (not an Austrian flat's door: "Rennweg 88, Top 2/17", "Stiege 3/14")
    r"(?<!\bTop )(?<!\bStiege )(?<!\bTür )"
    r"(?<![\w/.,:$£€-])(?:(1[3-9]|2\d|3[01])/(0?[1-9]|1[0-2])|(0?[1-9]|1[0-2])/(1[3-9]|2\d|3[01]))"
    r"(?![\w/%]|[.,]\d|\s*(?:%|pts|points|punkte|marks|stars|sterne)\b)"
    # not a unit and its house number: "Unit 4/15 Alexandra St", "7/22 Karaka Street"
    r"(?![ \t]+[A-Z][a-z]+[ \t]+(?:St|Street|Rd|Road|Ave|Avenue|Lane|Ln|Dr|Drive|Way|Pl|Place|"
    r"Cres|Crescent|Tce|Terrace|Ct|Court|Blvd|Hwy|Pde|Parade|Cl|Close|Grove|Gr)\b)"
)
# a form's code and edition before a month and year: "MC1 (08/23)", "LA2 (rev 06/23)",
# "Form HM-PL-02 rev. 01/24", "Formular HH-S 03/21"
_RE_FORM_EDITION = re.compile(
    r"(?:\b[A-Z][A-Z0-9-]*\d[A-Z0-9-]*[ \t]+\((?:rev\.?[ \t]*)?|\b(?i:rev|revision|stand)\.?[ \t]+|"
    r"\b(?:Form|Formular|Vordruck)[ \t]+[A-Z][A-Z0-9-]*[ \t]+)$"
)
_RE_AND_SLASH = re.compile(r"\s+(?:and|or|&|und|oder)\s+(\d{1,2})/(\d{1,2})(?![\d/])", re.I)
_RE_VERSION = re.compile(
    r"(?i:\b(?:version|vers\.|v|ver|release|build|firmware|update|ios|android|windows|macos|"
    r"app|software|patch)\s*)$"
)


def _version_number(text: str, start: int, end: int) -> bool:
    """Whether the dotted numbers ``text[start:end]`` are a version ("version 4.12.1",
    "iOS 14.7.", "firmware 2.4.18"), not a date."""
    return bool(re.match(r"\d", text[end : end + 1])) or bool(_RE_VERSION.search(text, 0, start))


# "w/c 19th May", "week commencing 3 March", "the week of February 26", "in der Woche vom 19.
# Mai": the seven days from that one
_RE_WEEK_FROM = re.compile(
    rf"{B}(?:w/c|w/b|week\s+(?:commencing|beginning|starting)|(?:the\s+)?week\s+of|"
    rf"(?:in\s+)?(?:der|die)\s+woche\s+(?:ab\s+dem|vom|ab))\s+(?:the\s+|mon(?:day)?,?\s+)?"
    rf"({ABSOLUTE}|{DAY}(?:st|nd|rd|th){E}(?!\s*(?:of\s+)?{MONTH}))",
    re.I,
)
_RE_WEEKEND = re.compile(
    rf"{B}(?<!every )(?<!each )(?<!jedes )(?<!jeden )"
    # a wish, not a span of days: "Schönes Wochenende!", "have a nice weekend"
    rf"(?<!schönes )(?<!schöns )(?<!nice )(?<!good )(?<!great )(?<!lovely )(?<!enjoy the )"
    rf"(?<!enjoy your )(?<!gutes )"
    rf"(?:(this|next|coming|last|dieses|nächstes|kommendes|letztes)\s+|"
    rf"(?:at|over|on)\s+the\s+|am\s+|übers\s+)?(?:weekend|wochenende|(?-i:WE)){E}"
    r"(?!\s+(?:of|vom)\s+\d)",  # "the weekend of 26-27 June" is that one
    re.I,
)
_RE_MONTH_END = re.compile(
    rf"{B}(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|(next)\s+)?month|"
    # "bis Ende Monat" (Swiss)
    rf"ende\s+(?:(?:des|dieses|(nächsten|kommenden))\s+monats|monat)|monatsende){E}",
    re.I,
)

# a deadline: "by the end of April", "auf Ende September", "bis Ende Feber": the month's last
# day (not "an einem Vormittag Ende Feber" or "seit Ende Januar", vague times)
_RE_END_OF_MONTH = re.compile(
    # ("mit Ende April": the Austrian "as of the end of April")
    rf"\b(?:by|before|until|till|bis|auf|per|zum|mit)\s+(?P<end>(?:the\s+|zum\s+)?(?:end\s+of|ende)\s+"
    rf"(?P<month>{MONTH})\.?{E}(?:,?\s+(?P<year>{YEAR}))?)",
    re.I,
)

_FUTURE = {
    "next", "nxt", "coming", "nächsten", "nächster", "kommenden", "nächste", "kommende", "nächstes",
    "kommendes", "nächstem", "kommendem", "kommender",
}  # fmt: skip
_PAST = {
    "last", "letzten", "letzte", "letztes", "letztem", "letzter", "vergangener", "voriger",
    "since", "seit",
}  # fmt: skip


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


def _step(which: str) -> int:
    """+1 for "next", -1 for "last", 0 for "this" (in either language), +2 for "übernächste"."""
    if which.startswith("übernächst"):
        return 2
    return 1 if which in _FUTURE else -1 if which in _PAST else 0


def _in_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _days_of_month(
    m: re.Match[str], groups: tuple[int, int, int, int], locale: str, base: datetime
) -> tuple[date | None, date | None]:
    """The two days of "3 to 7 March", "Dec 18-26": ``groups`` name the match's first day,
    last day, month and year."""
    first, last, month, year = (m.group(g) or "" for g in groups)
    return (
        parse_absolute(f"{first} {month} {year}", locale, base),
        parse_absolute(f"{last} {month} {year}", locale, base),
    )


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word)


YEAR_TURN = 75  # days: "20 December" written on 13 January is the one 24 days ago
FAR = 240  # days
DEADLINE_PAST = 60  # days: "bis 31. Januar" two months ago or more is next year's deadline


_RE_DEADLINE_BEFORE = re.compile(
    r"(?i:\b(?:bis(?:\s+(?:zum|spätestens))?|spätestens(?:\s+(?:am|zum))?|until|till|by|"
    r"no\s+later\s+than|deadline|due(?:\s+on)?|fällig(?:\s+am)?)\s+(?:the\s+)?)$"
)


def _near_year(day: date, today: date) -> date:
    """A date written without its year, in the reference year unless the year turns between:
    "20 December" told on 13 January is last December's, "bis 3. Januar" on 28 December next
    January's."""
    if (day - today).days > FAR:
        earlier = _in_year(day, day.year - 1)
        if earlier and (today - earlier).days <= YEAR_TURN:
            return earlier
    elif (today - day).days > FAR:
        later = _in_year(day, day.year + 1)
        if later and (later - today).days <= YEAR_TURN:
            return later
    return day


def parse_absolute(text: str, locale: str, base: datetime) -> date | None:
    """A calendar date written out (no relative words), validated by dateparser; without a
    year, the one nearest the reference time across a turn of the year (``_near_year``)."""
    dashed = re.fullmatch(r"\s*(\d{1,2})-([^\W\d]+)\.?-(\d{2})\s*", text)
    if dashed:  # "21-Sep-21": the year in two digits
        text = f"{dashed[1]} {dashed[2]} 20{dashed[3]}"
    found = _parse_absolute(text, locale, base)
    if found is None or re.search(r"\d{4}|\d\.\d{1,2}\.\d{2}\b", text):
        return found
    return _near_year(found, base.date())


def _parse_absolute(text: str, locale: str, base: datetime) -> date | None:
    numeric = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.?\s*", text)
    if numeric:  # "15.09." (German, no year): dateparser does not take it
        try:
            return date(base.year, int(numeric.group(2)), int(numeric.group(1)))
        except ValueError:
            return None
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

    def keep(m: re.Match[str], first: date | None, last: date | None, confidence: float) -> None:
        """The span of ``m`` as the days ``first`` to ``last``, when both are days, in order."""
        later = _in_year(last, last.year + 1) if first and last and last < first else None
        if first and later and first <= later and (later - first).days < 366:
            last = later  # "Dec 27-31" in March: the end was read as last December's
        if first and last and first <= last:
            found.append((m.start(), m.end(), _period(first, last), confidence))

    def fresh(m: re.Match[str]) -> bool:
        return not _covered(found, m.start(), m.end())

    for m in _RE_SLASH_TO_SLASH.finditer(text):  # "Pay Period: 04/01/2022 - 04/14/2022"
        a1, b1, y1, a2, b2, y2 = m.groups()
        if int(b1) > 12 or int(b2) > 12 or _american(text):  # month first, as in the US
            keep(m, _day(int(y1), int(a1), int(b1)), _day(int(y2), int(a2), int(b2)), 0.85)
    for m in _RE_XML_PERIOD.finditer(text):  # an e-invoice's period of service
        first, last = (_xml_day(m.group(g), m.group(g + 1)) for g in (1, 3))
        keep(m, first, last, 0.9)
    for m in _RE_FEAST_TO_FEAST.finditer(text):  # "from Good Friday to Easter Monday"
        first, last = (_movable_feast(m.group(g), base.date()) for g in (1, 2))
        keep(m, first, last, 0.8)
    for m in _RE_DAYS_MONTH.finditer(text):
        if not _two_days(m):
            first, last = _days_of_month(m, (1, 2, 3, 4), locale, base)
            if first and last and first.day > last.day and first.month == last.month:
                first = _add_months(first, -1)  # "30th-1st Jan": from the month before
            keep(m, first, last, 0.85)
    for m in _RE_DATE_TO_DATE.finditer(text):
        if not fresh(m) or _two_days(m):
            continue
        if _RE_CHANGE_BEFORE.search(text, max(0, m.start() - 80), m.start()):
            continue  # "change my flight from 20 September to 27 September": two days
        first = parse_absolute(m.group(1), locale, base)
        last = parse_absolute(m.group(2), locale, base)
        if first and last and re.search(YEAR, m.group(2)) and not re.search(YEAR, m.group(1)):
            first = _in_year(first, last.year)  # "from 1 March to 31 August 2024"
            if first and first > last:
                first = _in_year(first, last.year - 1)  # "from 20 December to 4 January 2024"
        if first and last and last < first and not re.search(YEAR, m.group(2)):
            last = _add_months(last, 12)  # "from 20 December to 4 January": the next January
        keep(m, first, last, 0.85)
    for m in filter(fresh, _RE_DATE_TO_MONTH_END.finditer(text)):
        first = parse_absolute(m.group(1), locale, base)
        month = _MONTHS.get(m.group(2).lower().rstrip("."))
        end_of = date(first.year, month, 1) if first and month else None
        if first and end_of and end_of < first.replace(day=1):
            end_of = _add_months(end_of, 12)  # "from 1 November until the end of January"
        keep(m, first, end_of and _month_end(end_of), 0.8)
    for m in filter(fresh, _RE_DATE_TO_DAY.finditer(text)):
        first = parse_absolute(m.group(1), locale, base)
        last = first and _day_of_month(first, m.group(2))
        if first and last and last <= first:
            last = _day_of_month(_add_months(first.replace(day=1), 1), m.group(2))
        keep(m, first, last, 0.8)
    today = base.date()
    for m in filter(fresh, _RE_MONTH_DAYS.finditer(text)):
        keep(m, *_days_of_month(m, (2, 3, 1, 4), locale, base), 0.85)
    for m in filter(fresh, _RE_DOTTED_DAYS.finditer(text)):
        year = m.group(4) or ""
        first = parse_absolute(f"{m.group(1)}.{m.group(3)}.{year}", locale, base)
        keep(m, first, parse_absolute(f"{m.group(2)}.{m.group(3)}.{year}", locale, base), 0.8)
    for m in filter(fresh, _RE_AM_DAYS.finditer(text)):
        keep(m, _day_of_month(today, m.group(1)), _day_of_month(today, m.group(2)), 0.7)
    for m in filter(fresh, _RE_SLASH_PERIOD.finditer(text)):
        if _RE_CHANGE_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            continue  # "push the shuttle from Tues 4/6 to Wed 4/7": two days, a move
        first = _slash_date(text, m.group(1), m.group(2), base)
        keep(m, first, _slash_date(text, m.group(3), m.group(4), base), 0.75)
    for m in filter(fresh, _RE_DAYS_ONLY.finditer(text)):
        first_day, last_day = m.group(1) or m.group(2), m.group(3)
        first = _day_said_before(text, m.start(), first_day, None, locale, base)
        last = _day_said_before(text, m.start(), last_day, None, locale, base)
        keep(
            m, first or _day_of_month(today, first_day), last or _day_of_month(today, last_day), 0.7
        )
    for m in filter(fresh, _RE_DAYS_SPAN.finditer(text)):  # "für fr bis so gebucht"
        first_day, last_day = (_weekday_number(m.group(g)) for g in (1, 2))
        first = _weekday_from(today, first_day, "")
        keep(m, first, first + timedelta(days=(last_day - first_day) % 7), 0.6)
    for m in filter(fresh, _RE_WEEK_FROM.finditer(text)):
        said = m.group(1)
        bare = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", said, re.I)
        first = _day_of_month(today, bare.group(1)) if bare else parse_absolute(said, locale, base)
        if bare and first is not None and first < today:
            first = _add_months(first, 1)  # "w/c 3rd" told on the 20th: next month's
        keep(m, first, first and first + timedelta(days=6), 0.8)
    for m in filter(fresh, _RE_WEEK_AFTER_NEXT.finditer(text)):
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=2)
        keep(m, monday, monday + timedelta(days=6), 0.75)
    for m in filter(fresh, _RE_NTH_WEEK.finditer(text)):
        nth = _NTH_WEEK[(m.group(1) or m.group(3)).lower()]
        month = _MONTHS.get((m.group(2) or m.group(4)).lower().rstrip("."))
        if month is None:
            continue
        start = _near_year(date(today.year, month, 1), today)
        first = _month_end(start) - timedelta(days=6) if nth < 0 else start + timedelta(weeks=nth)
        keep(m, first, first + timedelta(days=6), 0.7)
    days_of_months = [(d.start(), d.end(), "", 0.0) for d in _RE_DAY_OF_REL_MONTH.finditer(text)]
    for m in _RE_REL_PERIOD.finditer(text):
        if _RE_DAY_BEFORE_WEEK.search(text, 0, m.start()) or _RE_DAY_AFTER_WEEK.match(
            text, m.end()
        ):
            continue  # "Thursday and Friday this week", "nächste Woche Donnerstag": days
        if _covered(days_of_months, m.start(), m.end()):
            continue  # "the 1st of next month": a day
        which, unit = m.group(1).lower(), m.group(2).lower()
        step = 1 if which in ("nxt", "nä.") else _step(which)
        if unit in ("week", "wk", "woche", "wo."):
            monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
            first, last = monday, monday + timedelta(days=6)
        else:
            first = _add_months(today.replace(day=1), step)
            last = _month_end(first)
        found.append((m.start(), m.end(), _period(first, last), 0.8))
    for m in _RE_WEEKEND.finditer(text):
        which = (m.group(1) or "").lower()
        step = _step(which)
        said = m.group(0).split()[0].lower()
        if (
            not which
            and today.weekday() < 5
            and _in_the_past(text, said if said in ("am", "on") else "", m.start(), m.end())
        ):
            step = -1  # "ich bin am Wochenende umgezogen", "over the weekend someone used my card"
        saturday = today - timedelta(days=today.weekday()) + timedelta(days=5, weeks=step)
        if not _covered(found, m.start(), m.end()):
            found.append((m.start(), m.end(), _period(saturday, saturday + timedelta(1)), 0.75))
    for m in filter(fresh, _RE_FROM_TODAY.finditer(text)):
        # "overseas from tomorrow until the 10th", "von heute bis Montag, 10.4."
        first = today + timedelta(days=_RELATIVE_DAYS[m.group(1).lower()])
        after = text[m.end() : m.end() + 40]
        ends = find_dates(after, locale, base, [])
        # the end right after the word, or after its weekday ("bis Montag, 10.4.")
        if ends and _RE_WEEKDAY_GAP.fullmatch(after[: ends[0][0]]):
            last = date.fromisoformat(str(ends[0][2]))
            if last < first:  # "until the 10th" said on 31 December: of the next month
                last = _add_months(last, 1)
            if first < last and (last - first).days < 366:
                found.append((m.start(), m.end() + ends[0][1], _period(first, last), 0.75))
    return found


_RE_WEEKDAY_GAP = re.compile(rf"(?:(?i:{WEEKDAY})\.?,?[ \t]*(?:(?i:den|the)[ \t]+)?)?")
_RE_FROM_TODAY = re.compile(
    r"(?i:\b(?:from|von|ab)\s+(today|tomorrow|heute|morgen)\s+"
    r"(?:until|till|til|to|through|bis(?:\s+(?:zum|einschließlich|inklusive))?)\s+)"
)


_AFTER_CLOCK = r"(?:after|before|from|ab|nach|vor)[ \t]+\d"  # "after 10.30", "ab 15 Uhr"
# a day of a list whose last day has the hours: "Mo, Mi und Fr ab 15 Uhr", "Tues or Thurs after"
_DAY_ITEM = r"(?:[a-zA-Zä]{2,9}\.?)"
_RE_LISTED_HOURS_AFTER = re.compile(
    rf"(?:[ \t]*(?:,|and|und|&|or|oder)[ \t]*{_DAY_ITEM}){{1,3}}\.?,?[ \t]+"
    rf"(?:{_HOURS}|{_AFTER_CLOCK})",
    re.I,
)
# a weekday of every week: "an einem Dienstag oder Donnerstag", "Sunday holiday"
_RE_EVERY_WEEK_AROUND = re.compile(r"(?i:\ban\s+einem\s+)$")
_RE_CLOSED_AFTER = re.compile(r"(?i:[ \t]+(?:holiday|ruhetag)\b)")
# the last day of such a list: "… or Thurs after 10.30 am"
_RE_LIST_BEFORE = re.compile(r"(?i:\b[a-zä]{2,9}\.?[ \t]*(?:,|and|und|&|or|oder)[ \t]*)$")
_RE_AFTER_CLOCK = re.compile(rf"(?i:[ \t]+{_AFTER_CLOCK})")


# when someone can be reached, every week: "Best time to call: …", "meistens erreichbar"
_RE_REACHABLE_LINE = re.compile(
    r"(?i:\b(?:best\s+time|erreichbar|usually|normally|meistens|immer)\b)"
)


def _every_week(text: str, start: int, end: int) -> bool:
    """Whether the weekday ``text[start:end]`` is one of every week: opening hours ("Mon-Thu
    9.00-17.00, Fri 9.00-16.30"), when someone is usually reachable ("Best time to call: Tues
    or Thurs after 10.30 am"), "an einem Dienstag", "Sunday holiday"."""
    if _RE_HOURS_AFTER.match(text, end) and _hours_line(text, start):
        return True
    listed = _RE_LISTED_HOURS_AFTER.match(text, end) or (
        _RE_AFTER_CLOCK.match(text, end) and _RE_LIST_BEFORE.search(text, max(0, start - 16), start)
    )
    if listed and _hours_line(text, start, reachable=True):
        return True
    return bool(
        _RE_EVERY_WEEK_AROUND.search(text, max(0, start - 12), start)
        or _RE_CLOSED_AFTER.match(text, end)
    )


def _hours_line(text: str, start: int, reachable: bool = False) -> bool:
    """Whether the line of ``start`` gives opening hours or times to call (``reachable``: when
    someone is usually at home or reachable)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    regex = _RE_REACHABLE_LINE if reachable else _RE_HOURS_LINE
    return bool(regex.search(text, line_start, len(text) if line_end < 0 else line_end))


def _weekday_from(today: date, target: int, which: str) -> date:
    """The day of weekday ``target`` (0 Monday) that ``which`` points to from ``today``: with no
    word the coming one (today itself on that weekday), with "next" a week later on that
    weekday, with "last" the one before today, with "übernächsten" the second one to come."""
    ahead = (target - today.weekday()) % 7
    if which in _PAST:
        ahead = ahead - 7 if ahead else -7
    elif which in _FUTURE and ahead == 0:
        ahead = 7
    elif which.startswith("übernäch"):  # "übernächsten Freitag"
        ahead = (ahead or 7) + 7
    return today + timedelta(days=ahead)


def _weekday_number(name: str) -> int:
    """0 for "Monday", "Mon", "Montag" or "Mo", … 6 for Sunday."""
    name = name.lower().rstrip(".")
    return _WEEKDAYS.get(name, _SHORT_GERMAN_DAYS.get(name, 0))


_RE_CHANGE_BEFORE = re.compile(
    r"(?i:\b(?:change|move|rebook|reschedule|postpone|switch|shift|swap|push|umbuchen|"
    r"verschieben|verlegen|ändern|tauschen)\w*\b[^.!?\n]{0,60}$)"
)


def _two_days(m: re.Match[str]) -> bool:
    """ "on the 18th and 19th of March", "am 18. und 19. März", "10 or 11 April": two days, not a
    period (that needs "between": "between the 3rd and 7th")."""
    joined = re.search(r"\s(?:and|und|or|oder)\s", m.group(0), re.I)
    return joined is not None and not re.match(r"(?:between|zwischen)\b", m.group(0), re.I)


# what is asked to be done: "pay my landlord 650 pounds for the rent on the first", "remind
# me on the 28th" (the next such day, also when it is of the next month)
_RE_TO_BE_DONE = re.compile(
    r"(?i:^\s*(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+)?(?:pay|remind|book|set|"
    r"schedule|put|move|transfer|send|add|renew|cancel|deliver)\b)"
)


# "yes the 12th please", "the 3rd works": a day picked in a reply, one still to come
_RE_PICKED = re.compile(
    r"(?i:\s*(?:please|pls|plz|works|would\s+(?:be|work|suit)|suits|is\s+(?:fine|good|ok|okay|"
    r"perfect|best)|then)\b)"
)


def _coming_day(
    text: str, start: int, end: int, day: str, weekday: str | None, today: date
) -> date | None:
    """Day ``day`` of the reference month; in a sentence that asks for something to be done
    (and tells nothing of the past), the next such day when that one has gone."""
    found = _day_of_month(today, day, weekday)
    if found is None or weekday is not None or found >= today:
        return found
    begin, _ = _sentence(text, start, end)
    asked = _RE_TO_BE_DONE.match(text, begin) or _RE_PICKED.match(text, end)
    if asked and not _past_sentence(text, start, end):
        return _day_of_month(_add_months(today.replace(day=1), 1), day)
    return found


def _day_said_before(
    text: str, start: int, day: str, weekday: str | None, locale: str, base: datetime
) -> date | None:
    """The month a bare "the 7th" (or "Saturday, the 7th") is in when a date written with its
    month comes before it: that date itself if it has the same day ("July 31 … on the 31st"),
    else the last such date's month, from a week before that date on ("3rd March … that
    Saturday, the 7th", "from 2 to 5 November … the 4th through the 7th"); None when no date is
    written before."""
    said = []
    for m in _RE_ABSOLUTE.finditer(text, 0, start):
        if not re.search(r"[^\W\d]{3,}|\.\d", m.group(0)) or _version_number(text, *m.span()):
            continue  # only dates with a month written out or in numbers ("12.3.")
        if re.search(
            r"(?i:\b(?:not|nicht)\s+(?:on\s+|am\s+)?)$", text[max(0, m.start() - 12) : m.start()]
        ):
            continue  # "leaving 31 July, not 31 August"
        parsed = parse_absolute(m.group(0), locale, base)
        if parsed is not None:
            said.append(parsed)
    wanted = None if weekday is None else _WEEKDAYS[weekday.lower()]
    for earlier in reversed(said):
        if earlier.day == int(day) and wanted in (None, earlier.weekday()):
            return earlier
    if not said:
        return None
    try:
        found = said[-1].replace(day=int(day))
    except ValueError:
        return None
    if (said[-1] - found).days > 7:
        return None  # "28th dec. keys went back on the 2nd": not that month's 2nd
    return found if wanted in (None, found.weekday()) else None


def _day_of_month(today: date, day: str, weekday: str | None = None) -> date | None:
    """Day ``day`` of the reference month; with a weekday, of the first month from the
    reference month on in which that day is that weekday."""
    for ahead in range(12 if weekday else 1):
        month = _add_months(today.replace(day=1), ahead)
        try:
            found = month.replace(day=int(day))
        except ValueError:
            continue
        if weekday is None or found.weekday() == _WEEKDAYS[weekday.lower()]:
            return found
    return None


# dollars of the US ("$", "US$", "USD"), and signs of money elsewhere ("NZ$", "£", "€", "AUD")
_RE_US_DOLLARS = re.compile(r"(?<![A-Za-z])\$|\bUS\$|\bdollars?\b|\bUSD\b")
_RE_OTHER_MONEY = re.compile(
    r"[£€₹]|\b(?:NZ|AU?|HK|S|J|C)\$|\b(?:NZD|AUD|GBP|EUR|INR|HKD|SGD|JMD|CAD)\b|"
    # Australia's bank codes, firms, tax, bills and addresses ("BSB 105-029", "… Pty Ltd",
    # "ABN 51 824 753 556", "BPAY", "Melbourne VIC 3000")
    r"\bBSB\b|\b(?i:pty)\b|\+61\b|\bABN\b|\bBPAY\b|\bPAYG\b|\bEFTPOS\b|"
    r"\b(?:VIC|NSW|QLD|TAS|ACT|WA|SA|NT)[ ]\d{4}\b|"
    # where the day comes first though dollars are paid: Hong Kong, Singapore, Jamaica
    r"\+852|\+65|\+1[ -]?876|\b876-\d{3}-\d{4}\b|\b(?:Hong Kong|Singapore|Jamaica)\b"
)
# signs of a text from the Philippines, which write the month first too ("Shipped from Dubai
# last 11/20/2021"; also the region of its phone numbers and money in ``extract``)
PHILIPPINE_SIGNS = (
    r"₱|\bPHP ?\d|\+63|\bPhilippines\b|\b(?:Manila|Quezon City|Makati|Cebu|Davao|Taguig|GCash)\b"
)
_RE_MONTH_FIRST = re.compile(PHILIPPINE_SIGNS)


# a US address or phone number: "Lancaster, PA 17601", "(717) 555-0132"
_RE_US_CONTACT = re.compile(
    r"\b[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b|\(\d{3}\)[ \t]*\d{3}-\d{4}\b|"
    r"(?<![\d-])[2-9]\d{2}-\d{3}-\d{4}(?![\d-])"  # "My cell is 646-555-0173"
)


# full dates with slashes, whose order one of them may show: "13/05/2024", "5/13/24"
_RE_FULL_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})(?![\d/])")


def _american(text: str) -> bool:
    """A text that writes the month first: one of its dates can only be read so ("5/13/24"),
    or it is about US dollars, and about no other money unless it gives a US address or phone
    number (a US traveller's euros): its "4/11" is April 11. Not when one of its dates can only
    be read day first ("13/05/2024" in a chat export from Australia, which pays in dollars)."""
    for m in _RE_FULL_SLASH_DATE.finditer(text):
        if int(m.group(1)) > 12 >= int(m.group(2)):
            return False
        if int(m.group(2)) > 12 >= int(m.group(1)):
            return True
    if _RE_MONTH_FIRST.search(text):
        return True
    contact = _RE_US_CONTACT.search(text) is not None
    no_other_money = _RE_OTHER_MONEY.search(text) is None
    if _RE_US_DOLLARS.search(text) is None:
        return contact and no_other_money  # "12/9 … my cell 646-555-0173"
    return no_other_money or contact


# "Do. 27.2.", "Friday (1.5.)", "Samstag, den 3. Mai": the weekday said with the date
_SHORT_GERMAN_DAYS = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}
_RE_WEEKDAY_BEFORE = re.compile(
    rf"(?i:\b({WEEKDAY}\.?|(?:{_alt(list(_SHORT_GERMAN_DAYS))})\.)"
    r"[ \t]*[,(]?[ \t]*(?:(?:den|der|the)\s+)?)$"
)


def _year_of_weekday(day: date, weekday: int, today: date) -> date:
    """``day`` (written without a year) moved to the year nearest ``today`` in which it is
    ``weekday``: "Do. 27.2." written in December is next February's."""
    if day.weekday() == weekday:
        return day
    years = sorted((day.year - 1, day.year + 1), key=lambda y: abs(y - today.year))
    for year in years:
        moved = _in_year(day, year)
        if moved and moved.weekday() == weekday and abs((moved - today).days) <= 183:
            return moved
    return day


def _slash_date(
    text: str, day_or_month: str, other: str, base: datetime, year: str | None = None
) -> date | None:
    """ "28/3" (day first), "2/14" (month first, the only way it can be), "4/11" in a text about
    dollars (month first, as in the US); in the reference year unless ``year`` is given."""
    a, b = int(day_or_month), int(other)
    month_first = b > 12 or (a <= 12 and _american(text))
    month, day = (a, b) if month_first else (b, a)
    full_year = base.year if year is None else int(year)
    if year is not None and len(year) == 2:  # "DOB 3/4/89": 1989, not 2089
        full_year += 2000 if full_year <= base.year % 100 + 1 else 1900
    try:
        found = date(full_year, month, day)
    except ValueError:
        return None
    return found if year is not None else _near_year(found, base.date())


# the sentence tells of the past: a verb in the past, and nothing about now or later
_RE_PAST_EN = re.compile(
    r"(?i:\b(?:was|were|wasn't|weren't|came|went|(?<!'ve\s)(?<!have\s)got|had|did|didn't|said|told|took|left|sent|"
    # not "I've got a hire car": one that is had now
    r"paid|bought|broke|saw|rang|spoke|gave|made|found|lost|hit|stole|used|[a-z]{3,}ed|thanks?\s+for|"
    r"burst|fell|froze|blew|ran|drove|flew|wore|tore|"
    r"thank\s+you\s+for)\b)"
)
_RE_NOT_PAST_EN = re.compile(
    r"(?i:\b(?:will|going\s+to|gonna|can|could|would|please|pls|need|needs|want|wants|tomorrow|"
    r"next|shall|should|is|are|am|(?<!\bto\s)be|hope|planned|scheduled|booked\s+for|supposed|see\s+you|"
    r"(?<!was\s)(?<!were\s)due)\b|"
    r"'ll\b|'d\b|"
    r"'m\b|'re\b|\?)"
)
_RE_PAST_DE = re.compile(
    # not "sagte" or "meinte": "er meinte, er kommt am Donnerstag"
    r"(?i:\b(?:war|waren|hatte|hatten|ging|gingen|kam|kamen|rief|riefen|stand|standen|lag|lagen|"
    r"gab|fuhr|fiel|brach|lief|sah|schrieb|bekam|bekamen|erhielt|erhielten|passierte|klappte|"
    r"hät|händ|hen|hend|"  # Swiss, Swabian: "am Sunntig hät niemer …", "mir hen … kriegt"
    r"funktionierte|sollte|sollten|konnte|konnten|musste|mussten|durfte|"
    # not "ich wollte fragen, ob …": a polite way to ask now
    r"wollten?\b(?![^.!?\n]{0,20}\b(?:fragen|nachfragen|anfragen|wissen|bitten|mitteilen|"
    r"informieren|melden|sagen)\b)|"
    # "vielen Dank für das Telefonat am Freitag"
    r"dank(?:e)?(?:\s+(?:nochmal|nochmals|vielmals|sehr|auch))?\s+für)\b)"
)
# after the day: "am Sonntag hat euer Mitarbeiter alles abgenommen", "ist mir … gefahren"
_RE_PERFECT_AFTER = re.compile(
    rf"(?i:\b(?:habe|hab|hat|haben|bin|wurde|wurden)\b.*\b{_PARTICIPLE}\b|"
    r"\b(?:ist|sind)\b.*\b(?:[a-zäöü]*ge(?:fahren|kommen|gangen|fallen|flogen|laufen|platzt|"
    r"storben|blieben|rissen|brochen|stürzt)|passiert|explodiert)\b)"
)
# "booked it for delivery on Friday", "a confirmation for 6:30pm on Friday" (not "for her
# birthday on Saturday": an occasion, told like anything else)
_RE_PURPOSE_BEFORE = re.compile(
    r"(?i:\b(?:for|by|until|till|before)\b(?!\s+(?:his|her|my|our|their|your)\b)"
    r"(?:\s+[\w:.]+){0,3}\s+(?:on\s+)?)$"
)
# "thanks for the call on Friday", "danke für das nette Telefonat am Freitag", "following your
# call with our colleague on Tuesday", "complain about the 6.30pm class on Monday"
_RE_THANKS_FOR = re.compile(
    r"(?i:\b(?:thanks|thank\s+you|dank|danke)(?:\s+(?:again|so\s+much|very\s+much|nochmal|"
    r"nochmals|vielmals|sehr|auch))?\s+(?:for|für)\s+(?:the|your|our|das|den|die|"
    r"ihr(?:e[mn]?)?|eure[mn]?)\s+(?:\w+\s+){0,2}(?:(?:on|am)\s+)?"
    # "Thanks for ringing me on Friday", "thank you for getting back to me on Monday"
    r"|\b(?:thanks|thank\s+you)\s+for\s+(?:ringing|calling|phoning|e-?mailing|writing|"
    r"getting\s+back|coming|seeing|helping|replying)\b(?:\s+[\w']+){0,4}?\s+(?:on\s+)?"
    # "your email from Tuesday", "the letter from Monday"
    r"|\b(?:e-?mail|letter|message|text|call|voicemail|reply|invoice|bill|quote)\s+from\s+"
    r"|\b(?:following(?:\s+up\s+on)?|further\s+to|complain(?:ing)?\s+about|complaint\s+about)\s+"
    r"(?:the|your|our|my)\s+(?:[\w.:'-]+\s+){0,5}(?:on\s+)?)$"
)
# "my direct debit bounced on fri", "we were charged on Monday" (not "it is scheduled on Monday"):
# the text before "on"
_RE_VERB_ON = re.compile(
    r"(?i:(?<!\bis\s)(?<!\bbe\s)(?<!\bare\s)(?<!'s\s)(?<!\bbeen\s)(?<!\bit\s)(?<!\bthem\s)"
    r"\b(?!(?:scheduled|planned|expected|booked|arranged|needed|wanted|reserved|supposed|"
    r"confirmed|rescheduled|postponed|moved)\b)[a-z]{3,}ed['\u2019\"\u201d]?\s+)$"
)
_RE_NOT_PAST_DE = re.compile(
    r"(?i:\b(?:wird|werden|soll|sollen|kann|können|könnte|bitte|möchte|möchten|will|wollen|"
    r"morgen|nächste[nmrs]?|kommende[nmrs]?|würde|wäre|müssen|muss|hätte|hätten|gerne?|falls)\b|"
    r"\?)"
)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence around ``text[start:end]`` begins and ends (after its full stop); a
    full stop inside a number ("the 6.30pm class", "1.980,00 €") does not end it."""
    begin = max((b.end() for b in _RE_SENTENCE_END.finditer(text, 0, start)), default=0)
    stopped = _RE_SENTENCE_END.search(text, end)
    return begin, stopped.end() if stopped else len(text)


def _past_sentence(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` tells of the past."""
    begin, stop = _sentence(text, start, end)
    # the clause after a colon ("Ich möchte einen Schaden melden: Am Samstag ist … geplatzt")
    begin = max((c.end() for c in _RE_COLON.finditer(text, begin, start)), default=begin)
    if _RE_THANKS_FOR.search(text, begin, start):
        return True  # "Thanks for the call on Friday."
    if _RE_PURPOSE_BEFORE.search(text, begin, start):
        return False  # "I booked it for delivery on Friday"
    return _tells_of_past(text, begin, stop, end)


def _tells_of_past(text: str, begin: int, stop: int, end: int) -> bool:
    """Whether ``text[begin:stop]`` (a sentence or a clause, with a day ending at ``end``) has a
    verb in the past and nothing about now or later."""
    part = text[begin:stop]
    if _RE_PAST_EN.search(part) and not _RE_NOT_PAST_EN.search(part):
        return True
    german = _RE_PAST_DE.search(part) or _RE_PERFECT_AFTER.search(text, end, stop)
    return bool(german and not _RE_NOT_PAST_DE.search(part))


# "since the storm on Friday", "zuletzt am Dienstag", "most recently on Monday"
_RE_SINCE_BEFORE = re.compile(
    r"(?i:\b(?:since|seit)\b[^.!?;\n]{0,40}|\b(?:(?:most\s+)?recently|last\s+time)\s+|"
    # "zuletzt benutzt habe ich sie am Samstag", "last used it Tues at Tesco"
    r"\b(?:zuletzt|last\s+used)\b[^.!?;\n]{0,40})$"
)


# a message received on a day: "Your SMS on Thursday", "SMS von euch am Donnerstag", "App
# notifications from Monday", "Mitteilung in der Post-App von Samstag"
# what a phone shows a customer (also read by :mod:`inloop.ai._quoted`)
MESSAGE_NOUNS = (
    r"sms|texts?|messages?|notifications?|alerts?|nachrichten?|mitteilung(?:en)?|"
    r"benachrichtigung(?:en)?|app"
)
_RE_MESSAGE_OF_BEFORE = re.compile(
    rf"(?i:\b(?:{MESSAGE_NOUNS}|e-?mails?|mails?|letters?|voicemails?|briefe?|schreiben|anrufe?)"
    r"\b(?:[ \t]+[\w-]+){0,3}?(?P<on>[ \t]+(?:from|of|on|dated|von|vom|am))?[ \t]+)$"
)
# (not one still to come: "please send me a text on Monday", "schicken Sie mir die SMS am Montag")
_RE_MESSAGE_TO_COME = re.compile(
    r"(?i:\b(?:please|pls|will|can|could|would|shall|send|expect\w*|bitte|schick\w*|"
    r"schreib\w*|sende\w*|erwart\w*|kommt|kriege?|bekomme)\b|'ll\b)"
)


def _message_of_day(text: str, start: int, which: str) -> bool:
    """Whether the weekday at ``start`` (with ``which``: "on", "am" or nothing before it)
    names the day a message was received."""
    said = _RE_MESSAGE_OF_BEFORE.search(text, max(0, start - 50), start)
    if said is None or not (said.group("on") or which):
        return False
    begin = _sentence(text, said.start(), start)[0]
    return _RE_MESSAGE_TO_COME.search(text, begin, start) is None


def _in_the_past(text: str, which: str, start: int, end: int) -> bool:
    """Whether the weekday ``text[start:end]``, said with ``which`` ("", "on", "am") and no
    "next" or "last", is a past one."""
    if which == "" and _day_heading_of_chat(text, start, end):
        return True  # "Thursday" above the messages of that day in a copied chat
    if which in ("", "on", "am") and _message_of_day(text, start, which):
        return True  # "Your SMS on Thursday:", "Ihre SMS von Mittwoch", "texts from Monday"
    if which in ("", "on") and _RE_MEANT_BEFORE.search(text, max(0, start - 60), start):
        return True  # "The sofa was meant to come on Saturday but nobody showed"
    stop = _sentence(text, start, end)[1]
    if _RE_PROMISED_BEFORE.search(text, max(0, start - 80), start) and _RE_FAILED_AFTER.search(
        text, end, stop
    ):
        return True  # "You promised it would arrive by Friday and it didn't."
    # the day something is set for: "Die Lieferung ist für Mittwoch … angekündigt", "wir haben
    # für Freitag den Sperrmüll angemeldet" (not "Der Termin war für Montag vereinbart")
    if _RE_FOR_DAY_BEFORE.search(text, max(0, start - 8), start) and (
        _RE_IS_FOR_BEFORE.search(text, max(0, start - 60), start)
        or not _RE_WAS_FOR.search(text, max(0, start - 40), start)
    ):
        return False
    if _RE_UNTIL_BEFORE.search(text, max(0, start - 20), start):
        return False  # "der ist aber bis Freitag verreist": a limit still to come
    if _RE_MOVED_TO_BEFORE.search(text, max(0, start - 40), start) or (
        re.search(r"(?i:\bauf\s+)$", text[max(0, start - 5) : start])
        and _RE_MOVED_TO_DE.search(text, end, _sentence(text, start, end)[1])
    ):
        return False  # "rebooked on Sat at 6am", "auf Montag 6:10 verschoben": moved to it
    if _RE_BOOKED_AT_TIME_AFTER.match(text, end):
        return False  # "habe Probetraining am Mittwoch um 18 Uhr gebucht": the day booked
    if which in ("", "on") and _RE_DONE_BEFORE.search(text, 0, start):
        return True  # "I rang on Friday"
    if which == "on" and _RE_VERB_ON.search(text, 0, start):
        return True  # "it bounced on fri"
    aux_before = _RE_HAD_BEFORE.search(text, 0, start) or _RE_AS_BEFORE.search(text, 0, start)
    perfect_around = aux_before and _RE_PARTICIPLE_AFTER.match(text, end)
    if which in ("", "am") and (perfect_around or _RE_PERFECT_BEFORE.search(text, 0, start)):
        return True  # "Ich habe am Montag mit Ihrer Kollegin telefoniert"
    if which in ("", "am") and _RE_PARTICIPLE_AUX_BEFORE.search(text, max(0, start - 40), start):
        return True  # "Bestellt hab ich am Dienstag."
    if which in ("", "am") and _RE_PARTICIPLE_AUX_AFTER.match(text, end):
        return True  # "…, dass die Karte am Mittwoch gesperrt wurde"
    if which in ("", "on", "am") and _RE_SINCE_BEFORE.search(text, 0, start):
        return True  # "not closing since the storm on Friday", "seit dem Sturm am Freitag"
    if which == "" and _RE_VOM_BEFORE.search(text, max(0, start - 40), start):
        # "Laborwerte vom Dienstag", "die Überweisung vom Dienstag" (not "meinen Termin vom
        # Donnerstag … verschieben": a day still to come)
        begin, stop = _sentence(text, start, end)
        if not _RE_MOVED_DE.search(text, begin, stop):
            return True
    if which in ("", "on", "am") and _asked_of_the_past(text, start):
        return True  # "Frage: Wann haben Sie die Karte zuletzt benutzt?\nAntwort: Am Mittwoch"
    # "my car was hit on Tuesday night", "Techniker war am Montag da"; "my flight was five hours
    # late on Sunday and I want the compensation": the clause of the day tells of the past
    return which in ("", "on", "am") and (
        _past_sentence(text, start, end) or _past_clause(text, start, end)
    )


_RE_COLON = re.compile(r":\s")  # "Preferred visit: Thursday or Friday"
# where one clause of a sentence ends and the next begins: "…, and I want …", "… yet they …"
_RE_CLAUSE_BREAK = re.compile(
    r"[;\u2013]|\s-\s|,?\s+(?:and|but|so|yet|und|aber|doch)\s+"
    r"(?=(?:i|we|he|she|they|it|you|the|my|our|his|her|their|ich|wir|er|sie|es|der|die|das|"
    r"mein|meine|unser|unsere)\b)|"
    r",\s+(?=(?:the|my|our|your|his|her|their|it|i|we|he|she|they|which|der|die|das|ich|wir|"
    r"mein|meine|unser|unsere|ihr|ihre|any|can|could|would|will|is|are)\b)",
    re.I,
)
# before the day in its clause: a request, a plan or what someone said of the day ("I wanted to
# book the class on Wednesday", "he's booked in … on Thursday", "he told her Tuesday", "ab
# Freitag bin ich auf Urlaub"): no sign of the past
_RE_NOT_PAST_CLAUSE = re.compile(
    r"(?i:\b(?:wanted|hoped|wondered|wondering|hoping|said|says|saying|told|tells|promised|"
    r"booked|scheduled|arranged|planned|due|ab)\b)"
)


def _past_clause(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``text[start:end]`` tells of the past, where the rest of its
    sentence speaks of now or later."""
    begin, stop = _sentence(text, start, end)
    begin = max(
        (m.end() for m in itertools.chain(
            _RE_CLAUSE_BREAK.finditer(text, begin, start), _RE_COLON.finditer(text, begin, start)
        )),
        default=begin,
    )  # fmt: skip
    after = _RE_CLAUSE_BREAK.search(text, end, stop)
    stop = after.start() if after else stop
    if _RE_PURPOSE_BEFORE.search(text, begin, start) or _RE_NOT_PAST_CLAUSE.search(
        text, begin, start
    ):
        return False  # "I booked it for delivery on Friday, and I want …"
    return _tells_of_past(text, begin, stop, end)


# a copied chat: the messages under a heading for their day ("Thursday", "Yesterday", "Today"),
# each with its time under it ("4:12 pm ✓✓") or before it ("[09:41] Anna: …")
_RE_CHAT_SIGN = re.compile(
    rf"^[ \t]*(?:(?:[A-Z][a-z]{{2}}\.?,?[ \t]+)?{CLOCK}"
    r"[ \t\u2713\u2714]*|(?i:today|yesterday|heute|gestern))[ \t]*$|^[ \t]*\[\d{1,2}[:.]\d{2}\]",
    re.M,
)


def _day_heading_of_chat(text: str, start: int, end: int) -> bool:
    """Whether the weekday ``text[start:end]`` stands alone on its line in a copied chat: the
    heading of the messages of that day, which is a past one (today's heading says "Today")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    # ("Mon 9:14 PM" above a message in Messenger)
    heading = line.strip() == text[start:end] or _RE_CLOCK_HEADING.fullmatch(text, end, line_end)
    return bool(heading) and _RE_CHAT_SIGN.search(text) is not None


_RE_CLOCK_HEADING = re.compile(rf"\.?,?[ \t]+{CLOCK}[ \t]*")


# what was meant to happen on the day, told after it did not: "was meant to come on Saturday"
_RE_MEANT_BEFORE = re.compile(r"(?i:\b(?:was|were)\s+(?:meant|supposed)\s+to\b[^.!?;\n]{0,50})$")
# a promise for the day ("said he'd be back Monday", "Sie wollten sich Freitag melden") that
# the same sentence says was broken ("but nobody came", "hat aber keiner angerufen")
_RE_PROMISED_BEFORE = re.compile(
    r"(?i:\b(?:promised|said|told|would|wollten?|sollten?|versprochen|zugesagt|hieß\s+es)\b|"
    r"['\u2019]d\b)[^.!?;\n]{0,60}$"
)
_RE_FAILED_AFTER = re.compile(
    r"(?i:\b(?:nobody|no[ -]?one)\s+(?:came|showed|turned|called|rang)\b|"
    r"\b(?:it|they|he|she)\s+(?:didn['\u2019]?t|did\s+not|never)\b|"
    r"\bnever\s+(?:came|arrived|showed|turned|happened|called|rang)\b|"
    r"\b(?:keiner|niemand)\b|\bnie\s+(?:gekommen|angekommen)\b|"
    r"\bnicht\s+(?:gekommen|angekommen|erschienen|geliefert|angerufen)\b)"
)
_RE_MOVED_TO_BEFORE = re.compile(
    # ("moved on Monday" may be when it was moved)
    r"(?i:\b(?:(?:rebooked|rescheduled)(?:(?:\s+\w+){0,2}\s+(?:on|to|for))?|"
    r"(?:moved|postponed|pushed\s+back|changed|switched)(?:\s+\w+){0,2}\s+(?:to|for|until|till))"
    r"\s+)$"
)
_RE_MOVED_TO_DE = re.compile(
    r"(?i:\b(?:verschoben|verlegt|umgebucht|geändert|vorverlegt|verschieben|verlegen|umbuchen)\b)"
)
_RE_UNTIL_BEFORE = re.compile(r"(?i:\b(?:bis|until|till|by)\s+(?:zum\s+|spätestens\s+)?)$")
_RE_FOR_DAY_BEFORE = re.compile(r"(?i:\bfür\s+)$")
_RE_WAS_FOR = re.compile(r"(?i:\b(?:war|waren)\b[^.!?\n]*)$")
_RE_BOOKED_AT_TIME_AFTER = re.compile(
    r"(?i:[^.!?\n]{0,15}?\b(?:um|at|ab|from)\s+\d{1,2}(?:[:.]\d\d)?(?:\s*uhr)?\s+"
    r"(?:\w+\s+)?(?:gebucht|vereinbart|angemeldet|reserviert|bestellt|geplant|ausgemacht)\b)"
)
_RE_IS_FOR_BEFORE = re.compile(r"\b(?:ist|sind)\b[^.!?\n]{0,40}\bfür\s+$")
_RE_VOM_BEFORE = re.compile(
    r"(?<!\bTermin )(?<!\bTermins )(?<!\bBesuch )(?<!\bLieferung )(?<!\bAbholung )\bvom\s+$"
)
_RE_MOVED_DE = re.compile(
    r"(?i:\b(?:verschieben|verlegen|absagen|stornieren|umbuchen|tauschen|ändern)\b)"
)
# a form's or a portal's question and the answer below it: "Q: When did it happen?\nA: …"
_RE_ANSWER_LINE = re.compile(r"(?i:(?:a|antwort|answer)[ \t]*:)[^\n]*$")
_RE_QUESTION_LINE = re.compile(r"(?i:(?:q|frage|question)[ \t]*:)([^\n]*\?)[ \t]*\n[ \t]*$")


def _asked_of_the_past(text: str, start: int) -> bool:
    """Whether ``start`` is in an answer whose question, on the line before, asks of the past:
    a form's "Q:" and "A:", or the turns of a chat ("agent: When did it happen?" / "customer:
    friday night around 11")."""
    line = text.rfind("\n", 0, start) + 1
    if _RE_ANSWER_LINE.match(text, line, start):
        question = _RE_QUESTION_LINE.search(text, max(0, line - 200), line)
    elif _RE_TURN_LINE.match(text, line, start):
        question = _RE_TURN_QUESTION.search(text, max(0, line - 300), line)
    else:
        return False
    if question is None:
        return False
    asked = question.group(1)
    if re.search(r"(?i:\bwant(?:ed)?\b|\bwollten\b|\bbook|\bbuchen\b)", asked):
        return False  # "Which date did you want to book it for?": one to come
    return bool(
        _RE_SINCE_BEFORE.search(asked + " ")
        or (_RE_PAST_EN.search(asked) and not _RE_NOT_PAST_EN.search(asked))
        or (_RE_PAST_DE.search(asked) and not _RE_NOT_PAST_DE.search(asked))
        or re.search(r"(?i:\bzuletzt\b|\blast\b|\bdid\b|\bwas\b|\bwere\b)", asked)
        or re.search(rf"(?i:\b(?:haben|hat|habe|ist|sind)\b[^?\n]*\b{_PARTICIPLE}\b)", asked)
    )


# a chat's turn ("[08:54] Sie: sonntag um 18:20", "USER: friday night around 11") and the
# question that ends the turn before it
# the stamp before a chat's or a call's turn: "[10:44]", "[21/01/2022 13:22]", "(9:35 AM)", "12:54"
TURN_STAMP = r"(?:\[[^\]\n]{1,25}\]|\(?\d{1,2}[:.]\d\d(?::\d\d)?(?:[ \t]*[AaPp][Mm])?\)?)[ \t]*"
_RE_TURN_LINE = re.compile(rf"[ \t]*(?:{TURN_STAMP})?[^\n:?]{{1,40}}:[ \t]")
_RE_TURN_QUESTION = re.compile(r"([^.!?\n:]*\?)[ \t]*\n[ \t]*$")


# a weekday that is a name: after a first name or a title on the same line, or before a surname
_RE_NAME_AROUND = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Herr|Herrn|Frau|Prof)\.?|"
    r"(?<![.!?:]\s)(?<!^)\b(?!(?:On|Am|Bis|Ab|Seit|By|Next|Last|This|Every|Until|Till|Since|From|Before|"
    r"After|Diesen|Nächsten|Letzten|Kommenden|Jeden|Vom|Zum|Und|And|Or|Oder|Von|Ihr|Mein|For|"
    r"The|Der|Den|Dem|Each|Coming|Thanks|Danke|Until)\b)[A-Z][a-z]+)[ ]$"
)
_RE_DAY_PART_AFTER = re.compile(
    r"[ \t]+(?i:morning|afternoon|evening|night|vormittag|nachmittag|abend|mittag|nacht)\b"
)
_RE_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Herr|Herrn|Frau|Prof)\.?[ ]$")
_RE_SIGNED_BEFORE = re.compile(r"(?:^|\n)[ \t]*[A-Z][a-zäöüß]+(?:-[A-Z][a-zäöüß]+)?[ ]$")
_RE_NAME_AFTER = re.compile(
    r"(?!\s*(?:Morning|Afternoon|Evening|Night|Vormittag|Nachmittag|Abend|Mittag|Nacht|Früh|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Januar|Februar|März|Juni|Juli|Oktober|Dezember)\b)"
    r"(?:[ ][A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w.])(?!\s*\d)|,[ ][A-ZÄÖÜ]{2,})"
)


def _part_of_a_name(text: str, m: re.Match[str]) -> bool:
    """Whether the weekday ``m`` (said without "on", "next" …) is a name or part of one: after
    a first name or a title on its line ("Dr Sunday Eze", "Thi Thu Trang"; a German weekday,
    capitalised like any noun, only after a title or as the surname of a signature: "Gruß\nKai
    Freitag", not "Abholung Samstag um 10"), or before a surname ("Sunday Adeyemi", "SONNTAG,
    MARIE")."""
    start, end = m.span()
    if m.group(2).lower() in _GERMAN_WEEKDAYS:
        around = _RE_TITLE_BEFORE.search(text, 0, start) or (
            _RE_SIGNED_BEFORE.search(text, 0, start) and re.match(r"[ \t]*(?:\n|\Z)", text[end:])
        )
    else:
        around = _RE_NAME_AROUND.search(text, 0, start)
    if around and not _RE_DAY_PART_AFTER.match(text, end):
        return True
    after = _RE_NAME_AFTER.match(text, end)
    if after and m.group(2).lower() in _GERMAN_WEEKDAYS and not after.group(0).startswith(","):
        return False  # "bis Samstag Ersatz schicken": a German noun, capitalised as all are
    return bool(after) and m.group(2)[0].isupper()


def _period(first: date, last: date) -> dict[str, str]:
    return {"from": first.isoformat(), "to": last.isoformat()}


# "1/3 Ordered a coat …\n2/3 Returned it …": the parts of a thread of posts
_RE_THREAD_MARK = re.compile(r"(?m)^[ \t]*(\d{1,2})/(\d{1,2})(?=[ \t]+\S)")


# "the 4th tuesday in a row", "third Monday running": a count, no day
_RE_IN_A_ROW = re.compile(
    rf"(?i:\b(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth)\s+"
    rf"(?:time|day|week|month|{WEEKDAY})s?\s+(?:in\s+a\s+row|running)\b)"
)


def not_dates(text: str) -> list[Found]:
    """What looks like a date but is none: the "1/2", "2/2" that number the posts of a thread
    at the start of their lines (at least two of the same count, each no more than it); "the
    4th tuesday in a row"."""
    marks: dict[int, list[re.Match[str]]] = {}
    for m in _RE_THREAD_MARK.finditer(text):
        if not m.group(1).startswith("0") and 1 <= int(m.group(1)) <= int(m.group(2)) <= 20:
            marks.setdefault(int(m.group(2)), []).append(m)
    spans = []
    for posts in marks.values():
        numbers = sorted(int(m.group(1)) for m in posts)
        # the posts of one thread, numbered on ("3/12 BESTBUY.COM" twice is a statement's rows)
        if len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            spans += [(m.start(1), m.end(2), "", 0.0) for m in posts]
    return spans + [(m.start(), m.end(), "", 0.0) for m in _RE_IN_A_ROW.finditer(text)]


def find_dates(text: str, locale: str, base: datetime, taken: list[Found]) -> list[Found]:
    """Dates outside the spans in ``taken`` (the periods)."""
    found: list[Found] = []
    today = base.date()
    blocked = not_dates(text) + taken  # (kept apart: the periods' values are read below)

    def add(start: int, end: int, value: date, confidence: float) -> None:
        if not _covered(blocked, start, end) and not _covered(found, start, end):
            found.append((start, end, value.isoformat(), confidence))

    for m in _RE_DAYS_MONTH.finditer(text):  # "am 18. und 19. März": both days
        if _two_days(m):
            first, last = _days_of_month(m, (1, 2, 3, 4), locale, base)
            if first and last:
                suffix = re.compile(ORD, re.I).match(text, m.end(1))
                add(m.start(1), suffix.end() if suffix else m.end(1), first, 0.85)
                add(m.start(2), m.end(), last, 0.9)
    for m in _RE_DAY_OF_REL_MONTH.finditer(text):
        number = m.group(1) or m.group(4)
        word = (m.group(2) or m.group(5) or "").lower().replace(" ", "-")
        day = int(number) if number else _ORDINALS_EN.get(word) or _ORDINALS_DE.get(word, 0)
        month = _add_months(
            today.replace(day=1), _MONTH_STEPS.get((m.group(3) or m.group(6)).lower(), 0)
        )
        with contextlib.suppress(ValueError):
            add(m.start(), m.end(), month.replace(day=day), 0.8)
    for m in _RE_SLASH_FULL.finditer(text):
        at = next(i for i in range(1, m.re.groups, 3) if m.group(i))  # the alternative matched
        parts = m.groups()[at - 1 : at + 2]
        parsed = _slash_date(text, parts[0], parts[1], base, parts[2])
        if parsed is not None:
            add(m.start(at), m.end(), parsed, 0.9)
    for m in _RE_ABSOLUTE.finditer(text):
        if "." in m.group(0).rstrip(".") and _version_number(text, m.start(), m.end()):
            continue
        parsed = parse_absolute(m.group(0), locale, base)
        weekday_said = _RE_WEEKDAY_BEFORE.search(text, 0, m.start())
        if parsed and weekday_said and not re.search(rf"{YEAR}|\.\d\d$", m.group(0)):
            name = weekday_said.group(1).lower().rstrip(".")
            weekday = _WEEKDAYS.get(name, _SHORT_GERMAN_DAYS.get(name, parsed.weekday()))
            parsed = _year_of_weekday(parsed, weekday, today)
        if (
            parsed is not None
            and (today - parsed).days > DEADLINE_PAST
            and not re.search(YEAR, m.group(0))
            and _RE_DEADLINE_BEFORE.search(text, max(0, m.start() - 20), m.start())
        ):
            # "eine Stundung bis 31. Januar" written in September: next January
            parsed = _in_year(parsed, parsed.year + 1) or parsed
        if parsed is not None:
            add(m.start(), m.end(), parsed, 0.9)
    for m in _RE_ORDINAL_DATE.finditer(text):
        word = (m.group(1) or m.group(2)).lower().replace(" ", "-")
        day = _ORDINALS_EN.get(word) or _ORDINALS_DE[word]
        parsed = parse_absolute(f"{day} {m.group(3)} {m.group(4) or ''}", locale, base)
        if parsed is not None:
            add(m.start(), m.end(), parsed, 0.8)
    for m in (*_RE_SLASH_BEFORE.finditer(text), *_RE_SLASH_ROW.finditer(text)):
        parsed = _slash_date(text, m.group(1), m.group(2), base)
        if parsed is not None:
            add(m.start(), m.end(), parsed, 0.7)
    for run in _RE_SLASH_LIST.finditer(text):  # "4 sessions: 12/9, 19/9, 26/9 and 3/10"
        items = list(_RE_SLASH_ITEM.finditer(text, run.start(), run.end()))
        listed = [_slash_date(text, i.group(1), i.group(2), base) for i in items]
        days = [d for d in listed if d is not None]
        big = any(int(i.group(1)) > 12 or int(i.group(2)) > 12 for i in items)
        if len(days) == len(items) and (len(items) >= 3 or big):
            for item, listed_day in zip(items, days, strict=True):
                add(item.start(), item.end(), listed_day, 0.65)
    for m in _RE_SLASH_ALONE.finditer(text):  # "dropping off in SF 2/18": only a date
        one, other = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        parsed = _slash_date(text, one, other, base)
        if _RE_FORM_EDITION.search(text, max(0, m.start() - 24), m.start()):
            continue  # "REPORT FORM   MC1 (08/23)", "Form HM-PL-02 rev. 01/24": its edition
        if parsed is not None and not m.group(0).endswith("24/7"):
            add(m.start(), m.end(), parsed, 0.55)
    for m in _RE_SLASH_DATE.finditer(text):
        if m.group(0).endswith("24/7"):
            continue  # "24/7": all the time
        parsed = _slash_date(text, m.group(1), m.group(2), base)
        if parsed is not None:
            add(m.start(1), m.end(), parsed, 0.75)
            more = _RE_AND_SLASH.match(text, m.end())  # "on 8/29 and 8/30"
            also = more and _slash_date(text, more.group(1), more.group(2), base)
            if more and also:
                add(more.start(1), more.end(), also, 0.75)
    for m in _RE_ISO_DATETIME.finditer(text):
        with contextlib.suppress(ValueError):
            stamped = date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
            add(m.start(), m.start(5) - 1, stamped, 0.9)
    for m in _RE_XML_COMPACT_DAY.finditer(text):  # CII's '<udt:DateTimeString format="102">'
        compact = _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if compact is not None:
            add(m.start(1), m.end(3), compact, 0.9)
    for m in _RE_YMD.finditer(text):  # "on 2024.04.22", "2024/06/14" (Chinese, Korean writers)
        with contextlib.suppress(ValueError):
            add(m.start(), m.end(), date(int(m.group(1)), int(m.group(2)), int(m.group(3))), 0.8)
    for m in _RE_AM_ORDINAL.finditer(text):  # "bis zum zwanzigsten": a day of the month
        said_day = _ORDINALS_DE[m.group(1).lower()]
        parsed = _day_said_before(text, m.start(), str(said_day), None, locale, base)
        parsed = parsed or _day_of_month(today, str(said_day))
        if parsed is not None:
            add(m.start(1), m.end(), parsed, 0.55)
    for m in _RE_AM_DAY.finditer(text):
        number = m.group("day")
        # "Abfahrt am 3. November … am Vormittag vom 3.": the day named before, with its month;
        # "Am 2. Oktober, Abreise dann am 5.": a later day of the month named before
        before = [date.fromisoformat(d) for s, _, d, _ in found if s < m.start()]
        said = [d for d in before if d.day == int(number)]
        parsed = said[-1] if said else None
        last = before[-1] if before else None
        # (not a birthday: "geb. 03.11.1951 … am 28.")
        if parsed is None and last and last.day < int(number) and abs((last - today).days) < 200:
            with contextlib.suppress(ValueError):
                parsed = None if m.group("wd") else last.replace(day=int(number))
        parsed = parsed or _day_of_month(today, number, m.group("wd"))
        if parsed is not None:
            add(m.start(), m.end(), parsed, 0.65)
    for m in _RE_THE_DAY.finditer(text):
        parsed = _day_said_before(text, m.start(), m.group(2), m.group(1), locale, base)
        parsed = parsed or _coming_day(text, m.start(), m.end(), m.group(2), m.group(1), today)
        if parsed is not None:
            add(m.start(), m.end(), parsed, 0.7)
    for m in _RE_THE_DAY_WORD.finditer(text):
        in_words = str(_ORDINALS_EN[m.group(1).lower()])
        parsed = _day_said_before(text, m.start(1), in_words, None, locale, base)
        parsed = parsed or _coming_day(text, m.start(1), m.end(), in_words, None, today)
        if parsed is not None:
            add(m.start(1), m.end(), parsed, 0.65)
    for m in _RE_HOLIDAY.finditer(text):
        key = " ".join(m.group(1).lower().replace("\u2019", "'").replace("years", "year's").split())
        month_of, day_of = _HOLIDAYS[key]
        add(m.start(), m.end(), _near_year(date(today.year, month_of, day_of), today), 0.75)
    for m in _RE_WEEK_ON.finditer(text):
        week_day = str(
            m.group("day") or m.group("day2") or m.group("day3") or m.group("day4")
        ).lower()
        unit = str(m.group("unit") or m.group("unit2") or m.group("unit3") or "week").lower()
        weeks = _number(m.group("n") or m.group("n3") or "one") or 1
        weeks *= 2 if unit == "fortnight" else 1
        if week_day.rstrip(".") in _WEEKDAYS or week_day.rstrip(".") in _SHORT_GERMAN_DAYS:
            first = _weekday_from(today, _weekday_number(week_day), "")
        else:
            first = today + timedelta(days=_RELATIVE_DAYS[week_day])
        add(m.start(), m.end(), first + timedelta(weeks=weeks), 0.75)
    for m in _RE_DAYWORD.finditer(text):
        key = " ".join(m.group(0).lower().replace("the ", "").split())
        if _RE_HELP_BEFORE.search(text, 0, m.start()):
            continue  # "How can I help you today?": a greeting, no date
        meant = today + timedelta(days=_RELATIVE_DAYS[key])
        gap = re.match(r"[\s,(]*", text[m.end() :])
        next_start = m.end() + (gap.end() if gap else 0)
        if any(s == next_start and d == meant.isoformat() for s, _, d, _ in found):
            continue  # "morgen, 26.01.": the date says the day
        add(m.start(), m.end(), meant, 0.85)
    for m in _RE_MOVABLE_FEAST.finditer(text):
        feast = _movable_feast(m.group(1), today)
        space = re.match(r"[\s,(]*", text[m.end() :])
        next_at = m.end() + (space.end() if space else 0)
        if not any(
            d == feast.isoformat() and (s == next_at or 0 <= m.start() - e <= 4)
            for s, e, d, _ in found
        ):  # (not "Easter Monday (18 April)" or "Tomorrow's Good Friday" twice)
            add(m.start(), m.end(), feast, 0.75)
    for m in _RE_IN.finditer(text):
        n = _number(m.group(2))
        if _RE_GREW_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            continue  # "my bill jumped from $142 to $398 in one month": how long it took
        if n is not None and not _RE_NOT_SINCE_BEFORE.search(text, 0, m.start()):
            add(m.start(), m.end(), _shift(today, n, _UNITS[m.group(3).lower()]), 0.8)
    for m in _RE_AGO.finditer(text):
        word, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5))
        n = _number(word)
        if n is not None:
            sign = 1 if m.group(3) and m.group(3).lower().startswith("from") else -1
            add(m.start(), m.end(), _shift(today, sign * n, _UNITS[unit.lower()]), 0.8)
    for m in _RE_A_UNIT_AGO.finditer(text):
        unit = (m.group(1) or m.group(3)).lower()
        sign = 1 if m.group(2) and m.group(2).lower().startswith("from") else -1
        if unit == "fortnight":
            add(m.start(), m.end(), today + timedelta(days=14 * sign), 0.8)
        else:
            add(m.start(), m.end(), _shift(today, sign, _UNITS[unit]), 0.8)
    for m in _RE_END_OF_MONTH.finditer(text):
        month_of = _MONTHS[m.group("month").lower()]
        first = date(int(m.group("year")), month_of, 1) if m.group("year") else None
        if first is None:  # a deadline without a year: the next end of that month (the
            # last one in a sentence about the past: "Versprochen war 'bis Ende August'")
            first = date(today.year, month_of, 1)
            past = _past_sentence(text, m.start(), m.start() + len(m.group(0).rstrip(".")))
            if _month_end(first) < today and not past:
                first = date(today.year + 1, month_of, 1)
            elif _month_end(first) >= today and past:
                first = date(today.year - 1, month_of, 1)
        add(m.start("end"), m.end(), _month_end(first), 0.6)
    for m in _RE_MONTH_END.finditer(text):
        month = _add_months(today.replace(day=1), 1 if m.group(1) or m.group(2) else 0)
        add(m.start(), m.end(), _month_end(month), 0.6)
    for m in _RE_WEEKDAY.finditer(text):
        name = m.group(2).lower()
        short = name in _WORD_LIKE_DAYS and m.group(2)[0].islower() and not m.group(1)
        if (
            short
            and not _RE_BEFORE_DAY.search(text, 0, m.start())
            and not _RE_TIME_OF_DAY_AFTER.match(text, m.end())
        ):
            continue  # "sat", "wed" as ordinary words (but "on sat", "by fri", "sat between 8")
        ranged = _RE_DAYS_RANGE_BEFORE.search(text, 0, m.start())
        begins = ranged.start() if ranged else m.start()
        if (ranged or _RE_DAYS_RANGE_AFTER.match(text, m.end())) and (
            not _RE_RANGE_START.search(text, 0, begins)
            or _RE_EVERY_BEFORE.search(text, max(0, begins - 30), begins)
        ):
            # "open Mon to Fri", "Mo-Fr 8-9 Uhr", "every day from Monday till Friday": every week
            # (not "from sat to sun")
            continue
        if _every_week(text, m.start(), m.end()):
            continue  # "(Mon-Thu 9.00-17.00, Fri 9.00-16.30)", "an einem Dienstag"
        gap = re.match(r"[\s,(]*", text[m.end() :])
        # "Saturday the 13th", "am Montag darauf, 23.5.", "Sunday night (May 30)"
        after = re.match(
            r"[\s,]*(?:(?:darauf|danach|after\s+that|night|morning|evening|afternoon|abend|"
            r"nacht|vormittag|nachmittag)[\s,(]+)?(?:(?:den|dem|der|the)\s+)?",
            text[m.end() :],
            re.I,
        )
        next_starts = {m.end() + (gap.end() if gap else 0), m.end() + (after.end() if after else 0)}
        said_next = [v for s, _, v, _ in [*found, *taken] if s in next_starts]
        if said_next and not (
            # "this Friday, 8 July and 8 August": a list of days, not this Friday's date
            (m.group(1) or "").lower() in ("this", "diesen", "dieser", "diesem")
            and isinstance(said_next[0], str)
            and date.fromisoformat(said_next[0])
            != _weekday_from(today, _WEEKDAYS[name], m.group(1).lower())
        ):
            continue  # "Saturday 22nd May", "Saturday the thirteenth of May": the date says the day
        if _said_before_in_brackets(text, m, found):
            continue  # "yesterday (Monday)": the day said again
        if not m.group(1) and _RE_EXCEPT_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue  # "any day but Wed": no day in particular
        if not m.group(1) and _part_of_a_name(text, m):
            continue  # "Kai Freitag", "Dr Sunday Eze", "Thi Thu Trang", "Sunday Adeyemi"
        target = _WEEKDAYS[name]
        week = _RE_WEEK_AFTER_DAY.match(text, m.end()) or _RE_WEEK_BEFORE_DAY.search(
            text, 0, m.start()
        )
        if week and not m.group(1):  # "Thursday and Friday this week": that week's days
            monday = today - timedelta(days=today.weekday())
            step = 0 if week.group(1).lower()[:2] in ("th", "di") else 1
            add(m.start(), m.end(), monday + timedelta(days=target, weeks=step), 0.75)
            continue
        which = (m.group(1) or "").lower()
        tied = None if which else _tied_day(text, m, target, found, taken, today)
        if tied is not None:
            add(m.start(), m.end(), tied, 0.7)
            continue
        if _in_the_past(text, which, m.start(), m.end()):
            which = "last"
        meant = _weekday_from(today, target, which)
        earlier = _earlier_day_in_sentence(text, m.start(), found)
        if not which and earlier is not None and today <= meant < earlier:
            # "am Freitag … abholen und Montag zurückbringen": the Monday after that Friday
            meant += timedelta(days=((earlier - meant).days // 7 + 1) * 7)
        add(m.start(), m.end(), meant, 0.8 if which else 0.7)
    for m in _RE_WEEK_SHORT_DAYS.finditer(text) if locale == "de" else []:
        monday = today - timedelta(days=today.weekday(), weeks=-_step(m.group(1).lower()))
        for group in (2, 3):
            if m.group(group):
                meant = monday + timedelta(days=_SHORT_GERMAN_DAYS[m.group(group).lower()])
                add(m.start(group), m.end(group), meant, 0.7)
    for which, start, end, short in _short_german_days(text) if locale == "de" else []:
        gap = re.match(r"[\s,(]*", text[end:])
        if (
            _covered(found, start, end)
            or _covered(taken, start, end)
            or any(s == end + (gap.end() if gap else 0) for s, _, _, _ in found)
        ):
            continue  # "am Do., 11.06.": the date says the day
        if _every_week(text, start, end):
            continue  # "Sprechzeiten: Di und Do 10-13 Uhr"
        target = _SHORT_GERMAN_DAYS[short.lower()]
        past = which in _PAST or (
            which not in _FUTURE and _in_the_past(text, "am" if which == "am" else "", start, end)
        )
        add(start, end, _weekday_from(today, target, "last" if past else which), 0.6)
    return found


# a German weekday in two letters after a word that takes a day: "am do um 7", "erst do. um 7,
# statt mi.", "ab Mo", "bis Fr." (not "Fr. Berger", "oder so", "Fr. 45.-")
_RE_SHORT_GERMAN_DAY = re.compile(
    r"(?<![\w.])(?i:(am|ab|bis|erst|statt|oder|und|nur|nächsten|kommenden|diesen|letzten|seit|"
    # "von Do auf Sa legen" (not "von Fr. 49.-": Swiss francs)
    r"von(?!\s+fr\b)|auf(?!\s+fr\b))\s+)"
    r"(?:(?i:(mo|di|mi|do|fr|sa))|(?<=am\s)(?i:(so))"
    # "bin bis so bei meinen eltern" (not "bis so gegen 8")
    r"|(?<=bis\s)(?i:(so))"
    r"(?=[ \t]*(?:[,.!?;)\n]|\Z)|[ \t]+(?i:bei|weg|unterwegs|verreist|nicht)\b))"
    # (not "statt Fr. 28.50": francs, also when the dot is left to the sentence)
    # ("bis Fr. 650.- isch ok", also with an en dash, "Fr. 1'250": francs too)
    r"(?![\w'])(\.)?(?![.]?[ \t]*\d+(?:[.,]\d|[.,]?[-\u2013]|['\u2019]\d))"
    r"(?![ \t]*[A-ZÄÖÜ][a-zäöüß]+\b(?<!\bUm))"
)
# "das paket mo in der filiale holen", "schon do abend gegen 19 uhr": a day that a time follows
_RE_SHORT_GERMAN_DAY_THEN = re.compile(
    r"(?<![\w.])(?i:(mo|di|mi|do|sa))\.?(?=[ \t]+(?i:um|ab|gegen|vormittags?|nachmittags?|"
    # "Do bin ich nicht da", "Sa bin ich zw. 9 und 13 Uhr da"
    r"abends?|früh|morgens?|in[ \t]+der|oder|und|bis|zw\.?|bin[ \t]+ich|sind[ \t]+wir|"
    r"geht|passt|wäre)(?!\w)|[ \t]+\d{1,2}(?:[:.h]\d\d|"
    r"[ \t]*uhr))"
    # "spätestens fr um 12", "Fr zw. 8-12" (not "Fr. Berger", "Fr. 39.90")
    r"|(?<![\w.])(?i:(fr))(?=[ \t]+(?i:um|ab|gegen|zw\.?)[ \t]+\d)"
)


def _short_german_days(text: str) -> list[tuple[str, int, int, str]]:
    """German weekdays in two letters: the word before them ("am", "" when a time follows
    them instead), where they are and the two letters."""
    days = [
        (m.group(1).lower(), m.start(group), m.end(), m.group(group))
        for m in _RE_SHORT_GERMAN_DAY.finditer(text)
        for group in [next(g for g in (2, 3, 4) if m.group(g))]
    ]
    days += [
        ("", m.start(m.lastindex or 1), m.end(), m.group(m.lastindex or 1))
        for m in _RE_SHORT_GERMAN_DAY_THEN.finditer(text)
    ]
    # not the days of opening hours: "Mo-Do 7:30-15:30, Fr 7:30-12:00"
    weekly = [m.span() for m in _RE_SHORT_DAYS_RANGE.finditer(text)]
    return sorted(
        (d for d in days if not any(s <= d[1] < e + 40 for s, e in weekly)), key=lambda d: d[1]
    )


_RE_SHORT_DAYS_RANGE = re.compile(
    r"(?<![\w.])(?i:mo|di|mi|do|fr|sa|so)\.?[ \t]*[-\u2013][ \t]*(?i:mo|di|mi|do|fr|sa|so)\b\.?"
)


# "für fr bis so gebucht", "for fri to sun": the days of a booking, not every week's
_RE_DAYS_SPAN = re.compile(
    rf"(?i:\b(?:für|for)\s+({WEEKDAY}|{SHORT_DAY})\.?\s*(?:bis|-|\u2013|to|till|until)"
    rf"\s*({WEEKDAY}|{SHORT_DAY})\b\.?)"
)
_RE_EVERY_BEFORE = re.compile(
    r"(?i:\b(?:every|each|jeden|jede|jeweils)\s+(?:\w+\s+)?(?:from|between|von|zwischen)\s+)$"
)
_RE_TIME_OF_DAY_AFTER = re.compile(
    r"(?i:[ \t]+(?:between|from|morning|afternoon|evening|night|am|pm|at[ \t]+\d|"
    r"\d{1,2}(?:[:.]\d\d)?[ \t]*(?:-|\u2013|to|am|pm)))\b"
)
_RE_EXCEPT_BEFORE = re.compile(
    r"(?i:\b(?:any|every|each|all|jeden|jeder|alle)\s+(?:\w+\s+)?(?:days?|time|tage?)\s+(?:but|except|"
    r"apart\s+from|other\s+than|außer|ausser)\s+(?:on\s+|am\s+)?)$"
)


def _said_before_in_brackets(text: str, m: re.Match[str], found: list[Found]) -> bool:
    """Whether the weekday ``m`` stands in brackets right after a day found with that weekday
    ("yesterday (Monday)", "am 3.5. (Dienstag)")."""
    head = re.search(r"[ \t]*\([ \t]*$", text[max(0, m.start() - 4) : m.start()])
    if head is None:
        return False
    opened = m.start() - len(head.group(0))
    target = _WEEKDAYS[m.group(2).lower()]
    return any(
        e == opened and isinstance(v, str) and date.fromisoformat(v).weekday() == target
        for _, e, v, _ in found
    )


def _earlier_day_in_sentence(text: str, start: int, found: list[Found]) -> date | None:
    """The last day found before ``start`` in its sentence, if it is a weekday's and the words
    between tell of a sequence: "am Freitag … ab und bringe ihn Montag zurück"."""
    begin, _ = _sentence(text, start, start)
    before = [(s, v) for s, e, v, _ in found if begin <= s and e <= start and isinstance(v, str)]
    if not before:
        return None
    s, v = max(before)
    between = text[s:start]
    if not _RE_WEEKDAY.match(text, s) or not _RE_THEN.search(between) or _RE_OR.search(between):
        return None  # only a sequence ("… and then"), not an alternative ("statt Freitag")
    return date.fromisoformat(v)


_RE_THEN = re.compile(
    # "Abholung Freitag 9 Uhr, Rückgabe Montag 18 Uhr": a return after the pick-up
    r"(?i:\b(?:und|and|then|dann|danach|rückgabe|zurück\w*|return\w*|drop-?off|check-?out|"
    r"abreise|rückflug|heimreise)\b)"
)
_RE_OR = re.compile(r"(?i:\b(?:or|oder|statt|instead|not|nicht|but|aber)\b)")


# "next Monday or Tuesday", "next Thursday or the Friday after that": a later day of a list
_RE_LISTED_AFTER = re.compile(r"(?i:[ \t,]*(?:or|and|oder|und|bis|to|/)[ \t]+(?:the[ \t]+)?)$")
_RE_AFTER_THAT = re.compile(r"(?i:[ \t]+after[ \t]+that\b)")  # not "Friday after 5"
# "(keys on the Tues)" after "w/c 19th May": a day of the week said before
# "die Woche ab dem 23. Oktober …, bevorzugt Dienstag": a day of that week preferred
_RE_PREFERRED_BEFORE = re.compile(
    r"[^.!?\n]*\b(?i:bevorzugt|vorzugsweise|am\s+liebsten|möglichst|preferably|ideally|"
    r"ideal\s+wäre)\s+(?:(?i:am|on|the)\s+)?$"
)
_RE_THE_BEFORE = re.compile(r"(?i:\b(?:the|on\s+the|am|den)[ \t]+)$")


def _tied_day(
    text: str,
    m: re.Match[str],
    target: int,
    found: list[Found],
    taken: list[Found],
    today: date,
) -> date | None:
    """The day a weekday said without "next" or "last" means when the text ties it to a day
    named before it: the next of a list ("next Monday or Tuesday"), "the Friday after that", a
    day of a week named before ("w/c 19th May (keys on the Tues)"), or a day offered on a line
    before ("I have Tuesday 14th or Thursday 16th." / "thursday")."""
    before = [(s, e, v) for s, e, v, _ in found if e <= m.start() and isinstance(v, str)]
    line = text.rfind("\n", 0, m.start()) + 1
    if _RE_TURN_LINE.match(text, line, m.start()):  # the answer in a chat
        offered = [date.fromisoformat(v) for _, e, v in before if line - 300 <= e <= line]
        offered = [d for d in offered if d.weekday() == target and 0 <= (d - today).days <= 28]
        if offered:
            return offered[-1]
    last = max(before, default=None)
    listed = _RE_LISTED_AFTER.search(text, max(0, m.start() - 12), m.start())
    if last and ((listed and listed.start() == last[1]) or _RE_AFTER_THAT.match(text, m.end())):
        day = date.fromisoformat(last[2])
        return day + timedelta(days=(target - day.weekday() - 1) % 7 + 1)
    # a day of a week or a span named just before
    for _, e, v, _ in taken:
        if e <= m.start() < e + 80 and isinstance(v, dict):
            first, end = date.fromisoformat(v["from"]), date.fromisoformat(v["to"])
            day = first + timedelta(days=(target - first.weekday()) % 7)
            if day <= end and (
                _RE_THE_BEFORE.search(text, max(0, m.start() - 8), m.start())
                or _RE_PREFERRED_BEFORE.match(text, e, m.start())
            ):
                return day
    return None


# -- times ------------------------------------------------------------------------------------

# hours in words ("um acht"; not "um eine Antwort")
_HOUR_WORDS = [w for w, n in _NUMBERS.items() if 1 <= n <= 12 and len(w) > 2 and w[:4] != "eine"]
HOUR = rf"(?:2[0-3]|1\d|0?\d|{_alt(_HOUR_WORDS)})"
# (not the German "am" before a day: "Teil 1 am 22.6.", "Termin 2 am Montag")
MERIDIEM = (
    r"(?:a\.m\.|p\.m\.|am(?![ \t]+(?:\d{1,2}\.|den\b|dem\b|"
    r"(?-i:(?:Mo|Di|Mi|Do|Fr|Sa|So)(?:ntag|nstag|ttwoch|nnerstag|eitag|mstag|nntag)?\b)))|pm)"
    r"(?![\w])"
)
_RE_MERIDIEM = re.compile(MERIDIEM, re.I)
OCLOCK = r"o['\u2019 ]?clock"  # "4 o'clock", "4 o clock"
_RE_CLOCK = re.compile(
    rf"{B}(?<![:+])(2[0-3]|1\d|0?\d)(?:(?::|\.)([0-5]\d))?[ \t]*"
    rf"({MERIDIEM}|uhr(?:\s+[0-5]\d(?!\d))?(?![\w]))"
    # "17:45h", "10:02:11 AM" (with seconds), ISO's "2026-10-21T08:07:10"; not "GMT+01:00",
    # nor the minutes and seconds of "08:07:10" alone
    rf"|(?:(?<=\d-\d\dT)|{B})(?<![+\u2212])(?<!\d:)(2[0-3]|[01]?\d):([0-5]\d)"
    rf"(?::[0-5]\d(?:\s*({MERIDIEM}))?)?"
    rf"(?:h(?![\w]))?{E}",
    re.I,
)
# "my 9.15 appointment": a time before what happens at it (also with a word between: "my 7.30
# PT session", "the 8.15 yoga class"); ``extract`` keeps such a number from being a price
EVENTS = (
    r"appointment|appt|class|session|train|flight|bus|slot|meeting|termin|sitzung|zug|flug|kurs"
)
WORD_BEFORE_EVENT = r"(?!(?i:per|a|an|each|pro|je|for|the|für|die|der)\s)[A-Za-z]{1,12}\s+"
_RE_TIME_OF = re.compile(
    rf"(?<![\w.,])(2[0-3]|1\d|0?\d)[.:]([0-5]\d)\s+(?:{WORD_BEFORE_EVENT})?"
    rf"(?i:{EVENTS}|call|besprechung|viewing|visit|besichtigung)\b"
)
# "um 14h", "from 9h to 17h" (not "in 2h", a duration)
_RE_H_CLOCK = re.compile(
    r"(?i:\b(?:um|ab|at|gegen|bis|von|from|to|till|until|after|before|ca\.?|circa|etwa|"
    # "nach 17h" (but "nach 2h Wartezeit" is a length)
    r"around|about)\s+|\b(?:nach|vor)\s+(?=1\d|2[0-3]))(2[0-3]|1\d|0?\d)[ ]?h(?![\w])"
)
# "at 14h30", "around 17h15": hours and minutes as written in South Africa, France, Quebec
_RE_H_MINUTES = re.compile(r"(?<![\w.,:])(2[0-3]|1\d|0?\d)h([0-5]\d)(?![\w])")
# "at 1430", "ca. 0730", "AFTER 1800": hours and minutes in four digits (not a year: "by 2025")
_RE_MILITARY = re.compile(
    r"\b(?:(?i:at|ca\.|circa|gegen|after|before|until|till|from|closes\s+at)|um|ab|bis|Um|Ab|Bis)\s+"
    # (not "at 2210 Alder Ridge Dr": a house number)
    r"([01]\d|2[0-3])([0-5]\d)(?![\w,/-]|[.,]\d|\s+\d|\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Ave|Avenue|St|Street|Rd|Road|Blvd|Boulevard|Dr|Drive|Lane|Ln|Way|Pl|Place|Ct|Court|"
    r"Trail|Terrace|Parkway|Pkwy|Cir|Circle|Hwy|Highway)\b)"
    r"(\s*(?i:h|hrs|hours|uhr)\b)?"
)
# "from 8.15", "seit 9.45", "nach 16.30": a time with minutes after a word for a start or an end
_RE_FROM_MINUTES = re.compile(
    r"(?i:\b(from|since|after|before|until|till|seit|nach|vor|bis|ab)\s+)"
    r"(2[0-3]|1\d|0?\d)[.:]([0-5]\d)(?!\d|[.,]\d|\s*(?:€|eur|euro|%|[£$]))"
)
_RE_BEFORE_AFTER = re.compile(
    rf"{B}(?<!:)({NUM}|twenty-five|twenty five|a quarter|quarter|half|viertel|dreiviertel)"
    rf"(?:\s+minutes?)?\s+(to|before|past|after|vor|nach)\s+({HOUR})(?:\s*({MERIDIEM}))?{E}",
    re.I,
)
_RE_MILITARY_MORE = re.compile(
    r"\s+(?i:or|and|oder|und)\s+([01]\d|2[0-3])([0-5]\d)(?![\w,/-]|[.,]\d|\s+\d)"
)
# "at 7:30 on Saturday instead of 9": the time it replaces
_RE_INSTEAD_OF = re.compile(
    # "at 8 not 7.30": a time said right after another as what it is not
    rf"(?i:(?:\b(?:instead\s+of|rather\s+than|statt|anstatt)|"
    rf"(?<=\d)[ \t]*,?[ \t]+(?:not|nicht))\s+)"
    rf"({HOUR})(?:[:.]([0-5]\d))?{E}"
    r"(?![.,:]\d|\s*(?:€|eur\b|euro|%|[£$]|pounds|dollars|quid|chf|fr\.))"
)
_FRACTIONS = {"1/2": "halb", "½": "halb", "1/4": "viertel", "¼": "viertel", "3/4": "dreiviertel",
              "¾": "dreiviertel"}  # fmt: skip
_RE_LIMIT_BEFORE = re.compile(r"(?i:\b(?:after|until|till|til|nach|bis))\s+$")
_RE_HALB = re.compile(
    # "um 1/2 4 nachmittags", "3/4 8" as typed
    rf"(?<![\w./])(halb|halbi|halber|halbe|viertel|dreiviertel|1/2|1/4|3/4|½|¼|¾)\s+({HOUR}){E}"
    rf"(?:\s+(abends|nachmittags))?",
    re.I,
)
# "after half 4", "at half 7" (British: 4:30, 7:30; German "halb 8" is 7:30, above)
_RE_HALF_HOUR = re.compile(
    # "at 11 no sorry half 12": also the one a correction says
    # "could we come in earlier, say half 2?", "after my tea, like half 6?"
    rf"\b(?:after|before|until|till|from|at|around|about|by|sorry|say|like|to|for)\s+"
    rf"(half\s+({HOUR})){E}"
    rf"(?!\s+(?:an?|hours?|days?|weeks?|of|the|past|to)\b)",
    re.I,
)
_RE_NOON = re.compile(rf"{B}(noon|midday|midnight|mitternacht){E}", re.I)
# "between 8 and noon", "von 9 bis mittags": the first hour is one of the morning
_RE_TO_NOON = re.compile(
    rf"{B}(?:between|from|zwischen|von)\s+({HOUR})(?:[:.]([0-5]\d))?\s*"
    rf"(?:and|to|till|until|-|\u2013|und|bis)\s*(?:noon|midday|mittag|mittags){E}",
    re.I,
)
# "between 2 and 4 pm", "von 9 bis 11 Uhr": the first hour takes the second's am/pm or "Uhr"
_RE_RANGE = re.compile(
    rf"{B}(2[0-3]|1\d|0?\d)(?:[:.]([0-5]\d))?\s*(?:and|to|till|until|-|\u2013|und|bis)\s*"
    rf"(2[0-3]|1\d|0?\d)(?:[:.]([0-5]\d))?\s*({MERIDIEM}|uhr(?![\w]))",
    re.I,
)
# a time of the evening or afternoon said in words: "7:30 tomorrow evening", "um 7 Uhr abends",
# "tonight at 7", "heute Abend um halb 8"
_RE_PART_AFTER = re.compile(
    r"\s+(?:(?:today|tomorrow|heute|morgen)\s+)?(?:in\s+the\s+|this\s+)?"
    r"(?:evening|afternoon|tonight|abends|nachmittags?|am\s+abend|am\s+nachmittag|am\s+obed|"
    # "dass ich um sieben zuhause bin": home from work
    r"(?:zuhause|zu\s+hause|daheim)(?=\s+(?:bin|sind|ist|sein)\b))(?![\w])",
    re.I,
)
_RE_AT_NIGHT = re.compile(r"\s+at\s+night\b", re.I)
_RE_PART_BEFORE = re.compile(
    r"(?:tonight|(?:this|every|each|weekday|in\s+the)\s+(?:evening|afternoon)s?|evenings|"
    r"(?:tomorrow|today|yesterday)\s+(?:evening|afternoon)|(?:heute|heut|morgen|gestern)\s+"
    # "on Sunday evening around 7:15"
    r"(?:abend|nachmittag)|(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:evening|afternoon)|"
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\s*"
    r"(?:abend|nachmittag)|"
    # "heut nachmittag so um halb 6", "heute abend 8?"
    r"abends|nachmittags|arvo)(?:\s+(?:so\s+)?(?:at|um|around|about|after|from|gegen|gg|ab|nach))?"
    r"\s+$",
    re.I,
)
_RE_MORNING_AFTER = re.compile(
    r"\s+(?:(?:today|tomorrow|heute|morgen)\s+)?(?:in\s+the\s+morning|this\s+morning|morgens|"
    r"vormittags|früh|in\s+der\s+früh|heute\s+früh|"
    r"am\s+morgen|am\s+vormittag|(?<=today )morning|(?<=tomorrow )morning)(?![\w])",
    re.I,
)
# "between 10 and 12", "von 9 bis 11": hours without am/pm, only where the sentence goes on
# as it would after a time (not "between 10 and 12 items")
_RE_BARE_RANGE = re.compile(
    rf"{B}(?:between|from|zwischen|zw\.?|von)\s+(1\d|2[0-4]|0?\d)(?:[:.]([0-5]\d))?\s*"
    rf"(?:and|to|till|until|-|\u2013|und|bis)\s*(1\d|2[0-4]|0?\d)(?:[:.]([0-5]\d))?"
    rf"(?=[ \t]*(?:[,.;!?)\n]|$)|"
    rf"\s*(?:or\b|oder\b|on\b|am\b|at\b|tomorrow\b|today\b|tmrw?\b|2moro\b|morgen\b|heute\b|"
    rf"is\s+(?:fine|good|ok|okay|best)\b|works\b|suits\b|"
    # "between 10 and 12 would suit", "… would be best", "… würde passen", "… passt"
    rf"would\s+(?:suit|work|be\s+(?:fine|good|best|ideal|great|perfect|ok|okay))\b|"
    rf"würde\s+passen\b|wäre\s+(?:gut|ideal|super|am\s+besten)\b|passt\b|"
    rf"but\b|and\b|aber\b|und\b|"
    rf"please\b|bitte\b|{OCLOCK}\b|in\s+the\b|abends\b|nachmittags\b|morgens\b|that\s+day\b|"
    rf"to\s+(?:fix|do|look|check|come|collect|deliver|install|repair)\b|"
    rf"vormittags\b|{WEEKDAY}\b))",
    re.I,
)
# "at 8 in the morning", "um acht." (German nouns are capitalised: "um 8 Prozent" is no time)
_RE_DAY_BEFORE = re.compile(
    rf"(?:{WEEKDAY}|today|tomorrow|tonight|morning|afternoon|evening|heute|morgen|übermorgen|"
    rf"vormittags?|nachmittags?|abends|morgens|{MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\.\d{{1,2}}\.(?:\d{{2,4}})?|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH})"
    # "Abholung Samstag früh um 8"
    rf"(?:\s+(?:früh|morgens|abends|vormittags|nachmittags|abend|morning|evening|afternoon))?\W*$",
    re.I,
)
# "zwischen 9 und 12 geliefert": in German a lower-case word after the range is no noun
_WORD_HOUR = _alt(_HOUR_WORDS)
_RE_TO_HALF = re.compile(
    rf"(?<![\w.])(?i:zwischen|zw\.?|von|ab)\s+(1\d|2[0-3]|0?\d)(?:[:.]([0-5]\d))?\s*(?i:und|bis)\s+"
    rf"(?i:halb|viertel|dreiviertel)\s+({HOUR}){E}"
)
_RE_BARE_RANGE_DE = re.compile(
    # "zwischen acht und zwölf kommen": hours in words too
    rf"(?<![\w.])(?i:zwischen|zwüsche|zw\.?|von)\s+(1\d|2[0-4]|0?\d|(?i:{_WORD_HOUR}))(?:[:.]([0-5]\d))?"
    rf"\s*"
    rf"(?i:und|bis|-|\u2013)\s*(1\d|2[0-4]|0?\d|(?i:{_WORD_HOUR}))(?:[:.]([0-5]\d))?"
    r"(?=\s+(?!(?:kg|km|cm|mm|m|g|l|ml|kwh|gb|mb|mal|prozent|grad)\b)[a-zäöüß]{2,}\b)"
)
# "before 11.", "any time after 10 would be fine", "after 6 in the evening": an hour as a limit
_RE_LIMIT_HOUR = re.compile(
    rf"{B}(after|before|until|till|til|by|since|nach|vor|bis|seit)\s+"
    rf"(?:(?:about|around|approx\.?|ca\.|circa|ungefähr|etwa|gegen)\s+)?"
    rf"({HOUR})(?:[:.]([0-5]\d))?{E}",
    re.I,
)
_RE_TIME_WORDS = re.compile(
    rf"(?i:\b(?:call|ring|phone|time|free|available|deliver\w*|slot|appointment|pick|collect|"
    rf"pick-?up|drop-?off|check-?in|check-?out|"
    rf"come|open|home|back|busy|work|rückruf|anrufen|erreichbar|zeit|termin|liefer\w*|abhol\w*|"
    rf"hause|morning|afternoon|evening|vormittag|nachmittag|abend|today|tomorrow|heute|morgen|"
    rf"tmrw|tmr|2moro|2day|tonite|2nite|"
    rf"breakfast|lunch|dinner|supper|frühstück|mittagessen|abendessen|"
    # what happens at an hour: "a funeral in Toowoomba at 11", "my 7.30 PT session"
    rf"funeral|meeting|session|class|match|flight|train|connection|shift|visit|viewing|"
    rf"exam|interview|lesson|game|wedding|prüfung|vorstellungsgespräch|"
    rf"inspection|engineer|technician|techniker|besichtigung|"
    rf"{WEEKDAY})s?\b)"
)
_RE_TODAY_AFTER = re.compile(r"\s+(?:today|tonight|tomorrow|heute|morgen)\b", re.I)
_ABOUT = r"(?:about|around|approx\.?|approximately|roughly|ca\.?|circa|etwa|ungefähr)"
_RE_AT_HOUR = re.compile(
    rf"{B}(?:at|um|gegen|gg\.?|ab)\s+(?:{_ABOUT}\s+)?({HOUR})(?:[:.]([0-5]\d))?{E}"
    # (not "um ein paar Fränkli": an article before its noun; "um ein Uhr" is a time)
    r"(?!(?<=\bein)\s+(?!uhr\b)[^\W\d])",
    re.I,
)
# dictated punctuation: "… after 10 full stop", "… um 9 Komma"
_RE_SPOKEN_STOP = re.compile(r"[ \t]+(?i:full\s+stop|period|comma|punkt|komma)\b")
# spoken hours and minutes as a recogniser writes them: "at 10 20", "um 9 40"
_RE_SPOKEN_CLOCK = re.compile(
    # "move my 2 30 meeting to 4 15", "i'll reach by 7 30 pm"
    r"(?i:\b(?:at|um|for|gegen|by|to|till|until|from|my)\s+)(1\d|2[0-3]|[1-9])[ ]([0-5]\d)"
    rf"(?:[ ]?({MERIDIEM}))?"
    r"(?![\d.,:]|[ ]\d|\s*(?:%|€|£|\$|pounds|euro|eur|people|persons|minutes|mins|hours|items|"
    r"personen|minuten|stunden|leute)\b)"
)
# "I can't make my 11.20 with the nurse", "our 7:15 reservation": a time one has
_RE_MY_TIME = re.compile(
    r"(?i:\b(?:my|our|your|the|meine?|unsere?n?)\s+)(2[0-3]|1\d|0?\d)[.:]([0-5]\d)"
    r"(?=\s+(?i:with|appointment|appt|slot|booking|reservation|class|session|train|flight|bus|"
    r"ferry|pick-?up|mit|termin|zug|flug)\b)"
)
# a form's field of a time: "Uhrzeit: 17.20", "Approx. time: 17.50", "Time of loss: 9.15"
_RE_TIME_FIELD = re.compile(
    r"(?i:\b(?:uhrzeit|zeit|time|time\s+of\s+\w+)[ \t]*(?:\([^()\n]{1,20}\))?[ \t]*:[ \t]*"
    r"(?:ca\.?|approx\.?|about|gegen|etwa)?[ \t]*)(2[0-3]|1\d|0?\d)[.:]([0-5]\d)(?![\d.,])"
)
# "Training mittwochs 17.30-19.00", "10.00-12.00": hours with dots, which no day and month can
# be (minutes of 00 or from 13 on)
_RE_DOTTED_HOURS = re.compile(
    r"(?<![\w.,:])(2[0-3]|1\d|0?\d)\.(00|1[3-9]|[2-5]\d)[ \t]*(?:-|\u2013|bis)[ \t]*"
    r"(2[0-3]|1\d|0?\d)\.(00|1[3-9]|[2-5]\d)(?![\d.,])"
)
_RE_TIME_THEN_OK = re.compile(
    r"(?<![\w.,:])(2[0-3]|1\d|0?\d)[.:]([0-5]\d)"
    r"(?=[ \t]+(?i:passt|geht|works|is\s+fine|ist\s+gut)\b)"
)
# "on 14 o'clock", "around 23 o'clock", "from 3 o'clock afternoon": an hour before "o'clock"
_RE_HOUR_OCLOCK = re.compile(rf"{B}(2[0-3]|1\d|0?\d)\s*{OCLOCK}\b", re.I)
_RE_PRESENT_AFTER = re.compile(
    r"\s+(?:da|hier|zu\s+hause|zuhause|daheim|erreichbar|frei|wach|im\s+büro|vor\s+ort)\b"
)
_NOT_MONEY = r"(?!\d|[.,]\d|\s*(?:€|eur\b|euro|%|[£$]|pounds|dollars|quid))"
# "Tuesday please, 8.40.", "this afternoon (2.15 with Tomasz)": hours and minutes right after a day
_RE_DAY_THEN_TIME = re.compile(
    rf"(?i:\b({WEEKDAY}|today|tomorrow|tonight|morning|afternoon|evening|heute|morgen|abend|"
    rf"nachmittag|vormittag|lunchtime|mittag)\.?(?:[ \t]+\d{{1,2}}(?:st|nd|rd|th)?)?"
    rf"(?:[ \t]*[,(][ \t]*|[ \t]+)"
    rf"(?:(?:please|pls|bitte|at|um|around|about|ca\.?|gegen|works|passt)[ \t,]+)?"
    # "meet 12.15", "kick-off 2.30", "doors 7.30"
    rf"|\b(?:meet|meeting|start|starts|kick-?off|arrive|arrival|departs?|departure|doors|"
    rf"treffpunkt|treffen|beginn|anstoß)[ \t:]+(?:at[ \t]+|um[ \t]+)?)"
    rf"(2[0-3]|1\d|0?\d)[.:]([0-5]\d){_NOT_MONEY}"
)
# "around 14.00" where the sentence speaks of a day or a time
_RE_ABOUT_TIME = re.compile(rf"(?i:\b{_ABOUT}\s+)(2[0-3]|1\d|0?\d)[.:]([0-5]\d){_NOT_MONEY}")
_RE_WHEN_WORDS = re.compile(rf"(?i:{_RE_TIME_WORDS.pattern}|\b{MONTH}\b|\b(?:on|am)\s+\d)")
# "Donnerstag 8\u201310 passt", "Mornings best, 8-12": hours after a day or a part of it
_RE_DAY_HOURS = re.compile(
    rf"(?i:\b(?:{WEEKDAY}\.?|today|tomorrow|tmrw|heute|morgen|übermorgen|"
    rf"(mornings?|afternoons?|evenings?|vormittags?|nachmittags?|abends?|"
    rf"morgens)(?:[ \t]+(?:best|ideal|ok|okay|fine|preferred|am\s+besten))?|"
    # "the delivery slot says 8\u201312", "Zeitfenster: 10-14"
    rf"(?:time\s*)?(?:slot|window)(?:[ \t]+(?:says|is|was|shows))?|(?:zeit|liefer)fenster"
    rf"(?:[ \t]+(?:ist|war|lautet))?)[ \t,:]+)"
    rf"(1\d|2[0-3]|0?\d)(?:[:.]([0-5]\d))?[ \t]*[-\u2013][ \t]*(1\d|2[0-4]|0?\d)(?:[:.]([0-5]\d))?"
    rf"(?=[ \t]*(?:[,.;!?)\n]|$)|[ \t]+(?i:passt|geht|works|is|would|please|pls|bitte|uhr|h|but|"
    rf"aber|or|oder)\b)"
)
_LATER_PARTS = ("afternoon", "evening", "tonight", "nachmittag", "abend")
# a meal of the evening before the time: "dinner … at about 9"
_RE_EVENING_MEAL = re.compile(
    # "essen war für halb acht bestellt": a meal ordered for the evening
    r"(?i:\b(?:dinner|supper|abendessen|essen|takeaway|take-away|pizza|table|home\s+by)\b)"
    r"(?:[^.!?\n]|\.\d){0,40}$"
)
# "seit ungefähr vier Uhr": an hour in words before "Uhr"; "um vierzehn uhr", "sechs uhr
# zwanzig": the hours of the 24-hour clock and the minutes after "Uhr", as spoken
_HOURS_DE = {
    "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17,
    "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "einundzwanzig": 21, "zweiundzwanzig": 22,
    "dreiundzwanzig": 23, "null": 0,
}  # fmt: skip
_MINUTES_DE = {
    "fünf": 5, "zehn": 10, "fünfzehn": 15, "zwanzig": 20, "fünfundzwanzig": 25, "dreißig": 30,
    "fünfunddreißig": 35, "vierzig": 40, "fünfundvierzig": 45, "fünfzig": 50,
    "fünfundfünfzig": 55,
}  # fmt: skip
_RE_WORD_UHR = re.compile(
    rf"{B}({_alt([*_HOUR_WORDS, *_HOURS_DE])})\s+uhr(?:\s+({_alt(list(_MINUTES_DE))}))?{E}",
    re.I,
)
# "at ten forty", "my six thirty alarm", "remind me at seven fifteen": an hour and its minutes in
# English words, after a word that says a time follows or before one that says it was one
_MINUTES_EN = {
    "oh five": 5, "o five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty five": 25,
    "thirty": 30, "thirty five": 35, "forty": 40, "forty five": 45, "fifty": 50, "fifty five": 55,
}  # fmt: skip
_HOURS_EN = [w for w in _HOUR_WORDS if w.isascii()]
_RE_WORD_CLOCK_EN = re.compile(
    rf"(?:(?<=\bat\s)|(?<=\bfor\s)|(?<=\bby\s)|(?<=\bmy\s)|(?<=\bthe\s)|(?<=\buntil\s)|"
    rf"(?<=\btill\s)|(?<=\bfrom\s)|(?<=\bto\s)|(?<=\baround\s)|(?<=\babout\s))"
    # ("twenty five" also as "twenty-five")
    rf"({_alt(_HOURS_EN)})[ -]({_alt(list(_MINUTES_EN)).replace(chr(92) + ' ', '[ -]')})\b"
    rf"(?!\s*(?:minutes?|mins?|hours?|pounds|quid|euros?|dollars|bucks|people|percent|%|"
    rf"years?|days?|weeks?|times))",
    re.I,
)
_RE_BARE_HOUR = re.compile(rf"{B}(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?{E}")


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


def _afternoon(hour: int, text: str, end: int) -> int:
    """An hour from 1 to 6 said as a limit ("after 6", "till 5", "after half 4") is one of the
    afternoon, unless the morning is said right after it."""
    if 1 <= hour <= 6 and not _RE_MORNING_AFTER.match(text, end):
        return hour + 12
    return hour


def _hhmm(hour: int, minute: int) -> str | None:
    if hour == 24:
        hour = 0
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return f"{hour:02d}:{minute:02d}"
    return None


# the stamps that begin a transcript's turns ("[00:01:12] Agent:", "00:03 - Caller:", "(01:45)")
_RE_TURN_STAMP = re.compile(r"^[ \t]*[\[(]?(\d{1,2}):(\d\d)(?::(\d\d))?[\])]?(?=[ \t])", re.M)
# "times from start of recording", "Zeitangaben ab Gesprächsbeginn"; "local time", "Ortszeit"
_RE_FROM_START = re.compile(
    r"(?i:\bfrom\s+(?:the\s+)?start|\boffsets?\b|\belapsed\b|\bab\s+(?:gesprächs|anruf)?beginn|"
    r"\bseit\s+(?:gesprächs|anruf)?beginn|\brelativ)"
)
_RE_LOCAL_TIME = re.compile(r"(?i:\blocal\s+time\b|\bortszeit\b|\buhrzeit\b|\bclock\s+time)")
# "duration 01:12", "Dauer: 04:57", "call length 3:05"
_RE_DURATION = re.compile(
    r"(?i:\b(?:duration|dauer|länge|length|talk\s+time|gesprächsdauer)\b[ \t:]*)"
    r"(\d{1,2}:\d\d(?::\d\d)?)"
)


def call_offsets(text: str) -> list[Found]:
    """What looks like a clock time but is a length of time: the stamps of a recorded call's
    turns when they count from its start (the first one under ten seconds or minutes in, or the
    text says so, and nothing calls them local time), and a call's duration. Held as spans
    without a value."""
    spans: list[Found] = [(m.start(1), m.end(1), "", 0.0) for m in _RE_DURATION.finditer(text)]
    stamps = list(_RE_TURN_STAMP.finditer(text))
    if len(stamps) < 2 or _RE_LOCAL_TIME.search(text):
        return spans
    first = stamps[0]
    counted = first.group(1) in ("0", "00") and (
        first.group(3) is not None or first.group(2) < "10"
    )
    if counted or _RE_FROM_START.search(text):
        spans += [(m.start(), m.end(), "", 0.0) for m in stamps]
    return spans


# how long a voice message plays, not a time of day: "🎤 Voice message (1:06)",
# "Sprachnachricht (0:42)" (not "Sprachnachricht, 21:29": when it came)
_RE_VOICE_LENGTH = re.compile(
    r"(?i:voice[ \t]*(?:message|note|memo|msg)|sprach(?:nachricht|memo|notiz)|audio|"
    r"\U0001f3a4|\U0001f399)[^\n(\[\d]{0,20}[(\[][ \t]*(\d{1,2}:\d\d)[ \t]*[)\]]"
)


def find_times(text: str, base: datetime | None = None, locale: str = "de") -> list[Found]:
    """Clock times, as ``HH:MM``; ``base`` (when the text was written) places an hour said in
    words earlier the same day ("heute … so zwischen fünf und sechs" at 19:07: 17:00); in an
    English text (``locale`` "en") a clock time from one to six with nothing said of the
    morning or the night is one of the afternoon (German writers use the 24-hour clock)."""
    found: list[Found] = []
    offsets = call_offsets(text) + [
        (m.start(1), m.end(1), "", 0.0) for m in _RE_VOICE_LENGTH.finditer(text)
    ]

    def add(start: int, end: int, value: str | None, confidence: float) -> None:
        if value and not _covered(found, start, end) and not _covered(offsets, start, end):
            found.append((start, end, value, confidence))

    for m in _RE_BEFORE_AFTER.finditer(text):
        if m.group(1).isdigit() and _RE_RANGE_START.search(text, 0, m.start()):
            continue  # "from 11 to 1 pm" is a range (below), not 12:49
        if (
            m.group(1).isdigit() and m.group(2).lower() == "to" and int(m.group(1)) % 5 != 0
        ) or m.group(1) == "12":
            # "Monday, 9 to 11", "the afternoon slot, 12 to 4", "a timer, 6 to 9 am and 4 to
            # 10 pm": ranges, not 10:51 or 08:54 (minutes to an hour come in fives)
            continue
        minute_word = m.group(1).lower().replace("a quarter", "quarter").replace(" ", "-")
        minutes = 45 if minute_word == "dreiviertel" else _number(minute_word)
        hour = _hour(m.group(3))
        if minutes is None or hour is None or not 1 <= minutes <= 59:
            continue
        hour_ = _with_meridiem(hour, m.group(4))
        if hour_ is None:
            continue
        evening = _RE_PART_AFTER.match(text, m.end()) or (
            hour_ >= 6 and _RE_AT_NIGHT.match(text, m.end())  # not "25 to 2 at night"
        )
        if not m.group(4) and 1 <= hour_ <= 11 and evening:
            hour_ += 12  # "I'll only land at 25 to 11 at night"
        elif not m.group(4) and _RE_LIMIT_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            hour_ = _afternoon(hour_, text, m.end())  # "free after quarter past 3"
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
        elif hour == 1 and not re.search(
            r"(?i:nacht|night)", text[slice(*_sentence(text, m.start(), m.end()))]
        ):
            hour = 13  # "erst ab halb 1 da": half past twelve, not past midnight
        kind = _FRACTIONS.get(m.group(1), m.group(1).lower())
        kind = "halb" if kind.startswith("halb") else kind
        total = hour * 60 + {"halb": -30, "viertel": -45, "dreiviertel": -15}[kind]
        add(m.start(), m.end(), _hhmm(*divmod(total % (24 * 60), 60)), 0.6)
    for m in _RE_HALF_HOUR.finditer(text):
        hour = _hour(m.group(2))
        if hour is not None and 1 <= hour <= 12:
            add(m.start(1), m.end(), _hhmm(_afternoon(hour, text, m.end()), 30), 0.6)
    for m in _RE_RANGE.finditer(text):
        if re.search(r"\d[ \t]\d{1,4}[ \t]$", text[max(0, m.start(1) - 8) : m.start(1)]):
            continue  # "+41 41 728 55 10 until 5 pm": the last digits of a phone number
        suffix = m.group(5).lower()
        first, second = int(m.group(1)), int(m.group(3))
        meridiem = None if suffix == "uhr" else suffix
        hour_ = _with_meridiem(first, meridiem)
        if meridiem and hour_ is not None and first % 12 > second % 12:
            # "11 to 1 pm": the first hour is before noon
            hour_ = _with_meridiem(first, "pm" if meridiem.startswith("a") else "am")
        if hour_ is not None:
            end = m.end(2) if m.group(2) else m.end(1)
            add(m.start(1), end, _hhmm(hour_, int(m.group(2) or 0)), 0.75)
    for m in _RE_CLOCK.finditer(text):
        if m.group(1) is not None:
            suffix = m.group(3).lower()
            spoken = re.fullmatch(r"uhr\s+(\d{2})", suffix)  # "18 Uhr 30"
            minute = int(spoken.group(1)) if spoken else int(m.group(2) or 0)
            hour_ = _with_meridiem(int(m.group(1)), None if suffix.startswith("uhr") else suffix)
            if hour_ is not None:
                add(m.start(), m.end(), _hhmm(hour_, minute), 0.85)
        elif m.group(4) != "0" and not _RE_LENGTH_BEFORE.search(
            text, max(0, m.start() - 60), m.start()
        ):
            # not "duration 0:48", "[Sprachnachricht, automatisch transkribiert, 1:12]": minutes
            hour_ = _with_meridiem(int(m.group(4)), m.group(6))
            if (
                hour_ is not None
                and not m.group(6)
                and _RE_LIMIT_BEFORE.search(text, max(0, m.start() - 8), m.start())
            ):
                hour_ = _afternoon(hour_, text, m.end())  # "after 3:30", "home until 3:30"
            if hour_ is not None:
                add(m.start(), m.end(), _hhmm(hour_, int(m.group(5))), 0.8)
    for m in _RE_TIME_OF.finditer(text):
        add(m.start(), m.end(2), _hhmm(int(m.group(1)), int(m.group(2))), 0.7)
    for m in _RE_MILITARY.finditer(text):
        year_like = 1950 <= int(m.group(1) + m.group(2)) <= 2039
        if not year_like or m.group(3):
            add(m.start(1), m.end(2), _hhmm(int(m.group(1)), int(m.group(2))), 0.65)
            more = _RE_MILITARY_MORE.match(text, m.end(2))  # "at 1430 or 1600"
            if more:
                add(more.start(1), more.end(2), _hhmm(int(more.group(1)), int(more.group(2))), 0.6)
    for m in _RE_FROM_MINUTES.finditer(text):
        hour = int(m.group(2))
        if m.group(1).lower() in ("after", "until", "till", "nach", "bis"):
            hour = _afternoon(hour, text, m.end())  # "Thursday after 5.30"
        add(m.start(2), m.end(3), _hhmm(hour, int(m.group(3))), 0.65)
    for m in _RE_WORD_UHR.finditer(text):
        spoken_hour = _HOURS_DE.get(m.group(1).lower(), _hour(m.group(1)))
        minute = _MINUTES_DE.get((m.group(2) or "").lower(), 0)
        if spoken_hour is not None:
            add(m.start(), m.end(), _hhmm(spoken_hour, minute), 0.75)
    for m in _RE_WORD_CLOCK_EN.finditer(text):
        word_hour = _hour(m.group(1))
        word_minute = _MINUTES_EN.get(m.group(2).lower().replace("-", " "))
        if word_hour is not None and word_minute is not None:
            add(m.start(), m.end(), _hhmm(word_hour, word_minute), 0.65)
    for m in _RE_H_CLOCK.finditer(text):
        add(m.start(1), m.end(), _hhmm(int(m.group(1)), 0), 0.75)
    for m in _RE_H_MINUTES.finditer(text):
        add(m.start(), m.end(), _hhmm(int(m.group(1)), int(m.group(2))), 0.8)
    for m in _RE_TO_NOON.finditer(text):
        hour = _hour(m.group(1))
        if hour is not None and hour < 12:
            add(
                m.start(1),
                m.end(2) if m.group(2) else m.end(1),
                _hhmm(hour, int(m.group(2) or 0)),
                0.7,
            )
    for m in _RE_NOON.finditer(text):
        add(
            m.start(),
            m.end(),
            "12:00" if m.group(1).lower() in ("noon", "midday") else "00:00",
            0.8,
        )
    for m in _RE_LIMIT_HOUR.finditer(text):
        rest = text[m.end() :]
        ends = (
            re.match(rf"[ \t]*(?:[,;!?)\n]|\.(?!\d)(?!\s*{MONTH})|$)", rest) is not None
            or _RE_SPOKEN_STOP.match(rest) is not None
        )
        goes_on = (
            re.match(
                r"\s+(?:but|and|or|would|is|are|works|please|if|aber|und|oder|bitte|wäre|passt|geht|"
                r"danke|thanks|thank|instead|because|weil|statt|every|each|next|this|at\s+the\s+"
                r"latest|latest|jeden|nächste\w*|diese\w*)\b|['\u2019]s\s+(?:fine|ok|good|best)\b"
                # "free Monday after 2 on 0113 496 0822": the number to ring then
                r"|\s+(?:on|unter)\s+\+?\(?\d[\d ()/-]{6,}",
                rest,
                re.I,
            )
            is not None
        )
        context = _RE_TIME_WORDS.search(text, max(0, m.start() - 50), m.start()) or re.search(
            # "until after 2", "any day after 2"
            r"(?i:\b(?:until|till|bis)\s+|\bany\s*(?:day|time|weekday)\s+)$",
            text[max(0, m.start() - 20) : m.start()],
        )
        since = m.group(1).lower() in ("since", "seit")
        any_part = re.match(r"\s+any\s+(?:evening|afternoon|night|weekday|day)s?\b", rest, re.I)
        fits = bool(
            (any_part and not since)  # "after 6 any evening"
            or _RE_PART_AFTER.match(text, m.end())
            or _RE_MORNING_AFTER.match(text, m.end())
            or re.match(rf"\s*{OCLOCK}\b", rest, re.I)
            or (since and ends)  # "Warte seit 8."
            or (not since and (ends or goes_on) and context)
            or (not since and _RE_TODAY_AFTER.match(rest))  # "by 12 today"
            or (not since and _RE_PRESENT_AFTER.match(rest))  # "bin bis 12 da"
        )
        hour = _hour(m.group(2))
        if hour is not None and not since:
            hour = _afternoon(hour, text, m.end())  # "after 6", "we both work till 5"
        if hour is not None and fits:
            add(m.start(2), m.end(), _hhmm(hour, int(m.group(3) or 0)), 0.6)
    for m in _RE_TO_HALF.finditer(text):  # "von 8 bis halb 12": the first hour too
        hour = _hour(m.group(1))
        if hour is not None:
            add(
                m.start(1),
                m.end(2) if m.group(2) else m.end(1),
                _hhmm(hour, int(m.group(2) or 0)),
                0.6,
            )
    for m in _RE_BARE_RANGE_DE.finditer(text):
        first_hour, last_hour = _hour(m.group(1)), _hour(m.group(3))
        if first_hour is None or last_hour is None:
            continue
        if not m.group(1).isdigit() and not first_hour < last_hour:
            continue  # in words only a range that goes forward: not "zwischen zwei und drei"
        for group, hour in ((1, first_hour), (3, last_hour)):
            end = m.end(group + 1) if m.group(group + 1) else m.end(group)
            add(m.start(group), end, _hhmm(hour, int(m.group(group + 1) or 0)), 0.6)
    for m in _RE_BARE_RANGE.finditer(text):
        later = _RE_PART_AFTER.match(text, m.end()) is not None  # "… in the afternoon"
        # "from 8 till 1", "between 12 and 4": the end after noon; "between 1 and 5": both
        past_noon = 1 <= int(m.group(3)) < int(m.group(1)) <= 12
        small = 1 <= int(m.group(1)) < int(m.group(3)) <= 6
        later = later or (small and not _RE_MORNING_AFTER.match(text, m.end()))
        for group in (1, 3):
            hour, minute = int(m.group(group)), int(m.group(group + 1) or 0)
            end = m.end(group + 1) if m.group(group + 1) else m.end(group)
            pm = (later or (past_noon and group == 3)) and 1 <= hour <= 11
            add(m.start(group), end, _hhmm(hour + 12 * pm, minute), 0.65)
    for m in _RE_AT_HOUR.finditer(text):
        hour = _hour(m.group(1))
        rest = text[m.end() :]
        # "um acht", "gegen 9"; "ab 9" only after a day ("Montag ab 9"; not "ab 1. Mai")
        day_before = _RE_DAY_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
        german = m.group(0)[:2].lower() in ("um", "ge", "gg") or (
            m.group(0)[:2].lower() == "ab"
            # "Ich wäre ab 9 da"
            and (day_before is not None or _RE_PRESENT_AFTER.match(rest) is not None)
        )
        ends = (
            re.match(r"[ \t]*(?:[,;!?)\n]|\.(?!\d)|$)|[ \t]+[-\u2013\u2014][ \t]", rest) is not None
            or _RE_SPOKEN_STOP.match(rest) is not None
        )
        goes_on = (
            re.match(
                r"\s+(?:but|and|or|aber|und|oder|instead|with|mit|not|nicht|then|dann|"
                # "saturday at 8 for six people"
                r"for\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b)\b",
                rest,
                re.I,
            )
            is not None
        )
        fits = bool(
            _RE_PART_AFTER.match(text, m.end())
            or _RE_MORNING_AFTER.match(text, m.end())
            or re.match(rf"\s*{OCLOCK}\b", rest, re.I)
            or (german and (ends or re.match(r"\s*[a-zäöüß]", rest)))
            # "at 9.15", "on Wednesday at 9.", "this Friday at 11?"
            or m.group(2) is not None
            or ((ends or goes_on or german) and day_before)  # "Samstag früh um 8 Rückgabe"
            or _RE_TODAY_AFTER.match(rest)  # "viewing at 11 tomorrow"
            # "Running late for pickup at 7, flight delayed"
            or (
                (ends or goes_on) and _RE_TIME_WORDS.search(text, max(0, m.start() - 30), m.start())
            )
        )
        if hour is not None and fits:
            add(m.start(1), m.end(), _hhmm(hour, int(m.group(2) or 0)), 0.65)
    for m in _RE_DAY_THEN_TIME.finditer(text):
        hour = int(m.group(2))
        later = (m.group(1) or "").lower() in _LATER_PARTS and hour < 12
        add(m.start(2), m.end(), _hhmm(hour + 12 * later, int(m.group(3))), 0.6)
    for m in _RE_ABOUT_TIME.finditer(text):
        if _RE_WHEN_WORDS.search(text, max(0, m.start() - 60), m.start()):
            add(m.start(1), m.end(), _hhmm(int(m.group(1)), int(m.group(2))), 0.55)
    for m in _RE_DAY_HOURS.finditer(text):
        first, second = int(m.group(2)), int(m.group(4))
        part = (m.group(1) or "").lower()
        later = part.startswith(_LATER_PARTS) or 1 <= first <= 6
        for group in (2, 4):
            hour, minute = int(m.group(group)), int(m.group(group + 1) or 0)
            end = m.end(group + 1) if m.group(group + 1) else m.end(group)
            # "Friday 1-3": after noon; "Tuesday 9-5": the end after noon
            pm = hour < 12 and (later or (group == 4 and 1 <= second < first <= 12))
            add(m.start(group), end, _hhmm(hour + 12 * pm, minute), 0.6)
    for m in _RE_BARE_HOUR.finditer(text):  # "tonight at 7", "at 8 in the evening"
        before = text[max(0, m.start() - 40) : m.start()]
        part = _RE_PART_BEFORE.search(before)
        if part and not re.search(
            r"\b(?:at|um|around|about|after|from|gegen|gg|ab|nach)\s+$", before
        ):
            # "heute abend 8?" (not "tonight 2 people")
            closes = re.match(rf"[ \t]*(?:[,.;!?)]|$|uhr\b|h\b|{OCLOCK})", text[m.end() :], re.I)
            part = part if closes else None
        evening = part or (
            re.search(rf"(?:\bat|\bum|\bgegen|\b{_ABOUT})\s+$", before, re.I)
            and _RE_PART_AFTER.match(text, m.end())
        )
        if evening:
            add(m.start(), m.end(), _hhmm(int(m.group(1)), int(m.group(2) or 0)), 0.7)
    for m in _RE_RANGE_END_LATER.finditer(text):  # "… und vier nachmittags": an hour in words
        if m.group("to") in ("-", "\u2013") or m.group("part") or m.group("minutes"):
            continue
        hour = _NUMBERS.get(m.group("hour").lower())
        if hour is not None and 1 <= hour <= 11:
            add(m.start("hour"), m.end("hour"), _hhmm(hour + 12, 0), 0.55)
    for m in _RE_ABOUT_HOUR.finditer(text):  # "yesterday afternoon at the station around 4."
        hour = _hour(m.group(1))
        sentence = text[slice(*_sentence(text, m.start(), m.end()))]
        day_part = _RE_DAY_PART.search(sentence)
        if hour is not None and 1 <= hour <= 12 and day_part:
            named = day_part.group(0).lower()
            # "last night around eleven": the night's, from six on
            late = named.startswith(("night", "nacht")) and hour >= 6
            pm = (
                named.startswith(("after", "even", "nach", "abend", "tonight")) or late
            ) and hour < 12
            add(m.start(1), m.end(), _hhmm(hour + 12 * pm, 0), 0.5)
    for m in _RE_TIME_FIELD.finditer(text):  # "Uhrzeit: 17.20"
        add(m.start(1), m.end(), _hhmm(int(m.group(1)), int(m.group(2))), 0.7)
    for m in _RE_DOTTED_HOURS.finditer(text):  # "17.30-19.00"
        add(m.start(1), m.end(2), _hhmm(int(m.group(1)), int(m.group(2))), 0.65)
        add(m.start(3), m.end(), _hhmm(int(m.group(3)), int(m.group(4))), 0.65)
    for m in _RE_TIME_THEN_OK.finditer(text):  # "ok 10.15 passt"
        add(m.start(1), m.end(2), _hhmm(int(m.group(1)), int(m.group(2))), 0.6)
    for m in _RE_SPOKEN_CLOCK.finditer(text):
        said_hour = _with_meridiem(int(m.group(1)), m.group(3))
        if said_hour is not None:
            add(m.start(1), m.end(), _hhmm(said_hour, int(m.group(2))), 0.55)
    for m in _RE_ISO_DATETIME.finditer(text):  # the clock of "2025-02-19T21:36:12Z" as written
        add(m.start(5), m.end(), _hhmm(int(m.group(5)), int(m.group(6))), 0.9)
    for m in _RE_MY_TIME.finditer(text):
        add(m.start(1), m.end(), _hhmm(int(m.group(1)), int(m.group(2))), 0.7)
    for m in _RE_HOUR_OCLOCK.finditer(text):
        add(m.start(1), m.end(), _hhmm(int(m.group(1)), 0), 0.6)
    for m in _RE_INSTEAD_OF.finditer(text):
        hour = _hour(m.group(1))
        sentence = text[max(0, m.start() - 80) : m.start()]
        said = any(max(0, m.start() - 80) <= s < m.start() for s, _, _, _ in found)
        if hour is not None and said and not re.search(r"[.!?]\s", sentence[-40:]):
            add(m.start(1), m.end(), _hhmm(hour, int(m.group(2) or 0)), 0.55)
    found = [_earlier_today(text, _in_the_evening(text, f, locale), base) for f in found]
    return _like_the_times_around(text, found, locale)


# how far apart (minutes) two times of one message may be to tell each other's part of the day
NEAR_MINUTES = 180
NEAR_CHARS = 300  # and how far apart in the text
_RE_STAMP = re.compile(
    # when something was written: a chat export's stamp at a line's start, with its day
    # ("[14.03.25, 09:41:07]", "4/21/22, 6:52 PM -") or without ("[11:04] Me:"), Telegram's
    # label ("Anna Keller, [14.03.2025 09:41]"), a time alone on a short line ("5:31 pm ✓✓",
    # "Voicemail 22:14", "Today 12:48 PM")
    rf"(?:^[ \t]*[\[(]?{EXPORT_STAMP}|^[ \t]*[\[(]?{CLOCK}[\])]|"
    rf"^[^\n]{{0,60}}\[\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}[ \t]+{CLOCK}\]|^[^\n]{{0,40}}$)",
    re.M,
)


# a day right before a clock time: "(Mon 12 Oct 10:48)", "12/05 10:48", "Nov 14 at 9:12"
_RE_DAY_BEFORE_CLOCK = re.compile(
    rf"(?i:(?:\b{DAY}[./]\d{{1,2}}\.?(?:[./]\d{{2,4}})?|\b{DAY}{ORD}[ \t]+{MONTH}\.?"
    rf"|\b{MONTH}\.?[ \t]+{DAY}{ORD}(?:,?[ \t]+{YEAR})?|\b{DAY}{ORD}[ \t]+{MONTH}\.?[ \t]+{YEAR})"
    r",?[ \t]+(?:at[ \t]+|um[ \t]+)?$)"
)


def _stamps(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _RE_STAMP.finditer(text)]


# a time that begins or ends a range ("between 9 and 12", "8-12", "von 7:30 bis 18 Uhr"): the
# range tells its part of the day
_RE_RANGE_AROUND_AFTER = re.compile(
    r"(?i:[ \t]*(?:-|\u2013|to|till|until|and|bis|und)[ \t]*(?:\d|halb|viertel|dreiviertel))"
)
_RE_RANGE_AROUND_BEFORE = re.compile(
    r"(?i:(?:\bbetween|\bzwischen|\bfrom|\bvon|\d[ \t]*(?:-|\u2013|to|till|until|and|bis|und))"
    r"[ \t]*$)"
)


def _like_the_times_around(text: str, found: list[Found], locale: str) -> list[Found]:
    """A bare hour before noon ("um halb fünf", "served at 4.30") near times that cannot be
    mistaken (17:00, 2pm) is of the afternoon when one of those is within three hours of its
    afternoon reading and none within three hours of its morning one, and its sentence says
    nothing of a morning or a night ("der Aufbau müsste um halb fünf fertig sein, weil die Reden
    um 17 Uhr starten"). The clock of a chat's stamps tells when a message was written, not
    what it speaks of, and is no such time."""
    stamps = _stamps(text)

    def stamped(start: int) -> bool:
        return any(a <= start < b for a, b in stamps)

    plain: list[tuple[int, int]] = []  # (position, minutes of the day) of the unmistakable
    for start, end, value, _ in found:
        written = text[start:end]
        if stamped(start):
            continue
        said = re.match(r"\d+", written)  # the hour as written, not as read
        if (
            _RE_MERIDIEM.search(written)
            or (said and (int(said[0]) >= 13 or said[0][0] == "0"))
            # (German writers use the 24-hour clock: "7:45 Uhr" is of the morning)
            or (locale == "de" and re.match(r"\d{1,2}[:.]\d\d(?!\d)", written))
        ):
            plain.append((start, int(value[:2]) * 60 + int(value[3:])))
    out = []
    for found_ in found:
        start, end, value, confidence = found_
        written = text[start:end]
        hour, minute = int(value[:2]), int(value[3:])
        if (
            1 <= hour <= 11
            and not written.startswith("0")
            and not _RE_MERIDIEM.search(written)
            and not re.fullmatch(r"\d{1,2}h\d\d", written)  # "7h45": a 24-hour clock
            # (German writers use the 24-hour clock: "8:15", "ab 9" are of the morning)
            and (locale == "en" or re.search(r"[^\W\d]", written) is not None)
            and not re.search(r"(?i:\buhr\b)", text[start : end + 6])
            and not stamped(start)
            and not _RE_DAY_BEFORE_CLOCK.search(text, max(0, start - 30), start)
            and not _RE_RANGE_AROUND_AFTER.match(text, end)
            and not _RE_RANGE_AROUND_BEFORE.search(text, max(0, start - 30), start)
            and not _day_part_said(text[slice(*_sentence(text, start, end))])
        ):
            near = [(p, m) for p, m in plain if abs(p - start) <= NEAR_CHARS and p != start]
            later = (hour + 12) * 60 + minute
            # (not a time told after it that is earlier than its afternoon would be: "drop it
            # off at dreiviertel 8, pick it up gegen 17 Uhr" is a morning)
            if any(
                abs(m - later) <= NEAR_MINUTES and (p < start or m >= later) for p, m in near
            ) and not any(abs(m - (hour * 60 + minute)) <= NEAR_MINUTES for _, m in near):
                found_ = (start, end, f"{hour + 12:02d}:{minute:02d}", confidence)
        out.append(found_)
    return out


# "around 4" in a sentence that says which part of the day
_RE_ABOUT_HOUR = re.compile(
    rf"{B}(?:around|about|approx\.?|ca\.?|circa|roughly|ungefähr|etwa)\s+({HOUR})"
    rf"(?=[ \t]*(?:[,.;!?)]|$|uhr\b|o['\u2019 ]?clock|ish\b)|[ \t]+(?:and|but|und|aber)[ \t]+"
    rf"(?!a\b|an\b|half\b|eine?\b|\d))",
    re.I,
)
_RE_DAY_PART = re.compile(
    r"(?i:\b(?:morning|afternoon|evening|tonight|night|vormittags?|nachmittags?|abends?|morgens|"
    r"nachts?)\b)"
)
_RE_TODAY = re.compile(r"(?i:\b(?:today|heute|heut)\b)")
_RE_GREETING_TIME = re.compile(
    r"(?i:\b(?:guten|good)\s+(?:abend|morgen|evening|morning|afternoon)\b)"
)


def _earlier_today(text: str, found: Found, base: datetime | None) -> Found:
    """An hour said in words ("fünf", "half six") in a sentence that tells of something done
    today is the afternoon's when that is still before the message was written, and no part
    of the day is said."""
    start, end, value, confidence = found
    hour, minute = int(value[:2]), int(value[3:])
    if base is None or not 1 <= hour <= 11 or re.search(r"\d", text[start:end]):
        return found
    # (a greeting names no part of the day the thing happened in)
    sentence = _RE_GREETING_TIME.sub("", text[slice(*_sentence(text, start, end))])
    if not _RE_TODAY.search(sentence) or _day_part_said(sentence) or _RE_DAY_PART.search(sentence):
        return found
    done = (
        _RE_PAST_EN.search(sentence)
        or _RE_PAST_DE.search(sentence)
        or re.search(rf"\b{_PARTICIPLE}\b", sentence)
    )
    if done and (hour + 12) * 60 + minute <= base.hour * 60 + base.minute:
        return (start, end, f"{hour + 12:02d}:{minute:02d}", confidence)
    return found


# "last night at about half 7", "gestern Abend so um viertel nach elf": the sentence says when
_RE_NIGHT = re.compile(
    r"(?i:\b(?:last\s+night|tonight|tonite|2nite|2night|yesterday\s+evening|this\s+evening|in\s+the\s+evening|"
    r"gestern\s+abend|heute\s+abend|gestern\s+nacht|abends|am\s+abend|after\s+work|"
    r"nach\s+der\s+arbeit|nach\s+feierabend|von\s+der\s+arbeit|(?:home|back)\s+from\s+work)\b)"
)
_RE_MORNING = re.compile(
    r"(?i:\b(?:morning|mornings|a\.m\.|am|morgens|vormittags?|früh|morgen|breakfast|wake|alarm|"
    r"weck\w*)\b)"
)
_RE_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def _at_night(sentence: str) -> bool:
    """Whether ``sentence`` speaks of the evening or the night, and of no morning."""
    return _RE_NIGHT.search(sentence) is not None and _RE_MORNING.search(sentence) is None


# "zwischen halb drei und vier nachmittags": the range's end says the part of the day
_RE_RANGE_END_LATER = re.compile(
    rf"\s+(?P<to>und|bis|and|to|-|\u2013)\s+(?P<part>(?:halb|viertel|dreiviertel)\s+)?"
    rf"(?P<hour>{HOUR})(?P<minutes>[:.][0-5]\d)?"
    r"(?:\s+uhr)?\s+(?:nachmittags|abends|in\s+the\s+(?:afternoon|evening))\b",
    re.I,
)


def _day_part_said(sentence: str) -> bool:
    """Whether ``sentence`` speaks of a morning or of the night."""
    return bool(
        _RE_MORNING.search(sentence)
        or _RE_NIGHT.search(sentence)
        or _RE_NIGHT_WORDS.search(sentence)
    )


# a recording's length: "[Sprachnachricht, …, 1:12]", "Dauer 1:05", "voicemail (length 2:31)"
_RE_LENGTH_BEFORE = re.compile(
    r"(?i:(?:\[[^\]\n]*\b(?:sprachnachricht|voice\s*mail|voicemail|voice\s+message|"
    r"sprachmemo)\b[^\]\n]*|\b(?:dauer|duration|length|länge|laufzeit)\b[ \t:]*|"
    # "Voicemail transcript (01:12):" (but "Voicemail (23:51):" says when it came)
    r"\b(?:voice\s*mail|voice\s+message|sprachnachricht)\s+(?:transcript|transkript)[ \t]*\())$"
)
_RE_AFTER_SCHOOL = re.compile(
    r"(?i:\b(?:after\s+school|after\s+lunch|nach\s+der\s+schule|nach\s+dem\s+mittagessen)\b)"
)
_RE_VISIT = re.compile(
    r"(?i:\b(?:komm\w*|vorbei\w*|liefer\w*|abhol\w*|zustell\w*|deliver\w*|collect\w*|"
    r"come|coming|came|visit\w*|pick(?:ing)?\s+up|drop(?:ping)?\s+off|"
    # being at home: "ich bin ab halb vier wieder zu Hause"; sending someone; a shift at work
    r"zu\s+hause|zuhause|daheim|dahoim|dahoam|at\s+home|home|schicken|vorbeischau\w*|"
    r"schicht|in\s+der\s+arbeit|at\s+work|shift|termin\w*|passt|appointment|appt)\b)"
)
# a morning said as such ("morgen" alone is as often tomorrow)
_RE_MORNING_WORDS = re.compile(
    # ("am" only after a number: in German it is a preposition)
    r"(?i:\b(?:morning|mornings|a\.m\.|morgens|vormittags?|früh|frueh|"
    r"(?:heute|morgen)\s+morgen)\b|\d[ ]?am\b)"
)
_RE_SPOKEN_EN = re.compile(r"(?i:\b(?:half|quarter|past|to|o['\u2019 ]?clock)\b)")
_RE_NIGHT_WORDS = re.compile(r"(?i:\b(?:night|nachts?|overnight|early\s+hours|früh|frueh)\b)")


def _in_the_evening(text: str, found: Found, locale: str = "de") -> Found:
    """A time before noon without am/pm, followed or preceded by "evening", "abends" and the
    like, is after noon."""
    start, end, value, confidence = found
    written = text[start:end]
    hour, minute = int(value[:2]), int(value[3:])
    if not 0 <= hour <= 11 or _RE_MERIDIEM.search(written) or written.startswith("0"):
        return found
    after = _RE_PART_AFTER.match(text, end) or _RE_RANGE_END_LATER.match(text, end)
    before = _RE_PART_BEFORE.search(text[max(0, start - 40) : start])
    meal = hour >= 5 and _RE_EVENING_MEAL.search(text, max(0, start - 60), start)
    # said in words ("quarter past ten", "half 7") in a sentence about last night
    spoken = re.search(r"[^\W\d]{3,}", written) is not None
    sentence = text[slice(*_sentence(text, start, end))]  # the sentence the time is in
    # (in digits from 7 on: "a charge … at 8.52" in a voicemail about tonight, "called the
    # emergency line last night around 11:30"; not "last night at 2:30")
    # the night said right before or after the digits (not "It broke last night and I leave
    # for work at 7.15")
    near_night = _RE_NIGHT.search(text, max(0, start - 25), start) or _RE_NIGHT.search(
        text, end, end + 20
    )
    night = (hour >= 5 and spoken) or (
        hour >= 7 and re.fullmatch(r"\d{1,2}[:.]\d\d", written) and near_night
    )
    if after or before or meal or (night and _at_night(sentence)):
        return (start, end, f"{hour + 12:02d}:{minute:02d}", confidence)
    # "call me at half past four", "at 3 o'clock": a time said in English words between one and
    # five is one of the afternoon, unless its sentence speaks of a morning or of the night (in
    # German "viertel nach 4" is as often early: the annotated messages say so)
    english = bool(
        _RE_SPOKEN_EN.search(written)
        or re.match(rf"\s*{OCLOCK}", text[end:], re.I)
        or (locale == "en" and spoken)  # "at one thirty"
    )
    school = _RE_AFTER_SCHOOL.search(sentence)
    # "kann der paketbote morgen so gg 3 kommen", "tried to deliver today at 2:15": a visit or
    # an appointment; "ab halber zwoi": from when someone is free (not "seit vier Uhr", when
    # something began, nor a time written with "Uhr")
    limit = re.search(
        r"(?i:\b(?:ab|bis|nach|after|until|till)\s+)$", text[max(0, start - 8) : start]
    )
    visit = (
        (_RE_VISIT.search(sentence) or limit)
        and not re.search(r"(?i:uhr)", text[start : end + 5])
        and not re.search(
            r"(?i:\b(?:seit|since)\b[^.!?\n]{0,20})$", text[max(0, start - 30) : start]
        )
    )
    plain = _RE_GREETING_TIME.sub("", sentence)  # "ja guten morgen hier ist …"
    morning = _RE_MORNING_WORDS.search(plain) or _RE_NIGHT_WORDS.search(plain)
    if visit and 1 <= hour <= 5 and not morning:
        return (start, end, f"{hour + 12:02d}:{minute:02d}", confidence)
    if (english or school) and 1 <= hour <= 5 and not _day_part_said(sentence):
        return (start, end, f"{hour + 12:02d}:{minute:02d}", confidence)
    # "can I move thursday's 5:15 to friday": in English, a clock time between one and six in
    # a sentence that says nothing of a morning or a night is one of the afternoon
    clock = locale == "en" and re.fullmatch(r"\d{1,2}(?:[:. ]\d\d)?", written) is not None
    if clock and 1 <= hour <= 5 and not morning and not _day_part_said(sentence):
        return (start, end, f"{hour + 12:02d}:{minute:02d}", confidence)
    return found
