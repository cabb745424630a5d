"""The intent model: which of the known intents a request is, with calibrated probabilities.

Features (``--features``):

- ``tfidf`` (default install, scikit-learn and numpy only): two multinomial logistic
  regressions, one on TF-IDF of word 1-2-grams and of character 2-5-grams within word
  boundaries, one on the mean of the request's static word vectors (``word_vectors``: a table
  distilled from all-MiniLM-L6-v2 that ships with inloop);
- ``embeddings`` (``inloop[embeddings]``): the sentence vectors of all-MiniLM-L6-v2 and a
  multinomial logistic regression;
- ``ensemble``: all three classifiers.

Each classifier's scores go through a softmax divided by a temperature fitted on
cross-validated scores (so the probabilities are calibrated: of the requests predicted with
probability 0.9, about 90 % are right). Several classifiers are combined by a weighted geometric
mean of their probabilities, the weights chosen on the same cross-validated scores, and
recalibrated. The same cross-validation gives the routing thresholds and the metrics stored
with the model.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inloop._version import __version__
from inloop.ai.errors import DataInvalid, ModelInvalid
from inloop.ai.features import COMPONENTS, FeatureKind, check_kind
from inloop.ai.routing import Decision, RoutingPolicy
from inloop.ai.word_vectors import WordVectors

FORMAT_VERSION = 3
READABLE_FORMATS = (1, 2, 3)
MODEL_FILE = "model.joblib"
META_FILE = "model.json"
MAX_FOLDS = 5
LR_C = 20.0
EMBEDDINGS_C = 50.0
WORDVEC_C = 50.0
WEIGHT_STEP = 0.1
RANDOM_STATE = 0


@dataclasses.dataclass(frozen=True)
class Prediction:
    """The top-k intents of one request, most likely first, and their probabilities."""

    labels: tuple[str, ...]
    scores: tuple[float, ...]


def _classifier(component: str) -> Any:
    """A fresh, untrained classifier of one component."""
    from sklearn.linear_model import LogisticRegression

    if component == "embeddings":
        return LogisticRegression(C=EMBEDDINGS_C, max_iter=3000)
    if component == "wordvec":
        return LogisticRegression(C=WORDVEC_C, max_iter=3000)
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    # saga keeps no curvature history: a quarter of lbfgs's memory on these wide features
    classifier = LogisticRegression(
        C=LR_C, solver="saga", tol=1e-3, max_iter=300, random_state=RANDOM_STATE
    )
    return Pipeline([("features", features), ("lr", classifier)])


def fits_per_training(kind: FeatureKind, folds: int = MAX_FOLDS) -> int:
    """How many times ``train`` calls ``progress`` (one per classifier fit)."""
    return len(COMPONENTS[kind]) * (folds + 1)


def _softmax(scores: npt.NDArray[np.float64], temperature: float) -> npt.NDArray[np.float64]:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: npt.NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
    return out


def _fit_temperature(scores: npt.NDArray[np.float64], truth: npt.NDArray[np.intp]) -> float:
    """The temperature that minimises the negative log-likelihood of ``truth``."""
    from scipy.optimize import minimize_scalar

    rows = np.arange(len(truth))

    def nll(log_t: float) -> float:
        p = _softmax(scores, math.exp(log_t))[rows, truth]
        return float(-np.log(np.clip(p, 1e-12, None)).mean())

    found = minimize_scalar(nll, bounds=(math.log(1e-3), math.log(10.0)), method="bounded")
    return float(math.exp(found.x))


def _scores(classifier: Any, x: Any) -> npt.NDArray[np.float64]:
    s = np.asarray(classifier.decision_function(x), dtype=np.float64)
    if s.ndim == 1:  # two classes: one score for the second
        s = np.column_stack([-s, s])
    return s


def _fit(component: str, x: Any, y: Any, fit_idx: Any, score_idx: Any) -> tuple[Any, Any]:
    """Fit one classifier on the rows ``fit_idx``; its scores on the rows ``score_idx``
    (``None``: the classifier itself is wanted, not scores)."""
    classifier = _classifier(component).fit(x[fit_idx], y[fit_idx])
    if score_idx is None:
        return classifier, None
    return None, _scores(classifier, x[score_idx])


def _inputs(
    component: str,
    texts: Sequence[str],
    progress: Callable[[int], None] | None,
    word_vectors: WordVectors | None = None,
) -> Any:
    """What a component's classifier reads: the texts, or their sentence vectors."""
    if component == "embeddings":
        from inloop.ai import encoder

        return encoder.encode(texts, progress)
    if component == "wordvec":
        if word_vectors is None:
            raise ModelInvalid("the model has no word vectors")
        return word_vectors.transform(texts)
    return np.asarray(texts, dtype=object)


def _log(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.log(np.clip(p, 1e-12, None))


def _combine(
    probabilities: list[npt.NDArray[np.float64]],
    temperature: float,
    weights: Sequence[float] | None = None,
) -> npt.NDArray[np.float64]:
    """One component: its probabilities. Several: their geometric mean weighted by
    ``weights`` (models of format 1 and 2: the plain mean), recalibrated by ``temperature``
    (which keeps the order of the intents and only sharpens or softens)."""
    if len(probabilities) == 1:
        return probabilities[0]
    if weights is None:
        return _softmax(_log(np.mean(probabilities, axis=0)), temperature)
    logits = sum(w * _log(p) for w, p in zip(weights, probabilities, strict=True))
    return _softmax(np.asarray(logits, dtype=np.float64), temperature)


def _weight_grid(n: int) -> list[tuple[float, ...]]:
    """Every way to split 1 into ``n`` non-negative multiples of ``WEIGHT_STEP``."""
    steps = round(1 / WEIGHT_STEP)
    return [
        tuple(round(k * WEIGHT_STEP, 6) for k in ks)
        for ks in itertools.product(range(steps + 1), repeat=n)
        if sum(ks) == steps
    ]


def _choose_weights(
    probabilities: list[npt.NDArray[np.float64]], truth: npt.NDArray[np.intp]
) -> tuple[float, ...]:
    """The weights whose combination of the cross-validated probabilities puts the true
    intent first most often (ties: the higher likelihood of the truth)."""
    rows = np.arange(len(truth))
    logs = [_log(p) for p in probabilities]
    best: tuple[tuple[float, float], tuple[float, ...]] | None = None
    for weights in _weight_grid(len(probabilities)):
        z = sum(w * lp for w, lp in zip(weights, logs, strict=True))
        z = np.asarray(z) - np.asarray(z).max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        score = (float((z.argmax(axis=1) == truth).mean()), float(log_p[rows, truth].mean()))
        if best is None or score > best[0]:
            best = (score, weights)
    assert best is not None
    return best[1]


def expected_calibration_error(
    probabilities: npt.NDArray[np.float64], correct: npt.NDArray[np.bool_], bins: int = 10
) -> float:
    """Mean gap between confidence and accuracy over 10 equal-width confidence bins."""
    conf = probabilities.max(axis=1)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in itertools.pairwise(edges):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            ece += float(inside.mean()) * abs(float(correct[inside].mean() - conf[inside].mean()))
    return ece


class IntentModel:
    """Train, predict, save and load. Use ``train`` or ``load`` to get a usable model."""

    def __init__(self) -> None:
        self._classifiers: dict[str, Any] = {}
        self.temperatures: dict[str, float] = {}
        self.temperature = 1.0
        self.weights: dict[str, float] | None = None
        self.word_vectors: WordVectors | None = None
        self.classes: tuple[str, ...] = ()
        self.policy: RoutingPolicy | None = None
        self.metadata: dict[str, Any] = {}

    # -- training ---------------------------------------------------------------------------

    def train(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        features: str = "tfidf",
        oos_label: str | None = None,
        target_accuracy: float = 0.99,
        progress: Callable[[int], None] | None = None,
        encode_progress: Callable[[int], None] | None = None,
        n_jobs: int = -1,
        word_vectors: str | Path | None = None,
    ) -> IntentModel:
        """Fit on ``texts``/``labels``; cross-validation on the same data calibrates the
        probabilities, picks the routing thresholds and measures the metrics.
        ``progress(n)`` is called after each classifier fit (``fits_per_training`` in all);
        ``encode_progress(n)`` after each batch of n texts turned into sentence vectors.
        ``n_jobs``: worker processes for the fits (-1: one per core); ``word_vectors``: a
        directory with another table of word vectors than the shipped one."""
        from joblib import Parallel, cpu_count, delayed
        from sklearn.model_selection import StratifiedKFold

        kind: FeatureKind = check_kind(features)
        if len(texts) != len(labels):
            raise DataInvalid(f"{len(texts)} texts but {len(labels)} labels")
        if not 0.0 < target_accuracy <= 1.0:
            raise DataInvalid(f"target accuracy {target_accuracy} is not in (0, 1]")
        classes, y = np.unique(np.asarray(labels, dtype=object), return_inverse=True)
        if len(classes) < 2:
            raise DataInvalid("the training data needs at least 2 different labels")
        counts = np.bincount(y)
        folds = min(MAX_FOLDS, int(counts.min()))
        if n_jobs == -1 or n_jobs < 1:
            n_jobs = cpu_count()
        if folds < 2:
            rare = sorted(str(c) for c in classes[counts < 2])[:5]
            raise DataInvalid(
                f"every label needs at least 2 examples; these have 1: {', '.join(rare)}"
            )
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=RANDOM_STATE)
        splits = list(splitter.split(np.zeros(len(y)), y))
        component_probabilities = []
        self._classifiers, self.temperatures = {}, {}
        self.word_vectors = None
        if "wordvec" in COMPONENTS[kind]:
            self.word_vectors = WordVectors.load(word_vectors)
        every = np.arange(len(y))
        jobs = [(every, None)] + [(train_idx, test_idx) for train_idx, test_idx in splits]
        for component in COMPONENTS[kind]:
            x = _inputs(component, texts, encode_progress, self.word_vectors)
            oof = np.zeros((len(y), len(classes)))
            # The folds and the final fit are independent: one worker process per core.
            results = Parallel(n_jobs=min(n_jobs, len(jobs)), return_as="generator")(
                delayed(_fit)(component, x, y, fit_idx, score_idx) for fit_idx, score_idx in jobs
            )
            for (_, score_idx), (classifier, scores) in zip(jobs, results, strict=True):
                if score_idx is None:
                    self._classifiers[component] = classifier
                else:
                    oof[score_idx] = scores
                if progress:
                    progress(1)
            self.temperatures[component] = _fit_temperature(oof, y)
            component_probabilities.append(_softmax(oof, self.temperatures[component]))
        self.temperature, weights = 1.0, None
        if len(component_probabilities) > 1:
            weights = _choose_weights(component_probabilities, y)
            combined = _combine(component_probabilities, 1.0, weights)
            self.temperature = _fit_temperature(_log(combined), y)
        self.weights = (
            None if weights is None else dict(zip(COMPONENTS[kind], weights, strict=True))
        )
        probabilities = _combine(component_probabilities, self.temperature, weights)
        self.classes = tuple(str(c) for c in classes)
        if oos_label is not None and oos_label not in self.classes:
            oos_label = None  # no out-of-scope examples: nothing to route apart
        truth = [self.classes[i] for i in y]
        self.policy = RoutingPolicy.fit(
            probabilities, truth, self.classes, target_accuracy=target_accuracy, oos_label=oos_label
        )
        from inloop.ai.metrics import evaluate

        ranked = self._predictions_from(probabilities, min(4, len(self.classes)))
        cv = evaluate(ranked, truth, self.policy, k=min(3, len(self.classes)))
        cv["calibration_error"] = round(
            expected_calibration_error(probabilities, probabilities.argmax(axis=1) == y), 4
        )
        self.metadata = {
            "format_version": FORMAT_VERSION,
            "inloop_version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "features": kind,
            "labels": list(self.classes),
            "oos_label": oos_label,
            "training_size": len(y),
            "folds": folds,
            "temperature": self.temperature,
            "temperatures": dict(self.temperatures),
            "weights": self.weights,
            "thresholds": self.policy.to_dict(),
            "cv_metrics": cv,
        }
        if "embeddings" in self._classifiers:
            from inloop.ai import encoder

            self.metadata.update(encoder.info())
        if self.word_vectors is not None:
            self.metadata["word_vectors"] = self.word_vectors.info
        return self

    # -- prediction -------------------------------------------------------------------------

    def _require(self) -> dict[str, Any]:
        if not self._classifiers:
            raise ModelInvalid("the model is not trained; train or load it first")
        return self._classifiers

    def probabilities(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """One row per text, one column per intent of ``classes``."""
        classifiers = self._require()
        if not texts:
            return np.zeros((0, len(self.classes)))
        return _combine(
            [
                _softmax(
                    _scores(classifier, _inputs(component, texts, None, self.word_vectors)),
                    self.temperatures[component],
                )
                for component, classifier in classifiers.items()
            ],
            self.temperature,
            None if self.weights is None else [self.weights[c] for c in classifiers],
        )

    def _predictions_from(
        self, probabilities: npt.NDArray[np.float64], top_k: int
    ) -> list[Prediction]:
        order = np.argsort(-probabilities, axis=1, kind="stable")[:, :top_k]
        return [
            Prediction(
                tuple(self.classes[j] for j in row),
                tuple(float(probabilities[i, j]) for j in row),
            )
            for i, row in enumerate(order)
        ]

    def predict(self, texts: Sequence[str], top_k: int = 3) -> list[Prediction]:
        """The ``top_k`` most likely intents of each text, in input order."""
        if not 1 <= top_k <= len(self.classes):
            raise DataInvalid(
                f"top-k {top_k} must be between 1 and the number of labels {len(self.classes)}"
            )
        return self._predictions_from(self.probabilities(texts), top_k)

    def route(self, prediction: Prediction, k: int = 3) -> Decision:
        """The routing decision for ``prediction`` with a menu of k options; ``prediction``
        should hold k + 1 intents (the out-of-scope intent is never offered)."""
        if self.policy is None:
            raise ModelInvalid("the model has no routing policy; train or load it first")
        return self.policy.decide(prediction.labels, prediction.scores, k)

    # -- storage ----------------------------------------------------------------------------

    def save(self, directory: str | Path) -> Path:
        """Write ``model.joblib`` and ``model.json`` into ``directory`` (created if needed)."""
        import joblib

        classifiers = self._require()
        if self.policy is not None:
            self.metadata["thresholds"] = self.policy.to_dict()
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        joblib.dump(
            {
                "format_version": FORMAT_VERSION,
                "classifiers": classifiers,
                "classes": self.classes,
                "word_vectors": self.word_vectors,
            },
            path / MODEL_FILE,
            compress=3,
        )
        (path / META_FILE).write_text(
            json.dumps(self.metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return path

    @classmethod
    def load(cls, directory: str | Path) -> IntentModel:
        """Read a model directory written by ``save``. Only load models you trust: the
        classifier is a pickle."""
        import joblib

        path = Path(directory)
        if not path.is_dir():
            raise ModelInvalid(f"model directory {str(path)!r} does not exist", path=str(path))
        for name in (MODEL_FILE, META_FILE):
            if not (path / name).is_file():
                raise ModelInvalid(f"model directory {str(path)!r} has no {name}", path=str(path))
        try:
            meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
            stored = joblib.load(path / MODEL_FILE)
        except Exception as exc:
            raise ModelInvalid(f"cannot read the model in {str(path)!r}: {exc}") from None
        version = meta.get("format_version") if isinstance(meta, dict) else None
        if (
            version not in READABLE_FORMATS
            or not isinstance(stored, dict)
            or stored.get("format_version") != version
        ):
            raise ModelInvalid(
                f"model in {str(path)!r} is not of a format version this inloop reads "
                f"({', '.join(map(str, READABLE_FORMATS))})",
                path=str(path),
            )
        model = cls()
        if version == 1:  # one TF-IDF classifier, its temperature at the top level
            model._classifiers = {"tfidf": stored["pipeline"]}
            model.temperatures = {"tfidf": float(meta["temperature"])}
            model.temperature = 1.0
        else:
            model._classifiers = dict(stored["classifiers"])
            model.temperatures = {k: float(v) for k, v in meta["temperatures"].items()}
            model.temperature = float(meta["temperature"])
            weights = meta.get("weights")
            if version >= 3 and weights is not None:
                model.weights = {k: float(v) for k, v in weights.items()}
            model.word_vectors = stored.get("word_vectors")
            if "wordvec" in model._classifiers and not isinstance(model.word_vectors, WordVectors):
                raise ModelInvalid(
                    f"model in {str(path)!r} has no word vectors for its wordvec classifier",
                    path=str(path),
                )
        if "embeddings" in model._classifiers:
            from inloop.ai import encoder

            if not encoder.available():
                raise ModelInvalid(
                    f"model in {str(path)!r} uses sentence embeddings; install "
                    "'inloop[embeddings]' to load it",
                    path=str(path),
                )
        model.classes = tuple(stored["classes"])
        model.policy = RoutingPolicy.from_dict(meta["thresholds"])
        model.metadata = meta
        return model
