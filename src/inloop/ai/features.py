"""Feature kinds of the intent model and which of them are installed."""

from __future__ import annotations

from typing import Literal

from inloop.ai import encoder
from inloop.ai.errors import FeaturesUnavailable

FeatureKind = Literal["tfidf", "embeddings", "ensemble"]
FEATURE_KINDS: tuple[FeatureKind, ...] = ("tfidf", "embeddings", "ensemble")
COMPONENTS: dict[FeatureKind, tuple[str, ...]] = {
    "tfidf": ("tfidf", "wordvec"),
    "embeddings": ("embeddings",),
    "ensemble": ("tfidf", "wordvec", "embeddings"),
}
"""The classifiers each kind trains (``tfidf``: TF-IDF n-grams, ``wordvec``: the shipped static
word vectors, ``embeddings``: the MiniLM sentence encoder); several are combined by a weighted
geometric mean of their calibrated probabilities."""


def installed_kinds() -> list[FeatureKind]:
    """The feature kinds that can be trained here, best last: ``tfidf`` always;
    ``embeddings`` and ``ensemble`` with the optional extra ``inloop[embeddings]``."""
    if encoder.available():
        return ["tfidf", "embeddings", "ensemble"]
    return ["tfidf"]


def best_installed() -> FeatureKind:
    return installed_kinds()[-1]


def check_kind(kind: str) -> FeatureKind:
    """``kind`` if it can be trained here, else a ``FeaturesUnavailable`` saying what to do."""
    if kind not in FEATURE_KINDS:
        raise FeaturesUnavailable(
            f"features {kind!r} is not one of {', '.join(FEATURE_KINDS)}", features=kind
        )
    for known in installed_kinds():
        if known == kind:
            return known
    raise FeaturesUnavailable(
        f"features {kind!r} needs the optional extra inloop[embeddings], which is not "
        "installed; install it with: pip install 'inloop[embeddings]'",
        features=kind,
    )
