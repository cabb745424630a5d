"""JSON in and out of storage (orjson; pydantic models, dates and sets are converted)."""

from __future__ import annotations

from typing import Any

import orjson
from pydantic_core import to_jsonable_python


def dumps(value: Any) -> str:
    return orjson.dumps(value, default=to_jsonable_python).decode()


def loads(text: str | bytes) -> Any:
    return orjson.loads(text)


def to_json_value(value: Any) -> Any:
    """``value`` as plain JSON data (what a replay will return for it)."""
    return orjson.loads(orjson.dumps(value, default=to_jsonable_python))
