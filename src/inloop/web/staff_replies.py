"""Suggested replies on the agent's case view.

The case view shows up to three approved reply texts for the case:

- when the process asked for suggestions (``case.ai.suggest_reply``, event
  ``ai.reply_suggested``), the templates it picked, looked up by id in the app's reply library
  (the event holds ids, not texts);
- otherwise the library's templates closest to the customer's request text, computed when the
  page is shown (the intent scores of an ``ai.classified`` event, if any, weigh in).

Each reply is in the customer's language where its template has that language (the others are
marked, so the agent knows to translate). Placeholders are filled from what the case knows (its
current values and the customer's contact details); the others stay as ``{{Name}}`` and the page
marks them for the agent to fill in. Nothing is written: showing the case view stays a read.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from inloop.ai.errors import DataInvalid
from inloop.ai.labels import language
from inloop.ai.process import TEXT_FIELDS, request_text_in
from inloop.ai.replies import ReplyLibrary, ReplyTemplate, fill
from inloop.engine.engine import Engine
from inloop.humans.casework import CaseFile

MAX_REPLIES = 3
_PIECES = re.compile(r"(\{\{[^{}]+\}\})")
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")  # as :func:`inloop.ai.replies.fill` reads it


@dataclass(frozen=True, kw_only=True, slots=True)
class ReplyPart:
    """A piece of a suggested reply: plain text, or a placeholder still to fill in."""

    text: str
    missing: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseReply:
    """A suggested reply as the case view shows it."""

    text: str
    """The text with the known placeholders filled (``{{Name}}`` for the others)."""
    parts: tuple[ReplyPart, ...]
    intent: str
    template_id: str
    missing: tuple[str, ...]
    by_process: bool
    """Whether the process picked it (``ai.reply_suggested``) rather than the case view."""
    language: str
    """The language of ``text``."""
    customer_language: bool
    """Whether that is the customer's language."""
    fits_intent: bool | None = None
    """Whether it is for the intent the request was classified as (recorded by the process;
    ``None``: not known)."""


def library_of(engine: Engine) -> ReplyLibrary:
    """The app's reply library (``App(ai=AI(replies=...))``), else the shipped one."""
    ai = engine.app.ai
    return ai.reply_library() if ai is not None else ReplyLibrary.default()


def known_fields(file: CaseFile) -> dict[str, Any]:
    """What the case knows for the placeholders: the customer's contact details, then the
    case's current values (input, AI proposals, corrections)."""
    customer = file.case.customer
    known: dict[str, Any] = {
        "person_name": customer.name,
        "email": customer.email,
        "phone": customer.phone,
    }
    known.update(file.current)
    return {k: v for k, v in known.items() if v not in (None, "")}


def _latest(file: CaseFile, event_type: str) -> dict[str, Any] | None:
    found = [e for e in file.events if e.type == event_type]
    return dict(found[-1].payload) if found else None


def _prior(file: CaseFile) -> dict[str, float] | None:
    classified = _latest(file, "ai.classified")
    scores = classified.get("scores") if classified else None
    if not isinstance(scores, list):
        return None
    prior = {
        str(s["intent"]): float(s["score"])
        for s in scores
        if isinstance(s, dict) and isinstance(s.get("score"), int | float) and "intent" in s
    }
    return prior or None


def _parts(text: str, missing: tuple[str, ...]) -> tuple[ReplyPart, ...]:
    names = set(missing)
    out = []
    for piece in _PIECES.split(text):
        if piece:
            hole = _PLACEHOLDER.fullmatch(piece)
            out.append(ReplyPart(text=piece, missing=hole is not None and hole.group(1) in names))
    return tuple(out)


def _picked(
    template: ReplyTemplate, fields: dict[str, Any], lang: str, fits: bool | None
) -> CaseReply:
    text, used = template.text_in(lang)
    filled, missing = fill(text, fields)
    return CaseReply(
        text=filled,
        parts=_parts(filled, missing),
        intent=template.intent,
        template_id=template.template_id,
        missing=missing,
        by_process=True,
        language=used,
        customer_language=used == lang,
        fits_intent=fits,
    )


def suggest(engine: Engine, file: CaseFile) -> list[CaseReply]:
    """Up to three replies for the case (blocking: the library is built on first use)."""
    library = library_of(engine)
    fields = known_fields(file)
    lang = language(file.case.customer.locale)
    recorded = _latest(file, "ai.reply_suggested")
    if recorded is not None:
        by_id = {t.template_id: t for t in library.templates}
        picked = [s for s in recorded.get("suggestions") or [] if isinstance(s, dict)]
        fits = {s.get("template_id"): s.get("fits_intent") for s in picked}
        ids = [s.get("template_id") for s in picked]
        chosen = [by_id[i] for i in ids if isinstance(i, str) and i in by_id][:MAX_REPLIES]
        if chosen:
            return [_picked(t, fields, lang, fits.get(t.template_id)) for t in chosen]
    ai = engine.app.ai
    text = request_text_in(file.case.input, ai.text_fields if ai is not None else TEXT_FIELDS)
    if text is None:
        return []
    try:
        found = library.suggest(
            text, k=MAX_REPLIES, fields=fields, intent_prior=_prior(file), language=lang
        )
    except DataInvalid:
        return []
    return [
        CaseReply(
            text=r.text,
            parts=_parts(r.text, r.missing),
            intent=r.intent,
            template_id=r.template_id,
            missing=r.missing,
            by_process=False,
            language=r.language,
            customer_language=r.language == lang,
        )
        for r in found
    ]


async def case_replies(engine: Engine, file: CaseFile) -> list[CaseReply]:
    """:func:`suggest`, off the event loop."""
    return await asyncio.to_thread(suggest, engine, file)
