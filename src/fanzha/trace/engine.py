"""Follow one case's stolen money downstream, hop by hop, in time order.

Two passes over the graph, both touching only the accounts the money could
have reached:

1. **Reach**: earliest-arrival search from the victim's payees. From an
   account reached at time t only its transfers at or after t count (money
   cannot leave before it arrived). Hubs and sinks end a path.
2. **Taint**: every ledger entry of the reached accounts — the clean money
   too, since it decides what an outflow carried — in time order, through the
   policy's ledger (``fanzha.trace.taint``). An outflow's stolen part moves to
   the payee; into a sink it is cashed out (where and when recorded); into a
   hub it is spent.

Amounts are conserved exactly: what the victim paid equals what is still
held, plus what was cashed out, spent at hubs, or left our sight.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from fanzha.trace.graph import SINKS, TransferGraph
from fanzha.trace.taint import Ledger, Policy, new_ledger


@dataclass
class TracedAccount:
    """An account the stolen money reached."""

    node: int
    account_id: str
    hop: int
    first_reached: int
    """Epoch seconds of the first stolen money's arrival."""
    received: int = 0
    """Stolen money that arrived (fen)."""
    held: int = 0
    """Stolen money still there at the end of the trace (fen)."""
    hub: bool = False
    best_in: int | None = None
    """The transfer that brought the most stolen money: the evidence path runs through it."""
    best_in_amount: int = 0


@dataclass(frozen=True)
class TaintedFlow:
    """A transfer that carried stolen money; ``tainted`` of its ``amount`` was stolen."""

    transfer: int
    src: int
    dst: int
    amount: int
    tainted: int
    ts: int


@dataclass
class CaseTrace:
    """Where one case's money went. ``nodes`` by node id; flows in time order.

    Shape for the UI and the API: ``accounts`` (hop, received, held, hub),
    ``flows`` (transfer, from, to, amount, tainted, time) and the totals.
    """

    case_id: str
    victim_nodes: frozenset[int]
    seeds: list[int]
    stolen: int
    as_of: int
    accounts: dict[int, TracedAccount] = field(default_factory=dict)
    flows: list[TaintedFlow] = field(default_factory=list)
    cashed_out: int = 0
    spent_at_hubs: int = 0
    beyond_sight: int = 0
    """Stolen money that left the accounts we followed (hop or size limits, cycles home)."""

    @property
    def held(self) -> int:
        return sum(a.held for a in self.accounts.values() if not a.hub)

    def path(self, graph: TransferGraph, node: int) -> list[str]:
        """Transfer ids from the victim to ``node`` along the biggest stolen inflows."""
        chain: list[str] = []
        seen: set[int] = set()
        current: int | None = node
        while current is not None and current not in seen:
            seen.add(current)
            account = self.accounts.get(current)
            if account is None or account.best_in is None:
                break
            chain.append(graph.transfer_id(account.best_in))
            source = int(graph.src[account.best_in])
            current = None if source in self.victim_nodes else source
        return chain[::-1]


@dataclass(frozen=True)
class TraceLimits:
    policy: Policy = "proportional"
    max_hops: int = 8
    max_accounts: int = 5000


def _reach(
    graph: TransferGraph,
    seeds: list[int],
    hubs: NDArray[np.bool_],
    victims: frozenset[int],
    limits: TraceLimits,
    as_of: int,
) -> dict[int, tuple[int, int]]:
    """Node → (earliest arrival, fewest hops) for every account the money could reach."""
    reached: dict[int, tuple[int, int]] = {}
    queue: list[tuple[int, int, int]] = []
    for tx in seeds:
        heapq.heappush(queue, (int(graph.ts[tx]), 1, int(graph.dst[tx])))
    while queue and len(reached) < limits.max_accounts:
        arrival, hop, node = heapq.heappop(queue)
        if node in reached or node in victims:
            continue
        reached[node] = (arrival, hop)
        if hubs[node] or hop >= limits.max_hops:
            continue
        outs = graph.outflows(node)
        start = int(np.searchsorted(graph.ts[outs], arrival, side="left"))
        for tx in outs[start:].tolist():
            when = int(graph.ts[tx])
            if when > as_of:
                break
            nxt = int(graph.dst[tx])
            if nxt not in reached:
                heapq.heappush(queue, (when, hop + 1, nxt))
    return reached


def _entries(
    graph: TransferGraph, inside: set[int], seeds: set[int], as_of: int
) -> NDArray[np.int64]:
    """Ledger entries of the followed accounts as rows (ts, phase, transfer, node) in order.

    Phase 0 is money arriving from outside the followed set (clean, or the
    victim's payment); phase 1 is money leaving, which also delivers to a
    followed payee. At equal times arrivals come first.
    """
    rows: list[NDArray[np.int64]] = []
    for node in inside:
        ins = graph.inflows(node)
        outside = np.array([int(graph.src[t]) not in inside for t in ins.tolist()], dtype=bool)
        if seeds:
            outside |= np.isin(ins, np.fromiter(seeds, dtype=np.int64))
        ins = ins[outside]
        outs = graph.outflows(node)
        for phase, part in ((0, ins), (1, outs)):
            if len(part):
                block = np.empty((len(part), 4), dtype=np.int64)
                block[:, 0] = graph.ts[part]
                block[:, 1] = phase
                block[:, 2] = part
                block[:, 3] = node
                rows.append(block)
    if not rows:
        return np.zeros((0, 4), dtype=np.int64)
    table = np.concatenate(rows)
    table = table[table[:, 0] <= as_of]
    order = np.lexsort((table[:, 2], table[:, 1], table[:, 0]))
    return table[order]


def trace_case(
    graph: TransferGraph,
    case_id: str,
    seeds: list[int],
    hubs: NDArray[np.bool_],
    limits: TraceLimits,
    as_of: int | None = None,
) -> CaseTrace:
    """Trace the money of the victim transfers ``seeds`` (indices into ``graph``)."""
    horizon = int(graph.ts.max()) if as_of is None and len(graph) else (as_of or 0)
    victims = frozenset(int(graph.src[t]) for t in seeds)
    stolen = int(graph.amount[seeds].sum()) if seeds else 0
    trace = CaseTrace(case_id, victims, list(seeds), stolen, horizon)
    reached = _reach(graph, seeds, hubs, victims, limits, horizon)
    for node, (arrival, hop) in reached.items():
        trace.accounts[node] = TracedAccount(
            node, graph.names[node], hop, arrival, hub=bool(hubs[node])
        )
    inside = {n for n in reached if not hubs[n]}
    ledgers: dict[int, Ledger] = {n: new_ledger(limits.policy) for n in inside}
    seed_set = set(seeds)
    for ts, phase, tx, node in _entries(graph, inside, seed_set, horizon).tolist():
        amount = int(graph.amount[tx])
        if phase == 0:
            stolen_in = amount if tx in seed_set else 0
            ledgers[node].receive(amount, stolen_in)
            if stolen_in:
                _arrived(trace.accounts[node], tx, stolen_in)
            continue
        stolen_out = ledgers[node].send(amount)
        if stolen_out <= 0:
            dst = int(graph.dst[tx])
            if dst in ledgers:
                ledgers[dst].receive(amount, 0)
            continue
        dst = int(graph.dst[tx])
        trace.flows.append(TaintedFlow(tx, node, dst, amount, stolen_out, ts))
        if dst in ledgers:
            ledgers[dst].receive(amount, stolen_out)
            _arrived(trace.accounts[dst], tx, stolen_out)
        elif dst < len(SINKS):
            trace.cashed_out += stolen_out
            if dst in trace.accounts:
                _arrived(trace.accounts[dst], tx, stolen_out)
        elif dst in trace.accounts:  # a hub
            _arrived(trace.accounts[dst], tx, stolen_out)
            trace.spent_at_hubs += stolen_out
        else:
            trace.beyond_sight += stolen_out
    for node, ledger in ledgers.items():
        trace.accounts[node].held = ledger.tainted
    return trace


def _arrived(account: TracedAccount, tx: int, stolen: int) -> None:
    account.received += stolen
    if stolen > account.best_in_amount:
        account.best_in, account.best_in_amount = tx, stolen
