"""Flink tests run in the Flink environment (.venv-flink), where PyFlink is installed.

``./run.sh test`` runs them there as their own step; in the service's
environment they are skipped, since PyFlink cannot share its numpy and pyarrow.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

pytest.importorskip("pyflink", reason="runs in .venv-flink (./run.sh test runs it there)")

from fanzha.contract.readers import read_event_batches  # noqa: E402
from fanzha.detect.engine import Engine  # noqa: E402
from fanzha.detect.flink import warning_order  # noqa: E402
from fanzha.detect.indicators import patrol_lookup  # noqa: E402
from fanzha.detect.models import Warning  # noqa: E402
from fanzha.sim import SimParams, simulate  # noqa: E402


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
    engine = Engine(lateness=timedelta(minutes=120), indicators=patrol_lookup())
    warnings = list(engine.run_batches(read_event_batches([city])))
    assert engine.stats.too_late == 0  # equivalence is promised within the lateness
    return sorted(warnings, key=warning_order)
