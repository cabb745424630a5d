"""AI that knows when to ask: the intent model, its routing policy, extraction, questions,
suggested replies and the process API.

``IntentModel`` classifies a request into one of the intents it was trained on, with
calibrated probabilities; ``RoutingPolicy`` turns those probabilities into a route (``auto``,
``customer`` or ``agent``) with thresholds chosen on the training data by cross-validation.
``AI`` configures ``case.ai`` (classify, route, extract, ask for what is missing, suggest a
reply) for the processes of an ``App``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from inloop.ai.errors import DataInvalid, FeaturesUnavailable, LLMUnavailable, ModelInvalid

if TYPE_CHECKING:
    from inloop.ai.intent import IntentModel, Prediction
    from inloop.ai.labels import Labels, label_text
    from inloop.ai.llm import LLMProvider
    from inloop.ai.process import (
        AI,
        Classification,
        Extraction,
        IntentOutcome,
        ReplySuggestions,
        Routing,
    )
    from inloop.ai.replies import ReplyLibrary, SuggestedReply
    from inloop.ai.routing import Decision, Route, RoutingPolicy

# Imported on first use: numpy, scikit-learn and httpx stay out of processes that never
# classify (a worker starts in a fraction of a second).
_LAZY = {
    "IntentModel": "intent",
    "Prediction": "intent",
    "Labels": "labels",
    "label_text": "labels",
    "LLMProvider": "llm",
    "AI": "process",
    "Classification": "process",
    "Extraction": "process",
    "IntentOutcome": "process",
    "ReplySuggestions": "process",
    "Routing": "process",
    "ReplyLibrary": "replies",
    "SuggestedReply": "replies",
    "Decision": "routing",
    "Route": "routing",
    "RoutingPolicy": "routing",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'inloop.ai' has no attribute {name!r}")
    value = getattr(import_module(f"inloop.ai.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AI",
    "Classification",
    "DataInvalid",
    "Decision",
    "Extraction",
    "FeaturesUnavailable",
    "IntentModel",
    "IntentOutcome",
    "LLMProvider",
    "LLMUnavailable",
    "Labels",
    "ModelInvalid",
    "Prediction",
    "ReplyLibrary",
    "ReplySuggestions",
    "Route",
    "Routing",
    "RoutingPolicy",
    "SuggestedReply",
    "label_text",
]
