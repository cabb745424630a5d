"""Identifiers: time-ordered (good B-tree locality) with 80 random bits, so they cannot be guessed.

Format: a prefix, an underscore, 26 Crockford base32 characters (48-bit millisecond time +
80 random bits), like ULIDs.
"""

from __future__ import annotations

import os
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id(prefix: str) -> str:
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return f"{prefix}_{''.join(reversed(chars))}"
