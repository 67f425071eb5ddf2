"""The bare stack's floor: FastAPI + uvicorn that only decodes the body with msgspec.

    python benchmarks/_floor.py PORT

What ``POST /v1/events`` could at best do on this machine with the same
framework, server and decoder: ``benchmarks/api.py --intake`` steps it beside
``fanzha serve`` in the same run, so a figure for intake is read against it.
"""

from __future__ import annotations

import sys

import msgspec
import uvicorn
from fastapi import FastAPI, Request

app = FastAPI()
_DECODE = msgspec.json.Decoder(list[dict[str, object]])


@app.post("/v1/events")
async def post_events(request: Request) -> dict[str, int]:
    events = _DECODE.decode(await request.body())
    return {"accepted": len(events), "new": len(events)}


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
