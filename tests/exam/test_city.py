"""The examiner's city: deterministic, every line in the contract, truth backed by events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fanzha.contract.errors import Rejection
from fanzha.contract.readers import read_events
from fanzha.exam.city import build, main, write
from fanzha.exam.params import CityParams

SMALL = CityParams(seed=5, persons=1500, days=2, victims_per_10k_per_day=40.0)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("exam") / "a"
    world, truth = build(SMALL)
    write(world, truth, out)
    return out, json.loads((out / "truth.json").read_text(encoding="utf-8"))


def test_same_seed_same_bytes_other_seed_other_city(
    city: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out, _ = city
    main(
        [
            "--seed",
            "5",
            "--persons",
            "1500",
            "--days",
            "2",
            "--out",
            str(tmp_path / "b"),
            "--params",
            str(_params_file(tmp_path)),
        ]
    )
    for name in ("events.jsonl", "truth.json"):
        assert (tmp_path / "b" / name).read_bytes() == (out / name).read_bytes()
    main(["--seed", "6", "--persons", "1500", "--days", "2", "--out", str(tmp_path / "c")])
    assert (tmp_path / "c" / "events.jsonl").read_bytes() != (out / "events.jsonl").read_bytes()


def _params_file(tmp_path: Path) -> Path:
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"victims_per_10k_per_day": 40.0}), encoding="utf-8")
    return path


def test_every_line_is_accepted_by_the_contract_reader(city: tuple[Path, dict[str, Any]]) -> None:
    out, _ = city
    rejected: list[Rejection] = []
    accepted = list(read_events([out / "events.jsonl"], rejected.append))
    lines = (out / "events.jsonl").read_bytes().count(b"\n")
    assert rejected == []
    assert len(accepted) == lines > 10_000
    assert {a.event.kind for a in accepted} >= {
        "person",
        "account",
        "transfer",
        "call",
        "sms",
        "app",
        "web",
        "order",
        "parcel",
        "report",
    }


def test_every_victim_has_a_loss_in_the_events(city: tuple[Path, dict[str, Any]]) -> None:
    out, truth = city
    by_id = {}
    for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        by_id[event["id"]] = event
    assert len({v["typology"] for v in truth["victims"]}) >= 8
    unseen = set(truth["victims_without_observed_loss"])
    for victim in truth["victims"]:
        assert victim["loss_events"] and victim["loss_fen"] > 0
        seen = [by_id[i] for i in victim["loss_events"] if i in by_id]
        assert victim["loss_observed"] == bool(seen) == (victim["person_id"] not in unseen)
        assert all(e["kind"] in ("transfer", "withdrawal", "order", "gold_purchase") for e in seen)
        if seen:
            assert min(e["ts"] for e in seen) >= victim["first_loss_ts"]
        if victim["observable_before_loss"]:
            assert all(i in by_id for i in victim["observable_events_before_loss"])
    # partial sharing hides some victims' money, but most losses reach the center
    assert len(unseen) < len(truth["victims"]) / 2
    for story in truth["lookalikes"]:
        assert story["event_ids"] and all(i in by_id for i in story["observed_event_ids"])
