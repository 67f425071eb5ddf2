"""The FastAPI application: ``create_app(context)``; ``fanzha serve`` runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI

from fanzha import __version__
from fanzha.api import (
    routes_audit,
    routes_auth,
    routes_cases,
    routes_checks,
    routes_communities,
    routes_dashboard,
    routes_events,
    routes_ledger,
    routes_lookup,
    routes_measure_acks,
    routes_orders,
    routes_partners,
    routes_patrol,
    routes_reference,
    routes_restrictions,
    routes_rings,
    routes_search,
    routes_stats,
    routes_tasks,
    rules_admin,
)
from fanzha.api.deps import no_nul_parameters
from fanzha.api.errors import install_error_handlers
from fanzha.api.headers import SecurityHeaders
from fanzha.api.limits import BodyLimitMiddleware, BodyLimits
from fanzha.api.openapi_links import add_links
from fanzha.api.web import mount_web
from fanzha.api.web.docs import mount_docs
from fanzha.flows.intake_line import IntakeLine
from fanzha.services import Services
from fanzha.settings import get_settings


def create_app(context: Services, intake: IntakeLine | None = None) -> FastAPI:
    """``intake``: how posted events are stored and detected on (group commit, then
    local detection, unless the caller wires another after-commit step)."""
    line = intake or IntakeLine(context)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        line.close()  # what was acknowledged is stored already; detect what is queued
        # Counters kept in memory between flushes (风险查询 and rule hits) go to disk
        # when the server stops: uvicorn ends a SIGTERM by re-raising it, so no atexit
        # handler would run.
        if context.patrol is not None:
            context.patrol.flush()

    app = FastAPI(
        lifespan=lifespan,
        title="fanzha 反诈",
        version=__version__,
        description="Anti-telecom-fraud center API: events, warnings, tasks, audit.",
        docs_url=None,  # served from the package by mount_docs: FastAPI's loads a CDN
        redoc_url=None,
        dependencies=[Depends(no_nul_parameters)],
    )
    app.state.context = context
    app.state.intake = line
    install_error_handlers(app)
    settings = get_settings()
    limits = BodyLimits(settings.body_limit_bytes, settings.body_limits)
    app.add_middleware(BodyLimitMiddleware, limits=limits)
    # Added last, so outermost: every answer carries the headers, a 413 included.
    app.add_middleware(SecurityHeaders)
    for module in (
        routes_auth,
        routes_events,
        routes_orders,
        routes_tasks,
        routes_audit,
        routes_dashboard,
        routes_restrictions,
        routes_patrol,
        routes_lookup,
        routes_cases,
        routes_ledger,
        routes_rings,
        routes_measure_acks,
        routes_partners,
        routes_checks,
        routes_stats,
        routes_communities,
        routes_search,
        routes_reference,
        rules_admin,
    ):
        app.include_router(module.router)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    mount_web(app)
    mount_docs(app)

    plain_openapi = app.openapi

    def openapi_with_links() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_links(plain_openapi())
        return app.openapi_schema

    app.openapi = openapi_with_links  # type: ignore[method-assign]
    return app
