"""The outbox dispatcher: delivers what change sets queued (mail, webhooks), with retries.

Each channel of the outbox has a :class:`Sender`. Rows are claimed with a lease; a delivery that
fails with a retryable :class:`DeliveryError` is tried again with exponential backoff (10 s, 20 s,
... up to an hour) until ``max_attempts``; then the row is marked failed and ``message.failed`` is
added to the case's events. Senders get a stable idempotency key per row (mail: the Message-ID;
webhooks: the ``webhook-id``), so a repeat after a crash can be recognised by the receiver.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Protocol

from inloop.engine.engine import Engine
from inloop.records import OutboxRecord

log = logging.getLogger("inloop.outbox")


class DeliveryError(Exception):
    """A delivery failed; ``retryable=False`` gives up at once (for example a refused address)."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


class Sender(Protocol):
    async def send(self, item: OutboxRecord) -> None:
        """Deliver one outbox row or raise :class:`DeliveryError`."""
        ...


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        senders: Mapping[str, Sender],
        *,
        batch: int = 50,
        max_attempts: int = 8,
        lease: timedelta = timedelta(minutes=2),
    ) -> None:
        self.engine = engine
        self.senders = dict(senders)
        self.batch = batch
        self.max_attempts = max_attempts
        self.lease = lease
        self._stopping = asyncio.Event()

    async def dispatch_due(self) -> int:
        """Deliver what is due now; returns how many rows were handled."""
        handled = 0
        while True:
            now = self.engine.clock.now()
            items = await self.engine.store.outbox.claim(
                now=now,
                lease_until=now + self.lease,
                limit=self.batch,
                channels=list(self.senders),
            )
            if not items:
                return handled
            await asyncio.gather(*(self._deliver(item) for item in items))
            handled += len(items)

    async def _deliver(self, item: OutboxRecord) -> None:
        sender = self.senders[item.channel]
        store = self.engine.store.outbox
        try:
            await sender.send(item)
        except DeliveryError as exc:
            now = self.engine.clock.now()
            if not exc.retryable or item.attempts >= self.max_attempts:
                log.warning(
                    "outbox %s (%s/%s) failed for good: %s", item.id, item.channel, item.kind, exc
                )
                await store.failed(item, at=now, error=str(exc))
            else:
                delay = min(timedelta(seconds=10 * 2 ** (item.attempts - 1)), timedelta(hours=1))
                await store.retry(item, next_attempt_at=now + delay, error=str(exc))
            return
        except Exception as exc:  # a bug in a sender: retry like a temporary failure
            log.exception("outbox %s: sender raised", item.id)
            now = self.engine.clock.now()
            await store.retry(item, next_attempt_at=now + timedelta(minutes=1), error=repr(exc))
            return
        await store.sent(item, at=self.engine.clock.now())

    async def run(self, *, poll: float = 1.0) -> None:
        """Deliver until :meth:`stop` is called."""
        while not self._stopping.is_set():
            try:
                await self.dispatch_due()
            except Exception:
                log.exception("outbox dispatch failed; retrying")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(poll):
                    await self._stopping.wait()

    def stop(self) -> None:
        self._stopping.set()
