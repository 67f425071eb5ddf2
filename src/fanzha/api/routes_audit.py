"""The audit trail, for auditors: read it and verify its sealed chain and checkpoint."""

from __future__ import annotations

from typing import Annotated

import msgspec
from fastapi import APIRouter, Query
from pydantic import BaseModel

from fanzha.api.deps import Context, CurrentPrincipal, Moment, Offset, require_roles
from fanzha.api.schemas import AuditOut, VerifyOut
from fanzha.security.auditlog import AuditFilter, verify
from fanzha.security.roles import Role

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("", responses={403: {}})
def list_audit(
    context: Context,
    principal: CurrentPrincipal,
    object_id: Annotated[str | None, Query(max_length=160)] = None,
    limit: int = 500,
) -> list[AuditOut]:
    require_roles(principal, Role.AUDITOR, Role.ADMIN)
    entries = [e for e in context.audit.entries() if object_id is None or e.object_id == object_id]
    context.audit.append(principal, "view", "audit", object_id or "*", context.clock.now())
    return [AuditOut.model_validate(msgspec.to_builtins(e)) for e in entries[-max(limit, 0) :]]


class AuditPageOut(BaseModel):
    total: int
    offset: int
    limit: int
    entries: list[AuditOut]


@router.get("/page", responses={403: {}, 422: {}})
def page_audit(
    context: Context,
    principal: CurrentPrincipal,
    user_id: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=32)] = None,
    object_id: Annotated[str | None, Query(max_length=160)] = None,
    since: Moment | None = None,
    until: Moment | None = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AuditPageOut:
    """The trail newest first, filtered and paged in the database (the audit page)."""
    require_roles(principal, Role.AUDITOR, Role.ADMIN)
    where = AuditFilter(
        user_id=user_id or None,
        action=action or None,
        object_id=object_id or None,
        since=since,
        until=until,
    )
    found = context.audit.page(where, offset, limit)
    context.audit.append(
        principal,
        "view",
        "audit",
        object_id or user_id or "*",
        context.clock.now(),
        {"offset": offset, **({"action": action} if action else {})},
    )
    entries = [AuditOut.model_validate(msgspec.to_builtins(e)) for e in found.entries]
    return AuditPageOut(total=found.total, offset=offset, limit=limit, entries=entries)


@router.get("/verify", responses={403: {}})
def verify_audit(context: Context, principal: CurrentPrincipal) -> VerifyOut:
    require_roles(principal, Role.AUDITOR, Role.ADMIN)
    broken = verify(context.audit)
    count = len(context.audit.entries())
    if broken is None:
        return VerifyOut(intact=True, entries=count)
    return VerifyOut(
        intact=False,
        entries=count,
        broken_at=broken.seq,
        reason=broken.reason,
        reason_zh=broken.reason_zh,
    )
