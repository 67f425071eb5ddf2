"""All configuration in one place, read from ``FANZHA_*`` environment variables.

Why one module: an operator looking for "where does the database come from"
finds every knob here, and tests override them with plain env vars.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FANZHA_", env_file=None, extra="ignore")

    data_dir: Path = Path("data")
    """Where the embedded database, dead-letter files and exports live."""

    database_url: str | None = None
    """SQLAlchemy URL; unset means SQLite at ``data_dir/fanzha.db``.
    PostgreSQL: ``postgresql+psycopg://user:pass@host/db``."""

    timezone: str = "Asia/Shanghai"
    """The center's local time zone, for days, reports and deadlines."""

    log_level: str = "INFO"

    audit_key: SecretStr | None = None
    """The key that seals audit entries (at least 32 characters). Unset: the key
    file below, created with mode 0600 on first use. Every process writing one
    database must use the same key; keep it out of the database and its backups."""

    audit_key_file: Path | None = None
    """Where the audit key is kept; default ``data_dir/audit.key``. The signed
    checkpoints that anchor each audit chain's head are written beside it."""

    @property
    def effective_audit_key_file(self) -> Path:
        return self.audit_key_file or self.data_dir / "audit.key"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'fanzha.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
