"""The admin page for staff accounts: ``/staff/admin/users`` (admins only).

List users; create one; disable one; set a new password; set the role and the queues. Each post
checks the origin and the CSRF token and goes through :class:`~inloop.humans.accounts.Accounts`,
the same code the ``inloop users`` commands use, which checks the input before it writes and
records the change in the audit log. Admins cannot disable or demote themselves (an instance
must keep an admin who can log in).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from inloop.channels.i18n import gettext_for
from inloop.errors import ConfigError, InloopError, PasswordRejected, UserExists, UserNotFound
from inloop.humans.accounts import MIN_PASSWORD_LENGTH, Action, Role, authorize
from inloop.records import UserRecord
from inloop.web.security import secure_headers

if TYPE_CHECKING:
    from inloop.web.staff import StaffPages


def N_(message: str) -> str:
    return message


_DONE = {
    "created": N_("The user was created."),
    "disabled": N_("The user was disabled; their sessions have ended."),
    "password": N_("The new password is set; the user's sessions have ended."),
    "access": N_("Role and queues were saved."),
}


def _text(form: Mapping[str, list[str]], key: str) -> str:
    values = form.get(key) or [""]
    return values[-1]


def _queues(text: str) -> list[str]:
    return [q.strip() for q in text.replace("\n", ",").split(",") if q.strip()]


class StaffAdmin:
    def __init__(self, pages: StaffPages) -> None:
        self.pages = pages
        self.accounts = pages.accounts

    async def _admin(self, request: Request) -> tuple[UserRecord, str] | Response:
        current = await self.pages.signed_in(request)
        if isinstance(current, Response):
            return current
        user, hashed = current
        if not authorize(user, Action.USERS_MANAGE):
            lang = self.pages.lang_for(request)
            return self.pages.error(
                lang, 403, gettext_for(lang, N_("Only admins manage staff accounts."))
            )
        return user, hashed

    async def users_page(self, request: Request) -> Response:
        admin = await self._admin(request)
        if isinstance(admin, Response):
            return admin
        user, hashed = admin
        lang = self.pages.lang_for(request)
        done = _DONE.get(request.query_params.get("done") or "")
        return await self._render(
            request, user, hashed, notice=gettext_for(lang, done) if done else None
        )

    async def _render(
        self,
        request: Request,
        user: UserRecord,
        hashed: str,
        *,
        status: int = 200,
        notice: str | None = None,
        problem: str | None = None,
        values: Mapping[str, str] | None = None,
    ) -> Response:
        lang = self.pages.lang_for(request)
        return self.pages.page(
            "staff/admin_users.html",
            lang,
            status=status,
            user=user,
            users=await self.accounts.list_users(),
            roles=[r.value for r in Role],
            notice=notice,
            problem=problem,
            values=values or {},
            min_password=MIN_PASSWORD_LENGTH,
            csrf=await self.pages.action_csrf(hashed),
            logout_csrf=(await self.pages.csrf()).csrf_token(hashed, "staff-logout"),
            admin=True,
        )

    def _done(self, request: Request, what: str) -> Response:
        lang = self.pages.lang_for(request)
        suffix = f"&lang={lang}" if lang != "en" else ""
        return secure_headers(
            RedirectResponse(f"/staff/admin/users?done={what}{suffix}", status_code=303)
        )

    def _message(self, exc: InloopError, lang: str) -> str:
        if isinstance(exc, PasswordRejected):
            reason = exc.data.get("reason")
            if reason == "too_short":
                return gettext_for(
                    lang,
                    N_("The password must have at least {n} characters."),
                    n=MIN_PASSWORD_LENGTH,
                )
            if reason == "is_email":
                return gettext_for(lang, N_("The password must not be the email address."))
            return gettext_for(lang, N_("The password is too long."))
        if isinstance(exc, UserExists):
            return gettext_for(lang, N_("A user with this email address exists already."))
        if isinstance(exc, UserNotFound):
            return gettext_for(lang, N_("There is no such user."))
        if isinstance(exc, ConfigError):
            return gettext_for(
                lang,
                N_(
                    "Please check the entries: an email address, a name of 1 to 200 "
                    "characters, a role, and queue names separated by commas."
                ),
            )
        return exc.message

    async def _post(
        self, request: Request
    ) -> tuple[UserRecord, str, dict[str, list[str]]] | Response:
        admin = await self._admin(request)
        if isinstance(admin, Response):
            return admin
        user, hashed = admin
        form = await self.pages.read_form(request, hashed, max_fields=50)
        if isinstance(form, Response):
            return form
        return user, hashed, form

    async def _target(self, request: Request) -> UserRecord | None:
        return await self.pages.engine.store.users.get(request.path_params["user_id"])

    async def create(self, request: Request) -> Response:
        posted = await self._post(request)
        if isinstance(posted, Response):
            return posted
        user, hashed, form = posted
        lang = self.pages.lang_for(request)
        values = {k: _text(form, k) for k in ("email", "name", "role", "queues")}
        try:
            await self.accounts.create(
                values["email"],
                name=values["name"],
                role=values["role"],
                password=_text(form, "password"),
                queues=_queues(values["queues"]),
                actor=user.id,
            )
        except InloopError as exc:
            return await self._render(
                request,
                user,
                hashed,
                status=422,
                problem=self._message(exc, lang),
                values=values,
            )
        return self._done(request, "created")

    async def disable(self, request: Request) -> Response:
        posted = await self._post(request)
        if isinstance(posted, Response):
            return posted
        user, hashed, _form = posted
        lang = self.pages.lang_for(request)
        target = await self._target(request)
        if target is None:
            return self.pages.error(lang, 404, gettext_for(lang, N_("There is no such user.")))
        if target.id == user.id:
            return await self._render(
                request,
                user,
                hashed,
                status=422,
                problem=gettext_for(lang, N_("You cannot disable your own account.")),
            )
        await self.accounts.disable(target.email, actor=user.id)
        return self._done(request, "disabled")

    async def password(self, request: Request) -> Response:
        posted = await self._post(request)
        if isinstance(posted, Response):
            return posted
        user, hashed, form = posted
        lang = self.pages.lang_for(request)
        target = await self._target(request)
        if target is None:
            return self.pages.error(lang, 404, gettext_for(lang, N_("There is no such user.")))
        try:
            await self.accounts.reset_password(target.email, _text(form, "password"), actor=user.id)
        except InloopError as exc:
            return await self._render(
                request, user, hashed, status=422, problem=self._message(exc, lang)
            )
        return self._done(request, "password")

    async def access(self, request: Request) -> Response:
        posted = await self._post(request)
        if isinstance(posted, Response):
            return posted
        user, hashed, form = posted
        lang = self.pages.lang_for(request)
        target = await self._target(request)
        if target is None:
            return self.pages.error(lang, 404, gettext_for(lang, N_("There is no such user.")))
        role = _text(form, "role")
        queues = _queues(_text(form, "queues"))
        problem = None
        if role not in {r.value for r in Role}:
            problem = gettext_for(lang, N_("Please choose a role."))
        elif target.id == user.id and role != Role.ADMIN.value:
            problem = gettext_for(lang, N_("You cannot take the admin role from yourself."))
        elif any(len(q) > 200 or not q.isprintable() for q in queues):
            problem = gettext_for(lang, N_("A queue name must have 1 to 200 characters."))
        if problem is not None:
            return await self._render(request, user, hashed, status=422, problem=problem)
        await self.accounts.set_role(target.email, role, actor=user.id)
        await self.accounts.set_queues(target.email, queues, actor=user.id)
        return self._done(request, "access")

    def routes(self) -> list[Route]:
        return [
            Route("/staff/admin/users", self.users_page, methods=["GET"]),
            Route("/staff/admin/users", self.create, methods=["POST"]),
            Route("/staff/admin/users/{user_id}/disable", self.disable, methods=["POST"]),
            Route("/staff/admin/users/{user_id}/password", self.password, methods=["POST"]),
            Route("/staff/admin/users/{user_id}/access", self.access, methods=["POST"]),
        ]
