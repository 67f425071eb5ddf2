"""Mule layers no report leads to: new accounts that pass money straight on to each other.

Where the victims' bank shares nothing, a report names transfers fanzha never
saw and the trace cannot start; the ring's lower layers still show — new cards
(or cards with no reference data) that forward what they receive within the
week, trading with each other. Accounts like that which transfer to one
another are grouped too, so a ring is found by its shape as well as by its
victims. Hubs never count, and an account of a victim never does.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from fanzha.trace.graph import SINKS, TransferGraph
from fanzha.trace.hubs import profile


def mule_like(
    graph: TransferGraph,
    hubs: NDArray[np.bool_],
    is_new: Callable[[str], bool],
    excluded: set[str],
    pass_through: float,
    min_transfers: int,
) -> NDArray[np.bool_]:
    """Per node: new, not a hub, passes on at least ``pass_through`` of what it got."""
    stats = profile(graph)
    moves = np.bincount(graph.src, minlength=graph.nodes) + np.bincount(
        graph.dst, minlength=graph.nodes
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(stats.inflow > 0, stats.outflow / np.maximum(stats.inflow, 1), 0.0)
    candidate = ~hubs & (ratio >= pass_through) & (moves >= min_transfers)
    candidate[: len(SINKS)] = False
    for node in np.flatnonzero(candidate).tolist():
        name = graph.names[node]
        if name in excluded or not is_new(name):
            candidate[node] = False
    return candidate


def layer_transfers(graph: TransferGraph, mules: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Transfers between two mule-like accounts, by position."""
    return np.flatnonzero(mules[graph.src] & mules[graph.dst]).astype(np.int64)
