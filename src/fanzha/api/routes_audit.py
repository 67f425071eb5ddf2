"""The audit trail, for auditors: read it and verify its sealed chain and checkpoint."""

from __future__ import annotations

from typing import Annotated

import msgspec
from fastapi import APIRouter, Query

from fanzha.api.deps import Context, CurrentPrincipal, require_roles
from fanzha.api.schemas import AuditOut, VerifyOut
from fanzha.security.auditlog import verify
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
