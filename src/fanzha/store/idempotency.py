"""Remembered answers to retried writes: a repeated request key returns the first answer.

The storage half of idempotent writes (``api.idempotency.run_once`` is the HTTP half):
kept with the store because its claim and answer commit in the write's own unit.

A client that timed out and retries must not sign a task twice or record an
attempt twice. Keys are per user; reusing a key for a different request is an
error, not a silent replay.

Exactly once, even across a crash: in the SQL store the key's claim, the write
and the answer remembered for retries are one transaction (``fanzha.store.unit``).
A process killed anywhere in the request leaves either all three or none, so a
retry either gets the first answer or runs the write for the first time. A retry
that lands on another process while the first is still working waits on the
claim (the store's own lock on the key's row, held until the first commits) and
then reads its answer; a process that died holds no lock, so nothing needs a
takeover timer.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import msgspec

KEEP_FOR = timedelta(hours=24)
PENDING = 0
"""The status of a claimed key whose write has not committed yet (seen only inside it)."""
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
    """Answers kept in memory: for tests and a single process without a store."""

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

    def once(
        self,
        user_id: str,
        key: str,
        fingerprint: str,
        now: datetime,
        write: Callable[[], tuple[int, bytes]],
    ) -> StoredResponse:
        """The stored answer for the key, or ``write``'s, remembered with it."""
        stored = self._items.get((user_id, key))
        if stored is not None and now - stored.stored <= KEEP_FOR:
            return _same_request(stored, key, fingerprint)
        status, body = write()  # refused or failed: nothing remembered, a retry runs again
        stored = StoredResponse(fingerprint, status, body, now)
        with self._lock:
            self._items[(user_id, key)] = stored
        return stored


def _same_request(stored: StoredResponse, key: str, fingerprint: str) -> StoredResponse:
    if stored.fingerprint != fingerprint:
        raise KeyReused(f"Idempotency-Key {key!r} was used for a different request")
    return stored


class SqlIdempotencyStore(IdempotencyStore):
    """Answers kept in the store, committed with the write they answer.

    ``once`` opens a unit of work, claims the key with a pending row (the
    primary key admits one claimant; on PostgreSQL a second claimant's insert
    waits for the first transaction, on SQLite the unit holds the write lock),
    runs the write inside the unit and fills in the answer before the one commit.
    """

    def __init__(self, engine: Any) -> None:
        super().__init__()
        self.engine = engine

    def once(
        self,
        user_id: str,
        key: str,
        fingerprint: str,
        now: datetime,
        write: Callable[[], tuple[int, bytes]],
    ) -> StoredResponse:
        from sqlalchemy import update

        from fanzha.store.models import IdempotencyRow
        from fanzha.store.unit import unit_of_work

        with unit_of_work(self.engine) as conn:
            found = _claim(conn, user_id, key, fingerprint, now)
            if found is not None:
                return found
            status, body = write()
            stored = StoredResponse(fingerprint, status, body, now)
            conn.execute(
                update(IdempotencyRow)
                .where(IdempotencyRow.user_id == user_id, IdempotencyRow.key == key)
                .values(status=status, body=body, stored=now)
            )
        return stored

    def sweep(self, now: datetime) -> int:
        """Delete answers and claims older than ``KEEP_FOR`` (the sweeper calls it)."""
        from sqlalchemy import delete

        from fanzha.store.models import IdempotencyRow

        with self.engine.begin() as conn:
            gone: int = conn.execute(
                delete(IdempotencyRow).where(IdempotencyRow.stored < now - KEEP_FOR)
            ).rowcount
        return gone


def _claim(
    conn: Any, user_id: str, key: str, fingerprint: str, now: datetime
) -> StoredResponse | None:
    """Claims the key inside the unit (None), or returns its stored answer."""
    from sqlalchemy import delete, insert, select
    from sqlalchemy.exc import IntegrityError, OperationalError

    from fanzha.store.models import IdempotencyRow

    mine = (IdempotencyRow.user_id == user_id, IdempotencyRow.key == key)
    row = conn.execute(select(IdempotencyRow).where(*mine)).first()
    if row is not None and (now - row.stored > KEEP_FOR or row.status == PENDING):
        # Expired, or a pending claim an older fanzha committed before its write.
        conn.execute(delete(IdempotencyRow).where(*mine))
        row = None
    if row is None:
        postgres = conn.dialect.name == "postgresql"
        try:
            with conn.begin_nested():
                if postgres:  # a retry waits this long for the first request's commit
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(WAIT_S * 1000)}ms'")
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
                if postgres:
                    conn.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")
            return None  # claimed: this request runs its write in this transaction
        except OperationalError as err:
            raise KeyInFlight(f"a request with Idempotency-Key {key!r} is still running") from err
        except IntegrityError:  # another process's request committed it meanwhile
            row = conn.execute(select(IdempotencyRow).where(*mine)).first()
    stored = StoredResponse(row.fingerprint, row.status, bytes(row.body), row.stored)
    return _same_request(stored, key, fingerprint)
