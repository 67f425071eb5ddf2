"""Engines and migrations for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import make_url

from fanzha.settings import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"
_SQLITE_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


def create_engine_for(url: str) -> Engine:
    """An engine with the settings each backend needs to be safe under load.

    ``hide_parameters``: a failed statement's error (and so a traceback in the
    log) names the SQL, never the bound values — rows of personal data.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa_create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        _SQLITE_ENGINES.add(engine)
        return engine
    return sa_create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True
    )


def holds_sqlite_file(path: str | Path) -> bool:
    """Whether this process has the SQLite file at ``path`` open through an engine now.

    A second SQLite library (DuckDB's) must not open such a file in this process:
    POSIX locks belong to the process, so its closing the file drops this engine's
    locks, and another process may then delete the ``-wal`` this engine writes into.
    """
    target = Path(path).resolve()
    for found in list(_SQLITE_ENGINES):
        database = found.url.database
        if database and database != ":memory:" and Path(database).resolve() == target:
            pool: Any = found.pool
            if pool.checkedin() + pool.checkedout() > 0:
                return True
    return False


@lru_cache(maxsize=8)
def engine(url: str | None = None) -> Engine:
    """The shared engine for ``url`` (default: the configured database)."""
    return create_engine_for(url or get_settings().effective_database_url)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (creating it if new)."""
    target = url or get_settings().effective_database_url
    with engine(target).begin() as connection:
        config = alembic_config(target)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
