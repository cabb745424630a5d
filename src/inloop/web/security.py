"""Web security for customer pages: headers, case sessions, CSRF tokens, origin checks, rate
limits.

- Every portal response carries ``Cache-Control: no-store``, ``Referrer-Policy: no-referrer``, a
  strict Content-Security-Policy (no inline script; pages work without JavaScript) and
  ``X-Frame-Options: DENY``.
- A customer session is a signed cookie bound to one case and the link that opened it, with an
  idle and an absolute timeout; revoking the link ends the session.
- A path to return to after a login is only followed when :func:`safe_return_path` accepts it
  (a relative path of this site under ``/staff/``), so a link cannot redirect elsewhere.
- Forms carry a CSRF token (an HMAC over the session and the request); posts from another origin
  are refused before anything is read.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "inloop_case"

PORTAL_HEADERS: Mapping[str, str] = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


def secure_headers(response: Response) -> Response:
    for key, value in PORTAL_HEADERS.items():
        response.headers[key] = value
    return response


MAX_RETURN_PATH = 2000


def safe_return_path(value: str | None, *, under: str = "/staff/") -> str | None:
    """``value`` when it is a path of this site under ``under`` (with an optional query), to go
    back to after a login; ``None`` for anything else: absolute or scheme-relative URLs
    (``https://evil``, ``//evil``), backslashes, control or non-ASCII characters, ``.`` and
    ``..`` segments, empty segments, and percent-encoded tricks (the value is checked decoded
    as well)."""
    if not value or len(value) > MAX_RETURN_PATH:
        return None
    decoded = value
    for _ in range(3):  # nested encodings (%252F) are checked at every level
        if not _plain_path(decoded, under):
            return None
        unquoted = unquote(decoded)
        if unquoted == decoded:
            break
        decoded = unquoted
    else:
        return None
    return value


def _plain_path(value: str, under: str) -> bool:
    if not value.startswith(under) or not all(0x21 <= ord(c) <= 0x7E for c in value):
        return False
    if "\\" in value:
        return False
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.fragment:
        return False
    segments = parts.path[len(under) :].split("/")
    return not any(s in (".", "..") for s in segments) and "//" not in parts.path


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseSession:
    case_id: str
    link_id: str
    started: float
    """Unix time the link was opened (for the absolute timeout)."""

    @property
    def nonce(self) -> str:
        return f"{self.case_id}:{self.link_id}:{self.started}"


class Sessions:
    def __init__(
        self, secret: str, *, idle_seconds: float, max_seconds: float, secure: bool
    ) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="inloop.case-session")
        self._secret = secret.encode()
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds
        self.secure = secure

    def read(self, request: Request) -> CaseSession | None:
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            data = self._serializer.loads(raw, max_age=int(self.idle_seconds))
        except (BadSignature, SignatureExpired):
            return None
        if not isinstance(data, dict):
            return None
        try:
            session = CaseSession(
                case_id=str(data["c"]), link_id=str(data["l"]), started=float(data["s"])
            )
        except (KeyError, TypeError, ValueError):
            return None
        if time.time() - session.started > self.max_seconds:
            return None
        return session

    def write(self, response: Response, session: CaseSession) -> None:
        value = self._serializer.dumps(
            {"c": session.case_id, "l": session.link_id, "s": session.started}
        )
        response.set_cookie(
            SESSION_COOKIE,
            value,
            max_age=int(self.idle_seconds),
            httponly=True,
            samesite="lax",
            secure=self.secure,
            path="/",
        )

    def clear(self, response: Response) -> None:
        response.delete_cookie(SESSION_COOKIE, path="/")

    def csrf_token(self, session_nonce: str, purpose: str) -> str:
        mac = hmac.new(self._secret, f"csrf:{session_nonce}:{purpose}".encode(), hashlib.sha256)
        return mac.hexdigest()

    def csrf_ok(self, session_nonce: str, purpose: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(
            self.csrf_token(session_nonce, purpose), token or ""
        )


def same_origin(request: Request) -> bool:
    """False when the browser says the post comes from another site.

    ``Sec-Fetch-Site`` decides where the browser sends it (all current browsers). Otherwise the
    ``Origin`` (else ``Referer``) must be this site; pages send ``Referrer-Policy: no-referrer``,
    under which browsers send ``Origin: null`` for their own forms, so ``null`` is only accepted
    together with ``Sec-Fetch-Site: same-origin``.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin is None:
        return True  # not a browser form post (scripts, the test client)
    if origin == "null":
        return False
    own = f"{request.url.scheme}://{request.url.netloc}"
    return origin == own or origin.startswith(own + "/")


class RateLimit:
    """At most ``limit`` hits per ``window`` seconds per key (client address); in memory, per
    process, which is what one server needs to stop token guessing."""

    def __init__(self, *, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str) -> bool:
        """Count a hit; False when the key is over its limit."""
        now = time.monotonic()
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] > self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        if len(self._hits) > 100_000:  # forget the oldest keys rather than grow without end
            for stale in list(self._hits)[:50_000]:
                del self._hits[stale]
        return True

    def blocked(self, key: str) -> bool:
        now = time.monotonic()
        hits = self._hits.get(key)
        if not hits:
            return False
        while hits and now - hits[0] > self.window:
            hits.popleft()
        return len(hits) >= self.limit
