"""The JSON API, version 1: create cases, read a case's open request and answer it, read the
timeline. Every operation needs ``Authorization: Bearer <API key>``; writes accept an
``Idempotency-Key``. Every error answers ``{"code": ..., "message": ..., ...data}``.

Input is checked before anything changes: the body's size, its media type, the JSON itself
(text without lone surrogates or control characters, finite numbers, bounded nesting), then the
operation's schema (unknown fields are refused), then the engine's own validation.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any, Literal

import orjson
from fastapi import Body, Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inloop._version import __version__
from inloop.channels.i18n import normalize
from inloop.engine.engine import Engine
from inloop.errors import (
    AnswerInvalid,
    CaseClosed,
    CaseNotFound,
    InloopError,
    InvalidPayload,
    RequestClosed,
    RequestMismatch,
    RequestNotFound,
    StorageError,
    UnknownProcess,
)
from inloop.humans.races import answer_as_customer
from inloop.records import ApiKeyRecord, RequestRecord
from inloop.web.api.errors import (
    ApiError,
    BodyTooLarge,
    BodyUnreadable,
    IdempotencyKeyReused,
    MethodNotAllowed,
    NoOpenRequest,
    NotFound,
    RequestInvalid,
    Unauthorized,
    UnsupportedMediaType,
)
from inloop.web.api.keys import authenticate
from inloop.web.api.models import (
    ID_PATTERN,
    CaseCreated,
    CaseView,
    CreateCase,
    ErrorBody,
    OpenRequest,
    OptionOut,
    Receipt,
    Timeline,
    TimelineEntry,
)

MAX_DEPTH = 32
"""Deepest nesting of arrays and objects in a request body."""
MAX_INT = 2**63 - 1
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]([ -~]{0,198}[!-~])?$"
"""1 to 200 printable ASCII characters, not starting or ending with a space."""
_KEY_SCOPE = "inloop.api_key"
_ACTORS: dict[str, Literal["you", "us", "team"]] = {"you": "you", "us": "us", "team": "team"}
_PUBLIC_PATHS = {"/openapi.json"}

STATUS: dict[type[InloopError], int] = {
    CaseNotFound: 404,
    RequestNotFound: 404,
    RequestMismatch: 404,
    RequestClosed: 409,
    CaseClosed: 409,
    AnswerInvalid: 422,
    InvalidPayload: 422,
    UnknownProcess: 422,
    StorageError: 503,
}


def error_status(exc: InloopError) -> int:
    if isinstance(exc, ApiError):
        return exc.status
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def error_response(exc: InloopError, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(exc.to_dict(), status_code=error_status(exc), headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
        return ".".join(parts) if parts else "body"
    return ".".join(parts) or "__root__"


def validation_errors(exc: RequestValidationError) -> RequestInvalid:
    errors: list[dict[str, Any]] = []
    for err in exc.errors():
        kind = str(err.get("type", "invalid"))
        loc = tuple(err.get("loc", ()))
        if kind == "json_invalid":
            ctx = err.get("ctx") or {}
            errors.append(
                {
                    "field": "body",
                    "code": kind,
                    "message": f"the body is not valid JSON ({ctx.get('error', 'decode error')} "
                    f"at character {loc[-1] if loc else 0})",
                }
            )
            continue
        # pydantic's messages name what is expected, not the value sent; the value is left out
        errors.append({"field": _field(loc), "code": kind, "message": str(err.get("msg", ""))})
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    return RequestInvalid(summary or "the request is invalid", errors=errors)


# -- the JSON itself ------------------------------------------------------------------------


def _text_problem(text: str) -> str | None:
    for ch in text:
        o = ord(ch)
        if o < 0x20 and ch not in "\t\n\r":
            return f"contains the control character U+{o:04X}"
        if 0xD800 <= o <= 0xDFFF:
            return "contains a lone surrogate (not valid Unicode)"
        if o in (0xFFFE, 0xFFFF):
            return f"contains the noncharacter U+{o:04X}"
    return None


def check_json(value: Any) -> None:
    """Refuse JSON that could not be stored as sent: text that is not valid Unicode or holds
    control characters, numbers that are not finite or do not fit 64 bits, nesting deeper than
    :data:`MAX_DEPTH`. Raises :class:`RequestInvalid` naming the place."""
    errors: list[dict[str, str]] = []
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack and len(errors) < 10:
        item, path, depth = stack.pop()
        where = path or "body"
        if isinstance(item, str):
            problem = _text_problem(item)
            if problem:
                errors.append({"field": where, "code": "invalid_text", "message": problem})
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not -MAX_INT - 1 <= item <= MAX_INT:
                errors.append(
                    {
                        "field": where,
                        "code": "number_out_of_range",
                        "message": "integers must fit 64 bits (-2^63 .. 2^63-1)",
                    }
                )
        elif isinstance(item, float):
            if not math.isfinite(item):
                errors.append(
                    {"field": where, "code": "number_not_finite", "message": "must be finite"}
                )
        elif isinstance(item, list | dict):
            if depth >= MAX_DEPTH:
                errors.append(
                    {
                        "field": where,
                        "code": "too_deep",
                        "message": f"nested deeper than {MAX_DEPTH} levels",
                    }
                )
                continue
            if isinstance(item, list):
                for i, v in enumerate(item):
                    stack.append((v, f"{path}.{i}" if path else str(i), depth + 1))
            else:
                for k, v in item.items():
                    problem = _text_problem(k)
                    if problem:
                        errors.append(
                            {"field": where, "code": "invalid_text", "message": f"a key {problem}"}
                        )
                        continue
                    stack.append((v, f"{path}.{k}" if path else k, depth + 1))
    if errors:
        raise RequestInvalid(
            "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]), errors=errors
        )


# -- middleware ---------------------------------------------------------------------------


class _Guard:
    """Outermost layer: refuses bodies over the limit (413) and requests without a valid API
    key (401) before anything else runs."""

    def __init__(self, app: ASGIApp, engine: Engine) -> None:
        self.app = app
        self.engine = engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.engine.settings.max_upload_bytes
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            exc: InloopError = (
                BodyTooLarge(f"the body is larger than {limit} bytes", limit=limit)
                if length.isdigit()
                else BodyUnreadable("the Content-Length header is not a number")
            )
            await error_response(exc)(scope, receive, send)
            return
        path = scope.get("path", "")
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        if path not in _PUBLIC_PATHS:
            key = await self._key(headers.get(b"authorization"))
            if key is None:
                await error_response(
                    Unauthorized("a valid API key is needed: Authorization: Bearer <key>"),
                    headers={"WWW-Authenticate": "Bearer"},
                )(scope, receive, send)
                return
            scope[_KEY_SCOPE] = key
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise StarletteHTTPException(413)
            return message

        await self.app(scope, limited, send)

    async def _key(self, header: bytes | None) -> ApiKeyRecord | None:
        if not header:
            return None
        try:
            scheme, _, token = header.decode("ascii").partition(" ")
        except UnicodeDecodeError:
            return None
        if scheme.lower() != "bearer":
            return None
        return await authenticate(self.engine.store, token.strip(), at=self.engine.clock.now())


# -- the app --------------------------------------------------------------------------------

_COMMON: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No valid API key (`unauthorized`)."},
    413: {"model": ErrorBody, "description": "The body is too large (`body_too_large`)."},
    422: {
        "model": ErrorBody,
        "description": "The request is invalid (`request_invalid`, with field errors).",
    },
}
_WRITE: dict[int | str, dict[str, Any]] = {
    **_COMMON,
    400: {
        "model": ErrorBody,
        "description": "The body could not be read: not UTF-8, or nested too deeply "
        "(`body_unreadable`).",
    },
    415: {
        "model": ErrorBody,
        "description": "The body is not `application/json` (`unsupported_media_type`).",
    },
}

CaseId = Annotated[
    str, Path(pattern=ID_PATTERN, max_length=40, examples=["case_01JH0Q3Z8V6Y4N2K7T5R9W1XBC"])
]
RequestId = Annotated[
    str, Path(pattern=ID_PATTERN, max_length=40, examples=["req_01JH0Q40AKM3ZC3W6Y2B8D4F6H"])
]
IdemKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=IDEMPOTENCY_KEY_PATTERN,
        description="Makes a write safe to repeat: a repeat with the same key and body gets the "
        "stored response; the same key with another body is refused "
        "(`idempotency_key_reused`). 1 to 200 printable ASCII characters.",
    ),
]

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="apiKey",
    description="An API key made with `inloop apikeys create NAME`.",
)


def current_key(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ApiKeyRecord:
    key = request.scope.get(_KEY_SCOPE)
    if not isinstance(key, ApiKeyRecord):  # the guard let it through: a public path
        raise Unauthorized("a valid API key is needed: Authorization: Bearer <key>")
    return key


async def json_body(request: Request) -> Any:
    """The body as checked JSON (runs before the operation's own validation)."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if not (
        media == "application/json"
        or (media.startswith("application/") and media.endswith("+json"))
    ):
        raise UnsupportedMediaType(
            "send the body as JSON with Content-Type: application/json", media_type=media or None
        )
    try:
        value = await request.json()
    except ValueError:
        return None  # FastAPI reports the JSON error itself
    except RecursionError:
        raise RequestInvalid(
            f"body: nested deeper than {MAX_DEPTH} levels",
            errors=[{"field": "body", "code": "too_deep", "message": "nested too deeply"}],
        ) from None
    check_json(value)
    return value


Key = Annotated[ApiKeyRecord, Depends(current_key)]
Json = Annotated[Any, Depends(json_body)]


def create_api(engine: Engine) -> FastAPI:
    """The JSON API on ``engine`` (mounted by the web app at ``/api/v1``)."""
    api = FastAPI(
        title="inloop API",
        version=f"1 (inloop {__version__})",
        summary="Cases, their open customer requests, answers and timelines, for chat widgets, "
        "messenger bots and the company's own app.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )

    # -- errors ---------------------------------------------------------------------------

    async def inloop_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, InloopError)
        return error_response(exc)

    async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(validation_errors(exc))

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        mapped: InloopError
        if exc.status_code == 404:
            mapped = NotFound(f"no operation at {request.url.path}")
        elif exc.status_code == 405:
            mapped = MethodNotAllowed(
                f"{request.method} is not allowed here",
                allowed=(exc.headers or {}).get("Allow", ""),
            )
        elif exc.status_code == 400:  # FastAPI could not read the body
            mapped = BodyUnreadable(
                "the body could not be read as JSON (not UTF-8, or nested too deeply)"
            )
        elif exc.status_code == 413:
            limit = engine.settings.max_upload_bytes
            mapped = BodyTooLarge(f"the body is larger than {limit} bytes", limit=limit)
        else:
            mapped = ApiError(str(exc.detail))
            mapped.status = exc.status_code
            mapped.code = "http_error"  # type: ignore[misc]
        return error_response(mapped, headers=exc.headers)

    api.add_exception_handler(InloopError, inloop_error)
    api.add_exception_handler(RequestValidationError, invalid_request)
    api.add_exception_handler(StarletteHTTPException, http_error)

    # -- idempotency ----------------------------------------------------------------------

    async def idempotent(
        request: Request,
        key: ApiKeyRecord,
        idem_key: str | None,
        body: Any,
        run: Callable[[str | None], Awaitable[tuple[int, Any]]],
    ) -> JSONResponse:
        """Run ``run(start_key)`` once per ``Idempotency-Key``; its response is stored and
        replayed for repeats with the same body."""
        if idem_key is None:
            try:
                status, content = await run(None)
            except InloopError as exc:
                return error_response(exc)
            return JSONResponse(content, status_code=status)
        request_hash = hashlib.sha256(
            request.method.encode()
            + b"\n"
            + request.url.path.encode()
            + b"\n"
            + orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
        ).hexdigest()
        store = engine.store.api
        held = await store.get_response(key.id, idem_key)
        if held is None:
            held = await store.reserve_response(
                api_key_id=key.id,
                key=idem_key,
                method=request.method,
                path=request.url.path,
                request_hash=request_hash,
                at=engine.clock.now(),
            )
        if held.request_hash != request_hash:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was used for another request; use a new key",
                first_used_at=held.created_at.isoformat(),
            )
        if held.status_code:
            return JSONResponse(
                held.response,
                status_code=held.status_code,
                headers={"Idempotent-Replayed": "true"},
            )
        # in progress or new: the operations are idempotent themselves (a start key for cases,
        # duplicate receipts for answers), so a concurrent repeat is harmless
        start_key = "api:" + hashlib.sha256(f"{key.id}\n{idem_key}".encode()).hexdigest()[:40]
        try:
            status, content = await run(start_key)
        except InloopError as exc:
            status, content = error_status(exc), exc.to_dict()
        except BaseException:
            await store.release_response(api_key_id=key.id, key=idem_key, request_hash=request_hash)
            raise
        if status >= 500:
            await store.release_response(api_key_id=key.id, key=idem_key, request_hash=request_hash)
        else:
            await store.store_response(
                api_key_id=key.id,
                key=idem_key,
                request_hash=request_hash,
                status_code=status,
                response=content,
            )
        return JSONResponse(content, status_code=status)

    # -- operations -----------------------------------------------------------------------

    def default_process() -> str:
        if engine.settings.intake_process:
            return engine.settings.intake_process
        processes = engine.app.processes
        if not processes:
            raise UnknownProcess("no process is registered", process=None)
        return processes[0].name

    @api.post(
        "/cases",
        status_code=201,
        response_model=CaseCreated,
        responses=_WRITE,
        summary="Start a case",
        operation_id="create_case",
    )
    async def create_case(
        request: Request,
        key: Key,
        raw: Json,
        body: CreateCase,
        idempotency_key: IdemKey = None,
    ) -> JSONResponse:
        """Start a case of a process for a customer. With an `Idempotency-Key`, a repeat
        returns the same case."""

        async def run(start_key: str | None) -> tuple[int, Any]:
            process = body.process or default_process()
            customer = (
                body.customer.model_dump(exclude_none=True) if body.customer is not None else None
            )
            case_id = await engine.start(
                process, body.input, customer=customer, key=start_key, actor="customer"
            )
            record = await engine.get_case(case_id)
            created = CaseCreated(
                id=record.id,
                status=record.status,
                stage=record.stage,
                process=record.process,
                version=record.version,
            )
            return 201, created.model_dump(mode="json")

        return await idempotent(request, key, idempotency_key, raw, run)

    @api.get(
        "/cases/{case_id}",
        response_model=CaseView,
        responses={**_COMMON, 404: {"model": ErrorBody, "description": "No such case."}},
        summary="Read a case",
        operation_id="get_case",
    )
    async def get_case(case_id: CaseId, key: Key) -> CaseView:
        """The case's status and stage (no internal details)."""
        record = await engine.get_case(case_id)
        return CaseView(
            id=record.id,
            status=record.status,
            stage=record.stage,
            process=record.process,
            version=record.version,
            created_at=record.created_at,
            updated_at=record.updated_at,
            closed_at=record.closed_at,
        )

    @api.get(
        "/cases/{case_id}/request",
        response_model=OpenRequest,
        responses={
            **_COMMON,
            404: {
                "model": ErrorBody,
                "description": "No such case (`case_not_found`) or it waits on no customer "
                "request (`no_open_request`).",
            },
        },
        summary="Read the open customer request",
        operation_id="get_open_request",
    )
    async def get_open_request(case_id: CaseId, key: Key) -> OpenRequest:
        """What the case asks the customer now: the prompt, and by kind the JSON Schema (ask),
        the options (choose), the draft (review) or the accepted files (upload)."""
        await engine.get_case(case_id)
        req = await engine.open_request(case_id)
        if req is None:
            raise NoOpenRequest(f"case {case_id!r} waits on no customer request", case_id=case_id)
        return open_request_view(req)

    @api.post(
        "/cases/{case_id}/requests/{request_id}/answer",
        response_model=Receipt,
        responses={
            **_WRITE,
            404: {"model": ErrorBody, "description": "No such case, or no such request in it."},
            409: {
                "model": ErrorBody,
                "description": "The request was answered otherwise, expired or was cancelled "
                "(`request_closed`).",
            },
            422: {
                "model": ErrorBody,
                "description": "The request is invalid (`request_invalid`) or the answer does not "
                "fit the request (`answer_invalid`, with field errors; the request stays open).",
            },
        },
        summary="Answer the open request",
        operation_id="answer_request",
    )
    async def answer_request(
        request: Request,
        case_id: CaseId,
        request_id: RequestId,
        key: Key,
        raw: Json,
        answer: Annotated[
            Any,
            Body(
                description="The answer: for ask, an object fitting the request's schema; for "
                "confirm `{decision, comment?}`; for choose `{selected, none_of_these?, "
                "comment?}`; for review `{approved, comment?}`; for upload `{files}`.",
                examples=[{"decision": "accept"}],
            ),
        ],
        idempotency_key: IdemKey = None,
    ) -> JSONResponse:
        """Answer the case's open request. It is validated first; an identical repeat gets the
        first receipt with `duplicate: true`."""

        async def run(_start_key: str | None) -> tuple[int, Any]:
            await engine.get_case(case_id)
            try:
                receipt = await answer_as_customer(engine, request_id, raw, case_id=case_id)
            except (RequestNotFound, RequestMismatch):
                # a request of another case is reported like one that does not exist
                raise RequestNotFound(
                    f"case {case_id!r} has no request {request_id!r}",
                    case_id=case_id,
                    request_id=request_id,
                ) from None
            return 200, receipt.to_json()

        return await idempotent(request, key, idempotency_key, raw, run)

    @api.get(
        "/cases/{case_id}/timeline",
        response_model=Timeline,
        responses={**_COMMON, 404: {"model": ErrorBody, "description": "No such case."}},
        summary="Read the timeline",
        operation_id="get_timeline",
    )
    async def get_timeline(
        case_id: CaseId,
        key: Key,
        locale: Annotated[
            Literal["en", "de"] | None,
            Query(description="Language of the texts (default: the customer's)."),
        ] = None,
    ) -> Timeline:
        """What happened in the case, as the customer sees it, in their language."""
        from inloop.channels.timeline import customer_timeline

        record = await engine.get_case(case_id)
        lang = locale or normalize(record.customer.locale)
        entries = await customer_timeline(engine, case_id, lang)
        return Timeline(
            case_id=case_id,
            locale="de" if lang == "de" else "en",
            entries=[
                TimelineEntry(at=e.at, kind=e.kind, text=e.text, actor=_ACTORS.get(e.actor, "us"))
                for e in entries
            ],
        )

    api.add_middleware(_Guard, engine=engine)
    return api


def open_request_view(req: RequestRecord) -> OpenRequest:
    spec = req.spec
    kind = req.kind.value

    def only(k: str, name: str) -> Any:
        return spec.get(name) if kind == k else None

    options = only("choose", "options")
    return OpenRequest.model_validate(
        dict(
            id=req.id,
            case_id=req.case_id,
            kind=req.kind,
            prompt=spec.get("prompt"),
            deadline=req.deadline,
            attempts=req.attempts,
            schema=only("ask", "schema"),
            title=only("ask", "title"),
            fields=only("ask", "fields"),
            prefill=only("ask", "prefill"),
            details=only("confirm", "details"),
            options=None if options is None else [OptionOut(**o) for o in options],
            min=only("choose", "min"),
            max=only("choose", "max"),
            draft=only("review", "draft"),
            accept=only("upload", "accept"),
            max_bytes=only("upload", "max_bytes"),
            min_files=only("upload", "min_files"),
            max_files=only("upload", "max_files"),
        )
    )
