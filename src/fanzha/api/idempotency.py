"""Idempotent writes: a repeated request key returns the first answer, unchanged.

A client that timed out and retries must not sign a task twice or record an
attempt twice. Keys are per user; reusing a key for a different request is an
error, not a silent replay. Across server processes the key itself is claimed
in the store before the write runs, so a retry that lands on another process
while the first is still working waits for its answer instead of writing again.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import msgspec
from fastapi import Response
from pydantic import BaseModel

KEEP_FOR = timedelta(hours=24)
PENDING = 0
"""The status of a key whose first request is still running (in the SQL store)."""
ABANDONED_AFTER = timedelta(minutes=1)
"""A claim this old was left by a process that died mid-request: it may be taken over."""
WAIT_S = 10.0
"""How long a retry waits for the first request, on another process, to finish."""


class StoredResponse(msgspec.Struct, frozen=True):
    fingerprint: str
    status: int
    body: bytes
    stored: datetime


class KeyReused(ValueError):
    pass


class KeyInFlight(RuntimeError):
    """The first request with this key is still running (on another process)."""


class IdempotencyStore:
    def __init__(self) -> None:
        self._items: dict[tuple[str, str], StoredResponse] = {}
        self._lock = threading.Lock()
        self._in_flight: dict[tuple[str, str], tuple[threading.Lock, int]] = {}

    @staticmethod
    def fingerprint(method: str, path: str, body: bytes) -> str:
        return hashlib.sha256(f"{method} {path}\n".encode() + body).hexdigest()

    @contextmanager
    def lock_for(self, user_id: str, key: str) -> Iterator[None]:
        """One request per key at a time: a retry waits for the first to finish.

        The lock lives only while a request with the key runs or waits: a map
        kept per key for good would grow by every key a client ever sent.
        """
        name = (user_id, key)
        with self._lock:
            lock, users = self._in_flight.get(name, (threading.Lock(), 0))
            self._in_flight[name] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                lock, users = self._in_flight[name]
                if users == 1:
                    del self._in_flight[name]
                else:
                    self._in_flight[name] = (lock, users - 1)

    def sweep(self, now: datetime) -> int:
        """Forget answers older than ``KEEP_FOR``; a retry after that runs anew."""
        with self._lock:
            old = [k for k, v in self._items.items() if now - v.stored > KEEP_FOR]
            for name in old:
                del self._items[name]
            return len(old)

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

    def forget(self, user_id: str, key: str) -> None:
        """The request failed: nothing to replay, a retry runs again."""


class SqlIdempotencyStore(IdempotencyStore):
    """Answers kept in the store, so a retry that lands on another server process
    gets the same answer.

    ``lookup`` claims a new key with a pending row (the primary key admits one
    claimant); a retry elsewhere finds it pending and waits for ``remember`` to
    fill in the answer. The per-key lock still serialises retries within one
    process.
    """

    def __init__(self, engine: Any) -> None:
        super().__init__()
        self.engine = engine

    def lookup(
        self, user_id: str, key: str, fingerprint: str, now: datetime
    ) -> StoredResponse | None:
        from sqlalchemy import delete, insert, select
        from sqlalchemy.exc import IntegrityError

        from fanzha.store.models import IdempotencyRow

        mine = (IdempotencyRow.user_id == user_id, IdempotencyRow.key == key)
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                with self.engine.begin() as conn:
                    row = conn.execute(select(IdempotencyRow).where(*mine)).first()
                    stale = row is not None and (
                        now - row.stored > KEEP_FOR
                        or (row.status == PENDING and now - row.stored > ABANDONED_AFTER)
                    )
                    if row is None or stale:
                        if row is not None:
                            conn.execute(
                                delete(IdempotencyRow).where(
                                    *mine, IdempotencyRow.stored == row.stored
                                )
                            )
                        conn.execute(
                            insert(IdempotencyRow).values(
                                user_id=user_id,
                                key=key,
                                fingerprint=fingerprint,
                                status=PENDING,
                                body=b"",
                                stored=now,
                            )
                        )
                        return None  # claimed: this request runs, and remembers
            except IntegrityError:
                continue  # another process claimed it first: read its claim
            if row.fingerprint != fingerprint:
                raise KeyReused(f"Idempotency-Key {key!r} was used for a different request")
            if row.status != PENDING:
                return StoredResponse(row.fingerprint, row.status, bytes(row.body), row.stored)
            if time.monotonic() > deadline:
                raise KeyInFlight(f"a request with Idempotency-Key {key!r} is still running")
            time.sleep(0.02)

    def remember(self, user_id: str, key: str, response: StoredResponse) -> None:
        from sqlalchemy import update

        from fanzha.store.models import IdempotencyRow

        with self.engine.begin() as conn:
            conn.execute(
                update(IdempotencyRow)
                .where(IdempotencyRow.user_id == user_id, IdempotencyRow.key == key)
                .values(
                    fingerprint=response.fingerprint,
                    status=response.status,
                    body=response.body,
                    stored=response.stored,
                )
            )

    def sweep(self, now: datetime) -> int:
        """Delete answers and claims older than ``KEEP_FOR`` (the sweeper calls it)."""
        from sqlalchemy import delete

        from fanzha.store.models import IdempotencyRow

        with self.engine.begin() as conn:
            gone: int = conn.execute(
                delete(IdempotencyRow).where(IdempotencyRow.stored < now - KEEP_FOR)
            ).rowcount
        return gone

    def forget(self, user_id: str, key: str) -> None:
        from sqlalchemy import delete

        from fanzha.store.models import IdempotencyRow

        with self.engine.begin() as conn:
            conn.execute(
                delete(IdempotencyRow).where(
                    IdempotencyRow.user_id == user_id,
                    IdempotencyRow.key == key,
                    IdempotencyRow.status == PENDING,
                )
            )


def run_once(
    context: Any,
    user_id: str,
    key: str | None,
    request: tuple[str, str, bytes],
    run: Callable[[], BaseModel],
    status: int = 200,
) -> Response:
    """Run a write once per request key; a retry gets the stored answer, unchanged.

    ``request`` is (method, path, body) and fingerprints the call, so reusing a
    key for a different request is refused. Endpoints are plain functions (run
    in FastAPI's thread pool), so waiting on the per-key lock never blocks the
    event loop.
    """
    if key is None:
        return Response(run().model_dump_json(), status_code=status, media_type="application/json")
    store: IdempotencyStore = context.idempotency
    fingerprint = store.fingerprint(*request)
    with store.lock_for(user_id, key):
        now = context.clock.now()
        stored = store.lookup(user_id, key, fingerprint, now)
        if stored is None:
            try:
                body = run().model_dump_json().encode()
            except BaseException:
                store.forget(user_id, key)  # refused or failed: a retry may run again
                raise
            stored = StoredResponse(fingerprint, status, body, now)
            store.remember(user_id, key, stored)
    return Response(stored.body, status_code=stored.status, media_type="application/json")
