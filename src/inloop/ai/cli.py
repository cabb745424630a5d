"""``inloop model``: train, apply and evaluate intent models from the command line."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from inloop.ai.errors import DataInvalid
from inloop.ai.features import FEATURE_KINDS
from inloop.config import DEFAULT_DATABASE_URL

BATCH = 256


def _one_line_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    from inloop.cli.common import one_line_errors

    return one_line_errors(fn)


@contextlib.contextmanager
def _progress(length: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on standard error when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        yield lambda _n: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


def _check_top_k(top_k: int, labels: int) -> None:
    if not 1 <= top_k <= labels:
        raise DataInvalid(f"--top-k {top_k} must be between 1 and the number of labels {labels}")


@click.group()
def model() -> None:
    """Intent models: train, predict and evaluate."""


@model.command("train")
@click.option(
    "--data",
    "data",
    required=True,
    help="Training CSV file (UTF-8), or builtin:banking77 for the data inloop ships.",
)
@click.option("--text-column", default="text", show_default=True, help="Column of the texts.")
@click.option(
    "--label-column", default="category", show_default=True, help="Column of the intents."
)
@click.option("--out", "out", required=True, help="Model directory to write.")
@click.option(
    "--target-accuracy",
    type=float,
    default=0.99,
    show_default=True,
    help="Accuracy wanted on automatic decisions (with 95 % confidence); picks the thresholds.",
)
@click.option("--oos-label", default=None, help="The label of out-of-scope examples, if any.")
@click.option(
    "--features",
    type=click.Choice(FEATURE_KINDS),
    default=None,
    help=(
        "tfidf: TF-IDF n-grams and the shipped word vectors (scikit-learn only); embeddings: "
        "the MiniLM sentence encoder; ensemble: all three (default: the best one installed)."
    ),
)
@_one_line_errors
def train(
    data: str,
    text_column: str,
    label_column: str,
    out: str,
    target_accuracy: float,
    oos_label: str | None,
    features: str | None,
) -> None:
    """Train an intent model and pick its routing thresholds from the training data."""
    from inloop.ai import builtin
    from inloop.ai.features import COMPONENTS, best_installed, check_kind
    from inloop.ai.intent import IntentModel, fits_per_training

    kind = check_kind(features or best_installed())
    if not 0.0 < target_accuracy <= 1.0:
        raise DataInvalid(f"--target-accuracy {target_accuracy} must be in (0, 1]")
    shipped = builtin.parse(data)
    if shipped is not None:  # all its files
        texts, labels = builtin.read_training(shipped.name, (text_column, label_column))
    else:
        texts, labels = read_columns_checked(data, [text_column, label_column])
    # One bar: a classifier fit counts as much as turning every text into a vector once.
    encodes = "embeddings" in COMPONENTS[kind]
    length = (fits_per_training(kind) + encodes) * len(texts)
    with _progress(length, "training") as step:
        trained = IntentModel().train(
            texts,
            labels,
            features=kind,
            oos_label=oos_label,
            target_accuracy=target_accuracy,
            progress=lambda n: step(n * len(texts)),
            encode_progress=step,
        )
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise DataInvalid(f"--out {out!r} exists and is not a directory")
    trained.save(target)
    cv = trained.metadata["cv_metrics"]
    click.echo(
        f"trained {kind} model on {len(texts)} requests, {len(trained.classes)} intents into "
        f"{out} (cross-validated top-1 {cv['top1']:.4f}, automation {cv['automation_rate']:.4f})"
    )


@model.command("prepare")
@click.option(
    "--database",
    "database",
    envvar="INLOOP_DATABASE_URL",
    default=DEFAULT_DATABASE_URL,
    show_default=True,
    help="Database URL (env INLOOP_DATABASE_URL); the model is kept next to it.",
)
@_one_line_errors
def prepare(database: str) -> None:
    """Train the built-in Banking77 model that case.ai uses by default, if not done yet."""
    from inloop.ai import builtin
    from inloop.config import Settings

    prepared = builtin.prepare(builtin.cache_dir(Settings.from_env(database_url=database)))
    click.echo(f"{'trained' if prepared.trained else 'ready'}: {prepared.path}")


def read_columns_checked(path: str, columns: list[str]) -> list[list[str]]:
    from inloop.ai.data import read_columns

    return read_columns(path, columns)


@model.command("predict")
@click.option("--model", "model_dir", required=True, help="Model directory.")
@click.option("--input", "input_file", required=True, help="CSV file of requests (UTF-8).")
@click.option("--text-column", default="text", show_default=True, help="Column of the texts.")
@click.option("--top-k", type=int, default=3, show_default=True, help="Intents per request.")
@click.option("--output", "output", required=True, help="JSON Lines file to write.")
@_one_line_errors
def predict(model_dir: str, input_file: str, text_column: str, top_k: int, output: str) -> None:
    """Predict the top-k intents and the route of each request, one JSON line per row."""
    from inloop.ai.intent import IntentModel

    loaded = IntentModel.load(model_dir)
    _check_top_k(top_k, len(loaded.classes))
    (texts,) = read_columns_checked(input_file, [text_column])
    rank = min(top_k + 1, len(loaded.classes))
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise DataInvalid(f"--output {output!r}: folder {str(folder)!r} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".inloop-", suffix=".jsonl", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f, _progress(len(texts), "predicting") as step:
            for start in range(0, len(texts), BATCH):
                batch = texts[start : start + BATCH]
                for p in loaded.predict(batch, rank):
                    route = loaded.route(p, top_k).route.value
                    row = {
                        "labels": list(p.labels[:top_k]),
                        "scores": [round(s, 6) for s in p.scores[:top_k]],
                        "route": route,
                    }
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
                step(len(batch))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    click.echo(f"wrote {len(texts)} predictions to {output}", err=True)


@model.command("evaluate")
@click.option("--model", "model_dir", required=True, help="Model directory.")
@click.option("--data", "data", required=True, help="Labelled CSV file (UTF-8).")
@click.option("--text-column", default="text", show_default=True, help="Column of the texts.")
@click.option(
    "--label-column", default="category", show_default=True, help="Column of the intents."
)
@click.option("--top-k", type=int, default=3, show_default=True, help="Menu size and top-k.")
@click.option(
    "--oos-label",
    default=None,
    help="The label of out-of-scope requests in the data (default: the model's).",
)
@_one_line_errors
def evaluate(
    model_dir: str,
    data: str,
    text_column: str,
    label_column: str,
    top_k: int,
    oos_label: str | None,
) -> None:
    """Print accuracy and routing figures on labelled data as JSON."""
    from inloop.ai.intent import IntentModel
    from inloop.ai.metrics import evaluate as figures

    loaded = IntentModel.load(model_dir)
    _check_top_k(top_k, len(loaded.classes))
    texts, labels = read_columns_checked(data, [text_column, label_column])
    known = set(loaded.classes)
    if oos_label is not None and oos_label not in known:
        # out-of-scope requests for a model trained without any: never a correct intent
        known.add(oos_label)
    unknown = sorted(set(labels) - known)
    if unknown:
        shown = ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise DataInvalid(
            f"--data {data!r} has {len(unknown)} labels the model does not know: {shown}"
        )
    rank = min(top_k + 1, len(loaded.classes))
    predictions = []
    with _progress(len(texts), "evaluating") as step:
        for start in range(0, len(texts), BATCH):
            batch = texts[start : start + BATCH]
            predictions.extend(loaded.predict(batch, rank))
            step(len(batch))
    assert loaded.policy is not None
    result = figures(predictions, labels, loaded.policy, k=top_k, oos_label=oos_label)
    click.echo(json.dumps(result))
