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

A payment institution (a wallet's or an aggregator's clearing account) is
followed *through*: the stolen money paid in leaves on the outflow the
institution settled it with (``settlement``: inflow → outflow, found by
``fanzha.trace.institutions``), as its own ledger would say if asked. Money
it has not yet settled stays at the institution, to be asked about.

The taint pass runs once per policy (FIFO, LIFO, proportional) over the same
entries: the configured policy gives the flows and the evidence path, and
every account also gets the stolen money it *could* hold under each rule
(``TracedAccount.could_hold``), which is how money hidden among a resident
mule's own clean money is found.

Amounts are conserved exactly: what the victim paid equals what is still
held, plus what was cashed out, spent at hubs, waits at institutions, or left
our sight.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from fanzha.trace.graph import SINKS, TransferGraph
from fanzha.trace.taint import POLICIES, Ledger, Policy, new_ledger

NO_SETTLEMENT: Mapping[int, int] = {}


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
    institution: bool = False
    could_hold: dict[str, int] = field(default_factory=dict)
    """Stolen money still held under each policy (``fifo``, ``lifo``, ``proportional``)."""
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
    policy: str = "fifo"

    @property
    def held(self) -> int:
        """Still in accounts; what waits unsettled at institutions is ``at_institutions``."""
        return sum(a.held for a in self.accounts.values() if not a.hub)

    @property
    def at_institutions(self) -> int:
        return sum(a.held for a in self.accounts.values() if a.institution)

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
    settlement: Mapping[int, int],
    institutions: frozenset[int],
) -> dict[int, tuple[int, int]]:
    """Node → (earliest arrival, fewest hops) for every account the money could reach.

    Money paid into an institution goes on along the outflow that settled it.
    """
    reached: dict[int, tuple[int, int]] = {}
    queue: list[tuple[int, int, int]] = []

    def push(tx: int, hop: int) -> None:
        when, nxt = int(graph.ts[tx]), int(graph.dst[tx])
        if nxt in institutions:
            if nxt not in reached:
                reached[nxt] = (when, hop)
            settled = settlement.get(tx)
            if settled is not None and int(graph.ts[settled]) <= as_of:
                push(settled, hop + 1)
        elif nxt not in reached:
            heapq.heappush(queue, (when, hop, nxt))

    for tx in seeds:
        push(tx, 1)
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
            if int(graph.ts[tx]) > as_of:
                break
            push(tx, hop + 1)
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
    settlement: Mapping[int, int] = NO_SETTLEMENT,
    institutions: frozenset[int] = frozenset(),
) -> CaseTrace:
    """Trace the money of the victim transfers ``seeds`` (indices into ``graph``)."""
    return fresh_state(graph, case_id, seeds, hubs, limits, as_of, settlement, institutions).trace


@dataclass
class TraceState:
    """A finished trace and what carrying it on needs (``fanzha.trace.walk``).

    ``ledgers[policy][node]`` is each followed account's ledger at the horizon;
    ``unseen`` the accounts outside the trace that stolen money went to under
    some policy (from an account at the hop limit): if one of them joins the
    trace later, its past changes and the walk traces the case afresh.
    """

    trace: CaseTrace
    reached: dict[int, tuple[int, int]]
    inside: set[int]
    ledgers: dict[Policy, dict[int, Ledger]]
    unseen: set[int]


def fresh_state(
    graph: TransferGraph,
    case_id: str,
    seeds: list[int],
    hubs: NDArray[np.bool_],
    limits: TraceLimits,
    as_of: int | None = None,
    settlement: Mapping[int, int] = NO_SETTLEMENT,
    institutions: frozenset[int] = frozenset(),
) -> TraceState:
    """The trace of ``trace_case`` with every policy's ledgers kept."""
    horizon = graph.latest() if as_of is None and len(graph) else (as_of or 0)
    victims = frozenset(int(graph.src[t]) for t in seeds)
    stolen = int(graph.amount[seeds].sum()) if seeds else 0
    trace = CaseTrace(case_id, victims, list(seeds), stolen, horizon, policy=limits.policy)
    reached = _reach(graph, seeds, hubs, victims, limits, horizon, settlement, institutions)
    for node, (arrival, hop) in reached.items():
        trace.accounts[node] = TracedAccount(
            node,
            graph.names[node],
            hop,
            arrival,
            hub=bool(hubs[node]) or node in institutions,
            institution=node in institutions,
        )
    inside = {n for n in reached if not hubs[n] and n not in institutions}
    entries = _entries(graph, inside, set(seeds), horizon)
    pass_ = _TaintPass(graph, trace, inside, set(seeds), settlement, institutions)
    ledgers = {limits.policy: pass_.run(entries, limits.policy, record=True)}
    for policy in POLICIES:
        if policy not in ledgers:
            ledgers[policy] = pass_.run(entries, policy, record=False)
        for node in inside:
            trace.accounts[node].could_hold[policy] = ledgers[policy][node].tainted
    return TraceState(trace, reached, inside, ledgers, pass_.unseen)


@dataclass
class _TaintPass:
    """One walk through the entries under one policy; ``record`` keeps flows and totals."""

    graph: TransferGraph
    trace: CaseTrace
    inside: set[int]
    seeds: set[int]
    settlement: Mapping[int, int]
    institutions: frozenset[int]
    unseen: set[int] = field(default_factory=set)

    def run(self, entries: NDArray[np.int64], policy: Policy, record: bool) -> dict[int, Ledger]:
        graph, trace = self.graph, self.trace
        ledgers: dict[int, Ledger] = {n: new_ledger(policy) for n in self.inside}
        carried: dict[int, int] = {}
        """Stolen money on an institution's settling outflow, by transfer."""
        for seed in self.seeds:
            if int(graph.dst[seed]) in self.institutions:
                self._into_institution(seed, int(graph.amount[seed]), carried, record)
        for ts, phase, tx, node in entries.tolist():
            amount = int(graph.amount[tx])
            if phase == 0:
                stolen_in = amount if tx in self.seeds else min(amount, carried.pop(tx, 0))
                ledgers[node].receive(amount, stolen_in)
                if stolen_in and record:
                    if int(graph.src[tx]) in self.institutions:
                        self._flow(tx, int(graph.src[tx]), node, amount, stolen_in, ts)
                    _arrived(trace.accounts[node], tx, stolen_in)
                continue
            stolen_out = ledgers[node].send(amount)
            dst = int(graph.dst[tx])
            if stolen_out <= 0:
                if dst in ledgers:
                    ledgers[dst].receive(amount, 0)
                continue
            if record:
                self._flow(tx, node, dst, amount, stolen_out, ts)
            if dst in ledgers:
                ledgers[dst].receive(amount, stolen_out)
                if record:
                    _arrived(trace.accounts[dst], tx, stolen_out)
            elif dst in self.institutions:
                self._into_institution(tx, stolen_out, carried, record)
            else:
                if dst not in trace.accounts:
                    self.unseen.add(dst)
                if record:
                    self._left(dst, tx, stolen_out)
        if record:
            for node, ledger in ledgers.items():
                trace.accounts[node].held = ledger.tainted
        return ledgers

    def _flow(self, tx: int, src: int, dst: int, amount: int, stolen: int, ts: int) -> None:
        self.trace.flows.append(TaintedFlow(tx, src, dst, amount, stolen, ts))

    def _into_institution(
        self, tx: int, stolen: int, carried: dict[int, int], record: bool
    ) -> None:
        """Paid into an institution: on along its settlement if we saw one, else waiting there."""
        graph, trace = self.graph, self.trace
        institution = int(graph.dst[tx])
        account = trace.accounts.get(institution)
        if record and account is not None:
            _arrived(account, tx, stolen)
        settled = self.settlement.get(tx)
        dst = int(graph.dst[settled]) if settled is not None else -1
        if settled is not None and int(graph.ts[settled]) <= trace.as_of:
            if dst in self.inside:
                carried[settled] = carried.get(settled, 0) + stolen  # a daily settlement sums
                return
            if record:
                self._flow(
                    settled,
                    institution,
                    dst,
                    int(graph.amount[settled]),
                    stolen,
                    int(graph.ts[settled]),
                )
                self._left(dst, settled, stolen)
            return
        if record and account is not None:
            account.held += stolen

    def _left(self, dst: int, tx: int, stolen: int) -> None:
        trace = self.trace
        if dst < len(SINKS):
            trace.cashed_out += stolen
            if dst in trace.accounts:
                _arrived(trace.accounts[dst], tx, stolen)
        elif dst in trace.accounts:  # a hub
            _arrived(trace.accounts[dst], tx, stolen)
            trace.spent_at_hubs += stolen
        else:
            trace.beyond_sight += stolen


def _arrived(account: TracedAccount, tx: int, stolen: int) -> None:
    account.received += stolen
    if stolen > account.best_in_amount:
        account.best_in, account.best_in_amount = tx, stolen
