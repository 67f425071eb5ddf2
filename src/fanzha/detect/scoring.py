"""From a person's signals to a score, a typology, a level and the reasons."""

from __future__ import annotations

from datetime import datetime

from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import FALLBACK_TYPOLOGY


def live_signals(signals: dict[str, Signal], now: datetime, rules: Rules) -> list[Signal]:
    """Signals inside the rules' window, oldest first (a stable order for evidence)."""
    horizon = now - rules.window
    return sorted((s for s in signals.values() if horizon <= s.ts <= now), key=lambda s: s.ts)


def score(signals: list[Signal], rules: Rules) -> float:
    """1 − Π(1 − weight): independent pieces of evidence, each raising the odds."""
    remaining = 1.0
    for signal in signals:
        remaining *= 1.0 - rules.signals[signal.name].weight
    return round(1.0 - remaining, 4)


def typology(signals: list[Signal], rules: Rules) -> str:
    votes: dict[str, float] = {}
    for signal in signals:
        hint = signal.typology or FALLBACK_TYPOLOGY.get(signal.name)
        if hint:
            votes[hint] = votes.get(hint, 0.0) + rules.signals[signal.name].weight
    if not votes:
        return "other"
    return max(sorted(votes), key=lambda t: votes[t])


def reasons(signals: list[Signal], rules: Rules) -> list[str]:
    """One line per signal, Chinese then English."""
    lines = []
    for signal in signals:
        rule = rules.signals[signal.name]
        lines.append(
            f"{rule.zh.format(detail=signal.detail)} | {rule.en.format(detail=signal.detail)}"
        )
    return lines
