"""The per-request login lookup: a few held connections, one statement, no ORM.

Why not the engine's pool: on PostgreSQL each lookup through it paid a ping
(``pool_pre_ping``), the query, and a rollback when the connection went back —
three round trips — and, with more request threads than the pool holds, a new
server connection (a PostgreSQL backend started and ended) per overflowing
request; on SQLite the checkout, the statement's execution context and the
result's processing cost more than the lookup itself. Here a few connections
stay open in autocommit (PostgreSQL: the statement prepared; SQLite: read only),
so a request costs one statement; a connection that broke is dropped and the
lookup tried once more on a fresh one.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import psycopg

_LOGIN = (
    "SELECT s.expires, u.user_id, u.display_name, u.role, u.district, u.station, u.active "
    "FROM sessions s JOIN users u ON u.user_id = s.user_id WHERE s.token_hash = {}"
)
LoginRow = tuple[datetime, str, str, str, str | None, str | None, bool]
"""expires (UTC), user_id, display_name, role, district, station, active."""
CONNECTIONS = 4
"""Lookups in flight at once: each takes well under a millisecond."""


class HeldConnections:
    """Up to ``size`` autocommit connections made by ``connect``, opened when first needed."""

    def __init__(
        self,
        connect: Callable[[], Any],
        placeholder: str,
        broken: type[Exception],
        size: int = CONNECTIONS,
    ) -> None:
        self.connect = connect
        self.login_sql = _LOGIN.format(placeholder)
        self.broken = broken
        self.prepare = {"prepare": True} if placeholder == "%s" else {}
        self.free: queue.LifoQueue[Any] = queue.LifoQueue()
        self.room = threading.BoundedSemaphore(size)

    @classmethod
    def postgres(cls, conninfo: str) -> HeldConnections:
        return cls(
            lambda: psycopg.connect(conninfo, autocommit=True), "%s", psycopg.OperationalError
        )

    @classmethod
    def sqlite(cls, path: str) -> HeldConnections:
        def connect() -> sqlite3.Connection:
            conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA query_only=ON")  # this line only ever reads
            return conn

        return cls(connect, "?", sqlite3.OperationalError)

    def login(self, token_hash: str) -> LoginRow | None:
        """The session's expiry (UTC) and its user's fields, or None."""
        row = self.one(self.login_sql, (token_hash,))
        if row is None:
            return None
        expires, *rest = row
        if isinstance(expires, str):  # SQLite keeps UTC as text without an offset
            expires = datetime.fromisoformat(expires)
        expires = expires.replace(tzinfo=UTC) if expires.tzinfo is None else expires.astimezone(UTC)
        user_id, display_name, role, district, station, active = rest
        return expires, user_id, display_name, role, district, station, bool(active)

    def one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """The first row of a read, or None."""
        with self.room:  # at most ``size`` in flight: a burst waits here, not at the server
            for attempt in (1, 2):
                conn = self._take()
                try:
                    cursor = conn.execute(sql, params, **self.prepare)
                    rows = cursor.fetchall()  # to the end: SQLite keeps no read snapshot open
                    cursor.close()
                except self.broken:
                    conn.close()  # the server went away or restarted: not put back
                    if attempt == 2:
                        raise
                    continue
                self.free.put(conn)
                return tuple(rows[0]) if rows else None
        raise AssertionError("unreachable")

    def _take(self) -> Any:
        try:
            return self.free.get_nowait()
        except queue.Empty:
            return self.connect()

    def close(self) -> None:
        while True:
            try:
                self.free.get_nowait().close()
            except queue.Empty:
                return


__all__ = ["HeldConnections"]
