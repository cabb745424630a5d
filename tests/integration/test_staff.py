"""Staff accounts and access: hashing, the password policy, throttling, no user enumeration,
the authorization policy, staff sessions and the login pages through the ASGI app."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher

from inloop.errors import PasswordRejected, UserExists, UserNotFound
from inloop.examples import app as example_app
from inloop.humans.accounts import Accounts, Action, Resource, authorize, require
from inloop.records import UserRecord
from inloop.testing import Harness
from inloop.web import create_app

PASSWORD = "correct horse battery"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    async with Harness(example_app, tmp_path / "staff.db") as harness:
        yield harness


def accounts(h: Harness, hasher: PasswordHasher | None = None) -> Accounts:
    return Accounts(h.engine.store, h.clock, hasher=hasher or FAST)


def client_for(h: Harness) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(h.engine))
    return httpx.AsyncClient(transport=transport, base_url="http://staff.test")


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def login(
    c: httpx.AsyncClient, email: str, password: str = PASSWORD, **headers: str
) -> httpx.Response:
    page = await c.get("/staff/login")
    assert page.status_code == 200
    return await c.post(
        "/staff/login",
        data={"csrf": csrf(page.text), "email": email, "password": password},
        headers=headers,
    )


# -- accounts ---------------------------------------------------------------------------------


async def test_passwords_are_hashed_with_argon2_and_rehashed_when_parameters_change(
    h: Harness,
) -> None:
    user = await accounts(h).create(
        "Kim@Example.com", name="Kim", role="agent", password=PASSWORD, queues=["billing"]
    )
    assert user.email == "kim@example.com" and user.queues == frozenset({"billing"})
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert "m=1024" in user.password_hash
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    result = await accounts(h, stronger).authenticate("kim@example.com", PASSWORD, client="c")
    assert result.user is not None
    assert "m=2048" in result.user.password_hash  # rehashed with the new parameters
    again = await accounts(h, stronger).authenticate("KIM@example.com", PASSWORD, client="c")
    assert again.user is not None and again.user.password_hash == result.user.password_hash


async def test_the_password_policy_and_duplicate_addresses(h: Harness) -> None:
    a = accounts(h)
    for password, reason in (
        ("short", "too_short"),
        ("kim@example.com", "is_email"),
        ("KIM@EXAMPLE.COM", "is_email"),
        ("x" * 1025, "too_long"),
    ):
        with pytest.raises(PasswordRejected) as info:
            await a.create("kim@example.com", name="Kim", role="agent", password=password)
        assert info.value.data["reason"] == reason
    assert await a.list_users() == []
    await a.create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    with pytest.raises(UserExists):
        await a.create("KIM@example.com", name="Kim 2", role="admin", password=PASSWORD)
    with pytest.raises(UserNotFound):
        await a.disable("nobody@example.com")
    with pytest.raises(PasswordRejected):
        await a.reset_password("kim@example.com", "kim@example.com")


async def test_disabled_users_and_wrong_passwords_fail_like_unknown_addresses(h: Harness) -> None:
    a = accounts(h)
    await a.create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    await a.create("lee@example.com", name="Lee", role="agent", password=PASSWORD)
    await a.disable("lee@example.com")
    unknown = await a.authenticate("nobody@example.com", PASSWORD, client="c")
    wrong = await a.authenticate("kim@example.com", PASSWORD + "!", client="c")
    disabled = await a.authenticate("lee@example.com", PASSWORD, client="c")
    assert unknown == wrong == disabled
    assert (await a.authenticate("kim@example.com", PASSWORD, client="c")).user is not None


async def test_failed_logins_lock_an_address_for_growing_times(h: Harness) -> None:
    a = accounts(h)
    await a.create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    for _ in range(4):
        assert not (await a.authenticate("kim@example.com", "wrong", client="c")).throttled
    await a.authenticate("kim@example.com", "wrong", client="c")  # the 5th locks for 1 minute
    locked = await a.authenticate("kim@example.com", PASSWORD, client="other")
    assert locked.throttled and locked.user is None
    assert locked.retry_at == h.clock.now() + timedelta(minutes=1)
    user = await a.get("kim@example.com")
    assert user.failed_logins == 5 and user.locked_until == locked.retry_at
    h.clock.advance(minutes=1, seconds=1)
    await a.authenticate("kim@example.com", "wrong", client="c")  # the 6th: 2 minutes
    h.clock.advance(minutes=1, seconds=30)
    assert (await a.authenticate("kim@example.com", PASSWORD, client="c")).throttled
    h.clock.advance(minutes=1)
    ok = await a.authenticate("kim@example.com", PASSWORD, client="c")
    assert ok.user is not None and ok.user.failed_logins == 0
    # an unknown address locks the same way (a lock says nothing about existence)
    for _ in range(5):
        await a.authenticate("nobody@example.com", "wrong", client="d")
    assert (await a.authenticate("nobody@example.com", "wrong", client="e")).throttled


async def test_a_client_that_fails_too_often_is_locked_for_every_address(h: Harness) -> None:
    a = accounts(h)
    await a.create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    for n in range(50):
        await a.authenticate(f"guess{n}@example.com", "wrong", client="10.0.0.9")
    assert (await a.authenticate("kim@example.com", PASSWORD, client="10.0.0.9")).throttled
    assert (await a.authenticate("kim@example.com", PASSWORD, client="10.0.0.8")).user


async def test_a_password_reset_lifts_the_lock(h: Harness) -> None:
    a = accounts(h)
    await a.create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    for _ in range(5):
        await a.authenticate("kim@example.com", "wrong", client="c")
    await a.reset_password("kim@example.com", PASSWORD + " new")
    user = await a.get("kim@example.com")
    assert user.failed_logins == 0 and user.locked_until is None


# -- authorization ----------------------------------------------------------------------------


def user(role: str, queues: set[str] | None = None, *, disabled: bool = False) -> UserRecord:
    from inloop.testing import FakeClock

    now = FakeClock().now()
    return UserRecord(
        id="user_1",
        email="x@example.com",
        name="X",
        role=role,
        password_hash="",
        disabled_at=now if disabled else None,
        created_at=now,
        password_changed_at=now,
        failed_logins=0,
        locked_until=None,
        queues=frozenset(queues or set()),
    )


MINE, OTHER = Resource(queue="billing"), Resource(queue="claims")
MATRIX: list[tuple[str, Action, Resource | None, tuple[bool, bool, bool, bool, bool]]] = [
    # action                      resource   anonymous agent  superv. admin  disabled admin
    ("home", Action.STAFF_HOME, None, (False, True, True, True, False)),
    ("own queue", Action.QUEUE_VIEW, MINE, (False, True, True, True, False)),
    ("other queue", Action.QUEUE_VIEW, OTHER, (False, False, True, True, False)),
    ("queue not named", Action.QUEUE_VIEW, None, (False, False, True, True, False)),
    ("work own", Action.TASK_WORK, MINE, (False, True, True, True, False)),
    ("work other", Action.TASK_WORK, OTHER, (False, False, True, True, False)),
    ("case own", Action.CASE_VIEW, MINE, (False, True, True, True, False)),
    ("case other", Action.CASE_VIEW, OTHER, (False, False, True, True, False)),
    ("all queues", Action.QUEUE_VIEW_ALL, None, (False, False, True, True, False)),
    ("reassign", Action.TASK_REASSIGN, MINE, (False, False, True, True, False)),
    ("users", Action.USERS_MANAGE, None, (False, False, False, True, False)),
]


@pytest.mark.parametrize(("label", "action", "resource", "expected"), MATRIX)
def test_the_authorization_matrix(
    label: str,
    action: Action,
    resource: Resource | None,
    expected: tuple[bool, bool, bool, bool, bool],
) -> None:
    who = [
        None,
        user("agent", {"billing"}),
        user("supervisor"),
        user("admin"),
        user("admin", disabled=True),
    ]
    got = tuple(authorize(u, action, resource) for u in who)
    assert got == expected, label


def test_unknown_actions_and_roles_are_refused() -> None:
    assert not authorize(user("admin"), "cases.delete_everything")
    assert not authorize(user("intern", {"billing"}), Action.QUEUE_VIEW, MINE)
    require(user("agent", {"billing"}), Action.TASK_WORK, MINE)
    with pytest.raises(Exception) as info:
        require(user("agent", {"billing"}), Action.TASK_WORK, OTHER)
    assert getattr(info.value, "code", None) == "access_denied"


# -- the pages --------------------------------------------------------------------------------


async def test_login_shows_the_queues_and_logout_ends_the_session(h: Harness) -> None:
    await accounts(h).create(
        "kim@example.com", name="Kim", role="agent", password=PASSWORD, queues=["billing", "vip"]
    )
    async with client_for(h) as c:
        r = await c.get("/staff/")
        assert r.status_code == 303 and r.headers["location"] == "/staff/login"
        page = await c.get("/staff/login")
        assert page.headers["content-security-policy"].startswith("default-src 'none'")
        assert page.headers["cache-control"] == "no-store"
        assert page.headers["x-frame-options"] == "DENY"
        r = await login(c, "Kim@Example.com")
        assert r.status_code == 303 and r.headers["location"] == "/staff/"
        cookie = r.headers["set-cookie"].lower()
        assert "inloop_staff=" in cookie and "httponly" in cookie
        assert "samesite=strict" in cookie and "path=/staff" in cookie
        assert "secure" not in cookie.split("inloop_staff_login")[0]  # http base_url
        home = await c.get("/staff/")
        assert home.status_code == 200
        assert "Kim" in home.text and "billing" in home.text and "vip" in home.text
        token = c.cookies.get("inloop_staff")
        assert token
        r = await c.post("/staff/logout", data={"csrf": "nope"})
        assert r.status_code == 403
        assert (await c.get("/staff/")).status_code == 200  # still logged in
        r = await c.post("/staff/logout", data={"csrf": csrf(home.text)})
        assert r.status_code == 303 and r.headers["location"] == "/staff/login"
        c.cookies.set("inloop_staff", token, domain="staff.test", path="/staff")
        r = await c.get("/staff/")  # the old cookie is worthless on the server
        assert r.status_code == 303 and r.headers["location"] == "/staff/login"


async def test_german_pages(h: Harness) -> None:
    async with client_for(h) as c:
        page = await c.get("/staff/login", headers={"accept-language": "de-DE"})
        assert 'lang="de"' in page.text and "Anmelden" in page.text and "Passwort" in page.text


async def test_unknown_address_and_wrong_password_look_the_same(h: Harness) -> None:
    await accounts(h).create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    await accounts(h).create("lee@example.com", name="Lee", role="agent", password=PASSWORD)
    await accounts(h).disable("lee@example.com")
    async with client_for(h) as c:
        answers = []
        for email, password in (
            ("kim@example.com", "wrong password!"),
            ("nobody@example.com", PASSWORD),
            ("lee@example.com", PASSWORD),
        ):
            r = await login(c, email, password)
            answers.append((r.status_code, r.text.replace(email, "EMAIL"), r.headers.keys()))
        assert answers[0] == answers[1] == answers[2]
        assert answers[0][0] == 401
        assert "not correct" in answers[0][1]


async def test_login_is_throttled_with_429(h: Harness) -> None:
    await accounts(h).create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    async with client_for(h) as c:
        for _ in range(5):
            assert (await login(c, "kim@example.com", "wrong password!")).status_code == 401
        r = await login(c, "kim@example.com")
        assert r.status_code == 429 and "Too many failed attempts" in r.text
        assert "inloop_staff=" not in r.headers.get("set-cookie", "")
        h.clock.advance(minutes=2)
        assert (await login(c, "kim@example.com")).status_code == 303


async def test_login_refuses_cross_site_posts_and_missing_csrf(h: Harness) -> None:
    await accounts(h).create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    async with client_for(h) as c:
        r = await login(c, "kim@example.com", **{"sec-fetch-site": "cross-site"})
        assert r.status_code == 403 and "another site" in r.text
        r = await login(c, "kim@example.com", origin="https://evil.example")
        assert r.status_code == 403
        r = await c.post(
            "/staff/login",
            data={"csrf": "0" * 64, "email": "kim@example.com", "password": PASSWORD},
        )
        assert r.status_code == 403 and "expired" in r.text
        c.cookies.clear()
        r = await c.post("/staff/login", data={"email": "kim@example.com", "password": PASSWORD})
        assert r.status_code == 403
        assert (await c.get("/staff/")).status_code == 303
        r = await login(c, "kim@example.com", origin="http://staff.test")
        assert r.status_code == 303


async def test_the_session_is_rotated_on_login(h: Harness) -> None:
    await accounts(h).create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    async with client_for(h) as c:
        await login(c, "kim@example.com")
        first = c.cookies.get("inloop_staff")
        await login(c, "kim@example.com")
        second = c.cookies.get("inloop_staff")
        assert first and second and first != second
        assert (await c.get("/staff/")).status_code == 200
    async with client_for(h) as old:
        old.cookies.set("inloop_staff", first, domain="staff.test", path="/staff")
        assert (await old.get("/staff/")).status_code == 303  # the replaced session ended


async def test_sessions_end_after_idle_and_absolute_timeouts(h: Harness) -> None:
    await accounts(h).create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    async with client_for(h) as c:
        await login(c, "kim@example.com")
        h.clock.advance(minutes=29)
        assert (await c.get("/staff/")).status_code == 200  # activity keeps it alive
        h.clock.advance(minutes=29)
        assert (await c.get("/staff/")).status_code == 200
        h.clock.advance(minutes=31)
        assert (await c.get("/staff/")).status_code == 303  # idle too long
        await login(c, "kim@example.com")
        for _ in range(39):  # active all day (9 h 45 min) ...
            h.clock.advance(minutes=15)
            assert (await c.get("/staff/")).status_code == 200
        h.clock.advance(minutes=16)  # ... but not past the absolute timeout of 10 hours
        assert (await c.get("/staff/")).status_code == 303


async def test_a_disabled_user_loses_the_session_and_cannot_log_in(h: Harness) -> None:
    a = accounts(h)
    await a.create("kim@example.com", name="Kim", role="supervisor", password=PASSWORD)
    async with client_for(h) as c:
        await login(c, "kim@example.com")
        home = await c.get("/staff/")
        assert home.status_code == 200 and "every queue" in home.text
        await a.disable("kim@example.com")
        assert (await c.get("/staff/")).status_code == 303
        assert (await login(c, "kim@example.com")).status_code == 401


async def test_a_password_reset_ends_the_sessions(h: Harness) -> None:
    a = accounts(h)
    await a.create("kim@example.com", name="Kim", role="admin", password=PASSWORD)
    async with client_for(h) as c:
        await login(c, "kim@example.com")
        await a.reset_password("kim@example.com", "another good password")
        assert (await c.get("/staff/")).status_code == 303
        assert (await login(c, "kim@example.com")).status_code == 401
        assert (await login(c, "kim@example.com", "another good password")).status_code == 303


# -- back to the deep link after the login ----------------------------------------------------

OPEN_REDIRECTS = [
    "https://evil.example/staff/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example/staff/",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/staff\\..\\..\\evil.example",
    "/staff/..//evil.example",
    "/staff/../../evil.example",
    "/staff/./tasks",
    "/staff//evil.example",
    "/staff/%2e%2e/%2e%2e/evil.example",
    "/staff/%2F%2Fevil.example",
    "/staff/%2f%2fevil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/staff/%5C%5Cevil.example",
    "/staff/%252F%252Fevil.example",
    "/staff/%25252e%25252e/evil",
    "/staff/%0d%0aLocation:%20https://evil.example",
    "/staff/\r\nLocation: https://evil.example",
    "/staff/%00",
    "/staff/\x00",
    "/staff/\tx",
    "/staff/ x",
    " /staff/",
    "/staff/\u2215\u2215evil.example",
    "/staff/\uff0f\uff0fevil.example",
    "/staff@evil.example",
    "/staffing",
    "/case",
    "/api/v1/cases",
    "staff/tasks",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http:/staff/tasks",
    "https:evil.example",
    "/staff/#@evil.example",
    "/staff/tasks#https://evil.example",
    "/staff/" + "x" * 3000,
    "",
]


async def test_the_login_returns_to_the_deep_link(h: Harness) -> None:
    await accounts(h).create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    async with client_for(h) as c:
        r = await c.get("/staff/tasks/task_abc?lang=de")
        assert r.status_code == 303
        assert r.headers["location"] == "/staff/login?next=%2Fstaff%2Ftasks%2Ftask_abc%3Flang%3Dde"
        page = await c.get(r.headers["location"])
        hidden = '<input type="hidden" name="next" value="/staff/tasks/task_abc?lang=de">'
        assert hidden in page.text
        wrong = await c.post(
            "/staff/login",
            data={
                "csrf": csrf(page.text),
                "email": "kim@example.com",
                "password": "not the password",
                "next": "/staff/tasks/task_abc?lang=de",
            },
        )
        assert wrong.status_code == 401  # the next try still goes back to the task
        assert 'name="next" value="/staff/tasks/task_abc?lang=de"' in wrong.text
        r = await c.post(
            "/staff/login",
            data={
                "csrf": csrf(page.text),
                "email": "kim@example.com",
                "password": PASSWORD,
                "next": "/staff/tasks/task_abc?lang=de",
            },
        )
        assert r.status_code == 303 and r.headers["location"] == "/staff/tasks/task_abc?lang=de"
        assert (await c.get(r.headers["location"])).status_code == 404  # no such task: signed in


async def test_an_unsafe_next_is_ignored(h: Harness) -> None:
    await accounts(h).create("kim@example.com", name="Kim", role="agent", password=PASSWORD)
    async with client_for(h) as c:
        for target in OPEN_REDIRECTS:
            page = await c.get("/staff/login", params={"next": target})
            assert page.status_code == 200, target
            assert 'name="next"' not in page.text, target
            r = await c.post(
                "/staff/login",
                data={
                    "csrf": csrf(page.text),
                    "email": "kim@example.com",
                    "password": PASSWORD,
                    "next": target,
                },
            )
            assert r.status_code == 303 and r.headers["location"] == "/staff/", target
