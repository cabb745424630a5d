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

import asyncio
import contextlib
import inspect
import random as _random
import time
import typing
import uuid as _uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from pydantic import BaseModel, TypeAdapter

from inloop import codec
from inloop.clock import from_text, to_text
from inloop.engine.process import Process
from inloop.engine.waits import (
    BUILTIN_ANSWERS,
    Choice,
    Confirmation,
    Escalate,
    OnTimeout,
    Option,
    Review,
    Upload,
    UseDefault,
    fallback_to_json,
    normalize_options,
    validate_model_value,
)
from inloop.errors import (
    ConcurrentCaseUse,
    InvalidStage,
    NonDeterminismError,
    RequestTimedOut,
    StepFailed,
    StorageError,
)
from inloop.ids import new_id
from inloop.records import (
    CaseRecord,
    CaseStatus,
    Customer,
    EntryKind,
    EntryState,
    JournalEntry,
    RequestKind,
    TimerKind,
)
from inloop.storage.changes import (
    Changes,
    GuardFailed,
    NewEntry,
    NewOutbox,
    NewRequest,
    NewTask,
    NewTimer,
)

if TYPE_CHECKING:
    from inloop.engine.engine import Engine

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
Text = str | Mapping[str, str]
"""Customer-facing text: a string, or translations by language code (``{"en": ..., "de": ...}``)."""


class Suspend(BaseException):
    """Unwinds a process body when its case parks. Not an ``Exception``: a process's
    ``except Exception`` does not swallow it."""


class RunAborted(BaseException):
    """Unwinds a process body when a checkpoint could not be committed (the lease was lost or
    the database failed); the case stays as last committed and runs again later."""


def _texts(text: Text | None) -> dict[str, str] | None:
    if text is None:
        return None
    if isinstance(text, str):
        return {"en": text}
    return dict(text)


_RETURN_ADAPTERS: dict[Any, TypeAdapter[Any] | None] = {}


def _return_adapter(fn: Callable[..., Any]) -> TypeAdapter[Any] | None:
    key = getattr(fn, "__func__", fn)
    if key in _RETURN_ADAPTERS:
        return _RETURN_ADAPTERS[key]
    adapter: TypeAdapter[Any] | None = None
    try:
        hint = typing.get_type_hints(fn).get("return")
    except Exception:
        hint = None
    if hint is not None and hint is not type(None) and hint is not Any:
        try:
            adapter = TypeAdapter(hint)
        except Exception:
            adapter = None
    with contextlib.suppress(TypeError):  # an unhashable callable is not cached
        _RETURN_ADAPTERS[key] = adapter
    return adapter


class CaseRun:
    """One execution of a process body against the journal of its case (engine-internal)."""

    def __init__(
        self,
        engine: Engine,
        process: Process,
        record: CaseRecord,
        journal: list[JournalEntry],
    ) -> None:
        self.engine = engine
        self.process = process
        self.record = record
        self.journal = journal
        self.position = 0
        self.stage = record.stage
        self.pending = self._new_changes()
        self.unflushed_steps = 0
        self.busy = False
        self.park_status: CaseStatus | None = None
        self.diverged: NonDeterminismError | None = None
        self.aborted: BaseException | None = None

    def _new_changes(self) -> Changes:
        return Changes(
            case_id=self.record.id, at=self.engine.clock.now(), lease_token=self.record.lease_token
        )

    async def flush(self) -> None:
        """Commit the buffered writes (a checkpoint)."""
        changes, self.pending = self.pending, self._new_changes()
        changes.at = self.engine.clock.now()
        try:
            await self.engine.store.apply(changes)
        except (GuardFailed, StorageError) as exc:
            self.aborted = exc
            raise RunAborted() from exc
        self.unflushed_steps = 0

    def enter(self, kind: EntryKind, name: str) -> tuple[int, JournalEntry | None]:
        if self.aborted is not None:
            raise RunAborted()
        if self.diverged is not None:
            raise self.diverged
        if self.park_status is not None:
            raise Suspend()
        if self.busy:
            raise ConcurrentCaseUse(
                "case operations must be awaited one at a time (no gather or tasks on a case)",
                case_id=self.record.id,
                position=self.position,
            )
        pos = self.position
        self.position += 1
        entry = self.journal[pos] if pos < len(self.journal) else None
        if entry is not None and (entry.kind != kind or entry.name != name):
            self.diverged = NonDeterminismError(
                f"case {self.record.id}: at position {pos} the process asked for "
                f"{kind.value} {name!r}, but the journal records {entry.kind.value} "
                f"{entry.name!r}; the process code changed under a running case",
                case_id=self.record.id,
                position=pos,
                expected={"kind": kind.value, "name": name},
                recorded={"kind": entry.kind.value, "name": entry.name},
                process=self.process.key,
            )
            raise self.diverged
        return pos, entry

    def park(self, status: CaseStatus) -> typing.NoReturn:
        self.park_status = status
        self.pending.status = status
        raise Suspend()

    def check_complete(self) -> None:
        """After the body returned: a journal longer than the replay is a divergence too."""
        if self.diverged is None and self.position < len(self.journal):
            entry = self.journal[self.position]
            self.diverged = NonDeterminismError(
                f"case {self.record.id}: the process finished at position {self.position}, but "
                f"the journal records {entry.kind.value} {entry.name!r} there",
                case_id=self.record.id,
                position=self.position,
                expected={"kind": "end", "name": ""},
                recorded={"kind": entry.kind.value, "name": entry.name},
                process=self.process.key,
            )


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
                    "message": _texts(message),
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
        run = self._run
        step_name = name or getattr(fn, "__name__", None) or repr(fn)
        pos, entry = run.enter(EntryKind.STEP, step_name)
        if entry is not None:
            if entry.state is EntryState.DONE:
                return self._step_result(fn, step_name, pos, entry.result)
            if entry.state is EntryState.STARTED:
                return await self._unknown_outcome(fn, step_name, pos)
            run.park(CaseStatus.WAITING_AGENT)  # an unknown outcome already went to an agent
        if run.unflushed_steps:
            await run.flush()
        if at_most_once:
            run.pending.journal.append(
                NewEntry(
                    position=pos, kind=EntryKind.STEP, name=step_name, state=EntryState.STARTED
                )
            )
            await run.flush()
        run.busy = True
        started = time.perf_counter()
        attempt = 0
        try:
            while True:
                attempt += 1
                try:
                    if inspect.iscoroutinefunction(fn):
                        raw = await fn(*args, **kwargs)
                    else:
                        raw = await asyncio.to_thread(fn, *args, **kwargs)
                        if inspect.isawaitable(raw):
                            raw = await raw
                    record: dict[str, Any] = {"v": codec.to_json_value(raw)}
                    break
                except Exception as exc:
                    if attempt <= retries:
                        await asyncio.sleep(retry_delay * 2 ** (attempt - 1))
                        continue
                    record = {"e": {"type": type(exc).__name__, "message": str(exc)}}
                    break
        finally:
            run.busy = False
        ms = round((time.perf_counter() - started) * 1000, 3)
        if at_most_once:
            run.pending.resolve.append((pos, record))
        else:
            run.pending.journal.append(
                NewEntry(
                    position=pos,
                    kind=EntryKind.STEP,
                    name=step_name,
                    state=EntryState.DONE,
                    result=record,
                )
            )
        if "e" in record:
            run.pending.event(
                "step.failed",
                "system",
                step=step_name,
                position=pos,
                attempts=attempt,
                error_type=record["e"]["type"],
                message=record["e"]["message"],
            )
        else:
            run.pending.event(
                "step.completed",
                "system",
                step=step_name,
                position=pos,
                attempts=attempt,
                duration_ms=ms,
            )
        run.unflushed_steps += 1
        return self._step_result(fn, step_name, pos, record)

    def idempotency_key(self, position: int | None = None) -> str:
        """The stable key of the step at ``position`` (default: the next step):
        ``<case id>:<position>``."""
        return f"{self.id}:{self._run.position if position is None else position}"

    @property
    def step_key(self) -> str:
        """Inside a step function called by :meth:`step`: the key of that step."""
        return f"{self.id}:{self._run.position - 1}"

    def _step_result(self, fn: Any, step_name: str, pos: int, record: Any) -> Any:
        if "e" in record:
            raise StepFailed(
                f"step {step_name!r} failed: {record['e']['type']}: {record['e']['message']}",
                case_id=self.id,
                position=pos,
                step=step_name,
                error_type=record["e"]["type"],
            )
        adapter = _return_adapter(fn)
        value = record["v"]
        return adapter.validate_python(value) if adapter is not None else value

    async def _unknown_outcome(self, fn: Any, step_name: str, pos: int) -> Any:
        run = self._run
        task_id = new_id("task")
        run.pending.tasks.append(
            NewTask(
                id=task_id,
                position=pos,
                queue=run.engine.settings.default_queue,
                reason=f"the outcome of step {step_name!r} is unknown after an interruption; "
                "check whether it happened and record its result",
                priority=10,
                spec={"resolves": "step", "step": step_name},
            )
        )
        run.pending.mark_pending.append(pos)
        run.pending.event(
            "task.created",
            "system",
            task_id=task_id,
            queue=run.engine.settings.default_queue,
            reason="step_outcome_unknown",
            step=step_name,
            position=pos,
        )
        run.park(CaseStatus.WAITING_AGENT)

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

    @overload
    async def ask(
        self,
        model: type[M],
        *,
        prefill: M | Mapping[str, Any] | None = ...,
        prompt: Text | None = ...,
        deadline: timedelta | datetime | None = ...,
        on_timeout: OnTimeout | None = ...,
        reminders: Sequence[timedelta] = ...,
        fields: Sequence[str] | None = ...,
    ) -> M: ...

    @overload
    async def ask(
        self,
        model: type[M],
        prefill: M | Mapping[str, Any] | None = ...,
        *,
        prompt: Text | None = ...,
        deadline: timedelta | datetime | None = ...,
        on_timeout: OnTimeout | None = ...,
        reminders: Sequence[timedelta] = ...,
        fields: Sequence[str] | None = ...,
    ) -> M: ...

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
                "prompt": _texts(prompt),
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
            lambda: {"prompt": _texts(proposal), "details": codec.to_json_value(details or {})},
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
    ) -> Choice:
        """Ask the customer to choose among defined options; "none of these" is always offered
        (``Choice.none_of_these``)."""

        def spec() -> dict[str, Any]:
            opts = normalize_options(options)
            high = (max or len(opts)) if multiple else 1
            return {
                "prompt": _texts(prompt),
                "options": opts,
                "min": min if multiple else 1,
                "max": high,
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
            lambda: {"prompt": _texts(prompt), "draft": codec.to_json_value(draft)},
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
                "prompt": _texts(prompt),
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
        run = self._run
        pos, entry = run.enter(EntryKind.REQUEST, name)
        if entry is not None:
            if entry.state is EntryState.DONE:
                return self._wait_result(entry.result, pos, kind.value)
            run.park(CaseStatus.WAITING_CUSTOMER)
        spec = make_spec()
        settings = run.engine.settings
        now = run.engine.clock.now()
        if deadline is None:
            due = now + settings.default_deadline
        elif isinstance(deadline, timedelta):
            due = now + deadline
        else:
            due = deadline
        if due <= now:
            raise ValueError(f"the deadline of a {kind.value} request must lie in the future")
        fallback = on_timeout or Escalate()
        if isinstance(fallback, UseDefault):
            model = BUILTIN_ANSWERS.get(kind) or run.engine.app.resolve_model(spec.get("model"))
            fallback = UseDefault(
                value=validate_model_value(
                    model, spec.get("schema"), codec.to_json_value(fallback.value), context=spec
                )
            )
        plan = sorted(reminders)
        if any(r <= timedelta(0) or now + r >= due for r in plan):
            raise ValueError(
                "reminders must fall after the request is sent and before its deadline"
            )
        request_id = new_id("req")
        ch = run.pending
        ch.journal.append(
            NewEntry(position=pos, kind=EntryKind.REQUEST, name=name, state=EntryState.PENDING)
        )
        ch.requests.append(
            NewRequest(
                id=request_id,
                position=pos,
                kind=kind,
                spec=spec,
                deadline=due,
                on_timeout=fallback_to_json(fallback, settings.default_queue),
            )
        )
        ch.timers.append(
            NewTimer(kind=TimerKind.DEADLINE, due_at=due, position=pos, ref=request_id)
        )
        for n, offset in enumerate(plan, start=1):
            ch.timers.append(
                NewTimer(
                    kind=TimerKind.REMINDER,
                    due_at=now + offset,
                    position=pos,
                    ref=request_id,
                    payload={"n": n},
                )
            )
        ch.outbox.append(
            NewOutbox(
                channel="customer",
                kind="request",
                idempotency_key=f"{request_id}:sent",
                payload={
                    "case_id": self.id,
                    "request_id": request_id,
                    "kind": kind.value,
                    "locale": self.customer.locale,
                    "deadline": to_text(due),
                },
            )
        )
        ch.event(
            "request.sent",
            "system",
            request_id=request_id,
            kind=kind.value,
            position=pos,
            deadline=to_text(due),
            reminders=len(plan),
            prompt=spec.get("prompt"),
        )
        run.park(CaseStatus.WAITING_CUSTOMER)

    def _wait_result(self, result: Any, pos: int, what: str) -> Any:
        if result.get("outcome") == "timeout":
            raise RequestTimedOut(
                f"nobody answered the {what} at position {pos} before its deadline",
                case_id=self.id,
                position=pos,
            )
        return result.get("value")

    # -- agents -----------------------------------------------------------------------------

    @overload
    async def hand_to_agent(
        self,
        queue: str,
        *,
        reason: str,
        outcome: type[M],
        priority: int = ...,
        context: Mapping[str, Any] | None = ...,
    ) -> M: ...

    @overload
    async def hand_to_agent(
        self,
        queue: str,
        *,
        reason: str,
        outcome: None = ...,
        priority: int = ...,
        context: Mapping[str, Any] | None = ...,
    ) -> Any: ...

    async def hand_to_agent(
        self,
        queue: str,
        *,
        reason: str,
        outcome: type[M] | None = None,
        priority: int = 0,
        context: Mapping[str, Any] | None = None,
    ) -> Any:
        """Create an agent task in ``queue`` and park until an agent completes it; returns the
        agent's outcome (an instance of ``outcome`` when given)."""
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
        task_id = new_id("task")
        ch = run.pending
        ch.journal.append(
            NewEntry(position=pos, kind=EntryKind.TASK, name=queue, state=EntryState.PENDING)
        )
        ch.tasks.append(
            NewTask(
                id=task_id, position=pos, queue=queue, reason=reason, priority=priority, spec=spec
            )
        )
        ch.event(
            "task.created",
            "system",
            task_id=task_id,
            queue=queue,
            reason=reason,
            priority=priority,
            position=pos,
        )
        run.park(CaseStatus.WAITING_AGENT)
