"""A generated fuzz run over every /api/v1 operation (schemathesis, from the published OpenAPI
document): valid and invalid requests alike must never cause a server error, every response must
match the document, and no invalid request may be accepted.

Part of the cases are pointed at real cases and their open requests, so that answers are checked
by the engine's validation and not only by the routing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from inloop.testing import Harness
from inloop.web.api.keys import create_api_key
from inloop.web.app import create_app
from tests.integration.test_api import make_app

MAX_EXAMPLES = 100


@dataclass
class Target:
    headers: dict[str, str]
    open_requests: list[tuple[str, str]]
    """(case id, request id) of requests waiting for an answer."""


async def _seed(h: Harness) -> Target:
    await h.__aenter__()
    _, key = await create_api_key(h.engine.store, "fuzz", at=h.clock.now())
    pairs = []
    for process in ("confirm_flow", "forms", "confirm_flow", "forms"):
        case_id = await h.start(process)
        req = await h.open_request(case_id)
        assert req is not None
        pairs.append((case_id, req.id))
    return Target({"Authorization": f"Bearer {key}"}, pairs)


@pytest.fixture
def target(tmp_path: Path) -> Iterator[tuple[Harness, Target]]:
    h = Harness(make_app(), tmp_path / "fuzz.db")
    found = asyncio.run(_seed(h))
    try:
        yield h, found
    finally:
        asyncio.run(h.__aexit__(None, None, None))


OPERATIONS = [
    "POST /cases",
    "GET /cases/{case_id}",
    "GET /cases/{case_id}/request",
    "POST /cases/{case_id}/requests/{request_id}/answer",
    "GET /cases/{case_id}/timeline",
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def load_schema(h: Harness) -> Any:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(h.engine))


def operations(schema: Any) -> dict[str, Any]:
    found = {}
    for result in schema.get_all_operations():
        op = result.ok()
        found[f"{op.method.upper()} {op.path}"] = op
    return found


def test_every_operation_is_fuzzed(target: tuple[Harness, Target]) -> None:
    assert sorted(operations(load_schema(target[0]))) == sorted(OPERATIONS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("label", OPERATIONS)
def test_generated_requests(
    target: tuple[Harness, Target], label: str, mode: GenerationMode
) -> None:
    _, found = target
    operation = operations(load_schema(target[0]))[label]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        params = case.path_parameters
        if mode is GenerationMode.POSITIVE and params and "case_id" in params:
            # point a part of the valid requests at real cases and their open requests
            seen = repr(sorted(params.items())) + repr(case.body)
            pick = sum(map(ord, seen)) % (len(found.open_requests) + 1)
            if pick < len(found.open_requests):
                case_id, request_id = found.open_requests[pick]
                params["case_id"] = case_id
                if "request_id" in params:
                    params["request_id"] = request_id
        case.call_and_validate(headers=found.headers, checks=CHECKS)

    run()
