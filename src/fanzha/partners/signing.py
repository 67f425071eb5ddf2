"""Signed requests: HMAC-SHA256 over timestamp, nonce and body; replays refused.

Used both ways: partners may sign what they send us, and every webhook we push
is signed with the partner's secret so it can verify it came from the center.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import OrderedDict
from datetime import datetime, timedelta

TIMESTAMP_HEADER = "X-Fanzha-Timestamp"
NONCE_HEADER = "X-Fanzha-Nonce"
SIGNATURE_HEADER = "X-Fanzha-Signature"


class SignatureError(PermissionError):
    pass


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


class ReplayGuard:
    """Checks signatures and remembers nonces for the tolerance window.

    A request older or newer than ``tolerance`` is refused outright, so only
    nonces inside the window need remembering: memory stays bounded.
    """

    def __init__(self, tolerance: timedelta = timedelta(minutes=5)) -> None:
        self.tolerance = tolerance
        self._seen: OrderedDict[str, datetime] = OrderedDict()

    def verify(self, secret: str, headers: dict[str, str], body: bytes, now: datetime) -> None:
        lowered = {k.lower(): v for k, v in headers.items()}
        try:
            timestamp = int(lowered[TIMESTAMP_HEADER.lower()])
            nonce = lowered[NONCE_HEADER.lower()]
            given = lowered[SIGNATURE_HEADER.lower()]
        except (KeyError, ValueError) as err:
            raise SignatureError(f"missing or malformed signature header: {err}") from err
        sent = datetime.fromtimestamp(timestamp, tz=now.tzinfo)
        if abs(now - sent) > self.tolerance:
            raise SignatureError("timestamp outside the allowed window")
        if not hmac.compare_digest(signature(secret, timestamp, nonce, body), given):
            raise SignatureError("signature does not match")
        self._forget_before(now - self.tolerance)
        if nonce in self._seen:
            raise SignatureError("replayed request (nonce already used)")
        self._seen[nonce] = sent

    def _forget_before(self, horizon: datetime) -> None:
        while self._seen:
            nonce, seen_at = next(iter(self._seen.items()))
            if seen_at >= horizon:
                break
            self._seen.pop(nonce)
