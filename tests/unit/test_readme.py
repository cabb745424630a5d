"""The README's example runs as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import inloop

README = Path(__file__).resolve().parents[2] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_process_example_is_at_most_20_lines_of_code() -> None:
    process = python_blocks()[0]
    body = process[process.index("@app.process") :]
    assert len([line for line in body.splitlines() if line.strip()]) <= 20


async def test_the_readme_examples_run(tmp_path: Path) -> None:
    process, test = python_blocks()[:2]
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    # dont_inherit: this file's `from __future__ import annotations` must not leak into it
    exec(compile(process, "README.md", "exec", dont_inherit=True), namespace)
    exec(compile(test, "README.md", "exec", dont_inherit=True), namespace)
    await namespace["test_address_change"](tmp_path)
    assert isinstance(namespace["app"], inloop.App)
    assert next(iter(namespace["CRM"].values()))["city"] == "Berlin"


async def test_the_tutorial_runs(tmp_path: Path) -> None:
    tutorial = README.parent / "docs" / "tutorial" / "first-process.md"
    blocks = re.findall(r"```python\n(.*?)```", tutorial.read_text(encoding="utf-8"), re.S)
    code = "\n".join(b for b in blocks if "refund_v2" not in b)
    namespace: dict[str, Any] = {"__name__": "tutorial"}
    exec(compile(code, str(tutorial), "exec", dont_inherit=True), namespace)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    await namespace["test_refund"](tmp_path / "a")
    await namespace["test_nobody_answers"](tmp_path / "b")
    assert list(namespace["PAYMENTS"].values()) == [19.99]
