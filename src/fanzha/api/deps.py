"""Request dependencies: the context, the logged-in principal."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from fanzha.api.context import ApiContext
from fanzha.security.roles import Principal, Role
from fanzha.security.users import LoginError, authenticate


def get_context(request: Request) -> ApiContext:
    context: ApiContext = request.app.state.context
    return context


Context = Annotated[ApiContext, Depends(get_context)]


def current_principal(
    context: Context, authorization: Annotated[str | None, Header()] = None
) -> Principal:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise LoginError("log in first: Authorization: Bearer <token>")
    user = authenticate(context.users, authorization[7:].strip(), context.session_now())
    return user.principal()


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=128, pattern=r"^[!-~]+$"),
]
"""Send the same key when retrying a write: it is applied once. Printable ASCII, at
most 128 characters (a UUID fits): each key is kept for a day, so its size is bounded."""


def require_roles(principal: Principal, *roles: Role) -> None:
    from fanzha.dissuade.service import Forbidden

    if principal.role not in roles:
        raise Forbidden(f"role {principal.role} may not do this")
