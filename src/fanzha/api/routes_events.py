"""``POST /v1/events``: events in (JSON array or JSON Lines), detection, tasks.

The hottest route of a live center (one event per request, thousands a second):
the body is split and decoded with msgspec, and the answer encoded with it too,
straight from the intake's account — no pydantic model is built per request
(``EventsOut`` still documents the answer).
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

import msgspec
from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError

from fanzha.api.deps import principal_of, require_roles
from fanzha.api.schemas import EventsOut, events_answer
from fanzha.contract.bodies import split_body
from fanzha.contract.errors import Rejection
from fanzha.contract.readers import Accepted, decode_event
from fanzha.flows.intake import Detected, Intake, intake_of
from fanzha.flows.intake_line import IntakeLine, Wait
from fanzha.ingest.loader import Written
from fanzha.security.roles import Role
from fanzha.services import Services

router = APIRouter(prefix="/v1", tags=["events"])
__all__ = ["router"]
_ENCODE = msgspec.json.Encoder()
WAITS = ("detected", "stored")
_WAIT_DOC = (
    "`detected` (default): answer with the warnings and tasks made; "
    "`stored`: answer once stored, detection queued (`detection: queued`)"
)


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
        },
        "parameters": [
            {
                "name": "wait",
                "in": "query",
                "required": False,
                "description": _WAIT_DOC,
                "schema": {"enum": list(WAITS), "type": "string", "default": "detected"},
            },
            {
                "name": "authorization",
                "in": "header",
                "required": False,
                "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            },
        ],
    },
    responses={
        413: {"description": "body too large"},
        422: {"description": "a bad `wait`"},
        503: {"description": "too many events waiting to be stored (Retry-After)"},
    },
)
async def post_events(request: Request) -> Response:
    """Takes events in contract v1; good ones are detected on, bad ones reported by line.

    The answer comes after the commit that stores the batch (with other requests'
    batches: group commit), so an acknowledged event is never lost.

    The login and ``wait`` are read here rather than declared as FastAPI
    parameters: resolving declared dependencies cost this route about a quarter
    of its CPU per request (one event per request, profiled with py-spy)."""
    context: Services = request.app.state.context
    principal = await principal_of(context, request.headers.get("authorization"))
    require_roles(principal, Role.CENTER_ANALYST, Role.ADMIN)
    wait = wait_of(request.query_params.get("wait", "detected"))
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


def wait_of(given: str) -> Wait:
    """``wait`` as the route takes it, or the 422 FastAPI would have answered."""
    if given in WAITS:
        return cast(Wait, given)
    error = {"type": "literal_error", "loc": ("query", "wait"),
             "msg": "Input should be 'stored' or 'detected'", "input": given[:100]}  # fmt: skip
    raise RequestValidationError([error])


def answer(intake: Intake, rejected: list[dict[str, Any]]) -> Response:
    """``EventsOut`` as JSON, encoded by msgspec from the intake's account."""
    return Response(_ENCODE.encode(events_answer(intake, rejected)), media_type="application/json")
