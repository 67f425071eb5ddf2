"""Time is injected, never read ad hoc, so tests and replays control it."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock time, timezone-aware (UTC)."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to: for tests and accelerated replays."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("ManualClock.set needs a timezone-aware moment")
        self._now = moment


class ReplayClock:
    """Simulated time running ``speed`` times faster than the wall clock.

    ``fanzha demo`` replays a simulated day on it: deadlines, sweeps and
    dashboards see the day's time, an hour passing in a minute at speed 60.
    ``set`` jumps (to fast-forward through a quiet night); time then runs on
    from there.
    """

    def __init__(self, start: datetime, speed: float) -> None:
        if start.tzinfo is None:
            raise ValueError("ReplayClock needs a timezone-aware start")
        if speed <= 0:
            raise ValueError("ReplayClock speed must be positive")
        self.speed = speed
        self._lock = threading.Lock()
        self._anchor = start
        self._anchor_wall = time.monotonic()

    def now(self) -> datetime:
        with self._lock:
            elapsed = time.monotonic() - self._anchor_wall
            return self._anchor + timedelta(seconds=elapsed * self.speed)

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("ReplayClock.set needs a timezone-aware moment")
        with self._lock:
            self._anchor = moment
            self._anchor_wall = time.monotonic()

    def wall_seconds_until(self, moment: datetime) -> float:
        """Real seconds to wait until simulated ``moment`` (0 if it has passed)."""
        return max(0.0, (moment - self.now()).total_seconds() / self.speed)
