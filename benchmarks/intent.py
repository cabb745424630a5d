"""Benchmark of the default intent model: train on data/banking77/train.csv, then time single
requests. Prints JSON: train seconds, p50/p95 ms per single request, RSS MB."""

from __future__ import annotations

import csv
import json
import resource
import time
from pathlib import Path

from inloop.ai import IntentModel

DATA = Path(__file__).resolve().parents[1] / "data" / "banking77" / "train.csv"


def main() -> None:
    with DATA.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    texts, labels = [r["text"] for r in rows], [r["category"] for r in rows]
    start = time.perf_counter()
    model = IntentModel().train(texts, labels)
    train_s = time.perf_counter() - start
    times = []
    for text in texts[:1000]:
        t = time.perf_counter()
        model.route(model.predict([text], 4)[0])
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "train_s": round(train_s, 1),
        "p50_ms": round(times[len(times) // 2], 2),
        "p95_ms": round(times[int(len(times) * 0.95)], 2),
        "rss_mb": round(rss_mb, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
