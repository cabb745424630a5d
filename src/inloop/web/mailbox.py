"""The local mailbox: mail that inloop kept instead of sending, because no SMTP server is
configured (``INLOOP_SMTP_URL`` empty). ``/mailbox`` lists it, newest first; ``/mailbox/<id>``
shows one mail with its links, so a newcomer can answer a request by clicking.

Everything shown is escaped; a mail's HTML is shown only inside a sandboxed ``<iframe srcdoc>``
(no scripts, no forms, links open in a new tab). The pages hold live links: they are never
cached and send no referrer. The routes do not exist when an SMTP server is configured.
"""

from __future__ import annotations

import html
import re

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from inloop.engine.engine import Engine
from inloop.records import MailRecord

HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; "
        "frame-ancestors 'none'; form-action 'none'"
    ),
}
_URL = re.compile(r"https?://[^\s<>\"']+")
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#1a1a1a}table{border-collapse:collapse;width:100%}td,th{text-align:left;"
    "padding:.3rem .5rem;border-bottom:1px solid #e4e4e7;vertical-align:top}"
    "pre{white-space:pre-wrap;background:#f4f4f5;padding:1rem}"
    "iframe{width:100%;height:36rem;border:1px solid #d4d4d8}"
)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"{body}</body></html>"
    )
    return HTMLResponse(page, status_code=status, headers=HEADERS)


def _who(mail: MailRecord) -> str:
    return f"to {mail.recipient}" if mail.direction == "out" else f"from {mail.sender}"


def routes(engine: Engine) -> list[Route]:
    """``/mailbox`` and ``/mailbox/{id}``; none when an SMTP server is configured."""
    if engine.settings.smtp_url:
        return []
    base = engine.settings.base_url.rstrip("/")

    async def index(request: Request) -> HTMLResponse:
        mails = await engine.store.mail.recent(limit=200)
        rows = "".join(
            "<tr>"
            f"<td>{html.escape(m.created_at.strftime('%Y-%m-%d %H:%M:%S'))}</td>"
            f"<td>{html.escape(_who(m))}</td>"
            f"<td><a href='/mailbox/{m.id}'>{html.escape(m.subject or '(no subject)')}</a></td>"
            "</tr>"
            for m in mails
        )
        body = (
            "<h1>Mailbox</h1><p>No mail server is configured (<code>INLOOP_SMTP_URL</code>), "
            "so inloop keeps the mail it would send here, and the mail it received. "
            "For trying inloop out only: these pages hold live links.</p>"
            + (
                f"<table><tr><th>Date (UTC)</th><th>Who</th><th>Subject</th></tr>{rows}</table>"
                if rows
                else "<p>No mail yet.</p>"
            )
        )
        return _page("Mailbox", body)

    async def show(request: Request) -> HTMLResponse:
        mail = await engine.store.mail.get(int(request.path_params["mail_id"]))
        if mail is None:
            return _page(
                "Not found", "<h1>No such mail</h1><p><a href='/mailbox'>Mailbox</a></p>", 404
            )
        headers = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in mail.headers.items()
        )
        links = [u for u in dict.fromkeys(_URL.findall(mail.text_body or "")) if u.startswith(base)]
        parts = [
            "<p><a href='/mailbox'>&larr; Mailbox</a></p>",
            f"<h1>{html.escape(mail.subject or '(no subject)')}</h1>",
            f"<table>{headers}</table>",
        ]
        if links:
            items = "".join(
                f"<li><a href='{html.escape(u)}' target='_blank' rel='noopener noreferrer'>"
                f"{html.escape(u)}</a></li>"
                for u in links
            )
            parts.append(f"<h2>Links</h2><ul>{items}</ul>")
        if mail.text_body is not None:
            parts.append(f"<h2>Text</h2><pre>{html.escape(mail.text_body)}</pre>")
        if mail.html_body is not None:
            doc = "<base target='_blank'>" + mail.html_body
            parts.append(
                "<h2>HTML</h2><iframe title='The HTML of the mail' "
                "sandbox='allow-popups allow-popups-to-escape-sandbox' "
                f'srcdoc="{html.escape(doc, quote=True)}"></iframe>'
            )
        if mail.text_body is None and mail.html_body is None:
            parts.append("<p>The content of this mail was not kept.</p>")
        return _page(mail.subject or "Mail", "".join(parts))

    return [Route("/mailbox", index), Route("/mailbox/{mail_id:int}", show)]
