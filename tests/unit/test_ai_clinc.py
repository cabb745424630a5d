"""Out-of-scope requests (CLINC150): train on ``train`` + ``oos_train``, check on ``val`` +
``oos_val``."""

from __future__ import annotations

import json
from pathlib import Path

from inloop.ai import IntentModel, Route
from inloop.ai.metrics import evaluate

DATA = Path(__file__).resolve().parents[2] / "data" / "clinc150" / "data_full_train_val.json"


def test_out_of_scope_is_rarely_automatic() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    train = data["train"] + data["oos_train"]
    val = data["val"] + data["oos_val"]
    model = IntentModel().train([t for t, _ in train], [y for _, y in train], oos_label="oos")
    texts, truth = [t for t, _ in val], [y for _, y in val]
    predictions = model.predict(texts, 4)
    oos = [p for p, y in zip(predictions, truth, strict=True) if y == "oos"]
    oos_auto = sum(model.route(p).route is Route.AUTO for p in oos) / len(oos)
    figures = evaluate(predictions, truth, model.policy, k=3)  # type: ignore[arg-type]
    assert oos_auto <= 0.10, oos_auto
    assert figures["wrong_automatic_rate"] <= 0.03, figures
    # the figure as `inloop model evaluate` prints it (the policy knows the label)
    assert figures["out_of_scope_n"] == len(oos) == len(data["oos_val"])
    assert figures["out_of_scope_auto_rate"] == round(oos_auto, 4)
