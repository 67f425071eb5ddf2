"""An open case carried on transfer batch by batch equals a fresh trace of the same graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.contract.kinds import Account, Person
from fanzha.contract.readers import read_events
from fanzha.sim.city import simulate
from fanzha.sim.params import SimParams
from fanzha.trace.config import TraceConfig
from fanzha.trace.engine import CaseTrace, TraceLimits, trace_case
from fanzha.trace.graph import SINKS, TransferGraph
from fanzha.trace.taint import POLICIES, Policy
from fanzha.trace.tracer import Tracer
from fanzha.trace.walk import CaseWalk

NODES = 9
"""Two sinks, a victim (node 2), six accounts; node 8 is a hub."""
VICTIM, HUB = 2, 8


def _graph(rows: list[tuple[int, int, int, int]]) -> TransferGraph:
    table = np.array(rows, dtype=np.int64).reshape(-1, 4)
    return TransferGraph(
        names=[*SINKS, *(f"A{i}" for i in range(len(SINKS), NODES))],
        src=table[:, 0].astype(np.int32),
        dst=table[:, 1].astype(np.int32),
        amount=table[:, 2].copy(),
        ts=table[:, 3].copy(),
    )


def _hubs() -> np.ndarray:
    hubs = np.zeros(NODES, dtype=bool)
    hubs[: len(SINKS)] = True
    hubs[HUB] = True
    return hubs


def _shape(trace: CaseTrace) -> object:
    """Everything a trace says, in a comparable form."""
    accounts = {
        n: (a.hop, a.first_reached, a.received, a.held, a.hub, a.could_hold, a.best_in)
        for n, a in trace.accounts.items()
    }
    flows = [(f.transfer, f.src, f.dst, f.tainted) for f in trace.flows]
    totals = (trace.stolen, trace.cashed_out, trace.spent_at_hubs, trace.beyond_sight, trace.held)
    return accounts, flows, totals, trace.as_of


def _conserved(trace: CaseTrace) -> bool:
    inside = sum(a.held for a in trace.accounts.values() if not a.hub)
    return trace.stolen == inside + trace.cashed_out + trace.spent_at_hubs + trace.beyond_sight


account = st.integers(len(SINKS), NODES - 1)
payer = st.integers(len(SINKS) + 1, NODES - 1)  # the victim pays only through the seeds
move = st.tuples(
    payer, st.integers(0, NODES - 1), st.integers(1, 40_000), st.integers(0, 12)
).filter(lambda m: m[1] != VICTIM)
batches = st.lists(st.lists(move, min_size=1, max_size=6), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    start=st.lists(move, max_size=14),
    seeds=st.lists(
        st.tuples(st.integers(len(SINKS) + 1, NODES - 2), st.integers(1, 90_000)),
        min_size=1,
        max_size=2,
    ),
    batches=batches,
    policy=st.sampled_from(POLICIES),
    max_hops=st.integers(1, 4),
    late=st.booleans(),
)
def test_a_walk_equals_a_fresh_trace_after_every_batch(
    start: list[tuple[int, int, int, int]],
    seeds: list[tuple[int, int]],
    batches: list[list[tuple[int, int, int, int]]],
    policy: Policy,
    max_hops: int,
    late: bool,
) -> None:
    """Times collide often (13 seconds), hop limits cut paths, a hub ends them; batches may
    land before the horizon (``late``) or after it, as a feed does."""
    rows = [(VICTIM, dst, fen, 3) for dst, fen in seeds] + list(start)
    graph = _graph(rows)
    limits = TraceLimits(policy=policy, max_hops=max_hops)
    walk = CaseWalk(graph, "c", list(range(len(seeds))), _hubs(), limits)
    clock = 12
    for batch in batches:
        if late:
            moved = list(batch)
        else:  # at or after the horizon, in time order as a feed would send them
            moved = sorted((s, d, f, clock + t % 3) for s, d, f, t in batch)
            clock = max(m[3] for m in moved)
        first = len(graph)
        graph.append(np.array(moved, dtype=np.int64))
        touching = [
            p
            for p in range(first, len(graph))
            if int(graph.src[p]) in walk.state.inside or int(graph.dst[p]) in walk.state.inside
        ]
        walk.advance(touching)
        fresh = trace_case(graph, "c", list(range(len(seeds))), _hubs(), limits)
        assert _shape(walk.trace) == _shape(fresh)
        assert _conserved(walk.trace)


def test_a_walk_carries_on_without_tracing_again_when_money_moves_on() -> None:
    """Mules passing the money on after the horizon: no fresh trace needed, same answer.

    FIFO by hand: 3 pays its 20,000 clean first, so 4 gets 30,000 stolen of 50,000;
    4 → 5 carries 30,000 × 30/50 = 18,000; 5 → 6 18,000 × 25/30 = 15,000; 6 cashes it out.
    """
    rows = [(VICTIM, 3, 100_000, 10), (4, 3, 20_000, 5), (3, 4, 50_000, 20)]
    graph = _graph(rows)
    limits = TraceLimits(policy="fifo", max_hops=4)
    walk = CaseWalk(graph, "c", [0], _hubs(), limits)
    for second, (src, dst, fen) in enumerate([(4, 5, 30_000), (5, 6, 25_000), (6, 0, 25_000)]):
        graph.append(np.array([(src, dst, fen, 30 + second)], dtype=np.int64))
        walk.advance([len(graph) - 1])
    fresh = trace_case(graph, "c", [0], _hubs(), limits)
    assert _shape(walk.trace) == _shape(fresh) and walk.retraced == 0
    assert walk.trace.cashed_out == 15_000 and walk.trace.accounts[6].hop == 4


@pytest.mark.parametrize("policy", POLICIES)
def test_a_late_transfer_makes_the_walk_trace_afresh(policy: Policy) -> None:
    rows = [(VICTIM, 3, 100_000, 10), (3, 4, 50_000, 20)]
    graph = _graph(rows)
    walk = CaseWalk(graph, "c", [0], _hubs(), TraceLimits(policy=policy))
    graph.append(np.array([(3, 5, 40_000, 15)], dtype=np.int64))  # before the horizon (20)
    walk.advance([len(graph) - 1])
    fresh = trace_case(graph, "c", [0], _hubs(), TraceLimits(policy=policy))
    assert walk.retraced == 1 and _shape(walk.trace) == _shape(fresh)
    assert walk.trace.accounts[5].received == 40_000


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("walk-city")
    simulate(SimParams(persons=8_000, days=2, seed=6061, report_rate=1.0), out)
    yield out


@pytest.mark.parametrize("policy", POLICIES)
def test_open_cases_of_a_city_stay_equal_to_fresh_traces_as_its_money_arrives(
    city: Path, policy: Policy
) -> None:
    """Half the city's money first, then the rest in time order, 400 events at a time: every
    open case's list and trace equal a fresh trace of the graph so far after every batch."""
    events = sorted((a.event for a in read_events([city / "events.jsonl"])), key=lambda e: e.ts)
    records = [e for e in events if isinstance(e, Account | Person)]
    money = [e for e in events if not isinstance(e, Account | Person)]
    half = len(money) // 2
    config = TraceConfig.load().model_copy(update={"policy": policy})
    tracer = Tracer.from_events([*records, *money[:half]], config)
    tracer.open_cases()
    carried = 0
    for start in range(half, len(money), 400):
        tracer.add(money[start : start + 400])
        for entry in tracer.open.values():
            assert entry.walk is not None
            fresh = tracer.trace(entry.case)
            assert _shape(entry.trace) == _shape(fresh), entry.case.case_id
            assert [(r.account_id, r.amount_fen, r.action) for r in entry.requests] == [
                (r.account_id, r.amount_fen, r.action) for r in tracer.requests(fresh)
            ]
            assert _conserved(entry.trace)
    walks = [o.walk for o in tracer.open.values() if o.walk is not None]
    carried = sum(w.retraced for w in walks)
    assert len(walks) >= 5 and any(o.requests for o in tracer.open.values())
    assert carried < len(walks) * len(range(half, len(money), 400))  # mostly carried on
