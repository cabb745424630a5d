"""The built-in intent model: trained once from the Banking77 data that inloop ships, then kept.

    ref = builtin.parse("builtin:banking77")          # "banking77"; None for a file path
    prepared = builtin.prepare(builtin.cache_dir(settings))
    model = IntentModel.load(prepared.path)

The data of each built-in (its training files with their ``LICENSE`` and ``SOURCE.md``; for
Banking77 the data set's ``train.csv`` and ``train_de.csv``, German requests for the same intents
written for inloop) is inside the installed package, in ``inloop/ai/resources/<name>/``; a
development install reads the repository's ``data/<name>/`` instead, so the files exist once in
the repository.

The model is cached in ``<cache>/<name>-<inloop version>-<features>-<data fingerprint>``, where
the cache is the folder ``inloop-models`` next to the SQLite database (:func:`cache_dir`). The
first process that needs it trains it (a minute or two on two cores) while holding a lock file,
so a second process waits and then loads what the first wrote. Training writes into a temporary
folder beside the target and renames it into place: a crash leaves no half-written model, only a
temporary folder that the next training removes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from inloop._version import __version__
from inloop.ai.errors import DataInvalid
from inloop.ai.features import FeatureKind, check_kind
from inloop.ai.intent import META_FILE, MODEL_FILE

if TYPE_CHECKING:
    from inloop.config import Settings

log = logging.getLogger("inloop.ai.builtin")

PREFIX = "builtin:"
"""What ``--data`` starts with to name a built-in data set (``builtin:banking77``)."""
CACHE_FOLDER = "inloop-models"
"""The folder next to the SQLite database that holds the trained built-in models."""
RESOURCES = Path(__file__).resolve().parent / "resources"
REPOSITORY_DATA = Path(__file__).resolve().parents[3] / "data"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Builtin:
    """A data set inloop ships: its name, what it is, and its CSV columns."""

    name: str
    title: str
    text_column: str = "text"
    label_column: str = "category"
    training_files: tuple[str, ...] = ("train.csv",)
    """The CSV files it trains on, all with the same columns; the first is the data set's own."""


BUILTINS: dict[str, Builtin] = {
    # train_de.csv: German requests for the same 77 intents, written for inloop (SOURCE.md)
    "banking77": Builtin(
        name="banking77", title="Banking77", training_files=("train.csv", "train_de.csv")
    ),
}
DEFAULT = "banking77"
FEATURES: FeatureKind = "tfidf"
"""The feature kind of the built-in model: needs nothing optional, so every installation has the
same model, trained in a minute or two."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Prepared:
    """Where the built-in model is, and whether this call trained it (``False``: it was there,
    or another process trained it while this one waited)."""

    path: Path
    trained: bool


def names() -> list[str]:
    """The built-in data sets, as ``builtin:<name>``."""
    return [PREFIX + name for name in BUILTINS]


def get(name: str) -> Builtin:
    """The built-in ``name`` (with or without ``builtin:``); ``DataInvalid`` listing the
    built-ins for any other name."""
    key = name.removeprefix(PREFIX)
    found = BUILTINS.get(key)
    if found is None:
        raise DataInvalid(
            f"{PREFIX}{key} is not a built-in data set (built-in: {', '.join(names())})",
            builtin=key,
        )
    return found


def parse(ref: str) -> Builtin | None:
    """The built-in named by ``ref`` (``builtin:banking77``); ``None`` when ``ref`` does not
    start with ``builtin:`` (a file path)."""
    if not ref.startswith(PREFIX):
        return None
    return get(ref)


def data_dir(name: str = DEFAULT) -> Path:
    """The folder of a built-in data set: in the installed package, else (a development
    install) in the repository's ``data/`` folder."""
    builtin = get(name)
    for folder in (RESOURCES / builtin.name, REPOSITORY_DATA / builtin.name):
        if all((folder / file).is_file() for file in builtin.training_files):
            return folder
    raise DataInvalid(
        f"the data of {PREFIX}{builtin.name} is missing from this installation "
        f"(looked in {RESOURCES / builtin.name}); reinstall inloop",
        builtin=builtin.name,
    )


def training_file(name: str = DEFAULT) -> Path:
    """The data set's own training CSV (the first of its training files)."""
    return training_files(name)[0]


def training_files(name: str = DEFAULT) -> list[Path]:
    """All the training CSVs of a built-in data set."""
    folder = data_dir(name)
    return [folder / file for file in get(name).training_files]


def read_training(
    name: str = DEFAULT, columns: tuple[str, str] | None = None
) -> tuple[list[str], list[str]]:
    """The texts and labels of all the training files of a built-in data set; ``columns``
    (text, label) other than its own are looked for, and named in ``DataInvalid`` when missing."""
    from inloop.ai.data import read_columns

    builtin = get(name)
    text_column, label_column = columns or (builtin.text_column, builtin.label_column)
    texts: list[str] = []
    labels: list[str] = []
    for path in training_files(name):
        more_texts, more_labels = read_columns(path, [text_column, label_column])
        texts += more_texts
        labels += more_labels
    return texts, labels


def fingerprint(name: str = DEFAULT) -> str:
    """Eight hex digits of the SHA-256 of the training files: a model trained on other data
    (an update of the shipped files) gets a cache folder of its own."""
    digest = hashlib.sha256()
    for path in training_files(name):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def cache_dir(settings: Settings) -> Path:
    """Where built-in models are kept: ``inloop-models`` in the folder of the SQLite database
    file (``./inloop-models`` for the default ``sqlite:///./inloop.db``); with another database,
    in the working directory."""
    url = settings.database_url
    if url.startswith("sqlite:///"):
        from inloop.storage.sqlite import sqlite_path

        return Path(sqlite_path(url)).parent / CACHE_FOLDER
    return Path(CACHE_FOLDER)


def model_path(cache: str | Path, name: str = DEFAULT, features: str = FEATURES) -> Path:
    """``<cache>/<name>-<inloop version>-<features>-<data fingerprint>``: a new inloop, other
    features or other shipped data get a model of their own."""
    kind = check_kind(features)
    return Path(cache) / f"{get(name).name}-{__version__}-{kind}-{fingerprint(name)}"


def is_prepared(path: Path) -> bool:
    """A finished model directory (the rename into place makes it whole or absent)."""
    return (path / META_FILE).is_file() and (path / MODEL_FILE).is_file()


def prepare(
    cache: str | Path,
    name: str = DEFAULT,
    *,
    features: str = FEATURES,
    data: str | Path | None = None,
) -> Prepared:
    """The built-in model in ``cache``, trained first if it is not there yet.

    ``features``: the feature kind (default ``tfidf``).
    ``data``: a training CSV with the built-in's columns to use instead of the shipped one (a
    smaller set, for a quick try). One process trains; others wait on the lock file and load."""
    builtin = get(name)
    kind: FeatureKind = check_kind(features)
    target = model_path(cache, builtin.name, kind)
    if is_prepared(target):
        return Prepared(path=target, trained=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent / f".{target.name}.lock", target):
        if is_prepared(target):  # another process trained it while this one waited
            return Prepared(path=target, trained=False)
        _train_into(target, builtin, kind, Path(data) if data is not None else None)
    return Prepared(path=target, trained=True)


def _train_into(target: Path, builtin: Builtin, kind: FeatureKind, data: Path | None) -> None:
    """Train into a temporary folder beside ``target`` and rename it into place."""
    from inloop.ai.data import read_columns
    from inloop.ai.intent import IntentModel

    for stale in target.parent.glob(f".{target.name}.tmp-*"):  # left by a crash
        shutil.rmtree(stale, ignore_errors=True)
    if data is None:
        texts, labels = read_training(builtin.name)
    else:
        texts, labels = read_columns(data, [builtin.text_column, builtin.label_column])
    log.warning(
        "training the built-in %s intent model once (%s, %d requests), about a minute or two%s; "
        "it is kept in %s",
        builtin.title,
        kind,
        len(texts),
        "" if kind == "tfidf" else ", longer with sentence embeddings",
        target,
    )
    started = time.monotonic()
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        temporary.chmod(0o755)  # readable like any other folder, not private as mkdtemp makes it
        trained = IntentModel().train(texts, labels, features=kind)
        trained.metadata["builtin"] = builtin.name
        trained.save(temporary)
        temporary.rename(target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    log.info(
        "trained the built-in %s intent model in %.0f s: %s",
        builtin.title,
        time.monotonic() - started,
        target,
    )


@contextlib.contextmanager
def _locked(lock_file: Path, target: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` (an OS lock: released when the holder exits,
    even by a crash). Threads of one process exclude each other too."""
    with lock_file.open("a+b") as f:
        if not _try_lock(f.fileno()):
            log.info("waiting for another process that is training the built-in model %s", target)
            _lock(f.fileno())
        try:
            yield
        finally:
            _unlock(f.fileno())


if sys.platform == "win32":  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _lock(fd: int) -> None:
        while not _try_lock(fd):
            time.sleep(0.5)

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
