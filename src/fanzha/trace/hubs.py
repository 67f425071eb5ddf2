"""Which accounts are hubs — merchants, payment hubs, employers, big legitimate accounts.

A trace must stop at a hub and never ask a bank to freeze one: a supermarket
that was paid with stolen money is not a mule. Hubs are recognised from their
history, all at once with NumPy over the whole graph:

- many distinct counterparties (mules serve one ring: tens, not hundreds);
- a long-held account with a steady stream of unrelated payers;
- money that stays (a merchant's takings) or fans out to many (payroll),
  rather than passing straight through to a few accounts within minutes;

plus an allowlist the center maintains (``trace.yaml``: ``allowlist``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from fanzha.trace.graph import SINKS, TransferGraph


@dataclass(frozen=True)
class HubRules:
    min_counterparties: int = 40
    """At or above this many distinct counterparties an account is a hub."""
    old_account_days: int = 365
    """An account held this long…"""
    old_min_counterparties: int = 8
    """…with this many distinct counterparties is a hub unless it passes money straight on."""
    pass_through_share: float = 0.8
    """Out ÷ in at or above this is pass-through: what mules do."""


@dataclass
class AccountProfile:
    """Per node, over the whole graph: the figures hub recognition reads."""

    counterparties: NDArray[np.int64]
    inflow: NDArray[np.int64]
    outflow: NDArray[np.int64]

    def pass_through(self, node: int) -> float:
        received = int(self.inflow[node])
        return float(self.outflow[node]) / received if received else 0.0


def profile(graph: TransferGraph) -> AccountProfile:
    nodes = graph.nodes
    a = np.concatenate([graph.src, graph.dst]).astype(np.int64)
    b = np.concatenate([graph.dst, graph.src]).astype(np.int64)
    pairs = np.unique(a * nodes + b)
    counterparties = np.bincount(pairs // nodes, minlength=nodes).astype(np.int64)
    inflow = np.bincount(graph.dst, weights=graph.amount, minlength=nodes).astype(np.int64)
    outflow = np.bincount(graph.src, weights=graph.amount, minlength=nodes).astype(np.int64)
    return AccountProfile(counterparties, inflow, outflow)


def find_hubs(
    graph: TransferGraph,
    rules: HubRules,
    allowlist: frozenset[str] = frozenset(),
    today: date | None = None,
) -> NDArray[np.bool_]:
    """A boolean per node: True for hubs (sinks included: money there is gone)."""
    stats = profile(graph)
    hubs = stats.counterparties >= rules.min_counterparties
    hubs[: len(SINKS)] = True
    if today is None and len(graph.ts):
        today = date.fromtimestamp(int(graph.ts.max()))
    for name, facts in graph.accounts.items():
        node = graph.index.get(name)
        if node is None or facts.opened is None or today is None:
            continue
        old = (today - facts.opened).days >= rules.old_account_days
        if (
            old
            and stats.counterparties[node] >= rules.old_min_counterparties
            and stats.pass_through(node) < rules.pass_through_share
        ):
            hubs[node] = True
    for name in allowlist:
        node = graph.index.get(name)
        if node is not None:
            hubs[node] = True
    return hubs
