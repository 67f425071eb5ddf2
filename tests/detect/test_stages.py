"""``stages.run_in_stages`` (the Flink job's three keyed stages, in one process) and the
embedded engine give the same warnings on a simulated city.

The Flink job runs ``directory_a`` and ``directory_b`` (as their Java twins in
``fanzha/flink/java``) and ``person_stage`` across a cluster; this compares that
stage logic with the embedded engine without a JVM, so a change to either that
makes them drift fails here (``tests/flink`` holds the Java twins to the same).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from fanzha.contract.kinds import AnyEvent
from fanzha.contract.readers import read_event_batches
from fanzha.detect.engine import Engine
from fanzha.detect.flink import warning_order
from fanzha.detect.keyed import PersonStep
from fanzha.detect.learned import load_model
from fanzha.detect.rules import load_rules
from fanzha.detect.stages import run_in_stages
from fanzha.sim import SimParams, simulate

LATENESS = timedelta(minutes=120)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> list[AnyEvent]:
    """2,000 residents over two days, with duplicates and events arriving late."""
    params = SimParams(
        persons=2000,
        days=2,
        seed=16016,
        victims_per_10k_per_day=20.0,
        duplicate_share=0.02,
        late_share=0.03,
    )
    path = simulate(params, tmp_path_factory.mktemp("stages-city")).events
    return [event for batch in read_event_batches([path]) for event in batch]  # type: ignore[misc]


@pytest.mark.parametrize("model", ["none", "default"])
def test_the_stages_and_the_embedded_engine_warn_alike(city: list[AnyEvent], model: str) -> None:
    rules, learned = load_rules(), load_model(model)
    engine = Engine(rules=rules, lateness=LATENESS, model=learned)
    embedded = sorted(engine.run(city), key=warning_order)
    assert engine.stats.too_late == 0  # the stages promise equality within the lateness
    assert engine.stats.duplicates > 0  # both had duplicates to drop

    staged = sorted(run_in_stages(city, PersonStep(rules, model=learned)), key=warning_order)

    assert len(embedded) > 10 and len({w.level for w in embedded}) > 1  # worth comparing
    assert staged == embedded
