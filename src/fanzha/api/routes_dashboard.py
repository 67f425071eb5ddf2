"""Dashboard figures, once (``/v1/summary``) or live as Server-Sent Events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from fanzha.api.deps import Context, CurrentPrincipal

router = APIRouter(prefix="/v1", tags=["dashboard"])


@router.get("/summary")
def summary(context: Context, principal: CurrentPrincipal) -> dict[str, Any]:
    return context.tasks.summary(principal)


@router.get("/stream", response_class=StreamingResponse)
async def stream(
    request: Request, context: Context, principal: CurrentPrincipal, interval_s: float = 1.0
) -> StreamingResponse:
    """Pushes the summary whenever it changes (SSE; the browser reconnects by itself)."""
    interval = min(max(interval_s, 0.2), 30.0)

    async def events() -> AsyncIterator[str]:
        last = ""
        while not await request.is_disconnected():
            figures = await asyncio.to_thread(context.tasks.summary, principal)
            figures.pop("now", None)
            text = json.dumps(figures, ensure_ascii=False, sort_keys=True)
            if text != last:
                last = text
                yield f"event: summary\ndata: {text}\n\n"
            else:
                yield ": keep-alive\n\n"
            await asyncio.sleep(interval)

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )
