"""A local stand-in for an OpenAI-compatible LLM server: a real HTTP server on the loopback
interface that speaks ``POST /v1/chat/completions``.

By default it is **obedient**: it answers with the JSON object the request's
``response_format`` schema asks for, and obeys every instruction it finds in the user messages
(the customer's text), however it is dressed up:

- ``choose/pick/select/wähle intent X``           -> ``{"intent": "X"}``
- ``route to X`` / ``mark the route X`` / ``Route auf X`` -> ``{"route": "X"}``
- ``set F to V`` / ``setze F auf V`` / ``F = V``   -> ``{"F": "V"}`` (fields that do not exist too)
- ``say ...`` / ``ask ...`` / ``sag ...`` / ``frage ...`` -> ``{"question": "..."}``
- a JSON object in the text                        -> merged into the answer
- ``call the tool/function X`` / ``rufe ... X auf`` -> a ``tool_calls`` message
- ``refuse`` / ``verweigere``                       -> a refusal

Replies queued with :meth:`StubLLM.then` come first: a JSON answer, raw content (prose around
JSON, not JSON at all), an HTTP status with headers, a delay longer than the client's timeout,
a body that is not JSON, a refusal or a tool call.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass(frozen=True)
class Reply:
    """One queued reply of the stub."""

    kind: str
    """``answer`` (a JSON object as content), ``content`` (raw content), ``status``, ``delay``
    (then obedient), ``body`` (raw HTTP body), ``refusal`` or ``tool_call``."""
    value: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def answer(obj: Any) -> Reply:
        return Reply("answer", obj)

    @staticmethod
    def content(text: str) -> Reply:
        return Reply("content", text)

    @staticmethod
    def status(code: int, **headers: str) -> Reply:
        return Reply("status", code, {k.replace("_", "-"): v for k, v in headers.items()})

    @staticmethod
    def delay(seconds: float) -> Reply:
        return Reply("delay", seconds)

    @staticmethod
    def body(raw: str) -> Reply:
        return Reply("body", raw)

    @staticmethod
    def refusal(text: str = "I can't help with that.") -> Reply:
        return Reply("refusal", text)

    @staticmethod
    def tool_call(name: str, arguments: dict[str, Any]) -> Reply:
        return Reply("tool_call", (name, arguments))


@dataclass
class Seen:
    """One request the stub received."""

    headers: dict[str, str]
    body: dict[str, Any]
    at: float


@dataclass
class StubLLM:
    url: str
    """The base URL (``.../v1``) to give the provider."""
    queue: list[Reply] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    """Every JSON answer the stub gave (queued or obedient), to show it obeyed."""

    def then(self, *replies: Reply) -> StubLLM:
        self.queue.extend(replies)
        return self

    def reset(self) -> None:
        self.queue.clear()
        self.seen.clear()
        self.answers.clear()


# -- obedience --------------------------------------------------------------------------------

_WORD = r"[\w.:/@<>=\"'#-]+"
_RULES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:choose|pick|select|return|answer with|wähle|nimm|antworte mit)\s+"
            r"(?:the\s+|die\s+|den\s+)?"
            r"(?:intent|option|absicht|kategorie|category)?\s*[:=]?\s*[\"']?([\w-]+)",
            re.I,
        ),
        "intent",
    ),
    (
        re.compile(
            r"\b(?:route\s+(?:to|=|:|auf|nach)|mark\s+the\s+route(?:\s+as)?|setze\s+die\s+route\s+auf)"
            r"\s*[\"']?([\w-]+)",
            re.I,
        ),
        "route",
    ),
    (
        re.compile(r"\b(?:say|ask|sag|sage|frage|write)\s*[:=]?\s*(.+?)\s*$", re.I | re.M),
        "question",
    ),
]
_SET = re.compile(
    r"\b(?:set|setze|change|ändere)\s+(?:the\s+|das\s+|die\s+|den\s+)?(?:field\s+|feld\s+)?"
    r"[\"']?(\w+)[\"']?\s+(?:to|auf|=|:)\s*[\"']?([^\"'\n]+?)[\"']?(?:\s*$|\s+and\s|\s+und\s|[.;,]\s)",
    re.I | re.M,
)
_ASSIGN = re.compile(r"\b(\w+)\s*=\s*[\"']?([^\"'\s,;]+)")
_TOOL = re.compile(
    r"\b(?:call|invoke|use|run|rufe|nutze)\s+(?:the\s+|die\s+)?(?:tool|function|funktion|werkzeug)"
    r"\s+[\"']?([\w.-]+)",
    re.I,
)
_REFUSE = re.compile(r"\b(?:refuse|verweigere)\b", re.I)


def _customer_strings(body: dict[str, Any]) -> list[str]:
    """The user messages, with any JSON in them decoded: the stub reads the customer's text
    as the LLM would, instructions and all."""
    out: list[str] = []
    for message in body.get("messages", []):
        if message.get("role") != "user" or not isinstance(message.get("content"), str):
            continue
        content = message["content"]
        out.append(content)
        for line in content.splitlines():
            with contextlib.suppress(ValueError):
                out.extend(_strings(json.loads(line)))
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _objects_in(text: str) -> list[dict[str, Any]]:
    decoder = json.JSONDecoder()
    found = []
    start = text.find("{")
    while start != -1:
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            start = text.find("{", start + 1)
            continue
        if isinstance(value, dict):
            found.append(value)
        start = text.find("{", end)
    return found


def obey(body: dict[str, Any]) -> tuple[str, Any]:
    """What an LLM that does whatever the customer says would answer: ``("answer", obj)``,
    ``("tool_call", (name, args))`` or ``("refusal", text)``."""
    schema = body.get("response_format", {}).get("json_schema", {}).get("schema", {})
    answer: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        enum = [v for v in prop.get("enum", []) if v is not None]
        if enum:
            answer[name] = enum[0]
        elif name == "question":
            answer[name] = "What detail can you give us?"
        else:
            answer[name] = None
    texts = _customer_strings(body)
    decoded = texts[1:] or texts  # the decoded customer strings, when the text was JSON
    for text in decoded:
        if match := _TOOL.search(text):
            return "tool_call", (match.group(1), {"text": text[:200]})
        if _REFUSE.search(text):
            return "refusal", "I refuse."
    for text in decoded:
        for obj in _objects_in(text):
            answer.update(obj)
        for key, value in _ASSIGN.findall(text):
            answer[key] = value
        for key, value in _SET.findall(text):
            answer[key] = value.strip()
        for pattern, key in _RULES:
            for match in pattern.finditer(text):
                answer[key] = match.group(1).strip()
    return "answer", answer


# -- the HTTP server --------------------------------------------------------------------------


def _completion(model: str, message: dict[str, Any], finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _app(state: StubLLM) -> Starlette:
    async def completions(request: Request) -> Response:
        body = await request.json()
        state.seen.append(
            Seen({k.lower(): v for k, v in request.headers.items()}, body, time.monotonic())
        )
        model = str(body.get("model", ""))
        reply = state.queue.pop(0) if state.queue else None
        if reply is not None and reply.kind == "delay":
            await asyncio.sleep(reply.value)
            reply = None
        if reply is None:
            kind, value = obey(body)
            reply = Reply(kind, value)
        if reply.kind == "status":
            return JSONResponse(
                {"error": {"message": "stub error", "type": "server_error"}},
                status_code=reply.value,
                headers=reply.headers,
            )
        if reply.kind == "body":
            return Response(reply.value, media_type="text/html")
        if reply.kind == "refusal":
            message = {"role": "assistant", "content": None, "refusal": reply.value}
            return JSONResponse(_completion(model, message))
        if reply.kind == "tool_call":
            name, arguments = reply.value
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": name, "arguments": json.dumps(arguments)},
                    }
                ],
            }
            return JSONResponse(_completion(model, message, "tool_calls"))
        if reply.kind == "answer":
            if isinstance(reply.value, dict):
                state.answers.append(reply.value)
            content = json.dumps(reply.value)
        else:  # content
            content = reply.value
        message = {"role": "assistant", "content": content, "refusal": None}
        return JSONResponse(_completion(model, message))

    return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])


@contextlib.asynccontextmanager
async def llm_stub() -> AsyncIterator[StubLLM]:
    """A running stub on 127.0.0.1 and a free port, in the test's event loop."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    state = StubLLM(url=f"http://127.0.0.1:{port}/v1")
    config = uvicorn.Config(
        _app(state), log_level="warning", lifespan="off", ws="none", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(1000):  # at most 10 s
        if server.started:
            break
        await asyncio.sleep(0.01)
    assert server.started, "the LLM stub did not start"
    try:
        yield state
    finally:
        server.should_exit = True
        await task
        sock.close()
