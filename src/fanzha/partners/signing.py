"""Signed requests: HMAC-SHA256 over timestamp, nonce and body; replays refused.

Used both ways: partners may sign what they send us (and must, when registered
with ``require_signature``), and every webhook we push is signed with the
partner's secret so it can verify it came from the center.

Every malformed header is a ``SignatureError`` with a reason the partner's
engineer can act on (never a 500): the timestamp must be whole seconds since
1970 within the allowed skew, the nonce a short token. Nonces are claimed in a
``NonceStore`` — the store, in the service — until the signed time has left the
window, so a replay is refused after a restart and on every server of the store.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Final, Protocol

TIMESTAMP_HEADER = "X-Fanzha-Timestamp"
NONCE_HEADER = "X-Fanzha-Nonce"
SIGNATURE_HEADER = "X-Fanzha-Signature"
SIGNING_HEADERS: Final = (TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER)
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")
_SIGNATURE = re.compile(r"v1=[0-9a-f]{64}")


class SignatureError(PermissionError):
    pass


class NonceStore(Protocol):
    def claim(self, scope: str, nonce: str, expires: datetime, now: datetime) -> bool:
        """True the first time ``nonce`` is claimed in ``scope`` (until ``expires``)."""
        ...


class MemoryNonces:
    """Nonces in this process only: for verifying webhooks in tests and partner code."""

    def __init__(self) -> None:
        self._seen: OrderedDict[tuple[str, str], datetime] = OrderedDict()

    def claim(self, scope: str, nonce: str, expires: datetime, now: datetime) -> bool:
        while self._seen:
            oldest, until = next(iter(self._seen.items()))
            if until > now:
                break
            self._seen.pop(oldest)
        if (scope, nonce) in self._seen:
            return False
        self._seen[(scope, nonce)] = expires
        return True


def signature(secret: str, timestamp: int, nonce: str, body: bytes) -> str:
    message = f"{timestamp}.{nonce}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign_headers(secret: str, body: bytes, now: datetime) -> dict[str, str]:
    timestamp = int(now.timestamp())
    nonce = secrets.token_hex(12)
    return {
        TIMESTAMP_HEADER: str(timestamp),
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: signature(secret, timestamp, nonce, body),
    }


def is_signed(headers: dict[str, str]) -> bool:
    """Any signing header present: then all three must be, and right."""
    lowered = {k.lower() for k in headers}
    return any(h.lower() in lowered for h in SIGNING_HEADERS)


class ReplayGuard:
    """Checks signatures and claims each nonce once for the tolerance window.

    A request older or newer than ``tolerance`` is refused outright, so a nonce
    need only be kept until its signed time leaves the window (kept twice that,
    for servers whose clocks differ a little).
    """

    def __init__(
        self, tolerance: timedelta = timedelta(minutes=5), nonces: NonceStore | None = None
    ) -> None:
        self.tolerance = tolerance
        self.nonces = nonces or MemoryNonces()

    def verify(
        self, secret: str, headers: dict[str, str], body: bytes, now: datetime, scope: str = ""
    ) -> None:
        lowered = {k.lower(): v for k, v in headers.items()}
        missing = [h for h in SIGNING_HEADERS if h.lower() not in lowered]
        if missing:
            raise SignatureError(f"missing signature header {', '.join(missing)}")
        raw_ts = lowered[TIMESTAMP_HEADER.lower()].strip()
        nonce = lowered[NONCE_HEADER.lower()].strip()
        given = lowered[SIGNATURE_HEADER.lower()].strip()
        if not _TIMESTAMP.fullmatch(raw_ts):
            raise SignatureError(
                f"{TIMESTAMP_HEADER} must be whole seconds since 1970-01-01 UTC, "
                f"not {raw_ts[:24]!r}"
            )
        timestamp = int(raw_ts)
        skew = abs(now.timestamp() - timestamp)
        if skew > self.tolerance.total_seconds():
            raise SignatureError(
                f"{TIMESTAMP_HEADER} is outside the allowed window of "
                f"±{self.tolerance.total_seconds():.0f} s of the center's clock"
            )
        if not _NONCE.fullmatch(nonce):
            raise SignatureError(f"{NONCE_HEADER} must be 8 to 64 characters of A-Z a-z 0-9 _ -")
        if not _SIGNATURE.fullmatch(given):
            raise SignatureError(f"{SIGNATURE_HEADER} must be v1= and 64 hex digits")
        if not hmac.compare_digest(
            signature(secret, timestamp, nonce, body).encode(), given.encode()
        ):
            raise SignatureError("signature does not match")
        sent = datetime.fromtimestamp(timestamp, tz=UTC)
        if not self.nonces.claim(scope, nonce, sent + 2 * self.tolerance, now):
            raise SignatureError("replayed request (nonce already used)")
