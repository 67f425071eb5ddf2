"""``POST /v1/events``: events in (JSON array or JSON Lines), detection, tasks."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request

from fanzha.api.deps import Context, CurrentPrincipal, require_roles
from fanzha.api.schemas import EventsOut, RejectedLine, events_out
from fanzha.contract.bodies import split_body
from fanzha.contract.errors import Rejection
from fanzha.contract.readers import Accepted, decode_event
from fanzha.flows.intake import accept_events
from fanzha.security.roles import Role

router = APIRouter(prefix="/v1", tags=["events"])
__all__ = ["router"]


@router.post(
    "/events",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
        }
    },
    responses={413: {"description": "body too large"}},
)
async def post_events(request: Request, context: Context, principal: CurrentPrincipal) -> EventsOut:
    """Takes events in contract v1; good ones are detected on, bad ones reported by line."""
    require_roles(principal, Role.CENTER_ANALYST, Role.ADMIN)
    body = await request.body()  # its size is bounded while it streams in (api.limits)
    rejected: list[RejectedLine] = []
    good: list[Accepted] = []
    for number, raw in enumerate(split_body(body), start=1):
        result = decode_event(raw, "request", number)
        if isinstance(result, Rejection):
            rejected.append(RejectedLine(line=number, field=result.field, error=result.error))
        else:
            good.append(result)
    return events_out(await asyncio.to_thread(accept_events, context, good), rejected)
