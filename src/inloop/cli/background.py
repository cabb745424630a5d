"""What runs beside the web app: the worker (cases and timers) and the outbox dispatcher (mail
to customers, webhooks); and a log filter that keeps link tokens out of access logs."""

from __future__ import annotations

import asyncio
import logging
import re

from inloop.channels.email import email_sender
from inloop.channels.outbox import Dispatcher
from inloop.channels.staff_mail import staff_mail_sender
from inloop.channels.webhooks import webhook_sender
from inloop.engine.engine import Engine
from inloop.engine.worker import Worker

_TOKEN_PATH = re.compile(r"/l/[^/?#\s\"]+")


class Background:
    """Starts the worker and the dispatcher on ``engine``; :meth:`stop` ends both in order."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.worker = Worker(engine)
        self.mail = email_sender(engine)
        self.webhooks = webhook_sender(engine)
        self.staff_mail = staff_mail_sender(engine)
        self.dispatcher = Dispatcher(
            engine,
            {"customer": self.mail, "staff": self.staff_mail, "webhook": self.webhooks},
        )
        self._tasks = [
            asyncio.create_task(self.worker.run(), name="inloop worker"),
            asyncio.create_task(self.dispatcher.run(), name="inloop outbox"),
        ]

    async def wait(self) -> None:
        await asyncio.gather(*self._tasks)

    async def stop(self) -> None:
        self.worker.stop()
        self.dispatcher.stop()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.webhooks.aclose()


class RedactLinks(logging.Filter):
    """Replaces link tokens in log records (``/l/<token>`` becomes ``/l/…``): the web server's
    access log would otherwise keep every customer's credential."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _TOKEN_PATH.sub("/l/…", a) if isinstance(a, str) else a for a in record.args
            )
        if isinstance(record.msg, str):
            record.msg = _TOKEN_PATH.sub("/l/…", record.msg)
        return True
