"""The warning: what detection emits and dissuasion, partners and the API consume.

One type for every package (``detect`` makes it, ``dissuade`` turns it into a
task, the flows push it to partners), with the level as a ``Level``. A colour
(红/橙/黄) is how a level is *shown*: warnings files (contract v1) and partner
pushes write it, read it back only where such a file or body comes in
(``decode_warning``, ``Level.parse``), and nothing inside passes it around.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Final

import msgspec


class Level(StrEnum):
    """How urgent a warning is: low (a call or text), medium (a visit), high (a door visit)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for low, 1 for medium, 2 for high: levels compare by this."""
        return _RANK[self]

    @property
    def colour(self) -> str:
        """The display colour (red / orange / yellow), as warnings files and pushes show it."""
        return COLOUR[self]

    @classmethod
    def parse(cls, text: str) -> Level:
        """A level from its name or its display colour (files and bodies written in the
        contract's v1 format carry the colour); ``ValueError`` for anything else."""
        found = _BY_COLOUR.get(text)
        return found if found is not None else cls(text)


LEVELS: Final = (Level.LOW, Level.MEDIUM, Level.HIGH)
"""Lowest first."""
COLOUR: Final = {Level.HIGH: "red", Level.MEDIUM: "orange", Level.LOW: "yellow"}
_RANK: Final = {level: rank for rank, level in enumerate(LEVELS)}
_BY_COLOUR: Final = {colour: level for level, colour in COLOUR.items()}


class Warning(msgspec.Struct, kw_only=True):
    """A warning as ``fanzha detect`` writes it (contract v1, plus ``typology_zh``)."""

    warning_id: str
    person_id: str
    ts: datetime
    level: Level
    typology: str
    score: float
    reasons: list[str] = []
    evidence: list[str] = []
    upgrade: bool = False
    """True when this line raises the level of a warning already written."""
    rules_version: str = ""
    """The rule set that raised it (``Rules.version_label``: file, version, hash)."""
    model_version: str | None = None
    """The learned model that scored it (``fanzha learn``); None: scored by the rules."""


class _Line(Warning, kw_only=True):
    """A warnings-file line: the level written as its display colour."""

    level: str  # type: ignore[assignment]


_ENCODE: Final = msgspec.json.Encoder().encode
_DECODE: Final = msgspec.json.Decoder(_Line).decode


def encode_warning(warning: Warning) -> bytes:
    """One warnings-file line (JSON, no newline): the level shown as its colour."""
    return _ENCODE(msgspec.structs.replace(warning, level=warning.level.colour))


def decode_warning(line: bytes | str) -> Warning:
    """A warnings-file line back into a ``Warning`` (colour or level name accepted)."""
    read = _DECODE(line)
    fields = msgspec.structs.asdict(read)
    fields["level"] = Level.parse(read.level)
    return Warning(**fields)


__all__ = ["COLOUR", "LEVELS", "Level", "Warning", "decode_warning", "encode_warning"]
