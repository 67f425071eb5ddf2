from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fanzha.sim import SimParams, simulate
from fanzha.sim.city import SimResult


@pytest.fixture(scope="session")
def unseen_city(
    build_once: Callable[[str, Callable[[Path], object]], object],
) -> tuple[Path, dict[str, Any]]:
    """A city with a seed and rates the rules were not tuned on (built once per run)."""
    params = SimParams(
        persons=6000,
        days=2,
        seed=20261125,
        victims_per_10k_per_day=9.0,
        signal_drop_share=0.2,
        tagged_call_share=0.4,
        duplicate_share=0.02,
        late_share=0.03,
    )
    result = build_once("unseen-city", lambda out: simulate(params, out))
    assert isinstance(result, SimResult)
    return result.events, json.loads(result.truth.read_text(encoding="utf-8"))
