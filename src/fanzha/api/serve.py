"""Bodies of ``fanzha serve``, ``fanzha users add`` and ``fanzha audit verify``."""

from __future__ import annotations

import os
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from sqlalchemy import select

from fanzha.api.app import create_app
from fanzha.api.live import LiveDetector
from fanzha.api.routes_patrol import patrol
from fanzha.api.runtime import build_context, start_deadline_sweeper, start_webhook_worker
from fanzha.clock import SystemClock
from fanzha.detect.learned import MODEL_NAMES, load_model
from fanzha.detect.rules import load_rules
from fanzha.detect.state import AccountInfo
from fanzha.logging import configure_logging, uvicorn_log_config
from fanzha.net import is_loopback
from fanzha.security.auditlog import verify
from fanzha.security.passwords import DEMO_PASSWORD
from fanzha.security.roles import Role
from fanzha.security.sql import SqlAuditLog, SqlUserDirectory
from fanzha.security.users import User, create_user
from fanzha.settings import get_settings
from fanzha.store import engine, migrate
from fanzha.store.models import AccountRow, PersonRow

URL_VARIABLE = "FANZHA_DATABASE_URL"


def _url(database_url: str | None) -> str:
    return database_url or get_settings().effective_database_url


def load_detector(
    url: str,
    rules_path: Path | None = None,
    model: str | None = None,
    shadow_rules: Path | None = None,
) -> LiveDetector:
    """The live engine, its directory warmed with the residents and accounts already stored.

    A bad rules file stops the start with ``RulesError``, a bad model with ``ModelError``,
    naming the rule: a service must not come up on rules nobody meant.
    """
    detector = LiveDetector(rules_path, model)
    if shadow_rules is not None:
        detector.start_shadow(shadow_rules.read_bytes(), shadow_rules.name, SystemClock().now())
    directory = detector.engine.directory
    with engine(url).connect() as conn:
        for person_id, phones, address in conn.execute(
            select(PersonRow.person_id, PersonRow.phones, PersonRow.address)
        ):
            directory.home[person_id] = address
            for phone in phones.split(","):
                if phone:
                    directory.phone_owner[phone] = person_id
        for account_id, holder, opened, on_file in conn.execute(
            select(
                AccountRow.account_id,
                AccountRow.holder,
                AccountRow.opened,
                AccountRow.address_on_file,
            )
        ):
            directory.accounts[account_id] = AccountInfo(
                holder=holder, opened=opened, address=on_file
            )
    return detector


def app_from_environment() -> FastAPI:
    """Factory for uvicorn workers: each process builds its own context."""
    url = _url(None)
    settings = get_settings()
    detector = load_detector(
        url, settings.rules_file, settings.detect_model, settings.shadow_rules_file
    )
    context = build_context(url, SystemClock(), detector)
    if demo_password_refused(settings.bind_host, settings.allow_demo_logins):
        context.logins.refused_passwords = frozenset({DEMO_PASSWORD})
    start_deadline_sweeper(context)
    start_webhook_worker(context)
    patrol(context)  # open the blocklist now, not while the first partner check waits
    return create_app(context)


def demo_password_refused(host: str, allow_demo_logins: bool) -> bool:
    """The demo's password is printed for anyone: off loopback it opens nothing,
    unless the operator asked for it (``--allow-demo-logins``)."""
    return not allow_demo_logins and not is_loopback(host)


def run_server(
    host: str,
    port: int,
    database_url: str | None,
    workers: int,
    allow_demo_logins: bool = False,
    rules: Path | None = None,
    model: str | None = None,
    shadow_rules: Path | None = None,
) -> None:
    configure_logging(get_settings().log_level)
    for path in (rules, shadow_rules):
        if path is not None:
            load_rules(path)  # refuse a bad file here, naming the rule, not in each worker
    if model is not None:
        load_model(model)  # refuse a bad MODEL_DIR here, not in every worker
        spec = model if model in MODEL_NAMES else str(Path(model).resolve())
        os.environ["FANZHA_DETECT_MODEL"] = spec
    url = _url(database_url)
    migrate(url)
    for variable, path in (("FANZHA_RULES_FILE", rules),
                           ("FANZHA_SHADOW_RULES_FILE", shadow_rules)):  # fmt: skip
        if path is not None:
            os.environ[variable] = str(path.resolve())
    os.environ[URL_VARIABLE] = url
    os.environ["FANZHA_BIND_HOST"] = host
    os.environ["FANZHA_ALLOW_DEMO_LOGINS"] = "true" if allow_demo_logins else "false"
    get_settings.cache_clear()
    uvicorn.run(
        "fanzha.api.serve:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=get_settings().log_level.lower(),  # FANZHA_LOG_LEVEL=WARNING: no access log
        log_config=uvicorn_log_config(),
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
        return True, f"audit chain intact: {count:,} entries\n审计链完好：共 {count:,} 条"
    where = f"at entry {broken.seq}" if broken.seq else "as a whole"
    where_zh = f"第 {broken.seq} 条" if broken.seq else "整体"
    english = f"audit chain BROKEN {where}: {broken.reason}"
    return False, f"{english}\n审计链被破坏（{where_zh}）：{broken.reason_zh}"
