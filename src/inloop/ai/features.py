"""Feature kinds of the intent model and which of them are installed."""

from __future__ import annotations

import importlib.util
from typing import Literal

from inloop.ai.errors import FeaturesUnavailable

FeatureKind = Literal["tfidf", "embeddings", "ensemble"]
FEATURE_KINDS: tuple[FeatureKind, ...] = ("tfidf", "embeddings", "ensemble")
EMBEDDINGS_MODULE = "sentence_transformers"
"""The package ``inloop[embeddings]`` brings; ``embeddings`` and ``ensemble`` need it."""


def installed_kinds() -> list[FeatureKind]:
    """The feature kinds that can be trained here, best last.

    ``embeddings`` and ``ensemble`` are not implemented yet, so only ``tfidf`` is offered even
    when the optional package is present."""
    return ["tfidf"]


def best_installed() -> FeatureKind:
    return installed_kinds()[-1]


def check_kind(kind: str) -> FeatureKind:
    """``kind`` if it can be trained here, else a ``FeaturesUnavailable`` saying what to do."""
    if kind not in FEATURE_KINDS:
        raise FeaturesUnavailable(
            f"features {kind!r} is not one of {', '.join(FEATURE_KINDS)}", features=kind
        )
    if kind in installed_kinds():
        return kind
    if importlib.util.find_spec(EMBEDDINGS_MODULE) is None:
        raise FeaturesUnavailable(
            f"features {kind!r} needs the optional extra inloop[embeddings], which is not "
            "installed; install it with: pip install 'inloop[embeddings]'",
            features=kind,
        )
    raise FeaturesUnavailable(
        f"features {kind!r} is not available in this version of inloop; use tfidf",
        features=kind,
    )
