"""What detection emits: signals (internal) and warnings (``contract.warning``)."""

from __future__ import annotations

from datetime import datetime

import msgspec

from fanzha.contract.warning import Warning


class Signal(msgspec.Struct, frozen=True, gc=False):
    """One observed fact about a person, weighed by the rules."""

    name: str
    ts: datetime
    evidence: str
    """The id of the event that showed it."""
    detail: str = ""
    typology: str | None = None
    strength: float = 1.0
    """How sure the detector is (the text model's probability for an SMS; 1 otherwise)."""


__all__ = ["Signal", "Warning"]
