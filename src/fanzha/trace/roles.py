"""What each account is to a trace: to follow, a hub or exit, an institution, an OTC trader.

Why one place: the freeze list must never stop a gold seller, a merchant or a
payment institution, and must never freeze a USDT OTC trader whole — the
worst errors a center can make. Every such decision reads these roles:

- **hubs and exits** end a trace: money there is spent or cashed out
  (merchants, employers, gold sellers, ATMs/cash, in-app gold), recognised
  from history (``fanzha.trace.hubs``), the sinks, and the config lists;
- **institutions** are followed through (``fanzha.trace.institutions``);
- **OTC traders** end a trace too, and get ``hold_amount`` on the stolen
  money that reached them: they sold USDT for it, a lead rather than a mule.
  Recognised from the config list and from history: many unrelated payers
  *and* payees, passing on nearly all that comes in, in round sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from fanzha.trace.config import TraceConfig
from fanzha.trace.graph import SINKS, TransferGraph
from fanzha.trace.hubs import find_hubs, profile
from fanzha.trace.institutions import find_institutions, settle

ROUND_FEN = 100_00
"""An OTC trade is a round number of yuan hundreds."""


@dataclass
class NodeRoles:
    hubs: NDArray[np.bool_]
    """The trace ends here: hubs, exits, sinks and OTC traders."""
    institutions: dict[int, str] = field(default_factory=dict)
    settlement: dict[int, int] = field(default_factory=dict)
    otc: frozenset[int] = frozenset()
    exits: dict[int, str] = field(default_factory=dict)
    """Exits the config names: node → ``merchant`` or ``gold_seller``."""

    def kind(self, node: int) -> str:
        """``cash``, ``gold``, ``institution``, ``otc``, ``merchant``, ``gold_seller``, ``hub``,
        or ``account`` (one to follow and, holding stolen money, to stop)."""
        if node < len(SINKS):
            return SINKS[node]
        if node in self.institutions:
            return "institution"
        if node in self.otc:
            return "otc"
        if node in self.exits:
            return self.exits[node]
        return "hub" if bool(self.hubs[node]) else "account"

    def never_stopped(self, node: int) -> bool:
        return node < len(SINKS) or node in self.institutions or bool(self.hubs[node])


def recognise(graph: TransferGraph, config: TraceConfig) -> NodeRoles:
    hubs = find_hubs(graph, config.hubs.rules(), frozenset(config.allowlist))
    inst = config.institutions
    institutions = find_institutions(
        graph, inst.memo_names, inst.accounts, inst.min_payments, inst.min_share
    )
    for node in institutions:
        hubs[node] = False  # followed through, not a dead end
    settlement = settle(graph, institutions, int(inst.settle_hours * 3600), inst.daily_settlement)
    exits: dict[int, str] = {}
    for kind, names in (
        ("merchant", config.exits.merchants),
        ("gold_seller", config.exits.gold_sellers),
    ):
        for name in names:
            node = graph.index.get(name)
            if node is not None:
                exits[node], hubs[node] = kind, True
    otc = _otc_traders(graph, config) - set(institutions)
    for node in otc:
        hubs[node] = True
    return NodeRoles(hubs, institutions, settlement, frozenset(otc), exits)


def _otc_traders(graph: TransferGraph, config: TraceConfig) -> set[int]:
    rules = config.exits
    found = {n for name in rules.otc_traders if (n := graph.index.get(name)) is not None}
    if not len(graph):
        return found
    nodes = graph.nodes
    stats = profile(graph)
    payers = np.bincount(
        np.unique(graph.dst.astype(np.int64) * nodes + graph.src) // nodes, minlength=nodes
    )
    payees = np.bincount(
        np.unique(graph.src.astype(np.int64) * nodes + graph.dst) // nodes, minlength=nodes
    )
    wide = np.flatnonzero(
        (payers >= rules.otc_min_counterparties) & (payees >= rules.otc_min_counterparties)
    )
    for node in wide.tolist():
        if node < len(SINKS) or stats.pass_through(node) < rules.otc_pass_through:
            continue
        flows = np.concatenate([graph.inflows(node), graph.outflows(node)])
        if np.mean(graph.amount[flows] % ROUND_FEN == 0) >= rules.otc_round_share:
            found.add(node)
    return found
