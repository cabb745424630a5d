"""Agents working a case: the inbox, the internal case file, and every action on it, each asked
of :func:`inloop.humans.accounts.authorize` and written to the audit log.

- :meth:`CaseWork.inbox` lists tasks for the tabs of the inbox: the user's own tasks, the tasks
  of their queues, and (supervisors and admins) every task.
- :meth:`CaseWork.open_case` gives the internal case file (case, tasks, requests, every event,
  the AI's proposals from the journal, corrections) to staff of a queue of one of the case's
  tasks; opening a case with personal data is audited (``case.viewed``).
- Claims, releases, reassignments, completions and answers in the customer's place go through
  :class:`~inloop.humans.tasks.TaskDesk` and are audited here once they succeeded; an answer or
  a completion that lost a race is audited too, as refused (:mod:`inloop.humans.races`).
- :meth:`CaseWork.ask_customer` sends the customer a new question from a task;
  :meth:`CaseWork.take_over` pauses the case's automation for the user (they must hold a live
  claim on one of its open tasks, or be a supervisor or admin) and :meth:`CaseWork.hand_back`
  resumes it (the person who took it over, a supervisor or an admin); see
  :mod:`inloop.engine.takeover`.
- :meth:`CaseWork.add_note` writes an internal note (event ``note.added``, never shown to the
  customer); :meth:`CaseWork.correct` records a correction of the AI (event ``ai.corrected``
  with the value before and after), which AI Ops use as a label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from inloop import codec
from inloop.engine import takeover
from inloop.engine.engine import AnswerReceipt, Engine
from inloop.errors import (
    AccessDenied,
    CaseNotFound,
    CaseTakenOver,
    RequestClosed,
    RequestNotFound,
    TaskClosed,
    TaskNotClaimed,
)
from inloop.humans.accounts import Action, Resource, authorize
from inloop.humans.audit import Audit, AuditAction
from inloop.humans.races import answer_detail, task_detail
from inloop.humans.tasks import TaskDesk, agent_actor
from inloop.records import (
    CaseRecord,
    EntryKind,
    EntryState,
    EventRecord,
    RequestRecord,
    TaskClaim,
    TaskRecord,
    UserRecord,
)
from inloop.storage.changes import Changes

MAX_NOTE = 5000
MAX_MESSAGE = 2000
INBOX_LIMIT = 200
"""The most tasks an inbox view lists (and counts)."""
"""The most characters of a question an agent sends the customer from the case view."""
MAX_VALUE = 1000
TABS = ("mine", "queue", "all")
STATES = ("open", "claimed", "done")
SORTS = ("priority", "due")
_PROPOSAL_META = frozenset({"confidence", "model_version", "model", "scores", "probabilities"})


@dataclass(frozen=True, kw_only=True, slots=True)
class AiProposal:
    """What an AI step proposed: a step result that carries a ``confidence``."""

    step: str
    position: int
    values: dict[str, Any]
    """The proposed fields (intent, extracted values), without the scores."""
    confidence: float | None
    """One confidence for the whole proposal (an intent's), else None."""
    model_version: str | None
    field_confidences: dict[str, float] = field(default_factory=dict)
    """A confidence per proposed field (extraction), where the step gave one per field."""


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseFile:
    """Everything an agent sees of a case."""

    case: CaseRecord
    tasks: list[TaskClaim]
    requests: list[RequestRecord]
    events: list[EventRecord]
    proposals: list[AiProposal]
    current: dict[str, Any]
    """The value of each correctable field as it stands: the latest correction or, for the
    intent, the latest settled by the customer or an agent; else the latest proposal, else the
    case input."""
    names: dict[str, str] = field(default_factory=dict)
    """User id -> name, for the staff named in events and claims."""

    @property
    def open_tasks(self) -> list[TaskClaim]:
        return [t for t in self.tasks if t.task.status.value == "open"]

    @property
    def open_requests(self) -> list[RequestRecord]:
        return [r for r in self.requests if r.status.value == "open"]


def holds_personal_data(case: CaseRecord) -> bool:
    """Whether the case carries data about a person: contact details or a start payload."""
    c = case.customer
    return any((c.id, c.name, c.email, c.phone)) or case.input not in (None, {}, [], "")


class CaseWork:
    """Agent work on the cases of ``engine``'s store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = engine.store
        self.desk = TaskDesk(engine)
        self.audit = Audit(engine.store, engine.clock)

    # -- access -----------------------------------------------------------------------------

    async def case_queues(self, case_id: str) -> frozenset[str]:
        """The queues of all the tasks the case ever had."""
        return frozenset(t.task.queue for t in await self.store.task_desk.for_case(case_id))

    async def check_case(self, user: UserRecord, action: Action, case_id: str) -> CaseRecord:
        """The case, when ``user`` may do ``action`` on it: :class:`CaseNotFound`, or
        :class:`AccessDenied` naming the case's queues."""
        case = await self.store.get_case(case_id)
        if case is None:
            raise CaseNotFound(f"no case {case_id!r}", case_id=case_id)
        queues = await self.case_queues(case_id)
        if not authorize(user, action, Resource(queues=queues)):
            if not queues:
                where = "it has no agent task"
            else:
                where = "its tasks are in " + ", ".join(sorted(queues))
            raise AccessDenied(
                f"you may not open this case: {where}, and you are not a member there",
                action=str(action),
                case_id=case_id,
                queues=sorted(queues),
            )
        return case

    # -- reading ----------------------------------------------------------------------------

    async def inbox(
        self,
        user: UserRecord,
        *,
        tab: str = "mine",
        queue: str | None = None,
        state: str | None = None,
        search: str | None = None,
        sort: str = "priority",
    ) -> list[TaskClaim]:
        """The tasks of an inbox tab: ``mine`` (held by the user), ``queue`` (in the user's
        queues) or ``all`` (supervisors and admins). ``queue``, ``state`` (``open``,
        ``claimed``, ``done``), ``search`` (case id or words of the reason) and ``sort``
        (``priority``, ``due``) narrow it."""
        if tab not in TABS or (state is not None and state not in STATES) or sort not in SORTS:
            raise ValueError(f"unknown inbox view {tab!r}/{state!r}/{sort!r}")
        if tab == "all" and not authorize(user, Action.QUEUE_VIEW_ALL):
            raise AccessDenied("only supervisors and admins see every queue", action="queue.all")
        queues: list[str] | None
        if tab == "all":
            queues = None if queue is None else [queue]
        elif tab == "queue":
            mine = sorted(user.queues)
            queues = mine if queue is None else [q for q in mine if q == queue]
        else:
            queues = None if queue is None else [queue]
        return await self.store.task_desk.find(
            now=self.engine.clock.now(),
            queues=queues,
            assignee=user.id if tab == "mine" else None,
            state=state,
            search=(search or "").strip()[:200] or None,
            sort=sort,
            limit=INBOX_LIMIT,
        )

    async def names(self, user_ids: set[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for uid in sorted(user_ids):
            found = await self.store.users.get(uid)
            out[uid] = found.name if found is not None else uid
        return out

    async def open_case(self, user: UserRecord, case_id: str) -> CaseFile:
        """The internal case file, for staff of one of its queues; audited as ``case.viewed``
        when the case holds personal data."""
        case = await self.check_case(user, Action.CASE_VIEW, case_id)
        tasks = await self.store.task_desk.for_case(case_id)
        requests = await self.store.list_requests(case_id=case_id)
        events = await self.store.list_events(case_id)
        proposals = await self._proposals(case_id)
        ids = {t.assignee for t in tasks if t.assignee}
        ids |= {e.actor.split(":", 1)[1] for e in events if e.actor.startswith("agent:")}
        for e in events:
            for key in ("assignee", "previous"):
                if isinstance(e.payload.get(key), str):
                    ids.add(e.payload[key])
        if holds_personal_data(case):
            await self.audit.record(user.id, AuditAction.CASE_VIEWED, case_id)
        return CaseFile(
            case=case,
            tasks=tasks,
            requests=requests,
            events=events,
            proposals=proposals,
            current=self._current(case, proposals, events),
            names=await self.names(ids),
        )

    async def _proposals(self, case_id: str) -> list[AiProposal]:
        out = []
        for entry in await self.store.journal(case_id):
            if entry.kind is not EntryKind.STEP or entry.state is not EntryState.DONE:
                continue
            value = entry.result.get("v") if isinstance(entry.result, dict) else None
            if not isinstance(value, dict) or "confidence" not in value:
                continue
            confidence = value.get("confidence")
            version = value.get("model_version") or value.get("model")
            per_field = confidence if isinstance(confidence, dict) else {}
            out.append(
                AiProposal(
                    step=entry.name,
                    position=entry.position,
                    values={k: v for k, v in value.items() if k not in _PROPOSAL_META},
                    confidence=float(confidence) if isinstance(confidence, int | float) else None,
                    model_version=str(version) if isinstance(version, str) else None,
                    field_confidences={
                        str(k): float(c) for k, c in per_field.items() if isinstance(c, int | float)
                    },
                )
            )
        return out

    @staticmethod
    def _current(
        case: CaseRecord, proposals: list[AiProposal], events: list[EventRecord]
    ) -> dict[str, Any]:
        current: dict[str, Any] = {}
        if isinstance(case.input, dict):
            current.update(case.input)
        for p in proposals:
            current.update(p.values)
        for e in events:  # in the order they happened: the latest word counts
            if e.type == "ai.intent_confirmed" and isinstance(e.payload.get("chosen"), str):
                current["intent"] = e.payload["chosen"]  # the customer or an agent settled it
            elif e.type == "ai.corrected" and isinstance(e.payload.get("field"), str):
                current[e.payload["field"]] = e.payload.get("after")
        return current

    # -- the task desk, audited -------------------------------------------------------------

    async def claim(self, user: UserRecord, task_id: str) -> TaskClaim:
        claim = await self.desk.claim(task_id, user)
        await self.audit.record(
            user.id, AuditAction.TASK_CLAIMED, task_id, case_id=claim.task.case_id
        )
        return claim

    async def release(self, user: UserRecord, task_id: str) -> TaskClaim:
        claim = await self.desk.release(task_id, user)
        await self.audit.record(
            user.id, AuditAction.TASK_RELEASED, task_id, case_id=claim.task.case_id
        )
        return claim

    async def reassign(self, by: UserRecord, task_id: str, to_user: UserRecord) -> TaskClaim:
        claim = await self.desk.reassign(task_id, to_user, by=by)
        await self.audit.record(
            by.id,
            AuditAction.TASK_REASSIGNED,
            task_id,
            case_id=claim.task.case_id,
            assignee=to_user.id,
        )
        return claim

    async def complete(self, user: UserRecord, task_id: str, outcome: Any) -> TaskRecord:
        """Complete the task; a completion refused because the task was closed first is
        audited too (``task.complete_refused``, see :mod:`inloop.humans.races`)."""
        try:
            task = await self.desk.complete(task_id, outcome, user)
        except TaskClosed:
            fresh = await self.store.get_task(task_id)
            if fresh is not None:
                await self.audit.record(
                    user.id, AuditAction.TASK_COMPLETE_REFUSED, task_id, **task_detail(fresh)
                )
            raise
        await self.audit.record(user.id, AuditAction.TASK_COMPLETED, task_id, case_id=task.case_id)
        return task

    async def answer_for_customer(
        self, user: UserRecord, case_id: str, request_id: str, data: Any
    ) -> AnswerReceipt:
        req = await self.store.get_request(request_id)
        if req is None or req.case_id != case_id:
            raise RequestNotFound(f"no request {request_id!r} in this case", request_id=request_id)
        try:
            receipt = await self.desk.answer_for_customer(request_id, data, user)
        except RequestClosed:
            await self._answer_lost(user, request_id, "refused")
            raise
        if receipt.duplicate:
            await self._answer_lost(user, request_id, "duplicate")
        else:
            await self.audit.record(
                user.id, AuditAction.ANSWERED_FOR_CUSTOMER, request_id, case_id=case_id
            )
        return receipt

    async def _answer_lost(self, user: UserRecord, request_id: str, outcome: str) -> None:
        """Audit an answer that was not applied (``request.answer_refused``): the request had
        closed, or someone else had recorded the same answer. The user's own repeat is not."""
        fresh = await self.store.get_request(request_id)
        if fresh is None or (outcome == "duplicate" and fresh.answered_by == agent_actor(user)):
            return
        await self.audit.record(
            user.id, AuditAction.ANSWER_REFUSED, request_id, **answer_detail(fresh, outcome)
        )

    async def ask_customer(self, user: UserRecord, task_id: str, message: str) -> TaskClaim:
        """Send the customer ``message`` about the task (see :meth:`TaskDesk.ask_customer`);
        ``ValueError`` for an empty or too long message, before anything is written."""
        text = message.strip()
        if not 1 <= len(text) <= MAX_MESSAGE:
            raise ValueError(f"a message must have 1 to {MAX_MESSAGE} characters")
        found = await self.desk.get(task_id)
        await self.desk.ask_customer(task_id, text, user)
        await self.audit.record(
            user.id,
            AuditAction.CUSTOMER_ASKED,
            task_id,
            case_id=found.task.case_id,
            length=len(text),
        )
        return found

    # -- taking over ------------------------------------------------------------------------

    async def take_over(self, user: UserRecord, case_id: str) -> CaseRecord:
        """Pause the case's automation for ``user`` (event ``case.taken_over``). Agents need a
        live claim on one of its open tasks (:class:`TaskNotClaimed`); supervisors and admins
        may always. :class:`CaseTakenOver` when someone has taken it over already."""
        record = await self.check_case(user, Action.CASE_VIEW, case_id)
        if record.paused_by is not None:
            raise takeover.taken_over_error(record)
        tasks = await self.store.task_desk.for_case(case_id)
        queues = frozenset(t.task.queue for t in tasks)
        if not authorize(user, Action.TASK_REASSIGN, Resource(queues=queues)):
            now = self.engine.clock.now()
            open_tasks = [t for t in tasks if t.task.status.value == "open"]
            if not any(t.held_by(user.id, now) for t in open_tasks):
                raise TaskNotClaimed(
                    "you hold no claim on a task of this case; claim it first",
                    task_id=open_tasks[0].task.id if open_tasks else None,
                    case_id=case_id,
                    user_id=user.id,
                )
        record = await takeover.take_over(self.engine, case_id, by=user.id, actor=agent_actor(user))
        await self.audit.record(user.id, AuditAction.CASE_TAKEN_OVER, case_id)
        return record

    async def hand_back(self, user: UserRecord, case_id: str) -> CaseRecord:
        """Resume the case's automation (event ``case.handed_back``): by the person who took it
        over, or a supervisor or admin. :class:`CaseTakenOver` for anybody else,
        :class:`~inloop.errors.CaseNotTakenOver` when nobody took it over."""
        await self.check_case(user, Action.CASE_VIEW, case_id)
        record = await self.engine.get_case(case_id)
        queues = await self.case_queues(case_id)
        supervisor = authorize(user, Action.TASK_REASSIGN, Resource(queues=queues))
        holder = record.paused_by
        if holder is not None and holder != user.id and not supervisor:
            raise CaseTakenOver(
                f"case {case_id!r} is taken over by {holder}; only they or a supervisor may "
                "hand it back",
                case_id=case_id,
                paused_by=holder,
            )
        fresh = await takeover.hand_back(
            self.engine, case_id, actor=agent_actor(user), expect_by=None if supervisor else user.id
        )
        await self.audit.record(
            user.id, AuditAction.CASE_HANDED_BACK, case_id, taken_over_by=holder
        )
        return fresh

    # -- notes and corrections --------------------------------------------------------------

    async def add_note(self, user: UserRecord, case_id: str, text: str) -> None:
        """An internal note on the case (1 to 5,000 characters; ``ValueError`` otherwise)."""
        text = text.strip()
        if not 1 <= len(text) <= MAX_NOTE:
            raise ValueError(f"a note must have 1 to {MAX_NOTE} characters")
        await self.check_case(user, Action.NOTE_ADD, case_id)
        ch = Changes(case_id=case_id, at=self.engine.clock.now())
        ch.event("note.added", agent_actor(user), text=text, by=user.id)
        await self.store.apply(ch)
        await self.audit.record(user.id, AuditAction.NOTE_ADDED, case_id, length=len(text))

    def correctable(self, file: CaseFile) -> list[str]:
        """The fields an agent may correct: those the AI proposed, then the case input's."""
        names: list[str] = []
        for p in file.proposals:
            names += [k for k in p.values if k not in names]
        if isinstance(file.case.input, dict):
            names += [k for k in file.case.input if k not in names]
        return names

    async def correct(self, user: UserRecord, case_id: str, field_name: str, after: str) -> Any:
        """Record that the AI's ``field_name`` should have been ``after`` (event
        ``ai.corrected`` with the value before); returns the value before. ``ValueError`` for an
        unknown field, an empty or too long value, or a value that is the same as before."""
        await self.check_case(user, Action.AI_CORRECT, case_id)
        case = await self.engine.get_case(case_id)
        proposals = await self._proposals(case_id)
        events = await self.store.list_events(case_id)
        file = CaseFile(
            case=case,
            tasks=[],
            requests=[],
            events=events,
            proposals=proposals,
            current=self._current(case, proposals, events),
        )
        if field_name not in self.correctable(file):
            raise ValueError(f"{field_name!r} is not a field of this case")
        after = after.strip()
        if not 1 <= len(after) <= MAX_VALUE:
            raise ValueError(f"the new value must have 1 to {MAX_VALUE} characters")
        before = file.current.get(field_name)
        if codec.to_json_value(before) == after or str(before) == after:
            raise ValueError("the new value is the same as the current one")
        ch = Changes(case_id=case_id, at=self.engine.clock.now())
        ch.event(
            "ai.corrected",
            agent_actor(user),
            field=field_name,
            before=before,
            after=after,
            by=user.id,
        )
        await self.store.apply(ch)
        await self.audit.record(user.id, AuditAction.AI_CORRECTED, case_id, field=field_name)
        return before
