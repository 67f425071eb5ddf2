"""What the ring service asks of storage: the kept rings and the analysts' decisions.

The service is handed a ``RingRepository`` and a source of events, so it knows
nothing of SQL; ``rings.sql`` holds the store's implementation.
"""

from __future__ import annotations

from typing import Protocol

from fanzha.rings.kept import Decision, KeptRing


class RingVersionConflict(Exception):
    def __init__(self, ring_id: str, current_version: int) -> None:
        super().__init__(f"ring {ring_id} changed meanwhile (now version {current_version})")
        self.ring_id, self.current_version = ring_id, current_version


class RingRepository(Protocol):
    def get(self, ring_id: str) -> KeptRing | None: ...
    def all(self) -> dict[str, KeptRing]: ...
    def ring_of(self, kind: str, member: str) -> str | None:
        """The active ring holding a case, account, phone or address."""
        ...

    def replace_all(self, rings: dict[str, KeptRing]) -> None:
        """The whole set, at once (a rebuild or a load)."""
        ...

    def save(self, rings: list[KeptRing], expected: dict[str, int]) -> None:
        """Changed rings, compare-and-set on the versions read (new rings are inserted);
        ``RingVersionConflict`` when one changed meanwhile."""
        ...

    def add_decision(self, decision: Decision) -> None: ...
    def decisions(self) -> list[Decision]:
        """The decisions in the order they were taken: replayed over a rebuild."""
        ...


__all__ = ["RingRepository", "RingVersionConflict"]
