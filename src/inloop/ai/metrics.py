"""Accuracy and routing figures of an intent model on labelled requests.

For each request: ``auto`` is *correct* if top-1 is the true intent, otherwise a **wrong
automatic decision**; ``customer`` is *resolved by the customer* if the true intent is among the
offered options, otherwise it goes to a human; ``agent`` goes to a human. Out-of-scope requests
(labelled with the policy's ``oos_label``, or the one given) are also counted apart: how many
there are, and the share of them that would have been processed automatically.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from inloop.ai.routing import Route, RoutingPolicy

if TYPE_CHECKING:
    from inloop.ai.intent import Prediction


def evaluate(
    predictions: Sequence[Prediction],
    truth: Sequence[str],
    policy: RoutingPolicy,
    *,
    k: int = 3,
    oos_label: str | None = None,
) -> dict[str, Any]:
    """Figures for ``predictions`` (each with at least k intents, best k + 1) of requests whose
    true intents are ``truth``, routed by ``policy`` with menus of k options; ``oos_label``
    (default: the policy's) marks the out-of-scope requests."""
    from sklearn.metrics import f1_score

    n = len(truth)
    if n == 0:
        raise ValueError("no requests to evaluate")
    oos_label = oos_label if oos_label is not None else policy.oos_label
    top1 = topk = auto_ok = auto_wrong = customer = resolved = agent = oos = oos_auto = 0
    for prediction, true in zip(predictions, truth, strict=True):
        top1 += prediction.labels[0] == true
        topk += true in prediction.labels[:k]
        decision = policy.decide(prediction.labels, prediction.scores, k)
        if oos_label is not None and true == oos_label:
            oos += 1
            oos_auto += decision.route is Route.AUTO
        if decision.route is Route.AUTO:
            if prediction.labels[0] == true:
                auto_ok += 1
            else:
                auto_wrong += 1
        elif decision.route is Route.CUSTOMER:
            customer += 1
            resolved += true in decision.options
        else:
            agent += 1
    predicted = [p.labels[0] for p in predictions]
    macro_f1 = f1_score(list(truth), predicted, average="macro", zero_division=0)
    return {
        "n": n,
        "top1": round(top1 / n, 4),
        f"top{k}": round(topk / n, 4),
        "macro_f1": round(float(macro_f1), 4),
        "automation_rate": round(auto_ok / n, 4),
        "wrong_automatic_rate": round(auto_wrong / n, 4),
        "customer_involvement_rate": round(customer / n, 4),
        "customer_resolved_rate": round(resolved / n, 4),
        "human_rate": round((agent + customer - resolved) / n, 4),
        "agent_rate": round(agent / n, 4),
        "menu_size": k,
        "out_of_scope_n": oos,
        "out_of_scope_auto_rate": round(oos_auto / oos, 4) if oos else None,
    }
