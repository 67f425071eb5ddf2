"""Migrations and models agree, and ``fanzha db upgrade`` builds the schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.store import engine, migrate
from fanzha.store.models import Base


def test_the_migrations_build_exactly_the_models(db_url: str) -> None:
    """A model changed without a migration (or the reverse) shows up here."""
    migrate(db_url)
    with engine(db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_db_upgrade_command(sqlite_url: str) -> None:
    result = CliRunner().invoke(app, ["db", "upgrade", "--database-url", sqlite_url])
    assert result.exit_code == 0, result.output
    assert "transfers" in inspect(engine(sqlite_url)).get_table_names()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    """WAL lets DuckDB and the API read while ingest writes."""
    from sqlalchemy import text

    with engine(sqlite_url).connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
