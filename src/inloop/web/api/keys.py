"""API keys: ``ik_`` and 32 random bytes (URL-safe base64). Only the SHA-256 of a key is
stored; the key itself is shown once, when it is created."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from inloop.ids import new_id
from inloop.records import ApiKeyRecord
from inloop.storage import Store

PREFIX = "ik_"
KEY_BYTES = 32
KEY_SHAPE = re.compile(r"^ik_[A-Za-z0-9_-]{43}$")


def new_api_key() -> str:
    return PREFIX + secrets.token_urlsafe(KEY_BYTES)


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("ascii", "replace")).hexdigest()


async def create_api_key(store: Store, name: str, *, at: datetime) -> tuple[ApiKeyRecord, str]:
    """Create a key named ``name``; returns its record and the key (the only time it exists in
    clear)."""
    key = new_api_key()
    record = await store.api.create_key(
        id=new_id("key"), name=name, key_hash=api_key_hash(key), at=at
    )
    return record, key


async def authenticate(store: Store, key: str, *, at: datetime) -> ApiKeyRecord | None:
    """The active key record for ``key``, or ``None`` (unknown, malformed or revoked)."""
    if not KEY_SHAPE.match(key):
        return None
    record = await store.api.find_key(api_key_hash(key))
    if record is None or record.revoked_at is not None:
        return None
    await store.api.touch_key(record, at=at)
    return record
