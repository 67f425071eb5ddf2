"""``POST /v1/events``: events in (JSON array or JSON Lines), detection, tasks."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request

from fanzha.api.deps import CurrentPrincipal, require_roles
from fanzha.api.schemas import EventsOut, RejectedLine, events_out
from fanzha.contract.bodies import split_body
from fanzha.contract.errors import Rejection
from fanzha.contract.readers import Accepted, decode_event
from fanzha.flows.intake import Detected, intake_of
from fanzha.flows.intake_line import IntakeLine, Wait
from fanzha.ingest.loader import Written
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
    responses={
        413: {"description": "body too large"},
        503: {"description": "too many events waiting to be stored (Retry-After)"},
    },
)
async def post_events(
    request: Request,
    principal: CurrentPrincipal,
    wait: Annotated[
        Wait,
        Query(
            description="`detected` (default): answer with the warnings and tasks made; "
            "`stored`: answer once stored, detection queued (`detection: queued`)"
        ),
    ] = "detected",
) -> EventsOut:
    """Takes events in contract v1; good ones are detected on, bad ones reported by line.

    The answer comes after the commit that stores the batch (with other requests'
    batches: group commit), so an acknowledged event is never lost."""
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
    if not good:
        return events_out(intake_of(good, Written(set(), []), Detected()), rejected)
    line: IntakeLine = request.app.state.intake
    return events_out(await asyncio.wrap_future(line.submit(good, wait)), rejected)
