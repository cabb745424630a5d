"""Earlier mails quoted in a text, and when each was written, for :mod:`inloop.ai.extract`.

A reply quotes the mails before it under a header that says when they were sent ("On Tue, 4
Mar 2025 at 09:12, Jane Doe <…> wrote:", "Am 04.03.2025 um 09:12 schrieb …:", Outlook's "From:
… / Sent: …"). "Tomorrow" in a quoted mail is the day after that mail was written, not after
the reply arrived: the relative dates of each quoted part are resolved against its own header.
The same holds for the messages of an exported or copied chat, each under the day it was sent.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, time

from inloop.ai._when import CLOCK, EXPORT_STAMP, MESSAGE_NOUNS, WEEKDAY, Found

_RE_DATED_HEADER = re.compile(
    r"^[ \t>*]*(?:"
    # Gmail, Apple Mail, Thunderbird; the header may wrap once
    r"On\b[^\n]{0,160}(?:\n[^\n]{0,80})?\bwrote:|"
    r"Am\b[^\n]{0,160}(?:\n[^\n]{0,80})?\bschrieb\b[^\n]{0,120}:|"
    # Outlook: the sender's line, then when it was sent
    r"(?:From|Von)[ \t]*:[^\n]*\n[ \t>*]*(?:Sent|Date|Datum|Gesendet)[ \t]*:[^\n]*)",
    re.M,
)
# the lines of an exported chat, each message under the day it was sent: "[14.03.25, 09:41:07]
# Anna: …", "4/21/22, 6:52 PM - Greg: …", "2024-05-14 10:30 Tom: …", Telegram's "Anna Keller,
# [14.03.2025 09:41]", and a day's heading alone on its line ("Yesterday", "Montag", "14 March
# 2025"): "tomorrow" in a message is the day after that message was sent
# a day and a month's name, either way round: "5 Sep", "27. März", "Sep 5"
_DAY_MONTH = r"(?:\d{1,2}\.?[ \t]+[A-Za-zä]{3,9}\.?|[A-Za-z]{3,9}\.?[ \t]+\d{1,2})"
_STAMP = rf"(?:{EXPORT_STAMP}|\d{{4}}-\d{{2}}-\d{{2}},?[ \t]+{CLOCK})"  # (or "2024-05-14 10:30")
_RE_CHAT_DAY = re.compile(
    # (not a receipt's or a statement's row: "08/06/2024  17:42   Reg 03   Trans 558201")
    rf"^[ \t>]*\[?{_STAMP}\]?(?![ \t]{{2,}}\S)|"
    rf"^[^\n\[\]]{{1,60}},[ \t]*\[{_STAMP}\][ \t]*\n|"
    rf"^[ \t]*(?i:(?:today|yesterday|heute|gestern|{WEEKDAY})(?:\.?,?[ \t]+(?:at[ \t]+)?{CLOCK})?|"
    r"\d{1,2}\.?[ \t]+[A-Za-zä]{3,9}\.?[ \t]+\d{4}|"
    r"[A-Za-z]{3,9}[ \t]+\d{1,2},?[ \t]+\d{4}|"
    # a phone's stamp of a notification: "Sep 5, 2:14 PM", "Sat 27 Mar, 17:31"
    rf"(?:{WEEKDAY}\.?,?[ \t]+)?{_DAY_MONTH},?[ \t]+(?:at[ \t]+)?{CLOCK})[ \t]*\n",
    re.M,
)
# a message quoted after the words that say when it came: 'Yesterday at 17:25 you texted:
# "… tomorrow …"', 'ich habe am Dienstag diese SMS bekommen:\n„… morgen …“', 'Sat 18 Mar 07:55 -
# "… today …"': its "tomorrow" is the day after that day
_RE_QUOTED_MESSAGE = re.compile(
    r"^(?P<intro>[^\n\"\u201e\u201c\u201d]{3,160}?)[ \t]*(?::|[-\u2013])[ \t]*\n?[ \t]*"
    r"(?P<body>[\"\u201e\u201c][^\"\u201c\u201d]{1,1500}[\"\u201c\u201d])",
    re.M,
)
_RE_MESSAGE_WORDS = re.compile(
    rf"(?i:\b(?:{MESSAGE_NOUNS}|texted|push|got|received|bekommen|erhalten|kam)\b)"
)
_RE_STAMP_INTRO = re.compile(
    rf"^[ \t]*(?i:{WEEKDAY})?\.?,?[ \t]*(?:{_DAY_MONTH}|\d{{1,2}}[./]\d{{1,2}}\.?)"
    rf"(?:[ \t,]+\d{{4}})?,?[ \t]+{CLOCK}"
)
# a letter's own date, on a line of its own before the salutation ("München, 3. März 2025",
# "14th February 2024", "Datum: 03.03.2025"): "next week" in a scanned letter is the week
# after it was written, not after it was scanned
_RE_LETTER_DATE = re.compile(
    r"^[ \t]*(?:[A-ZÄÖÜ][\w.äöüß -]{1,30},[ \t]*|(?:Datum|Date)[ \t]*:[ \t]*)?"
    r"(?:den[ \t]+)?[^\n,:]{6,30}?[ \t]*\n"
    r"(?=(?:[^\n]*\n){0,8}?[ \t]*(?:Dear|Sehr[ \t]+geehrte|Liebe|Lieber|To[ \t]+whom|"
    r"Guten[ \t]+Tag|Grüezi|Hallo)\b)",
    re.M,
)
NOON = time(12, 0)


def quoted_parts(
    text: str, dates: list[Found], times: list[Found]
) -> list[tuple[int, int, datetime]]:
    """Each quoted mail whose header gives its date, and each chat message or day of messages
    under its date: where its text starts and ends, and when it was written (the header's date
    and time; noon without a time). ``dates`` and ``times`` are those found in the whole text
    (their values ISO dates and ``HH:MM``)."""
    headers = []
    found = sorted(
        itertools.chain(
            _RE_DATED_HEADER.finditer(text),
            _RE_CHAT_DAY.finditer(text),
            _RE_LETTER_DATE.finditer(text),
        ),
        key=lambda m: m.start(),
    )
    for m in found:
        day = next((v for s, e, v, _ in dates if m.start() <= s and e <= m.end()), None)
        if not isinstance(day, str):
            continue
        clock = next((v for s, e, v, _ in times if m.start() <= s and e <= m.end()), None)
        when = datetime.combine(
            date.fromisoformat(day),
            time.fromisoformat(clock) if isinstance(clock, str) else NOON,
        )
        headers.append((m.start(), m.end(), when))
    ends = [start for start, _, _ in headers[1:]] + [len(text)] if headers else []
    parts = [(body, end, when) for (_, body, when), end in zip(headers, ends, strict=True)]
    return parts + _quoted_messages(text, dates, times)


def _quoted_messages(
    text: str, dates: list[Found], times: list[Found]
) -> list[tuple[int, int, datetime]]:
    """Each message quoted after words that say the day it came: the quote's start and end,
    and that day (the last day said before it) with the time said there (else noon)."""
    parts = []
    for m in _RE_QUOTED_MESSAGE.finditer(text):
        intro = m.group("intro")
        if not (_RE_MESSAGE_WORDS.search(intro) or _RE_STAMP_INTRO.match(intro)):
            continue
        begin, end = m.start("intro"), m.start("body")
        # (not a day in brackets: "My dad (DOB 02/03/1941) got this text")
        days = [
            v
            for s, e, v, _ in dates
            if begin <= s and e <= end and isinstance(v, str) and not _in_brackets(text, s, end)
        ]
        if not days:
            continue
        clock = [v for s, e, v, _ in times if begin <= s and e <= end and isinstance(v, str)]
        when = datetime.combine(
            date.fromisoformat(days[-1]), time.fromisoformat(clock[-1]) if clock else NOON
        )
        parts.append((m.start("body"), m.end("body"), when))
    return parts


def _in_brackets(text: str, start: int, end: int) -> bool:
    """Whether ``text[start]`` is inside brackets closed before ``end``."""
    return text.rfind("(", 0, start) > text.rfind(")", 0, start) and ")" in text[start:end]
