"""One small city shared by the simulator's tests, read once."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fanzha.sim import SimParams, simulate
from fanzha.sim.city import SimResult


@dataclass
class City:
    params: SimParams
    events_path: Path
    lines: list[bytes]
    events: list[dict[str, Any]]
    """Every line, in file order, duplicates included."""
    by_id: dict[str, dict[str, Any]]
    truth: dict[str, Any]

    def unique(self) -> list[dict[str, Any]]:
        seen: set[tuple[str, str]] = set()
        out = []
        for e in self.events:
            if (e["source"], e["id"]) not in seen:
                seen.add((e["source"], e["id"]))
                out.append(e)
        return out


def build_city(out: Path, **overrides: Any) -> City:
    params = SimParams(**overrides)
    return read_city(params, simulate(params, out))


def read_city(params: SimParams, result: SimResult) -> City:
    lines = result.events.read_bytes().splitlines()
    events = [json.loads(line) for line in lines]
    truth = json.loads(result.truth.read_text(encoding="utf-8"))
    return City(params, result.events, lines, events, {e["id"]: e for e in events}, truth)


@pytest.fixture(scope="session")
def city(build_once: Callable[[str, Callable[[Path], object]], object]) -> City:
    """4,000 residents for two days, with more victims and gold gifts than default
    so that every variant shows up in a city this small (simulated once per run)."""
    params = SimParams(persons=4000, days=2, seed=11, victims_per_10k_per_day=20, gold_gift=0.004)
    result = build_once("sim-city", lambda out: simulate(params, out))
    assert isinstance(result, SimResult)
    return read_city(params, result)
