"""The :class:`Case`: the only door from a process body to the outside world.

A process body runs against its journal. Each operation on ``case`` takes the next *position*;
when the journal already holds an entry there, the recorded result is returned and nothing runs
again; when it does not, the operation runs and its result is added to the journal. A wait whose
answer is not there yet *parks* the case: the body is unwound (by an exception that ordinary
``except Exception`` blocks do not catch), the pending writes commit, and no coroutine, thread or
task is kept for it. When the answer arrives the body is run again from the top and replays to
where it stopped.

Writes are buffered and committed at checkpoints: before a step runs while an earlier step's
result is still uncommitted (so a crash re-runs at most the step that was in flight), when the case
parks, and when it ends.
"""

from __future__ import annotations

import random as _random
import uuid as _uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from pydantic import BaseModel

from inloop import codec
from inloop.clock import from_text, to_text
from inloop.engine.handoff import add_task, pick_escalation
from inloop.engine.requests import Text, texts, wait_for_customer
from inloop.engine.run import CaseRun
from inloop.engine.steps import run_step
from inloop.engine.waits import (
    Choice,
    Confirmation,
    Escalate,
    OnTimeout,
    Option,
    Review,
    Upload,
    normalize_options,
)
from inloop.errors import (
    InvalidStage,
)
from inloop.humans.queues import Escalated, EscalationKind, Queue, queue_name
from inloop.records import (
    CaseStatus,
    Customer,
    EntryKind,
    EntryState,
    RequestKind,
    TimerKind,
)
from inloop.storage.changes import (
    NewEntry,
    NewOutbox,
    NewTimer,
)

if TYPE_CHECKING:
    from inloop.ai.case_ai import CaseAI

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


NONE_OF_THESE = Escalate(reason="none of the offered options fits")
"""The default of ``Case.choose(on_none=...)``: a person takes over, in the default queue."""


class Case:
    """What a process body sees. Every side effect, clock read and random value goes through it."""

    def __init__(self, run: CaseRun) -> None:
        self._run = run

    # -- facts ------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self._run.record.id

    @property
    def process(self) -> str:
        return self._run.process.name

    @property
    def version(self) -> str:
        return self._run.process.version

    @property
    def input(self) -> Any:
        """The start payload: an instance of the process's ``input`` model, or plain JSON."""
        model = self._run.process.input
        data = self._run.record.input
        return model.model_validate(data) if model is not None else data

    @property
    def customer(self) -> Customer:
        return self._run.record.customer

    @property
    def stage(self) -> str | None:
        return self._run.stage

    @property
    def ai(self) -> CaseAI:
        """The AI steps of the case (``classify``, ``route``, ``extract``, ``ask_missing``,
        ``suggest_reply``), each recorded like :meth:`step`; configured by ``App(ai=...)``."""
        from inloop.ai.case_ai import CaseAI
        from inloop.ai.process import AI

        app = self._run.engine.app
        if app.ai is None:
            app.ai = AI()
        return CaseAI(self, self._run, app.ai)

    @property
    def replaying(self) -> bool:
        """True while the body is replaying journaled operations (for logging only)."""
        return self._run.position < len(self._run.journal)

    # -- deterministic values ---------------------------------------------------------------

    def now(self) -> datetime:
        """The current time, recorded: a replay returns the same value."""
        run = self._run
        pos, entry = run.enter(EntryKind.NOW, "now")
        if entry is not None:
            return from_text(cast(str, entry.result))
        value = run.engine.clock.now()
        run.pending.journal.append(
            NewEntry(
                position=pos,
                kind=EntryKind.NOW,
                name="now",
                state=EntryState.DONE,
                result=to_text(value),
            )
        )
        return value

    def random(self) -> float:
        """A random float in [0, 1), recorded."""
        run = self._run
        pos, entry = run.enter(EntryKind.RANDOM, "random")
        if entry is not None:
            return float(entry.result)
        value = _random.random()
        run.pending.journal.append(
            NewEntry(
                position=pos,
                kind=EntryKind.RANDOM,
                name="random",
                state=EntryState.DONE,
                result=value,
            )
        )
        return value

    def uuid(self) -> str:
        """A random UUID (text), recorded."""
        run = self._run
        pos, entry = run.enter(EntryKind.UUID, "uuid")
        if entry is not None:
            return cast(str, entry.result)
        value = str(_uuid.uuid4())
        run.pending.journal.append(
            NewEntry(
                position=pos, kind=EntryKind.UUID, name="uuid", state=EntryState.DONE, result=value
            )
        )
        return value

    # -- stage and messages -----------------------------------------------------------------

    def set_stage(self, stage: str) -> None:
        """Move the case to one of the process's declared stages (shown to the customer)."""
        run = self._run
        if stage not in run.process.stages:
            raise InvalidStage(
                f"process {run.process.name!r} declares no stage {stage!r} "
                f"(stages: {', '.join(run.process.stages) or 'none'})",
                case_id=self.id,
                stage=stage,
            )
        pos, entry = run.enter(EntryKind.STAGE, stage)
        if entry is not None:
            run.stage = stage
            return
        run.pending.journal.append(
            NewEntry(position=pos, kind=EntryKind.STAGE, name=stage, state=EntryState.DONE)
        )
        run.pending.stage = stage
        run.pending.event("case.stage_changed", "system", **{"from": run.stage, "to": stage})
        run.stage = stage

    async def notify(self, message: Text, *, channel: str = "customer", **data: Any) -> None:
        """Queue a message to the customer (sent through the outbox)."""
        run = self._run
        pos, entry = run.enter(EntryKind.NOTIFY, channel)
        if entry is not None:
            return
        key = f"{self.id}:{pos}:notify"
        run.pending.journal.append(
            NewEntry(position=pos, kind=EntryKind.NOTIFY, name=channel, state=EntryState.DONE)
        )
        run.pending.outbox.append(
            NewOutbox(
                channel=channel,
                kind="notification",
                idempotency_key=key,
                payload={
                    "case_id": self.id,
                    "message": texts(message),
                    "locale": self.customer.locale,
                    "data": data,
                },
            )
        )
        run.pending.event("notification.queued", "system", channel=channel, idempotency_key=key)

    # -- steps ------------------------------------------------------------------------------

    @overload
    async def step(
        self,
        fn: Callable[..., Awaitable[T]],
        *args: Any,
        name: str | None = ...,
        retries: int = ...,
        retry_delay: float = ...,
        at_most_once: bool = ...,
        **kwargs: Any,
    ) -> T: ...

    @overload
    async def step(
        self,
        fn: Callable[..., T],
        *args: Any,
        name: str | None = ...,
        retries: int = ...,
        retry_delay: float = ...,
        at_most_once: bool = ...,
        **kwargs: Any,
    ) -> T: ...

    async def step(
        self,
        fn: Callable[..., Any],
        *args: Any,
        name: str | None = None,
        retries: int = 0,
        retry_delay: float = 0.5,
        at_most_once: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Run ``fn(*args, **kwargs)`` once and record its result; a replay returns the record.

        Side effects are at-least-once: after a crash the step in flight runs again with the same
        :meth:`idempotency_key`, which the receiving system should use to drop repeats. With
        ``at_most_once=True`` the start is committed first, and a step whose outcome is unknown
        after a crash goes to an agent instead of running again. ``retries`` extra attempts are
        made, ``retry_delay`` seconds apart (doubling), before :class:`StepFailed` is raised.
        Synchronous functions run in a worker thread.
        """
        return await run_step(
            self._run,
            fn,
            args,
            kwargs,
            name=name,
            retries=retries,
            retry_delay=retry_delay,
            at_most_once=at_most_once,
        )

    def idempotency_key(self, position: int | None = None) -> str:
        """The stable key of the step at ``position`` (default: the next step):
        ``<case id>:<position>``."""
        return f"{self.id}:{self._run.position if position is None else position}"

    @property
    def step_key(self) -> str:
        """Inside a step function called by :meth:`step`: the key of that step."""
        return f"{self.id}:{self._run.position - 1}"

    # -- timers -----------------------------------------------------------------------------

    async def sleep(self, duration: timedelta | float) -> None:
        """Park the case for ``duration`` (seconds or a timedelta); durable across restarts."""
        delta = duration if isinstance(duration, timedelta) else timedelta(seconds=duration)
        await self._timer(lambda: self._run.engine.clock.now() + delta)

    async def wait_until(self, moment: datetime) -> None:
        """Park the case until ``moment`` (timezone-aware)."""
        if moment.tzinfo is None:
            raise ValueError("wait_until needs a timezone-aware datetime")
        await self._timer(lambda: moment)

    async def _timer(self, due: Callable[[], datetime]) -> None:
        run = self._run
        pos, entry = run.enter(EntryKind.SLEEP, "sleep")
        if entry is not None:
            if entry.state is EntryState.DONE:
                return
            run.park(CaseStatus.WAITING_TIMER)
        until = due()
        run.pending.journal.append(
            NewEntry(position=pos, kind=EntryKind.SLEEP, name="sleep", state=EntryState.PENDING)
        )
        run.pending.timers.append(NewTimer(kind=TimerKind.SLEEP, due_at=until, position=pos))
        run.pending.event("sleep.started", "system", position=pos, until=to_text(until))
        run.park(CaseStatus.WAITING_TIMER)

    # -- customer requests ------------------------------------------------------------------

    async def ask(
        self,
        model: type[M],
        prefill: M | Mapping[str, Any] | None = None,
        *,
        prompt: Text | None = None,
        deadline: timedelta | datetime | None = None,
        on_timeout: OnTimeout | None = None,
        reminders: Sequence[timedelta] = (),
        fields: Sequence[str] | None = None,
    ) -> M:
        """Ask the customer to fill in ``model`` (prefilled with guesses, shown as suggestions);
        returns a validated instance of ``model``."""
        run = self._run
        ref = run.engine.app.register_model(model)

        def spec() -> dict[str, Any]:
            if isinstance(prefill, BaseModel):
                prefill_json: Any = prefill.model_dump(mode="json", exclude_unset=True)
            else:
                prefill_json = codec.to_json_value(dict(prefill)) if prefill else {}
            return {
                "prompt": texts(prompt),
                "model": ref,
                "title": model.model_config.get("title") or model.__name__,
                "schema": run.engine.app.json_schema(model),
                "prefill": prefill_json,
                "fields": list(fields) if fields else None,
            }

        value = await self._request(
            RequestKind.ASK, f"ask:{model.__name__}", spec, deadline, on_timeout, reminders
        )
        return model.model_validate(value)

    async def confirm(
        self,
        proposal: Text,
        *,
        details: Mapping[str, Any] | None = None,
        deadline: timedelta | datetime | None = None,
        on_timeout: OnTimeout | None = None,
        reminders: Sequence[timedelta] = (),
    ) -> Confirmation:
        """Ask the customer to accept, decline or change a proposed action. The result is truthy
        when accepted."""
        value = await self._request(
            RequestKind.CONFIRM,
            "confirm",
            lambda: {"prompt": texts(proposal), "details": codec.to_json_value(details or {})},
            deadline,
            on_timeout,
            reminders,
        )
        return Confirmation.model_validate(value, context={"trusted": True})

    async def choose(
        self,
        options: Sequence[str | Option | Mapping[str, Any]],
        *,
        prompt: Text | None = None,
        multiple: bool = False,
        min: int = 1,
        max: int | None = None,
        deadline: timedelta | datetime | None = None,
        on_timeout: OnTimeout | None = None,
        reminders: Sequence[timedelta] = (),
        on_none: Escalate | None = NONE_OF_THESE,
    ) -> Choice:
        """Ask the customer to choose among defined options. "None of these" is always offered:
        by default it hands the request to an agent (``on_none``), whose choice (an option, or
        none with a comment) the process receives; with ``on_none=None`` the process gets
        ``Choice.none_of_these`` itself."""
        queue = self._run.engine.settings.default_queue
        none = on_none
        if on_none is NONE_OF_THESE:
            rule = self._run.engine.app.escalation(self._run.process, EscalationKind.NONE_OF_THESE)
            if rule is not None:
                none = Escalate(queue=rule.queue, reason=rule.reason(), priority=rule.priority)

        def spec() -> dict[str, Any]:
            opts = normalize_options(options)
            high = (max or len(opts)) if multiple else 1
            return {
                "prompt": texts(prompt),
                "options": opts,
                "min": min if multiple else 1,
                "max": high,
                "on_none": None
                if none is None
                else {
                    "queue": queue_name(none.queue) if none.queue is not None else queue,
                    "reason": none.reason,
                    "priority": none.priority,
                },
            }

        value = await self._request(
            RequestKind.CHOOSE, "choose", spec, deadline, on_timeout, reminders
        )
        return Choice.model_validate(value, context={"trusted": True})

    async def review(
        self,
        draft: Any,
        *,
        prompt: Text | None = None,
        deadline: timedelta | datetime | None = None,
        on_timeout: OnTimeout | None = None,
        reminders: Sequence[timedelta] = (),
    ) -> Review:
        """Ask the customer to approve a draft (text or structured) or return it with a comment."""
        value = await self._request(
            RequestKind.REVIEW,
            "review",
            lambda: {"prompt": texts(prompt), "draft": codec.to_json_value(draft)},
            deadline,
            on_timeout,
            reminders,
        )
        return Review.model_validate(value, context={"trusted": True})

    async def upload(
        self,
        *,
        prompt: Text | None = None,
        accept: Sequence[str] = ("application/pdf", "image/jpeg", "image/png"),
        max_bytes: int = 10 * 1024 * 1024,
        min_files: int = 1,
        max_files: int = 5,
        deadline: timedelta | datetime | None = None,
        on_timeout: OnTimeout | None = None,
        reminders: Sequence[timedelta] = (),
    ) -> Upload:
        """Ask the customer for documents (types and sizes limited)."""
        if not 0 <= min_files <= max_files:
            raise ValueError("upload needs 0 <= min_files <= max_files")
        value = await self._request(
            RequestKind.UPLOAD,
            "upload",
            lambda: {
                "prompt": texts(prompt),
                "accept": list(accept),
                "max_bytes": max_bytes,
                "min_files": min_files,
                "max_files": max_files,
            },
            deadline,
            on_timeout,
            reminders,
        )
        return Upload.model_validate(value, context={"trusted": True})

    async def _request(
        self,
        kind: RequestKind,
        name: str,
        make_spec: Callable[[], dict[str, Any]],
        deadline: timedelta | datetime | None,
        on_timeout: OnTimeout | None,
        reminders: Sequence[timedelta],
    ) -> Any:
        return await wait_for_customer(
            self._run, kind, name, make_spec, deadline, on_timeout, reminders
        )

    # -- agents -----------------------------------------------------------------------------

    @overload
    async def hand_to_agent(
        self,
        queue: str | Queue,
        *,
        reason: str,
        outcome: type[M],
        priority: int | None = ...,
        context: Mapping[str, Any] | None = ...,
    ) -> M: ...

    @overload
    async def hand_to_agent(
        self,
        queue: str | Queue,
        *,
        reason: str,
        outcome: None = ...,
        priority: int | None = ...,
        context: Mapping[str, Any] | None = ...,
    ) -> Any: ...

    async def hand_to_agent(
        self,
        queue: str | Queue,
        *,
        reason: str,
        outcome: type[M] | None = None,
        priority: int | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Any:
        """Create an agent task in ``queue`` (a name or a declared :class:`Queue`) and park
        until an agent completes it; returns the agent's outcome (an instance of ``outcome`` when
        given). ``priority`` ``None``: the queue's; the due time comes from the queue's SLA."""
        return await self._hand_over(
            queue_name(queue), reason, outcome, priority, context, cause="process", details={}
        )

    async def escalate_if(
        self,
        values: BaseModel | Mapping[str, Any] | None = None,
        *,
        confidence: float | None = None,
        asked_for_person: bool = False,
        outcome: type[BaseModel] | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Escalated | None:
        """Evaluate the declared escalation rules (``low_confidence`` against ``confidence``,
        ``asked_for_person``, ``amount_above`` and ``risk_above`` against the fields of
        ``values``). When one applies, an agent task is created in the rule's queue with the
        reason in words ("amount 12,500.00 EUR above 10,000.00 EUR") and the case parks until
        the agent completes it: the result holds the rule, the reason and the agent's outcome.
        ``None`` when no rule applies."""
        run = self._run
        found = pick_escalation(
            run.engine.app.escalations_for(run.process),
            values,
            confidence=confidence,
            asked_for_person=asked_for_person,
        )
        if found is None:
            return None
        rule, reason = found
        queue = rule.queue or run.engine.settings.default_queue
        value = await self._hand_over(
            queue,
            reason,
            outcome,
            rule.priority,
            context,
            cause="escalation",
            details={"rule": rule.kind.value},
        )
        return Escalated(rule=rule.kind, reason=reason, outcome=value)

    async def _hand_over(
        self,
        queue: str,
        reason: str,
        outcome: type[M] | None,
        priority: int | None,
        context: Mapping[str, Any] | None,
        *,
        cause: str,
        details: dict[str, Any],
    ) -> Any:
        run = self._run
        pos, entry = run.enter(EntryKind.TASK, queue)
        if entry is not None:
            if entry.state is EntryState.DONE:
                value = entry.result.get("value")
                return outcome.model_validate(value) if outcome is not None else value
            run.park(CaseStatus.WAITING_AGENT)
        if not reason.strip():
            raise ValueError("hand_to_agent needs a reason (it is shown to the agent)")
        spec: dict[str, Any] = {"context": codec.to_json_value(context or {})}
        if outcome is not None:
            spec["model"] = run.engine.app.register_model(outcome)
            spec["schema"] = run.engine.app.json_schema(outcome)
        ch = run.pending
        ch.journal.append(
            NewEntry(position=pos, kind=EntryKind.TASK, name=queue, state=EntryState.PENDING)
        )
        add_task(
            run.engine,
            ch,
            position=pos,
            queue=queue,
            reason=reason,
            priority=priority,
            spec=spec,
            cause=cause,
            now=run.engine.clock.now(),
            **details,
        )
        run.park(CaseStatus.WAITING_AGENT)
