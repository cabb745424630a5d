"""Processes and the :class:`App` that holds them.

A process is an ``async def`` taking a :class:`~inloop.engine.case.Case`, registered under a
stable name and a version. Cases are pinned to the version they started on, so a new version can
be registered beside the old one while cases of the old one still wait for customers.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from inloop.errors import InvalidPayload, UnknownProcess, field_errors_from_pydantic
from inloop.humans.queues import Escalation, EscalationKind, Queue, queue_name
from inloop.humans.sla import SLAPolicy

if TYPE_CHECKING:
    from inloop.ai.process import AI
    from inloop.engine.case import Case

ProcessFn = Callable[["Case"], Awaitable[Any]]


@dataclass(frozen=True)
class Stage:
    """A customer-visible stage with its name in other languages:
    ``Stage("Details", de="Angaben")``. The first argument is the stable name ``set_stage`` uses
    (and the English label)."""

    name: str
    labels: dict[str, str]

    def __init__(self, name: str, **labels: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "labels", {"en": name, **labels})


@dataclass(frozen=True, kw_only=True)
class Process:
    """A registered process: what ``@app.process`` returns."""

    name: str
    version: str
    fn: ProcessFn
    stages: tuple[str, ...]
    stage_labels: dict[str, dict[str, str]]
    """Stage name -> labels by language (stages declared with :class:`Stage`)."""
    input: type[BaseModel] | None
    description: str
    escalations: tuple[Escalation, ...] = ()
    """The process's escalation rules (before the app's)."""

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    def validate_input(self, payload: Any) -> Any:
        """The payload as stored (plain JSON) after checking it against ``input``."""
        if self.input is None:
            return payload
        try:
            return self.input.model_validate(payload).model_dump(mode="json")
        except ValidationError as exc:
            errors = field_errors_from_pydantic(exc.errors())
            raise InvalidPayload(
                f"the input of process {self.name!r} is invalid: "
                + "; ".join(f"{e['field']}: {e['message']}" for e in errors),
                process=self.name,
                errors=errors,
            ) from None

    async def __call__(self, case: Case) -> Any:
        return await self.fn(case)


class App:
    """The registered processes of one application.

    >>> app = App()
    >>> @app.process("address_change", stages=["Received", "Done"])
    ... async def address_change(case): ...

    ``queues`` declares agent queues with their SLA policies (or call :meth:`queue`);
    ``escalations`` are rules for every process (see :mod:`inloop.humans.queues`).
    ``ai`` is the :class:`~inloop.ai.process.AI` that ``case.ai`` works with (default: an
    ``AI()`` with the model of the ``intent_model`` setting, made on first use).
    """

    def __init__(
        self,
        *,
        queues: Sequence[Queue] = (),
        escalations: Sequence[Escalation] = (),
        ai: AI | None = None,
    ) -> None:
        if ai is not None:
            from inloop.ai.process import AI

            if not isinstance(ai, AI):
                raise TypeError(f"App(ai=...) must be an inloop.ai.process.AI, not {ai!r}")
        self.ai = ai
        self._versions: dict[str, dict[str, Process]] = {}
        self._current: dict[str, str] = {}
        self._models: dict[str, type[BaseModel]] = {}
        self._schemas: dict[type[BaseModel], dict[str, Any]] = {}
        self._queues: dict[str, Queue] = {}
        for q in queues:
            self.add_queue(q)
        self._escalations = self._checked_rules(escalations, "the app")

    # -- queues and escalation rules --------------------------------------------------------

    def queue(
        self,
        name: str,
        *,
        sla: SLAPolicy | None = None,
        priority: int = 0,
        description: str = "",
    ) -> Queue:
        """Declare the agent queue ``name``: tasks created in it get ``priority`` unless they
        name one, and a due time from ``sla``. Returns the :class:`Queue`, which
        ``hand_to_agent``, ``Escalate`` and escalation rules accept in place of the name."""
        return self.add_queue(Queue(name=name, sla=sla, priority=priority, description=description))

    def add_queue(self, queue: Queue) -> Queue:
        if not isinstance(queue, Queue):
            raise ValueError(f"queues must be Queue objects, not {queue!r}")
        if queue.name in self._queues:
            raise ValueError(f"queue {queue.name!r} is declared twice")
        self._queues[queue.name] = queue
        return queue

    @property
    def queues(self) -> dict[str, Queue]:
        """The declared queues by name."""
        return dict(self._queues)

    def queue_for(self, name: str | Queue) -> Queue | None:
        """The declared queue of that name (``None`` for a queue that was not declared)."""
        return self._queues.get(queue_name(name))

    def escalation(self, process: Process | None, kind: EscalationKind) -> Escalation | None:
        """The rule for ``kind``: the process's first, else the app's; ``None`` without one."""
        return next((r for r in self.escalations_for(process) if r.kind is kind), None)

    def escalations_for(self, process: Process | None) -> tuple[Escalation, ...]:
        """The rules that apply to ``process``: its own, then the app's."""
        return (*(process.escalations if process is not None else ()), *self._escalations)

    def _checked_rules(self, rules: Sequence[Escalation], owner: str) -> tuple[Escalation, ...]:
        for rule in rules:
            if not isinstance(rule, Escalation):
                raise ValueError(f"{owner}: escalation rules must be Escalation objects")
            if rule.queue is not None and rule.queue not in self._queues:
                known = ", ".join(sorted(self._queues)) or "none"
                raise ValueError(
                    f"{owner}: {rule.describe()} names queue {rule.queue!r}, which is not "
                    f"declared (declared queues: {known}); declare it with app.queue() first"
                )
        return tuple(rules)

    def process(
        self,
        name: str,
        *,
        version: str = "1",
        stages: Sequence[str | Stage] = (),
        input: type[BaseModel] | None = None,
        current: bool = True,
        description: str = "",
        escalations: Sequence[Escalation] = (),
    ) -> Callable[[ProcessFn], Process]:
        """Register an ``async def process(case)``. ``stages`` are the customer-visible steps
        (names, or :class:`Stage` with translations),
        ``input`` a pydantic model the start payload must fit, ``escalations`` the process's
        escalation rules. The version registered last with ``current=True`` is the one new cases
        start on."""
        if not name or not name.replace("_", "").replace("-", "").replace(".", "").isalnum():
            raise ValueError(f"process name {name!r}: use letters, digits, '_', '-' or '.'")
        if "@" in version or not version:
            raise ValueError(f"process version {version!r} must be non-empty without '@'")
        names = [st.name if isinstance(st, Stage) else st for st in stages]
        labels = {st.name: st.labels for st in stages if isinstance(st, Stage)}
        if len(set(names)) != len(names):
            raise ValueError(f"process {name!r}: stage names must be unique")
        rules = self._checked_rules(escalations, f"process {name!r}")

        def register(fn: ProcessFn) -> Process:
            versions = self._versions.setdefault(name, {})
            if version in versions:
                raise ValueError(f"process {name!r} version {version!r} is registered already")
            proc = Process(
                name=name,
                version=version,
                fn=fn,
                stages=tuple(names),
                stage_labels=labels,
                input=input,
                description=description or (fn.__doc__ or "").strip(),
                escalations=rules,
            )
            versions[version] = proc
            if current or name not in self._current:
                self._current[name] = version
            return proc

        return register

    def get(self, name: str | Process, version: str | None = None) -> Process:
        if isinstance(name, Process):
            version = version or name.version
            name = name.name
        versions = self._versions.get(name)
        if not versions:
            known = ", ".join(sorted(self._versions)) or "none"
            raise UnknownProcess(f"no process named {name!r} (registered: {known})", process=name)
        version = version or self._current[name]
        proc = versions.get(version)
        if proc is None:
            raise UnknownProcess(
                f"process {name!r} has no version {version!r} "
                f"(registered: {', '.join(sorted(versions))})",
                process=name,
                version=version,
            )
        return proc

    def keys(self) -> list[str]:
        """``name@version`` of every registered process version."""
        return [p.key for versions in self._versions.values() for p in versions.values()]

    @property
    def processes(self) -> list[Process]:
        return [p for versions in self._versions.values() for p in versions.values()]

    def register_model(self, model: type[BaseModel]) -> str:
        """Remember a model that requests and tasks are validated with (also one defined inside
        a function, which cannot be imported by its reference); returns its reference."""
        ref = model_ref(model)
        self._models[ref] = model
        return ref

    def json_schema(self, model: type[BaseModel]) -> dict[str, Any]:
        """The model's JSON Schema (computed once per model)."""
        schema = self._schemas.get(model)
        if schema is None:
            schema = self._schemas[model] = model.model_json_schema()
        return schema

    def resolve_model(self, ref: str | None) -> type[BaseModel] | None:
        """The model a request or task was created with, or ``None`` when the code no longer
        has it (callers then validate against the stored JSON Schema)."""
        if not ref:
            return None
        model = self._models.get(ref)
        if model is None and "<locals>" not in ref:
            model = import_model(ref)
            if model is not None:
                self._models[ref] = model
        return model


def model_ref(model: type[BaseModel]) -> str:
    """The stable reference stored with a request: ``module:QualName``."""
    return f"{model.__module__}:{model.__qualname__}"


def import_model(ref: str) -> type[BaseModel] | None:
    module_name, _, qualname = ref.partition(":")
    found: Any = None
    try:
        found = sys.modules.get(module_name) or importlib.import_module(module_name)
        for part in qualname.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError, ValueError):
        return None
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None
