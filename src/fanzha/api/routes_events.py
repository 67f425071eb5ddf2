"""``POST /v1/events``: events in (JSON array or JSON Lines), detection, tasks.

The hottest route of a live center (one event per request, thousands a second):
the body is split and decoded with msgspec, and the answer encoded with it too,
straight from the intake's account — no pydantic model is built per request
(``EventsOut`` still documents the answer).
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Query, Request, Response

from fanzha.api.deps import CurrentPrincipal, require_roles
from fanzha.api.schemas import EventsOut
from fanzha.contract.bodies import split_body
from fanzha.contract.errors import Rejection
from fanzha.contract.readers import Accepted, decode_event
from fanzha.flows.intake import Detected, Intake, intake_of
from fanzha.flows.intake_line import IntakeLine, Wait
from fanzha.ingest.loader import Written
from fanzha.security.roles import Role

router = APIRouter(prefix="/v1", tags=["events"])
__all__ = ["router"]
_ENCODE = msgspec.json.Encoder()


@router.post(
    "/events",
    response_model=EventsOut,
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
) -> Response:
    """Takes events in contract v1; good ones are detected on, bad ones reported by line.

    The answer comes after the commit that stores the batch (with other requests'
    batches: group commit), so an acknowledged event is never lost."""
    require_roles(principal, Role.CENTER_ANALYST, Role.ADMIN)
    body = await request.body()  # its size is bounded while it streams in (api.limits)
    rejected: list[dict[str, Any]] = []
    good: list[Accepted] = []
    for number, raw in enumerate(split_body(body), start=1):
        result = decode_event(raw, "request", number)
        if isinstance(result, Rejection):
            rejected.append({"line": number, "field": result.field, "error": result.error})
        else:
            good.append(result)
    if not good:
        return answer(intake_of(good, Written(set(), []), Detected()), rejected)
    line: IntakeLine = request.app.state.intake
    return answer(await asyncio.wrap_future(line.submit(good, wait)), rejected)


def answer(intake: Intake, rejected: list[dict[str, Any]]) -> Response:
    """``EventsOut`` as JSON, encoded by msgspec from the intake's account."""
    conflicts = [
        {
            "line": c.accepted.line,
            "source": c.accepted.event.source,
            "id": c.accepted.event.id,
            "fields": c.fields,
        }
        for c in intake.conflicts
    ]
    return Response(
        _ENCODE.encode(
            {
                "accepted": intake.accepted,
                "new": intake.new,
                "duplicates": intake.duplicates,
                "conflicts": conflicts,
                "rejected": rejected,
                "warnings": intake.warnings,
                "tasks": intake.tasks,
                "detection": intake.detection,
            }
        ),
        media_type="application/json",
    )
