"""Early victims: the districts a demo names each get a scam that starts when it begins."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from fanzha.sim import SimParams, simulate


def test_each_named_district_gets_a_victim_first_contacted_in_the_window(tmp_path: Path) -> None:
    districts = ["硚口区", "洪山区", "新洲区"]
    params = SimParams(persons=1500, seed=3, early_victim_districts=districts,
                       early_victim_from="09:30", early_victim_window_minutes=15)  # fmt: skip
    result = simulate(params, tmp_path)
    truth = json.loads(result.truth.read_text())
    homes = {}
    for line in result.events.read_text().splitlines():
        event = json.loads(line)
        if event["kind"] == "person":
            homes[event["person_id"]] = event["district"]
    start = datetime.fromisoformat(truth["start"]) + timedelta(hours=9, minutes=30)
    early = {
        homes[v["person_id"]]
        for v in truth["victims"]
        if start <= datetime.fromisoformat(v["first_contact_ts"]) <= start + timedelta(minutes=15)
    }
    assert set(districts) <= early


def test_without_early_districts_the_city_is_the_same(tmp_path: Path) -> None:
    plain = simulate(SimParams(persons=800, seed=4), tmp_path / "a")
    named = simulate(SimParams(persons=800, seed=4, early_victim_districts=[]), tmp_path / "b")
    assert plain.events.read_bytes() == named.events.read_bytes()


def test_an_unknown_district_is_named() -> None:
    with pytest.raises(ValidationError, match="硚口"):
        SimParams(early_victim_districts=["硚口"])  # not the full name: refused, said which
