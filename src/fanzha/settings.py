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

    webhook_networks: list[str] = []
    """Partner networks (CIDRs, JSON list) webhooks may be sent to, e.g. the dedicated
    lines of the banks: ``["10.8.0.0/16"]``. Empty: public internet addresses only.
    Link-local, multicast and reserved addresses are never allowed."""

    webhook_allow_loopback: bool = False
    """Allow webhooks to this machine (a partner's test receiver on 127.0.0.1 or
    ``localhost``). Off unless asked for: the center's own ports are loopback."""

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'fanzha.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
