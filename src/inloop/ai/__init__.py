"""AI that knows when to ask: the intent model and its routing policy.

``IntentModel`` classifies a request into one of the intents it was trained on, with
calibrated probabilities; ``RoutingPolicy`` turns those probabilities into a route (``auto``,
``customer`` or ``agent``) with thresholds chosen on the training data by cross-validation.
"""

from __future__ import annotations

from inloop.ai.errors import DataInvalid, FeaturesUnavailable, ModelInvalid
from inloop.ai.intent import IntentModel, Prediction
from inloop.ai.routing import Decision, Route, RoutingPolicy

__all__ = [
    "DataInvalid",
    "Decision",
    "FeaturesUnavailable",
    "IntentModel",
    "ModelInvalid",
    "Prediction",
    "Route",
    "RoutingPolicy",
]
