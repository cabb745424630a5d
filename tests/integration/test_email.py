"""Mail to and from customers, over real SMTP connections (aiosmtpd peers on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import hashlib
import ipaddress
import logging
import os
import re
import signal
import socket
import ssl
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiosmtplib
import httpx
import pytest
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from pydantic import BaseModel, Field

import inloop
from inloop import Settings
from inloop.channels.email import EmailSender, SmtpTransport, email_sender
from inloop.channels.inbound import InboundMail, start_smtp_server, strip_quoted
from inloop.channels.links import LinkInvalid, Links
from inloop.channels.outbox import Dispatcher
from inloop.records import CaseStatus, LinkPurpose
from inloop.testing import Harness
from inloop.web import create_app

BASE = "https://service.example"
TOKEN = re.compile(r"/l/([A-Za-z0-9_-]{43})")
_seen_tokens: set[str] = set()


@pytest.fixture(autouse=True)
def no_token_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test here runs with all log records captured; no link token may be among them."""
    # not ours: the SMTP peers' protocol chatter, and the test's HTTP client (a browser's stand-in)
    caplog.set_level(logging.WARNING, logger="mail.log")
    caplog.set_level(logging.WARNING, logger="httpx")
    caplog.set_level(logging.DEBUG)  # last: it also sets the level of the capturing handler
    _seen_tokens.clear()
    yield
    records = [*caplog.get_records("setup"), *caplog.get_records("call")]
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in records)
    for token in _seen_tokens:
        assert token not in logged, "a link token was logged"


def tokens(text: str) -> list[str]:
    found = TOKEN.findall(text)
    _seen_tokens.update(found)
    return found


class Details(BaseModel):
    iban: str


class Intake(BaseModel):
    text: str = Field(max_length=2000)
    subject: str


def make_app() -> inloop.App:
    a = inloop.App()

    @a.process("intake", input=Intake)
    async def intake(case: inloop.Case) -> None:
        await case.ask(
            Details,
            prompt={"en": "Your <b>IBAN</b>, please", "de": "Ihre <b>IBAN</b>, bitte"},
            deadline=timedelta(days=3),
            reminders=[timedelta(days=1)],
        )
        await case.notify({"en": "Thanks! <script>alert(1)</script>", "de": "Danke!"})

    return a


CUSTOMER = {"email": "anna@example.com", "name": "Anna Muster", "locale": "de"}
INPUT = {"text": "My card is lost", "subject": "Lost card"}


# -- SMTP peers ---------------------------------------------------------------------------------


class Catcher:
    """An SMTP server's handler that keeps what it is sent and answers as told."""

    def __init__(self, *, rcpt: list[str] | None = None, data: list[str] | None = None) -> None:
        self.rcpt_answers = list(rcpt or [])
        self.data_answers = list(data or [])
        self.attempts: list[EmailMessage] = []
        self.delivered: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if self.rcpt_answers:
            return self.rcpt_answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        assert isinstance(raw, bytes)
        msg = email.message_from_bytes(raw, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.attempts.append(msg)
        if self.data_answers:
            return self.data_answers.pop(0)
        self.delivered.append((str(envelope.mail_from), list(envelope.rcpt_tos), msg))
        return "250 OK"


@asynccontextmanager
async def smtp_peer(
    handler: Any, *, ssl_context: ssl.SSLContext | None = None, **kw: Any
) -> AsyncIterator[int]:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="localhost", loop=loop, **kw),
        "127.0.0.1",
        0,
        ssl=ssl_context,
    )
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


def self_signed(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A throwaway certificate for 127.0.0.1: (server context, client context trusting it)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cafile=str(cert_file))
    return server, client


def settings(port: int | None = None, scheme: str = "smtp", query: str = "") -> Settings:
    url = f"{scheme}://127.0.0.1:{port}{query}" if port else ""
    return Settings(
        sqlite_synchronous="NORMAL",
        base_url=BASE,
        smtp_url=url,
        mail_from="Service <service@mail.example>",
    )


def parts(msg: EmailMessage) -> tuple[str, str]:
    plain = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    return str(plain.get_content()), str(html.get_content())


async def event_types(h: Harness, case_id: str) -> list[str]:
    return [e.type for e in await h.events(case_id)]


# -- sending ------------------------------------------------------------------------------------


async def test_a_request_mail_goes_out_over_smtp_in_german(tmp_path: Path) -> None:
    catcher = Catcher()
    async with (
        smtp_peer(catcher) as port,
        Harness(make_app(), tmp_path / "m.db", settings=settings(port)) as h,
    ):
        case_id = await h.start("intake", INPUT, customer=CUSTOMER)
        dispatcher = Dispatcher(h.engine, {"customer": email_sender(h.engine)})
        assert await dispatcher.dispatch_due() == 1
        assert len(catcher.delivered) == 1
        mail_from, rcpts, msg = catcher.delivered[0]
        assert mail_from == "service@mail.example" and rcpts == ["anna@example.com"]
        assert msg["From"] == "Service <service@mail.example>"
        assert msg["To"] == "Anna Muster <anna@example.com>"
        assert msg["Subject"] == "Wir brauchen Ihre Antwort"
        assert msg["Auto-Submitted"] == "auto-generated"
        assert msg["Content-Language"] == "de"
        assert msg["Date"] and re.fullmatch(r"<[0-9a-f]{32}@mail\.example>", msg["Message-ID"])
        assert msg.get_content_type() == "multipart/alternative"
        text, html = parts(msg)
        assert "Guten Tag Anna Muster," in text
        assert "Ihre <b>IBAN</b>, bitte" in text  # plain text is not escaped
        assert "Ihre &lt;b&gt;IBAN&lt;/b&gt;, bitte" in html and "<b>IBAN" not in html
        assert "Bitte antworten Sie bis 8. Januar 2026, 09:00 UTC." in text
        assert "8. Januar 2026, 09:00 UTC" in html
        (token,) = set(tokens(text))
        assert f"{BASE}/l/{token}" in text and f'href="{BASE}/l/{token}"' in html
        link = await Links(h.engine).resolve(token)
        req = await h.open_request(case_id)
        assert req is not None
        assert link.case_id == case_id and link.request_id == req.id
        assert link.purpose is LinkPurpose.REQUEST and link.channel == "email"
        # kept without bodies, for matching replies
        (kept,) = await h.engine.store.mail.recent()
        assert kept.direction == "out" and kept.case_id == case_id
        assert kept.message_id == msg["Message-ID"] and kept.subject == msg["Subject"]
        assert kept.text_body is None and kept.html_body is None
        assert token not in str(kept.headers)
        assert "message.sent" in await event_types(h, case_id)

        # the reminder: English now, threaded under the request mail
        await h.advance(days=1)
        assert await dispatcher.dispatch_due() == 1
        reminder = catcher.delivered[1][2]
        assert reminder["Subject"] == "Erinnerung: Wir warten auf Ihre Antwort"
        assert reminder["In-Reply-To"] == msg["Message-ID"]
        assert reminder["Message-ID"] != msg["Message-ID"]
        rtext, _ = parts(reminder)
        assert "Wir warten noch auf Ihre Antwort." in rtext
        (rtoken,) = set(tokens(rtext))
        assert rtoken != token and (await Links(h.engine).resolve(rtoken)).request_id == req.id


async def test_the_message_id_stays_the_same_when_the_server_asks_to_retry(
    tmp_path: Path,
) -> None:
    catcher = Catcher(data=["451 4.3.0 Try again later"])
    async with (
        smtp_peer(catcher) as port,
        Harness(make_app(), tmp_path / "m.db", settings=settings(port)) as h,
    ):
        case_id = await h.start("intake", INPUT, customer={"email": "bo@example.com"})
        dispatcher = Dispatcher(h.engine, {"customer": email_sender(h.engine)})
        await dispatcher.dispatch_due()
        assert catcher.delivered == [] and len(catcher.attempts) == 1
        assert "message.sent" not in await event_types(h, case_id)
        h.clock.advance(seconds=10)
        assert await dispatcher.dispatch_due() == 1
        first, second = catcher.attempts
        assert first["Message-ID"] == second["Message-ID"]
        assert first["Subject"] == "We need your answer"  # English by default
        sent = [e for e in await h.events(case_id) if e.type == "message.sent"]
        assert sent[0].payload["attempts"] == 2
        # each attempt carried its own link; both open the request
        for attempt in (first, second):
            (token,) = set(tokens(parts(attempt)[0]))
            await Links(h.engine).resolve(token)
        assert len(await h.engine.store.mail.recent()) == 1


async def test_a_refused_recipient_fails_for_good(tmp_path: Path) -> None:
    catcher = Catcher(rcpt=["550 5.1.1 <bo@example.com>: no such user"])
    async with (
        smtp_peer(catcher) as port,
        Harness(make_app(), tmp_path / "m.db", settings=settings(port)) as h,
    ):
        case_id = await h.start("intake", INPUT, customer={"email": "bo@example.com"})
        dispatcher = Dispatcher(h.engine, {"customer": email_sender(h.engine)})
        await dispatcher.dispatch_due()
        h.clock.advance(hours=2)
        assert await dispatcher.dispatch_due() == 0
        (failed,) = [e for e in await h.events(case_id) if e.type == "message.failed"]
        assert failed.payload["error"] == "the mail server refused the recipient (550)"
        assert "bo@example.com" not in failed.payload["error"]
        assert await h.engine.store.mail.recent() == []


async def test_a_customer_without_email_fails_for_good_and_an_unreachable_server_retries(
    tmp_path: Path,
) -> None:
    async with smtp_peer(Catcher()) as port:
        pass  # the port is free again: nobody listens
    async with Harness(make_app(), tmp_path / "m.db", settings=settings(port)) as h:
        no_mail = await h.start("intake", INPUT)
        unreachable = await h.start("intake", INPUT, customer={"email": "cy@example.com"})
        dispatcher = Dispatcher(h.engine, {"customer": email_sender(h.engine)})
        assert await dispatcher.dispatch_due() == 2
        failed = [e for e in await h.events(no_mail) if e.type == "message.failed"]
        assert failed[0].payload["error"] == "the customer has no email address"
        assert not [e for e in await h.events(unreachable) if e.type.startswith("message.")]
        (row,) = [o for o in await h.engine.store.list_outbox(case_id=unreachable)]
        assert row.status == "pending"


async def test_no_mail_for_a_request_that_closed_before_its_turn(tmp_path: Path) -> None:
    catcher = Catcher()
    async with (
        smtp_peer(catcher) as port,
        Harness(make_app(), tmp_path / "m.db", settings=settings(port)) as h,
    ):
        case_id = await h.start("intake", INPUT, customer={"email": "bo@example.com"})
        await h.answer(case_id, {"iban": "DE02120300000000202051"})
        dispatcher = Dispatcher(h.engine, {"customer": email_sender(h.engine)})
        assert await dispatcher.dispatch_due() == 2  # the request and the notification
        assert [m["Subject"] for m in (d[2] for d in catcher.delivered)] == [
            "News about your request"
        ]
        text, html = parts(catcher.delivered[0][2])
        assert "Thanks! <script>alert(1)</script>" in text
        assert "&lt;script&gt;" in html and "<script" not in html
        (token,) = set(tokens(text))
        link = await Links(h.engine).resolve(token)
        assert link.purpose is LinkPurpose.STATUS and link.case_id == case_id


@pytest.mark.parametrize("mode", ["starttls", "smtps"])
async def test_tls_and_login(tmp_path: Path, mode: str) -> None:
    server_ctx, client_ctx = self_signed(tmp_path)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        ok = (data.login, data.password) == (b"mailer", b"s3cret/:@")
        return AuthResult(success=ok, handled=False)

    catcher = Catcher()
    if mode == "starttls":
        peer = smtp_peer(
            catcher,
            tls_context=server_ctx,
            require_starttls=True,
            authenticator=authenticator,
            auth_required=True,
        )
    else:
        # TLS from the start: aiosmtpd cannot tell, so it must not insist on STARTTLS for AUTH
        peer = smtp_peer(
            catcher, ssl_context=server_ctx, authenticator=authenticator, auth_require_tls=False
        )
    async with peer as port:
        scheme, query = ("smtp", "?starttls=true") if mode == "starttls" else ("smtps", "")
        url = f"{scheme}://mailer:s3cret%2F%3A%40@127.0.0.1:{port}{query}"
        async with Harness(make_app(), tmp_path / "m.db", settings=settings()) as h:
            transport = SmtpTransport.from_url(h.engine, url, tls_context=client_ctx)
            assert transport.use_tls is (mode == "smtps")
            dispatcher = Dispatcher(h.engine, {"customer": EmailSender(h.engine, transport)})
            await h.start("intake", INPUT, customer={"email": "bo@example.com"})
            assert await dispatcher.dispatch_due() == 1
            assert len(catcher.delivered) == 1
            assert logins == [(b"mailer", b"s3cret/:@")]
            tokens(parts(catcher.delivered[0][2])[0])


async def test_a_failed_login_is_retried(tmp_path: Path) -> None:
    server_ctx, client_ctx = self_signed(tmp_path)

    def refuse(*args: Any) -> AuthResult:
        return AuthResult(success=False, handled=False)

    catcher = Catcher()
    peer = smtp_peer(catcher, tls_context=server_ctx, authenticator=refuse, auth_required=True)
    async with peer as port:
        url = f"smtp://mailer:wrong@127.0.0.1:{port}?starttls=true"
        async with Harness(make_app(), tmp_path / "m.db", settings=settings()) as h:
            transport = SmtpTransport.from_url(h.engine, url, tls_context=client_ctx)
            dispatcher = Dispatcher(h.engine, {"customer": EmailSender(h.engine, transport)})
            case_id = await h.start("intake", INPUT, customer={"email": "bo@example.com"})
            await dispatcher.dispatch_due()
            assert catcher.delivered == []
            (row,) = await h.engine.store.list_outbox(case_id=case_id)
            assert row.status == "pending"


# -- the local mailbox --------------------------------------------------------------------------


async def get(h: Harness, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=create_app(h.engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://inloop.test") as c:
        return await c.get(path)


async def test_without_smtp_the_mailbox_keeps_the_mail_and_shows_it_escaped(
    tmp_path: Path,
) -> None:
    async with Harness(make_app(), tmp_path / "m.db", settings=settings()) as h:
        case_id = await h.start(
            "intake", INPUT, customer={"email": "eve@example.com", "name": "<img src=x>"}
        )
        dispatcher = Dispatcher(h.engine, {"customer": email_sender(h.engine)})
        await dispatcher.dispatch_due()
        await h.answer(case_id, {"iban": "DE02120300000000202051"})
        await dispatcher.dispatch_due()
        notice, request_mail = await h.engine.store.mail.recent()
        assert request_mail.text_body is not None and request_mail.html_body is not None
        (token,) = set(tokens(request_mail.text_body))
        with pytest.raises(LinkInvalid):  # its request is answered: the link is spent
            await Links(h.engine).resolve(token)

        index = await get(h, "/mailbox")
        assert index.status_code == 200
        assert index.headers["cache-control"] == "no-store"
        assert index.headers["referrer-policy"] == "no-referrer"
        assert index.text.index("News about your request") < index.text.index(
            "We need your answer"
        )  # newest first
        assert "to eve@example.com" in index.text

        page = await get(h, f"/mailbox/{notice.id}")
        assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
        assert "<script" not in page.text.lower() and "<img" not in page.text.lower()
        assert "&lt;script&gt;" in page.text  # the text part, escaped
        assert "<iframe" in page.text and "sandbox=" in page.text and "srcdoc=" in page.text
        (status_token,) = set(tokens(notice.text_body or ""))
        assert f"<a href='{BASE}/l/{status_token}'" in page.text  # clickable
        assert (await Links(h.engine).resolve(status_token)).case_id == case_id

        page = await get(h, f"/mailbox/{request_mail.id}")
        assert f"{BASE}/l/{token}" in page.text
        # the status link opens the portal; the spent request link and a forged one do not
        opened = await get(h, f"/l/{status_token}")
        assert opened.status_code in (200, 303), opened.status_code
        assert (await get(h, f"/l/{token}")).status_code == 404
        forged = status_token[:-1] + ("A" if status_token[-1] != "A" else "B")
        assert (await get(h, f"/l/{forged}")).status_code >= 400
        assert (await get(h, "/mailbox/999")).status_code == 404


async def test_with_smtp_there_is_no_mailbox(tmp_path: Path) -> None:
    async with Harness(make_app(), tmp_path / "m.db", settings=settings(2525)) as h:
        assert (await get(h, "/mailbox")).status_code == 404


# -- receiving ----------------------------------------------------------------------------------


@asynccontextmanager
async def inbound_server(h: Harness) -> AsyncIterator[int]:
    server = await start_smtp_server(h.engine, host="127.0.0.1", port=0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


def customer_mail(
    *,
    subject: str = "Question",
    text: str = "Hello",
    html: str | None = None,
    message_id: str | None = None,
    in_reply_to: str | None = None,
    sender: str = "Anna <anna@example.com>",
    language: str | None = None,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "service@mail.example"
    msg["Subject"] = subject
    msg["Message-ID"] = (
        message_id or f"<{hashlib.sha256(text.encode()).hexdigest()[:20]}@mua.example>"
    )
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    if language:
        msg["Content-Language"] = language
    return msg


async def send_in(port: int, msg: EmailMessage | bytes, sender: str = "anna@example.com") -> None:
    await aiosmtplib.send(
        msg,
        sender=sender,
        recipients=["service@mail.example"],
        hostname="127.0.0.1",
        port=port,
        start_tls=False,
    )


async def mailed(h: Harness, case_id: str) -> str:
    """Send the case's mails to the mailbox; the Message-ID of the newest."""
    await Dispatcher(h.engine, {"customer": email_sender(h.engine)}).dispatch_due()
    mine = [m for m in await h.engine.store.mail.recent() if m.case_id == case_id]
    tokens(mine[0].text_body or "")
    return mine[0].message_id


async def test_a_reply_becomes_an_event_of_its_case(tmp_path: Path) -> None:
    async with Harness(make_app(), tmp_path / "m.db", settings=settings()) as h:
        case_id = await h.start("intake", INPUT, customer=CUSTOMER)
        other = await h.start("intake", INPUT, customer={"email": "bo@example.com"})
        await mailed(h, other)
        ours = await mailed(h, case_id)
        async with inbound_server(h) as port:
            reply = customer_mail(
                subject="Re: Wir brauchen Ihre Antwort",
                text="Which IBAN do you mean?\n\nAm 5. Januar schrieb Service:\n> Ihre IBAN\n",
                in_reply_to=ours,
                message_id="<reply-1@mua.example>",
            )
            await send_in(port, reply)
            await send_in(port, reply)  # delivered twice: recorded once
        received = [e for e in await h.events(case_id) if e.type == "message.received"]
        assert len(received) == 1
        assert received[0].actor == "customer"
        assert received[0].payload == {
            "message_id": "<reply-1@mua.example>",
            "subject": "Re: Wir brauchen Ihre Antwort",
            "text": "Which IBAN do you mean?",
        }
        seqs = [e.seq for e in await h.events(case_id)]
        assert seqs == list(range(1, len(seqs) + 1))
        assert "message.received" not in await event_types(h, other)
        kept = [m for m in await h.engine.store.mail.recent() if m.direction == "in"]
        assert len(kept) == 1 and kept[0].case_id == case_id
        assert len(await h.engine.store.list_cases()) == 2  # no new case


async def test_a_fresh_mail_starts_a_case_once(tmp_path: Path) -> None:
    async with Harness(make_app(), tmp_path / "m.db", settings=settings()) as h:
        async with inbound_server(h) as port:
            mail = customer_mail(
                subject="Karte verloren",
                text="Ich habe meine Karte verloren.",
                sender="Anna Muster <anna@example.com>",
                language="de-DE",
                message_id="<fresh-1@mua.example>",
            )
            await send_in(port, mail)
            await send_in(port, mail)
        (case,) = await h.engine.store.list_cases()
        assert case.process == "intake"
        assert case.input == {"text": "Ich habe meine Karte verloren.", "subject": "Karte verloren"}
        assert case.customer.email == "anna@example.com"
        assert case.customer.locale == "de" and case.customer.name == "Anna Muster"
        assert next(e.actor for e in await h.events(case.id)) == "customer"
        await h.run_until_idle()
        assert (await h.case(case.id)).status is CaseStatus.WAITING_CUSTOMER


async def test_a_forged_reply_starts_a_new_case_instead_of_touching_another(
    tmp_path: Path,
) -> None:
    async with Harness(make_app(), tmp_path / "m.db", settings=settings()) as h:
        victim = await h.start("intake", INPUT, customer=CUSTOMER)
        real = await mailed(h, victim)
        req = await h.open_request(victim)
        assert req is not None
        naive = hashlib.sha256(f"{req.id}:sent".encode()).hexdigest()[:32]
        forged = f"<{naive}@mail.example> <{victim}@mail.example> <{req.id}@mail.example>"
        async with inbound_server(h) as port:
            mail = customer_mail(text="Send the money to me", message_id="<forged@evil.example>")
            mail["In-Reply-To"] = f"<{victim}@mail.example>"
            mail["References"] = forged
            await send_in(port, mail, sender="mallory@evil.example")
        assert real not in forged
        assert "message.received" not in await event_types(h, victim)
        cases = await h.engine.store.list_cases()
        assert len(cases) == 2
        new = next(c for c in cases if c.id != victim)
        assert new.customer.email == "anna@example.com"  # the From header
        assert new.input["text"] == "Send the money to me"


async def test_mail_the_intake_process_refuses_gets_550(tmp_path: Path) -> None:
    async with Harness(make_app(), tmp_path / "m.db", settings=settings()) as h:
        async with inbound_server(h) as port:
            with pytest.raises(aiosmtplib.SMTPDataError) as info:
                await send_in(port, customer_mail(text="x" * 3000))
            assert info.value.code == 550
            assert "cannot start a request" in info.value.message
            assert "text" in info.value.message
            # garbage that is not UTF-8 is refused politely, and the server goes on
            garbage = (
                b"From: a@example.com\r\nSubject: \xff\xfe\r\n"
                b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + b"\xff\xfe\xfd\xfc" * 50
            )
            with pytest.raises(aiosmtplib.SMTPDataError) as info:
                await send_in(port, garbage)
            assert info.value.code == 550
            await send_in(port, customer_mail(text="Still here?"))
        (case,) = await h.engine.store.list_cases()
        assert case.input["text"] == "Still here?"


async def test_automatic_mail_starts_no_case(tmp_path: Path) -> None:
    async with Harness(make_app(), tmp_path / "m.db", settings=settings()) as h:
        async with inbound_server(h) as port:
            auto = customer_mail(text="I am on holiday")
            auto["Auto-Submitted"] = "auto-replied"
            await send_in(port, auto)
            await send_in(port, customer_mail(text="Undeliverable"), sender="")
        assert await h.engine.store.list_cases() == []


async def test_inbound_html_and_script_are_escaped_in_the_mailbox(tmp_path: Path) -> None:
    async with Harness(make_app(), tmp_path / "m.db", settings=settings()) as h:
        async with inbound_server(h) as port:
            await send_in(
                port,
                customer_mail(
                    subject="<script>alert('s')</script>",
                    text="<script>alert('t')</script> hello",
                    html="<p>hi</p><script>alert('h')</script><img src=x onerror=alert(1)>",
                ),
            )
        (mail,) = await h.engine.store.mail.recent()
        index = await get(h, "/mailbox")
        page = await get(h, f"/mailbox/{mail.id}")
        for response in (index, page):
            assert "<script" not in response.text.lower()
            assert "&lt;script&gt;" in response.text
        assert "<img" not in page.text.lower()
        (case,) = await h.engine.store.list_cases()
        assert case.input["subject"] == "<script>alert('s')</script>"


def test_quoted_lines_are_stripped_from_replies() -> None:
    assert strip_quoted("Yes.\n\nOn Mon, 5 Jan 2026, Service wrote:\n> Question?\n") == "Yes."
    assert strip_quoted("Ja.\n> Frage?\nDanke\n-- \nAnna") == "Ja.\nDanke"
    assert strip_quoted("A\n-----Original Message-----\nFrom: x") == "A"


async def test_an_unknown_intake_process_is_a_config_error(tmp_path: Path) -> None:
    async with Harness(make_app(), tmp_path / "m.db", settings=settings()) as h:
        with pytest.raises(inloop.InloopError) as info:
            InboundMail(h.engine, process="nope")
        assert info.value.code == "config_invalid"


# -- the command --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_inloop_smtpd_turns_mail_into_cases(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    port = _free_port()
    env = {**os.environ, "INLOOP_LOG_LEVEL": "WARNING", "INLOOP_DATABASE_URL": url}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "inloop.cli.main",
        "smtpd",
        "--port",
        str(port),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), 60)
        assert f"inloop smtpd on 127.0.0.1:{port}" in line.decode()
        assert "new cases: address_change" in line.decode()
        await send_in(port, customer_mail(text="I moved to Berlin", message_id="<cli@mua>"))
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()
    from inloop.examples import app as example_app

    async with Harness(example_app, tmp_path / "cli.db") as h:
        (case,) = await h.engine.store.list_cases()
        assert case.input["text"] == "I moved to Berlin"
        assert case.customer.email == "anna@example.com"


async def test_inloop_smtpd_with_an_unknown_intake_process_is_one_error_line(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "INLOOP_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "INLOOP_INTAKE_PROCESS": "no_such_process",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "inloop.cli.main",
        "smtpd",
        "--port",
        str(_free_port()),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith("[config_invalid]"), lines
    assert "no_such_process" in lines[0]


def test_every_text_of_the_mail_templates_is_in_german() -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    src = Path(inloop.__file__).parent
    found = {
        message
        for *_, message, _comments, _context in extract_from_dir(
            str(src / "channels"),
            [("**/templates/mail/**", "jinja2"), ("email.py", "python")],
            keywords={"_": None, "N_": None},
            options_map={"**/templates/mail/**": {"extensions": "jinja2.ext.i18n"}},
        )
        if isinstance(message, str) and message
    }
    assert {"News about your request", "Answer here:", "We have a question for you."} <= found
    with (src / "locale" / "de" / "LC_MESSAGES" / "inloop.po").open("rb") as f:
        catalog = read_po(f, locale="de")
    assert sorted(m for m in found if m not in catalog or not catalog[m].string) == []


async def test_a_passed_deadline_is_told_to_the_customer(tmp_path: Path) -> None:
    from datetime import timedelta

    import inloop

    app = inloop.App()

    @app.process("p")
    async def p(case: inloop.Case) -> None:
        await case.confirm("Shall we?", deadline=timedelta(days=1), on_timeout=inloop.Escalate())

    async with Harness(app, tmp_path / "d.db", settings=settings()) as h:
        case_id = await h.start("p", customer={"email": "ana@example.com", "locale": "de"})
        dispatcher = Dispatcher(h.engine, {"customer": email_sender(h.engine)})
        await dispatcher.dispatch_due()
        await h.advance(days=1)
        await dispatcher.dispatch_due()
        notice, _request_mail = await h.engine.store.mail.recent()
        assert notice.case_id == case_id
        assert "Jemand aus unserem Team" in (notice.text_body or "")
        assert [o.kind for o in await h.engine.store.list_outbox(case_id=case_id)] == [
            "request",
            "deadline",
        ]
