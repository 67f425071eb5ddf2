"""Engines and migrations for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

import threading
import time
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from fanzha.settings import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"
_SQLITE_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()
CHECKPOINT_EVERY_S = 1.0
WAL_PAGES_BEFORE_A_WRITER_CHECKPOINTS = 10_000
"""Pages (4 KiB) the WAL may hold before a committing request copies it back itself:
the background checkpointer keeps it far below that unless it is starved."""
_checkpointer: threading.Thread | None = None
_checkpointer_lock = threading.Lock()


def _checkpoint_forever() -> None:
    """Copy every open SQLite file's WAL back into the database once a second.

    Why a thread: with SQLite's default the request whose commit crosses 1,000 WAL
    pages does the copy (random writes into a database of millions of tasks and an
    fsync) before it answers — the slowest of a hundred queue pages. ``PASSIVE``
    never waits for readers or blocks a writer; what it cannot copy yet waits a second.
    """
    while True:
        time.sleep(CHECKPOINT_EVERY_S)
        for found in list(_SQLITE_ENGINES):
            pool: Any = found.pool
            if pool.checkedin() + pool.checkedout() == 0:  # idle or disposed: not opened
                continue
            try:
                with found.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            except SQLAlchemyError:  # a file removed meanwhile: try again next round
                continue


def _start_checkpointer() -> None:
    global _checkpointer
    with _checkpointer_lock:
        if _checkpointer is None or not _checkpointer.is_alive():
            _checkpointer = threading.Thread(
                target=_checkpoint_forever, name="sqlite-checkpoint", daemon=True
            )
            _checkpointer.start()


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
            cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES_BEFORE_A_WRITER_CHECKPOINTS}")
            cursor.close()

        _SQLITE_ENGINES.add(engine)
        if parsed.database and parsed.database != ":memory:":
            _start_checkpointer()
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
