from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fanzha.sim import SimParams, simulate


@pytest.fixture(scope="session")
def unseen_city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A city with a seed and rates the rules were not tuned on."""
    out = tmp_path_factory.mktemp("unseen-city")
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
    result = simulate(params, out)
    return result.events, json.loads(result.truth.read_text(encoding="utf-8"))
