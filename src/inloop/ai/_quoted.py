"""Earlier mails quoted in a text, and when each was written, for :mod:`inloop.ai.extract`.

A reply quotes the mails before it under a header that says when they were sent ("On Tue, 4
Mar 2025 at 09:12, Jane Doe <…> wrote:", "Am 04.03.2025 um 09:12 schrieb …:", Outlook's "From:
… / Sent: …"). "Tomorrow" in a quoted mail is the day after that mail was written, not after
the reply arrived: the relative dates of each quoted part are resolved against its own header.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from inloop.ai._when import Found

_RE_DATED_HEADER = re.compile(
    r"^[ \t>*]*(?:"
    # Gmail, Apple Mail, Thunderbird; the header may wrap once
    r"On\b[^\n]{0,160}(?:\n[^\n]{0,80})?\bwrote:|"
    r"Am\b[^\n]{0,160}(?:\n[^\n]{0,80})?\bschrieb\b[^\n]{0,120}:|"
    # Outlook: the sender's line, then when it was sent
    r"(?:From|Von)[ \t]*:[^\n]*\n[ \t>*]*(?:Sent|Date|Datum|Gesendet)[ \t]*:[^\n]*)",
    re.M,
)
NOON = time(12, 0)


def quoted_parts(
    text: str, dates: list[Found], times: list[Found]
) -> list[tuple[int, int, datetime]]:
    """Each quoted mail whose header gives its date: where its text starts and ends, and when it
    was written (the header's date and time; noon without a time). ``dates`` and ``times`` are
    those found in the whole text (their values ISO dates and ``HH:MM``)."""
    headers = []
    for m in _RE_DATED_HEADER.finditer(text):
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
