"""The files themselves: valid contract v1, reproducible, with realistic faults."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import yaml
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.contract.errors import Rejection
from fanzha.contract.kinds import TYPOLOGIES
from fanzha.contract.readers import decode_event
from fanzha.sim import SimParams, simulate

from .conftest import City


def test_every_line_is_a_valid_contract_event(city: City) -> None:
    rejected = [r for r in map(decode_event, city.lines) if isinstance(r, Rejection)]
    assert rejected == []
    kinds = Counter(e["kind"] for e in city.events)
    assert set(kinds) == {
        "person", "account", "transfer", "withdrawal", "call", "sms", "app",
        "web", "order", "gold_purchase", "parcel", "report",
    }  # fmt: skip


def test_timestamps_carry_beijing_offset_and_money_is_integer_fen(city: City) -> None:
    assert all(e["ts"].endswith("+08:00") for e in city.events)
    for e in city.events:
        for key in ("amount_fen", "loss_fen", "declared_value_fen"):
            if key in e:
                assert type(e[key]) is int


def test_same_seed_same_bytes_other_seed_other_city(tmp_path: Path) -> None:
    def run(seed: int, name: str) -> tuple[bytes, bytes]:
        result = simulate(SimParams(persons=600, days=1, seed=seed), tmp_path / name)
        return result.events.read_bytes(), result.truth.read_bytes()

    first, again, other = run(5, "a"), run(5, "b"), run(6, "c")
    assert first == again
    assert first[0] != other[0] and first[1] != other[1]


def _activity_after_reference(city: City) -> list[dict[str, object]]:
    return [e for e in city.events if e["kind"] not in ("person", "account")]


def test_duplicates_resend_the_same_event_at_about_the_configured_share(city: City) -> None:
    activity = _activity_after_reference(city)
    keys = Counter((e["source"], e["id"]) for e in activity)
    resent = sum(n - 1 for n in keys.values())
    share = resent / len(keys)
    assert 0.6 * city.params.duplicate_share < share < 1.4 * city.params.duplicate_share
    lines = Counter(city.lines)
    assert all(lines[line] == 2 for line in lines if lines[line] > 1)  # identical copies


def test_late_events_arrive_behind_their_neighbours_by_at_most_the_limit(city: City) -> None:
    seen: set[tuple[str, str]] = set()
    newest = None
    late = total = 0
    limit = city.params.max_lateness_minutes * 60
    for e in _activity_after_reference(city):
        ts = datetime.fromisoformat(str(e["ts"])).timestamp()
        key = (str(e["source"]), str(e["id"]))
        if key not in seen:  # a resent copy is not a late event
            seen.add(key)
            total += 1
            if newest is not None and ts < newest - 30:
                late += 1
                assert newest - ts <= limit + 1
        newest = ts if newest is None else max(newest, ts)
    share = late / total
    assert 0.6 * city.params.late_share < share < 1.4 * city.params.late_share


def test_cli_reads_params_from_yaml_and_options_override(tmp_path: Path) -> None:
    params = tmp_path / "city.yaml"
    params.write_text(yaml.safe_dump({"persons": 300, "days": 1, "seed": 3, "report_rate": 1.0}))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["simulate", "--params", str(params), "--persons", "400", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    truth = yaml.safe_load((out / "truth.json").read_text(encoding="utf-8"))
    assert truth["persons"] == 400 and truth["params"]["report_rate"] == 1.0
    assert {v["typology"] for v in truth["victims"]} == set(TYPOLOGIES)
    assert all(v["report_id"] for v in truth["victims"])
    assert not list(out.glob("spill-*")), "temporary spill files are removed"


def test_cli_refuses_bad_parameters_with_a_plain_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["simulate", "--persons", "10", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "invalid parameters" in result.output and "persons" in result.output
    assert not (tmp_path / "events.jsonl").exists()
