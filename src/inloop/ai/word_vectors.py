"""Static word vectors: a sentence's vector is the mean of its tokens' vectors, no neural network
at run time.

The table shipped in ``resources/word_vectors/`` holds one 256-number vector for each of the
30,522 tokens of all-MiniLM-L6-v2's vocabulary, distilled from that encoder on customer-service
texts (``scripts/build-word-vectors`` in the source repository tells how). It gives the default
intent model some of the encoder's sense of meaning ("cheque" near "check", "pop-up" near
"top-up") with numpy alone: no torch, a fraction of a millisecond per request.

A model trained with these vectors keeps its own copy (the table is pickled with the
classifier), so a model directory stays usable when the shipped table changes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inloop.ai.errors import ModelInvalid
from inloop.ai.wordpiece import WordPiece

PACKAGED = Path(__file__).parent / "resources" / "word_vectors"
VECTORS_FILE = "vectors.npy"
VOCABULARY_FILE = "vocab.txt"
BUILD_FILE = "build.json"


class WordVectors:
    """A token vocabulary and its vector table; ``transform`` turns texts into unit vectors."""

    def __init__(self, vocabulary: Sequence[str], table: npt.NDArray[Any], info: dict[str, Any]):
        if len(vocabulary) != table.shape[0] or table.ndim != 2:
            raise ModelInvalid(
                f"word vectors: {len(vocabulary)} tokens but a table of shape {table.shape}"
            )
        self.vocabulary = list(vocabulary)
        self.table = table.astype(np.float16)
        self.info = dict(info)
        self._tokenizer: WordPiece | None = None

    @classmethod
    def load(cls, directory: str | Path | None = None) -> WordVectors:
        """The table in ``directory`` (as written by ``scripts/build-word-vectors``), or the
        shipped one."""
        path = Path(directory) if directory is not None else PACKAGED
        for name in (VECTORS_FILE, VOCABULARY_FILE):
            if not (path / name).is_file():
                raise ModelInvalid(f"word vectors: {str(path)!r} has no {name}", path=str(path))
        try:
            table = np.load(path / VECTORS_FILE, allow_pickle=False)
            vocabulary = (path / VOCABULARY_FILE).read_text(encoding="utf-8").splitlines()
            build = path / BUILD_FILE
            info = json.loads(build.read_text(encoding="utf-8")) if build.is_file() else {}
        except (OSError, ValueError) as exc:
            raise ModelInvalid(f"word vectors in {str(path)!r} cannot be read: {exc}") from None
        return cls(vocabulary, table, info)

    @property
    def dimensions(self) -> int:
        return int(self.table.shape[1])

    @property
    def tokenizer(self) -> WordPiece:
        if self._tokenizer is None:
            self._tokenizer = WordPiece(self.vocabulary)
        return self._tokenizer

    def transform(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One unit-length row per text (zeros for a text without a single token)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        tokenizer = self.tokenizer
        for row, text in enumerate(texts):
            ids = tokenizer.encode(text)
            if ids:
                out[row] = self.table[ids].astype(np.float32).mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out /= np.where(norms > 0.0, norms, 1.0)
        return out

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_tokenizer"] = None  # rebuilt from the vocabulary on first use
        return state
