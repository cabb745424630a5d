"""Running a step: the side effect, its retries, its journal entry and its event."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import time
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import TypeAdapter

from inloop import codec
from inloop.engine.handoff import add_task
from inloop.engine.run import CaseRun
from inloop.errors import StepFailed
from inloop.records import CaseStatus, EntryKind, EntryState
from inloop.storage.changes import NewEntry

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


async def run_step(
    run: CaseRun,
    fn: Callable[..., Any],
    args: Sequence[Any],
    kwargs: Mapping[str, Any],
    *,
    name: str | None,
    retries: int,
    retry_delay: float,
    at_most_once: bool,
) -> Any:
    """The body of :meth:`Case.step`."""
    step_name = name or getattr(fn, "__name__", None) or repr(fn)
    pos, entry = run.enter(EntryKind.STEP, step_name)
    if entry is not None:
        if entry.state is EntryState.DONE:
            return step_result(run, fn, step_name, pos, entry.result)
        if entry.state is EntryState.STARTED:
            unknown_outcome(run, fn, step_name, pos)
        run.park(CaseStatus.WAITING_AGENT)  # an unknown outcome already went to an agent
    run.busy = True  # from here on the step awaits: another case operation now is an error
    try:
        if run.unflushed_steps:
            await run.flush()
        if at_most_once:
            run.pending.journal.append(
                NewEntry(
                    position=pos, kind=EntryKind.STEP, name=step_name, state=EntryState.STARTED
                )
            )
            await run.flush()
        started = time.perf_counter()
        attempt = 0
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
    return step_result(run, fn, step_name, pos, record)


def step_result(run: CaseRun, fn: Any, step_name: str, pos: int, record: Any) -> Any:
    if "e" in record:
        raise StepFailed(
            f"step {step_name!r} failed: {record['e']['type']}: {record['e']['message']}",
            case_id=run.record.id,
            position=pos,
            step=step_name,
            error_type=record["e"]["type"],
        )
    adapter = _return_adapter(fn)
    value = record["v"]
    return adapter.validate_python(value) if adapter is not None else value


def unknown_outcome(
    run: CaseRun, fn: Callable[..., Any], step_name: str, pos: int
) -> typing.NoReturn:
    """An at-most-once step was started but never recorded: an agent must find out. The task
    carries the JSON Schema of the step's return type, so the agent's answer is checked."""
    reason = (
        f"the outcome of step {step_name!r} is unknown after an interruption; "
        "check whether it happened and record its result"
    )
    spec: dict[str, Any] = {"resolves": "step", "step": step_name}
    adapter = _return_adapter(fn)
    if adapter is not None:
        with contextlib.suppress(Exception):  # a type without a JSON Schema is not checked
            spec["schema"] = adapter.json_schema()
    run.pending.mark_pending.append(pos)
    add_task(
        run.engine,
        run.pending,
        position=pos,
        queue=None,
        reason=reason,
        priority=10,
        spec=spec,
        cause="step_outcome_unknown",
        now=run.engine.clock.now(),
        step=step_name,
    )
    run.park(CaseStatus.WAITING_AGENT)
