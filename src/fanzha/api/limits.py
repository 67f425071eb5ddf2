"""Request bodies bounded per route while they stream in, before anything parses them.

Why a pure ASGI middleware: ``await request.body()`` (and FastAPI's own body
parsing) hold the whole body before a route could look at its size, so 256 MB
posted to the unauthenticated login cost the server 1.5 GB. Here a declared
``Content-Length`` over the limit is refused before a byte is read, and a body
without one (chunked) is counted chunk by chunk as the server receives it and
refused at the first byte over the limit; the chunks read so far are dropped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def too_large_message(limit: int) -> str:
    return (
        f"请求体过大：此接口最多接受 {limit:,} 字节 / "
        f"request body too large: this route takes at most {limit:,} bytes"
    )


class BodyLimits:
    """Which limit applies to a path: the longest matching prefix, else the default."""

    def __init__(self, default: int, per_prefix: Mapping[str, int]) -> None:
        self.default = default
        self.per_prefix = sorted(per_prefix.items(), key=lambda item: -len(item[0]))

    def for_path(self, path: str) -> int:
        for prefix, limit in self.per_prefix:
            if path.startswith(prefix):
                return limit
        return self.default


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.for_path(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # FastAPI re-raises an HTTPException from reading the body as it is,
                    # so every route answers the same 413 wherever it reads.
                    raise HTTPException(413, too_large_message(limit), {"Connection": "close"})
            return message

        await self.app(scope, counting_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length before we see it
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"detail": too_large_message(limit)}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
