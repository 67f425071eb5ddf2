"""Idempotent writes over HTTP: a repeated ``Idempotency-Key`` returns the first answer.

The answers are kept by ``fanzha.store.idempotency``; this module turns a route's
result into the response that is stored and replayed.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Response
from pydantic import BaseModel

from fanzha.services import Services


def run_once(
    context: Services,
    user_id: str,
    key: str | None,
    request: tuple[str, str, bytes],
    run: Callable[[], BaseModel],
    status: int = 200,
) -> Response:
    """Run a write once per request key; a retry gets the stored answer, unchanged.

    ``request`` is (method, path, body) and fingerprints the call, so reusing a
    key for a different request is refused. Endpoints are plain functions (run
    in FastAPI's thread pool), so waiting on the per-key lock never blocks the
    event loop.
    """
    if key is None:
        return Response(run().model_dump_json(), status_code=status, media_type="application/json")
    store = context.idempotency
    fingerprint = store.fingerprint(*request)

    def write() -> tuple[int, bytes]:
        return status, run().model_dump_json().encode()

    with store.lock_for(user_id, key):
        stored = store.once(user_id, key, fingerprint, context.clock.now(), write)
    return Response(stored.body, status_code=stored.status, media_type="application/json")
