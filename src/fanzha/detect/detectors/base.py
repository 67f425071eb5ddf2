"""What several detectors share: time arithmetic, stems, the memo of pure answers."""

from __future__ import annotations

from datetime import datetime

from fanzha.detect.memo import BoundedMemo
from fanzha.detect.state import PersonState

MEMO_SIZE = 1 << 16

Finding = tuple[str, str | None] | tuple[str, str | None, float] | None
"""What a text or a site says on its own: (detail, typology[, strength]), or nothing."""
Memo = BoundedMemo[str, Finding]
"""What texts and sites were already found to say (size: ``MEMO_SIZE``)."""


def epoch(ts: datetime) -> float:
    return ts.timestamp()


def recent_risk(person: PersonState, ts: datetime, hours: float) -> bool:
    """The person had a risky contact within ``hours`` before ``ts``."""
    return person.risk_at is not None and 0 <= epoch(ts) - person.risk_at <= hours * 3600


def stem(text: str, stems: dict[str, list[str]]) -> tuple[str, str] | None:
    """The first (typology, stem) whose stem occurs in ``text`` (case folded)."""
    lowered = text.lower()
    for typology, words in stems.items():
        for word in words:
            if word in lowered:
                return typology, word
    return None


def yuan(fen: int) -> str:
    """¥ and whole yuan with thousands separators, as the reasons show money."""
    return f"¥{fen // 100:,}"
