"""Per-partner rate limiting with a token bucket (bursts allowed, averages capped)."""

from __future__ import annotations

from datetime import datetime

from fanzha.clock import Clock


class TokenBucket:
    def __init__(self, rate_per_s: float, clock: Clock, burst: float | None = None) -> None:
        self.rate = rate_per_s
        self.capacity = burst if burst is not None else max(rate_per_s, 1.0)
        self._tokens = self.capacity
        self._clock = clock
        self._last: datetime = clock.now()

    def take(self, cost: float = 1.0) -> bool:
        """Spend ``cost`` tokens if there are enough; refill by elapsed time first."""
        now = self._clock.now()
        elapsed = max((now - self._last).total_seconds(), 0.0)
        self._last = now
        self._tokens = min(self.capacity, self._tokens + elapsed * self.rate)
        if self._tokens >= cost:
            self._tokens -= cost
            return True
        return False

    def retry_after_s(self, cost: float = 1.0) -> float:
        return max(cost - self._tokens, 0.0) / self.rate if self.rate > 0 else float("inf")
