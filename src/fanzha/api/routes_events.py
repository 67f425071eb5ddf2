"""``POST /v1/events``: events in (JSON array or JSON Lines), detection, tasks."""

from __future__ import annotations

import asyncio

import msgspec
from fastapi import APIRouter, Request

from fanzha.api.deps import Context, CurrentPrincipal, require_roles
from fanzha.api.intake import accept_events
from fanzha.api.schemas import EventsOut, RejectedLine
from fanzha.contract.errors import Rejection
from fanzha.contract.readers import Accepted, decode_event
from fanzha.security.roles import Role

router = APIRouter(prefix="/v1", tags=["events"])
MAX_BODY = 16 * 1024 * 1024


def split_body(body: bytes) -> list[bytes]:
    """A JSON array's items, or the lines of a JSON Lines body, as raw JSON texts."""
    stripped = body.lstrip()
    if stripped.startswith(b"["):
        try:
            items = msgspec.json.decode(stripped, type=list[msgspec.Raw])
        except msgspec.DecodeError:
            return [stripped]  # reported as one bad line by the decoder
        return [bytes(item) for item in items]
    return [line for line in body.splitlines() if line.strip()]


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
    body = await request.body()
    if len(body) > MAX_BODY:
        from fastapi import HTTPException

        raise HTTPException(413, f"body over {MAX_BODY} bytes: split it")
    rejected: list[RejectedLine] = []
    good: list[Accepted] = []
    for number, raw in enumerate(split_body(body), start=1):
        result = decode_event(raw, "request", number)
        if isinstance(result, Rejection):
            rejected.append(RejectedLine(line=number, field=result.field, error=result.error))
        else:
            good.append(result)
    return await asyncio.to_thread(accept_events, context, good, rejected)
