"""Mail to staff: the outbox sender of the ``staff`` channel.

Two kinds of rows are queued for it, always in the transaction of the change they report:

- ``task_assigned``: a supervisor gave a task to the recipient (``TaskDesk.reassign``);
- ``sla_warning``: a task of the recipient (or of their queue, while nobody holds it) is about to
  pass its due time.

The mail is in the staff language (the setting ``staff_language``), says which case, queue,
reason and due time, and links to ``/staff/tasks/<task id>`` under ``INLOOP_BASE_URL``. It holds
no data of the customer: no name, no address, no answers. A recipient whose account is gone or
disabled gets nothing (the row counts as delivered).
"""

from __future__ import annotations

import logging
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from inloop.channels.email import (
    EmailSender,
    MailboxTransport,
    MailTransport,
    OutgoingMail,
    SmtpTransport,
    _display_name,
    render,
)
from inloop.channels.i18n import format_time, normalize
from inloop.channels.outbox import DeliveryError
from inloop.clock import from_text
from inloop.engine.engine import Engine
from inloop.records import OutboxRecord

log = logging.getLogger("inloop.email")

STAFF_KINDS = ("task_assigned", "sla_warning")


def task_link(base_url: str, task_id: str) -> str:
    """The deep link of a task on the staff pages."""
    return f"{base_url.rstrip('/')}/staff/tasks/{task_id}"


class StaffMailSender:
    """The outbox :class:`~inloop.channels.outbox.Sender` of the ``staff`` channel."""

    def __init__(self, engine: Engine, transport: MailTransport) -> None:
        self.engine = engine
        self.transport = transport
        self.mail = EmailSender(engine, transport)  # the sender address and Message-IDs

    async def send(self, item: OutboxRecord) -> None:
        mail = await self.compose(item)
        if mail is not None:
            await self.transport.deliver(mail)

    def _due_text(self, queue: str, due: object, lang: str) -> str | None:
        """The due time in the queue's business-hours time zone (else the ``timezone``
        setting's)."""
        if not isinstance(due, str):
            return None
        declared = self.engine.app.queue_for(queue)
        hours = declared.sla.business_hours if declared and declared.sla else None
        zone = hours.tz if hours else self.engine.settings.timezone
        return format_time(from_text(due), lang, zone)

    async def compose(self, item: OutboxRecord) -> OutgoingMail | None:
        """The mail for an outbox row; ``None`` when there is nobody to send it to."""
        if item.kind not in STAFF_KINDS:
            raise DeliveryError(f"cannot send a {item.kind!r} to staff", retryable=False)
        p = item.payload
        user = await self.engine.store.users.get(str(p.get("user_id")))
        if user is None or user.disabled_at is not None:
            log.info("outbox %s: the member of staff is gone or disabled; no mail", item.id)
            return None
        lang = normalize(self.engine.settings.staff_language)
        due = p.get("due_at")
        subject, text, html = render(
            "staff_task",
            lang,
            kind=item.kind,
            name=_display_name(user.name) or None,
            case_id=p.get("case_id"),
            queue=p.get("queue"),
            reason=p.get("reason"),
            due=self._due_text(str(p.get("queue")), due, lang),
            link=task_link(self.engine.settings.base_url, str(p.get("task_id"))),
        )
        message_id = await self.mail.message_id(item.idempotency_key)
        msg = EmailMessage()
        try:
            recipient = Address(display_name=_display_name(user.name), addr_spec=user.email)
        except (ValueError, IndexError):
            raise DeliveryError("the staff address is not valid", retryable=False) from None
        msg["To"] = recipient
        msg["From"] = self.mail.from_header
        msg["Subject"] = subject
        msg["Date"] = format_datetime(self.engine.clock.now())
        msg["Message-ID"] = message_id
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Auto-Response-Suppress"] = "All"
        msg.set_content(text)
        msg.add_alternative(html, subtype="html")
        msg["Content-Language"] = lang
        return OutgoingMail(
            message=msg,
            message_id=message_id,
            sender=self.mail.from_address,
            recipient=recipient.addr_spec,
            subject=subject,
            text=text,
            html=html,
            case_id=None,  # a reply from staff must never count as the customer's
            outbox_id=item.id,
        )


def staff_mail_sender(
    engine: Engine, *, tls_context: ssl.SSLContext | None = None
) -> StaffMailSender:
    """The sender for the settings: SMTP when ``INLOOP_SMTP_URL`` is set, else the local
    mailbox."""
    url = engine.settings.smtp_url
    transport: MailTransport = (
        SmtpTransport.from_url(engine, url, tls_context=tls_context)
        if url
        else MailboxTransport(engine)
    )
    return StaffMailSender(engine, transport)
