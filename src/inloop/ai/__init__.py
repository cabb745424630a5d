"""AI that knows when to ask: the intent model, its routing policy, extraction, questions,
suggested replies and the process API.

``IntentModel`` classifies a request into one of the intents it was trained on, with
calibrated probabilities; ``RoutingPolicy`` turns those probabilities into a route (``auto``,
``customer`` or ``agent``) with thresholds chosen on the training data by cross-validation.
``AI`` configures ``case.ai`` (classify, route, extract, ask for what is missing, suggest a
reply) for the processes of an ``App``.
"""

from __future__ import annotations

from inloop.ai.errors import DataInvalid, FeaturesUnavailable, LLMUnavailable, ModelInvalid
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
