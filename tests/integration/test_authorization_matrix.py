"""The authorization matrix: every route of the app, called as every kind of caller, against
the table in docs/reference/authorization.md. A route without a row fails, and so does every
cell the app does not honour (0 unexpected allows, 0 unexpected denies)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from starlette.applications import Starlette
from starlette.requests import Request as StarletteRequest
from starlette.routing import Mount, Route

from inloop.channels.links import Links
from inloop.humans.accounts import Accounts
from inloop.ids import new_id
from inloop.records import UserRecord
from inloop.testing import Harness
from inloop.web import create_app
from inloop.web.portal import REPLY_PURPOSE, Portal
from inloop.web.security import SESSION_COOKIE
from inloop.web.staff import ACTION_PURPOSE, STAFF_COOKIE, StaffPages, token_hash
from tests.apps.agent_app import app as agent_app

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "reference" / "authorization.md"
PASSWORD = "correct horse battery"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PRINCIPALS = (
    "anonymous",
    "customer A",
    "customer B",
    "agent in queue",
    "agent not in queue",
    "supervisor",
    "admin",
)
STAFF = {
    "agent in queue": ("agent", ("cards",)),
    "agent not in queue": ("agent", ("loans",)),
    "supervisor": ("supervisor", ()),
    "admin": ("admin", ()),
}
TEXT = {"text": "Where is my card?"}


def documented() -> dict[str, dict[str, str]]:
    """Route (``METHOD /path``) -> caller -> ``allow``/``deny``, from the doc's table."""
    rows: dict[str, dict[str, str]] = {}
    header: list[str] | None = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None if not line.strip() else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "Route":
            header = cells[1:]
            assert tuple(header) == PRINCIPALS, header
            continue
        if header is None or set(cells[0]) <= {"-", " "}:
            continue
        route = cells[0].strip("`")
        assert route not in rows, f"two rows for {route}"
        assert set(cells[1:]) <= {"allow", "deny"}, line
        rows[route] = dict(zip(header, cells[1:], strict=True))
    return rows


def app_routes(app: Starlette) -> set[str]:
    """Every ``METHOD /path`` the app serves (HEAD goes with GET), read from its router."""
    found: set[str] = set()
    for route in app.routes:
        if isinstance(route, Route):
            found |= {f"{m} {route.path}" for m in route.methods or () if m != "HEAD"}
        elif isinstance(route, Mount):
            subs = getattr(route.app, "routes", None)
            if not subs:
                found.add(f"GET {route.path}/{{path}}")
                continue
            for sub in subs:
                methods = getattr(sub, "methods", None) or ()
                found |= {f"{m} {route.path}{sub.path}" for m in methods if m != "HEAD"}
        else:  # pragma: no cover - a new kind of route needs a rule here
            raise AssertionError(f"unknown route type {route!r}")
    return found


def test_every_route_has_a_row_and_every_row_a_route(tmp_path: Path) -> None:
    from inloop.engine.engine import Engine

    engine = Engine(agent_app)
    served = app_routes(create_app(engine))
    rows = set(documented())
    assert served - rows == set(), f"routes without a row in authorization.md: {served - rows}"
    assert rows - served == set(), f"rows for routes that do not exist: {rows - served}"


@dataclass
class World:
    h: Harness
    app: Starlette
    clients: dict[str, httpx.AsyncClient] = field(default_factory=dict)
    users: dict[str, UserRecord] = field(default_factory=dict)
    case_a: str = ""
    request_a: str = ""
    case_t: str = ""
    mail_id: int = 0

    def client(self, cookies: httpx.Cookies | None = None) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app),
            base_url="http://matrix.test",
            cookies=cookies,
        )

    async def staff_token(self, who: str, purpose: str = ACTION_PURPOSE) -> str:
        cookie = self.clients[who].cookies.get(STAFF_COOKIE)
        if cookie is None:
            return "0" * 64
        pages = StaffPages(self.h.engine, self.h.engine.settings)
        return (await pages.csrf()).csrf_token(token_hash(cookie), purpose)

    async def portal_token(self, who: str) -> str:
        page = await self.clients[who].get("/case")
        match = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
        return match.group(1) if match else "0" * 64

    async def fresh_task(self) -> str:
        case_id = await self.h.start("card_help", TEXT)
        task = await self.h.open_task(case_id)
        assert task is not None
        return task.id

    async def fresh_user(self) -> str:
        user = await Accounts(self.h.engine.store, self.h.clock, hasher=FAST).create(
            f"{new_id('u')}@example.com", name="Victim", role="agent", password=PASSWORD
        )
        return user.id


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with Harness(agent_app, tmp_path / "matrix.db") as h:
        w = World(h=h, app=create_app(h.engine))
        accounts = Accounts(h.engine.store, h.clock, hasher=FAST)
        w.clients["anonymous"] = w.client()
        for who, (role, queues) in STAFF.items():
            email = who.replace(" ", "-") + "@example.com"
            w.users[who] = await accounts.create(
                email, name=who.title(), role=role, password=PASSWORD, queues=queues
            )
            c = w.client()
            page = await c.get("/staff/login")
            token = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
            assert token
            r = await c.post(
                "/staff/login",
                data={"csrf": token.group(1), "email": email, "password": PASSWORD},
            )
            assert r.status_code == 303
            w.clients[who] = c
        await accounts.create("probe@example.com", name="Probe", role="agent", password=PASSWORD)
        links = Links(h.engine)
        for who in ("customer A", "customer B"):
            case_id = await h.start("card_details", TEXT, customer={"email": "c@example.com"})
            c = w.client()
            r = await c.get(f"/l/{await links.issue(case_id=case_id, channel='portal')}")
            assert r.status_code == 303
            w.clients[who] = c
            if who == "customer A":
                req = await h.open_request(case_id)
                assert req is not None
                w.case_a, w.request_a = case_id, req.id
        w.case_t = await h.start("card_help", TEXT)
        await h.engine.store.mail.record(
            direction="out",
            message_id="<m1@example.com>",
            sender="service@example.com",
            recipient="c@example.com",
            subject="Hello",
            headers={},
            at=h.clock.now(),
            text_body="Hello",
        )
        w.mail_id = (await h.engine.store.mail.recent())[0].id
        try:
            yield w
        finally:
            for c in w.clients.values():
                await c.aclose()


Probe = Callable[[World, str], Awaitable[tuple[str, str, dict[str, str] | None]]]


def get(path: str) -> Probe:
    async def probe(w: World, who: str) -> tuple[str, str, dict[str, str] | None]:
        return "GET", path.format(case_a=w.case_a, case_t=w.case_t, mail=w.mail_id), None

    return probe


def staff_post(path: str, make: Callable[[World], Awaitable[dict[str, str]]]) -> Probe:
    async def probe(w: World, who: str) -> tuple[str, str, dict[str, str] | None]:
        params = await make(w)
        data = {k: v for k, v in params.items() if not k.startswith("_")}
        data["csrf"] = await w.staff_token(who)
        return "POST", path.format(**params), data

    return probe


async def portal_answer(w: World, who: str) -> tuple[str, str, dict[str, str] | None]:
    token = await w.portal_token(who) if who.startswith("customer") else "0" * 64
    return "POST", f"/case/requests/{w.request_a}", {"csrf": token, "last_digits": "12"}


async def portal_reply(w: World, who: str) -> tuple[str, str, dict[str, str] | None]:
    """A reply to the team's question, with the reply form's CSRF token of the caller's portal
    session (the form itself shows only while a question is open)."""
    token = "0" * 64
    cookie = w.clients[who].cookies.get(SESSION_COOKIE)
    if cookie is not None:
        sessions = await Portal(w.h.engine, w.h.engine.settings).sessions()
        scope = {"type": "http", "headers": [(b"cookie", f"{SESSION_COOKIE}={cookie}".encode())]}
        session = sessions.read(StarletteRequest(scope))
        if session is not None:
            token = sessions.csrf_token(session.nonce, REPLY_PURPOSE)
    return "POST", "/case/messages", {"csrf": token, "text": "Yes, it is still with me."}


async def open_link(w: World, who: str) -> tuple[str, str, dict[str, str] | None]:
    token = await Links(w.h.engine).issue(case_id=w.case_a, channel="portal")
    return "GET", f"/l/{token}", None


async def task_link(w: World, who: str) -> tuple[str, str, dict[str, str] | None]:
    task = await w.h.open_task(w.case_t)
    assert task is not None
    return "GET", f"/staff/tasks/{task.id}", None


def plain_post(path: str, **data: str) -> Probe:
    async def probe(w: World, who: str) -> tuple[str, str, dict[str, str] | None]:
        return "POST", path, dict(data)

    return probe


async def login_probe(w: World, who: str) -> tuple[str, str, dict[str, str] | None]:
    return "LOGIN", "/staff/login", None


async def logout_probe(w: World, who: str) -> tuple[str, str, dict[str, str] | None]:
    return "POST", "/staff/logout", {"csrf": await w.staff_token(who, "staff-logout")}


async def task_in(w: World) -> dict[str, str]:
    return {"task_id": await w.fresh_task()}


async def case_in(w: World) -> dict[str, str]:
    case_id = await w.h.start("card_help", TEXT)
    return {"case_id": case_id}


async def question_params(w: World) -> dict[str, str]:
    return {"task_id": await w.fresh_task(), "message": "Is the card still with you?"}


async def reassign_params(w: World) -> dict[str, str]:
    return {"task_id": await w.fresh_task(), "user_id": w.users["agent in queue"].id}


async def note_params(w: World) -> dict[str, str]:
    return {"case_id": w.case_t, "text": "a note"}


async def correction_params(w: World) -> dict[str, str]:
    return {"case_id": w.case_t, "field": "intent", "value": new_id("intent")}


async def answer_params(w: World) -> dict[str, str]:
    return {"case_id": w.case_a, "request_id": w.request_a, "last_digits": "12"}


async def create_params(w: World) -> dict[str, str]:
    return {"email": "not an address", "name": "X", "role": "agent", "password": "short"}


async def victim(w: World) -> dict[str, str]:
    return {"user_id": await w.fresh_user()}


async def victim_password(w: World) -> dict[str, str]:
    return {"user_id": await w.fresh_user(), "password": "short"}


async def victim_access(w: World) -> dict[str, str]:
    return {"user_id": await w.fresh_user(), "role": "owner"}


PROBES: dict[str, Probe] = {
    "GET /": get("/"),
    "GET /healthz": get("/healthz"),
    "GET /l/{token}": open_link,
    "POST /links/new": plain_post("/links/new", email="c@example.com"),
    "GET /case": get("/case"),
    "POST /case/requests/{request_id}": portal_answer,
    "POST /case/messages": portal_reply,
    "POST /case/leave": plain_post("/case/leave"),
    "GET /start": get("/start"),
    "POST /start": plain_post("/start", message=""),
    "GET /staff/login": get("/staff/login"),
    "POST /staff/login": login_probe,
    "POST /staff/logout": logout_probe,
    "GET /staff/": get("/staff/"),
    "GET /staff/tasks": get("/staff/tasks"),
    "GET /staff/cases/{case_id}": get("/staff/cases/{case_t}"),
    "GET /staff/tasks/{task_id}": task_link,
    "POST /staff/tasks/{task_id}/messages": staff_post(
        "/staff/tasks/{task_id}/messages", question_params
    ),
    "POST /staff/cases/{case_id}/take-over": staff_post(
        "/staff/cases/{case_id}/take-over", case_in
    ),
    "POST /staff/cases/{case_id}/hand-back": staff_post(
        "/staff/cases/{case_id}/hand-back", case_in
    ),
    "POST /staff/tasks/{task_id}/claim": staff_post("/staff/tasks/{task_id}/claim", task_in),
    "POST /staff/tasks/{task_id}/release": staff_post("/staff/tasks/{task_id}/release", task_in),
    "POST /staff/tasks/{task_id}/reassign": staff_post(
        "/staff/tasks/{task_id}/reassign", reassign_params
    ),
    "POST /staff/tasks/{task_id}/complete": staff_post("/staff/tasks/{task_id}/complete", task_in),
    "POST /staff/cases/{case_id}/notes": staff_post("/staff/cases/{case_id}/notes", note_params),
    "POST /staff/cases/{case_id}/corrections": staff_post(
        "/staff/cases/{case_id}/corrections", correction_params
    ),
    "POST /staff/cases/{case_id}/requests/{request_id}/answer": staff_post(
        "/staff/cases/{case_id}/requests/{request_id}/answer", answer_params
    ),
    "GET /staff/admin/users": get("/staff/admin/users"),
    "POST /staff/admin/users": staff_post("/staff/admin/users", create_params),
    "POST /staff/admin/users/{user_id}/disable": staff_post(
        "/staff/admin/users/{user_id}/disable", victim
    ),
    "POST /staff/admin/users/{user_id}/password": staff_post(
        "/staff/admin/users/{user_id}/password", victim_password
    ),
    "POST /staff/admin/users/{user_id}/access": staff_post(
        "/staff/admin/users/{user_id}/access", victim_access
    ),
    "GET /mailbox": get("/mailbox"),
    "GET /mailbox/{mail_id:int}": get("/mailbox/{mail}"),
    "GET /static/{path}": get("/static/portal.css"),
    "GET /api/v1/openapi.json": get("/api/v1/openapi.json"),
    "POST /api/v1/cases": plain_post("/api/v1/cases"),
    "GET /api/v1/cases/{case_id}": get("/api/v1/cases/{case_a}"),
    "GET /api/v1/cases/{case_id}/request": get("/api/v1/cases/{case_a}/request"),
    "POST /api/v1/cases/{case_id}/requests/{request_id}/answer": plain_post(
        "/api/v1/cases/case/requests/request/answer"
    ),
    "GET /api/v1/cases/{case_id}/timeline": get("/api/v1/cases/{case_a}/timeline"),
}
LAST = ("POST /staff/logout",)  # ends the caller's session


def verdict(method: str, response: httpx.Response) -> str:
    if response.status_code in (401, 403, 404):
        return "deny"
    location = response.headers.get("location", "")
    to_login = location.split("?", 1)[0] == "/staff/login"  # with ?next=<the page>
    if method == "GET" and response.status_code in (302, 303) and to_login:
        return "deny"
    return "allow"


async def call(w: World, who: str, route: str) -> tuple[str, int]:
    method, path, data = await PROBES[route](w, who)
    if method == "LOGIN":  # the login form is for everybody: a fresh browser logs in
        async with w.client() as c:
            page = await c.get("/staff/login")
            token = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
            assert token
            r = await c.post(
                "/staff/login",
                data={"csrf": token.group(1), "email": "probe@example.com", "password": PASSWORD},
            )
            return verdict("POST", r), r.status_code
    # a copy of the caller's cookies: what a probe sets or clears does not leak into the next
    async with w.client(httpx.Cookies(w.clients[who].cookies)) as c:
        if method == "GET":
            r = await c.get(path)
        else:
            r = await c.post(path, data=data)
    return verdict(method, r), r.status_code


async def test_every_route_as_every_caller_matches_the_table(world: World) -> None:
    table = documented()
    assert set(PROBES) == set(table), set(PROBES) ^ set(table)
    order = [r for r in table if r not in LAST] + [r for r in table if r in LAST]
    unexpected: list[str] = []
    cells = 0
    for route in order:
        for who in PRINCIPALS:
            got, status = await call(world, who, route)
            cells += 1
            if got != table[route][who]:
                unexpected.append(
                    f"{route} as {who}: expected {table[route][who]}, got {got} ({status})"
                )
    assert unexpected == [], "\n".join(unexpected)
    assert cells == len(table) * len(PRINCIPALS)
