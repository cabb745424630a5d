"""The JSON API (/api/v1) through the full web app, on a real database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from pydantic import BaseModel, Field

import inloop
from inloop.cli.main import main as cli_main
from inloop.humans.casework import CaseWork
from inloop.ids import new_id
from inloop.records import CaseStatus, RequestStatus
from inloop.testing import Harness
from inloop.web.api.keys import api_key_hash, create_api_key
from inloop.web.app import create_app


class Address(BaseModel):
    street: str = Field(min_length=1)
    city: str


class Order(BaseModel):
    order_number: str = Field(pattern=r"^O-\d+$")
    amount: int = Field(ge=1)


def make_app() -> inloop.App:
    app = inloop.App()

    @app.process("confirm_flow", stages=["Received", "Your answer", "Done"])
    async def confirm_flow(case: inloop.Case) -> str:
        case.set_stage("Your answer")
        ok = await case.confirm({"en": "Cancel the card?", "de": "Karte sperren?"})
        case.set_stage("Done")
        return "yes" if ok else "no"

    @app.process("forms")
    async def forms(case: inloop.Case) -> None:
        address = await case.ask(Address, {"city": "Berlin"}, prompt="Your new address?")
        await case.choose(["debit", "credit"], prompt="Which card?")
        await case.review({"street": address.street}, prompt="All correct?")
        await case.upload(prompt="Your ID, please", accept=["application/pdf"], max_files=2)

    @app.process("typed", input=Order)
    async def typed(case: inloop.Case) -> None:
        await case.confirm("Refund?")

    @app.process("broken")
    async def broken(case: inloop.Case) -> None:
        raise RuntimeError("internal detail: the database password is hunter2")

    return app


@dataclass
class Api:
    h: Harness
    client: httpx.AsyncClient
    key: str
    db: Path

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.client.post("/api/v1" + path, json=json, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.get("/api/v1" + path, **kwargs)

    async def case_count(self) -> int:
        return sum((await self.h.engine.store.count_cases()).values())

    async def start(self, process: str = "confirm_flow", **body: Any) -> str:
        r = await self.post("/cases", {"process": process, "input": None, **body})
        assert r.status_code == 201, r.text
        await self.h.run_until_idle()
        return str(r.json()["id"])


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    db = tmp_path / "api.db"
    async with Harness(make_app(), db) as h:
        _, key = await create_api_key(h.engine.store, "chat widget", at=h.clock.now())
        transport = httpx.ASGITransport(app=create_app(h.engine))
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://testserver",
            headers={"Authorization": f"Bearer {key}"},
        ) as client:
            yield Api(h, client, key, db)


def assert_error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    body: dict[str, Any] = r.json()
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    return body


# -- the contract ---------------------------------------------------------------------------


async def test_the_openapi_document_is_published_and_lists_every_operation(api: Api) -> None:
    r = await api.client.get("/api/v1/openapi.json", headers={"Authorization": ""})
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    assert doc["servers"] == [{"url": "/api/v1"}]
    operations = {
        (method.upper(), path)
        for path, item in doc["paths"].items()
        for method in item
        if method in ("get", "post")
    }
    assert operations == {
        ("POST", "/cases"),
        ("GET", "/cases/{case_id}"),
        ("GET", "/cases/{case_id}/request"),
        ("POST", "/cases/{case_id}/requests/{request_id}/answer"),
        ("GET", "/cases/{case_id}/timeline"),
    }
    assert doc["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "description": "An API key made with `inloop apikeys create NAME`.",
        "scheme": "bearer",
    }
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert op["security"] == [{"apiKey": []}], (method, path)
            assert {"401", "422"} <= set(op["responses"]), (method, path)
            for status, response in op["responses"].items():
                schema = response["content"]["application/json"]["schema"]
                if status >= "400":
                    assert schema == {"$ref": "#/components/schemas/ErrorBody"}
    create = doc["components"]["schemas"]["CreateCase"]
    assert create["additionalProperties"] is False
    assert create["examples"]


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Basic abc", "Bearer ik_short", "Bearer ik_" + "A" * 43, "Bearer é"],
)
async def test_requests_without_a_valid_key_are_refused_alike(
    api: Api, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization.encode()}
    api.client.headers.pop("Authorization")
    before = await api.case_count()
    r = await api.post("/cases", {"process": "confirm_flow", "input": None}, headers=headers)
    body = assert_error(r, 401, "unauthorized")
    assert body["message"] == "a valid API key is needed: Authorization: Bearer <key>"
    assert r.headers["www-authenticate"] == "Bearer"
    assert await api.case_count() == before


async def test_a_revoked_key_is_refused(api: Api) -> None:
    record = await api.h.engine.store.api.find_key(api_key_hash(api.key))
    assert record is not None
    assert (await api.get("/cases/case_01JH0Q3Z8V6Y4N2K7T5R9W1XBC")).status_code == 404
    await api.h.engine.store.api.revoke_key(record.id, at=api.h.clock.now())
    assert_error(await api.get("/cases/case_01JH0Q3Z8V6Y4N2K7T5R9W1XBC"), 401, "unauthorized")


async def test_the_key_is_stored_only_as_its_hash(api: Api) -> None:
    assert (await api.get("/cases/case_01JH0Q3Z8V6Y4N2K7T5R9W1XBC")).status_code == 404
    with sqlite3.connect(api.db) as conn:
        dump = "\n".join(conn.iterdump())
    conn.close()
    assert api.key not in dump
    assert api_key_hash(api.key) in dump
    keys = await api.h.engine.store.api.list_keys()
    assert keys[0].last_used_at is not None


# -- a case from start to end ---------------------------------------------------------------


async def test_create_read_answer_and_follow_a_case(api: Api) -> None:
    r = await api.post(
        "/cases",
        {
            "process": "confirm_flow",
            "input": {"card": "1234"},
            "customer": {"name": "Alex", "email": "alex@example.com", "locale": "de"},
        },
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created.keys() == {"id", "status", "stage", "process", "version"}
    assert created["status"] == "running" and created["stage"] == "Received"
    case_id = created["id"]
    record = await api.h.case(case_id)
    assert record.customer.email == "alex@example.com" and record.customer.locale == "de"
    assert record.input == {"card": "1234"}
    await api.h.run_until_idle()

    case = (await api.get(f"/cases/{case_id}")).json()
    assert case["status"] == "waiting_customer" and case["stage"] == "Your answer"
    assert case["closed_at"] is None and "error" not in case and "input" not in case

    req = (await api.get(f"/cases/{case_id}/request")).json()
    assert req["kind"] == "confirm" and req["case_id"] == case_id
    assert req["prompt"] == {"en": "Cancel the card?", "de": "Karte sperren?"}
    assert req["details"] == {} and req["options"] is None and req["schema"] is None

    r = await api.post(f"/cases/{case_id}/requests/{req['id']}/answer", {"decision": "accept"})
    assert r.status_code == 200, r.text
    receipt = r.json()
    assert receipt == {
        "request_id": req["id"],
        "case_id": case_id,
        "status": "accepted",
        "answered_at": receipt["answered_at"],
        "duplicate": False,
    }
    again = await api.post(f"/cases/{case_id}/requests/{req['id']}/answer", {"decision": "accept"})
    assert again.status_code == 200 and again.json() == {**receipt, "duplicate": True}
    await api.h.run_until_idle()

    case = (await api.get(f"/cases/{case_id}")).json()
    assert case["status"] == "completed" and case["closed_at"] is not None
    assert_error(await api.get(f"/cases/{case_id}/request"), 404, "no_open_request")

    timeline = (await api.get(f"/cases/{case_id}/timeline")).json()
    assert timeline["locale"] == "de"  # the customer's language by default
    assert timeline["entries"] and all(
        e.keys() == {"at", "kind", "text", "actor"} for e in timeline["entries"]
    )
    assert any(e["actor"] == "you" for e in timeline["entries"])
    english = (await api.get(f"/cases/{case_id}/timeline", params={"locale": "en"})).json()
    assert english["locale"] == "en"
    assert [e["kind"] for e in english["entries"]] == [e["kind"] for e in timeline["entries"]]
    assert [e["text"] for e in english["entries"]] != [e["text"] for e in timeline["entries"]]
    assert_error(
        await api.get(f"/cases/{case_id}/timeline", params={"locale": "fr"}),
        422,
        "request_invalid",
    )


async def test_every_request_kind_is_shown_with_what_it_needs(api: Api) -> None:
    case_id = await api.start("forms")
    req = (await api.get(f"/cases/{case_id}/request")).json()
    assert req["kind"] == "ask" and req["prompt"] == {"en": "Your new address?"}
    assert req["schema"]["properties"].keys() == {"street", "city"}
    assert req["prefill"] == {"city": "Berlin"} and req["title"] == "Address"

    bad = await api.post(f"/cases/{case_id}/requests/{req['id']}/answer", {"street": ""})
    body = assert_error(bad, 422, "answer_invalid")
    assert {e["field"] for e in body["errors"]} == {"street", "city"}
    assert body["request_id"] == req["id"] and body["case_id"] == case_id
    still = (await api.get(f"/cases/{case_id}/request")).json()
    assert still["id"] == req["id"] and still["attempts"] == 1

    ok = await api.post(
        f"/cases/{case_id}/requests/{req['id']}/answer", {"street": "Main St 1", "city": "Bonn"}
    )
    assert ok.status_code == 200, ok.text
    await api.h.run_until_idle()
    req = (await api.get(f"/cases/{case_id}/request")).json()
    assert req["kind"] == "choose" and (req["min"], req["max"]) == (1, 1)
    assert [o["value"] for o in req["options"]] == ["debit", "credit"]
    assert req["schema"] is None and req["prefill"] is None
    await api.post(f"/cases/{case_id}/requests/{req['id']}/answer", {"selected": ["credit"]})
    await api.h.run_until_idle()
    req = (await api.get(f"/cases/{case_id}/request")).json()
    assert req["kind"] == "review" and req["draft"] == {"street": "Main St 1"}
    await api.post(f"/cases/{case_id}/requests/{req['id']}/answer", {"approved": True})
    await api.h.run_until_idle()
    req = (await api.get(f"/cases/{case_id}/request")).json()
    assert req["kind"] == "upload" and req["accept"] == ["application/pdf"]
    assert (req["min_files"], req["max_files"], req["max_bytes"]) == (1, 2, 10 * 1024 * 1024)


async def test_the_default_process_is_the_first_registered(api: Api) -> None:
    r = await api.post("/cases", {"input": None})
    assert r.status_code == 201 and r.json()["process"] == "confirm_flow"


async def test_a_failed_case_shows_no_internal_details(api: Api) -> None:
    case_id = await api.start("broken")
    r = await api.get(f"/cases/{case_id}")
    assert r.json()["status"] == "failed"
    assert "hunter2" not in r.text and "RuntimeError" not in r.text
    assert "hunter2" not in (await api.get(f"/cases/{case_id}/timeline")).text


# -- bad input: a clear 4xx, nothing changed ------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"process": "confirm_flow", "input": None, "extra": 1}, "extra", "extra_forbidden"),
        ({"process": "confirm_flow"}, "input", "missing"),
        ({"process": 7, "input": None}, "process", "string_type"),
        ({"process": "no such", "input": None}, "process", "string_pattern_mismatch"),
        ({"input": None, "customer": {"email": "nope"}}, "customer.email", None),
        ({"input": None, "customer": {"nickname": "x"}}, "customer.nickname", "extra_forbidden"),
        ({"input": None, "customer": "Alex"}, "customer", None),
        ({"input": {"a": ["x\x00y"]}}, "input.a.0", "invalid_text"),
        ({"input": {"k\x07": 1}}, "input", "invalid_text"),
        ({"input": 2**70}, "input", "number_out_of_range"),
        ([], "body", None),
        ("just text", "body", None),
    ],
)
async def test_invalid_bodies_name_the_field_and_change_nothing(
    api: Api, body: Any, field: str, code: str | None
) -> None:
    before = await api.case_count()
    r = await api.post("/cases", body)
    problem = assert_error(r, 422, "request_invalid")
    fields = {e["field"]: e for e in problem["errors"]}
    assert field in fields, problem
    if code is not None:
        assert fields[field]["code"] == code
    assert all(set(e) == {"field", "code", "message"} for e in problem["errors"])
    assert await api.case_count() == before


@pytest.mark.parametrize(
    ("raw", "field", "code"),
    [
        (b'{"input": "\\ud800"}', "input", "invalid_text"),
        (b'{"input": null, "customer": {"name": "A\\udfffB"}}', "customer.name", "invalid_text"),
        (b'{"input": NaN}', "input", "number_not_finite"),
        (b'{"input": 1e999}', "input", "number_not_finite"),
        (b'{"input": ' + b"[" * 40 + b"]" * 40 + b"}", None, "too_deep"),
        (b'{"input": ', "body", "json_invalid"),
        (b'{"input": "\xff"}', None, None),
    ],
)
async def test_odd_json_is_refused(api: Api, raw: bytes, field: str | None, code: str) -> None:
    before = await api.case_count()
    r = await api.post("/cases", content=raw, headers={"content-type": "application/json"})
    assert r.status_code in (400, 422), r.text
    problem = r.json()
    assert problem["code"] in ("request_invalid", "body_unreadable")
    if code is not None:
        assert code in {e["code"] for e in problem["errors"]}, problem
    if field is not None:
        assert field in {e["field"] for e in problem["errors"]}, problem
    assert "\\ud800" not in r.text and "udfff" not in r.text
    assert await api.case_count() == before


async def test_a_deeply_nested_body_is_refused(api: Api) -> None:
    raw = b'{"input": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    r = await api.post("/cases", content=raw, headers={"content-type": "application/json"})
    assert r.status_code in (400, 422) and r.json()["code"] in (
        "body_unreadable",
        "request_invalid",
    )
    assert await api.case_count() == 0


async def test_only_json_is_accepted(api: Api) -> None:
    for content_type in (
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
    ):
        headers = {} if content_type is None else {"content-type": content_type}
        r = await api.post("/cases", content=b'{"input": null}', headers=headers)
        assert_error(r, 415, "unsupported_media_type")
    r = await api.post(
        "/cases",
        content=b'{"input": null}',
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert r.status_code == 201


async def test_oversized_bodies_are_refused_before_they_are_read(api: Api) -> None:
    limit = api.h.engine.settings.max_upload_bytes
    big = b'{"input": "' + b"x" * limit + b'"}'
    body = assert_error(
        await api.post("/cases", content=big, headers={"content-type": "application/json"}),
        413,
        "body_too_large",
    )
    assert body["limit"] == limit

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted while read
        yield b'{"input": "'
        for _ in range(limit // 65536 + 1):
            yield b"x" * 65536
        yield b'"}'

    r = await api.post("/cases", content=chunks(), headers={"content-type": "application/json"})
    assert_error(r, 413, "body_too_large")
    bad = await api.post(
        "/cases", content=b"{}", headers={"content-type": "application/json", "content-length": "x"}
    )
    assert_error(bad, 400, "body_unreadable")
    assert await api.case_count() == 0


async def test_the_engine_validates_the_process_input(api: Api) -> None:
    r = await api.post("/cases", {"process": "typed", "input": {"order_number": "X", "amount": 0}})
    body = assert_error(r, 422, "invalid_payload")
    assert {e["field"] for e in body["errors"]} == {"order_number", "amount"}
    assert_error(await api.post("/cases", {"process": "nope", "input": 1}), 422, "unknown_process")
    assert await api.case_count() == 0
    ok = await api.post(
        "/cases", {"process": "typed", "input": {"order_number": "O-1", "amount": 3}}
    )
    assert ok.status_code == 201


async def test_unknown_and_foreign_ids_are_404(api: Api) -> None:
    case_id = await api.start()
    other = await api.start()
    other_req = await api.h.open_request(other)
    own_req = await api.h.open_request(case_id)
    assert other_req is not None and own_req is not None
    missing = "case_01JH0Q3Z8V6Y4N2K7T5R9W1XBC"
    assert_error(await api.get(f"/cases/{missing}"), 404, "case_not_found")
    assert_error(await api.get(f"/cases/{missing}/request"), 404, "case_not_found")
    assert_error(await api.get(f"/cases/{missing}/timeline"), 404, "case_not_found")
    assert_error(
        await api.post(f"/cases/{missing}/requests/{own_req.id}/answer", {"decision": "accept"}),
        404,
        "case_not_found",
    )
    foreign = await api.post(
        f"/cases/{case_id}/requests/{other_req.id}/answer", {"decision": "accept"}
    )
    unknown = await api.post(
        f"/cases/{case_id}/requests/req_01JH0Q40AKM3ZC3W6Y2B8D4F6H/answer", {"decision": "accept"}
    )
    f_body = assert_error(foreign, 404, "request_not_found")
    u_body = assert_error(unknown, 404, "request_not_found")
    assert f_body["message"].replace(other_req.id, "ID") == u_body["message"].replace(
        "req_01JH0Q40AKM3ZC3W6Y2B8D4F6H", "ID"
    )
    assert f_body.keys() == u_body.keys()
    assert (await api.h.open_request(other)) == other_req  # untouched
    assert_error(await api.get("/cases/not-an-id"), 422, "request_invalid")
    assert_error(await api.get("/nothing/here"), 404, "not_found")
    assert_error(await api.client.delete(f"/api/v1/cases/{case_id}"), 405, "method_not_allowed")


async def test_answering_a_closed_request_is_a_conflict(api: Api) -> None:
    case_id = await api.start()
    req = await api.h.open_request(case_id)
    assert req is not None
    path = f"/cases/{case_id}/requests/{req.id}/answer"
    assert (await api.post(path, {"decision": "decline"})).status_code == 200
    body = assert_error(await api.post(path, {"decision": "accept"}), 409, "request_closed")
    assert body["status"] == "answered"
    assert (await api.h.engine.store.get_request(req.id)).status is RequestStatus.ANSWERED  # type: ignore[union-attr]


async def test_a_customer_answer_after_an_agents_is_audited(api: Api) -> None:
    h = api.h
    case_id = await api.start()
    req = await h.open_request(case_id)
    assert req is not None
    sue = await h.engine.store.users.create(
        id=new_id("user"),
        email="sue@example.com",
        name="Sue",
        role="supervisor",
        password_hash="not-a-real-hash",
        queues=(),
        at=h.clock.now(),
    )
    assert sue is not None
    await CaseWork(h.engine).answer_for_customer(sue, case_id, req.id, {"decision": "decline"})
    path = f"/cases/{case_id}/requests/{req.id}/answer"
    assert_error(await api.post(path, {"decision": "accept"}), 409, "request_closed")
    entries = [e for e in await h.engine.store.audit.entries() if e.subject == req.id]
    assert [(e.actor, e.action) for e in entries] == [
        (sue.id, "request.answered_for_customer"),
        (f"customer:{case_id}", "request.answer_refused"),
    ]
    detail = json.loads(entries[1].detail)
    assert detail["outcome"] == "refused" and detail["reason"] == "agent_answered_first"
    assert detail["answered_by"] == sue.id and "accept" not in entries[1].detail


# -- idempotency ----------------------------------------------------------------------------


async def test_a_repeated_create_with_the_same_key_returns_the_stored_response(api: Api) -> None:
    body = {"process": "confirm_flow", "input": {"n": 1}, "customer": {"name": "Alex"}}
    headers = {"Idempotency-Key": "order-4711 attempt"}
    first = await api.post("/cases", body, headers=headers)
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    await api.h.run_until_idle()
    # the same JSON with its keys in another order is the same request
    again = await api.post(
        "/cases",
        {"customer": {"name": "Alex"}, "input": {"n": 1}, "process": "confirm_flow"},
        headers=headers,
    )
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert await api.case_count() == 1

    other = await api.post("/cases", {**body, "input": {"n": 2}}, headers=headers)
    assert_error(other, 422, "idempotency_key_reused")
    assert await api.case_count() == 1

    # keys belong to their API key
    _, second_key = await create_api_key(api.h.engine.store, "bot", at=api.h.clock.now())
    theirs = await api.post(
        "/cases", body, headers={**headers, "Authorization": f"Bearer {second_key}"}
    )
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
    assert await api.case_count() == 2


async def test_errors_are_stored_with_the_key_too(api: Api) -> None:
    headers = {"Idempotency-Key": "k1"}
    bad = await api.post("/cases", {"process": "typed", "input": {}}, headers=headers)
    assert_error(bad, 422, "invalid_payload")
    again = await api.post("/cases", {"process": "typed", "input": {}}, headers=headers)
    assert again.status_code == 422 and again.json() == bad.json()
    assert again.headers["idempotent-replayed"] == "true"


async def test_a_repeated_answer_with_the_same_key_gets_the_first_receipt(api: Api) -> None:
    case_id = await api.start()
    req = await api.h.open_request(case_id)
    assert req is not None
    path = f"/cases/{case_id}/requests/{req.id}/answer"
    headers = {"Idempotency-Key": "answer-1"}
    first = await api.post(path, {"decision": "accept"}, headers=headers)
    again = await api.post(path, {"decision": "accept"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.json()["duplicate"] is False
    assert_error(
        await api.post(path, {"decision": "decline"}, headers=headers),
        422,
        "idempotency_key_reused",
    )
    await api.h.run_until_idle()
    assert (await api.h.case(case_id)).status is CaseStatus.COMPLETED


@pytest.mark.parametrize("key", ["", " lead", "trail ", "x" * 201, "tab\there", "ümlaut"])
async def test_malformed_idempotency_keys_are_refused(api: Api, key: str) -> None:
    r = await api.post(
        "/cases",
        {"input": None},
        headers={"Idempotency-Key": key.encode()},
    )
    body = assert_error(r, 422, "request_invalid")
    assert body["errors"][0]["field"] == "header.Idempotency-Key"
    assert await api.case_count() == 0


# -- the CLI --------------------------------------------------------------------------------


def test_apikeys_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--database", f"sqlite:///{tmp_path / 'cli.db'}"]
    assert runner.invoke(cli_main, ["apikeys", "list", *db]).output == "no API keys\n"
    created = runner.invoke(cli_main, ["apikeys", "create", "chat widget", *db])
    assert created.exit_code == 0, created.output
    first, key = created.output.splitlines()
    key_id = first.split()[3]
    assert key.startswith("ik_") and len(key) == 46
    listed = runner.invoke(cli_main, ["apikeys", "list", *db])
    assert key_id in listed.output and "chat widget" in listed.output
    assert key not in listed.output
    revoked = runner.invoke(cli_main, ["apikeys", "revoke", key_id, *db])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    missing = runner.invoke(
        cli_main, ["apikeys", "revoke", "key_nope", *db], env={"INLOOP_DEBUG": None}
    )
    assert missing.exit_code == 2
    assert missing.output == "error: no API key 'key_nope' [api_key_not_found]\n"
    empty = runner.invoke(cli_main, ["apikeys", "create", " ", *db], env={"INLOOP_DEBUG": None})
    assert empty.exit_code == 2 and empty.output.startswith("error: NAME")
