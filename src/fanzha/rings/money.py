"""Money into and out of a ring's accounts, from the trace's transfer columns."""

from __future__ import annotations

import numpy as np

from fanzha.trace.graph import SINKS, TransferGraph


def ring_money(graph: TransferGraph, accounts: list[str]) -> tuple[int, int, int]:
    """(in from outside, out to outside, of which cash or gold), integer fen.

    Transfers between the ring's own accounts are laundering layers, not money
    in or out, so they are left out of both.
    """
    inside = np.zeros(graph.nodes, dtype=bool)
    for name in accounts:
        node = graph.index.get(name)
        if node is not None:
            inside[node] = True
    src_in, dst_in = inside[graph.src], inside[graph.dst]
    money_in = int(graph.amount[dst_in & ~src_in].sum())
    leaving = src_in & ~dst_in
    money_out = int(graph.amount[leaving].sum())
    cashed = int(graph.amount[leaving & (graph.dst < len(SINKS))].sum())
    return money_in, money_out, cashed
