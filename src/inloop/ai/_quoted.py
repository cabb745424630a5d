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

from inloop.ai._when import CLOCK, EXPORT_STAMP, WEEKDAY, Found

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
_STAMP = rf"(?:{EXPORT_STAMP}|\d{{4}}-\d{{2}}-\d{{2}},?[ \t]+{CLOCK})"  # (or "2024-05-14 10:30")
_RE_CHAT_DAY = re.compile(
    rf"^[ \t>]*\[?{_STAMP}\]?|"
    rf"^[^\n\[\]]{{1,60}},[ \t]*\[{_STAMP}\][ \t]*\n|"
    rf"^[ \t]*(?i:(?:today|yesterday|heute|gestern|{WEEKDAY})(?:\.?,?[ \t]+{CLOCK})?|"
    r"\d{1,2}\.?[ \t]+[A-Za-zä]{3,9}\.?[ \t]+\d{4}|"
    r"[A-Za-z]{3,9}[ \t]+\d{1,2},?[ \t]+\d{4})[ \t]*\n",
    re.M,
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
    if not headers:
        return []
    ends = [start for start, _, _ in headers[1:]] + [len(text)]
    return [(body, end, when) for (_, body, when), end in zip(headers, ends, strict=True)]
