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

    body_limit_bytes: int = 1 << 20
    """Largest request body any route takes unless ``body_limits`` says otherwise."""

    body_limits: dict[str, int] = {
        "/v1/auth/": 16 << 10,
        "/v1/events": 16 << 20,
        "/v1/partner/events": 16 << 20,
        "/v1/patrol/entries": 16 << 20,
        "/v1/patrol/page": 8 << 20,
        "/v1/warning-orders": 16 << 20,
    }
    """Per route (path prefix, the longest match wins): largest body in bytes. Counted
    while the body streams in, so a bigger one is refused (413) before it is held or
    parsed. Set as JSON, e.g. ``FANZHA_BODY_LIMITS='{"/v1/events": 33554432}'``."""

    public_lookup_per_minute: float = 10.0
    """风险查询 without a key (``GET /v1/public/lookup``): lookups a minute per client address."""
    public_lookup_burst: float = 5.0
    """…and how many of them may come at once."""

    webhook_networks: list[str] = []
    """Partner networks (CIDRs, JSON list) webhooks may be sent to, e.g. the dedicated
    lines of the banks: ``["10.8.0.0/16"]``. Empty: public internet addresses only.
    Link-local, multicast and reserved addresses are never allowed."""

    webhook_allow_loopback: bool = False
    """Allow webhooks to this machine (a partner's test receiver on 127.0.0.1 or
    ``localhost``). Off unless asked for: the center's own ports are loopback."""

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

    bind_host: str = "127.0.0.1"
    """The address ``fanzha serve`` listens on (set by it for its worker processes)."""

    allow_demo_logins: bool = False
    """Accept the demo's public password off loopback (``--allow-demo-logins``)."""

    detect_model: str | None = None
    """The learned model live detection scores with (``fanzha serve --model``): a
    MODEL_DIR from ``fanzha learn``, "none" for the rules' own score; unset: the shipped one."""

    login_workers: int = 0
    """Threads that verify passwords (Argon2); 0 means half the CPU cores, at least 1."""

    login_queue: int = 64
    """Logins that may wait for those threads; more are refused with 503 at once."""

    rules_file: Path | None = None
    """The detection rules ``fanzha serve`` runs (``--rules``); reloaded by
    ``POST /v1/admin/rules/reload``. None: the shipped ``detect/rules/default.yaml``."""

    shadow_rules_file: Path | None = None
    """A candidate rule set scored beside the live one, never warning (``--shadow-rules``)."""

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'fanzha.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
