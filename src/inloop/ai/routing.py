"""The routing policy: from an intent model's probabilities to ``auto``, ``customer`` or
``agent``.

- ``auto``: the top intent's probability is at least ``t_auto`` (and the intent is neither
  out-of-scope nor one the process author declared never automatic);
- ``customer``: the customer confirms or chooses among the top-k intents (with "none of
  these") when the k options together have probability at least ``t_menu[k]``;
- ``agent``: everything else, and every request whose top intent is out-of-scope.

``fit`` chooses the thresholds from out-of-fold probabilities of the *training* data:
``t_auto`` is the lowest confidence at which the automatic decisions were still right at least
``target_accuracy`` of the time with 95 % confidence (the Wilson lower bound of their accuracy
reaches the target: 5,000 automatic decisions need about 99.2 % right for a 99 % target, 300
need all of them right), so that the target holds on new requests and not only on average.
With out-of-scope examples, ``t_auto`` is raised further until at most ``1 - target_accuracy``
of them would have been processed automatically (they are too few to move the overall accuracy,
so they get the target on their own). ``t_menu[k]`` is the lowest menu probability below which
menus contained the true intent no more than ``menu_floor`` of the time (they would mostly waste the
customer's time).
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

MAX_MENU = 10
"""Menu sizes for which ``fit`` computes a threshold; larger menus use the one of this size."""
CONFIDENCE_Z = 1.645
"""One-sided 95 % normal quantile of the Wilson lower bound that ``t_auto`` must reach."""


class Route(enum.StrEnum):
    AUTO = "auto"
    CUSTOMER = "customer"
    AGENT = "agent"


@dataclasses.dataclass(frozen=True)
class Decision:
    """A route and why it was taken."""

    route: Route
    reason: str
    """``confident``, ``menu_likely``, ``never_auto``, ``out_of_scope`` or ``uncertain``."""
    options: tuple[str, ...]
    """The intents offered to the customer (the top intent for ``auto``)."""
    top_score: float
    menu_score: float
    t_auto: float
    t_menu: float

    def explain(self) -> dict[str, Any]:
        """The decision as a JSON-ready dict (for case events and ``evaluate``)."""
        return {
            "route": self.route.value,
            "reason": self.reason,
            "options": list(self.options),
            "top_score": round(self.top_score, 6),
            "menu_score": round(self.menu_score, 6),
            "t_auto": self.t_auto,
            "t_menu": self.t_menu,
        }


@dataclasses.dataclass(frozen=True)
class RoutingPolicy:
    t_auto: float
    """Top-1 probability from which a request is processed automatically (above 1: never)."""
    t_menu: Mapping[int, float]
    """Per menu size k: the top-k probability from which the customer is asked to choose."""
    target_accuracy: float = 0.99
    oos_label: str | None = None
    never_auto: frozenset[str] = frozenset()
    """Intents that are never processed automatically (the customer confirms them instead)."""

    def with_never_auto(self, intents: Iterable[str]) -> RoutingPolicy:
        return dataclasses.replace(self, never_auto=frozenset(intents))

    def menu_threshold(self, k: int) -> float:
        if not self.t_menu:
            return 0.0
        return self.t_menu.get(k, self.t_menu[max(self.t_menu)] if k > MAX_MENU else 0.0)

    def decide(self, labels: Sequence[str], scores: Sequence[float], k: int) -> Decision:
        """Route one request from its intents sorted by probability (all of them or at least
        the top k + 1) and their probabilities."""
        t_menu = self.menu_threshold(k)
        top, p1 = labels[0], float(scores[0])
        menu = [(lab, s) for lab, s in zip(labels, scores, strict=False) if lab != self.oos_label]
        options = tuple(lab for lab, _ in menu[:k])
        menu_score = float(sum(s for _, s in menu[:k]))

        def decision(route: Route, reason: str, offered: tuple[str, ...]) -> Decision:
            return Decision(route, reason, offered, p1, menu_score, self.t_auto, t_menu)

        if self.oos_label is not None and top == self.oos_label:
            return decision(Route.AGENT, "out_of_scope", ())
        if p1 >= self.t_auto:
            if top not in self.never_auto:
                return decision(Route.AUTO, "confident", (top,))
            return decision(Route.CUSTOMER, "never_auto", options)
        if menu_score >= t_menu:
            return decision(Route.CUSTOMER, "menu_likely", options)
        return decision(Route.AGENT, "uncertain", ())

    def to_dict(self) -> dict[str, Any]:
        return {
            "target_accuracy": self.target_accuracy,
            "t_auto": self.t_auto,
            "t_menu": {str(k): v for k, v in sorted(self.t_menu.items())},
            "oos_label": self.oos_label,
            "never_auto": sorted(self.never_auto),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RoutingPolicy:
        return cls(
            t_auto=float(data["t_auto"]),
            t_menu={int(k): float(v) for k, v in data["t_menu"].items()},
            target_accuracy=float(data["target_accuracy"]),
            oos_label=data.get("oos_label"),
            never_auto=frozenset(data.get("never_auto", ())),
        )

    @classmethod
    def fit(
        cls,
        probabilities: npt.NDArray[np.float64],
        truth: Sequence[str],
        classes: Sequence[str],
        *,
        target_accuracy: float = 0.99,
        oos_label: str | None = None,
        menu_floor: float = 0.5,
    ) -> RoutingPolicy:
        """Thresholds from out-of-fold ``probabilities`` (rows: requests, columns:
        ``classes``) of requests whose true intents are ``truth``."""
        cls_arr = np.asarray(classes)
        true = np.asarray(truth)
        order = np.argsort(-probabilities, axis=1, kind="stable")
        p1 = probabilities[np.arange(len(true)), order[:, 0]]
        top = cls_arr[order[:, 0]]
        correct = top == true
        in_scope = top != oos_label if oos_label is not None else np.ones(len(true), bool)
        t_auto = _lowest_confident_threshold(p1[in_scope], correct[in_scope], target_accuracy)
        if oos_label is not None:
            # out-of-scope requests are too few to move the overall accuracy: they get the
            # same target on their own
            t_auto = _above_out_of_scope(
                p1[true == oos_label], in_scope[true == oos_label], t_auto, 1.0 - target_accuracy
            )
        rest = ~((p1 >= t_auto) & in_scope) & in_scope
        t_menu: dict[int, float] = {}
        menu_order = order if oos_label is None else _without(order, cls_arr, oos_label)
        for k in range(1, min(MAX_MENU, menu_order.shape[1]) + 1):
            picked = menu_order[:, :k]
            score = np.take_along_axis(probabilities, picked, axis=1).sum(axis=1)
            hit = (cls_arr[picked] == true[:, None]).any(axis=1)
            t_menu[k] = _menu_threshold(score[rest], hit[rest], menu_floor)
        return cls(
            t_auto=t_auto, t_menu=t_menu, target_accuracy=target_accuracy, oos_label=oos_label
        )


NEVER = 1.01
"""A threshold no probability reaches."""


def _lowest_confident_threshold(
    confidence: npt.NDArray[np.float64], correct: npt.NDArray[np.bool_], target: float
) -> float:
    """The lowest confidence t such that the requests with confidence ≥ t were right at least
    ``target`` of the time with 95 % confidence (``NEVER`` if there is none)."""
    if confidence.size == 0:
        return NEVER
    idx = np.argsort(-confidence, kind="stable")
    conf, ok = confidence[idx], correct[idx]
    n = np.arange(1, len(ok) + 1)
    accuracy = np.cumsum(ok) / n
    z2 = CONFIDENCE_Z**2
    spread = CONFIDENCE_Z * np.sqrt(accuracy * (1 - accuracy) / n + z2 / (4 * n * n))
    lower = (accuracy + z2 / (2 * n) - spread) / (1 + z2 / n)
    # a prefix may only end where the confidence changes, so ties are all in or all out
    ends = np.r_[conf[1:] < conf[:-1], True]
    good = np.flatnonzero((lower >= target - 1e-12) & ends)
    if good.size == 0:
        return NEVER
    return _floor6(float(conf[good[-1]]))


def _above_out_of_scope(
    confidence: npt.NDArray[np.float64],
    in_scope: npt.NDArray[np.bool_],
    t_auto: float,
    allowed: float,
) -> float:
    """``t_auto``, raised until at most ``allowed`` of the out-of-scope requests (their top
    confidence and whether their top intent was in scope) would be processed automatically."""
    if confidence.size == 0:
        return t_auto
    mistaken = np.sort(confidence[in_scope & (confidence >= t_auto)])[::-1]
    keep = math.floor(allowed * confidence.size + 1e-9)
    if mistaken.size <= keep:
        return t_auto
    # just above the confidence of the first one that must no longer be automatic
    return min(NEVER, math.floor(float(mistaken[keep]) * 1e6 + 1) / 1e6)


def _menu_threshold(
    score: npt.NDArray[np.float64], hit: npt.NDArray[np.bool_], floor: float
) -> float:
    """The menu probability below which menus contained the true intent at most ``floor`` of
    the time (0.0: every menu is offered)."""
    if score.size == 0:
        return 0.0
    idx = np.argsort(score, kind="stable")
    sc, ok = score[idx], hit[idx]
    rate = np.cumsum(ok) / np.arange(1, len(ok) + 1)
    bad = np.flatnonzero(rate <= floor)
    if bad.size == 0:
        return 0.0
    last = int(bad[-1])
    if last + 1 >= len(sc):
        return NEVER
    return _floor6(float(sc[last + 1]))


def _without(order: npt.NDArray[np.intp], classes: npt.NDArray[Any], label: str) -> Any:
    """``order`` with the column index of ``label`` removed from each row."""
    positions = np.flatnonzero(classes == label)
    if positions.size == 0:
        return order
    keep = order != positions[0]
    return order[keep].reshape(order.shape[0], order.shape[1] - 1)


def _floor6(x: float) -> float:
    """``x`` rounded down to 6 decimals (so the request it came from stays above it)."""
    return math.floor(x * 1e6) / 1e6
