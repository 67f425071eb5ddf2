"""Login, logout and who-am-I.

Login is ``async`` on purpose: the Argon2 check runs on the login guard's own
few threads (``VerifyPool``) while the request waits on the event loop, so a
flood of logins queues there and never takes the threads other routes run on.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Header, Request

from fanzha.api.abilities import abilities_of
from fanzha.api.deps import Context, CurrentPrincipal
from fanzha.api.schemas import LoginIn, LoginOut
from fanzha.security.roles import Principal
from fanzha.security.users import SESSION_LIFETIME, logout

router = APIRouter(prefix="/v1/auth", tags=["auth"])


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post(
    "/login",
    responses={
        401: {"description": "wrong credentials"},
        429: {"description": "locked out after too many failures (Retry-After)"},
        503: {"description": "too many logins at once (Retry-After)"},
    },
)
async def post_login(body: LoginIn, request: Request, context: Context) -> LoginOut:
    guard = context.logins
    address = client_address(request)
    await asyncio.to_thread(guard.check_locked, body.user_id, address)  # no Argon2 when locked
    work = guard.pool.submit(lambda: guard.attempt(body.user_id, body.password, address))
    token, user = await asyncio.wrap_future(work)
    return LoginOut(
        token=token,
        user_id=user.user_id,
        role=str(user.role),
        district=user.district,
        expires_in_s=int(SESSION_LIFETIME.total_seconds()),
        abilities=abilities_of(user.role),
    )


@router.post("/logout", status_code=204, responses={401: {}})
def post_logout(
    context: Context,
    principal: CurrentPrincipal,
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    """End this session on the server: the token answers 401 on every route afterwards."""
    assert authorization is not None  # CurrentPrincipal checked it
    logout(context.users, authorization[7:].strip())
    context.audit.append(principal, "logout", "user", principal.user_id, context.session_now())


@router.get("/me")
def get_me(principal: CurrentPrincipal) -> dict[str, str | list[str] | None]:
    return {**_principal_dict(principal), "abilities": abilities_of(principal.role)}


def _principal_dict(principal: Principal) -> dict[str, str | None]:
    return {
        "user_id": principal.user_id,
        "role": str(principal.role),
        "district": principal.district,
        "station": principal.station,
    }
