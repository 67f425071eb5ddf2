"""Kill points for ``fanzha serve`` under test: imported before the CLI runs.

``FANZHA_TEST_CRASH_AT=<point>`` makes the server SIGKILL itself at that point
of the first request that carries an Idempotency-Key. Nothing in fanzha knows
of this module: the points wrap its functions from outside, so the server under
test is the one operators run, dying where a power cut could stop it.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from sqlalchemy import Engine, event

POINTS = ("after_claim", "after_effect", "before_commit", "after_commit")
"""In request order: key claimed; task saved (audit not yet); answer stored, COMMIT not
yet sent; committed, answer not yet sent to the client."""
POINT = os.environ.get("FANZHA_TEST_CRASH_AT")
_KEYED = threading.local()
"""Set while this thread runs a request that carries an Idempotency-Key."""


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _mark_keyed_requests() -> None:
    """Wraps ``run_once`` before any route imports it, so a point knows a keyed request."""
    from fanzha.api import idempotency

    run_once = idempotency.run_once

    def marked(context: Any, user_id: str, key: str | None, *args: Any, **kwargs: Any) -> Any:
        _KEYED.on = key is not None
        try:
            return run_once(context, user_id, key, *args, **kwargs)
        finally:
            _KEYED.on = False

    idempotency.run_once = marked


def _keyed() -> bool:
    return bool(getattr(_KEYED, "on", False))


def _install(point: str) -> None:
    from fanzha.dissuade.sql import SqlTaskRepository
    from fanzha.store import idempotency, unit

    if point == "after_claim":
        claim = idempotency._claim

        def claimed(*args: Any, **kwargs: Any) -> Any:
            found = claim(*args, **kwargs)
            if found is None:
                _die()
            return found

        idempotency._claim = claimed
    elif point == "after_effect":
        save = SqlTaskRepository.save

        def saved(self: Any, *args: Any, **kwargs: Any) -> None:
            save(self, *args, **kwargs)
            if _keyed():  # the effect is written; its answer is not yet remembered
                _die()

        SqlTaskRepository.save = saved  # type: ignore[method-assign]
    elif point == "before_commit":

        @event.listens_for(Engine, "commit")
        def committing(conn: Any) -> None:
            current = unit._UNIT.get()
            if current is not None and current[1] is conn:
                _die()

    elif point == "after_commit":
        once = idempotency.SqlIdempotencyStore.once

        def answered(self: Any, *args: Any, **kwargs: Any) -> Any:
            once(self, *args, **kwargs)
            _die()

        idempotency.SqlIdempotencyStore.once = answered  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown FANZHA_TEST_CRASH_AT {point!r}; known: {', '.join(POINTS)}")


if POINT:
    _mark_keyed_requests()
    _install(POINT)
