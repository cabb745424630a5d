"""Outgoing webhooks: case events posted to the company's endpoints, signed as in Standard
Webhooks.

Every change set that writes events queues one outbox row (channel ``webhook``) per active
webhook subscribed to the event's type, in the same transaction
(:func:`inloop.storage.sqlite_apply.queue_webhooks`). The :class:`Dispatcher` delivers them with
:class:`WebhookSender` and retries failures with backoff.

A delivery is ``POST <url>`` with the JSON body ``{"type", "timestamp", "data"}`` and the headers
``webhook-id`` (stable per event and endpoint: a repeat is recognisable), ``webhook-timestamp``
(unix seconds) and ``webhook-signature: v1,<base64 HMAC-SHA256>`` over
``"{webhook-id}.{webhook-timestamp}.{body}"`` with the key ``base64decode(secret[6:])`` of the
secret ``whsec_<base64>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from inloop.channels.outbox import DeliveryError
from inloop.engine.engine import Engine
from inloop.ids import new_id
from inloop.records import OutboxRecord, WebhookRecord
from inloop.storage import Store

CHANNEL = "webhook"
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
SECRET_BYTES = 32
TIMEOUT_SECONDS = 10.0


def new_secret() -> str:
    """``whsec_`` and the base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_key(secret: str) -> bytes:
    """The HMAC key of a ``whsec_...`` secret."""
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value: ``v1,<base64 HMAC-SHA256>``."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host; else :class:`ValueError`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http:// or https:// URL with a host")
    if len(url) > 2000:
        raise ValueError("the URL is longer than 2000 characters")
    return url


async def add_webhook(
    store: Store, url: str, event_types: list[str], *, at: datetime
) -> WebhookRecord:
    """Register an endpoint; its record holds the generated secret (show it once)."""
    return await store.api.create_webhook(
        id=new_id("whk"), url=check_url(url), secret=new_secret(), event_types=event_types, at=at
    )


def webhook_body(payload: dict[str, Any]) -> bytes:
    event = payload["event"]
    return orjson.dumps(
        {
            "type": event["type"],
            "timestamp": event["at"],
            "data": {
                "case_id": event["case_id"],
                "seq": event["seq"],
                "actor": event["actor"],
                "payload": event["payload"],
            },
        }
    )


class WebhookSender:
    """Delivers ``webhook`` outbox rows: 2xx is delivered; 4xx other than 408 and 429 fails
    for good; anything else (5xx, 408, 429, redirects, timeouts, network errors) is retried."""

    def __init__(
        self,
        store: Store,
        *,
        client: httpx.AsyncClient | None = None,
        timeout: float = TIMEOUT_SECONDS,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self._own_client = client is None
        self.client = client or httpx.AsyncClient(timeout=timeout, follow_redirects=False)
        self.now = now

    async def aclose(self) -> None:
        if self._own_client:
            await self.client.aclose()

    async def send(self, item: OutboxRecord) -> None:
        webhook_id = item.payload.get("webhook_id")
        hook = await self.store.api.get_webhook(str(webhook_id))
        if hook is None or hook.disabled_at is not None:
            raise DeliveryError(f"webhook {webhook_id} is disabled or gone", retryable=False)
        body = webhook_body(item.payload)
        msg_id = item.idempotency_key
        timestamp = int(self.now())
        headers = {
            "content-type": "application/json",
            "user-agent": "inloop-webhooks",
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(hook.secret, msg_id, timestamp, body),
        }
        try:
            async with self.client.stream("POST", hook.url, content=body, headers=headers) as r:
                status = r.status_code
        except httpx.HTTPError as exc:
            raise DeliveryError(f"{hook.url}: {type(exc).__name__}: {exc}") from None
        if 200 <= status < 300:
            return
        permanent = 400 <= status < 500 and status not in (408, 429)
        raise DeliveryError(f"{hook.url} answered {status}", retryable=not permanent)


def webhook_sender(engine: Engine) -> WebhookSender:
    """The sender for the ``webhook`` channel of the outbox :class:`Dispatcher`."""
    return WebhookSender(engine.store)
