"""What detection emits: signals (internal) and warnings (the contract's format)."""

from __future__ import annotations

from datetime import datetime

import msgspec


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


class Warning(msgspec.Struct, kw_only=True):
    """A warning as ``fanzha detect`` writes it (contract v1, plus ``typology_zh``)."""

    warning_id: str
    person_id: str
    ts: datetime
    level: str
    """Display colour: red / orange / yellow (config)."""
    typology: str
    score: float
    reasons: list[str]
    evidence: list[str]
    upgrade: bool = False
    """True when this line raises the level of a warning already written."""
    rules_version: str = ""
    """The rule set that raised it (``Rules.version_label``: file, version, hash)."""
    model_version: str | None = None
    """The learned model that scored it (``fanzha learn``); None: scored by the rules."""
