"""Customer-readable names of intents, in English and German.

An intent model speaks in identifiers (``card_arrival``); a customer who is asked "which of
these did you mean?" should read "My card has not arrived yet". The package ships hand-written
labels for the Banking77 and CLINC150 intents and for the intents of the shipped reply library
(Bitext); a process author gives labels of their own as ``{intent: {"en": ..., "de": ...}}`` (in
code or as a JSON file read by :func:`load_labels`). An intent without a label is humanised
(``card_arrival`` → "Card arrival").
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from inloop.ai.errors import DataInvalid

Labels = Mapping[str, Mapping[str, str]]
"""``{intent: {language: text}}``."""

LANGUAGES = ("en", "de")
BUILTIN = ("banking77", "bitext", "clinc150")
"""Names of the label sets shipped in the package; where two name the same intent, the first
wins."""


def language(lang: str | None) -> str:
    """The supported language for ``de``, ``de-AT`` or ``de_DE``; English otherwise."""
    code = (lang or "en").replace("_", "-").split("-", 1)[0].strip().lower()
    return code if code in LANGUAGES else "en"


def check_labels(labels: Mapping[str, object], *, source: str = "labels") -> Labels:
    """``labels`` as a read-only ``{intent: {language: text}}``; ``DataInvalid`` if an entry
    is not a mapping of languages to non-empty texts."""
    if not isinstance(labels, Mapping):
        raise DataInvalid(f"{source}: expected an object of intents")
    out: dict[str, Mapping[str, str]] = {}
    for intent, texts in labels.items():
        if not isinstance(intent, str) or not intent:
            raise DataInvalid(f"{source}: an intent name is empty or not a string")
        if not isinstance(texts, Mapping) or not texts:
            raise DataInvalid(f"{source}: {intent!r} needs an object like {{'en': ..., 'de': ...}}")
        for lang, text in texts.items():
            if not isinstance(lang, str) or not isinstance(text, str) or not text.strip():
                raise DataInvalid(f"{source}: {intent!r} has an empty or invalid text for {lang!r}")
        out[intent] = MappingProxyType({k: v.strip() for k, v in texts.items()})
    return MappingProxyType(out)


def load_labels(path: str | Path) -> Labels:
    """Labels from a JSON file shaped like ``{"card_arrival": {"en": "...", "de": "..."}}``."""
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DataInvalid(f"labels file {str(file)!r} does not exist", path=str(file)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataInvalid(f"labels file {str(file)!r} cannot be read: {exc}") from None
    return check_labels(data, source=str(file))


@cache
def builtin_labels(name: str) -> Labels:
    """One of the shipped label sets (:data:`BUILTIN`)."""
    if name not in BUILTIN:
        raise DataInvalid(f"unknown label set {name!r}; shipped: {', '.join(BUILTIN)}")
    resource = resources.files("inloop.ai").joinpath("resources", f"{name}_labels.json")
    return check_labels(json.loads(resource.read_text(encoding="utf-8")), source=name)


@cache
def _all_builtin() -> Labels:
    merged: dict[str, Mapping[str, str]] = {}
    for name in reversed(BUILTIN):
        merged.update(builtin_labels(name))
    return MappingProxyType(merged)


def humanize(intent: str) -> str:
    """``card_arrival`` → "Card arrival", ``cardArrival`` → "Card arrival"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", intent)
    words = re.sub(r"[_\-.\s]+", " ", spaced).strip()
    if not words:
        return intent
    words = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words.split())
    return words[0].upper() + words[1:]


def label_text(intent: str, lang: str = "en", labels: Labels | None = None) -> str:
    """What the customer reads for ``intent`` in ``lang``: the process author's ``labels``
    first, then the shipped labels; English when the language is missing; the humanised
    intent name when there is no label at all."""
    code = language(lang)
    for source in (labels or {}, _all_builtin()):
        texts = source.get(intent)
        if texts:
            text = texts.get(code) or texts.get("en")
            if text:
                return text
    return humanize(intent)
