"""The agent's pages: the inbox, the case view and the actions on a case.

- ``GET /staff/tasks``: the inbox, with the tabs *My tasks*, *Queue* and (supervisors, admins)
  *All*, filters by queue, state and text, sorting by priority or due time, and an SLA
  countdown per task. ``/static/staff.js`` refreshes the list every 15 seconds; without
  JavaScript the page works the same, reloaded by hand.
- ``GET /staff/cases/{case_id}``: the internal case file (every event, the AI's proposals, the
  input, the open requests and tasks, suggested replies from :mod:`inloop.web.staff_replies`)
  with a form per action.
- ``POST /staff/tasks/{task_id}/{claim|release|reassign|complete}`` and
  ``POST /staff/cases/{case_id}/{notes|corrections|requests/{request_id}/answer}``: each checks
  the origin and the CSRF token, then :class:`~inloop.humans.casework.CaseWork` (which asks
  :func:`~inloop.humans.accounts.authorize` and audits). Validation comes first: a refused post
  changes nothing, and the page says why in plain words, showing the case as it is now.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from inloop import codec
from inloop.ai.labels import label_text
from inloop.channels.forms import answer_from_form, fields_for
from inloop.channels.i18n import format_time, gettext_for
from inloop.channels.messages import friendly
from inloop.engine.waits import BUILTIN_ANSWERS
from inloop.errors import (
    AccessDenied,
    AnswerInvalid,
    CaseNotFound,
    InloopError,
    OutcomeInvalid,
    RequestClosed,
    RequestNotFound,
    TaskClaimed,
    TaskClosed,
    TaskNotClaimed,
    TaskNotFound,
)
from inloop.humans.accounts import Action, Resource, authorize
from inloop.humans.casework import (
    INBOX_LIMIT,
    MAX_NOTE,
    SORTS,
    STATES,
    AiProposal,
    CaseFile,
    CaseWork,
)
from inloop.records import (
    EventRecord,
    RequestKind,
    RequestRecord,
    RequestStatus,
    TaskClaim,
    TaskStatus,
    UserRecord,
)
from inloop.web.security import secure_headers
from inloop.web.staff_case_actions import case_header
from inloop.web.staff_replies import case_replies

if TYPE_CHECKING:
    from inloop.web.staff import StaffPages


REPLY_FIELD = "reply"
"""A task outcome's field that holds the answer for the customer: the suggested replies'
"Use this text" fills it."""


def N_(message: str) -> str:
    return message


_EVENT_TITLES = {
    "case.created": N_("Case created"),
    "case.stage_changed": N_("Stage changed"),
    "case.completed": N_("Case completed"),
    "case.failed": N_("Case failed"),
    "case.cancelled": N_("Case cancelled"),
    "case.retried": N_("Case retried"),
    "step.completed": N_("Step completed"),
    "step.failed": N_("Step failed"),
    "notification.queued": N_("Notification to the customer"),
    "request.sent": N_("Request sent to the customer"),
    "request.answered": N_("Request answered"),
    "request.answer_rejected": N_("Answer rejected"),
    "request.escalated": N_("Request escalated"),
    "request.reminded": N_("Customer reminded"),
    "request.expired": N_("Request expired"),
    "task.created": N_("Task created"),
    "task.claimed": N_("Task claimed"),
    "task.released": N_("Task released"),
    "task.reassigned": N_("Task reassigned"),
    "task.completed": N_("Task completed"),
    "note.added": N_("Internal note"),
    "ai.corrected": N_("AI corrected"),
    "message.sent": N_("Message sent"),
    "message.failed": N_("Message failed"),
    "message.received": N_("Message from the customer"),
    "task.waiting_on_customer": N_("Question sent to the customer"),
    "case.taken_over": N_("Taken over from automation"),
    "case.handed_back": N_("Handed back to automation"),
    "ai.classified": N_("Request classified"),
    "ai.routed": N_("Route decided"),
    "ai.intent_confirmed": N_("Intent settled"),
    "ai.extracted": N_("Fields extracted"),
    "ai.questions_prepared": N_("Questions prepared"),
    "ai.reply_suggested": N_("Replies suggested"),
}


def sla_text(due_at: datetime | None, now: datetime, lang: str) -> tuple[str, str]:
    """The SLA countdown of a task and its tone (``none``, ``ok``, ``soon``, ``overdue``):
    "due in 1 h 20 min", "overdue by 5 min", "no SLA"."""
    if due_at is None:
        return gettext_for(lang, N_("no SLA")), "none"
    left = due_at - now
    span = _span(abs(left), lang)
    if left < timedelta(0):
        return gettext_for(lang, N_("overdue by {span}"), span=span), "overdue"
    tone = "soon" if left <= timedelta(hours=1) else "ok"
    return gettext_for(lang, N_("due in {span}"), span=span), tone


def _span(delta: timedelta, lang: str) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(gettext_for(lang, N_("{n} d"), n=days))
    if hours:
        parts.append(gettext_for(lang, N_("{n} h"), n=hours))
    if mins or not parts:
        parts.append(gettext_for(lang, N_("{n} min"), n=mins))
    return " ".join(parts[:2])


def request_schema(kind: RequestKind, spec: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON Schema of the answer to a request of ``kind`` (for the form)."""
    if kind is RequestKind.ASK:
        return dict(spec.get("schema") or {})
    schema = BUILTIN_ANSWERS[kind].model_json_schema()
    if kind is RequestKind.CHOOSE:
        options = [str(o.get("value")) for o in spec.get("options", []) if isinstance(o, dict)]
        schema["properties"]["selected"] = {
            "type": "array",
            "title": "Selected",
            "items": {"type": "string", "enum": options},
        }
    return schema


def outcome_schema(spec: Mapping[str, Any]) -> dict[str, Any] | None:
    """The JSON Schema of a task's outcome, ``None`` when the task takes none."""
    if "request_kind" in spec:
        return request_schema(RequestKind(spec["request_kind"]), spec.get("request_spec") or {})
    schema = spec.get("schema")
    return dict(schema) if isinstance(schema, dict) else None


def _text(form: Mapping[str, list[str]], key: str) -> str:
    values = form.get(key) or [""]
    return values[-1]


def _show(value: Any, label: Callable[[str], str] | None = None) -> str:
    """A value as the staff pages show it; ``label``: an intent's label in the page's
    language (else the label stored with the value, in the customer's)."""
    if isinstance(value, str):
        return value
    if value is None:
        return "—"
    if _scored_intents(value):  # the model's top intents, as an agent reads them
        shown = []
        for s in value:
            text = label(s["intent"]) if label else s.get("label")
            shown.append(f"{s['intent']} {s['score']:.2f}" + (f" ({text})" if text else ""))
        return "; ".join(shown)
    return codec.dumps(value)


def _scored_intents(value: Any) -> bool:
    """A list of ``{"intent", "score", "label"?}`` (a task's ``predicted``, an event's
    ``scores``)."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(
            isinstance(s, dict)
            and set(s) <= {"intent", "score", "label"}
            and isinstance(s.get("intent"), str)
            and isinstance(s.get("score"), int | float)
            and not isinstance(s.get("score"), bool)
            for s in value
        )
    )


def _intent_label(name: str, value: Any, label: Callable[[str], str]) -> str | None:
    """The label of ``value`` when the field ``name`` is the intent."""
    return label(value) if name == "intent" and isinstance(value, str) else None


def _proposal_view(p: AiProposal, label: Callable[[str], str]) -> dict[str, Any]:
    """What the case view shows of an AI proposal: each value as text, an intent with its
    label (``label``: in the page's language), each extracted field with its own confidence."""
    items = [
        {
            "name": k,
            "value": _show(v, label),
            "label": _intent_label(k, v, label),
            "confidence": p.field_confidences.get(k),
        }
        for k, v in p.values.items()
    ]
    return {
        "step": p.step,
        "items": items,
        "confidence": p.confidence,
        "per_field": bool(p.field_confidences),
        "model_version": p.model_version,
    }


class StaffDesk:
    def __init__(self, pages: StaffPages) -> None:
        self.pages = pages
        self.engine = pages.engine
        self.work = CaseWork(pages.engine)

    # -- the inbox --------------------------------------------------------------------------

    async def inbox(self, request: Request) -> Response:
        current = await self.pages.signed_in(request)
        if isinstance(current, Response):
            return current
        user, hashed = current
        lang = self.pages.lang_for(request)
        q = request.query_params
        see_all = authorize(user, Action.QUEUE_VIEW_ALL)
        tab = q.get("tab") or "mine"
        if tab not in ("mine", "queue", "all") or (tab == "all" and not see_all):
            return self.pages.error(
                lang, 403, gettext_for(lang, N_("Only supervisors and admins see every queue."))
            )
        state = q.get("status") or None
        state = state if state in STATES else None
        sort = q.get("sort") if q.get("sort") in SORTS else "priority"
        queue = (q.get("queue") or "").strip()[:200] or None
        search = (q.get("q") or "").strip()[:200]
        tasks = await self.work.inbox(
            user, tab=tab, queue=queue, state=state, search=search, sort=sort or "priority"
        )
        # what waits unclaimed in the user's queues: counted on the Queue tab, and named when
        # "My tasks" is empty (a new agent's first view)
        count = len(await self.work.inbox(user, tab="queue", state="open"))
        waiting = f"{count}+" if count >= INBOX_LIMIT else str(count) if count else ""
        now = self.engine.clock.now()
        names = await self.work.names({t.assignee for t in tasks if t.assignee})
        rows = []
        for t in tasks:
            sla, tone = sla_text(t.due_at, now, lang)
            holder = t.holder_at(now)
            rows.append(
                {
                    "claim": t,
                    "sla": sla,
                    "tone": tone,
                    "holder": names.get(holder) if holder else None,
                    "due": format_time(t.due_at, lang, self.engine.settings.timezone)
                    if t.due_at
                    else None,
                    "done": t.task.status is not TaskStatus.OPEN,
                }
            )
        queues = sorted(user.queues)
        if see_all:
            seen = await self.engine.store.task_desk.find(now=now, limit=500)
            queues = sorted(set(queues) | {t.task.queue for t in seen})
        filters = {"queue": queue or "", "status": state or "", "q": search, "sort": sort}

        def link(**changes: str) -> str:
            params = {**filters, "tab": tab, **changes}
            if lang != "en":
                params["lang"] = lang
            return "/staff/tasks?" + urlencode({k: v for k, v in params.items() if v})

        return self.pages.page(
            "staff/inbox.html",
            lang,
            user=user,
            tab=tab,
            see_all=see_all,
            waiting=waiting,
            rows=rows,
            queues=queues,
            filters=filters,
            link=link,
            admin=authorize(user, Action.USERS_MANAGE),
            logout_csrf=(await self.pages.csrf()).csrf_token(hashed, "staff-logout"),
        )

    # -- the case view ----------------------------------------------------------------------

    async def case_page(self, request: Request) -> Response:
        current = await self.pages.signed_in(request)
        if isinstance(current, Response):
            return current
        user, hashed = current
        notice = {
            "claimed": N_("You hold this task now."),
            "released": N_("The task is back in its queue."),
            "reassigned": N_("The task was given to someone else."),
            "completed": N_("The task is done; the process continues with your outcome."),
            "answered": N_("The answer was recorded on the customer's behalf."),
            "noted": N_("Your note was added."),
            "corrected": N_("Your correction was recorded."),
            "asked": N_("Your question was sent to the customer."),
            "taken_over": N_("You have taken this case over: automation is paused."),
            "handed_back": N_("The case is back with automation."),
        }.get(request.query_params.get("done") or "")
        lang = self.pages.lang_for(request)
        return await self.render_case(
            request,
            user,
            hashed,
            request.path_params["case_id"],
            notice=gettext_for(lang, notice) if notice else None,
        )

    async def render_case(
        self,
        request: Request,
        user: UserRecord,
        hashed: str,
        case_id: str,
        *,
        status: int = 200,
        problem: str | None = None,
        notice: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        form_for: str | None = None,
        values: Any = None,
        note: str = "",
    ) -> Response:
        lang = self.pages.lang_for(request)
        try:
            file = await self.work.open_case(user, case_id)
        except CaseNotFound:
            return self.pages.error(lang, 404, gettext_for(lang, N_("There is no such case.")))
        except AccessDenied as exc:
            return self.pages.error(lang, 403, self._denied(exc, lang))
        now = self.engine.clock.now()
        label = self._labeller(lang)
        errors = errors or []
        by_field = {e["field"]: e["message"] for e in errors}
        staff = await self.engine.store.users.list_users()
        tasks = []
        # "Use this text" fills the first task the user may complete: its outcome's "reply"
        # field where it has one (the process sends that to the customer), else its message
        # form
        reply_target: str | None = None
        for t in file.open_tasks:
            holder = t.holder_at(now)
            sla, tone = sla_text(t.due_at, now, lang)
            schema = outcome_schema(t.task.spec)
            mine = form_for == t.task.id
            asking = form_for == f"ask-{t.task.id}"
            may_complete = holder == user.id or authorize(
                user, Action.TASK_REASSIGN, Resource(queue=t.task.queue)
            )
            outcome_fields = fields_for(
                schema or {},
                lang=lang,
                values=values if mine and isinstance(values, dict) else None,
                errors=by_field if mine else None,
            )
            if may_complete and reply_target is None:
                reply_target = next(
                    (f.dom_id for f in outcome_fields if f.name == REPLY_FIELD),
                    f"f-ask-{t.task.id}",
                )
            tasks.append(
                {
                    "claim": t,
                    "holder": file.names.get(holder, holder) if holder else None,
                    "held_by_me": holder == user.id,
                    "sla": sla,
                    "tone": tone,
                    "may_work": authorize(user, Action.TASK_WORK, Resource(queue=t.task.queue)),
                    "may_reassign": authorize(
                        user, Action.TASK_REASSIGN, Resource(queue=t.task.queue)
                    ),
                    "may_complete": may_complete,
                    "candidates": [
                        u
                        for u in staff
                        if u.id != holder
                        and authorize(u, Action.TASK_WORK, Resource(queue=t.task.queue))
                    ],
                    "fields": outcome_fields,
                    "context": {
                        str(k): _show(v, label)
                        for k, v in (t.task.spec.get("context") or {}).items()
                    },
                    "ask_value": (values or {}).get("message", "") if asking else "",
                    "ask_error": by_field.get("message") if asking else None,
                }
            )
        requests = []
        for r in file.open_requests:
            mine = form_for == r.id
            requests.append(
                {
                    "request": r,
                    "prompt": r.spec.get("prompt"),
                    "fields": fields_for(
                        request_schema(r.kind, r.spec),
                        lang=lang,
                        values=values if mine and isinstance(values, dict) else None,
                        prefill=r.spec.get("prefill") if r.kind is RequestKind.ASK else None,
                        errors=by_field if mine else None,
                    ),
                }
            )
        may_act = authorize(user, Action.NOTE_ADD, Resource(queues=frozenset(self._queues(file))))
        shown = {p.position: _proposal_view(p, label) for p in file.proposals}

        return self.pages.page(
            "staff/case.html",
            lang,
            status=status,
            user=user,
            file=file,
            case=file.case,
            tasks=tasks,
            requests=requests,
            timeline=[self._entry(e, file, lang, shown, label) for e in file.events],
            proposals=list(shown.values()),
            current=[
                (k, _show(v, label), _intent_label(k, v, label)) for k, v in file.current.items()
            ],
            correctable=self.work.correctable(file),
            input_items=self._items(file.case.input),
            problem=problem,
            notice=notice,
            errors=errors,
            may_act=may_act,
            note=note,
            max_note=MAX_NOTE,
            csrf=await self.pages.action_csrf(hashed),
            logout_csrf=(await self.pages.csrf()).csrf_token(hashed, "staff-logout"),
            admin=authorize(user, Action.USERS_MANAGE),
            replies=await case_replies(self.engine, file),
            reply_target=reply_target,
            **case_header(self, file, user, lang),
        )

    @staticmethod
    def _queues(file: CaseFile) -> set[str]:
        return {t.task.queue for t in file.tasks}

    @staticmethod
    def _items(value: Any) -> list[tuple[str, str]]:
        if isinstance(value, dict):
            return [(str(k), _show(v)) for k, v in value.items()]
        if value in (None, "", [], {}):
            return []
        return [("input", _show(value))]

    def _labeller(self, lang: str) -> Callable[[str], str]:
        """An intent's label in the staff page's language (the app's AI labels first, then
        the shipped ones), whatever language the customer wrote in."""
        ai = self.engine.app.ai
        labels = getattr(ai, "labels", None)
        return lambda intent: label_text(intent, lang, labels)

    def _entry(
        self,
        event: EventRecord,
        file: CaseFile,
        lang: str,
        proposals: Mapping[int, dict[str, Any]],
        label: Callable[[str], str],
    ) -> dict[str, Any]:
        """One event of the timeline; ``proposals``: the shown AI proposals by position;
        ``label``: an intent's label in the page's language."""
        actor = event.actor
        if actor.startswith("agent:"):
            actor = file.names.get(actor.split(":", 1)[1], actor)
        elif actor in ("customer", "system", "ai"):
            actor = gettext_for(
                lang, {"customer": N_("customer"), "system": N_("system")}.get(actor, N_("AI"))
            )
        title = _EVENT_TITLES.get(event.type)
        text = gettext_for(lang, title) if title else event.type
        if event.type == "request.answered" and event.actor.startswith("agent:"):
            text = gettext_for(lang, N_("Answered on the customer's behalf"))
        payload = dict(event.payload)
        proposal = None
        if event.type == "step.completed":
            position = payload.get("position")
            proposal = proposals.get(position) if isinstance(position, int) else None
            if proposal is not None:
                text = gettext_for(lang, N_("AI proposal"))
        for key in ("assignee", "previous"):
            if isinstance(payload.get(key), str):
                payload[key] = file.names.get(payload[key], payload[key])
        if event.type in ("note.added", "ai.corrected"):
            payload.pop("by", None)
        return {
            "event": event,
            "title": text,
            "actor": actor,
            "note": payload.pop("text", None) if event.type == "note.added" else None,
            "details": [(k, _show(v, label)) for k, v in payload.items()],
            "proposal": proposal,
        }

    # -- messages ---------------------------------------------------------------------------

    @staticmethod
    def _denied(exc: AccessDenied, lang: str) -> str:
        queues = exc.data.get("queues")
        if exc.data.get("case_id") is not None and queues:
            return gettext_for(
                lang,
                N_(
                    "This case belongs to the queue {queues}. You are not a member of it, so "
                    "you cannot open it."
                ),
                queues=", ".join(queues),
            )
        if exc.data.get("case_id") is not None:
            return gettext_for(
                lang, N_("This case has no agent task, so only supervisors and admins open it.")
            )
        if exc.data.get("action") == str(Action.TASK_REASSIGN):
            return gettext_for(lang, N_("Only supervisors and admins may reassign tasks."))
        if exc.data.get("user_id"):
            return gettext_for(lang, N_("That person does not work in this task's queue."))
        if exc.data.get("queue"):
            return gettext_for(
                lang,
                N_("You are not a member of the queue {queue}, so you cannot do this."),
                queue=str(exc.data["queue"]),
            )
        return gettext_for(lang, "You are not allowed to do this.")

    async def _refused(
        self,
        request: Request,
        user: UserRecord,
        hashed: str,
        case_id: str,
        exc: InloopError,
        lang: str,
    ) -> Response:
        """The case page as it is now, with why the action was refused."""
        status, message = await self._explain(exc, lang)
        return await self.render_case(
            request, user, hashed, case_id, status=status, problem=message
        )

    async def _explain(self, exc: InloopError, lang: str) -> tuple[int, str]:
        """Status and plain words for a refused action."""
        if isinstance(exc, AccessDenied):
            return 403, self._denied(exc, lang)
        if isinstance(exc, TaskClaimed):
            return 409, gettext_for(
                lang,
                N_("{name} is working on this task right now, so you cannot do this."),
                name=str(exc.data.get("assignee_name") or exc.data.get("assignee")),
            )
        if isinstance(exc, TaskNotClaimed):
            return 409, gettext_for(
                lang, N_("You do not hold this task (any more). Claim it first.")
            )
        if isinstance(exc, TaskClosed):
            by = str(exc.data.get("completed_by") or "")
            if exc.data.get("status") == TaskStatus.CANCELLED.value:
                return 409, gettext_for(lang, N_("This task was cancelled with its case."))
            if by.startswith("agent:"):
                who = (await self.work.names({by.split(":", 1)[1]})).get(by.split(":", 1)[1])
                return 409, gettext_for(
                    lang, N_("{name} has already completed this task."), name=str(who)
                )
            return 409, gettext_for(lang, N_("This task has already been completed."))
        if isinstance(exc, RequestClosed):
            return 409, await self._closed_request(str(exc.data.get("request_id")), lang)
        if isinstance(exc, TaskNotFound | RequestNotFound | CaseNotFound):
            return 404, gettext_for(lang, N_("This no longer exists."))
        return 409, exc.message

    async def _closed_request(self, request_id: str, lang: str) -> str:
        req: RequestRecord | None = await self.engine.store.get_request(request_id)
        if req is not None and req.status is RequestStatus.ANSWERED:
            if req.answered_by == "customer":
                return gettext_for(
                    lang, N_("The customer answered first; their answer is shown below.")
                )
            if req.answered_by and req.answered_by.startswith("agent:"):
                uid = req.answered_by.split(":", 1)[1]
                return gettext_for(
                    lang,
                    N_("{name} has already answered on the customer's behalf."),
                    name=(await self.work.names({uid}))[uid],
                )
        if req is not None and req.status is RequestStatus.EXPIRED:
            return gettext_for(lang, N_("The time to answer this request ran out."))
        return gettext_for(lang, N_("This request is no longer open."))

    def _field_errors(
        self, errors: list[dict[str, Any]], schema: Mapping[str, Any], lang: str
    ) -> list[dict[str, Any]]:
        labels: dict[str, tuple[str, str | None]] = {}
        stack = fields_for(schema, lang=lang)
        while stack:
            f = stack.pop()
            labels[f.name] = (f.label, f.hint)
            stack.extend(f.children)
        out = []
        for e in errors:
            label, hint = labels.get(e.get("field", ""), (None, None))
            out.append({**e, "label": label, "message": friendly(e, lang, hint)})
        return out

    # -- actions ----------------------------------------------------------------------------

    async def _begin(
        self, request: Request
    ) -> tuple[UserRecord, str, dict[str, list[str]]] | Response:
        current = await self.pages.signed_in(request)
        if isinstance(current, Response):
            return current
        user, hashed = current
        form = await self.pages.read_form(request, hashed)
        if isinstance(form, Response):
            return form
        return user, hashed, form

    async def _task(self, request: Request, lang: str) -> TaskClaim | Response:
        """The task named in the path, or the page saying there is no such task."""
        found = await self.engine.store.task_desk.get(request.path_params["task_id"])
        if found is None:
            return self.pages.error(lang, 404, gettext_for(lang, N_("There is no such task.")))
        return found

    def _done(self, request: Request, case_id: str, what: str) -> Response:
        lang = self.pages.lang_for(request)
        query = {"done": what, **({"lang": lang} if lang != "en" else {})}
        return secure_headers(
            RedirectResponse(f"/staff/cases/{case_id}?{urlencode(query)}", status_code=303)
        )

    async def claim(self, request: Request) -> Response:
        return await self._task_action(request, "claim")

    async def release(self, request: Request) -> Response:
        return await self._task_action(request, "release")

    async def reassign(self, request: Request) -> Response:
        return await self._task_action(request, "reassign")

    async def complete(self, request: Request) -> Response:
        return await self._task_action(request, "complete")

    async def _task_action(self, request: Request, action: str) -> Response:
        begun = await self._begin(request)
        if isinstance(begun, Response):
            return begun
        user, hashed, form = begun
        lang = self.pages.lang_for(request)
        found = await self._task(request, lang)
        if isinstance(found, Response):
            return found
        task_id, case_id = found.task.id, found.task.case_id
        values: Any = None
        try:
            if action == "claim":
                await self.work.claim(user, task_id)
                return self._done(request, case_id, "claimed")
            if action == "release":
                await self.work.release(user, task_id)
                return self._done(request, case_id, "released")
            if action == "reassign":
                to = await self.engine.store.users.get(_text(form, "user_id"))
                if to is None or to.disabled_at is not None:
                    return await self.render_case(
                        request,
                        user,
                        hashed,
                        case_id,
                        status=422,
                        problem=gettext_for(lang, N_("Please choose who gets the task.")),
                    )
                await self.work.reassign(user, task_id, to)
                return self._done(request, case_id, "reassigned")
            schema = outcome_schema(found.task.spec)
            values = answer_from_form(schema, form) if schema is not None else None
            await self.work.complete(user, task_id, values)
            return self._done(request, case_id, "completed")
        except (OutcomeInvalid, AnswerInvalid) as exc:
            errors = self._field_errors(
                exc.data.get("errors", []), outcome_schema(found.task.spec) or {}, lang
            )
            return await self.render_case(
                request,
                user,
                hashed,
                case_id,
                status=422,
                problem=gettext_for(lang, N_("The outcome is not complete yet; nothing changed.")),
                errors=errors,
                form_for=task_id,
                values=values,
            )
        except InloopError as exc:
            return await self._refused(request, user, hashed, case_id, exc, lang)

    async def answer(self, request: Request) -> Response:
        begun = await self._begin(request)
        if isinstance(begun, Response):
            return begun
        user, hashed, form = begun
        lang = self.pages.lang_for(request)
        case_id = request.path_params["case_id"]
        request_id = request.path_params["request_id"]
        req = await self.engine.store.get_request(request_id)
        if req is None or req.case_id != case_id:
            return self.pages.error(
                lang, 404, gettext_for(lang, N_("There is no such request in this case."))
            )
        schema = request_schema(req.kind, req.spec)
        data = answer_from_form(schema, form)
        try:
            await self.work.answer_for_customer(user, case_id, request_id, data)
        except AnswerInvalid as exc:
            return await self.render_case(
                request,
                user,
                hashed,
                case_id,
                status=422,
                problem=gettext_for(lang, N_("The answer is not complete yet; nothing changed.")),
                errors=self._field_errors(exc.data.get("errors", []), schema, lang),
                form_for=request_id,
                values=data,
            )
        except InloopError as exc:
            return await self._refused(request, user, hashed, case_id, exc, lang)
        return self._done(request, case_id, "answered")

    async def note(self, request: Request) -> Response:
        begun = await self._begin(request)
        if isinstance(begun, Response):
            return begun
        user, hashed, form = begun
        lang = self.pages.lang_for(request)
        case_id = request.path_params["case_id"]
        text = _text(form, "text").strip()
        if not 1 <= len(text) <= MAX_NOTE:
            message = gettext_for(
                lang, N_("Please write a note of 1 to {n} characters."), n=f"{MAX_NOTE:,}"
            )
            return await self.render_case(
                request,
                user,
                hashed,
                case_id,
                status=422,
                problem=message,
                errors=[{"field": "note", "message": message, "label": None}],
                note=text[: MAX_NOTE * 2],
            )
        try:
            await self.work.add_note(user, case_id, text)
        except InloopError as exc:
            return await self._refused(request, user, hashed, case_id, exc, lang)
        return self._done(request, case_id, "noted")

    async def correct(self, request: Request) -> Response:
        begun = await self._begin(request)
        if isinstance(begun, Response):
            return begun
        user, hashed, form = begun
        lang = self.pages.lang_for(request)
        case_id = request.path_params["case_id"]
        try:
            await self.work.correct(user, case_id, _text(form, "field"), _text(form, "value"))
        except ValueError:
            message = gettext_for(
                lang,
                N_("Please choose a field and give a new value that differs from the current one."),
            )
            return await self.render_case(
                request,
                user,
                hashed,
                case_id,
                status=422,
                problem=message,
                errors=[{"field": "correction", "message": message, "label": None}],
            )
        except InloopError as exc:
            return await self._refused(request, user, hashed, case_id, exc, lang)
        return self._done(request, case_id, "corrected")

    def routes(self) -> list[Route]:
        return [
            Route("/staff/tasks", self.inbox, methods=["GET"]),
            Route("/staff/cases/{case_id}", self.case_page, methods=["GET"]),
            Route("/staff/tasks/{task_id}/claim", self.claim, methods=["POST"]),
            Route("/staff/tasks/{task_id}/release", self.release, methods=["POST"]),
            Route("/staff/tasks/{task_id}/reassign", self.reassign, methods=["POST"]),
            Route("/staff/tasks/{task_id}/complete", self.complete, methods=["POST"]),
            Route("/staff/cases/{case_id}/notes", self.note, methods=["POST"]),
            Route("/staff/cases/{case_id}/corrections", self.correct, methods=["POST"]),
            Route(
                "/staff/cases/{case_id}/requests/{request_id}/answer",
                self.answer,
                methods=["POST"],
            ),
        ]
