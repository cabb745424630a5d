"""Mail from customers: replies become ``message.received`` events, other mail starts cases.

:class:`InboundMail` reads one received mail:

- A **reply**: its ``In-Reply-To`` or ``References`` header names the Message-ID of a mail that
  inloop sent (looked up in the ``mails`` table). The reply is kept and ``message.received`` is
  appended to that mail's case, in one transaction. Only Message-IDs inloop generated match, and
  those are derived with a secret (see :mod:`inloop.channels.email`): a case or request id in a
  header, a subject line or an address never matches anything.
- **Anything else** starts a case of the intake process (``INLOOP_INTAKE_PROCESS``, else the
  first registered process) with the input ``{"text": ..., "subject": ...}`` and the sender as
  the customer. The start key is ``mail:<Message-ID>``, so a mail delivered twice starts one
  case. If the process's input model refuses the mail, the SMTP answer is 550 with the reason.
- Automatic mail (bounces, out-of-office notices: an empty envelope sender or an
  ``Auto-Submitted`` header) that answers nothing inloop sent is accepted and dropped, so two
  robots cannot start cases for each other.

:func:`start_smtp_server` serves this over SMTP with aiosmtpd on the running event loop (the
``inloop smtpd`` command). Mail contents and addresses are never logged.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import socket
import unicodedata
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from html.parser import HTMLParser
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from inloop.channels.email import mail_domain
from inloop.channels.i18n import normalize
from inloop.engine.engine import Engine
from inloop.errors import ConfigError, InvalidPayload

log = logging.getLogger("inloop.inbound")

MAX_TEXT_CHARS = 10_000
"""The most text of a mail that goes into a case's input or a ``message.received`` event."""
MAX_SUBJECT_CHARS = 300
MAX_HTML_CHARS = 200_000
_MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")
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
_QUOTE_HEADER = re.compile(
    r"^(on\b.*\bwrote:|am\b.*\bschrieb\b.*:|-{2,}\s*(original message|ursprüngliche nachricht)"
    r"\s*-{2,}|_{10,}|-- ?)$",
    re.IGNORECASE,
)


class MailRejected(Exception):
    """The mail is refused; ``reply`` is the SMTP answer (``550 5.6.0 ...``)."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


@dataclass(frozen=True, kw_only=True, slots=True)
class Received:
    outcome: str
    """``reply`` (recorded on its case), ``case`` (started a case), ``duplicate`` (received
    before; nothing changed) or ``ignored`` (automatic mail that answers nothing we sent)."""
    case_id: str | None


# -- reading a mail -----------------------------------------------------------------------------


def clean(text: str, *, multiline: bool = True) -> str:
    """``text`` as valid UTF-8 without control characters (undecodable bytes become U+FFFD)."""
    try:
        data = text.encode("utf-8", "surrogateescape")  # undecoded bytes of the parser
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    text = data.decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    keep = "\n\t" if multiline else ""
    text = "".join(
        c for c in text if c in keep or unicodedata.category(c) not in ("Cc", "Cs", "Co")
    )
    return text if multiline else " ".join(text.split())


class _HtmlText(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def strip_quoted(text: str) -> str:
    """The new part of a reply: without ``>`` quoted lines and what follows an "On ... wrote:"
    line (or the German and Outlook forms of it) or a signature separator."""
    kept: list[str] = []
    for line in text.splitlines():
        bare = line.strip()
        if bare.startswith(">"):
            continue
        if _QUOTE_HEADER.match(bare) or line == "-- ":
            break
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a malformed header: as if absent
        return ""
    return "" if value is None else clean(str(value), multiline=False)[:1000]


def _content(part: Any) -> str:
    try:
        content = part.get_content()
    except Exception:  # an unknown charset or a broken transfer encoding
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if isinstance(content, bytes):
        content = content.decode("utf-8", "replace")
    return clean(content) if isinstance(content, str) else ""


def _bodies(msg: EmailMessage) -> tuple[str, str | None]:
    try:
        plain = msg.get_body(preferencelist=("plain",))
        html_part = msg.get_body(preferencelist=("html",))
    except Exception:
        plain = html_part = None
    text = _content(plain).strip() if plain is not None else ""
    html = _content(html_part) if html_part is not None else None
    if not text and html:
        text = html_to_text(html)
    if html is not None and len(html) > MAX_HTML_CHARS:
        html = None
    return text, html


def _readable(text: str) -> bool:
    if not text.strip():
        return False
    bad = sum(1 for c in text if c == "\ufffd")
    return bad <= max(3, len(text) // 10)


def _sender(msg: EmailMessage, envelope_from: str | None) -> tuple[str, str]:
    """The sender's address and display name (From header, else the envelope sender)."""
    name, address = parseaddr(_header(msg, "From"))
    if "@" not in address and envelope_from:
        name, address = "", parseaddr(envelope_from)[1]
    address = address.strip()
    if not re.fullmatch(r"[^@\s<>]{1,64}@[^@\s<>]{1,255}", address):
        raise MailRejected("550 5.1.7 The sender's address is missing or not valid")
    return address, clean(name, multiline=False)[:200]


def _language(msg: EmailMessage) -> str:
    header = _header(msg, "Content-Language")
    if not header:
        try:
            body = msg.get_body(preferencelist=("plain", "html"))
        except Exception:
            body = None
        if isinstance(body, EmailMessage):
            header = _header(body, "Content-Language")
    return "de" if normalize(header.split(",")[0]) == "de" else "en"


def _smtp_text(text: str) -> str:
    """SMTP answers are ASCII on one line."""
    return " ".join(text.encode("ascii", "replace").decode("ascii").split())[:200]


class InboundMail:
    """Turns received mail into case events and new cases."""

    def __init__(
        self, engine: Engine, *, process: str | None = None, max_bytes: int | None = None
    ) -> None:
        self.engine = engine
        name = process or engine.settings.intake_process
        if name:
            try:
                self.process = engine.app.get(name).name
            except Exception:
                raise ConfigError(
                    f"INLOOP_INTAKE_PROCESS={name!r} is not a registered process",
                    setting="INLOOP_INTAKE_PROCESS",
                ) from None
        elif engine.app.processes:
            self.process = engine.app.processes[0].name
        else:
            raise ConfigError("no process is registered to start cases from inbound mail")
        self.max_bytes = max_bytes or engine.settings.max_upload_bytes

    async def receive(
        self,
        raw: bytes,
        *,
        envelope_from: str | None = None,
        recipients: tuple[str, ...] = (),
    ) -> Received:
        """Record one mail (the bytes as received); raises :class:`MailRejected`."""
        if len(raw) > self.max_bytes:
            raise MailRejected("552 5.3.4 The message is too large")
        try:
            msg = BytesParser(policy=policy.default).parsebytes(raw)
        except Exception:
            raise MailRejected("550 5.6.0 The message cannot be read") from None
        assert isinstance(msg, EmailMessage)
        message_id = next(iter(_MESSAGE_ID.findall(_header(msg, "Message-ID"))), None)
        if message_id is None:  # make one up that is the same on every delivery
            message_id = f"<{hashlib.sha256(raw).hexdigest()[:40]}@inbound.invalid>"
        subject = _header(msg, "Subject")[:MAX_SUBJECT_CHARS]
        text, html = _bodies(msg)
        answered = [
            *_MESSAGE_ID.findall(_header(msg, "In-Reply-To")),
            *reversed(_MESSAGE_ID.findall(_header(msg, "References"))),
        ][:50]
        automatic = envelope_from in ("", "<>") or _header(msg, "Auto-Submitted").lower() not in (
            "",
            "no",
        )
        sent = await self.engine.store.mail.find_sent(answered) if answered else None
        if sent is None and automatic:
            log.info("ignored an automatic mail that answers nothing we sent")
            return Received(outcome="ignored", case_id=None)
        if not _readable(text):
            raise MailRejected("550 5.6.0 The message has no readable text (send it as UTF-8)")
        address, name = _sender(msg, envelope_from)
        headers = {h: v for h in _RECORDED_HEADERS if (v := _header(msg, h))}
        recipient = recipients[0] if recipients else _header(msg, "To")
        now = self.engine.clock.now()
        if sent is not None and sent.case_id is not None:
            new = await self.engine.store.mail.record_reply(
                case_id=sent.case_id,
                message_id=message_id,
                sender=address,
                recipient=recipient,
                subject=subject,
                headers=headers,
                text_body=text[: MAX_TEXT_CHARS * 5],
                html_body=html,
                received={
                    "message_id": message_id,
                    "subject": subject,
                    "text": strip_quoted(text)[:MAX_TEXT_CHARS],
                },
                at=now,
            )
            return Received(outcome="reply" if new else "duplicate", case_id=sent.case_id)
        customer: dict[str, Any] = {"email": address, "locale": _language(msg)}
        if name:
            customer["name"] = name
        try:
            case_id = await self.engine.start(
                self.process,
                {"text": text[:MAX_TEXT_CHARS], "subject": subject},
                customer=customer,
                key=f"mail:{message_id}"[:200],
                actor="customer",
            )
        except InvalidPayload as exc:
            reasons = "; ".join(
                f"{e.get('field')}: {e.get('message')}" for e in exc.data.get("errors", [])
            )
            raise MailRejected(
                "550 5.6.0 "
                + _smtp_text(f"This message cannot start a request: {reasons or exc.message}")
            ) from None
        new = await self.engine.store.mail.record(
            direction="in",
            message_id=message_id,
            sender=address,
            recipient=recipient,
            subject=subject,
            headers=headers,
            at=now,
            case_id=case_id,
            text_body=text[: MAX_TEXT_CHARS * 5],
            html_body=html,
        )
        return Received(outcome="case" if new else "duplicate", case_id=case_id)


# -- the SMTP listener --------------------------------------------------------------------------


class SmtpHandler:
    """The aiosmtpd handler: every mail goes to :meth:`InboundMail.receive`."""

    def __init__(self, inbound: InboundMail) -> None:
        self.inbound = inbound

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            await self.inbound.receive(
                raw,
                envelope_from=envelope.mail_from,
                recipients=tuple(envelope.rcpt_tos),
            )
        except MailRejected as exc:
            return exc.reply
        except Exception as exc:
            log.error("inbound mail not recorded (%s); the sender will retry", type(exc).__name__)
            return "451 4.3.0 Temporary failure, please try again later"
        return "250 2.0.0 OK"


async def start_smtp_server(
    engine: Engine,
    *,
    host: str = "127.0.0.1",
    port: int = 8025,
    sock: socket.socket | None = None,
    inbound: InboundMail | None = None,
) -> asyncio.Server:
    """Listen for mail on ``host:port`` (or on ``sock``) on the running event loop. Close the
    returned server to stop."""
    inbound = inbound or InboundMail(engine)
    handler = SmtpHandler(inbound)
    # aiosmtpd logs addresses at INFO and every line of a mail at DEBUG: keep them out of logs
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    loop = asyncio.get_running_loop()

    def factory() -> SMTP:
        return SMTP(
            handler,
            data_size_limit=inbound.max_bytes,
            enable_SMTPUTF8=True,
            hostname=mail_domain(engine.settings.mail_from),
            ident="inloop smtpd",
            loop=loop,
        )

    if sock is not None:
        return await loop.create_server(factory, sock=sock)
    return await loop.create_server(factory, host=host, port=port)
