"""Secure links and the outbox dispatcher on a real database."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

import inloop
from inloop.channels.links import LinkInvalid, Links, token_hash
from inloop.channels.outbox import DeliveryError, Dispatcher
from inloop.records import LinkPurpose, OutboxRecord
from inloop.testing import Harness


def app() -> inloop.App:
    a = inloop.App()

    @a.process("p")
    async def p(case: inloop.Case) -> None:
        await case.confirm("OK?", deadline=timedelta(days=2))
        await case.notify("Done.")

    return a


async def test_a_link_opens_its_request_until_the_deadline(tmp_path: Path) -> None:
    async with Harness(app(), tmp_path / "l.db") as h:
        case_id = await h.start("p")
        req = await h.open_request(case_id)
        assert req is not None
        links = Links(h.engine)
        token = await links.issue(case_id=case_id, request_id=req.id, channel="email")
        assert len(token) == 43
        link = await links.resolve(token)
        assert link.case_id == case_id and link.request_id == req.id
        assert link.purpose is LinkPurpose.REQUEST and link.expires_at == req.deadline
        stored = await h.engine.store.links.find(token_hash(token))
        assert stored is not None
        # the token itself is stored nowhere
        import sqlite3

        with sqlite3.connect(tmp_path / "l.db") as conn:
            dump = "\n".join(conn.iterdump())
        conn.close()
        assert token not in dump
        h.clock.advance(timedelta(days=2) - timedelta(seconds=1))
        assert (await links.resolve(token)).id == link.id
        h.clock.advance(seconds=1)
        with pytest.raises(LinkInvalid):
            await links.resolve(token)


async def test_revoked_tampered_and_foreign_tokens_are_refused_alike(tmp_path: Path) -> None:
    async with Harness(app(), tmp_path / "l.db") as h:
        case_id = await h.start("p")
        links = Links(h.engine)
        token = await links.issue(case_id=case_id, channel="portal")
        messages = set()
        for bad in [
            token[:-1] + ("A" if token[-1] != "A" else "B"),
            token[:-1],
            token + "x",
            "",
            "../../etc/passwd",
            "é" * 43,
        ]:
            with pytest.raises(LinkInvalid) as info:
                await links.resolve(bad)
            messages.add(info.value.message)
        link = await links.resolve(token)
        assert await links.revoke(link_id=link.id) == 1
        with pytest.raises(LinkInvalid) as info:
            await links.resolve(token)
        messages.add(info.value.message)
        assert len(messages) == 1  # nothing tells which check failed
        other = await h.start("p")
        req = await h.open_request(other)
        assert req is not None
        with pytest.raises(LinkInvalid):  # a request of another case
            await links.issue(case_id=case_id, request_id=req.id, channel="email")


class FlakySender:
    def __init__(self, failures: int, *, retryable: bool = True) -> None:
        self.failures = failures
        self.retryable = retryable
        self.delivered: list[OutboxRecord] = []

    async def send(self, item: OutboxRecord) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise DeliveryError("mail server unreachable", retryable=self.retryable)
        self.delivered.append(item)


async def test_dispatcher_retries_with_backoff_then_records_the_delivery(tmp_path: Path) -> None:
    async with Harness(app(), tmp_path / "o.db") as h:
        case_id = await h.start("p")
        sender = FlakySender(failures=2)
        dispatcher = Dispatcher(h.engine, {"customer": sender})
        assert await dispatcher.dispatch_due() == 1  # fails, retry in 10 s
        assert await dispatcher.dispatch_due() == 0
        h.clock.advance(seconds=10)
        assert await dispatcher.dispatch_due() == 1  # fails, retry in 20 s
        h.clock.advance(seconds=19)
        assert await dispatcher.dispatch_due() == 0
        h.clock.advance(seconds=1)
        assert await dispatcher.dispatch_due() == 1
        assert [i.kind for i in sender.delivered] == ["request"]
        events = [e for e in await h.events(case_id) if e.type.startswith("message.")]
        assert [(e.type, e.payload["attempts"]) for e in events] == [("message.sent", 3)]
        seqs = [e.seq for e in await h.events(case_id)]
        assert seqs == list(range(1, len(seqs) + 1))


async def test_dispatcher_gives_up_on_permanent_errors(tmp_path: Path) -> None:
    async with Harness(app(), tmp_path / "o.db") as h:
        case_id = await h.start("p")
        dispatcher = Dispatcher(h.engine, {"customer": FlakySender(1, retryable=False)})
        await dispatcher.dispatch_due()
        h.clock.advance(hours=2)
        assert await dispatcher.dispatch_due() == 0
        failed = [e for e in await h.events(case_id) if e.type == "message.failed"]
        assert failed[0].payload["error"] == "mail server unreachable"


async def test_a_used_request_link_opens_nothing(tmp_path: Path) -> None:
    async with Harness(app(), tmp_path / "l.db") as h:
        case_id = await h.start("p")
        req = await h.open_request(case_id)
        assert req is not None
        links = Links(h.engine)
        token = await links.issue(case_id=case_id, request_id=req.id, channel="email")
        status = await links.issue(case_id=case_id, channel="email")
        await links.resolve(token)
        await h.answer(case_id, {"decision": "accept"})
        with pytest.raises(LinkInvalid):
            await links.resolve(token)
        assert (await links.resolve(status)).case_id == case_id  # status links stay valid


def variants(token: str) -> list[str]:
    """10,000 tampered forms of a token: flips, truncations, extensions, case and encoding."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    out: set[str] = set()
    for i in range(len(token)):
        for c in alphabet:
            if c != token[i]:
                out.add(token[:i] + c + token[i + 1 :])
    out |= {token[:n] for n in range(len(token))}
    out |= {token + c for c in alphabet}
    out |= {
        token.upper(),
        token.lower(),
        token.swapcase(),
        token[::-1],
        token + "=",
        token.replace("-", "+").replace("_", "/"),
        " " + token,
        token + "\n",
        token[1:] + token[0],
    }
    out.discard(token)
    rng = random.Random(20261125)  # and two-character flips until there are 10,000
    while len(out) < 10_000:
        i, j = rng.sample(range(len(token)), 2)
        chars = list(token)
        chars[i], chars[j] = rng.choice(alphabet), rng.choice(alphabet)
        candidate = "".join(chars)
        if candidate != token:
            out.add(candidate)
    return sorted(out)[:10_000]


async def test_ten_thousand_tampered_tokens_are_refused(tmp_path: Path) -> None:
    async with Harness(app(), tmp_path / "l.db") as h:
        case_id = await h.start("p")
        req = await h.open_request(case_id)
        assert req is not None
        links = Links(h.engine)
        token = await links.issue(case_id=case_id, request_id=req.id, channel="email")
        tampered = variants(token)
        assert len(tampered) == 10_000
        accepted = 0
        for bad in tampered:
            try:
                await links.resolve(bad)
                accepted += 1
            except LinkInvalid:
                pass
        assert accepted == 0
        assert (await links.resolve(token)).request_id == req.id
