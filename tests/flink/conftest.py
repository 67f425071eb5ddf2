"""Flink tests run in the Flink environment (.venv-flink), where PyFlink is installed.

``./run.sh test`` runs them there as their own step; the service's environment
does not collect them (tests/conftest.py), since PyFlink cannot share its numpy
and pyarrow.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from fanzha.contract.readers import read_event_batches
from fanzha.detect.engine import Engine
from fanzha.detect.flink import warning_order
from fanzha.detect.indicators import patrol_lookup
from fanzha.detect.learned import load_model
from fanzha.detect.models import Warning
from fanzha.sim import SimParams, simulate


@pytest.fixture(scope="session")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small city with late and duplicate events, none later than the lateness."""
    out = tmp_path_factory.mktemp("flink-city")
    params = SimParams(
        persons=1500,
        days=2,
        seed=97531,
        victims_per_10k_per_day=20.0,
        duplicate_share=0.02,
        late_share=0.03,
    )
    return simulate(params, out).events


@pytest.fixture(scope="session")
def embedded(city: Path) -> list[Warning]:
    engine = Engine(
        lateness=timedelta(minutes=120), indicators=patrol_lookup(), model=load_model(None)
    )
    warnings = list(engine.run_batches(read_event_batches([city])))
    assert engine.stats.too_late == 0  # equivalence is promised within the lateness
    return sorted(warnings, key=warning_order)
