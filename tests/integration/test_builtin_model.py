"""The built-in intent model: the shipped data is found, the model is trained once into the cache
next to the database, by one process at a time, and appears whole or not at all.

The training here uses a few intents of the shipped Banking77 data (``prepare(data=...)``), so
the tests do not train the whole model."""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

import inloop.ai
from inloop.ai import IntentModel, builtin
from inloop.ai.errors import DataInvalid
from inloop.ai.process import AI
from inloop.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def subset(path: Path, intents: int, rows: int) -> Path:
    """The first ``rows`` requests of the first ``intents`` intents of the shipped data."""
    kept: dict[str, list[str]] = defaultdict(list)
    with builtin.training_file().open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            label = row["category"]
            if (label in kept or len(kept) < intents) and len(kept[label]) < rows:
                kept[label].append(row["text"])
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "category"])
        writer.writerows((text, label) for label, texts in kept.items() for text in texts)
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return subset(tmp_path_factory.mktemp("data") / "tiny.csv", intents=4, rows=12)


def run_prepare(cache: Path, data: Path) -> subprocess.Popen[str]:
    """``builtin.prepare`` in a process of its own; prints whether it trained."""
    code = (
        "import sys; from inloop.ai import builtin; "
        "p = builtin.prepare(sys.argv[1], data=sys.argv[2]); print(p.trained, p.path)"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(cache), str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # its worker processes go with it when it is killed
    )


# -- the shipped data -------------------------------------------------------------------------


def test_the_shipped_data_is_found_with_its_licence() -> None:
    folder = builtin.data_dir("banking77")
    assert {"train.csv", "LICENSE", "SOURCE.md"} <= {p.name for p in folder.iterdir()}
    assert builtin.training_file() == folder / "train.csv"
    with builtin.training_file().open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 10_003
    assert len({r["category"] for r in rows}) == 77
    assert "Creative Commons" in (folder / "LICENSE").read_text(encoding="utf-8")
    # and the German requests for the same intents, trained on together with them
    assert builtin.training_files() == [folder / "train.csv", folder / "train_de.csv"]
    texts, labels = builtin.read_training()
    assert len(texts) == len(labels) == 10_003 + 5_402
    assert set(labels[10_003:]) == {r["category"] for r in rows}
    assert "train_de.csv" in (folder / "SOURCE.md").read_text(encoding="utf-8")


def test_the_wheel_puts_the_data_where_the_resolver_looks_first() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapped = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert (ROOT / "data" / "banking77" / "train.csv").is_file()
    package = Path(inloop.ai.__file__).parent.parent
    installed = package / mapped["data/banking77"].removeprefix("inloop/")
    assert installed == builtin.RESOURCES / "banking77"


@pytest.mark.parametrize("name", ["unknown", "builtin:unknown", "clinc150"])
def test_an_unknown_built_in_is_named_with_the_ones_there_are(name: str) -> None:
    with pytest.raises(DataInvalid) as caught:
        builtin.get(name)
    assert str(caught.value.message).endswith("(built-in: builtin:banking77)")
    assert "is not a built-in data set" in caught.value.message


def test_a_path_is_not_a_built_in() -> None:
    assert builtin.parse("data/banking77/train.csv") is None
    assert builtin.parse("builtin:banking77") == builtin.BUILTINS["banking77"]


# -- the cache next to the database -----------------------------------------------------------


def test_the_cache_is_next_to_the_sqlite_database(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'cases.db'}")
    assert builtin.cache_dir(settings) == tmp_path / "inloop-models"
    assert builtin.cache_dir(Settings()) == Path("inloop-models")
    from inloop import __version__

    path = builtin.model_path(builtin.cache_dir(settings))
    assert path.name == f"banking77-{__version__}-tfidf-{builtin.fingerprint()}"
    assert re.fullmatch(r"[0-9a-f]{8}", builtin.fingerprint())


def test_prepared_once_then_reused(tiny: Path, tmp_path: Path) -> None:
    first = builtin.prepare(tmp_path, data=tiny)
    assert first.trained and builtin.is_prepared(first.path)
    meta = json.loads((first.path / "model.json").read_text(encoding="utf-8"))
    assert meta["builtin"] == "banking77" and meta["features"] == "tfidf"
    written = (first.path / "model.joblib").stat().st_mtime_ns

    again = builtin.prepare(tmp_path, data=tiny)
    assert again == builtin.Prepared(path=first.path, trained=False)
    assert (first.path / "model.joblib").stat().st_mtime_ns == written
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == [first.path.name]


def test_case_ai_loads_the_prepared_model_without_training(
    tiny: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'inloop.db'}")
    prepared = builtin.prepare(builtin.cache_dir(settings), data=tiny)
    caplog.clear()
    ai = AI()
    model = ai.intent_model(settings)
    assert model.classes == IntentModel.load(prepared.path).classes
    assert ai.intent_model(settings) is model  # loaded once
    assert not [r for r in caplog.records if "training" in r.getMessage()]


def test_two_processes_train_it_once(tiny: Path, tmp_path: Path) -> None:
    processes = [run_prepare(tmp_path, tiny) for _ in range(2)]
    outputs = [p.communicate(timeout=240) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    trained = sorted(out.split()[0] for out, _ in outputs)
    assert trained == ["False", "True"], outputs
    logs = "".join(err for _, err in outputs)
    assert logs.count("training the built-in Banking77 intent model once") == 1, logs
    assert {out.split()[1] for out, _ in outputs} == {str(builtin.model_path(tmp_path))}


def test_a_crash_while_training_leaves_no_model_and_the_next_start_trains(
    tiny: Path, tmp_path: Path
) -> None:
    bigger = subset(tmp_path / "bigger.csv", intents=40, rows=60)
    cache = tmp_path / "cache"
    process = run_prepare(cache, bigger)
    deadline = time.monotonic() + 120
    while not list(cache.glob(".banking77-*.tmp-*")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "training did not start"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)

    target = builtin.model_path(cache)
    assert not target.exists()
    prepared = builtin.prepare(cache, data=tiny)  # the lock died with the process
    assert prepared.trained and builtin.is_prepared(target)
    assert not list(cache.glob(".banking77-*.tmp-*"))


def test_a_failed_training_leaves_nothing_behind(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("text,category\nhello,a\nhi,a\nmy card,b\n", encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(DataInvalid, match="at least 2 examples"):
        builtin.prepare(cache, data=bad)
    assert [p.name for p in cache.iterdir() if not p.name.endswith(".lock")] == []
