"""Agent queues and escalation rules, as a process author declares them.

A :class:`Queue` names a queue, its default task priority and its :class:`~inloop.humans.sla.
SLAPolicy`; ``app.queue(...)`` declares one (or ``App(queues=[...])``). Tasks created in a
declared queue get their due time from the queue's policy.

An :class:`Escalation` rule says which queue and priority a situation goes to, and every task it
creates records the reason in words an agent understands:

=====================================  =========================================================
rule                                   evaluated
=====================================  =========================================================
``Escalation.none_of_these()``         the customer chose "none of these" in ``case.choose``
``Escalation.invalid_answers(n)``      the customer's answer to a request was invalid ``n`` times
``Escalation.deadline_passed()``       a request's deadline passed (``on_timeout`` not given, or
                                       ``Escalate`` without a queue)
``Escalation.low_confidence(below)``   ``case.escalate_if(confidence=...)``
``Escalation.asked_for_person()``      ``case.escalate_if(asked_for_person=True)``
``Escalation.amount_above(f, limit)``  ``case.escalate_if(values)``: ``values[f] > limit``
``Escalation.risk_above(f, limit)``    ``case.escalate_if(values)``: ``values[f] > limit``
=====================================  =========================================================

Rules are given per process (``app.process(..., escalations=[...])``) and for the whole app
(``App(escalations=[...])``); the process's rules come first, and the first rule of a kind
applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from inloop.humans.sla import SLAPolicy


def check_queue_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > 200 or not name.isprintable():
        raise ValueError(f"queue name {name!r}: use 1 to 200 printable characters")
    return name


@dataclass(frozen=True, kw_only=True, eq=False)
class Queue:
    """An agent queue: its ``name``, the default ``priority`` of its tasks (higher first) and
    its ``sla`` policy (``None``: tasks have no due time)."""

    name: str
    sla: SLAPolicy | None = None
    priority: int = 0
    description: str = ""

    def __post_init__(self) -> None:
        check_queue_name(self.name)
        if not isinstance(self.priority, int) or isinstance(self.priority, bool):
            raise ValueError(f"queue {self.name!r}: priority must be an integer")
        if self.sla is not None and not isinstance(self.sla, SLAPolicy):
            raise ValueError(f"queue {self.name!r}: sla must be an SLAPolicy")


def queue_name(queue: str | Queue) -> str:
    return queue.name if isinstance(queue, Queue) else check_queue_name(queue)


class EscalationKind(StrEnum):
    LOW_CONFIDENCE = "low_confidence"
    """The AI's confidence is below a threshold."""
    NONE_OF_THESE = "none_of_these"
    """The customer chose "none of these"."""
    ASKED_FOR_PERSON = "asked_for_person"
    """The customer asked to talk to a person."""
    INVALID_ANSWERS = "invalid_answers"
    """The customer's answers to one request were invalid too often."""
    DEADLINE_PASSED = "deadline_passed"
    """A request's deadline passed without an answer."""
    AMOUNT_ABOVE = "amount_above"
    """An amount is above a limit."""
    RISK_ABOVE = "risk_above"
    """A risk score is above a limit."""


def _number(value: Any, what: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number")
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{what} must be a number, not {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{what} must be a finite number")
    return number


def format_amount(value: Decimal, currency: str | None) -> str:
    """``12,500.00 EUR``: grouped, two decimals, the currency after."""
    text = f"{value.quantize(Decimal('0.01')):,.2f}"
    return f"{text} {currency}" if currency else text


@dataclass(frozen=True, kw_only=True, eq=False)
class Escalation:
    """A declared escalation rule: in the situation ``kind``, a task goes to ``queue`` (default:
    the setting ``default_queue``) with ``priority`` (default: the queue's). Make one with the
    class methods."""

    kind: EscalationKind
    queue: str | None = None
    priority: int | None = None
    limit: Decimal | None = None
    field: str | None = None
    currency: str | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if self.queue is not None:
            check_queue_name(self.queue)
        if self.priority is not None and (
            not isinstance(self.priority, int) or isinstance(self.priority, bool)
        ):
            raise ValueError(f"escalation {self.kind.value}: priority must be an integer")

    # -- the rules --------------------------------------------------------------------------

    @classmethod
    def low_confidence(
        cls, below: float, *, queue: str | Queue | None = None, priority: int | None = None
    ) -> Escalation:
        """Escalate when the confidence given to ``case.escalate_if`` is below ``below``."""
        limit = _number(below, "low_confidence: below")
        if not Decimal(0) < limit <= Decimal(1):
            raise ValueError("low_confidence: below must lie in (0, 1]")
        return cls(kind=EscalationKind.LOW_CONFIDENCE, limit=limit, **_target(queue, priority))

    @classmethod
    def none_of_these(
        cls, *, queue: str | Queue | None = None, priority: int | None = None
    ) -> Escalation:
        """Where a ``choose`` goes when the customer picks "none of these" (``on_none`` left at
        its default)."""
        return cls(kind=EscalationKind.NONE_OF_THESE, **_target(queue, priority))

    @classmethod
    def asked_for_person(
        cls, *, queue: str | Queue | None = None, priority: int | None = None
    ) -> Escalation:
        """Escalate when ``case.escalate_if(asked_for_person=True)``."""
        return cls(kind=EscalationKind.ASKED_FOR_PERSON, **_target(queue, priority))

    @classmethod
    def invalid_answers(
        cls, n: int, *, queue: str | Queue | None = None, priority: int | None = None
    ) -> Escalation:
        """Escalate a request after ``n`` invalid answers (instead of the setting
        ``max_answer_attempts``)."""
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ValueError(f"invalid_answers: n must be a whole number of at least 1, not {n!r}")
        return cls(kind=EscalationKind.INVALID_ANSWERS, count=n, **_target(queue, priority))

    @classmethod
    def deadline_passed(
        cls, *, queue: str | Queue | None = None, priority: int | None = None
    ) -> Escalation:
        """Where a request goes when its deadline passes (``on_timeout`` not given, or
        ``Escalate`` without a queue)."""
        return cls(kind=EscalationKind.DEADLINE_PASSED, **_target(queue, priority))

    @classmethod
    def amount_above(
        cls,
        field: str,
        limit: Decimal | int | str,
        *,
        currency: str | None = None,
        queue: str | Queue | None = None,
        priority: int | None = None,
    ) -> Escalation:
        """Escalate when ``values[field]`` given to ``case.escalate_if`` is above ``limit``."""
        number = _number(limit, f"amount_above({field!r}): limit")
        if number < 0:
            raise ValueError(f"amount_above({field!r}): limit must not be negative")
        return cls(
            kind=EscalationKind.AMOUNT_ABOVE,
            field=_field(field),
            limit=number,
            currency=currency,
            **_target(queue, priority),
        )

    @classmethod
    def risk_above(
        cls,
        field: str,
        limit: float | Decimal,
        *,
        queue: str | Queue | None = None,
        priority: int | None = None,
    ) -> Escalation:
        """Escalate when the risk score ``values[field]`` is above ``limit``."""
        return cls(
            kind=EscalationKind.RISK_ABOVE,
            field=_field(field),
            limit=_number(limit, f"risk_above({field!r}): limit"),
            **_target(queue, priority),
        )

    # -- evaluating -------------------------------------------------------------------------

    def reason(self, value: Any = None) -> str:
        """The reason recorded on the task, in words an agent understands."""
        kind = self.kind
        if kind is EscalationKind.NONE_OF_THESE:
            return "customer chose 'none of these'"
        if kind is EscalationKind.ASKED_FOR_PERSON:
            return "customer asked for a person"
        if kind is EscalationKind.INVALID_ANSWERS:
            times = value if value is not None else self.count
            return f"customer's answer was invalid {times} times"
        if kind is EscalationKind.DEADLINE_PASSED:
            return "customer did not answer before the deadline"
        assert self.limit is not None
        if kind is EscalationKind.LOW_CONFIDENCE:
            return f"AI confidence {_number(value, 'confidence'):.2f} below {self.limit:.2f}"
        if kind is EscalationKind.AMOUNT_ABOVE:
            return (
                f"{self.field} {format_amount(_number(value, str(self.field)), self.currency)} "
                f"above {format_amount(self.limit, self.currency)}"
            )
        return f"{self.field} {_number(value, str(self.field))} above {self.limit}"

    def applies(self, value: Any) -> bool:
        """Whether the value given for this rule's situation triggers it."""
        kind = self.kind
        if kind is EscalationKind.ASKED_FOR_PERSON:
            return bool(value)
        if value is None or self.limit is None:
            return False
        number = _number(value, self.field or kind.value)
        if kind is EscalationKind.LOW_CONFIDENCE:
            return number < self.limit
        return number > self.limit

    def describe(self) -> str:
        extra = {
            EscalationKind.LOW_CONFIDENCE: f"below={self.limit}",
            EscalationKind.INVALID_ANSWERS: f"n={self.count}",
            EscalationKind.AMOUNT_ABOVE: f"{self.field!r}, {self.limit}",
            EscalationKind.RISK_ABOVE: f"{self.field!r}, {self.limit}",
        }.get(self.kind, "")
        return f"Escalation.{self.kind.value}({extra})"


@dataclass(frozen=True, kw_only=True, slots=True)
class Escalated:
    """What ``case.escalate_if`` returns when a rule applied: the rule's kind, the reason
    recorded on the task, and the outcome the agent completed the task with."""

    rule: EscalationKind
    reason: str
    outcome: Any


def _target(queue: str | Queue | None, priority: int | None) -> dict[str, Any]:
    return {"queue": None if queue is None else queue_name(queue), "priority": priority}


def _field(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError("an escalation rule needs the name of a field")
    return name


def field_value(values: BaseModel | Mapping[str, Any] | None, path: str) -> Any:
    """``values[path]`` (dots go into nested models and mappings); ``None`` when missing."""
    current: Any = values
    for part in path.split("."):
        if current is None:
            return None
        if isinstance(current, BaseModel):
            current = getattr(current, part, None)
        elif isinstance(current, Mapping):
            current = current.get(part)
        else:
            return None
    return current
