"""Suggested replies: the approved reply templates closest to a customer's request.

    library = ReplyLibrary.default()
    library.suggest("where is my order 12345?", fields={"order_number": "12345"})
    → [SuggestedReply(text="... order {{Order Number}} ...", intent="track_order", ...), ...]

A library holds reply templates, each approved for one intent, and example requests per intent.
A request is compared with the examples by TF-IDF (word 1-2-grams and character 2-5-grams,
cosine similarity); an intent's score is the mean similarity of its closest examples, blended
with an optional prior (the intent model's probabilities). A template's score adds how close
the request is to the requests that template answered. Placeholders (``{{Order Number}}``) are
filled from ``fields`` when known and left as they are otherwise, so an agent sees what is
still to fill in (``SuggestedReply.missing``).

A template can carry its text in further languages (``translations``). Asked for a language
(``suggest(..., language="de")``; ``case.ai.suggest_reply`` asks for the case's), the library
gives each template's text in that language where it has one, and says in which language each
reply is (``SuggestedReply.language``). Within an intent, the templates in that language take
the first places the intent's templates hold in the ranking; the order of the intents stays as
the request says, so the customer's language never lifts an intent the request does not fit.

The default library (:meth:`ReplyLibrary.default`) is built from the Bitext customer-support
data: 27 intents of a web shop, a few typical templates per intent, one of each intent also in
German. It is shipped in the package as JSON and indexed at first use.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from inloop.ai.errors import DataInvalid

FORMAT_VERSION = 1
_NEIGHBOURS = 3  # an intent's score: mean similarity of its closest examples
_INTENT_WEIGHT = 0.7  # a template's score: this much intent, the rest its own examples
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")

# Placeholder names of the Bitext templates → the field names of :mod:`inloop.ai.extract`.
ALIASES: Mapping[str, str] = {
    "order_number": "order_number",
    "order_id": "order_number",
    "purchase_id": "order_number",
    "purchase_number": "order_number",
    "invoice_number": "invoice_number",
    "bill_number": "invoice_number",
    "customer_name": "person_name",
    "client_name": "person_name",
    "name": "person_name",
    "email": "email",
    "email_address": "email",
    "phone_number": "phone",
    "amount": "amount",
    "refund_amount": "amount",
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class ReplyTemplate:
    """An approved reply for one intent; ``examples`` are requests it answered.

    ``text`` is in ``language``; ``translations`` holds the same reply in other languages
    (``{"de": "..."}``), with the same placeholders.
    """

    template_id: str
    intent: str
    text: str
    examples: tuple[str, ...] = ()
    language: str = "en"
    translations: Mapping[str, str] = dataclasses.field(default_factory=dict, hash=False)

    def text_in(self, language: str | None) -> tuple[str, str]:
        """The text in ``language`` if the template has it, else its own; and which it is."""
        if language is None or language == self.language:
            return self.text, self.language
        other = self.translations.get(language)
        return (self.text, self.language) if other is None else (other, language)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the template is in, its own first."""
        return (self.language, *self.translations)


@dataclasses.dataclass(frozen=True, kw_only=True)
class SuggestedReply:
    """A template with its placeholders filled where ``fields`` knew them.

    ``score`` is between 0 and 1 (higher is closer); ``missing`` names the placeholders left
    in ``text`` as ``{{Name}}``; ``language`` is the language of ``text``.
    """

    text: str
    intent: str
    score: float
    template_id: str
    missing: tuple[str, ...] = ()
    language: str = "en"


def placeholder_key(name: str) -> str:
    """``"Order Number Anonymized"`` → ``"order_number"`` (then :data:`ALIASES`)."""
    key = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    key = re.sub(r"_?anonymi[sz]ed$", "", key)
    return ALIASES.get(key, key)


def fill(template: str, fields: Mapping[str, object] | None = None) -> tuple[str, tuple[str, ...]]:
    """``template`` with each ``{{Name}}`` whose field is known replaced by its value, and the
    names of the placeholders left as they were. ``fields`` maps names to values, or is the
    result of :func:`inloop.ai.extract.extract` (the first span of each field is used)."""
    known = {placeholder_key(k): _field_value(v) for k, v in (fields or {}).items()}
    known = {k: v for k, v in known.items() if v not in (None, "")}
    missing: list[str] = []

    def replace(m: re.Match[str]) -> str:
        value = known.get(placeholder_key(m.group(1)))
        if value is None:
            if m.group(1) not in missing:
                missing.append(m.group(1))
            return m.group(0)
        return _display(value)

    return _PLACEHOLDER.sub(replace, template), tuple(missing)


def _field_value(value: object) -> object:
    """A field's value; for the result of ``extract`` (a list of spans) the first span's."""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return getattr(value, "value", value)


def _display(value: object) -> str:
    if isinstance(value, Mapping) and "amount" in value:  # an extracted amount
        currency = value.get("currency")
        return f"{value['amount']} {currency}" if currency else str(value["amount"])
    if isinstance(value, Mapping):
        return ", ".join(str(v) for v in value.values() if v not in (None, ""))
    return str(value)


def template_id(intent: str, text: str) -> str:
    """A stable id: the intent and the start of the SHA-256 of the normalised text."""
    digest = hashlib.sha256(_normal(text).encode("utf-8")).hexdigest()[:10]
    return f"{intent}-{digest}"


def _normal(text: str) -> str:
    return " ".join(text.split())


def _vectorizer(size: int) -> FeatureUnion:
    """Word and character n-grams; rare character n-grams are dropped from large libraries."""
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=2 if size >= 100 else 1,
                ),
            ),
        ]
    )


def _unit_rows(matrix: Any) -> sparse.csr_matrix:
    m = sparse.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def _placeholders(text: str) -> dict[str, str]:
    """The placeholders of ``text``: their field names (:func:`placeholder_key`) → as written."""
    return {placeholder_key(m): m for m in _PLACEHOLDER.findall(text)}


def _check_template(t: ReplyTemplate) -> None:
    """``DataInvalid`` unless the template's languages are codes like ``de`` and every
    translation has the text's placeholders."""
    for lang in t.languages:
        if not isinstance(lang, str) or not _LANGUAGE.match(lang):
            raise DataInvalid(
                f"reply template {t.template_id!r}: language {lang!r} is not a code like 'de'"
            )
    if t.language in t.translations:
        raise DataInvalid(
            f"reply template {t.template_id!r}: a translation into its own language {t.language!r}"
        )
    own = _placeholders(t.text)
    for lang, text in t.translations.items():
        if not isinstance(text, str) or not text.strip():
            raise DataInvalid(
                f"reply template {t.template_id!r}: the {lang!r} text is empty or not a text"
            )
        theirs = _placeholders(text)
        if theirs.keys() != own.keys():
            raise DataInvalid(
                f"reply template {t.template_id!r}: the {lang!r} text has the placeholders "
                f"{sorted(theirs.values())}, the {t.language!r} text {sorted(own.values())}"
            )


def _texts(reply: str | Mapping[str, str], language: str) -> tuple[str, str, dict[str, str]]:
    """A reply given as a text (in ``language``) or as ``{language: text}`` → its own
    language, its text and its translations (English is the own language when present)."""
    if isinstance(reply, str):
        return language, reply.strip(), {}
    if not isinstance(reply, Mapping) or not reply:
        raise DataInvalid("a reply template is a text or an object like {'en': ..., 'de': ...}")
    texts = {str(k): v.strip() if isinstance(v, str) else v for k, v in reply.items()}
    own = "en" if "en" in texts else next(iter(texts))
    text = texts.pop(own)
    if not isinstance(text, str):
        raise DataInvalid(f"the {own!r} text of a reply template is not a text")
    return own, text, texts


class ReplyLibrary:
    """Approved reply templates with example requests, searchable by similarity."""

    def __init__(
        self,
        templates: Iterable[ReplyTemplate],
        examples: Iterable[tuple[str, str]] = (),
    ) -> None:
        """``templates`` (their own ``examples`` count as examples of their intent) and further
        ``(intent, request)`` examples; ``DataInvalid`` if an intent has no template."""
        self.templates: tuple[ReplyTemplate, ...] = tuple(templates)
        if not self.templates:
            raise DataInvalid("a reply library needs at least one template")
        ids = [t.template_id for t in self.templates]
        if len(set(ids)) != len(ids):
            raise DataInvalid("reply template ids must be unique")
        for t in self.templates:
            _check_template(t)
        pairs: list[tuple[str, str, int]] = []  # intent, text, template index or -1
        for index, t in enumerate(self.templates):
            pairs.extend((t.intent, e, index) for e in t.examples)
        self._extra: tuple[tuple[str, str], ...] = tuple(examples)
        pairs.extend((intent, text, -1) for intent, text in self._extra)
        intents = sorted({t.intent for t in self.templates})
        without = sorted({p[0] for p in pairs} - set(intents))
        if without:
            raise DataInvalid(f"intent {without[0]!r} has examples but no reply template")
        if not pairs:
            pairs = [(t.intent, t.text, i) for i, t in enumerate(self.templates)]
        self.intents: tuple[str, ...] = tuple(intents)
        self._intent_index = {name: i for i, name in enumerate(intents)}
        self._example_intent = np.array([self._intent_index[p[0]] for p in pairs])
        self._example_template = np.array([p[2] for p in pairs])
        self._vectorizer = _vectorizer(len(pairs))
        try:
            self._examples = _unit_rows(self._vectorizer.fit_transform([p[1] for p in pairs]))
        except ValueError as exc:  # no words at all
            raise DataInvalid(f"the examples of the reply library have no words: {exc}") from None
        self._template_intent = np.array([self._intent_index[t.intent] for t in self.templates])
        self._intent_templates = [
            np.flatnonzero(self._template_intent == i) for i in range(len(intents))
        ]
        self._by_intent = _padded(
            [np.flatnonzero(self._example_intent == i) for i in range(len(intents))]
        )
        self._own_examples = _padded(
            [np.flatnonzero(self._example_template == i) for i in range(len(self.templates))]
        )

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[str, str, str | Mapping[str, str]]],
        *,
        per_intent: int | None = None,
        language: str = "en",
    ) -> ReplyLibrary:
        """A library from ``(intent, request, reply template)`` rows. A reply template is a
        text in ``language`` or ``{language: text}`` (``{"en": ..., "de": ...}``). Identical
        templates (up to white space) are merged, with their translations; with
        ``per_intent``, only that many templates per intent are kept (the most typical:
        closest to the intent's other templates) and the requests of the others remain as
        examples of the intent."""
        by_id: dict[str, ReplyTemplate] = {}
        order: list[str] = []
        for intent, request, reply in rows:
            intent, request = intent.strip(), request.strip()
            own, text, translations = _texts(reply, language)
            if not intent or not text:
                raise DataInvalid("every row needs an intent and a reply template")
            tid = template_id(intent, text)
            old = by_id.get(tid)
            examples = (old.examples if old else ()) + ((request,) if request else ())
            if old is None:
                order.append(tid)
            else:
                own, text = old.language, old.text
                for lang, other in old.translations.items():
                    if translations.setdefault(lang, other) != other:
                        raise DataInvalid(
                            f"reply template {tid!r} has two different {lang!r} texts"
                        )
            by_id[tid] = ReplyTemplate(
                template_id=tid, intent=intent, text=text, examples=examples,
                language=own, translations=translations,
            )  # fmt: skip
        templates = [by_id[t] for t in order]
        if per_intent is None:
            return cls(templates)
        if per_intent < 1:
            raise DataInvalid("per_intent must be at least 1")
        kept, extra = _typical(templates, per_intent)
        return cls(kept, extra)

    @classmethod
    def from_csv(
        cls,
        path: str | Path,
        *,
        intent_column: str = "intent",
        request_column: str = "instruction",
        reply_column: str = "response",
        per_intent: int | None = None,
        language: str = "en",
        translation_columns: Mapping[str, str] | None = None,
    ) -> ReplyLibrary:
        """A library from a CSV file with an intent, a request and a reply column (the reply
        in ``language``); ``translation_columns`` (``{"de": "response_de"}``) name columns with
        the reply in further languages, left empty where a row has none."""
        from inloop.ai.data import read_columns

        extra = dict(translation_columns or {})
        columns = read_columns(path, [intent_column, request_column, reply_column, *extra.values()])
        intents, requests, replies = columns[:3]
        texts: list[str | dict[str, str]] = []
        for row, reply in enumerate(replies):
            found = {lang: col[row] for lang, col in zip(extra, columns[3:], strict=True)}
            found = {lang: t for lang, t in found.items() if t.strip()}
            texts.append({language: reply, **found} if found else reply)
        rows = zip(intents, requests, texts, strict=True)
        return cls.from_rows(rows, per_intent=per_intent, language=language)

    def to_json(self) -> dict[str, Any]:
        """The library as JSON data (:meth:`from_json` reads it back)."""
        extra: dict[str, list[str]] = defaultdict(list)
        for intent, text in self._extra:
            extra[intent].append(text)
        return {
            "format_version": FORMAT_VERSION,
            "intents": {
                intent: {
                    "templates": [
                        {
                            "id": t.template_id,
                            "text": t.text,
                            "examples": list(t.examples),
                            **({"language": t.language} if t.language != "en" else {}),
                            **({"translations": dict(t.translations)} if t.translations else {}),
                        }
                        for t in self.templates
                        if t.intent == intent
                    ],
                    "examples": extra.get(intent, []),
                }
                for intent in self.intents
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReplyLibrary:
        if not isinstance(data, Mapping) or data.get("format_version") != FORMAT_VERSION:
            raise DataInvalid(f"not a reply library of format version {FORMAT_VERSION}")
        templates: list[ReplyTemplate] = []
        examples: list[tuple[str, str]] = []
        try:
            for intent, entry in data["intents"].items():
                for t in entry["templates"]:
                    translations = t.get("translations", {})
                    if not isinstance(translations, Mapping):
                        raise DataInvalid(f"reply template {t['id']!r}: translations not an object")
                    templates.append(
                        ReplyTemplate(
                            template_id=str(t["id"]), intent=intent, text=str(t["text"]),
                            examples=tuple(str(e) for e in t.get("examples", ())),
                            language=t.get("language", "en"),
                            translations={str(k): v for k, v in translations.items()},
                        )
                    )  # fmt: skip
                examples.extend((intent, str(e)) for e in entry.get("examples", ()))
        except (KeyError, TypeError, AttributeError) as exc:
            raise DataInvalid(f"reply library is malformed: {exc!r}") from None
        return cls(templates, examples)

    @classmethod
    def load(cls, path: str | Path) -> ReplyLibrary:
        """A library from a JSON file written from :meth:`to_json`."""
        file = Path(path)
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DataInvalid(f"reply library {str(file)!r} does not exist") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataInvalid(f"reply library {str(file)!r} cannot be read: {exc}") from None
        return cls.from_json(data)

    @staticmethod
    def default() -> ReplyLibrary:
        """The shipped library (Bitext customer support, 27 intents, one template of each
        also in German), built once."""
        return _default()

    def with_translations(self, language: str, texts: Mapping[str, str]) -> ReplyLibrary:
        """A copy whose templates have ``texts`` (``{template id: text}``) in ``language``.
        ``DataInvalid`` for an unknown template id or a text whose placeholders differ."""
        by_id = {t.template_id: t for t in self.templates}
        unknown = sorted(set(texts) - set(by_id))
        if unknown:
            raise DataInvalid(f"no reply template with the id {unknown[0]!r}")
        templates = [
            dataclasses.replace(t, translations={**t.translations, language: texts[t.template_id]})
            if t.template_id in texts
            else t
            for t in self.templates
        ]
        return ReplyLibrary(templates, self._extra)

    # -- searching ------------------------------------------------------------------------------

    def intent_scores(
        self,
        text: str,
        *,
        intent_prior: Mapping[str, float] | None = None,
        prior_weight: float = 0.5,
    ) -> dict[str, float]:
        """Every intent's score for ``text`` (0 to 1), highest first."""
        scores, _ = self._score(text, intent_prior, prior_weight)
        order = np.argsort(-scores, kind="stable")
        return {self.intents[i]: float(scores[i]) for i in order}

    def suggest(
        self,
        text: str,
        *,
        k: int = 3,
        fields: Mapping[str, object] | None = None,
        intent_prior: Mapping[str, float] | None = None,
        prior_weight: float = 0.5,
        language: str | None = None,
    ) -> list[SuggestedReply]:
        """The ``k`` templates closest to ``text``, best first, filled from ``fields``.

        ``intent_prior`` (``{intent: probability}``, e.g. from an intent model's prediction)
        is blended into the intents' scores with ``prior_weight`` (0: ignored, 1: only the
        prior decides among intents). With ``language``, each reply is in that language where
        its template has it, and within an intent the templates that have it come first.
        """
        if k < 1:
            raise DataInvalid(f"k must be at least 1, got {k}")
        if not 0.0 <= prior_weight <= 1.0:
            raise DataInvalid(f"prior_weight must be between 0 and 1, got {prior_weight}")
        intent_score, similarity = self._score(text, intent_prior, prior_weight)
        own = np.maximum(_gather(similarity, self._own_examples).max(axis=1), 0.0)
        score = _INTENT_WEIGHT * intent_score[self._template_intent] + (1 - _INTENT_WEIGHT) * own
        rank = score if language is None else self._in_language_first(score, language)
        best = np.argsort(-rank, kind="stable")[:k]
        out = []
        for i in best:
            t = self.templates[i]
            text_in, lang = t.text_in(language)
            filled, missing = fill(text_in, fields)
            out.append(
                SuggestedReply(
                    text=filled, intent=t.intent, score=round(float(score[i]), 4),
                    template_id=t.template_id, missing=missing, language=lang,
                )
            )  # fmt: skip
        return out

    def _in_language_first(self, score: np.ndarray, language: str) -> np.ndarray:
        """``score`` with each intent's values handed out again: its templates in ``language``
        get the highest ones (in their own order), the others the rest."""
        has = np.array([language in t.languages for t in self.templates])
        rank = score.copy()
        for members in self._intent_templates:
            slots = np.sort(score[members])[::-1]
            order = sorted(members, key=lambda j: (not has[j], -score[j], j))
            rank[order] = slots
        return rank

    def _score(
        self, text: str, prior: Mapping[str, float] | None, weight: float
    ) -> tuple[np.ndarray, np.ndarray]:
        query = _unit_rows(self._vectorizer.transform([text]))
        similarity = (self._examples @ query.T).toarray().ravel()
        top = np.sort(_gather(similarity, self._by_intent), axis=1)[:, -_NEIGHBOURS:]
        present = top > _ABSENT
        scores = np.where(present, top, 0.0).sum(axis=1) / np.maximum(present.sum(axis=1), 1)
        if prior:
            unknown = [name for name in prior if name not in self._intent_index]
            if len(unknown) == len(prior):
                return scores, similarity  # a prior over other intents says nothing here
            p = np.array([max(0.0, float(prior.get(name, 0.0))) for name in self.intents])
            scores = (1 - weight) * scores + weight * p
        return scores, similarity


_ABSENT = -1.0  # below any cosine similarity of TF-IDF vectors


def _padded(groups: Sequence[np.ndarray]) -> np.ndarray:
    """Index groups as one matrix, one row per group, padded with -1."""
    width = max((len(g) for g in groups), default=0) or 1
    out = np.full((len(groups), width), -1, dtype=np.int64)
    for row, members in enumerate(groups):
        out[row, : len(members)] = members
    return out


def _gather(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``values[index]`` with :data:`_ABSENT` where the index is padding."""
    return np.where(index >= 0, values[np.maximum(index, 0)], _ABSENT)


def _typical(
    templates: Sequence[ReplyTemplate], per_intent: int
) -> tuple[list[ReplyTemplate], list[tuple[str, str]]]:
    """The ``per_intent`` most typical templates of each intent (closest to the mean of the
    intent's templates), and the requests of the others as ``(intent, request)`` examples."""
    vectors = _unit_rows(TfidfVectorizer(sublinear_tf=True).fit_transform(
        [t.text for t in templates]
    ))  # fmt: skip
    by_intent: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(templates):
        by_intent[t.intent].append(i)
    kept_ids: set[int] = set()
    for members in by_intent.values():
        block = vectors[members]
        centre = np.asarray(block.mean(axis=0)).ravel()
        closeness = block @ centre
        ranked = sorted(zip(-closeness, members, strict=True))
        kept_ids.update(i for _, i in ranked[:per_intent])
    kept = [t for i, t in enumerate(templates) if i in kept_ids]
    extra = [
        (t.intent, e) for i, t in enumerate(templates) if i not in kept_ids for e in t.examples
    ]
    return kept, extra


@cache
def _default() -> ReplyLibrary:
    folder = resources.files("inloop.ai").joinpath("resources")
    library = ReplyLibrary.from_json(
        json.loads(folder.joinpath("bitext_replies.json").read_text(encoding="utf-8"))
    )
    german = json.loads(folder.joinpath("bitext_replies.de.json").read_text(encoding="utf-8"))
    return library.with_translations("de", german)
