"""The :class:`Engine`: an :class:`App`'s processes on a store, with a clock and settings.

Public entry points (used by the portal, the API, the CLI and the test kit alike):
:meth:`Engine.start`, :meth:`Engine.answer`, :meth:`Engine.complete_task`, :meth:`Engine.cancel`.
Each validates before it writes and writes one change set atomically. Workers call
:meth:`Engine.run_case` and :meth:`Engine.fire_due_timers`.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any

from inloop import codec
from inloop.clock import Clock, SystemClock, to_text
from inloop.config import Settings
from inloop.engine.case import Case
from inloop.engine.process import App, Process
from inloop.engine.run import CaseRun, RunAborted, Suspend
from inloop.engine.timers import escalate_request, fire_timer, stored_priority
from inloop.engine.waits import BUILTIN_ANSWERS, answer_hash, validate_model_value
from inloop.errors import (
    AnswerInvalid,
    CaseClosed,
    CaseNotFound,
    InloopError,
    InvalidPayload,
    NonDeterminismError,
    OutcomeInvalid,
    RequestClosed,
    RequestMismatch,
    RequestNotFound,
    TaskClosed,
    TaskNotFound,
)
from inloop.humans.queues import EscalationKind
from inloop.ids import new_id
from inloop.records import (
    OPEN_STATUSES,
    CaseRecord,
    CaseStatus,
    Customer,
    EventRecord,
    RequestKind,
    RequestRecord,
    RequestStatus,
    TaskRecord,
    TaskStatus,
    TimerKind,
)
from inloop.storage import GuardFailed, Store, open_store
from inloop.storage.changes import (
    Changes,
    NewCase,
    RequestUpdate,
    TaskUpdate,
)

log = logging.getLogger("inloop.engine")

StatusListener = Callable[[str, CaseStatus], None]


@dataclass(frozen=True, kw_only=True, slots=True)
class AnswerReceipt:
    """What the answer path returns; a repeated identical answer gets the same receipt with
    ``duplicate=True``."""

    request_id: str
    case_id: str
    status: str
    answered_at: str
    duplicate: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "case_id": self.case_id,
            "status": self.status,
            "answered_at": self.answered_at,
            "duplicate": self.duplicate,
        }


class Engine:
    """Runs the processes of ``app`` on a store. Use as ``async with Engine(app, settings):``."""

    def __init__(
        self,
        app: App,
        settings: Settings | None = None,
        *,
        store: Store | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.app = app
        self.settings = settings or Settings()
        self.store: Store = store or open_store(self.settings)
        self.clock: Clock = clock or SystemClock()
        self.wakeup = asyncio.Event()
        """Set whenever a commit made a case runnable or added a timer (wakes local workers)."""
        self._listeners: list[StatusListener] = []
        self._waiters: dict[str, list[tuple[frozenset[CaseStatus], asyncio.Future[None]]]] = {}

    async def open(self, *, create: bool = True) -> Engine:
        await self.store.open(create=create)
        return self

    async def close(self) -> None:
        await self.store.close()

    async def __aenter__(self) -> Engine:
        return await self.open()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- notifications ----------------------------------------------------------------------

    def add_listener(self, listener: StatusListener) -> None:
        """Call ``listener(case_id, status)`` after every committed status change made here."""
        self._listeners.append(listener)

    def notify_changed(self, case_id: str, status: CaseStatus, *, runnable: bool = False) -> None:
        """Tell local workers, listeners and waiters about a committed status change."""
        if runnable:
            self.wakeup.set()
        for listener in self._listeners:
            listener(case_id, status)
        waiters = self._waiters.get(case_id)
        if waiters:
            keep = []
            for statuses, future in waiters:
                if status in statuses:
                    if not future.done():
                        future.set_result(None)
                else:
                    keep.append((statuses, future))
            if keep:
                self._waiters[case_id] = keep
            else:
                del self._waiters[case_id]

    async def wait_for(
        self,
        case_id: str,
        statuses: Iterable[CaseStatus] = (
            CaseStatus.COMPLETED,
            CaseStatus.FAILED,
            CaseStatus.CANCELLED,
        ),
        *,
        timeout: float | None = None,
    ) -> CaseRecord:
        """Wait until the case reaches one of ``statuses`` (through a commit of this engine)."""
        wanted = frozenset(statuses)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (wanted, future)
        self._waiters.setdefault(case_id, []).append(entry)
        try:
            record = await self.get_case(case_id)
            if record.status not in wanted:
                async with asyncio.timeout(timeout):
                    await future
                record = await self.get_case(case_id)
        finally:
            waiters = self._waiters.get(case_id)
            if waiters and entry in waiters:
                waiters.remove(entry)
                if not waiters:
                    del self._waiters[case_id]
        return record

    # -- starting ---------------------------------------------------------------------------

    async def start(
        self,
        process: str | Process,
        input: Any = None,
        *,
        customer: Customer | Mapping[str, Any] | None = None,
        key: str | None = None,
        actor: str = "system",
        version: str | None = None,
    ) -> str:
        """Start a case of ``process`` (its current version unless ``version`` is given) and
        return its id. With ``key``, a repeated start returns the first case's id."""
        proc = self.app.get(process, version)
        payload = proc.validate_input(input)
        try:
            payload = codec.to_json_value(payload)
        except TypeError as exc:
            raise InvalidPayload(f"the input is not JSON data: {exc}", process=proc.name) from None
        if customer is None:
            cust = Customer()
        elif isinstance(customer, Customer):
            cust = customer
        else:
            try:
                cust = Customer(**dict(customer))
            except TypeError as exc:
                raise InvalidPayload(f"customer: {exc}", process=proc.name) from None
        if key is not None and not (0 < len(key) <= 200):
            raise InvalidPayload("key must be 1 to 200 characters", process=proc.name)
        case_id = new_id("case")
        created_id, created = await self.store.create_case(
            NewCase(
                id=case_id,
                process=proc.name,
                version=proc.version,
                stage=proc.stages[0] if proc.stages else None,
                input=payload,
                customer=cust.to_json(),
                start_key=key,
                at=self.clock.now(),
                actor=actor,
                event_payload={"process": proc.name, "version": proc.version, "input": payload},
            )
        )
        if created:
            self.notify_changed(created_id, CaseStatus.RUNNING, runnable=True)
        return created_id

    # -- answers ----------------------------------------------------------------------------

    def validate_answer(self, kind: RequestKind, spec: Mapping[str, Any], data: Any) -> Any:
        """The answer as it will be stored, or :class:`AnswerInvalid` with field errors."""
        if kind is RequestKind.ASK:
            model = self.app.resolve_model(spec.get("model"))
            return validate_model_value(model, spec.get("schema"), data)
        return validate_model_value(BUILTIN_ANSWERS[kind], None, data, context=spec)

    async def answer(
        self,
        request_id: str,
        data: Any,
        *,
        case_id: str | None = None,
        actor: str = "customer",
    ) -> AnswerReceipt:
        """Answer a customer request: validated first; applied exactly once; an identical repeat
        gets the first receipt. Invalid answers raise :class:`AnswerInvalid` and leave the request
        open."""
        req = await self.store.get_request(request_id)
        if req is None:
            raise RequestNotFound(f"no request {request_id!r}", request_id=request_id)
        if case_id is not None and req.case_id != case_id:
            raise RequestMismatch(
                f"request {request_id!r} does not belong to case {case_id!r}",
                request_id=request_id,
                case_id=case_id,
            )
        if req.status is not RequestStatus.OPEN:
            return self._closed_answer(req, data)
        try:
            value = self.validate_answer(req.kind, req.spec, data)
        except AnswerInvalid as exc:
            await self._reject(req, exc, actor)
            raise
        now = self.clock.now()
        response = {
            "request_id": req.id,
            "case_id": req.case_id,
            "status": "accepted",
            "answered_at": to_text(now),
        }
        ch = Changes(case_id=req.case_id, at=now, status=CaseStatus.RUNNING, runnable=True)
        ch.request_updates.append(
            RequestUpdate(
                id=req.id,
                status=RequestStatus.ANSWERED,
                answer=value,
                answer_hash=answer_hash(value),
                answered_by=actor,
                response=response,
            )
        )
        handoff = (
            req.kind is RequestKind.CHOOSE
            and value.get("none_of_these")
            and isinstance(req.spec.get("on_none"), dict)
        )
        if not handoff:
            ch.resolve.append((req.position, {"outcome": "answered", "value": value, "by": actor}))
        ch.cancel_timers.append(req.id)
        ch.event(
            "request.answered",
            actor,
            request_id=req.id,
            kind=req.kind.value,
            position=req.position,
            answer=value,
            attempts=req.attempts + 1,
        )
        if handoff:  # "none of these": a person picks up with the customer's comment
            on_none = req.spec["on_none"]
            ch.status, ch.runnable = CaseStatus.WAITING_AGENT, False
            escalate_request(
                self,
                ch,
                req,
                queue=on_none.get("queue") or self.settings.default_queue,
                reason=on_none.get("reason") or "none of the offered options fits",
                priority=stored_priority(on_none.get("priority")),
                cause="none_of_these",
            )
        try:
            await self.store.apply(ch)
        except GuardFailed:
            fresh = await self.store.get_request(request_id)
            assert fresh is not None
            return self._closed_answer(fresh, data)
        if handoff:
            self.notify_changed(req.case_id, CaseStatus.WAITING_AGENT)
        else:
            self.notify_changed(req.case_id, CaseStatus.RUNNING, runnable=True)
        return AnswerReceipt(
            request_id=req.id, case_id=req.case_id, status="accepted", answered_at=to_text(now)
        )

    def _closed_answer(self, req: RequestRecord, data: Any) -> AnswerReceipt:
        if req.status is RequestStatus.ANSWERED and req.response is not None:
            try:
                same = answer_hash(self.validate_answer(req.kind, req.spec, data)) == answer_hash(
                    req.answer
                )
            except AnswerInvalid:
                same = False
            if same:
                return AnswerReceipt(
                    request_id=req.response["request_id"],
                    case_id=req.response["case_id"],
                    status=req.response["status"],
                    answered_at=req.response["answered_at"],
                    duplicate=True,
                )
        raise RequestClosed(
            f"request {req.id!r} is {req.status.value}"
            + (f" (answered at {to_text(req.answered_at)})" if req.answered_at else ""),
            request_id=req.id,
            case_id=req.case_id,
            status=req.status.value,
        )

    async def _reject(self, req: RequestRecord, exc: AnswerInvalid, actor: str) -> None:
        ch = Changes(case_id=req.case_id, at=self.clock.now())
        attempts = req.attempts + 1
        ch.request_updates.append(RequestUpdate(id=req.id, count_attempt=True))
        ch.event(
            "request.answer_rejected",
            actor,
            request_id=req.id,
            kind=req.kind.value,
            # fields and codes only: messages can quote the rejected (personal) input
            errors=[{"field": e["field"], "code": e["code"]} for e in exc.data.get("errors", [])],
            attempts=attempts,
        )
        record = await self.store.get_case(req.case_id)
        rule = self.app.escalation(self._process_of(record), EscalationKind.INVALID_ANSWERS)
        limit = rule.count if rule is not None and rule.count else self.settings.max_answer_attempts
        escalated = attempts >= limit
        if escalated:  # a person takes over rather than the customer trying forever
            ch.request_updates[-1] = RequestUpdate(
                id=req.id, status=RequestStatus.EXPIRED, count_attempt=True
            )
            ch.cancel_timers.append(req.id)
            ch.event(
                "request.escalated",
                "system",
                request_id=req.id,
                kind=req.kind.value,
                attempts=attempts,
            )
            fallback = req.on_timeout
            escalate_request(
                self,
                ch,
                req,
                queue=(rule.queue if rule is not None else None)
                or fallback.get("queue")
                or self.settings.default_queue,
                reason=rule.reason(attempts)
                if rule is not None
                else f"the customer's answer was invalid {attempts} times",
                priority=rule.priority
                if rule is not None
                else stored_priority(fallback.get("priority")),
                cause="invalid_answers",
            )
        try:
            await self.store.apply(ch)
        except GuardFailed:
            pass  # closed meanwhile: nothing to count
        else:
            if escalated:
                self.notify_changed(req.case_id, CaseStatus.WAITING_AGENT)
        exc.data.update(request_id=req.id, case_id=req.case_id, escalated=escalated)

    # -- agent tasks ------------------------------------------------------------------------

    async def complete_task(self, task_id: str, outcome: Any = None, *, actor: str) -> TaskRecord:
        """Complete an agent task with ``outcome`` (validated against the task's schema); the
        process resumes with it."""
        task = await self.store.get_task(task_id)
        if task is None:
            raise TaskNotFound(f"no task {task_id!r}", task_id=task_id)
        if task.status is not TaskStatus.OPEN:
            raise TaskClosed(
                f"task {task_id!r} is {task.status.value}"
                + (f" (by {task.completed_by})" if task.completed_by else ""),
                task_id=task_id,
                status=task.status.value,
                completed_by=task.completed_by,
            )
        spec = task.spec
        try:
            outcome = codec.to_json_value(outcome)
            if spec.get("resolves") == "step":
                value = validate_model_value(None, spec.get("schema"), outcome)
                result: dict[str, Any] = {"v": value}
            elif "request_kind" in spec:
                value = self.validate_answer(
                    RequestKind(spec["request_kind"]), spec["request_spec"], outcome
                )
                result = {"outcome": "answered", "value": value, "by": actor}
            else:
                model = self.app.resolve_model(spec.get("model"))
                value = validate_model_value(model, spec.get("schema"), outcome)
                result = {"outcome": "completed", "value": value, "by": actor}
        except AnswerInvalid as exc:
            raise OutcomeInvalid(
                exc.message.replace("the answer", "the outcome"), task_id=task_id, **exc.data
            ) from None
        except TypeError as exc:
            raise OutcomeInvalid(f"the outcome is not JSON data: {exc}", task_id=task_id) from None
        ch = Changes(
            case_id=task.case_id,
            at=self.clock.now(),
            status=CaseStatus.RUNNING,
            runnable=True,
            expect_status=(CaseStatus.WAITING_AGENT,),
        )
        ch.task_updates.append(
            TaskUpdate(id=task.id, status=TaskStatus.COMPLETED, outcome=value, completed_by=actor)
        )
        ch.resolve.append((task.position, result))
        ch.cancel_timers.append(task.id)  # its SLA timers
        ch.event(
            "task.completed",
            actor,
            task_id=task.id,
            queue=task.queue,
            position=task.position,
            outcome=value,
        )
        try:
            await self.store.apply(ch)
        except GuardFailed:
            fresh = await self.store.get_task(task_id)
            raise TaskClosed(
                f"task {task_id!r} was closed meanwhile",
                task_id=task_id,
                status=fresh.status.value if fresh else "unknown",
            ) from None
        self.notify_changed(task.case_id, CaseStatus.RUNNING, runnable=True)
        done = await self.store.get_task(task_id)
        assert done is not None
        return done

    # -- cancelling -------------------------------------------------------------------------

    async def cancel(self, case_id: str, *, reason: str, actor: str = "system") -> None:
        """Cancel a case that has not ended: open requests and tasks are cancelled, timers
        dropped, and a worker running it now cannot commit any more."""
        record = await self.get_case(case_id)
        if record.status.terminal:
            raise CaseClosed(
                f"case {case_id!r} is {record.status.value}",
                case_id=case_id,
                status=record.status.value,
            )
        ch = self._cancel_changes(case_id, reason, actor)
        try:
            await self.store.apply(ch)
        except GuardFailed:
            fresh = await self.get_case(case_id)
            raise CaseClosed(
                f"case {case_id!r} is {fresh.status.value}",
                case_id=case_id,
                status=fresh.status.value,
            ) from None
        self.notify_changed(case_id, CaseStatus.CANCELLED)

    async def retry(self, case_id: str, *, actor: str = "system") -> None:
        """Run a failed case again (after its process code was fixed): it replays its journal
        and continues from there."""
        record = await self.get_case(case_id)
        if record.status is not CaseStatus.FAILED:
            raise CaseClosed(
                f"case {case_id!r} is {record.status.value}; only failed cases can be retried",
                case_id=case_id,
                status=record.status.value,
            )
        ch = Changes(
            case_id=case_id,
            at=self.clock.now(),
            expect_status=(CaseStatus.FAILED,),
            status=CaseStatus.RUNNING,
            runnable=True,
            error=None,
        )
        ch.event("case.retried", actor, previous_error=(record.error or {}).get("code"))
        try:
            await self.store.apply(ch)
        except GuardFailed:
            fresh = await self.get_case(case_id)
            raise CaseClosed(
                f"case {case_id!r} is {fresh.status.value}",
                case_id=case_id,
                status=fresh.status.value,
            ) from None
        self.notify_changed(case_id, CaseStatus.RUNNING, runnable=True)

    def _cancel_changes(self, case_id: str, reason: str, actor: str) -> Changes:
        ch = Changes(
            case_id=case_id,
            at=self.clock.now(),
            expect_status=OPEN_STATUSES,
            status=CaseStatus.CANCELLED,
            runnable=False,
            closed=True,
            fence=True,
            cancel_all_timers=True,
            cancel_open_requests=True,
            cancel_open_tasks=True,
        )
        ch.event("case.cancelled", actor, reason=reason)
        return ch

    # -- running ----------------------------------------------------------------------------

    async def run_case(self, record: CaseRecord) -> CaseStatus | None:
        """Run a claimed case until it parks or ends; returns its new status, or ``None`` when
        the run was aborted (lease lost, storage failure) and the case stays for a later run."""
        proc = self.app.get(record.process, record.version)
        journal = await self.store.journal(record.id)
        run = CaseRun(self, proc, record, journal)
        error: BaseException | None = None
        result: Any = None
        try:
            result = await proc.fn(Case(run))
        except Suspend:
            pass
        except RunAborted:
            pass
        except NonDeterminismError as exc:
            run.diverged = run.diverged or exc
        except Exception as exc:
            error = exc
        if run.aborted is not None:
            log.warning("run of case %s aborted: %s", record.id, run.aborted)
            return None
        if run.park_status is None and error is None and run.diverged is None:
            run.check_complete()
        ch = run.pending
        ch.release_lease = True
        ch.runnable = False
        ch.at = self.clock.now()
        if run.diverged is not None:
            status = CaseStatus.FAILED
            ch.error = run.diverged.to_dict()
            ch.cancel_all_timers = True
            ch.event("case.failed", "system", **run.diverged.to_dict())
        elif run.park_status is not None:
            status = run.park_status
        elif error is not None:
            status = CaseStatus.FAILED
            code = error.code if isinstance(error, InloopError) else "process_error"
            ch.error = {
                "code": code,
                "type": type(error).__name__,
                "message": str(error),
                "traceback": "".join(traceback.format_exception(error))[-8000:],
            }
            ch.cancel_all_timers = True
            ch.event(
                "case.failed",
                "system",
                code=code,
                error_type=type(error).__name__,
                message=str(error),
            )
        else:
            status = CaseStatus.COMPLETED
            try:
                ch.result = codec.to_json_value(result)
            except TypeError:
                ch.result = repr(result)
            ch.closed = True
            ch.event("case.completed", "system", result=ch.result)
        ch.status = status
        new_timers = bool(ch.timers)
        try:
            await self.store.apply(ch)
        except GuardFailed:
            log.warning("case %s: lease lost before commit; another worker has it", record.id)
            return None
        if new_timers:
            self.wakeup.set()
        self.notify_changed(record.id, status)
        return status

    # -- timers ---------------------------------------------------------------------------

    async def fire_due_timers(self, *, now: datetime | None = None, limit: int = 500) -> int:
        """Fire the timers that are due (also those that fell due while nothing ran); each fires
        exactly once, even with several workers. Returns how many fired."""
        fired = 0
        while True:
            moment = now or self.clock.now()
            due = await self.store.due_timers(now=moment, limit=limit)
            if not due:
                return fired
            latest: dict[str | None, int] = {}
            for t in due:
                if t.kind is TimerKind.REMINDER:
                    latest[t.ref] = max(latest.get(t.ref, 0), int(t.payload.get("n", 1)))
            results = await asyncio.gather(
                *(
                    fire_timer(
                        self,
                        t,
                        moment,
                        superseded=t.kind is TimerKind.REMINDER
                        and int(t.payload.get("n", 1)) < latest[t.ref],
                    )
                    for t in due
                )
            )
            fired += sum(results)
            if len(due) < limit:
                return fired

    # -- reads ------------------------------------------------------------------------------

    def _process_of(self, record: CaseRecord | None) -> Process | None:
        """The process version of a case, when this app still has it."""
        if record is None:
            return None
        try:
            return self.app.get(record.process, record.version)
        except InloopError:
            return None

    async def get_case(self, case_id: str) -> CaseRecord:
        record = await self.store.get_case(case_id)
        if record is None:
            raise CaseNotFound(f"no case {case_id!r}", case_id=case_id)
        return record

    async def open_request(self, case_id: str) -> RequestRecord | None:
        """The request the case waits on, if any."""
        found = await self.store.list_requests(case_id=case_id, status=RequestStatus.OPEN)
        return found[-1] if found else None

    async def open_task(self, case_id: str) -> TaskRecord | None:
        found = await self.store.list_tasks(case_id=case_id, status=TaskStatus.OPEN)
        return found[-1] if found else None

    async def events(self, case_id: str) -> list[EventRecord]:
        return await self.store.list_events(case_id)
