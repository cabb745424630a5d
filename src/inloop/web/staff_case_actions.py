"""More of the agent's actions on a case: the task deep link, a new question to the customer,
and taking a case over from automation and handing it back.

- ``GET /staff/tasks/{task_id}``: the link in agent mails. Allowed like the case view; answers
  ``303`` to ``/staff/cases/{case_id}#task-{task_id}``, or a page that says the task does not
  exist (``404``).
- ``POST /staff/tasks/{task_id}/messages``: sends the customer a new question about the task
  (:meth:`~inloop.humans.casework.CaseWork.ask_customer`); the customer sees it on the portal
  timeline and replies there or by mail.
- ``POST /staff/cases/{case_id}/take-over`` and ``.../hand-back``: pause the case's automation
  for the user and resume it (:mod:`inloop.engine.takeover`).

Every post checks the origin and the CSRF token first, then who is asking, then the input: a
refused post changes nothing and the case view says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from inloop.channels.i18n import format_time, gettext_for, pick
from inloop.errors import (
    AccessDenied,
    CaseClosed,
    CaseNotFound,
    CaseNotTakenOver,
    CaseTakenOver,
    InloopError,
    TaskNotClaimed,
)
from inloop.humans.accounts import Action, Resource, authorize
from inloop.humans.casework import MAX_MESSAGE, CaseFile
from inloop.records import CaseStatus, TaskStatus, UserRecord
from inloop.web.security import secure_headers

if TYPE_CHECKING:
    from inloop.web.staff_desk import StaffDesk


def N_(message: str) -> str:
    return message


STATUS_WORDS = {
    CaseStatus.RUNNING: N_("In progress"),
    CaseStatus.WAITING_CUSTOMER: N_("Waiting for the customer"),
    CaseStatus.WAITING_AGENT: N_("Waiting for an agent"),
    CaseStatus.WAITING_TIMER: N_("Waiting for a set time"),
    CaseStatus.COMPLETED: N_("Completed"),
    CaseStatus.FAILED: N_("Failed"),
    CaseStatus.CANCELLED: N_("Cancelled"),
}
"""The case status in words for staff (the raw value stays in the API and the events)."""


def case_header(desk: StaffDesk, file: CaseFile, user: UserRecord, lang: str) -> dict[str, Any]:
    """What the top of the case view shows: a title, the status and stage in words, and whether
    automation is paused (and who may take over or hand back)."""
    engine = desk.engine
    case = file.case
    try:
        proc = engine.app.get(case.process, case.version)
        stage = pick(proc.stage_labels.get(case.stage or ""), lang) or case.stage
    except InloopError:
        stage = case.stage
    who = case.customer.name or case.customer.email
    title = (
        gettext_for(lang, N_("Case of {customer}"), customer=who)
        if who
        else gettext_for(lang, N_("Case {id}"), id=case.id)
    )
    queues = frozenset(t.task.queue for t in file.tasks)
    supervisor = authorize(user, Action.TASK_REASSIGN, Resource(queues=queues))
    now = engine.clock.now()
    holds = any(t.task.status is TaskStatus.OPEN and t.held_by(user.id, now) for t in file.tasks)
    paused = None
    if case.paused_by is not None:
        name = file.names.get(case.paused_by, case.paused_by)
        paused = gettext_for(
            lang,
            N_("Automation paused by {name} since {time}"),
            name=name,
            time=format_time(case.paused_at, lang, engine.settings.timezone)
            if case.paused_at
            else "—",
        )
    return {
        "title": title,
        "status_word": gettext_for(lang, STATUS_WORDS[case.status]),
        "stage_word": stage or "—",
        "paused": paused,
        "may_take_over": paused is None and not case.status.terminal and (supervisor or holds),
        "may_hand_back": paused is not None and (case.paused_by == user.id or supervisor),
        "max_message": MAX_MESSAGE,
    }


class CaseActions:
    def __init__(self, desk: StaffDesk) -> None:
        self.desk = desk
        self.pages = desk.pages
        self.engine = desk.engine
        self.work = desk.work

    def _lang_query(self, request: Request) -> str:
        lang = self.pages.lang_for(request)
        return "?" + urlencode({"lang": lang}) if lang != "en" else ""

    # -- the deep link ----------------------------------------------------------------------

    async def task_link(self, request: Request) -> Response:
        current = await self.pages.signed_in(request)
        if isinstance(current, Response):
            return current
        user, _hashed = current
        lang = self.pages.lang_for(request)
        task_id = request.path_params["task_id"]
        found = await self.engine.store.task_desk.get(task_id)
        if found is None:
            return self.pages.error(
                lang,
                404,
                gettext_for(
                    lang,
                    N_(
                        "There is no task {id}. The link may be incomplete; the inbox lists "
                        "the tasks you can work on."
                    ),
                    id=task_id[:100],
                ),
            )
        case_id = found.task.case_id
        try:
            await self.work.check_case(user, Action.CASE_VIEW, case_id)
        except AccessDenied as exc:
            return self.pages.error(lang, 403, self.desk._denied(exc, lang))
        except CaseNotFound:  # pragma: no cover - tasks never outlive their case
            return self.pages.error(lang, 404, gettext_for(lang, N_("There is no such case.")))
        target = f"/staff/cases/{case_id}{self._lang_query(request)}#task-{task_id}"
        return secure_headers(RedirectResponse(target, status_code=303))

    # -- a new question to the customer -----------------------------------------------------

    async def ask(self, request: Request) -> Response:
        begun = await self.desk._begin(request)
        if isinstance(begun, Response):
            return begun
        user, hashed, form = begun
        lang = self.pages.lang_for(request)
        found = await self.desk._task(request, lang)
        if isinstance(found, Response):
            return found
        task_id, case_id = found.task.id, found.task.case_id
        if not authorize(user, Action.TASK_WORK, Resource(queue=found.task.queue)):
            exc = AccessDenied("not a member", action=str(Action.TASK_WORK), queue=found.task.queue)
            return self.pages.error(lang, 403, self.desk._denied(exc, lang))
        text = (form.get("message") or [""])[-1].strip()
        if not 1 <= len(text) <= MAX_MESSAGE:
            message = gettext_for(
                lang,
                N_("Please write a message of 1 to {n} characters."),
                n=f"{MAX_MESSAGE:,}",
            )
            return await self.desk.render_case(
                request,
                user,
                hashed,
                case_id,
                status=422,
                problem=message,
                errors=[{"field": "message", "message": message, "label": None}],
                form_for=f"ask-{task_id}",
                values={"message": text[: MAX_MESSAGE * 2]},
            )
        try:
            await self.work.ask_customer(user, task_id, text)
        except InloopError as exc:
            return await self.desk._refused(request, user, hashed, case_id, exc, lang)
        return self.desk._done(request, case_id, "asked")

    # -- taking over and handing back -------------------------------------------------------

    async def take_over(self, request: Request) -> Response:
        return await self._pause_action(request, "take_over")

    async def hand_back(self, request: Request) -> Response:
        return await self._pause_action(request, "hand_back")

    async def _pause_action(self, request: Request, action: str) -> Response:
        begun = await self.desk._begin(request)
        if isinstance(begun, Response):
            return begun
        user, hashed, _form = begun
        lang = self.pages.lang_for(request)
        case_id = request.path_params["case_id"]
        try:
            if action == "take_over":
                await self.work.take_over(user, case_id)
                return self.desk._done(request, case_id, "taken_over")
            await self.work.hand_back(user, case_id)
            return self.desk._done(request, case_id, "handed_back")
        except CaseNotFound:
            return self.pages.error(lang, 404, gettext_for(lang, N_("There is no such case.")))
        except InloopError as exc:
            status, problem = await self._explain(exc, lang)
            return await self.desk.render_case(
                request, user, hashed, case_id, status=status, problem=problem
            )

    async def _explain(self, exc: InloopError, lang: str) -> tuple[int, str]:
        if isinstance(exc, CaseTakenOver):
            holder = str(exc.data.get("paused_by") or "")
            name = (await self.work.names({holder})).get(holder, holder) if holder else "—"
            return 409, gettext_for(
                lang,
                N_(
                    "{name} has taken this case over. Only they or a supervisor can hand it "
                    "back to automation."
                ),
                name=name,
            )
        if isinstance(exc, CaseNotTakenOver):
            return 409, gettext_for(
                lang, N_("Automation is running for this case; there is nothing to hand back.")
            )
        if isinstance(exc, TaskNotClaimed):
            return 409, gettext_for(
                lang,
                N_(
                    "Claim a task of this case first: only the agent working on it, or a "
                    "supervisor, can take the case over."
                ),
            )
        if isinstance(exc, CaseClosed):
            return 409, gettext_for(lang, N_("This case has ended; there is nothing to take over."))
        return await self.desk._explain(exc, lang)

    def routes(self) -> list[Route]:
        return [
            Route("/staff/tasks/{task_id}", self.task_link, methods=["GET"]),
            Route("/staff/tasks/{task_id}/messages", self.ask, methods=["POST"]),
            Route("/staff/cases/{case_id}/take-over", self.take_over, methods=["POST"]),
            Route("/staff/cases/{case_id}/hand-back", self.hand_back, methods=["POST"]),
        ]
