"""The issue's bar, on a smaller unseen city so a regression fails CI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fanzha.contract.readers import read_events
from fanzha.detect.backtest import judge
from fanzha.detect.engine import Engine


def test_most_victims_are_warned_before_their_first_loss(
    unseen_city: tuple[Path, dict[str, Any]],
) -> None:
    events, truth = unseen_city
    from datetime import timedelta

    warnings = list(Engine(lateness=timedelta(hours=2)).run(a.event for a in read_events([events])))
    result = judge(warnings, truth)
    assert result.overall.victims >= 10
    assert result.overall.recall >= 0.85, result.overall
    assert result.false_per_10k_day <= 5.0
    assert result.overall.median_lead > 0
    # every warning explains itself, in both languages, with evidence ids
    for warning in warnings:
        assert warning.reasons and all(" | " in r for r in warning.reasons)
        assert warning.evidence
        assert warning.level in {"red", "orange", "yellow"}
        assert 0 < warning.score <= 1
