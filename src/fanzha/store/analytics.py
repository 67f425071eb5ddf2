"""Analytics through DuckDB, reading the store where it is (SQLite or PostgreSQL).

DuckDB normally downloads its sqlite/postgres scanners on first use; the police
intranet has no internet, so the extension files come from pinned PyPI
packages (``duckdb-ext-sqlite``, ``duckdb-ext-postgres``) matching the pinned
DuckDB version, and auto-download is switched off. (DuckDB 2.0 had no such
packages, hence the pin to 1.4.4; the wheels ship linux_amd64 builds only.)

The attachment is read-only: analytics can never change the store.

A SQLite store is attached only by a process that does not have it open
through SQLAlchemy (``fanzha db counts``, a notebook): DuckDB brings its own
copy of the SQLite library, and two libraries on one file in one process lose
each other's POSIX locks, after which an outside process can delete the
``-wal`` the store is still writing into (issue 15). The server and the report
read their figures through the store's own engine (``fanzha.stats.sql``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import duckdb_ext
from sqlalchemy.engine import make_url

from fanzha.settings import get_settings
from fanzha.store.db import holds_sqlite_file

EXTENSIONS = Path(next(iter(duckdb_ext.__path__))) / "extensions"


def _conninfo(url: str) -> str:
    parsed = make_url(url)
    parts = {
        "host": parsed.host or "localhost",
        "port": parsed.port or 5432,
        "dbname": parsed.database,
        "user": parsed.username,
        "password": parsed.password,
    }
    return " ".join(f"{k}={_libpq_quote(str(v))}" for k, v in parts.items() if v is not None)


def _libpq_quote(value: str) -> str:
    """libpq conninfo quoting, so a password with spaces or quotes still works."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def connect(url: str | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the store attached read-only as schema ``store``."""
    target = url or get_settings().effective_database_url
    backend = make_url(target).get_backend_name()
    path = make_url(target).database
    if backend == "sqlite" and path and holds_sqlite_file(path):
        raise RuntimeError(
            f"{path} is open in this process through SQLAlchemy: DuckDB's own SQLite "
            "would drop its file locks; read it through the store's engine instead"
        )
    conn = duckdb.connect(
        config={
            "extension_directory": str(EXTENSIONS),
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    )
    if backend == "sqlite":
        conn.execute("LOAD sqlite")
        conn.execute(f"ATTACH {_sql_string(str(path))} AS store (TYPE sqlite, READ_ONLY)")
    elif backend == "postgresql":
        conn.execute("LOAD postgres")
        conninfo = _sql_string(_conninfo(target))
        conn.execute(f"ATTACH {conninfo} AS store (TYPE postgres, READ_ONLY)")
    else:
        raise ValueError(f"analytics supports SQLite and PostgreSQL stores, not {backend}")
    # Times in the store are UTC. SQLite's come back as TIMESTAMP (naive UTC),
    # PostgreSQL's as TIMESTAMPTZ; with the session in UTC both compare and
    # print the same whatever the machine's zone. Convert to local time with
    # ``ts AT TIME ZONE`` the center's zone (``settings.center_zone()``) where a report
    # needs days.
    conn.execute("SET TimeZone = 'UTC'")
    return conn


def event_counts(url: str | None = None) -> dict[str, int]:
    """Events per kind, counted by DuckDB."""
    with connect(url) as conn:
        rows = conn.execute(
            "SELECT kind, count(*) FROM store.events GROUP BY kind ORDER BY kind"
        ).fetchall()
    return {str(kind): int(count) for kind, count in rows}
