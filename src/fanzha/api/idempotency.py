"""Idempotent writes: a repeated request key returns the first answer, unchanged.

A client that timed out and retries must not sign a task twice or record an
attempt twice. Keys are per user; reusing a key for a different request is an
error, not a silent replay.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime, timedelta

import msgspec

KEEP_FOR = timedelta(hours=24)


class StoredResponse(msgspec.Struct, frozen=True):
    fingerprint: str
    status: int
    body: bytes
    stored: datetime


class KeyReused(ValueError):
    pass


class IdempotencyStore:
    def __init__(self) -> None:
        self._items: dict[tuple[str, str], StoredResponse] = {}
        self._lock = threading.Lock()
        self._in_flight: dict[tuple[str, str], threading.Lock] = {}

    @staticmethod
    def fingerprint(method: str, path: str, body: bytes) -> str:
        return hashlib.sha256(f"{method} {path}\n".encode() + body).hexdigest()

    def lock_for(self, user_id: str, key: str) -> threading.Lock:
        """One request per key at a time: a retry waits for the first to finish."""
        with self._lock:
            return self._in_flight.setdefault((user_id, key), threading.Lock())

    def lookup(
        self, user_id: str, key: str, fingerprint: str, now: datetime
    ) -> StoredResponse | None:
        stored = self._items.get((user_id, key))
        if stored is None or now - stored.stored > KEEP_FOR:
            return None
        if stored.fingerprint != fingerprint:
            raise KeyReused(f"Idempotency-Key {key!r} was used for a different request")
        return stored

    def remember(self, user_id: str, key: str, response: StoredResponse) -> None:
        with self._lock:
            self._items[(user_id, key)] = response
