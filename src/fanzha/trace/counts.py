"""Per account, over the whole graph: distinct payers, payees, counterparties, days paid on.

Why here and why in blocks: hub, exit and OTC recognition read how many
*distinct* accounts an account dealt with. Counting that with one
``np.unique`` over every (account, counterparty) pair needs the 2n pairs, their
sorted copy and NumPy's temporaries at once — 15 GiB and minutes at 100 million
transfers. The graph's CSR index already groups every account's ledger, so the
counts are taken a block of accounts at a time (a few million ledger entries):
each block's pairs are sorted and deduplicated on their own, and since a pair
belongs to exactly one account no distinct pair is counted in two blocks. Memory
is the block's, whatever the graph's size; the answer is exactly the one-pass
count. Days paid on need no sort: inflows are indexed in time order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fanzha.trace.graph import TransferGraph

DAY_S = 86_400
BLOCK = 4_000_000
"""Ledger entries (inflows plus outflows) counted at once: ~200 MB of temporaries."""


@dataclass
class AccountCounts:
    """Per node: the figures hub, exit and OTC recognition read (integer fen for money)."""

    payments: NDArray[np.int64]
    """Payments received."""
    payers: NDArray[np.int64]
    """Distinct accounts that paid it."""
    payees: NDArray[np.int64]
    """Distinct accounts it paid (the sinks count as payees)."""
    counterparties: NDArray[np.int64]
    """Distinct accounts it paid or was paid by."""
    days: NDArray[np.int64]
    """Distinct calendar days (UTC) it was paid on."""
    inflow: NDArray[np.int64]
    outflow: NDArray[np.int64]

    def pass_through(self, node: int) -> float:
        """Out ÷ in: near 1 for an account that passes money straight on."""
        received = int(self.inflow[node])
        return float(self.outflow[node]) / received if received else 0.0


def count_accounts(graph: TransferGraph, block: int = BLOCK) -> AccountCounts:
    """Every account's counts, one block of accounts' ledgers at a time."""
    if graph.in_tail or graph.out_tail or len(graph.in_start) != graph.nodes + 1:
        graph.reindex()  # the counts read the CSR index; appended rows join it first
    nodes = graph.nodes
    counts = AccountCounts(*(np.zeros(nodes, dtype=np.int64) for _ in range(7)))
    counts.payments[:] = np.diff(graph.in_start)
    for first, last in _blocks(graph, block):
        _count_block(graph, first, last, counts)
    return counts


def _blocks(graph: TransferGraph, block: int) -> Iterator[tuple[int, int]]:
    """Node ranges [first, last) whose ledgers hold about ``block`` entries (one node at least)."""
    nodes = graph.nodes
    entries = graph.in_start + graph.out_start
    first = 0
    while first < nodes:
        last = int(np.searchsorted(entries, entries[first] + block, side="right")) - 1
        last = min(max(last, first + 1), nodes)
        yield first, last
        first = last


def _count_block(graph: TransferGraph, first: int, last: int, counts: AccountCounts) -> None:
    nodes, width = graph.nodes, last - first
    ins = graph.in_order[graph.in_start[first] : graph.in_start[last]]
    outs = graph.out_order[graph.out_start[first] : graph.out_start[last]]
    payee = graph.dst[ins].astype(np.int64) - first  # the block's own node, from 0
    payer = graph.src[outs].astype(np.int64) - first
    paid_by = _distinct_pairs(payee * nodes + graph.src[ins])
    paid_to = _distinct_pairs(payer * nodes + graph.dst[outs])
    counts.payers[first:last] = np.bincount(paid_by // nodes, minlength=width)
    counts.payees[first:last] = np.bincount(paid_to // nodes, minlength=width)
    both = _common(paid_by, paid_to)
    counts.counterparties[first:last] = (
        counts.payers[first:last]
        + counts.payees[first:last]
        - np.bincount(both // nodes, minlength=width)
    )
    day = graph.ts[ins] // DAY_S
    new_day = np.ones(len(ins), dtype=bool)  # inflows are in (payee, time) order
    new_day[1:] = (payee[1:] != payee[:-1]) | (day[1:] != day[:-1])
    counts.days[first:last] = np.bincount(payee[new_day], minlength=width)
    counts.inflow[first:last] = _sums(graph.amount[ins], graph.in_start[first : last + 1])
    counts.outflow[first:last] = _sums(graph.amount[outs], graph.out_start[first : last + 1])


def _distinct_pairs(keys: NDArray[np.int64]) -> NDArray[np.int64]:
    keys = np.sort(keys)
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = keys[1:] != keys[:-1]
    return keys[keep]


def _common(a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.int64]:
    """Keys in both sorted, distinct arrays: a stable sort of the two runs is a linear merge."""
    merged = np.concatenate([a, b])
    merged.sort(kind="stable")
    both: NDArray[np.int64] = merged[1:][merged[1:] == merged[:-1]]
    return both


def _sums(amounts: NDArray[np.int64], starts: NDArray[np.int64]) -> NDArray[np.int64]:
    """Exact integer sums of consecutive runs (``starts`` are the runs' CSR offsets)."""
    running = np.zeros(len(amounts) + 1, dtype=np.int64)
    np.cumsum(amounts, out=running[1:])
    offsets = starts - starts[0]
    sums: NDArray[np.int64] = running[offsets[1:]] - running[offsets[:-1]]
    return sums
