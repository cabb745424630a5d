"""Pages for staff (agents, supervisors, admins): login, logout and the landing page.

- ``GET/POST /staff/login``: the login form. Posts from another site are refused before
  anything is read; the form carries a CSRF token bound to a random pre-login cookie. A page
  that needs a login sends the browser here with ``?next=<the page>``; the form carries it in a
  hidden field and a successful login goes back there, when
  :func:`~inloop.web.security.safe_return_path` accepts it (else to ``/staff/``). A failed
  login says the same thing for an unknown address, a wrong password and a disabled account;
  throttled logins get ``429``.
- ``POST /staff/logout``: ends the session on the server.
- ``GET /staff/``: the landing page with the user's queues and a way to the inbox.
- The inbox, the case view and its actions are in :mod:`inloop.web.staff_desk`; the user admin
  page in :mod:`inloop.web.staff_admin`. Staff pages may load the inbox's refresh script from
  ``/static`` (``script-src 'self'``); nothing else of the portal's strict policy is relaxed.

A staff session lives on the server; the ``inloop_staff`` cookie (HttpOnly, SameSite=Strict,
Secure on https, path ``/staff``) carries a random token whose SHA-256 is stored. Logging in
always starts a new session (the old one ends), so a token planted before the login is
worthless. A session ends after ``staff_session_idle_minutes`` of inactivity, after
``staff_session_max_hours`` in all, on logout, and when the user is disabled or their password
is reset. Every page asks :func:`inloop.humans.accounts.authorize`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from inloop.channels.i18n import format_time, gettext_for, negotiate, pick, translations
from inloop.config import Settings
from inloop.engine.engine import Engine
from inloop.humans.accounts import Accounts, Action, authorize
from inloop.humans.audit import AuditAction
from inloop.ids import new_id
from inloop.records import UserRecord
from inloop.web.security import (
    PORTAL_HEADERS,
    Sessions,
    safe_return_path,
    same_origin,
    secure_headers,
)

STAFF_COOKIE = "inloop_staff"
LOGIN_COOKIE = "inloop_staff_login"
COOKIE_PATH = "/staff"
TOUCH_INTERVAL = timedelta(seconds=60)
"""``seen_at`` of a session is written at most this often."""
STAFF_CSP = PORTAL_HEADERS["Content-Security-Policy"] + "; script-src 'self'; connect-src 'self'"
"""The portal's policy plus scripts and fetches from this site (the inbox refresh)."""
ACTION_PURPOSE = "staff-action"
"""The CSRF purpose of every form of the inbox, the case view and the admin page."""


def staff_headers(response: Response) -> Response:
    secure_headers(response)
    response.headers["Content-Security-Policy"] = STAFF_CSP
    return response


def login_url(request: Request) -> str:
    """The login page, with the page asked for as ``next`` (when it is a safe one)."""
    query = request.url.query
    back = safe_return_path(request.url.path + (f"?{query}" if query else ""))
    if back is None or back == "/staff/":
        return "/staff/login"
    return "/staff/login?" + urlencode({"next": back})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class StaffPages:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.accounts = Accounts(engine.store, engine.clock)
        self.idle = timedelta(minutes=settings.staff_session_idle_minutes)
        self.max_age = timedelta(hours=settings.staff_session_max_hours)
        self.secure = settings.base_url.startswith("https://")
        self._csrf: Sessions | None = None
        self._envs: dict[str, Environment] = {}

    # -- plumbing ---------------------------------------------------------------------------

    async def csrf(self) -> Sessions:
        """The CSRF token maker of the portal, keyed with the same secret."""
        if self._csrf is None:
            secret = self.settings.secret_key or await self.engine.store.meta.get_or_create(
                "secret_key",
                lambda: hashlib.sha256(new_id("secret").encode()).hexdigest() + new_id("k"),
            )
            self._csrf = Sessions(
                secret,
                idle_seconds=self.idle.total_seconds(),
                max_seconds=self.max_age.total_seconds(),
                secure=self.secure,
            )
        return self._csrf

    def env(self, lang: str) -> Environment:
        env = self._envs.get(lang)
        if env is None:
            env = Environment(
                loader=PackageLoader("inloop.web", "templates"),
                autoescape=select_autoescape(default=True, default_for_string=True),
                extensions=["jinja2.ext.i18n"],
            )
            env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
            env.globals["when"] = lambda moment: format_time(moment, lang, self.settings.timezone)
            env.globals["pick"] = lambda texts: (
                pick(texts, lang) if isinstance(texts, dict) else texts
            )
            self._envs[lang] = env
        return env

    def page(self, name: str, lang: str, status: int = 200, **context: Any) -> Response:
        html = self.env(lang).get_template(name).render(lang=lang, **context)
        return staff_headers(HTMLResponse(html, status_code=status))

    def error(self, lang: str, status: int, message: str) -> Response:
        return self.page("staff/error.html", lang, status=status, message=message)

    async def action_csrf(self, hashed: str) -> str:
        return (await self.csrf()).csrf_token(hashed, ACTION_PURPOSE)

    async def signed_in(self, request: Request) -> tuple[UserRecord, str] | Response:
        """The logged-in user, or the response for nobody: a redirect to the login for a page,
        ``401`` for a form post."""
        current = await self.current(request)
        if current is not None:
            return current
        if request.method == "GET":
            response: Response = RedirectResponse(login_url(request), status_code=303)
            if request.cookies.get(STAFF_COOKIE):
                self._clear_cookie(response, STAFF_COOKIE)
            return secure_headers(response)
        lang = self.lang_for(request)
        return self.error(
            lang, 401, gettext_for(lang, "Your session has ended. Please log in again.")
        )

    async def read_form(
        self, request: Request, hashed: str, *, max_fields: int = 200
    ) -> dict[str, list[str]] | Response:
        """A staff form post as name -> values, after the same-origin, size and CSRF checks
        (a refusal is the response to send; nothing was read or changed)."""
        lang = self.lang_for(request)
        if not same_origin(request):
            return self.error(lang, 403, gettext_for(lang, "This form was sent from another site."))
        declared = request.headers.get("content-length") or "0"
        if not declared.isdigit() or int(declared) > 256 * 1024:
            return self.error(lang, 413, gettext_for(lang, "The form could not be read."))
        try:
            form = await request.form(max_files=0, max_fields=max_fields)
        except Exception:
            return self.error(lang, 400, gettext_for(lang, "The form could not be read."))
        values = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}
        token = values.get("csrf", [""])[-1]
        if not (await self.csrf()).csrf_ok(hashed, ACTION_PURPOSE, token):
            return self.error(
                lang,
                403,
                gettext_for(lang, "This form has expired. Please reload the page and try again."),
            )
        return values

    @staticmethod
    def lang_for(request: Request) -> str:
        asked = request.query_params.get("lang")
        if asked in ("en", "de"):
            return asked
        return negotiate(request.headers.get("accept-language"))

    @staticmethod
    def client(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def _set_cookie(self, response: Response, name: str, value: str, max_age: int) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            httponly=True,
            samesite="strict",
            secure=self.secure,
            path=COOKIE_PATH,
        )

    def _clear_cookie(self, response: Response, name: str) -> None:
        response.delete_cookie(
            name, path=COOKIE_PATH, httponly=True, samesite="strict", secure=self.secure
        )

    # -- sessions ---------------------------------------------------------------------------

    async def current(self, request: Request) -> tuple[UserRecord, str] | None:
        """The logged-in user and the hash of their session token, or ``None``."""
        token = request.cookies.get(STAFF_COOKIE)
        if not token or len(token) > 200:
            return None
        hashed = token_hash(token)
        users = self.engine.store.users
        session = await users.get_session(hashed)
        if session is None or session.ended_at is not None:
            return None
        now = self.engine.clock.now()
        if now - session.seen_at > self.idle or now - session.created_at > self.max_age:
            await users.end_session(hashed, at=now)
            return None
        user = await users.get(session.user_id)
        if (
            user is None
            or user.disabled_at is not None
            or session.created_at < user.password_changed_at
        ):
            await users.end_session(hashed, at=now)
            return None
        if now - session.seen_at >= TOUCH_INTERVAL:
            await users.touch_session(hashed, at=now)
        return user, hashed

    # -- pages ------------------------------------------------------------------------------

    async def login_page(self, request: Request) -> Response:
        back = safe_return_path(request.query_params.get("next"))
        return await self._login_form(request, self.lang_for(request), back=back)

    async def _login_form(
        self,
        request: Request,
        lang: str,
        *,
        status: int = 200,
        error: str | None = None,
        email: str = "",
        back: str | None = None,
    ) -> Response:
        nonce = request.cookies.get(LOGIN_COOKIE)
        fresh = not nonce or len(nonce) > 100
        if fresh:
            nonce = secrets.token_urlsafe(24)
        assert nonce is not None
        csrf = (await self.csrf()).csrf_token(nonce, "staff-login")
        response = self.page(
            "staff/login.html",
            lang,
            status=status,
            csrf=csrf,
            error=error,
            email=email,
            next_path=back,
        )
        if fresh:
            self._set_cookie(response, LOGIN_COOKIE, nonce, 3600)
        return response

    async def login(self, request: Request) -> Response:
        lang = self.lang_for(request)
        if not same_origin(request):
            return self.error(lang, 403, gettext_for(lang, "This form was sent from another site."))
        declared = request.headers.get("content-length") or "0"
        if not declared.isdigit() or int(declared) > 16 * 1024:
            return self.error(lang, 413, gettext_for(lang, "The form could not be read."))
        form = await request.form(max_files=0, max_fields=10)
        fields = {k: form.get(k) for k in ("csrf", "email", "password", "next")}
        csrf, email, password, asked = (v if isinstance(v, str) else "" for v in fields.values())
        back = safe_return_path(asked)  # anything else is ignored: the home page it is
        nonce = request.cookies.get(LOGIN_COOKIE) or ""
        if not nonce or not (await self.csrf()).csrf_ok(nonce, "staff-login", csrf):
            return self.error(
                lang,
                403,
                gettext_for(lang, "This form has expired. Please reload the page and try again."),
            )
        email = email.strip()[:320]
        result = await self.accounts.authenticate(email, password, client=self.client(request))
        if result.throttled:
            return await self._login_form(
                request,
                lang,
                status=429,
                email=email,
                back=back,
                error=gettext_for(
                    lang, "Too many failed attempts. Please wait a few minutes and try again."
                ),
            )
        if result.user is None:
            return await self._login_form(
                request,
                lang,
                status=401,
                email=email,
                back=back,
                error=gettext_for(lang, "The email address or the password is not correct."),
            )
        token = secrets.token_urlsafe(32)
        old = request.cookies.get(STAFF_COOKIE)
        await self.engine.store.users.start_session(
            token_hash=token_hash(token),
            user_id=result.user.id,
            at=self.engine.clock.now(),
            replaces=token_hash(old) if old else None,
        )
        response = RedirectResponse(back or "/staff/", status_code=303)
        self._set_cookie(response, STAFF_COOKIE, token, int(self.max_age.total_seconds()))
        self._clear_cookie(response, LOGIN_COOKIE)
        return secure_headers(response)

    async def logout(self, request: Request) -> Response:
        lang = self.lang_for(request)
        if not same_origin(request):
            return self.error(lang, 403, gettext_for(lang, "This form was sent from another site."))
        current = await self.current(request)
        response = RedirectResponse("/staff/login", status_code=303)
        if current is not None:
            user, hashed = current
            form = await request.form(max_files=0, max_fields=10)
            csrf = form.get("csrf")
            if not (await self.csrf()).csrf_ok(
                hashed, "staff-logout", csrf if isinstance(csrf, str) else None
            ):
                return self.error(
                    lang,
                    403,
                    gettext_for(
                        lang, "This form has expired. Please reload the page and try again."
                    ),
                )
            await self.engine.store.users.end_session(hashed, at=self.engine.clock.now())
            await self.accounts.audit.record(user.id, AuditAction.LOGOUT, user.id)
        self._clear_cookie(response, STAFF_COOKIE)
        return secure_headers(response)

    async def home(self, request: Request) -> Response:
        lang = self.lang_for(request)
        current = await self.current(request)
        if current is None:
            response = RedirectResponse("/staff/login", status_code=303)
            if request.cookies.get(STAFF_COOKIE):
                self._clear_cookie(response, STAFF_COOKIE)
            return secure_headers(response)
        user, hashed = current
        if not authorize(user, Action.STAFF_HOME):
            return self.error(lang, 403, gettext_for(lang, "You are not allowed to do this."))
        roles = {
            "agent": gettext_for(lang, "agent"),
            "supervisor": gettext_for(lang, "supervisor"),
            "admin": gettext_for(lang, "admin"),
        }
        return self.page(
            "staff/home.html",
            lang,
            user=user,
            role=roles.get(user.role, user.role),
            queues=sorted(user.queues),
            all_queues=authorize(user, Action.QUEUE_VIEW_ALL),
            csrf=(await self.csrf()).csrf_token(hashed, "staff-logout"),
            admin=authorize(user, Action.USERS_MANAGE),
        )

    def routes(self) -> list[Route]:
        from inloop.web.staff_admin import StaffAdmin
        from inloop.web.staff_case_actions import CaseActions
        from inloop.web.staff_desk import StaffDesk

        desk = StaffDesk(self)
        return [
            Route("/staff/login", self.login_page, methods=["GET"]),
            Route("/staff/login", self.login, methods=["POST"]),
            Route("/staff/logout", self.logout, methods=["POST"]),
            Route("/staff/", self.home, methods=["GET"]),
            *desk.routes(),
            *CaseActions(desk).routes(),
            *StaffAdmin(self).routes(),
        ]
