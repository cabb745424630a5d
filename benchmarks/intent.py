"""Benchmark of the intent model: train on data/banking77/train.csv, save, then load the saved
model in a fresh process (as a worker would) and time single requests (predict the top 4 and
route). Prints JSON.

    python benchmarks/intent.py [--features tfidf|embeddings|ensemble]
    python benchmarks/intent.py --serve MODEL_DIR

Figures: ``train_s`` (wall time, folds fitted in one process per core), ``p50_ms`` /
``p95_ms`` per single request, ``serve_rss_mb`` (peak resident memory of the process that loads
the model and answers the requests) and ``train_rss_mb`` (peak of the training process, without
its worker processes, which each hold one fit).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "banking77" / "train.csv"
REQUESTS = 1000


def _texts_and_labels() -> tuple[list[str], list[str]]:
    with DATA.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["category"] for r in rows]


def _peak_rss_mb() -> float:
    """Peak resident memory of this process since it started (VmHWM; unlike ru_maxrss it does
    not carry over the parent's peak into a child process)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def serve(model_dir: str) -> None:
    """The serving half, run in its own process: load, then time single requests."""
    from inloop.ai import IntentModel

    texts, _ = _texts_and_labels()
    model = IntentModel.load(model_dir)
    model.route(model.predict([texts[0]], 4)[0])  # first use loads lazily held parts
    times = []
    for text in texts[:REQUESTS]:
        t = time.perf_counter()
        model.route(model.predict([text], 4)[0])
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(json.dumps({
        "p50_ms": round(times[len(times) // 2], 2),
        "p95_ms": round(times[int(len(times) * 0.95)], 2),
        "serve_rss_mb": _peak_rss_mb(),
    }))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", default="tfidf")
    parser.add_argument(
        "--serve", metavar="DIR", help="only time a saved model directory (no training)"
    )
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    from inloop.ai import IntentModel

    texts, labels = _texts_and_labels()
    start = time.perf_counter()
    model = IntentModel().train(texts, labels, features=args.features)
    train_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        model.save(tmp)
        served = subprocess.run(
            [sys.executable, __file__, "--serve", tmp],
            check=True,
            capture_output=True,
            text=True,
        )
    figures = {
        "features": args.features,
        "train_s": round(train_s, 1),
        **json.loads(served.stdout.strip().splitlines()[-1]),
        "train_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cv_top1": model.metadata["cv_metrics"]["top1"],
        "cv_automation_rate": model.metadata["cv_metrics"]["automation_rate"],
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
