"""All configuration in one place, read from ``FANZHA_*`` environment variables.

Why one module: an operator looking for "where does the database come from"
finds every knob here, and tests override them with plain env vars.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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

    bind_host: str = "127.0.0.1"
    """The address ``fanzha serve`` listens on (set by it for its worker processes)."""

    allow_demo_logins: bool = False
    """Accept the demo's public password off loopback (``--allow-demo-logins``)."""

    login_workers: int = 0
    """Threads that verify passwords (Argon2); 0 means half the CPU cores, at least 1."""

    login_queue: int = 64
    """Logins that may wait for those threads; more are refused with 503 at once."""

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'fanzha.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
