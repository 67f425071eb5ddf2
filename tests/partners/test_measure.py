"""On a simulated city: cash couriers and gold by mail are caught at the check, benign
item-only orders and gifted gold pass."""

from __future__ import annotations

import json
from pathlib import Path

from fanzha.contract.readers import read_events_deduplicated
from fanzha.partners.measure import measure_checks
from fanzha.sim.city import simulate
from fanzha.sim.params import SimParams


def test_courier_and_gold_mail_scams_are_flagged_and_benign_ones_pass(tmp_path: Path) -> None:
    params = SimParams(
        persons=15_000,
        days=2,
        seed=8088,
        victims_per_10k_per_day=6.0,
        typology_weights={"impersonate_police": 1.0},
        police_cash_courier_share=0.5,
        police_gold_mail_share=0.5,
        item_only_delivery=0.01,
        gold_gift=0.004,
    )
    simulate(params, tmp_path)
    truth = json.loads((tmp_path / "truth.json").read_text())
    events = (a.event for a in read_events_deduplicated([tmp_path / "events.jsonl"]))
    figures = measure_checks(events, truth)
    assert figures.scam_checked >= 5
    assert figures.scam_missed == []
    assert figures.benign_checked >= 200
    assert figures.benign_flagged * 200 <= figures.benign_checked
