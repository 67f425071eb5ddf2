"""Bodies of ``fanzha serve``, ``fanzha users add`` and ``fanzha audit verify``."""

from __future__ import annotations

import os

import uvicorn
from fastapi import FastAPI

from fanzha.api.app import create_app
from fanzha.api.context import WarningSource
from fanzha.api.runtime import build_context, start_deadline_sweeper
from fanzha.clock import SystemClock
from fanzha.security.auditlog import verify
from fanzha.security.roles import Role
from fanzha.security.sql import SqlAuditLog, SqlUserDirectory
from fanzha.security.users import User, create_user
from fanzha.settings import get_settings
from fanzha.store import engine, migrate

URL_VARIABLE = "FANZHA_DATABASE_URL"


def _url(database_url: str | None) -> str:
    return database_url or get_settings().effective_database_url


def load_detector() -> WarningSource | None:
    """The detection engine, when the detect capability is installed."""
    try:
        from fanzha.detect.service import live_detector
    except ImportError:
        return None
    detector: WarningSource = live_detector()
    return detector


def app_from_environment() -> FastAPI:
    """Factory for uvicorn workers: each process builds its own context."""
    context = build_context(_url(None), SystemClock(), load_detector())
    start_deadline_sweeper(context)
    return create_app(context)


def run_server(host: str, port: int, database_url: str | None, workers: int) -> None:
    url = _url(database_url)
    migrate(url)
    os.environ[URL_VARIABLE] = url
    get_settings.cache_clear()
    uvicorn.run(
        "fanzha.api.serve:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


def add_user(
    database_url: str | None,
    user_id: str,
    role: str,
    name: str,
    district: str | None,
    station: str | None,
    password: str,
) -> None:
    url = _url(database_url)
    migrate(url)
    user = User(
        user_id=user_id, display_name=name, role=Role(role), district=district, station=station
    )
    create_user(SqlUserDirectory(engine(url)), user, password)


def verify_audit(database_url: str | None) -> tuple[bool, str]:
    url = _url(database_url)
    log = SqlAuditLog(engine(url))
    broken = verify(log)
    count = len(log.entries())
    if broken is None:
        return True, f"audit chain intact: {count:,} entries"
    return False, f"audit chain BROKEN at entry {broken.seq}: {broken.reason}"
