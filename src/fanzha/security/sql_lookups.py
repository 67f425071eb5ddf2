"""The per-request login lookup on PostgreSQL: a few held connections, one round trip.

Why not the engine's pool: through it each lookup paid a ping (``pool_pre_ping``),
the query, and a rollback when the connection went back — three round trips —
and, with more request threads than the pool holds, a new server connection
(a PostgreSQL backend started and ended) per overflowing request. Here a few
connections stay open in autocommit with the statement prepared, so a request
costs one round trip; a connection that broke is dropped and the lookup tried
once more on a fresh one.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

import psycopg

LOGIN_SQL = (
    "SELECT s.expires, u.user_id, u.display_name, u.role, u.district, u.station, u.active "
    "FROM sessions s JOIN users u ON u.user_id = s.user_id WHERE s.token_hash = %s"
)
CONNECTIONS = 4
"""Lookups in flight at once: each takes well under a millisecond."""


class HeldConnections:
    """Up to ``size`` autocommit connections to ``conninfo``, opened when first needed."""

    def __init__(self, conninfo: str, size: int = CONNECTIONS) -> None:
        self.conninfo = conninfo
        self.free: queue.LifoQueue[psycopg.Connection[Any]] = queue.LifoQueue()
        self.room = threading.BoundedSemaphore(size)

    def one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """The first row of a read, or None."""
        with self.room:  # at most ``size`` in flight: a burst waits here, not at the server
            for attempt in (1, 2):
                conn = self._take()
                try:
                    row = conn.execute(sql, params, prepare=True).fetchone()
                except psycopg.OperationalError:
                    conn.close()  # the server went away or restarted: not put back
                    if attempt == 2:
                        raise
                    continue
                self.free.put(conn)
                return row
        raise AssertionError("unreachable")

    def _take(self) -> psycopg.Connection[Any]:
        try:
            conn = self.free.get_nowait()
        except queue.Empty:
            return psycopg.connect(self.conninfo, autocommit=True)
        if conn.closed:
            return psycopg.connect(self.conninfo, autocommit=True)
        return conn

    def close(self) -> None:
        while True:
            try:
                self.free.get_nowait().close()
            except queue.Empty:
                return


__all__ = ["LOGIN_SQL", "HeldConnections"]
