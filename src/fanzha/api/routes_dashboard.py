"""Dashboard figures, once (``/v1/summary``) or live as Server-Sent Events."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from fanzha.api.deps import Context, CurrentPrincipal
from fanzha.dissuade.feed import TaskChange
from fanzha.security.roles import Principal
from fanzha.services import Services
from fanzha.settings import center_zone

router = APIRouter(prefix="/v1", tags=["dashboard"])
POLL_S = 0.25
"""How often a stream looks at the in-memory task log (a counter compare)."""
HEARTBEAT_S = 5.0
SUMMARY_EVERY_S = 15.0
"""Figures are recomputed at least this often (other processes, deadlines coming due)."""


def figures(context: Services, principal: Principal) -> dict[str, Any]:
    """The task summary, plus the money banks stopped today (the center's local day)."""
    found = context.tasks.summary(principal, soon_s=int(300 * context.deadline_scale))
    if context.cases is not None:
        zone = center_zone()
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
    """Server-Sent Events for the live pages, one stream per browser tab.

    ``task``: a task in the principal's jurisdiction was created, upgraded,
    acted on, escalated or handed over (``red``: a new red warning); tasks of
    other districts are never named. ``summary``: the dashboard figures, sent
    when they change — recomputed after a visible task change (at most every
    ``interval_s``) or every 15 s, not on every tick, so a tab costs little.
    ``clock``: the server's (in a demo: the simulated) time and speed, every 5 s,
    doubling as the heartbeat. ``resync``: changes were missed; reload.
    """
    interval = min(max(interval_s, 0.2), 30.0)
    feed = context.task_feed
    speed = getattr(context.clock, "speed", None)

    def clock_event() -> str:
        now = context.clock.now().isoformat()
        body = {"now": now, "speed": speed, "deadline_scale": context.deadline_scale}
        return f"event: clock\ndata: {json.dumps(body)}\n\n"

    async def events() -> AsyncIterator[str]:
        seq = feed.seq if feed is not None else 0
        last = ""
        figured = beat = -1e9
        dirty = True
        yield "retry: 3000\n\n"
        while not await request.is_disconnected():
            tick = time.monotonic()
            changes = feed.since(seq) if feed is not None else []
            if changes is None:  # fell behind the log: the page reloads what it shows
                seq, dirty = feed.seq, True
                yield "event: resync\ndata: {}\n\n"
            elif changes:
                seq = changes[-1].seq
                for change in changes:
                    told = _told(context, principal, change)
                    if told is not None:
                        dirty = True
                        yield f"event: task\ndata: {json.dumps(told, ensure_ascii=False)}\n\n"
            if (dirty and tick - figured >= interval) or tick - figured >= SUMMARY_EVERY_S:
                dirty, figured = False, tick
                found = await asyncio.to_thread(figures, context, principal)
                found.pop("now", None)
                text = json.dumps(found, ensure_ascii=False, sort_keys=True)
                if text != last:
                    last = text
                    yield f"event: summary\ndata: {text}\n\n"
            if tick - beat >= HEARTBEAT_S:
                beat = tick
                yield clock_event()
            await asyncio.sleep(POLL_S)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _told(context: Services, principal: Principal, change: TaskChange) -> dict[str, Any] | None:
    """What the principal is told of a change, or None when it is not theirs.

    A task handed over out of the principal's jurisdiction is told as gone,
    without where it went; one handed in is told as theirs.
    """
    task = change.task
    here = context.tasks.visible(principal, task)
    left = (
        change.before is not None and not here and context.tasks.visible(principal, change.before)
    )
    if not here and not left:
        return None
    shown = change.before if left and change.before is not None else task
    return {
        "kind": change.kind,
        "task_id": task.task_id,
        "level": str(task.level),
        "state": str(task.state),
        "tier": str(task.tier),
        "version": task.version,
        "district": shown.district,
        "station": shown.station,
        "gone": left,
        "red": change.red,
        "at": change.at.isoformat() if change.at else None,
    }
