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
  Recognised from the config list and from history: many clients each
  paying about once, and many payees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from fanzha.trace.config import TraceConfig
from fanzha.trace.counts import AccountCounts, count_accounts
from fanzha.trace.graph import SINKS, TransferGraph
from fanzha.trace.hubs import find_hubs
from fanzha.trace.institutions import find_institutions, settle


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
    counts = count_accounts(graph)
    hubs = find_hubs(graph, config.hubs.rules(), frozenset(config.allowlist), counts=counts)
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
            if name in graph.index:
                exits[graph.index[name]], hubs[graph.index[name]] = kind, True
    otc = _otc_traders(graph, config, counts) - set(institutions)
    for node in otc:
        hubs[node] = True
    return NodeRoles(hubs, institutions, settlement, frozenset(otc), exits)


def _otc_traders(graph: TransferGraph, config: TraceConfig, stats: AccountCounts) -> set[int]:
    """Config's OTC traders, and personal or unrecorded cards that look like one.

    A USDT OTC trader's card is paid by many clients, each nearly once, and pays
    many sellers; a mule's payers are a few victims and the ring's own cards.
    """
    rules = config.exits
    found = {n for name in rules.otc_traders if (n := graph.index.get(name)) is not None}
    many = (
        (stats.payers >= rules.otc_min_payers)
        & (stats.payers >= rules.otc_unique_share * stats.payments)
        & (stats.payees >= rules.otc_min_payees)
    )
    for node in np.flatnonzero(many).tolist():
        facts = graph.accounts.get(graph.names[node])
        if node >= len(SINKS) and (facts is None or facts.kind in (None, "personal")):
            found.add(node)
    return found
