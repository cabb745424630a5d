"""Errors of ``inloop.ai`` (each an ``InloopError`` with a stable code)."""

from __future__ import annotations

from inloop.errors import InloopError


class DataInvalid(InloopError):
    """Training, evaluation or prediction input that cannot be used (missing file or column,
    empty file, unknown labels, a bad ``top_k``)."""

    code = "data_invalid"


class ModelInvalid(InloopError):
    """A model directory that is missing, incomplete or of another format version."""

    code = "model_invalid"


class FeaturesUnavailable(InloopError):
    """The requested feature kind needs an optional package that is not installed."""

    code = "features_unavailable"


class LLMUnavailable(InloopError):
    """The LLM provider gave no usable answer (timeout, network or HTTP error, a reply that is
    not JSON, a refusal). Callers treat it as "no suggestion" and take the path without the LLM.
    ``data`` holds ``operation``, ``model``, ``reason`` (a stable code), ``attempts`` and
    ``latency_ms``; never the key, the customer's text or the reply."""

    code = "llm_unavailable"
