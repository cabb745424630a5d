"""Mail to the customer: the outbox sender of the ``customer`` channel.

:class:`EmailSender` turns an outbox row into a multipart mail (plain text and HTML, from the
Jinja templates in ``inloop/channels/templates/mail/``, in the customer's language) and hands it
to a transport:

- :class:`SmtpTransport` sends it over SMTP (``INLOOP_SMTP_URL``, with STARTTLS or TLS and
  login) and keeps its headers in the ``mails`` table, without the bodies, so that a reply can
  be matched to its case;
- :class:`MailboxTransport` (no SMTP server configured) keeps the whole mail in the ``mails``
  table, where the local mailbox page (``/mailbox``) shows it.

What each outbox kind sends:

- ``request`` and ``reminder``: the request's prompt, its deadline and a fresh link to answer it
  (one link per attempt: a token exists in clear only inside the mail). A request that is no
  longer open when its turn comes (answered, expired, cancelled) is not mailed: there is nothing
  left to ask, and the row counts as delivered.
- ``notification``: the message of ``case.notify`` and a link to the case's status page.
- ``deadline``: the customer did not answer in time; says what happens now (a person takes over,
  the usual choice was made, or the request was closed) with a link to the status page.

The Message-ID is derived from the row's idempotency key with a secret kept in the database, so
it is the same on every retry (a receiving server can drop a repeat) and cannot be guessed from a
case or request id (a reply is matched to its case by the Message-ID it answers).

Tokens and Message-IDs are never logged.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import secrets
import ssl
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import cache
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib
from jinja2 import Environment, PackageLoader, select_autoescape

from inloop.channels.i18n import format_time, gettext_for, normalize, pick, translations
from inloop.channels.links import Links
from inloop.channels.outbox import DeliveryError
from inloop.engine.engine import Engine
from inloop.errors import ConfigError
from inloop.records import CaseRecord, OutboxRecord, RequestStatus

log = logging.getLogger("inloop.email")

_META_KEY = "mail_message_id_key"


def N_(message: str) -> str:
    """Marks a message for the catalogues; translated where it is used."""
    return message


_INTROS = {
    "ask": N_("We need a few details from you."),
    "confirm": N_("Please confirm our proposal."),
    "choose": N_("Please choose one of the options."),
    "review": N_("Please review our draft."),
    "upload": N_("Please send us the documents we need."),
}
_DEFAULT_INTRO = N_("We have a question for you.")
_RECORDED_HEADERS = (
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Content-Language",
)

_DEADLINE_NOTICES = {
    "escalate": N_(
        "We did not hear from you in time, so a member of our team will take care of your request."
    ),
    "default": N_("We did not hear from you in time, so we continued with the usual choice."),
    "cancel": N_(
        "We did not hear from you in time, so we closed your request. You can contact us again "
        "at any time."
    ),
}


# -- rendering ----------------------------------------------------------------------------------


@cache
def _environment(lang: str) -> Environment:
    env = Environment(
        loader=PackageLoader("inloop.channels", "templates/mail"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def render(template: str, lang: str, **context: Any) -> tuple[str, str, str]:
    """Subject, plain text and HTML of ``template`` (``request`` or ``notification``) in
    ``lang``."""
    env = _environment(normalize(lang))
    subject = " ".join(env.get_template(f"{template}.subject.txt").render(**context).split())
    context = {"lang": normalize(lang), "subject": subject, **context}
    text = env.get_template(f"{template}.txt").render(**context)
    html = env.get_template(f"{template}.html").render(**context)
    return subject, text, html


# -- what a transport gets ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class OutgoingMail:
    message: EmailMessage
    message_id: str
    sender: str
    """The envelope sender (the address of ``INLOOP_MAIL_FROM``)."""
    recipient: str
    subject: str
    text: str
    html: str
    case_id: str | None
    outbox_id: int | None

    def headers(self) -> dict[str, str]:
        """The headers kept with the mail (never the bodies: they hold the link)."""
        return {h: str(self.message[h]) for h in _RECORDED_HEADERS if self.message[h] is not None}


class MailTransport(Protocol):
    async def deliver(self, mail: OutgoingMail) -> None:
        """Send or keep ``mail``, or raise :class:`DeliveryError`."""
        ...


class MailboxTransport:
    """Keeps every mail, bodies included, in the ``mails`` table for the local mailbox page. For
    trying inloop out: the kept bodies hold live links."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def deliver(self, mail: OutgoingMail) -> None:
        await self.engine.store.mail.record(
            direction="out",
            message_id=mail.message_id,
            sender=mail.sender,
            recipient=mail.recipient,
            subject=mail.subject,
            headers=mail.headers(),
            at=self.engine.clock.now(),
            case_id=mail.case_id,
            outbox_id=mail.outbox_id,
            text_body=mail.text,
            html_body=mail.html,
        )


class SmtpTransport:
    """Sends over SMTP with aiosmtplib, one connection per mail, at most ``concurrency`` at a
    time. 4xx answers and connection failures are retried; a recipient or message refused with
    5xx is a permanent failure."""

    def __init__(
        self,
        engine: Engine,
        *,
        hostname: str,
        port: int,
        use_tls: bool = False,
        start_tls: bool | None = None,
        username: str | None = None,
        password: str | None = None,
        tls_context: ssl.SSLContext | None = None,
        timeout: float = 30.0,
        concurrency: int = 4,
    ) -> None:
        self.engine = engine
        self.hostname = hostname
        self.port = port
        self.use_tls = use_tls
        self.start_tls = start_tls
        self.username = username
        self.password = password
        self.tls_context = tls_context
        self.timeout = timeout
        self._slots = asyncio.Semaphore(concurrency)

    @classmethod
    def from_url(
        cls, engine: Engine, url: str, *, tls_context: ssl.SSLContext | None = None
    ) -> SmtpTransport:
        """``smtp://[user:password@]host[:port][?starttls=true|false]`` (port 25; without
        ``starttls``, STARTTLS is used when the server offers it) or
        ``smtps://[user:password@]host[:port]`` (TLS from the start, port 465)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise ConfigError(
                "INLOOP_SMTP_URL is not a valid URL", setting="INLOOP_SMTP_URL"
            ) from None
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ConfigError(
                "INLOOP_SMTP_URL must look like smtp://user:password@host:587?starttls=true",
                setting="INLOOP_SMTP_URL",
            )
        query = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
        starttls: bool | None = None
        if "starttls" in query:
            if query["starttls"] not in ("true", "false", "1", "0", "yes", "no"):
                raise ConfigError(
                    "INLOOP_SMTP_URL: starttls must be true or false", setting="INLOOP_SMTP_URL"
                )
            starttls = query["starttls"] in ("true", "1", "yes")
        use_tls = parts.scheme == "smtps"
        if use_tls and starttls:
            raise ConfigError(
                "INLOOP_SMTP_URL: smtps:// is TLS from the start; starttls does not apply",
                setting="INLOOP_SMTP_URL",
            )
        return cls(
            engine,
            hostname=parts.hostname,
            port=port or (465 if use_tls else 25),
            use_tls=use_tls,
            start_tls=False if use_tls else starttls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            tls_context=tls_context,
        )

    async def deliver(self, mail: OutgoingMail) -> None:
        async with self._slots:
            await self._send(mail)
        await self.engine.store.mail.record(
            direction="out",
            message_id=mail.message_id,
            sender=mail.sender,
            recipient=mail.recipient,
            subject=mail.subject,
            headers=mail.headers(),
            at=self.engine.clock.now(),
            case_id=mail.case_id,
            outbox_id=mail.outbox_id,
        )

    async def _send(self, mail: OutgoingMail) -> None:
        # Error texts name codes only: a server's message can quote the recipient's address.
        try:
            await aiosmtplib.send(
                mail.message,
                sender=mail.sender,
                recipients=[mail.recipient],
                hostname=self.hostname,
                port=self.port,
                username=self.username,
                password=self.password,
                use_tls=self.use_tls,
                start_tls=self.start_tls,
                tls_context=self.tls_context,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = sorted({e.code for e in exc.recipients})
            raise DeliveryError(
                f"the mail server refused the recipient ({', '.join(map(str, codes))})",
                retryable=not all(500 <= c < 600 for c in codes),
            ) from None
        except aiosmtplib.SMTPRecipientRefused as exc:
            raise DeliveryError(
                f"the mail server refused the recipient ({exc.code})",
                retryable=not 500 <= exc.code < 600,
            ) from None
        except aiosmtplib.SMTPDataError as exc:
            raise DeliveryError(
                f"the mail server refused the message ({exc.code})",
                retryable=not 500 <= exc.code < 600,
            ) from None
        except aiosmtplib.SMTPResponseException as exc:
            # a refused sender, a failed login, a busy server: a matter of our configuration or
            # of time, not of this message
            raise DeliveryError(f"the mail server answered {exc.code}") from None
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise DeliveryError(
                f"cannot deliver to the mail server {self.hostname}:{self.port} "
                f"({type(exc).__name__})"
            ) from None


# -- the sender ---------------------------------------------------------------------------------


def mail_domain(mail_from: str) -> str:
    """The domain of the sender address, for Message-IDs (``localhost`` if it has none)."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2].strip().lower()
    return domain if re.fullmatch(r"[a-z0-9.-]{1,200}", domain) else "localhost"


def _display_name(name: str | None) -> str:
    return " ".join("".join(c for c in (name or "") if c.isprintable()).split())[:100]


class EmailSender:
    """The outbox :class:`~inloop.channels.outbox.Sender` of the ``customer`` channel."""

    def __init__(self, engine: Engine, transport: MailTransport) -> None:
        self.engine = engine
        self.transport = transport
        self.links = Links(engine)
        self.from_header = engine.settings.mail_from
        self.from_address = parseaddr(self.from_header)[1]
        if "@" not in self.from_address:
            raise ConfigError(
                f"INLOOP_MAIL_FROM={self.from_header!r} has no mail address",
                setting="INLOOP_MAIL_FROM",
            )
        self.domain = mail_domain(self.from_header)
        self._key: bytes | None = None

    async def message_id(self, idempotency_key: str) -> str:
        """The Message-ID of the mail of an outbox row: the same on every attempt."""
        if self._key is None:
            secret = await self.engine.store.meta.get_or_create(
                _META_KEY, lambda: secrets.token_hex(32)
            )
            self._key = secret.encode()
        digest = hmac.new(self._key, idempotency_key.encode(), hashlib.sha256).hexdigest()
        return f"<{digest[:32]}@{self.domain}>"

    async def send(self, item: OutboxRecord) -> None:
        mail = await self.compose(item)
        if mail is not None:
            await self.transport.deliver(mail)

    async def compose(self, item: OutboxRecord) -> OutgoingMail | None:
        """The mail for an outbox row; ``None`` when there is nothing to send."""
        case_id = item.case_id or item.payload.get("case_id")
        case = await self.engine.store.get_case(case_id) if case_id else None
        if case is None:
            raise DeliveryError("the message belongs to no case", retryable=False)
        if not case.customer.email:
            raise DeliveryError("the customer has no email address", retryable=False)
        lang = normalize(case.customer.locale or item.payload.get("locale"))
        base = self.engine.settings.base_url.rstrip("/")
        context: dict[str, Any] = {"name": _display_name(case.customer.name) or None}
        references: str | None = None
        if item.kind in ("request", "reminder"):
            request = await self.engine.store.get_request(str(item.payload.get("request_id")))
            if request is None or request.case_id != case.id:
                raise DeliveryError("the message names an unknown request", retryable=False)
            if request.status is not RequestStatus.OPEN:
                log.info(
                    "outbox %s: request %s is %s; no mail sent",
                    item.id,
                    request.id,
                    request.status.value,
                )
                return None
            token = await self.links.issue(case_id=case.id, request_id=request.id, channel="email")
            context.update(
                intro=gettext_for(lang, _INTROS.get(request.kind.value, _DEFAULT_INTRO)),
                reminder=item.kind == "reminder",
                prompt=pick(request.spec.get("prompt"), lang),
                deadline=format_time(request.deadline, lang, self.engine.settings.timezone),
                link=f"{base}/l/{token}",
            )
            template = "request"
            if item.kind == "reminder":
                references = await self.message_id(f"{request.id}:sent")
        elif item.kind == "notification":
            message = item.payload.get("message")
            token = await self.links.issue(case_id=case.id, channel="email")
            context.update(
                message=pick(message if isinstance(message, dict) else None, lang) or "",
                link=f"{base}/l/{token}",
            )
            template = "notification"
        elif item.kind == "deadline":
            notice = _DEADLINE_NOTICES.get(str(item.payload.get("action")))
            if notice is None:
                raise DeliveryError("unknown deadline action", retryable=False)
            token = await self.links.issue(case_id=case.id, channel="email")
            context.update(message=gettext_for(lang, notice), link=f"{base}/l/{token}")
            template = "notification"
        else:
            raise DeliveryError(f"cannot send a {item.kind!r} by email", retryable=False)
        subject, text, html = render(template, lang, **context)
        return await self._message(item, case, lang, subject, text, html, references)

    async def _message(
        self,
        item: OutboxRecord,
        case: CaseRecord,
        lang: str,
        subject: str,
        text: str,
        html: str,
        references: str | None,
    ) -> OutgoingMail:
        message_id = await self.message_id(item.idempotency_key)
        msg = EmailMessage()
        try:
            recipient = Address(
                display_name=_display_name(case.customer.name),
                addr_spec=str(case.customer.email).strip(),
            )
            msg["To"] = recipient
        except (ValueError, IndexError, HeaderParseError):
            raise DeliveryError(
                "the customer's email address is not valid", retryable=False
            ) from None
        if not recipient.username or not recipient.domain:
            raise DeliveryError("the customer's email address is not valid", retryable=False)
        msg["From"] = self.from_header
        msg["Subject"] = subject
        msg["Date"] = format_datetime(self.engine.clock.now())
        msg["Message-ID"] = message_id
        if references is not None:
            msg["In-Reply-To"] = references
            msg["References"] = references
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Auto-Response-Suppress"] = "All"
        msg.set_content(text)
        msg.add_alternative(html, subtype="html")
        msg["Content-Language"] = lang  # after the bodies: set_content drops Content-* headers
        return OutgoingMail(
            message=msg,
            message_id=message_id,
            sender=self.from_address,
            recipient=recipient.addr_spec,
            subject=subject,
            text=text,
            html=html,
            case_id=case.id,
            outbox_id=item.id,
        )


def email_sender(engine: Engine, *, tls_context: ssl.SSLContext | None = None) -> EmailSender:
    """The sender for the settings: SMTP when ``INLOOP_SMTP_URL`` is set, else the local
    mailbox."""
    url = engine.settings.smtp_url
    transport: MailTransport = (
        SmtpTransport.from_url(engine, url, tls_context=tls_context)
        if url
        else MailboxTransport(engine)
    )
    return EmailSender(engine, transport)
