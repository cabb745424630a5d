"""Secure links: the customer's only credential.

A link token is 32 random bytes (256 bits), URL-safe base64. Only its SHA-256 is stored. A link
is bound to one case and (for ``request`` links) one request, expires (request links at the
request's deadline, or as soon as the request is closed: a used link opens nothing), and can be
revoked. Looking a token up is a hash lookup; a wrong token
reveals nothing: every failure is the same :class:`LinkInvalid`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from inloop.engine.engine import Engine
from inloop.errors import InloopError
from inloop.ids import new_id
from inloop.records import LinkPurpose, LinkRecord, RequestStatus

TOKEN_BYTES = 32
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
STATUS_LINK_LIFETIME = timedelta(days=90)


class LinkInvalid(InloopError):
    """The link is unknown, expired, revoked or malformed (deliberately not saying which)."""

    code = "link_invalid"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class Links:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def issue(
        self,
        *,
        case_id: str,
        request_id: str | None = None,
        channel: str,
        expires_at: datetime | None = None,
    ) -> str:
        """Create a link and return its token (the only time it exists in clear)."""
        now = self.engine.clock.now()
        if request_id is not None:
            request = await self.engine.store.get_request(request_id)
            if request is None or request.case_id != case_id:
                raise LinkInvalid("no such request for this case")
            expiry = expires_at or request.deadline
            purpose = LinkPurpose.REQUEST
        else:
            await self.engine.get_case(case_id)
            expiry = expires_at or now + STATUS_LINK_LIFETIME
            purpose = LinkPurpose.STATUS
        token = new_token()
        await self.engine.store.links.create(
            id=new_id("link"),
            token_hash=token_hash(token),
            case_id=case_id,
            request_id=request_id,
            purpose=purpose,
            channel=channel,
            expires_at=expiry,
            at=now,
        )
        return token

    async def resolve(self, token: str) -> LinkRecord:
        """The link behind ``token`` if it may be used now; else :class:`LinkInvalid`."""
        if not _TOKEN_SHAPE.match(token or ""):
            raise LinkInvalid("this link is not valid")
        link = await self.engine.store.links.find(token_hash(token))
        now = self.engine.clock.now()
        if link is None or link.revoked_at is not None or now >= link.expires_at:
            raise LinkInvalid("this link is not valid")
        if link.purpose is LinkPurpose.REQUEST and not await self.request_is_open(link):
            # a request link is spent once its request is answered, expired or cancelled; the
            # customer follows the case with the session it opened or a status link
            raise LinkInvalid("this link is not valid")
        return link

    async def request_is_open(self, link: LinkRecord) -> bool:
        if link.request_id is None:
            return False
        request = await self.engine.store.get_request(link.request_id)
        return request is not None and request.status is RequestStatus.OPEN

    async def revoke(self, *, link_id: str | None = None, case_id: str | None = None) -> int:
        return await self.engine.store.links.revoke(
            at=self.engine.clock.now(), link_id=link_id, case_id=case_id
        )
