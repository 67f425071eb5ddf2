"""Login and who-am-I."""

from __future__ import annotations

from fastapi import APIRouter

from fanzha.api.deps import Context, CurrentPrincipal
from fanzha.api.schemas import LoginIn, LoginOut
from fanzha.security.roles import Principal
from fanzha.security.users import SESSION_LIFETIME, login

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post("/login", responses={401: {"description": "wrong credentials"}})
def post_login(body: LoginIn, context: Context) -> LoginOut:
    now = context.session_now()
    token = login(context.users, body.user_id, body.password, now)
    user = context.users.get(body.user_id)
    assert user is not None
    context.audit.append(user.principal(), "login", "user", user.user_id, now)
    return LoginOut(
        token=token,
        user_id=user.user_id,
        role=str(user.role),
        district=user.district,
        expires_in_s=int(SESSION_LIFETIME.total_seconds()),
    )


@router.get("/me")
def get_me(principal: CurrentPrincipal) -> dict[str, str | None]:
    return _principal_dict(principal)


def _principal_dict(principal: Principal) -> dict[str, str | None]:
    return {
        "user_id": principal.user_id,
        "role": str(principal.role),
        "district": principal.district,
        "station": principal.station,
    }
