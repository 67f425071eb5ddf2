"""Kill points for the bus processes under test: imported before the CLI runs.

``FANZHA_TEST_BUS_CRASH=<point>:<n>`` makes the process SIGKILL itself at the
n-th time it reaches the point, where a power cut hurts most:

- ``taken``: a server has committed a warning's task and not yet acknowledged
  the warning to JetStream (it must not make the task again when redelivered);
- ``published``: the detector has had a batch's warnings acknowledged by
  JetStream and not yet acknowledged the batch's events (it must neither lose
  nor double a warning when it reads them again).

Before dying it leaves ``crashed-<point>`` in the data directory, so the
test knows the point was reached. Nothing in fanzha knows of this module: it
wraps fanzha's functions from outside.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

_SPEC = os.environ.get("FANZHA_TEST_BUS_CRASH")
_reached = 0


def _count() -> None:
    global _reached
    _reached += 1
    if _SPEC is not None and _reached >= int(_SPEC.split(":")[1]):
        point = _SPEC.split(":")[0]
        (Path(os.environ["FANZHA_DATA_DIR"]) / f"crashed-{point}").touch()  # the test asks
        os.kill(os.getpid(), signal.SIGKILL)


def _install(point: str) -> None:
    if point == "taken":
        from fanzha.server import bus_consumer

        take = bus_consumer.take_warning

        def taken(*args: Any) -> Any:
            found = take(*args)
            if found is not None:
                _count()
            return found

        bus_consumer.take_warning = taken  # type: ignore[assignment]
    elif point == "published":
        from fanzha.server import detector

        publish = detector.publish_warnings

        async def published(js: Any, warnings: list[Any]) -> None:
            await publish(js, warnings)
            if warnings:
                _count()

        detector.publish_warnings = published  # type: ignore[assignment]
    else:
        raise ValueError(f"unknown bus crash point {point!r}")


if _SPEC:
    _install(_SPEC.split(":")[0])
