"""``case.ai``: the AI steps of a process, each one recorded like ``case.step``.

    intent = await case.ai.classify()                 # ai.classified: model, scores, decision
    routing = await case.ai.route(intent)             # auto | confirm | choose | agent
    details = await case.ai.ask_missing(NewCard)      # asks only what extraction missed
    replies = await case.ai.suggest_reply()

Each operation is a journal entry of kind ``step``: the first run asks the model (and the LLM,
if one is configured) and records the result with its event; a replay returns the record and
never touches a model, so a retrained, replaced or broken model cannot change what a running
case already decided. The events carry the model version, the scores and the decision, never
the customer's text or the extracted values (those stay in the journal, like any step result).
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError, create_model
from pydantic.fields import FieldInfo

from inloop import codec
from inloop.ai import prefill
from inloop.ai.errors import DataInvalid, LLMUnavailable
from inloop.ai.labels import LANGUAGES, label_text, language
from inloop.ai.process import (
    AI,
    Classification,
    Extraction,
    IntentOutcome,
    ReplySuggestions,
    Routing,
    request_text_in,
)
from inloop.ai.questions import _resolve, confirm_intro, fields_to_ask, menu, questions
from inloop.ai.routing import Decision, Route
from inloop.engine.waits import Escalate, OnTimeout, Option
from inloop.records import EntryKind, EntryState
from inloop.storage.changes import NewEntry

if TYPE_CHECKING:
    from inloop.ai.intent import IntentModel
    from inloop.ai.llm import LLMCall, LLMProvider
    from inloop.engine.case import Case
    from inloop.engine.run import CaseRun

M = TypeVar("M", bound=BaseModel)
Emit = Callable[[int, float], None]

LLM_CONFIDENCE = 0.6
"""Confidence given to a value only the LLM proposed (below the default ``threshold``, so the
customer checks it)."""
RESERVED = frozenset({"confidence", "model_version", "model"})
"""Keys of the extraction record; a model field may not be named like them."""
NONE_FITS = "none of the offered intents fits"


class CaseAI:
    """The AI of one case (``case.ai``). Built by the case; use its methods in a process."""

    def __init__(self, case: Case, run: CaseRun, ai: AI) -> None:
        self._case = case
        self._run = run
        self._ai = ai

    # -- facts ------------------------------------------------------------------------------

    @property
    def config(self) -> AI:
        return self._ai

    @property
    def lang(self) -> str:
        """The case's language for labels and questions (``en`` or ``de``)."""
        return language(self._case.customer.locale)

    def request_text(self, text: str | None = None) -> str:
        """``text``, else the customer's request in the case input: the input itself when it
        is text, else its first field of ``AI.text_fields`` (default ``text``, then
        ``message``) that holds non-blank text."""
        if text is not None:
            if not isinstance(text, str):
                raise TypeError(f"text must be a str, not {type(text).__name__}")
            return text
        found = request_text_in(self._run.record.input, self._ai.text_fields)
        if found is not None:
            return found
        raise DataInvalid(
            f"case {self._case.id}: the input has no request text in "
            f"{' or '.join(self._ai.text_fields)}; pass text=... or set AI(text_fields=...)",
            case_id=self._case.id,
        )

    # -- classify ---------------------------------------------------------------------------

    async def classify(self, text: str | None = None) -> Classification:
        """The top intents of the request with their probabilities and labels, the model's
        version, and the routing decision (``auto``, ``customer`` or ``agent``, with the
        ``risk`` settings applied). Recorded: writes ``ai.classified``."""
        request = self.request_text(text)
        ai, lang = self._ai, self.lang
        decided: list[dict[str, Any]] = []

        async def compute() -> tuple[Any, Emit]:
            settings = self._run.engine.settings
            model = await asyncio.to_thread(ai.intent_model, settings)
            k = min(ai.menu_size, len(model.classes))
            top_k = min(k + 1, len(model.classes))
            prediction = (await asyncio.to_thread(model.predict, [request], top_k))[0]
            decision, risk = self._decide(model, prediction.labels, prediction.scores, k)
            info = ai.model_info(model)
            scores = [
                {"intent": i, "score": round(s, 6), "label": label_text(i, lang, ai.labels)}
                for i, s in zip(prediction.labels, prediction.scores, strict=True)
            ]
            record = {
                "intent": prediction.labels[0],
                "confidence": round(prediction.scores[0], 6),
                "model_version": info["version"],
                "model": info,
                "scores": scores,
            }
            explained = {**decision.explain(), "risk": risk}
            decided.append(explained)

            def emit(pos: int, ms: float) -> None:
                self._run.pending.event(
                    "ai.classified",
                    "ai",
                    position=pos,
                    intent=record["intent"],
                    confidence=record["confidence"],
                    scores=[{"intent": s["intent"], "score": s["score"]} for s in scores],
                    model=info,
                    decision=explained,
                    duration_ms=ms,
                )

            return record, emit

        record = await self._recorded("ai.classify", compute)

        async def decide() -> tuple[Any, Emit]:
            return decided[0], _no_event

        explained = await self._recorded("ai.decide", decide, checkpoint=False)
        return Classification.model_validate({**record, "decision": explained})

    def _decide(
        self, model: IntentModel, labels: Sequence[str], scores: Sequence[float], k: int
    ) -> tuple[Decision, str | None]:
        """The policy's decision: a confirm (menu of one) when the top intent alone is likely
        enough, else a menu of ``k``; then the risk setting of the top intent."""
        from inloop.ai.intent import Prediction

        prediction = Prediction(tuple(labels), tuple(scores))
        decision = model.route(prediction, 1)
        if decision.route is Route.AGENT and k > 1:
            decision = model.route(prediction, k)
        top = labels[0]
        risk = self._ai.risk.get(top)
        if risk == "agent" and decision.route is not Route.AGENT:
            decision = Decision(
                Route.AGENT,
                "risk",
                (),
                decision.top_score,
                decision.menu_score,
                decision.t_auto,
                decision.t_menu,
            )
        elif risk == "never_auto" and decision.route is Route.AUTO:
            decision = Decision(
                Route.CUSTOMER,
                "never_auto",
                (top,),
                decision.top_score,
                decision.menu_score,
                decision.t_auto,
                decision.t_menu,
            )
        return decision, risk

    # -- route ------------------------------------------------------------------------------

    async def route(
        self,
        classification: Classification,
        text: str | None = None,
        *,
        queue: str | None = None,
        deadline: timedelta | datetime | None = None,
        on_timeout: OnTimeout | None = None,
        reminders: Sequence[timedelta] = (),
    ) -> Routing:
        """Carry out the decision of ``classification``: ``auto`` returns the intent;
        ``customer`` asks the customer to confirm the top intent (``never_auto``, or a menu of
        one) or to choose among the menu with "none of these" (which hands the choice to an
        agent); ``agent`` hands the request to an agent with the decision's reason. An agent
        records an :class:`IntentOutcome`. Writes ``ai.routed`` and, once a customer or agent
        settled it, ``ai.intent_confirmed`` (predicted against chosen: a label for AI Ops).
        ``text`` is only read when an LLM orders the menu."""
        if not isinstance(classification, Classification):
            raise TypeError("case.ai.route needs the Classification that case.ai.classify returned")
        c = classification
        ai, lang = self._ai, self.lang
        target = queue or ai.queue or self._run.engine.settings.default_queue

        async def compute() -> tuple[Any, Emit]:
            decision = c.decision.as_decision()
            calls: list[LLMCall] = []
            if (
                ai.llm is not None
                and decision.route is Route.CUSTOMER
                and len(decision.options) > 1
            ):
                provider, calls = _collecting(ai.llm)
                decision = await provider.rank_menu(decision, self.request_text(text))
            if decision.route is Route.AUTO:
                action = "auto"
            elif decision.route is Route.AGENT:
                action = "agent"
            elif decision.reason == "never_auto" or len(decision.options) == 1:
                action = "confirm"
            else:
                action = "choose"
            offered = decision.options[:1] if action == "confirm" else decision.options
            options = [
                {"value": o["value"], "label": o["label"]}
                for o in menu(offered, lang, labels=ai.labels).options
            ]
            reason = _route_reason(c, decision, action, len(options))
            plan = {
                "action": action,
                "options": options,
                "reason": reason,
                "queue": target if action != "auto" else None,
            }

            def emit(pos: int, ms: float) -> None:
                self._run.pending.event(
                    "ai.routed",
                    "ai",
                    position=pos,
                    action=action,
                    predicted=c.intent,
                    decision={**decision.explain(), "risk": c.decision.risk},
                    options=[o["value"] for o in options],
                    queue=plan["queue"],
                    reason=reason,
                    model_version=c.model.version,
                    llm=[call.to_dict() for call in calls],
                )

            return plan, emit

        plan = await self._recorded("ai.route", compute)
        action = plan["action"]
        if action == "auto":
            return Routing(
                intent=c.intent,
                predicted=c.intent,
                action="auto",
                by="ai",
                reason=c.decision.reason,
            )
        waits: dict[str, Any] = {
            "deadline": deadline,
            "on_timeout": on_timeout,
            "reminders": reminders,
        }
        chosen: str | None
        comment: str | None = None
        if action == "confirm":
            top = plan["options"][0]["value"]
            proposal = {code: confirm_intro(top, code, labels=ai.labels) for code in LANGUAGES}
            answer = await self._case.confirm(proposal, **waits)
            by = self._answered_by()
            if answer.accepted:
                chosen, comment = top, answer.comment
            else:
                label = label_text(top, "en", ai.labels)
                said = "asked for a change to" if answer.decision == "change" else "did not confirm"
                outcome = await self._case.hand_to_agent(
                    target,
                    reason=f"the customer {said} the intent {top} ({label})",
                    outcome=IntentOutcome,
                    context=_agent_context(c, answer.comment),
                )
                by = self._answered_by()
                chosen, comment = outcome.intent, outcome.comment
        elif action == "choose":
            prompt = {code: menu((), code).prompt for code in LANGUAGES}
            choice = await self._case.choose(
                [Option(value=o["value"], label=o["label"]) for o in plan["options"]],
                prompt=prompt,
                on_none=Escalate(queue=target, reason=NONE_FITS),
                **waits,
            )
            by = self._answered_by()
            chosen, comment = choice.value, choice.comment
        else:
            outcome = await self._case.hand_to_agent(
                target,
                reason=plan["reason"],
                outcome=IntentOutcome,
                context=_agent_context(c, None),
            )
            by = self._answered_by()
            chosen, comment = outcome.intent, outcome.comment
        result = {
            "intent": chosen,
            "predicted": c.intent,
            "action": action,
            "by": by,
            "reason": c.decision.reason,
            "comment": comment,
        }

        async def settle() -> tuple[Any, Emit]:
            def emit(pos: int, ms: float) -> None:
                self._run.pending.event(
                    "ai.intent_confirmed",
                    by,
                    position=pos,
                    predicted=c.intent,
                    chosen=chosen,
                    correct=chosen == c.intent,
                    action=action,
                    by=by,
                    comment=comment,
                    model_version=c.model.version,
                )

            return result, emit

        return Routing.model_validate(await self._recorded("ai.settle", settle, checkpoint=False))

    def _answered_by(self) -> str:
        """Who answered the wait that just returned (its journal entry records it)."""
        run = self._run
        entry = run.journal[run.position - 1] if 0 < run.position <= len(run.journal) else None
        by = (
            entry.result.get("by") if entry is not None and isinstance(entry.result, dict) else None
        )
        return by if isinstance(by, str) and by else "system"

    # -- extract and ask --------------------------------------------------------------------

    async def extract(self, model: type[BaseModel], text: str | None = None) -> Extraction:
        """Values for the fields of ``model`` that the request states, each validated against
        its field, with a confidence; an LLM, if configured, may fill fields inloop's own
        extraction did not find (confidence 0.6). Recorded: writes ``ai.extracted`` (field
        names, confidences and sources; no values)."""
        _check_model(model)
        request = self.request_text(text)
        ai, lang = self._ai, self.lang
        ref = self._run.engine.app.register_model(model)

        async def compute() -> tuple[Any, Emit]:
            now = self._run.engine.clock.now()
            found = await asyncio.to_thread(
                prefill.guesses, model, request, locale=lang, reference_time=now
            )
            values = {name: g.value for name, g in found.items()}
            confidence = {name: g.confidence for name, g in found.items()}
            sources = {name: g.source for name, g in found.items()}
            calls: list[LLMCall] = []
            version = "inloop.extract"
            if ai.llm is not None:
                provider, calls = _collecting(ai.llm)
                version += f"+{ai.llm.model}"
                try:
                    suggested = await provider.extract(model, request, lang)
                except LLMUnavailable:
                    suggested = {}
                for name, value in suggested.items():
                    if name not in values:
                        values[name] = value
                        confidence[name] = LLM_CONFIDENCE
                        sources[name] = "llm"
            order = [n for n in model.model_fields if n in values]
            record = {
                **{n: values[n] for n in order},
                "confidence": {n: confidence[n] for n in order},
                "model_version": version,
                "model": {"ref": ref, "sources": {n: sources[n] for n in order}},
            }

            def emit(pos: int, ms: float) -> None:
                self._run.pending.event(
                    "ai.extracted",
                    "ai",
                    position=pos,
                    model=ref,
                    proposed={n: confidence[n] for n in order},
                    sources={n: sources[n] for n in order},
                    missing=[n for n in model.model_fields if n not in values],
                    extractor=version,
                    llm=[call.to_dict() for call in calls],
                    duration_ms=ms,
                )

            return record, emit

        record = await self._recorded(f"ai.extract:{model.__name__}", compute)
        meta = record.get("model") or {}
        sources = meta.get("sources") or {}
        return Extraction.model_validate(
            {
                "model": meta.get("ref", ref),
                "fields": {
                    name: {"value": record.get(name), "confidence": c, "source": sources.get(name)}
                    for name, c in (record.get("confidence") or {}).items()
                },
            }
        )

    async def ask_missing(
        self,
        model: type[M],
        text: str | None = None,
        *,
        extraction: Extraction | None = None,
        prompt: str | Mapping[str, str] | None = None,
        threshold: float | None = None,
        required_only: bool = False,
        deadline: timedelta | datetime | None = None,
        on_timeout: OnTimeout | None = None,
        reminders: Sequence[timedelta] = (),
    ) -> M:
        """An instance of ``model`` from the request: the fields extraction found with at least
        ``threshold`` confidence (default ``AI.threshold``) are taken; the customer is asked
        only for the others, each with a targeted question as the field's hint and the AI's
        guess as a suggestion. Without ``extraction``, :meth:`extract` runs first. When every
        field was found, nobody is asked; when the answer and the found values do not fit the
        model together, the whole form is asked, prefilled."""
        _check_model(model)
        if extraction is None:
            extraction = await self.extract(model, text)
        limit = self._ai.threshold if threshold is None else threshold
        wanted = fields_to_ask(
            model, extraction.confidences, threshold=limit, required_only=required_only
        )
        values = extraction.values
        sure = {k: v for k, v in values.items() if k not in wanted}
        waits: dict[str, Any] = {
            "prompt": prompt,
            "deadline": deadline,
            "on_timeout": on_timeout,
            "reminders": reminders,
        }
        if not wanted:
            try:
                return model.model_validate(sure)
            except ValidationError:
                wanted = list(model.model_fields)
        hints = await self._questions(model, wanted, text)
        form = _form_model(self._ai, model, tuple(wanted), hints, self.lang)
        guesses = {k: v for k, v in values.items() if k in wanted}
        answer = await self._case.ask(form, prefill=guesses, **waits)
        merged = {**sure, **answer.model_dump(mode="json", exclude_unset=True)}
        try:
            return model.model_validate(merged)
        except ValidationError:
            return await self._case.ask(model, prefill=merged, **waits)

    async def _questions(
        self, model: type[BaseModel], fields: Sequence[str], text: str | None
    ) -> dict[str, dict[str, str]]:
        """The question for each field, in English and German (the case's language worded by
        the LLM when one is configured). Recorded: writes ``ai.questions_prepared``."""
        ai, lang = self._ai, self.lang
        ref = model_ref_of(model)

        async def compute() -> tuple[Any, Emit]:
            texts: dict[str, dict[str, str]] = {f: {} for f in fields}
            for code in LANGUAGES:
                for q in questions(model, fields, code):
                    texts[q.field][code] = q.text
            sources = dict.fromkeys(fields, "template")
            calls: list[LLMCall] = []
            if ai.llm is not None:
                provider, calls = _collecting(ai.llm)
                context = self.request_text(text)
                schema = model.model_json_schema()
                for f in fields:
                    before = len(calls)
                    fallback = texts[f][lang]
                    try:
                        worded = await provider.word_question(
                            _field_schema(schema, f), lang, context, fallback=fallback
                        )
                    except LLMUnavailable:
                        continue
                    if any(c.outcome.value in ("accepted", "partial") for c in calls[before:]):
                        texts[f][lang] = worded
                        sources[f] = "llm"

            def emit(pos: int, ms: float) -> None:
                self._run.pending.event(
                    "ai.questions_prepared",
                    "ai",
                    position=pos,
                    model=ref,
                    fields=list(fields),
                    sources=sources,
                    llm=[call.to_dict() for call in calls],
                )

            return texts, emit

        result: dict[str, dict[str, str]] = await self._recorded(
            f"ai.questions:{model.__name__}", compute
        )
        return result

    # -- replies ----------------------------------------------------------------------------

    async def suggest_reply(
        self,
        text: str | None = None,
        *,
        fields: Extraction | Mapping[str, Any] | None = None,
        k: int = 3,
        classification: Classification | None = None,
        intent: str | None = None,
    ) -> ReplySuggestions:
        """The ``k`` approved reply templates closest to the request, best first, with
        placeholders filled from ``fields`` (an :class:`Extraction` or a mapping), each in the
        case's language where its template has it (``language`` says); the
        ``classification``'s scores, when given, weigh in as a prior, and each reply says
        whether it is for the classified intent (``fits_intent``; the closest templates can be
        for another one when the library has none for it). ``intent``: the intent the customer
        or an agent settled (``Routing.intent``); it takes the classification's place as the
        prior and as what ``fits_intent`` compares with. Recorded: writes
        ``ai.reply_suggested`` (template ids, intents, scores, languages, fits; not the texts)."""
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a whole number of at least 1, not {k!r}")
        if intent is not None and (not isinstance(intent, str) or not intent):
            raise ValueError(f"intent must be an intent's name or None, not {intent!r}")
        request = self.request_text(text)
        known = fields.values if isinstance(fields, Extraction) else dict(fields or {})
        prior: dict[str, float] | None = None
        if intent is not None:
            prior = {intent: 1.0}  # settled by a person: no other intent is in question
        elif classification is not None:
            prior = {s.intent: s.score for s in classification.scores}
        target = intent if intent is not None else classification.intent if classification else None
        ai = self._ai
        lang = self.lang

        async def compute() -> tuple[Any, Emit]:
            library = await asyncio.to_thread(ai.reply_library)
            found = await asyncio.to_thread(
                library.suggest, request, k=k, fields=known, intent_prior=prior, language=lang
            )
            shared = False  # does the library speak of the model's intents?
            if target is not None and target in library.intents:
                shared = True
            elif classification is not None:
                model = await asyncio.to_thread(ai.intent_model, self._run.engine.settings)
                shared = not set(model.classes).isdisjoint(library.intents)
            replies = [
                {
                    "text": r.text,
                    "intent": r.intent,
                    "score": r.score,
                    "template_id": r.template_id,
                    "missing": list(r.missing),
                    "language": r.language,
                    "fits_intent": r.intent == target if target is not None and shared else None,
                }
                for r in found
            ]

            def emit(pos: int, ms: float) -> None:
                self._run.pending.event(
                    "ai.reply_suggested",
                    "ai",
                    position=pos,
                    suggestions=[
                        {
                            key: r[key]
                            for key in (
                                "template_id",
                                "intent",
                                "score",
                                "missing",
                                "language",
                                "fits_intent",
                            )
                        }
                        for r in replies
                    ],
                    prior=prior is not None,
                    intent=target,
                    duration_ms=ms,
                )

            return {"replies": replies}, emit

        return ReplySuggestions.model_validate(await self._recorded("ai.suggest_reply", compute))

    # -- recording --------------------------------------------------------------------------

    async def _recorded(
        self,
        name: str,
        compute: Callable[[], Awaitable[tuple[Any, Emit]]],
        *,
        checkpoint: bool = True,
    ) -> Any:
        """A step of ``case.step``'s kind: the recorded value on replay; else ``compute()``,
        whose value is journaled and whose events are written with it. Like ``case.step``, the
        writes of earlier steps are committed before a new one asks a model
        (``checkpoint=False`` for a record that only restates what the step before computed)."""
        run = self._run
        pos, entry = run.enter(EntryKind.STEP, name)
        if entry is not None:  # these steps are only ever recorded done
            return entry.result.get("v") if isinstance(entry.result, dict) else None
        run.busy = True
        try:
            if checkpoint and run.unflushed_steps:
                await run.flush()
            started = time.perf_counter()
            value, emit = await compute()
        finally:
            run.busy = False
        ms = round((time.perf_counter() - started) * 1000, 3)
        value = codec.to_json_value(value)
        run.pending.journal.append(
            NewEntry(
                position=pos,
                kind=EntryKind.STEP,
                name=name,
                state=EntryState.DONE,
                result={"v": value},
            )
        )
        emit(pos, ms)
        run.unflushed_steps += 1
        return value


def _no_event(pos: int, ms: float) -> None:
    """A record without an event of its own."""


def _collecting(llm: LLMProvider) -> tuple[LLMProvider, list[LLMCall]]:
    """A copy of ``llm`` whose calls are also collected here (for the step's event); the
    original's ``on_call`` still receives them."""
    calls: list[LLMCall] = []
    forward = llm.on_call

    def on_call(call: LLMCall) -> None:
        calls.append(call)
        if forward is not None:
            forward(call)

    clone = copy.copy(llm)
    clone.on_call = on_call
    return clone, calls


def _route_reason(c: Classification, decision: Decision, action: str, options: int) -> str:
    """Why the request goes the way it goes, in words an agent reads (for ``agent``: the
    reason of the agent's task)."""
    if action == "auto":
        return f"confident: {c.confidence:.2f} for {c.intent}"
    if action == "confirm" and decision.reason == "never_auto":
        return f"{c.intent} is never automatic (risk setting): the customer confirms it"
    if action == "confirm":
        return f"the customer confirms {c.intent} (confidence {c.confidence:.2f})"
    if action == "choose":
        return f"the customer chooses among {options} intents (confidence {c.confidence:.2f})"
    if decision.reason == "out_of_scope":
        return f"out of scope (confidence {c.confidence:.2f}); the request fits no known intent"
    if decision.reason == "risk":
        return f"{c.intent} is always handled by a person (risk setting)"
    return f"low confidence {c.confidence:.2f} for {c.intent}"


def _agent_context(c: Classification, comment: str | None) -> dict[str, Any]:
    context: dict[str, Any] = {
        "predicted": [{"intent": s.intent, "score": s.score, "label": s.label} for s in c.scores],
        "model_version": c.model.version,
        "decision": c.decision.reason,
    }
    if comment:
        context["customer_comment"] = comment
    return context


def _check_model(model: object) -> None:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"case.ai needs a pydantic model class, not {model!r}")
    clash = sorted(RESERVED & set(model.model_fields))
    if clash:
        raise DataInvalid(
            f"{model.__name__}: a field may not be named {', '.join(clash)} for case.ai "
            "(the name is taken by the extraction record); rename it, keeping an alias",
            field=clash[0],
        )


def model_ref_of(model: type[BaseModel]) -> str:
    return f"{model.__module__}:{model.__qualname__}"


def _field_schema(schema: Mapping[str, Any], field: str) -> dict[str, Any]:
    prop = (schema.get("properties") or {}).get(field) or {}
    return dict(_resolve(prop, schema))


def _form_model(
    ai: AI,
    model: type[BaseModel],
    fields: tuple[str, ...],
    hints: Mapping[str, Mapping[str, str]],
    lang: str,
) -> type[BaseModel]:
    """The form of ``ask_missing``: only ``fields`` of ``model``, each with its targeted
    question as the hint (``description``, translated through ``i18n``). Its reference names
    the fields (``module:Model.<ask:a+b>``), so an open request is validated against the
    same fields after a restart (by its stored JSON Schema, as the form is made at run time)."""
    key = (model, fields, json.dumps(hints, sort_keys=True), lang)
    form = ai.forms.get(key)
    if form is not None:
        return form
    definitions: dict[str, Any] = {}
    for name in fields:
        info = model.model_fields[name]
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        i18n_in = extra.get("i18n")
        i18n: dict[str, Any] = dict(i18n_in) if isinstance(i18n_in, Mapping) else {}
        for code, question in hints.get(name, {}).items():
            current = i18n.get(code)
            i18n[code] = {
                **(current if isinstance(current, Mapping) else {}),
                "description": question,
            }
        merged = FieldInfo.merge_field_infos(
            info,
            description=hints.get(name, {}).get(lang) or info.description,
            json_schema_extra={**extra, "i18n": i18n},
        )
        definitions[name] = (info.annotation, merged)
    form = create_model(
        model.__name__,
        __config__=model.model_config,
        __module__=model.__module__,
        **definitions,
    )
    assert isinstance(form, type)
    form.__qualname__ = f"{model.__qualname__}.<ask:{'+'.join(fields)}>"
    form.__doc__ = model.__doc__
    ai.forms[key] = form
    return form
