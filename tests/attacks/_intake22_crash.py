"""Kill points inside group commit, for ``fanzha serve`` under test (imported before the CLI).

``FANZHA_TEST_INTAKE_CRASH=before_commit|after_commit`` makes the server SIGKILL
itself in the first group commit that holds three requests or more, once some
requests were committed and answered (``ARM_AFTER``): just before
its COMMIT is sent, or just after it (its requests not yet answered). Each group
waits a little first, so concurrent requests queue up and groups form even on a
fast machine. Nothing in fanzha knows of this module: it wraps from outside.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

from sqlalchemy import Engine, event

POINT = os.environ.get("FANZHA_TEST_INTAKE_CRASH")
GROUP = 3
ARM_AFTER = 24
"""Requests committed (and a second gone by) before the kill point is armed, so some
were answered first: with twelve clients the very first group already holds three."""
_IN_GROUP = threading.local()


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _install(point: str) -> None:
    from fanzha.ingest.group import GroupCommit

    commit = GroupCommit._commit

    committed = {"requests": 0, "first": 0.0}

    def crashing(self: Any, group: list[Any]) -> None:
        time.sleep(0.05)  # let more requests queue behind this group
        armed = committed["requests"] >= ARM_AFTER and time.monotonic() - committed["first"] > 1
        if len(group) < GROUP or not armed:
            commit(self, group)
            committed["first"] = committed["first"] or time.monotonic()
            committed["requests"] += len(group)
            return
        if point == "after_commit":
            self.store([a for p in group for a in p.batch])  # committed; nobody answered
            _die()
        _IN_GROUP.on = True
        commit(self, group)

    @event.listens_for(Engine, "commit")
    def committing(_: Any) -> None:
        if getattr(_IN_GROUP, "on", False):
            _die()

    if point not in ("before_commit", "after_commit"):
        raise SystemExit(f"unknown FANZHA_TEST_INTAKE_CRASH {point!r}")
    GroupCommit._commit = crashing  # type: ignore[method-assign]


if POINT:
    _install(POINT)
