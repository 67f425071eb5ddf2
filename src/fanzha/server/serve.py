"""The body of ``fanzha serve``: check the files, then uvicorn runs workers that each
build their own services, warm detection and start the background workers."""

from __future__ import annotations

import os
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from fanzha.api.app import create_app
from fanzha.clock import SystemClock
from fanzha.detect.learned import MODEL_NAMES, load_model
from fanzha.detect.rules import load_rules
from fanzha.logging import configure_logging, uvicorn_log_config
from fanzha.net import is_loopback
from fanzha.security.passwords import DEMO_PASSWORD
from fanzha.server.bus_consumer import attach_bus, consumer_name
from fanzha.server.services import build_services, database_url_or_default
from fanzha.server.warmup import load_detector
from fanzha.server.workers import start_deadline_sweeper, start_webhook_worker
from fanzha.services import Services
from fanzha.settings import get_settings
from fanzha.store import migrate

URL_VARIABLE = "FANZHA_DATABASE_URL"


def app_from_environment() -> FastAPI:
    """Factory for uvicorn workers: each process builds its own context."""
    url = database_url_or_default(None)
    settings = get_settings()
    detector = None  # bus mode: the detector process warns for every server
    if settings.bus_url is None:
        detector = load_detector(
            url, settings.rules_file, settings.detect_model, settings.shadow_rules_file
        )
    context = build_services(url, SystemClock(), detector)
    if settings.bus_url is not None:
        attach_bus(context, settings.bus_url, consumer_name(settings.bus_consumer))
    if demo_password_refused(settings.bind_host, settings.allow_demo_logins):
        context.logins.refused_passwords = frozenset({DEMO_PASSWORD})
    start_deadline_sweeper(context)
    start_webhook_worker(context)
    context.patrol_indicators()  # open the blocklist now, not while the first partner check waits
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
    bus: str | None = None,
    bus_consumer: str | None = None,
) -> None:
    configure_logging(get_settings().log_level)
    for path in (rules, shadow_rules):
        if path is not None:
            load_rules(path)  # refuse a bad file here, naming the rule, not in each worker
    if model is not None:
        load_model(model)  # refuse a bad MODEL_DIR here, not in every worker
        spec = model if model in MODEL_NAMES else str(Path(model).resolve())
        os.environ["FANZHA_DETECT_MODEL"] = spec
    url = database_url_or_default(database_url)
    migrate(url)
    for variable, path in (("FANZHA_RULES_FILE", rules),
                           ("FANZHA_SHADOW_RULES_FILE", shadow_rules)):  # fmt: skip
        if path is not None:
            os.environ[variable] = str(path.resolve())
    os.environ[URL_VARIABLE] = url
    bus = bus or get_settings().bus_url
    if bus is not None:
        os.environ["FANZHA_BUS_URL"] = bus
        os.environ["FANZHA_BUS_CONSUMER"] = consumer_name(bus_consumer, port)
    os.environ["FANZHA_BIND_HOST"] = host
    os.environ["FANZHA_ALLOW_DEMO_LOGINS"] = "true" if allow_demo_logins else "false"
    get_settings.cache_clear()
    uvicorn.run(
        "fanzha.server.serve:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=get_settings().log_level.lower(),  # FANZHA_LOG_LEVEL=WARNING: no access log
        log_config=uvicorn_log_config(),
    )


def in_process_server(services: Services, host: str, port: int) -> uvicorn.Server:
    """One uvicorn server on ``services`` in this process (``fanzha demo``: its replay
    and simulated officers share the services); the caller runs and stops it."""
    return uvicorn.Server(
        uvicorn.Config(
            create_app(services),
            host=host,
            port=port,
            log_level="warning",
            log_config=uvicorn_log_config(),
        )
    )
