"""What the customer sees of a case: the stages, the timeline, and what happens next.

Built from the case's events, showing only what the customer may see: no step names, no
internal reasons or notes, no AI scores, no error details. Texts are translated (English,
German) and the process author's own texts (prompts, notifications) are picked in the
customer's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from inloop.ai.process import TEXT_FIELDS, request_text_in
from inloop.channels.i18n import format_time, gettext_for, normalize, pick
from inloop.engine.engine import Engine
from inloop.errors import InloopError
from inloop.records import CaseRecord, CaseStatus, EventRecord, RequestKind


def N_(message: str) -> str:
    return message


@dataclass(frozen=True, kw_only=True, slots=True)
class TimelineEntry:
    at: datetime
    kind: str
    """The event type the entry comes from."""
    text: str
    """What happened, in the customer's language."""
    actor: str
    """``you`` (the customer), ``us`` (the automated process) or ``team`` (a person)."""
    quote: str | None = None
    """The customer's own words, where the entry is their message (the request they wrote)."""
    files: tuple[str, ...] = ()
    """The names of the files they sent with it."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Stage:
    name: str
    label: str
    """The name in the customer's language."""
    state: str
    """``done``, ``current``, ``upcoming`` or ``skipped`` (passed without being entered)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseView:
    case: CaseRecord
    lang: str
    stages: list[Stage]
    status_text: str
    next_text: str
    timeline: list[TimelineEntry]


_REQUEST_SENT = {
    RequestKind.ASK.value: N_("We asked you for some details."),
    RequestKind.CONFIRM.value: N_("We asked you to confirm a proposal."),
    RequestKind.CHOOSE.value: N_("We asked you to choose an option."),
    RequestKind.REVIEW.value: N_("We asked you to review a draft."),
    RequestKind.UPLOAD.value: N_("We asked you for documents."),
}

_STATUS = {
    CaseStatus.RUNNING: N_("We are working on your request."),
    CaseStatus.WAITING_CUSTOMER: N_("We are waiting for your answer."),
    CaseStatus.WAITING_AGENT: N_("A member of our team is looking at your request."),
    CaseStatus.WAITING_TIMER: N_("We are working on your request."),
    CaseStatus.COMPLETED: N_("Your request is complete."),
    CaseStatus.FAILED: N_("Something went wrong on our side. Our team has been told."),
    CaseStatus.CANCELLED: N_("Your request was closed."),
}


HANDLING = N_("A member of our team is handling your request.")


def open_question(events: list[EventRecord]) -> EventRecord | None:
    """The agent's question (``task.waiting_on_customer``) the customer has not replied to yet:
    none after a reply (``message.received``, or an answer of theirs), after the task was
    completed, or once the case has ended."""
    waiting: EventRecord | None = None
    for e in events:
        if e.type == "task.waiting_on_customer":
            waiting = e
        elif waiting is None:
            continue
        elif (
            e.type == "message.received"
            or (e.type == "request.answered" and e.actor == "customer")
            or (
                e.type == "task.completed"
                and e.payload.get("task_id") == waiting.payload.get("task_id")
            )
            or e.type in ("case.completed", "case.cancelled", "case.failed")
        ):
            waiting = None
    return waiting


async def question_text(engine: Engine, event: EventRecord, lang: str) -> str:
    """The text of an agent's question (a ``task.waiting_on_customer`` event) in ``lang``."""
    key = event.payload.get("idempotency_key")
    for o in await engine.store.list_outbox(case_id=event.case_id):
        if o.idempotency_key == key:
            return pick(o.payload.get("message"), lang) or ""
    return ""


@dataclass(frozen=True, kw_only=True, slots=True)
class _Opening:
    """What the customer sent to start the case."""

    words: str | None
    files: tuple[str, ...]


def _entry(
    event: EventRecord,
    lang: str,
    notes: dict[str, Any],
    stage_label: Callable[[str], str],
    opening: _Opening,
) -> TimelineEntry | None:
    t, p = event.type, event.payload

    def text(message: str, **params: object) -> str:
        return gettext_for(lang, message, **params)

    if t == "case.created":
        theirs = event.actor == "customer"  # not the input of an API client or a process
        return TimelineEntry(
            at=event.at,
            kind=t,
            text=text(N_("We received your request.")),
            actor="you" if theirs else "us",
            quote=opening.words if theirs else None,
            files=opening.files if theirs else (),
        )
    if t == "case.stage_changed":
        return TimelineEntry(
            at=event.at,
            kind=t,
            actor="us",
            text=text(N_("Now at step: {stage}"), stage=stage_label(str(p.get("to", "")))),
        )
    if t == "request.sent":
        prompt = pick(p.get("prompt"), lang)
        base = text(_REQUEST_SENT.get(p.get("kind", ""), N_("We asked you a question.")))
        return TimelineEntry(
            at=event.at, kind=t, actor="us", text=f"{base} {prompt}" if prompt else base
        )
    if t == "request.answered":
        if event.actor == "customer":
            return TimelineEntry(at=event.at, kind=t, actor="you", text=text(N_("You answered.")))
        return TimelineEntry(
            at=event.at,
            kind=t,
            actor="team",
            text=text(N_("A member of our team answered on your behalf.")),
        )
    if t == "request.reminded":
        return TimelineEntry(
            at=event.at, kind=t, actor="us", text=text(N_("We reminded you of our question."))
        )
    if t == "request.expired":
        return TimelineEntry(
            at=event.at,
            kind=t,
            actor="us",
            text=text(N_("The time to answer our question ran out.")),
        )
    if t == "task.created":
        return TimelineEntry(
            at=event.at,
            kind=t,
            actor="team",
            text=text(N_("We passed your request to our team.")),
        )
    if t == "task.claimed":
        return TimelineEntry(
            at=event.at,
            kind=t,
            actor="team",
            text=text(N_("A member of our team is looking at your request.")),
        )
    if t == "task.completed":
        return TimelineEntry(
            at=event.at, kind=t, actor="team", text=text(N_("Our team has finished their part."))
        )
    if t == "task.waiting_on_customer":  # an agent's question: the text is in the outbox
        message = notes.get(p.get("idempotency_key", ""))
        if message:
            return TimelineEntry(
                at=event.at,
                kind=t,
                actor="team",
                text=text(N_("Our team asked you: {text}"), text=message),
            )
        return None
    if t == "message.received":
        return TimelineEntry(
            at=event.at,
            kind=t,
            actor="you",
            text=text(N_("You wrote: {text}"), text=str(p.get("text") or "")[:500]),
        )
    if t == "case.taken_over":
        return TimelineEntry(at=event.at, kind=t, actor="team", text=text(HANDLING))
    if t == "notification.queued":
        message = notes.get(p.get("idempotency_key", ""))
        if message:
            return TimelineEntry(at=event.at, kind=t, actor="us", text=message)
        return None
    if t == "message.sent" and p.get("channel") == "customer":
        return TimelineEntry(
            at=event.at, kind=t, actor="us", text=text(N_("We sent you an email."))
        )
    if t == "case.completed":
        return TimelineEntry(
            at=event.at, kind=t, actor="us", text=text(N_("Your request is complete."))
        )
    if t == "case.cancelled":
        return TimelineEntry(
            at=event.at, kind=t, actor="us", text=text(N_("Your request was closed."))
        )
    if t == "case.failed":
        return TimelineEntry(at=event.at, kind=t, actor="us", text=text(_STATUS[CaseStatus.FAILED]))
    return None  # steps, sleeps, rejected answers, notes, corrections, releases: internal


async def customer_timeline(engine: Engine, case_id: str, lang: str) -> list[TimelineEntry]:
    """The customer-visible timeline of a case, oldest first."""
    case = await engine.get_case(case_id)
    return await _timeline(engine, case, await engine.store.list_events(case_id), normalize(lang))


async def _timeline(
    engine: Engine, case: CaseRecord, events: list[EventRecord], lang: str
) -> list[TimelineEntry]:
    case_id = case.id
    notes = {
        o.idempotency_key: pick(o.payload.get("message"), lang) or ""
        for o in await engine.store.list_outbox(case_id=case_id)
        if o.kind == "notification"
    }
    label = _stage_labels(engine, case, lang)
    words = request_text_in(case.input, TEXT_FIELDS)
    opening = _Opening(
        words=words.strip() if words else None,
        # the contact form's attachment: a file of the case that answers no request
        files=tuple(
            str(f["name"])
            for f in await engine.store.files.for_case(case_id)
            if f.get("request_id") is None
        ),
    )
    claimed: set[object] = set()
    shown = []
    for ev in events:
        if ev.type == "task.claimed":  # once per task, however often it changes hands
            if ev.payload.get("task_id") in claimed:
                continue
            claimed.add(ev.payload.get("task_id"))
        entry = _entry(ev, lang, notes, label, opening)
        if entry is not None:
            shown.append(entry)
    return shown


def _stage_labels(engine: Engine, case: CaseRecord, lang: str) -> Callable[[str], str]:
    try:
        labels = engine.app.get(case.process, case.version).stage_labels
    except InloopError:
        labels = {}

    def label(name: str) -> str:
        return pick(labels.get(name), lang) or name

    return label


async def case_view(engine: Engine, case_id: str, lang: str) -> CaseView:
    """Everything the status page shows."""
    lang = normalize(lang)
    case = await engine.get_case(case_id)
    declared: tuple[str, ...] = ()
    try:
        declared = engine.app.get(case.process, case.version).stages
    except Exception:
        declared = ()
    stages: list[Stage] = []
    stage_label = _stage_labels(engine, case, lang)
    events = await engine.store.list_events(case_id)
    current = case.stage
    entered = {current}
    for e in events:
        if e.type == "case.stage_changed":
            entered.update((e.payload.get("from"), e.payload.get("to")))
    passed = True
    for name in declared:
        if name == current:
            state = "done" if case.status is CaseStatus.COMPLETED else "current"
            passed = False
        elif passed:
            state = "done" if name in entered else "skipped"  # this case did not need it
        else:
            state = "upcoming"
        stages.append(Stage(name=name, label=stage_label(name), state=state))
    request = await engine.open_request(case_id)
    if case.status is CaseStatus.WAITING_CUSTOMER and request is not None:
        next_text = gettext_for(
            lang,
            N_("Please answer by {deadline}."),
            deadline=format_time(request.deadline, lang, engine.settings.timezone),
        )
    elif case.status is CaseStatus.WAITING_AGENT:
        next_text = gettext_for(lang, N_("We will get back to you as soon as possible."))
    elif case.status.terminal:
        next_text = gettext_for(lang, N_("Nothing else is needed from you."))
    else:
        next_text = gettext_for(lang, N_("We will let you know when we need you."))
    status_text = gettext_for(lang, _STATUS[case.status])
    if case.paused_by is not None and not case.status.terminal:  # a person took it over
        status_text = gettext_for(lang, HANDLING)
    return CaseView(
        case=case,
        lang=lang,
        stages=stages,
        status_text=status_text,
        next_text=next_text,
        timeline=await _timeline(engine, case, events, lang),
    )
