"""Dashboard figures, once (``/v1/summary``) or live as Server-Sent Events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from fanzha.api.context import ApiContext
from fanzha.api.deps import Context, CurrentPrincipal
from fanzha.security.roles import Principal
from fanzha.settings import get_settings

router = APIRouter(prefix="/v1", tags=["dashboard"])


def figures(context: ApiContext, principal: Principal) -> dict[str, Any]:
    """The task summary, plus the money banks stopped today (the center's local day)."""
    found = context.tasks.summary(principal)
    if context.cases is not None:
        zone = ZoneInfo(get_settings().timezone)
        today = (
            context.clock.now().astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        )
        found["stopped_today_fen"] = context.cases.stopped_since(principal, today)
    return found


@router.get("/summary")
def summary(context: Context, principal: CurrentPrincipal) -> dict[str, Any]:
    return figures(context, principal)


@router.get("/stream", response_class=StreamingResponse)
async def stream(
    request: Request, context: Context, principal: CurrentPrincipal, interval_s: float = 1.0
) -> StreamingResponse:
    """Pushes the summary whenever it changes (SSE; the browser reconnects by itself)."""
    interval = min(max(interval_s, 0.2), 30.0)

    async def events() -> AsyncIterator[str]:
        last = ""
        while not await request.is_disconnected():
            found = await asyncio.to_thread(figures, context, principal)
            found.pop("now", None)
            text = json.dumps(found, ensure_ascii=False, sort_keys=True)
            if text != last:
                last = text
                yield f"event: summary\ndata: {text}\n\n"
            else:
                yield ": keep-alive\n\n"
            await asyncio.sleep(interval)

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )
