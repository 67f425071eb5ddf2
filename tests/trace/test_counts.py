"""Per-account counts in blocks equal the one-pass ``np.unique`` counts they replaced.

The reference below is the old hub recognition's counting, verbatim: one unique
over every pair of the whole graph. Blocks as small as one account, self
payments, sinks, accounts with no ledger and rows appended after indexing must
all give exactly its figures, and therefore the same hubs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from fanzha.contract.readers import read_events
from fanzha.sim.city import simulate
from fanzha.sim.params import SimParams
from fanzha.trace.config import TraceConfig
from fanzha.trace.counts import AccountCounts, count_accounts
from fanzha.trace.graph import SINKS, AccountFacts, TransferGraph
from fanzha.trace.hubs import HubRules, find_hubs
from fanzha.trace.tracer import Tracer

DAY = 86_400


def reference(graph: TransferGraph) -> AccountCounts:
    """The counts as ``hubs.profile`` and ``hubs.inflow_stats`` took them before."""
    nodes = graph.nodes
    a = np.concatenate([graph.src, graph.dst]).astype(np.int64)
    b = np.concatenate([graph.dst, graph.src]).astype(np.int64)
    pairs = np.unique(a * nodes + b)
    counterparties = np.bincount(pairs // nodes, minlength=nodes).astype(np.int64)
    inflow = np.bincount(graph.dst, weights=graph.amount, minlength=nodes).astype(np.int64)
    outflow = np.bincount(graph.src, weights=graph.amount, minlength=nodes).astype(np.int64)
    dst, src = graph.dst.astype(np.int64), graph.src.astype(np.int64)
    payments = np.bincount(dst, minlength=nodes)
    payers = np.bincount(np.unique(dst * nodes + src) // nodes, minlength=nodes)
    payees = np.bincount(np.unique(src * nodes + dst) // nodes, minlength=nodes)
    day = graph.ts // DAY - (int(graph.ts.min()) // DAY if len(graph) else 0)
    span = int(day.max()) + 1 if len(graph) else 1
    days = np.bincount(np.unique(dst * span + day) // span, minlength=nodes)
    return AccountCounts(payments, payers, payees, counterparties, days, inflow, outflow)


def random_graph(seed: int, nodes: int, transfers: int, hub_share: float = 0.3) -> TransferGraph:
    """A few popular payees (hubs), self payments, sinks, idle accounts, 40 days of times."""
    rng = np.random.default_rng(seed)
    src = rng.integers(len(SINKS), nodes, transfers)
    popular = rng.integers(len(SINKS), len(SINKS) + max(1, nodes // 20), transfers)
    dst = np.where(rng.random(transfers) < hub_share, popular, rng.integers(0, nodes, transfers))
    dst[: transfers // 50] = src[: transfers // 50]  # some pay themselves
    return TransferGraph(
        names=[*SINKS, *(f"A{i}" for i in range(len(SINKS), nodes + 3))],  # 3 never seen
        src=src.astype(np.int32),
        dst=dst.astype(np.int32),
        amount=rng.integers(1, 10**9, transfers),
        ts=1_740_000_000 + rng.integers(0, 40 * DAY, transfers),
    )


def assert_same(found: AccountCounts, expected: AccountCounts) -> None:
    for name in ("payments", "payers", "payees", "counterparties", "days", "inflow", "outflow"):
        assert np.array_equal(getattr(found, name), getattr(expected, name)), name


@pytest.mark.parametrize("block", [1, 7, 500, 4_000_000])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_in_blocks_equal_one_pass_counts(seed: int, block: int) -> None:
    graph = random_graph(seed, nodes=300 * seed, transfers=5_000 * seed)
    assert_same(count_accounts(graph, block=block), reference(graph))


def test_rows_appended_after_indexing_are_counted() -> None:
    graph = random_graph(5, nodes=400, transfers=4_000)
    rng = np.random.default_rng(9)
    rows = np.stack(
        [
            rng.integers(2, 400, 300),
            rng.integers(0, 400, 300),
            rng.integers(1, 10**6, 300),
            int(graph.ts.max()) + rng.integers(0, 5 * DAY, 300),
        ],
        axis=1,
    )
    graph.append(rows)
    assert graph.in_tail
    assert_same(count_accounts(graph, block=97), reference(graph))


def test_an_empty_graph_has_no_counts() -> None:
    empty = np.zeros(0, dtype=np.int64)
    graph = TransferGraph(list(SINKS), empty.astype(np.int32), empty.astype(np.int32), empty, empty)
    assert_same(count_accounts(graph), reference(graph))


def kinds(graph: TransferGraph, seed: int) -> None:
    """Records for most accounts: every kind, opened from last month to three years ago."""
    rng = np.random.default_rng(seed)
    choices = ["personal", "corporate", "merchant", "sub_merchant", None]
    for name in graph.names[len(SINKS) :: 2]:
        kind = choices[int(rng.integers(0, len(choices)))]
        opened = date(2025, 2, 1).toordinal() - int(rng.integers(30, 1100))
        graph.accounts[name] = AccountFacts("icbc", None, date.fromordinal(opened), kind)


@pytest.mark.parametrize("seed", [11, 12])
def test_the_same_hubs_as_the_one_pass_counts(seed: int) -> None:
    graph = random_graph(seed, nodes=2_000, transfers=60_000, hub_share=0.5)
    kinds(graph, seed)
    rules = HubRules(min_counterparties=25, exit_min_payers=6, shop_min_payers=3)
    hubs = find_hubs(graph, rules, frozenset({"A5"}))
    assert hubs.sum() > 20 and not hubs.all()
    expected = find_hubs(graph, rules, frozenset({"A5"}), counts=reference(graph))
    assert np.array_equal(hubs, expected)


@pytest.mark.parametrize("spread", [50, 2**40])
def test_ledgers_are_indexed_by_account_time_and_position(spread: int) -> None:
    """The packed-key sort (times within 136 years) and the lexsort fallback give one order."""
    rng = np.random.default_rng(spread)
    src = rng.integers(0, 300, 20_000).astype(np.int32)
    dst = rng.integers(0, 300, 20_000).astype(np.int32)
    ts = 1_740_000_000 + rng.integers(-spread, spread, 20_000)  # many equal times at 50
    graph = TransferGraph([f"A{i}" for i in range(300)], src, dst, np.ones(20_000, np.int64), ts)
    positions = np.arange(20_000)
    assert np.array_equal(graph.out_order, np.lexsort((positions, ts, src)))
    assert np.array_equal(graph.in_order, np.lexsort((positions, ts, dst)))
    assert graph.in_order.dtype == np.int64


def test_a_simulated_citys_counts_and_hubs_are_the_one_pass_ones(tmp_path: Path) -> None:
    """Reference data, merchants, employers, rings' cards: the hubs the trace stops at agree."""
    simulate(SimParams(persons=3_000, days=2, seed=2203, report_rate=1.0), tmp_path)
    tracer = Tracer.from_events(
        (a.event for a in read_events([tmp_path / "events.jsonl"])), TraceConfig.load()
    )
    graph, rules = tracer.graph, TraceConfig.load().hubs.rules()
    expected = reference(graph)
    assert_same(count_accounts(graph), expected)
    hubs = find_hubs(graph, rules)
    assert hubs[len(SINKS) :].any()
    assert np.array_equal(hubs, find_hubs(graph, rules, counts=expected))


def test_the_newest_time_follows_appended_rows() -> None:
    graph = random_graph(4, nodes=100, transfers=500)
    assert graph.latest() == int(graph.ts.max())
    graph.append(np.array([[2, 3, 100, graph.latest() + 60]], dtype=np.int64))
    assert graph.latest() == int(graph.ts.max())
