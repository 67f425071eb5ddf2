"""The issue's bar, on a smaller unseen city so a regression fails CI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fanzha.contract.readers import read_events
from fanzha.contract.warning import Level
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
        assert warning.level in set(Level)
        assert 0 < warning.score <= 1


def test_batches_single_events_and_pruning_give_the_same_warnings(
    unseen_city: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """How events are fed and when memory is freed must never change a warning.

    Short windows make state expire inside the two simulated days; one engine
    frees it every few hundred events, the other never does.
    """
    from datetime import timedelta

    import yaml

    from fanzha.contract.readers import read_event_batches
    from fanzha.detect.rules import DEFAULT_RULES, load_rules

    events, _ = unseen_city
    data = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    data["window_hours"] = 6
    data["money"].update(risk_memory_hours=6, payee_memory_days=0.25)
    path = tmp_path / "short.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rules = load_rules(path)
    lateness = timedelta(hours=2)

    keeping = Engine(rules=rules, lateness=lateness, _prune_at=10**9)
    kept = list(keeping.run(a.event for a in read_events([events])))
    pruning = Engine(rules=rules, lateness=lateness)
    pruned = []
    for batch in read_event_batches([events], chunk=4096):  # batches, not single events
        pruned += pruning.feed_many(batch)
        if pruning._released is not None:
            pruning._forget(pruning._released)  # free memory after every batch
    pruned += pruning.flush()
    assert pruned == kept and len(kept) > 5
    assert pruning.stats.expired_states > keeping.stats.expired_states
    assert len(pruning.persons) < len(keeping.persons)
