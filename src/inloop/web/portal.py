"""The customer portal: pages a customer reaches through a secure link, without an account.

- ``GET /l/{token}``: opens a link. Nothing is written: the browser gets a case session cookie
  and is redirected to ``/case``, so the token leaves the address bar, the history and any
  Referer at once. An invalid link shows one page that reveals nothing, with a way to ask for a
  new link; wrong tokens are rate-limited per client.
- ``GET /case``: the case's stages, what happens next, the open request as a form, the timeline.
- ``POST /case/requests/{id}``: answers (or saves a draft of) the open request: same origin, CSRF
  token, validated by the engine before anything is stored; errors per field, in the customer's
  language; the customer corrects and sends again.
- ``POST /case/messages``: the customer's reply to a question an agent sent them (shown on
  ``/case`` while it is open): same origin, CSRF token, 1 to 2,000 characters; recorded as
  ``message.received``, like a reply by mail.
- ``GET/POST /start``: the public contact form that starts a case of the intake process.

Every page works without JavaScript.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from inloop.channels.forms import answer_from_form, fields_for, file_fields
from inloop.channels.i18n import format_time, gettext_for, negotiate, pick, translations
from inloop.channels.links import LinkInvalid, Links
from inloop.channels.messages import friendly
from inloop.channels.timeline import case_view, open_question, question_text
from inloop.config import Settings
from inloop.engine.engine import Engine
from inloop.errors import AnswerInvalid, InloopError, InvalidPayload, RequestClosed
from inloop.humans.races import answer_as_customer
from inloop.ids import new_id
from inloop.records import CaseStatus, Customer, RequestKind, RequestRecord
from inloop.storage.changes import Changes
from inloop.web.security import CaseSession, RateLimit, Sessions, same_origin, secure_headers

MAX_REPLY = 2000
"""The most characters of a customer's reply in the portal."""
REPLY_PURPOSE = "reply"
"""The CSRF purpose of the reply form."""

_SNIFF = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


class Portal:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.links = Links(engine)
        self.bad_tokens = RateLimit(limit=20, window=600)
        self.new_link_requests = RateLimit(limit=5, window=3600)
        self._sessions: Sessions | None = None
        self._envs: dict[str, Environment] = {}

    # -- plumbing ---------------------------------------------------------------------------

    async def sessions(self) -> Sessions:
        if self._sessions is None:
            secret = self.settings.secret_key or await self.engine.store.meta.get_or_create(
                "secret_key",
                lambda: hashlib.sha256(new_id("secret").encode()).hexdigest() + new_id("k"),
            )
            self._sessions = Sessions(
                secret,
                idle_seconds=self.settings.session_idle_minutes * 60,
                max_seconds=self.settings.session_max_hours * 3600,
                secure=self.settings.base_url.startswith("https://"),
            )
        return self._sessions

    def env(self, lang: str) -> Environment:
        env = self._envs.get(lang)
        if env is None:
            env = Environment(
                loader=PackageLoader("inloop.web", "templates"),
                autoescape=select_autoescape(default=True, default_for_string=True),
                extensions=["jinja2.ext.i18n"],
            )
            env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
            env.globals["pick"] = lambda texts: pick(texts, lang)
            env.globals["when"] = lambda moment: format_time(moment, lang, self.settings.timezone)
            self._envs[lang] = env
        return env

    def page(self, name: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env(lang).get_template(name).render(lang=lang, **context)
        return secure_headers(HTMLResponse(html, status_code=status))  # type: ignore[return-value]

    def error(self, lang: str, status: int, message: str) -> HTMLResponse:
        """The error page with ``message`` (already translated)."""
        return self.page("portal/error.html", lang, status=status, message=message)

    def refuse_post(self, request: Request, lang: str) -> HTMLResponse | None:
        """Refuse a post from another site, or one larger than any form may be, before reading
        it; ``None`` when the post may be read."""
        if not same_origin(request):
            return self.error(lang, 403, gettext_for(lang, "This form was sent from another site."))
        declared = request.headers.get("content-length") or "0"
        length = int(declared) if declared.isdigit() else 0
        if length > self.settings.max_upload_bytes + 64 * 1024:
            return self.error(lang, 413, gettext_for(lang, "The upload is too large."))
        return None

    @staticmethod
    def client(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    async def _case_post(self, request: Request) -> tuple[CaseSession, str] | Response:
        """The case session and language of a post from the portal, or the page refusing it
        (no valid link session, another site, too large)."""
        session = await self.session_for(request)
        lang = self.lang_for(request)
        if session is None:
            return self.page("portal/link_invalid.html", lang, status=401)
        refused = self.refuse_post(request, lang)
        if refused is not None:
            return refused
        return session, lang

    async def session_for(self, request: Request) -> CaseSession | None:
        session = (await self.sessions()).read(request)
        if session is None:
            return None
        link = await self.engine.store.links.get(session.link_id)
        if link is None or link.revoked_at is not None or link.case_id != session.case_id:
            return None
        return session

    def lang_for(self, request: Request, customer: Customer | None = None) -> str:
        asked = request.query_params.get("lang")
        if asked in ("en", "de"):
            return asked
        return negotiate(
            request.headers.get("accept-language"), customer.locale if customer else None
        )

    # -- links ------------------------------------------------------------------------------

    async def open_link(self, request: Request) -> Response:
        token = request.path_params["token"]
        lang = self.lang_for(request)
        if self.bad_tokens.blocked(self.client(request)):
            return self.page("portal/too_many.html", lang, status=429)
        try:
            link = await self.links.resolve(token)
        except LinkInvalid:
            self.bad_tokens.hit(self.client(request))
            return self.page("portal/link_invalid.html", lang, status=404)
        response = _see_other("/case", request)
        (await self.sessions()).write(
            response, CaseSession(case_id=link.case_id, link_id=link.id, started=time.time())
        )
        return secure_headers(response)

    async def new_link(self, request: Request) -> Response:
        lang = self.lang_for(request)
        refused = self.refuse_post(request, lang)
        if refused is not None:
            return refused
        form = await request.form()
        email = str(form.get("email", "")).strip()
        if self.new_link_requests.hit(self.client(request)) and "@" in email and len(email) < 320:
            await self._resend(email)
        # the same answer whether or not a case exists for the address
        return self.page("portal/new_link_sent.html", lang)

    async def _resend(self, email: str) -> None:
        from inloop.storage.changes import Changes, NewOutbox

        for case in await self.engine.store.cases_waiting_for(email=email):
            request = await self.engine.open_request(case.id)
            if request is None:
                continue
            ch = Changes(case_id=case.id, at=self.engine.clock.now())
            ch.outbox.append(
                NewOutbox(
                    channel="customer",
                    kind="request",
                    idempotency_key=f"{request.id}:resent:{new_id('r')}",
                    payload={
                        "case_id": case.id,
                        "request_id": request.id,
                        "kind": request.kind.value,
                        "locale": case.customer.locale,
                        "deadline": request.deadline.isoformat(),
                    },
                )
            )
            ch.event("request.link_resent", "customer", request_id=request.id)
            await self.engine.store.apply(ch)

    # -- the case page ----------------------------------------------------------------------

    async def case_page(self, request: Request) -> Response:
        session = await self.session_for(request)
        if session is None:
            return self.page("portal/link_invalid.html", self.lang_for(request), status=401)
        return await self.render_case(request, session)

    async def render_case(
        self,
        request: Request,
        session: CaseSession,
        *,
        status: int = 200,
        values: Any = None,
        errors: list[dict[str, Any]] | None = None,
        notice: str | None = None,
        reply: tuple[str, str] | None = None,
    ) -> Response:
        case = await self.engine.get_case(session.case_id)
        lang = self.lang_for(request, case.customer)
        view = await case_view(self.engine, case.id, lang)
        open_request = await self.engine.open_request(case.id)
        sessions = await self.sessions()
        form: dict[str, Any] | None = None
        if open_request is not None:
            form = await self.request_form(open_request, lang, values, errors or [])
            form["csrf"] = sessions.csrf_token(session.nonce, open_request.id)
        saved = request.query_params.get("saved") == "1"
        question = None
        events = await self.engine.store.list_events(case.id)
        asked = None if case.status.terminal else open_question(events)
        if asked is not None:
            question = {
                "text": await question_text(self.engine, asked, lang),
                "csrf": sessions.csrf_token(session.nonce, REPLY_PURPOSE),
                "max": MAX_REPLY,
                "value": reply[0] if reply else "",
                "error": reply[1] if reply else None,
            }
        return self.page(
            "portal/case.html",
            lang,
            status=status,
            view=view,
            form=form,
            errors=errors or [],
            notice=notice,
            saved=saved,
            question=question,
            replied=request.query_params.get("replied") == "1",
        )

    async def request_form(
        self, req: RequestRecord, lang: str, values: Any, errors: list[dict[str, Any]]
    ) -> dict[str, Any]:
        by_field = {e["field"]: e["message"] for e in errors}
        spec = req.spec
        form: dict[str, Any] = {
            "request": req,
            "kind": req.kind.value,
            "prompt": pick(spec.get("prompt"), lang),
            "by_field": by_field,
        }
        if req.kind is RequestKind.ASK:
            if values is None:
                draft = await self._draft(req.id)
                values = draft if draft is not None else {}
            form["fields"] = fields_for(
                spec.get("schema", {}),
                lang=lang,
                values=values,
                prefill=spec.get("prefill") or {},
                only=spec.get("fields"),
                errors=by_field,
            )
        elif req.kind is RequestKind.CHOOSE:
            form["options"] = spec.get("options", [])
            form["multiple"] = spec.get("max", 1) > 1
            form["values"] = values or {}
        elif req.kind is RequestKind.REVIEW:
            form["draft"] = spec.get("draft")
            form["draft_is_text"] = isinstance(spec.get("draft"), str)
            form["values"] = values or {}
        elif req.kind is RequestKind.UPLOAD:
            form["accept"] = spec.get("accept", [])
            form["max_bytes"] = spec.get("max_bytes")
            form["max_files"] = spec.get("max_files", 1)
        else:
            form["details"] = spec.get("details") or {}
            form["values"] = values or {}
        return form

    async def _draft(self, request_id: str) -> Any:
        return await self.engine.store.drafts.get(request_id)

    async def _save_draft(self, request_id: str, data: Any) -> None:
        await self.engine.store.drafts.save(request_id, data, at=self.engine.clock.now())

    async def answer(self, request: Request) -> Response:
        posted = await self._case_post(request)
        if isinstance(posted, Response):
            return posted
        session, lang = posted
        request_id = request.path_params["request_id"]
        try:
            form = await request.form(max_files=20, max_fields=500)
        except Exception:
            return self.page(
                "portal/error.html",
                lang,
                status=400,
                message=gettext_for(lang, "The form could not be read."),
            )
        try:
            return await self._answer_form(request, session, lang, request_id, form)
        finally:
            await form.close()  # spooled upload files

    async def _answer_form(
        self, request: Request, session: CaseSession, lang: str, request_id: str, form: FormData
    ) -> Response:
        sessions = await self.sessions()
        if not sessions.csrf_ok(session.nonce, request_id, _text(form, "csrf")):
            return self.page(
                "portal/error.html",
                lang,
                status=403,
                message=gettext_for(
                    lang, "This form has expired. Please reload the page and try again."
                ),
            )
        req = await self.engine.store.get_request(request_id)
        if req is None or req.case_id != session.case_id:
            return self.page(
                "portal/error.html",
                lang,
                status=404,
                message=gettext_for(lang, "This question does not exist."),
            )
        data = await self._parse(req, form, session.case_id)
        if isinstance(data, Response):
            return data
        if req.kind is RequestKind.ASK and _text(form, "action") == "save":
            await self._save_draft(req.id, data)
            return secure_headers(_see_other("/case?saved=1", request))
        try:
            await answer_as_customer(self.engine, req.id, data, case_id=session.case_id)
        except AnswerInvalid as exc:
            errors = self._explain(req, exc.data.get("errors", []), lang)
            return await self.render_case(request, session, status=422, values=data, errors=errors)
        except RequestClosed:
            return await self.render_case(
                request,
                session,
                status=409,
                notice=gettext_for(lang, "This question was already answered or has closed."),
            )
        await self._settle(session.case_id)
        return secure_headers(_see_other("/case", request))

    # -- replies to an agent's question ------------------------------------------------------

    async def reply(self, request: Request) -> Response:
        posted = await self._case_post(request)
        if isinstance(posted, Response):
            return posted
        session, lang = posted
        try:
            form = await request.form(max_files=0, max_fields=10)
        except Exception:
            return self.error(lang, 400, gettext_for(lang, "The form could not be read."))
        if not (await self.sessions()).csrf_ok(session.nonce, REPLY_PURPOSE, _text(form, "csrf")):
            return self.error(
                lang,
                403,
                gettext_for(lang, "This form has expired. Please reload the page and try again."),
            )
        case = await self.engine.get_case(session.case_id)
        lang = self.lang_for(request, case.customer)
        events = await self.engine.store.list_events(case.id)
        asked = None if case.status.terminal else open_question(events)
        if asked is None:
            return await self.render_case(
                request,
                session,
                status=409,
                notice=gettext_for(lang, "There is no open question of our team to reply to."),
            )
        text = (_text(form, "text") or "").strip()
        if not 1 <= len(text) <= MAX_REPLY:
            message = gettext_for(
                lang, "Please write a reply of 1 to {n} characters.", n=f"{MAX_REPLY:,}"
            )
            return await self.render_case(
                request, session, status=422, reply=(text[: MAX_REPLY * 2], message)
            )
        ch = Changes(case_id=case.id, at=self.engine.clock.now())
        ch.event(
            "message.received",
            "customer",
            message_id=None,
            subject=None,
            text=text,
            channel="portal",
            task_id=asked.payload.get("task_id"),
        )
        await self.engine.store.apply(ch)
        return secure_headers(_see_other("/case?replied=1", request))

    async def _settle(self, case_id: str) -> None:
        """Give a worker in this process a moment to run the case, so the next page already
        shows what comes next (a worker elsewhere: the page says the case is being worked on).
        A case a person has taken over does not run: nothing to wait for."""
        record = await self.engine.store.get_case(case_id)
        if record is not None and record.paused_by is not None:
            return
        waiting = [s for s in CaseStatus if s is not CaseStatus.RUNNING]
        with contextlib.suppress(TimeoutError):
            await self.engine.wait_for(case_id, waiting, timeout=2.0)

    async def _parse(self, req: RequestRecord, form: FormData, case_id: str) -> Any:
        kind = req.kind
        if kind is RequestKind.ASK:
            schema = req.spec.get("schema", {})
            data: dict[str, Any] = answer_from_form(
                schema,
                {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form},
            )
            for key, several in file_fields(schema).items():
                uploads = [
                    await self._store_upload(item, req, case_id, accept=list(_SNIFF))
                    for item in form.getlist(key)
                    if isinstance(item, UploadFile) and item.filename
                ]
                if uploads:
                    data[key] = uploads if several else uploads[0]
            return data
        if kind is RequestKind.CONFIRM:
            return _clean({"decision": _text(form, "decision"), "comment": _text(form, "comment")})
        if kind is RequestKind.CHOOSE:
            picked = [v for v in form.getlist("selected") if isinstance(v, str)]
            if "__none__" in picked:
                return _clean({"none_of_these": True, "comment": _text(form, "comment")})
            return _clean({"selected": picked, "comment": _text(form, "comment")})
        if kind is RequestKind.REVIEW:
            decision = _text(form, "decision")
            approved: Any = {"approve": True, "return": False}.get(decision or "", decision)
            return _clean({"approved": approved, "comment": _text(form, "comment")})
        files = []
        for item in form.getlist("files"):
            if not isinstance(item, UploadFile) or not item.filename:
                continue
            files.append(await self._store_upload(item, req, case_id))
        return {"files": files}

    async def _store_upload(
        self,
        item: UploadFile,
        req: RequestRecord,
        case_id: str,
        *,
        accept: list[str] | None = None,
    ) -> Any:
        limit = int(req.spec.get("max_bytes") or self.settings.max_upload_bytes)
        content = await item.read(limit + 1)
        declared = (item.content_type or "application/octet-stream").split(";")[0].strip()
        sniffed = next(
            (t for t, magics in _SNIFF.items() if any(content.startswith(m) for m in magics)), None
        )
        content_type = sniffed or declared
        if declared in _SNIFF and sniffed != declared:
            content_type = "application/octet-stream"  # content does not match the claimed type
        file_id = new_id("file")
        digest = hashlib.sha256(content).hexdigest()
        folder = Path(self.settings.upload_dir)
        name = Path(item.filename or "upload").name[:255] or "upload"
        allowed = accept or req.spec.get("accept") or list(_SNIFF)
        if len(content) <= limit and content_type in allowed:
            # only files the request accepts are kept; the answer's validation reports the rest
            await asyncio.to_thread(_write_file, folder, file_id, content)
            await self.engine.store.files.add(
                id=file_id,
                case_id=case_id,
                request_id=req.id,
                name=name,
                content_type=content_type,
                size=len(content),
                sha256=digest,
                storage_key=file_id,
                at=self.engine.clock.now(),
            )
        return {
            "id": file_id,
            "name": name,
            "content_type": content_type,
            "size": len(content),
            "sha256": digest,
        }

    @staticmethod
    def _explain(
        req: RequestRecord, errors: list[dict[str, Any]], lang: str
    ) -> list[dict[str, Any]]:
        """Field errors with the field's label and a message for people, in ``lang``."""
        labels: dict[str, tuple[str, str | None]] = {}
        if req.kind is RequestKind.ASK:
            stack = fields_for(req.spec.get("schema", {}), lang=lang)
            while stack:
                f = stack.pop()
                labels[f.name] = (f.label, f.hint)
                stack.extend(f.children)
        out = []
        for e in errors:
            label, hint = labels.get(e["field"], (None, None))
            out.append({**e, "label": label, "message": friendly(e, lang, hint)})
        return out

    # -- starting a case --------------------------------------------------------------------

    async def start_page(self, request: Request) -> Response:
        lang = self.lang_for(request)
        return self.page("portal/start.html", lang, values={}, errors={})

    async def start(self, request: Request) -> Response:
        lang = self.lang_for(request)
        refused = self.refuse_post(request, lang)
        if refused is not None:
            return refused
        form = await request.form(max_files=1, max_fields=20)
        try:
            return await self._start(request, lang, form)
        finally:
            await form.close()

    async def _start(self, request: Request, lang: str, form: FormData) -> Response:
        values = {k: _text(form, k) or "" for k in ("name", "email", "message")}
        errors: dict[str, str] = {}
        attachment = await self._attachment(form.get("attachment"))
        if attachment is False:
            errors["attachment"] = gettext_for(
                lang, "Please attach a PDF, JPEG or PNG file of at most 10 MB, or none."
            )
        if not values["message"].strip():
            errors["message"] = gettext_for(lang, "Please describe your request.")
        elif len(values["message"]) > 5000:
            errors["message"] = gettext_for(
                lang, "Please keep your message under 5,000 characters."
            )
        email = values["email"].strip()
        if not email or "@" not in email or len(email) > 320 or any(c.isspace() for c in email):
            errors["email"] = gettext_for(
                lang, "Please enter your email address, like name@example.com."
            )
        if len(values["name"]) > 200:
            errors["name"] = gettext_for(lang, "Please keep your name under 200 characters.")
        if errors:
            return self.page("portal/start.html", lang, status=422, values=values, errors=errors)
        process = self.settings.intake_process or self.engine.app.processes[0].name
        try:
            case_id = await self.engine.start(
                process,
                {"text": values["message"].strip()},
                customer=Customer(name=values["name"].strip() or None, email=email, locale=lang),
                actor="customer",
            )
        except InvalidPayload:
            errors["message"] = gettext_for(lang, "Please describe your request.")
            return self.page("portal/start.html", lang, status=422, values=values, errors=errors)
        except InloopError:
            return self.page(
                "portal/error.html",
                lang,
                status=503,
                message=gettext_for(
                    lang, "We could not take your request right now. Please try again later."
                ),
            )
        await self._settle(case_id)
        if isinstance(attachment, tuple):
            name, content_type, content = attachment
            file_id = new_id("file")
            await asyncio.to_thread(_write_file, Path(self.settings.upload_dir), file_id, content)
            await self.engine.store.files.add(
                id=file_id,
                case_id=case_id,
                request_id=None,
                name=name,
                content_type=content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                storage_key=file_id,
                at=self.engine.clock.now(),
            )
        token = await self.links.issue(case_id=case_id, channel="portal")
        link = await self.links.resolve(token)
        # the case keeps the form's language (its customer's locale): the case page shows it
        response = RedirectResponse("/case", status_code=303)
        (await self.sessions()).write(
            response, CaseSession(case_id=case_id, link_id=link.id, started=time.time())
        )
        return secure_headers(response)

    async def _attachment(self, item: object) -> tuple[str, str, bytes] | bool | None:
        """The contact form's optional file: ``None`` when there is none, ``False`` when it is
        refused (type by content, size), else (name, type, content)."""
        if not isinstance(item, UploadFile) or not item.filename:
            return None
        limit = min(self.settings.max_upload_bytes, 10 * 1024 * 1024)
        content = await item.read(limit + 1)
        sniffed = next(
            (t for t, magics in _SNIFF.items() if any(content.startswith(m) for m in magics)),
            None,
        )
        if sniffed is None or len(content) > limit or not content:
            return False
        return Path(item.filename).name[:255] or "attachment", sniffed, content

    async def leave(self, request: Request) -> Response:
        response = _see_other("/start", request)
        (await self.sessions()).clear(response)
        return secure_headers(response)

    def routes(self) -> list[Route]:
        return [
            Route("/l/{token}", self.open_link, methods=["GET"]),
            Route("/links/new", self.new_link, methods=["POST"]),
            Route("/case", self.case_page, methods=["GET"]),
            Route("/case/requests/{request_id}", self.answer, methods=["POST"]),
            Route("/case/messages", self.reply, methods=["POST"]),
            Route("/case/leave", self.leave, methods=["POST"]),
            Route("/start", self.start_page, methods=["GET"]),
            Route("/start", self.start, methods=["POST"]),
        ]


def _see_other(url: str, request: Request) -> RedirectResponse:
    """A 303 to ``url`` with the language the request asked for (``?lang=de``), so that the page
    after a post stays in the language the customer chose."""
    asked = request.query_params.get("lang")
    if asked in ("en", "de"):
        url = f"{url}{'&' if '?' in url else '?'}lang={asked}"
    return RedirectResponse(url, status_code=303)


def _write_file(folder: Path, name: str, content: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)


def _text(form: FormData, key: str) -> str | None:
    value = form.get(key)
    return value if isinstance(value, str) else None


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "")}
