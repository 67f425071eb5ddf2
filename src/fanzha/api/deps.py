"""Request dependencies: the services, the logged-in principal, the calling partner."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, AwareDatetime
from starlette.concurrency import run_in_threadpool

from fanzha.partners.registry import Partner
from fanzha.security.roles import Principal, Role
from fanzha.security.users import LoginError, authenticate
from fanzha.services import Services


async def get_context(request: Request) -> Services:
    context: Services = request.app.state.context
    return context


Context = Annotated[Services, Depends(get_context)]


async def current_principal(
    context: Context, authorization: Annotated[str | None, Header()] = None
) -> Principal:
    return await principal_of(context, authorization)


async def principal_of(context: Services, authorization: str | None) -> Principal:
    """Who the bearer token belongs to, checked in the store on every request.

    ``async`` so a lookup in a local SQLite file (microseconds) runs right on the
    event loop instead of costing each request a hand-off to a worker thread; on
    PostgreSQL (a network round trip) it still goes to one.
    """
    if not authorization or not authorization.lower().startswith("bearer "):
        raise LoginError("log in first: Authorization: Bearer <token>")
    token, now = authorization[7:].strip(), context.session_now()
    if context.users.local:
        user = authenticate(context.users, token, now)
    else:
        user = await run_in_threadpool(authenticate, context.users, token, now)
    return user.principal()


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=128, pattern=r"^[!-~]+$"),
]
"""Send the same key when retrying a write: it is applied once. Printable ASCII, at
most 128 characters (a UUID fits): each key is kept for a day, so its size is bounded."""


async def no_nul_parameters(request: Request) -> None:
    """Refuse a NUL in any path or query parameter, naming it (422).

    No id, name or filter in fanzha contains one, and PostgreSQL cannot store
    or compare text with it: without this check such a request fails as a 500
    deep in a query instead of being told what is wrong. Installed for every
    route by ``create_app``.
    """
    for where, values in (("path", request.path_params), ("query", request.query_params)):
        for name, value in values.items():
            if "\x00" in str(value):
                raise RequestValidationError(
                    [
                        {
                            "type": "string_pattern_mismatch",
                            "loc": (where, name),
                            "msg": "must not contain a NUL character",
                            "input": str(value).replace("\x00", "\\0")[:100],
                        }
                    ]
                )


District = Annotated[str | None, Query(max_length=32, description="e.g. 硚口区")]
"""A district filter: as long as the store's district column, at most."""
Typology = Annotated[str | None, Query(max_length=64)]
Name = Annotated[str | None, Query(max_length=64)]
"""A short name or id used as a filter (a partner id, a record kind)."""

Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]
"""Rows to skip in a paged list: bounded, so no store is asked for an integer it cannot hold."""


def require_roles(principal: Principal, *roles: Role) -> None:
    from fanzha.dissuade.service import Forbidden

    if principal.role not in roles:
        raise Forbidden(f"role {principal.role} may not do this")


def _storable(moment: datetime) -> datetime:
    """A time the store can hold: one that converts to UTC (9999-12-31T23:59-10:00 does not)."""
    try:
        in_utc = moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("out of range") from None
    if not 1900 <= in_utc.year <= 9998:
        raise ValueError("out of range")
    return moment


Moment = Annotated[AwareDatetime, AfterValidator(_storable)]
"""A time filter (since, until) with an offset, in a range every store can compare."""


AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "no or bad API key"},
    403: {},
    429: {"description": "slow down"},
}
"""What a partner route may answer besides its own: no key, a scope missing, too fast."""


async def partner_request(request: Request, context: Services) -> tuple[Partner, bytes]:
    body = await request.body()
    address = request.client.host if request.client else "127.0.0.1"
    partner = context.partners.authenticate(
        request.headers.get("x-api-key"), address, dict(request.headers), body
    )
    return partner, body
