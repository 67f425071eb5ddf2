"""Storage: SQLAlchemy tables, Alembic migrations, DuckDB analytics.

SQLite (one file under the data directory) is the embedded default;
PostgreSQL is the production store. Both run the same migrations.
"""

from fanzha.store.db import create_engine_for, engine, migrate

__all__ = ["create_engine_for", "engine", "migrate"]
