"""A bounded memo of pure answers, shared by the detectors and the list lookups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
_MISSING: Any = object()


class BoundedMemo(Generic[K, V]):
    """Answers already worked out, at most ``size`` of them.

    When full it starts again: a burst of unique keys costs some work done
    twice, never unbounded memory. Only for pure answers.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: dict[K, V] = {}

    def clear(self) -> None:
        self._answers.clear()

    def get(self, key: K, compute: Callable[..., V], *args: Any) -> V:
        """The answer for ``key``; on a miss ``compute(*args)`` works it out."""
        found = self._answers.get(key, _MISSING)
        if found is _MISSING:
            found = compute(*args)
            if len(self._answers) >= self.size:
                self._answers.clear()
            self._answers[key] = found
        return found  # type: ignore[no-any-return]


__all__ = ["BoundedMemo"]
