"""The FastAPI application: ``create_app(context)``; ``fanzha serve`` runs it."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI

from fanzha import __version__
from fanzha.api import (
    routes_audit,
    routes_auth,
    routes_cases,
    routes_dashboard,
    routes_events,
    routes_partners,
    routes_patrol,
    routes_restrictions,
    routes_stats,
    routes_tasks,
)
from fanzha.api.context import ApiContext
from fanzha.api.deps import no_nul_parameters
from fanzha.api.errors import install_error_handlers
from fanzha.api.openapi_links import add_links
from fanzha.api.web import mount_web


def create_app(context: ApiContext) -> FastAPI:
    app = FastAPI(
        title="fanzha 反诈",
        version=__version__,
        description="Anti-telecom-fraud center API: events, warnings, tasks, audit.",
        dependencies=[Depends(no_nul_parameters)],
    )
    app.state.context = context
    install_error_handlers(app)
    for module in (
        routes_auth,
        routes_events,
        routes_tasks,
        routes_audit,
        routes_dashboard,
        routes_restrictions,
        routes_patrol,
        routes_cases,
        routes_partners,
        routes_stats,
    ):
        app.include_router(module.router)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    mount_web(app)
    plain_openapi = app.openapi

    def openapi_with_links() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_links(plain_openapi())
        return app.openapi_schema

    app.openapi = openapi_with_links  # type: ignore[method-assign]
    return app
