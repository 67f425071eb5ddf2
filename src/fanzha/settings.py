"""All configuration in one place, read from ``FANZHA_*`` environment variables.

Why one module: an operator looking for "where does the database come from"
finds every knob here, and tests override them with plain env vars. Read once
(``get_settings()`` is cached); a bad value stops the process at start-up with
the variable's name. Every path the code needs outside its own package data
(the Flink interpreter, override files) comes from here, never from
``Path(__file__).parents[…]`` or ``os.environ`` elsewhere, so an installed
wheel behaves as a checkout does. ``docs/settings.md`` is generated from this
class (``python -m fanzha.settings``).
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "FANZHA_"
FLINK_VENV_NAME = ".venv-flink"
"""What ``./run.sh flink`` calls the Flink virtual environment in the checkout."""


class SettingsError(ValueError):
    """A ``FANZHA_*`` variable holds a value the settings refuse; the message names it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=None, extra="ignore", use_attribute_docstrings=True
    )

    data_dir: Path = Path("data")
    """Where the embedded database, dead-letter files and exports live."""

    database_url: str | None = None
    """SQLAlchemy URL; unset means SQLite at ``data_dir/fanzha.db``.
    PostgreSQL: ``postgresql+psycopg://user:pass@host/db``."""

    timezone: str = "Asia/Shanghai"
    """The center's local time zone, for days, reports and deadlines."""

    log_level: str = "INFO"
    """The least severe log records written (DEBUG, INFO, WARNING, ERROR)."""

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

    bus_url: str | None = None
    """Many servers (``fanzha serve --bus nats://…``): events go to NATS JetStream and
    warnings come back from ``fanzha.warnings.v1``; unset: this process detects itself."""

    bus_consumer: str | None = None
    """The durable name this server consumes warnings under (``--bus-consumer``); keep it
    across restarts. Unset: ``serve-<host>-<port>``."""

    login_workers: int = 0
    """Threads that verify passwords (Argon2); 0 means half the CPU cores, at least 1."""

    login_queue: int = 64
    """Logins that may wait for those threads; more are refused with 503 at once."""

    rules_file: Path | None = None
    """The detection rules ``fanzha serve`` runs (``--rules``); reloaded by
    ``POST /v1/admin/rules/reload``. None: the shipped ``detect/rules/default.yaml``."""

    shadow_rules_file: Path | None = None
    """A candidate rule set scored beside the live one, never warning (``--shadow-rules``)."""

    flink_python: Path | None = None
    """The Python interpreter with PyFlink and fanzha installed (``fanzha[flink]``) that
    ``fanzha detect --engine flink`` and the Flink cluster run. Unset: ``bin/python`` of
    the Flink venv below."""

    flink_venv: Path | None = None
    """The Flink virtual environment (PyFlink pins older numpy/pandas than the service, so it
    lives apart). Unset: ``.venv-flink`` of the source checkout fanzha runs from (what
    ``./run.sh flink`` makes), else ``.venv-flink`` in the working directory."""

    flink_jar: Path | None = None
    """The Flink job's Java operators (directories A and B), built by ``./run.sh flink``
    against PyFlink's own jars. Unset: ``share/fanzha/fanzha-flink-stages.jar`` of the
    Python environment the job runs in."""

    trace_config: Path | None = None
    """The trace settings (policy, limits, banks, hubs, exits) of ``fanzha trace`` and the
    money graph; ``--config`` wins. Unset: the shipped ``trace/config/default.yaml``."""

    rings_config: Path | None = None
    """The ring finder's settings; ``--config`` wins. Unset: ``rings/config/default.yaml``."""

    mules_config: Path | None = None
    """The mule scorer's settings (threshold, model); ``--config`` wins. Unset:
    ``mules/config/mules.yaml``."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError(
                f"{name!r} is not a time zone of the tz database (e.g. Asia/Shanghai)"
            ) from err
        return name

    @field_validator(
        "flink_python",
        "flink_venv",
        "flink_jar",
        "trace_config",
        "rings_config",
        "mules_config",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if value == "" else value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'fanzha.db').resolve()}"

    def flink_candidates(self) -> list[tuple[str, Path]]:
        """Where the Flink interpreter may be, in order, each with where it came from.

        A path the operator set is the only candidate: a wrong one is reported, not
        silently replaced by another environment.
        """
        if self.flink_python is not None:
            return [(f"{ENV_PREFIX}FLINK_PYTHON", self.flink_python)]
        if self.flink_venv is not None:
            return [(f"{ENV_PREFIX}FLINK_VENV", self.flink_venv / "bin" / "python")]
        found: list[tuple[str, Path]] = []
        checkout = source_checkout()
        if checkout is not None:
            found.append(("the source checkout", checkout / FLINK_VENV_NAME / "bin" / "python"))
        here = Path.cwd() / FLINK_VENV_NAME / "bin" / "python"
        if all(here != path for _, path in found):
            found.append(("the working directory", here))
        return found


def source_checkout(package: Path | None = None) -> Path | None:
    """The project checkout fanzha runs from (``<checkout>/src/fanzha``), or None.

    None once fanzha is installed as a package (``site-packages/fanzha``): then
    nothing beside the package belongs to the project, so nothing is looked for there.
    """
    here = (package or Path(__file__).parent).resolve()
    root = here.parent.parent
    if here.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


def _describe(err: ValidationError) -> str:
    """One line per refused variable, named as the operator sets it (never its value:
    it may be a key)."""
    lines = []
    for problem in err.errors():
        field, *rest = problem["loc"]
        where = f"{ENV_PREFIX}{str(field).upper()}" + "".join(f"[{part!r}]" for part in rest)
        lines.append(f"{where}: {problem['msg']}")
    return "bad settings: " + "; ".join(lines)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, read from the environment once per process (tests: ``cache_clear()``)."""
    try:
        return Settings()
    except ValidationError as err:
        raise SettingsError(_describe(err)) from None


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def center_zone(name: str | None = None) -> ZoneInfo:
    """The center's local time zone (``FANZHA_TIMEZONE``): its days, reports, deadlines,
    and the local minute in warning ids; or the zone ``name`` when a caller was given one.

    The only place a ``ZoneInfo`` is built; everything local-time asks here.
    """
    return _zone(name or get_settings().timezone)


def settings_table() -> str:
    """``docs/settings.md``: every setting with its variable, default and meaning."""
    rows = [
        "# Settings",
        "",
        "Every setting is an environment variable, read once at start-up "
        "(`src/fanzha/settings.py`; this page is generated from it by "
        "`python -m fanzha.settings > docs/settings.md`).",
        "",
        "| variable | default | meaning |",
        "|---|---|---|",
    ]
    for name, field in Settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        shown = "unset" if default is None else f"`{_default_text(default)}`"
        meaning = " ".join((field.description or "").split()).replace("|", "\\|")
        rows.append(f"| `{ENV_PREFIX}{name.upper()}` | {shown} | {meaning} |")
    return "\n".join(rows) + "\n"


def _default_text(default: object) -> str:
    if isinstance(default, dict | list | bool):
        return json.dumps(default)
    return str(default)


if __name__ == "__main__":
    sys.stdout.write(settings_table())
