"""The AI a process uses, and what its steps return.

    app = inloop.App(ai=AI(model="models/banking77", risk={"card_blocking": "never_auto"}))

:class:`AI` is the configuration a process author gives the app: the intent model (a model
directory or an :class:`~inloop.ai.intent.IntentModel`; without one, the directory of the
``intent_model`` setting, else the built-in Banking77 model), customer-readable labels, a reply
library, an optional LLM provider, per-intent risk settings and the menu size. It is checked when
it is made, so a missing model directory, an unknown intent in ``risk`` or a bad menu size stops
the app from starting instead of failing a case. The model is loaded once per AI (and per
setting's directory), never per case.

:class:`Classification`, :class:`Routing`, :class:`Extraction` and :class:`ReplySuggestions`
are what ``case.ai`` returns: plain JSON underneath, because each is the recorded result of a
step and a replay returns the record instead of asking the model again.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from inloop.ai import builtin
from inloop.ai.errors import ModelInvalid
from inloop.ai.intent import IntentModel
from inloop.ai.labels import Labels, check_labels, load_labels
from inloop.ai.routing import MAX_MENU, Decision, Route
from inloop.errors import ConfigError

if TYPE_CHECKING:
    from inloop.ai.llm import LLMProvider
    from inloop.ai.replies import ReplyLibrary
    from inloop.config import Settings

Risk = Literal["never_auto", "agent"]
RISKS: tuple[str, ...] = ("never_auto", "agent")
"""``never_auto``: never processed automatically, the customer confirms at least;
``agent``: always a person."""


TEXT_FIELDS = ("text", "message")
"""The fields of a case input that hold the customer's request, by default (the contact form
and inbound mail start cases with ``text``)."""


def request_text_in(data: Any, fields: Sequence[str] = TEXT_FIELDS) -> str | None:
    """The customer's request in a case input: the input itself when it is text, else its
    first field of ``fields`` that holds non-blank text; ``None`` without one."""
    if isinstance(data, str) and data.strip():
        return data
    if isinstance(data, Mapping):
        for name in fields:
            value = data.get(name)
            if isinstance(value, str) and value.strip():
                return value
    return None


class AI:
    """What ``case.ai`` works with. Every argument is optional.

    ``model``: a model directory or a trained :class:`IntentModel` (default: the directory of
    the ``intent_model`` setting, ``INLOOP_INTENT_MODEL``, else the built-in Banking77 model;
    loaded on first use). ``labels``:
    customer-readable intent labels (``{intent: {"en": ..., "de": ...}}`` or a JSON file),
    looked up before the shipped ones. ``replies``: the reply library for ``suggest_reply``
    (default: the shipped one). ``llm``: an :class:`~inloop.ai.llm.LLMProvider` that may word
    questions and order the menu (never the route). ``risk``: ``{intent: "never_auto" |
    "agent"}``. ``menu_size``: how many intents the customer may choose among (1 to 10).
    ``queue``: the agent queue of hand-overs (default: the ``default_queue`` setting).
    ``text_fields``: the fields of the case input holding the customer's request.
    ``threshold``: extracted values below this confidence are asked again.
    """

    def __init__(
        self,
        *,
        model: str | Path | IntentModel | None = None,
        labels: Mapping[str, Mapping[str, str]] | str | Path | None = None,
        replies: ReplyLibrary | None = None,
        llm: LLMProvider | None = None,
        risk: Mapping[str, str] | None = None,
        menu_size: int = 3,
        queue: str | None = None,
        text_fields: Sequence[str] = TEXT_FIELDS,
        threshold: float = 0.8,
    ) -> None:
        if isinstance(menu_size, bool) or not isinstance(menu_size, int):
            raise ConfigError(f"AI(menu_size=...) must be a whole number, not {menu_size!r}")
        if not 1 <= menu_size <= MAX_MENU:
            raise ConfigError(f"AI(menu_size={menu_size}) must be between 1 and {MAX_MENU}")
        if not 0.0 <= threshold <= 1.0:
            raise ConfigError(f"AI(threshold={threshold}) must be between 0 and 1")
        if queue is not None and not queue.strip():
            raise ConfigError("AI(queue=...) must not be empty")
        if isinstance(text_fields, str) or not text_fields or not all(text_fields):
            raise ConfigError("AI(text_fields=...) must be a non-empty list of field names")
        self.risk: dict[str, str] = dict(risk or {})
        bad = {k: v for k, v in self.risk.items() if v not in RISKS}
        if bad:
            intent, level = next(iter(bad.items()))
            raise ConfigError(
                f"AI(risk=...): {intent!r} has the level {level!r}; use one of {', '.join(RISKS)}"
            )
        if isinstance(labels, str | Path):
            self.labels: Labels | None = load_labels(labels)
        else:
            self.labels = check_labels(labels, source="AI(labels=...)") if labels else None
        self.replies = replies
        self.llm = llm
        self.menu_size = menu_size
        self.queue = queue
        self.text_fields = tuple(text_fields)
        self.threshold = threshold
        self._lock = threading.Lock()
        self._by_path: dict[str, IntentModel] = {}
        self._model: IntentModel | None = None
        self._infos: dict[int, dict[str, Any]] = {}
        self.forms: dict[tuple[Any, ...], type[BaseModel]] = {}
        """The forms ``ask_missing`` made, by model, fields and questions (made once)."""
        if isinstance(model, IntentModel):
            if not model.classes:
                raise ModelInvalid("AI(model=...) is not trained; train or load it first")
            self._model = model
        elif model is not None:
            self._model = IntentModel.load(model)
        if self._model is not None:
            self._check_risk(self._model)

    def __repr__(self) -> str:
        source = (
            model_info(self._model)["version"] if self._model else "INLOOP_INTENT_MODEL or builtin"
        )
        return f"AI(model={source!r}, menu_size={self.menu_size}, risk={self.risk!r})"

    def _check_risk(self, model: IntentModel) -> None:
        unknown = sorted(set(self.risk) - set(model.classes))
        if unknown:
            raise ConfigError(
                f"AI(risk=...) names intents the model does not know: {', '.join(unknown)} "
                f"(known: {', '.join(model.classes)})"
            )

    def intent_model(self, settings: Settings) -> IntentModel:
        """The model given to the AI, else the one in the ``intent_model`` setting's directory,
        else the built-in Banking77 model (trained once into the cache next to the database,
        see :mod:`inloop.ai.builtin`). Loaded once and kept."""
        if self._model is not None:
            return self._model
        directory = settings.intent_model
        key = directory or f"{builtin.PREFIX}{builtin.cache_dir(settings)}"
        with self._lock:
            model = self._by_path.get(key)
            if model is None:
                # the built-in model is trained on first need, by one process at a time
                path = directory or builtin.prepare(builtin.cache_dir(settings)).path
                model = IntentModel.load(path)
                self._check_risk(model)
                self._by_path[key] = model
        return model

    def model_info(self, model: IntentModel) -> dict[str, Any]:
        """:func:`model_info` of ``model``, computed once."""
        info = self._infos.get(id(model))
        if info is None:
            info = self._infos[id(model)] = model_info(model)
        return info

    def reply_library(self) -> ReplyLibrary:
        if self.replies is None:
            from inloop.ai.replies import ReplyLibrary

            return ReplyLibrary.default()
        return self.replies


def model_info(model: IntentModel) -> dict[str, Any]:
    """``version`` (the model's own, else a digest of its metadata: a retrained model gets a
    new one), ``features``, ``trained_at``, ``inloop_version`` and ``intents``."""
    meta = model.metadata or {}
    version = meta.get("version")
    if not isinstance(version, str) or not version:
        digest = hashlib.sha256(
            json.dumps(meta, sort_keys=True, default=str).encode("utf-8")
        ).hexdigest()
        version = f"sha256:{digest[:12]}"
    return {
        "version": version,
        "features": meta.get("features"),
        "trained_at": meta.get("created_at"),
        "inloop_version": meta.get("inloop_version"),
        "intents": len(model.classes),
    }


# -- results ----------------------------------------------------------------------------------


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class IntentScore(_Result):
    """One of the top intents: its name, probability and customer-readable label."""

    intent: str
    score: float
    label: str


class ModelInfo(_Result):
    version: str
    features: str | None = None
    trained_at: str | None = None
    inloop_version: str | None = None
    intents: int = 0


class RouteDecision(_Result):
    """The routing :class:`~inloop.ai.routing.Decision` as recorded (``Decision.explain()``),
    with ``risk``: the risk setting of the top intent, if it has one."""

    route: Route
    reason: str
    options: tuple[str, ...]
    top_score: float
    menu_score: float
    t_auto: float
    t_menu: float
    risk: str | None = None

    def as_decision(self) -> Decision:
        return Decision(
            self.route,
            self.reason,
            self.options,
            self.top_score,
            self.menu_score,
            self.t_auto,
            self.t_menu,
        )


class Classification(_Result):
    """What ``case.ai.classify`` returns: the top intents (most likely first, with labels in
    the customer's language), the model that said so, and the routing decision."""

    intent: str
    """The most likely intent."""
    confidence: float
    """Its probability."""
    scores: tuple[IntentScore, ...]
    model: ModelInfo
    decision: RouteDecision

    @property
    def route(self) -> Route:
        return self.decision.route

    @property
    def model_version(self) -> str:
        return self.model.version


class Routing(_Result):
    """What ``case.ai.route`` returns: the intent the case goes on with (``None`` when none of
    the offered ones fits), and who settled it."""

    intent: str | None
    predicted: str
    """The model's top intent."""
    action: Literal["auto", "confirm", "choose", "agent"]
    by: str
    """``ai`` for ``auto``; else the actor who answered (``customer``, ``agent:<id>``)."""
    reason: str
    comment: str | None = None

    @property
    def confirmed(self) -> bool:
        """The case goes on with the predicted intent."""
        return self.intent is not None and self.intent == self.predicted


class FieldGuess(_Result):
    value: Any
    confidence: float
    source: Literal["extract", "llm"] = "extract"


class Extraction(_Result):
    """What ``case.ai.extract`` returns: the proposed values of a model's fields (JSON form),
    each with its confidence and source."""

    model: str
    """The model's reference (``module:QualName``)."""
    fields: dict[str, FieldGuess] = Field(default_factory=dict)

    @property
    def values(self) -> dict[str, Any]:
        return {name: guess.value for name, guess in self.fields.items()}

    @property
    def confidences(self) -> dict[str, float]:
        return {name: guess.confidence for name, guess in self.fields.items()}


class ReplySuggestion(_Result):
    """An approved reply, filled where the case knew the placeholders; ``language`` is the
    language of ``text`` (the case's, where the template has it)."""

    text: str
    intent: str
    score: float
    template_id: str
    missing: tuple[str, ...] = ()
    language: str = "en"
    fits_intent: bool | None = None
    """Whether ``intent`` is the intent the request was classified as; ``None`` without a
    classification, or when the reply library's intents are not the intent model's."""


class ReplySuggestions(_Result):
    """What ``case.ai.suggest_reply`` returns, best first."""

    replies: tuple[ReplySuggestion, ...]

    @property
    def best(self) -> ReplySuggestion | None:
        return self.replies[0] if self.replies else None


class IntentOutcome(BaseModel):
    """What an agent records when ``case.ai.route`` hands the request over: the intent it
    really is (empty when none of the model's intents fits)."""

    intent: str | None = Field(
        default=None,
        max_length=200,
        title="Intent",
        description="The intent of the request; leave empty when none fits",
    )
    comment: str | None = Field(default=None, max_length=5000, title="Comment")
