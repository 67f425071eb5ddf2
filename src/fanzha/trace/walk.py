"""An open case's trace, carried on as new transfers arrive instead of traced again.

Why: 1,000 transfers a second arrive while cases are open, and tracing a
case from its first payment each time costs tens of milliseconds (most of it
re-reading ledgers that did not change). A ``CaseWalk`` keeps what the trace
knows at its horizon — which accounts the money reached (arrival, hop), every
policy's ledger of each followed account, the flows and totals — and moves it
on through the new transfers in the order the trace reads them (time, then
arrivals before departures, then position). The result equals a fresh
``trace_case`` over the same graph; ``tests/trace/test_walk.py`` checks that on
random graphs and a simulated city, for every policy.

New transfers are read one time step at a time. In a step, the accounts the
money can newly reach are found first (fewest hops, as the fresh search finds
them); an account joining the trace gets its ledger from its own past — all
clean money, since no stolen money had reached it — and then the step's
entries go through every policy's ledger.

The walk traces the case afresh (``retraced`` counts it) when its shortcut
would not give the fresh answer, all rare:

- a transfer that touches the case lands before the horizon (a late feed);
- an account joins that stolen money reached earlier from an account at the
  hop limit (``TraceState.unseen``), or whose past payment to a followed
  account shares a second with that account's other entries (the order of the
  account's ledger would change);
- a transfer at the horizon's own second reaches an account with fewer hops,
  or arrives at an account that already paid out in that second;
- the case reaches a payment institution (settlements are matched after the
  fact), or the trace's account limit.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from fanzha.trace.carry import Journal, Pasts
from fanzha.trace.engine import (
    CaseTrace,
    TracedAccount,
    TraceLimits,
    TraceState,
    _arrived,
    _TaintPass,
    fresh_state,
)
from fanzha.trace.graph import TransferGraph
from fanzha.trace.taint import POLICIES, new_ledger


class _Retrace(Exception):
    """The shortcut cannot give the fresh answer for this batch."""


@dataclass
class CaseWalk:
    """One open case: its trace state at ``horizon`` and how to carry it on."""

    graph: TransferGraph
    case_id: str
    seeds: list[int]
    hubs: NDArray[np.bool_]
    limits: TraceLimits
    settlement: Mapping[int, int] = field(default_factory=dict)
    institutions: frozenset[int] = frozenset()
    state: TraceState = field(init=False)
    seen: int = field(init=False)
    """Transfers ``[0, seen)`` of the graph are in the state."""
    retraced: int = 0
    """How often the walk had to trace the case afresh."""
    snapshot: Journal | None = field(init=False, default=None)
    """The state before the horizon's second was read: a transfer arriving later in that
    second is read again from here with the rest of the second, not by a fresh trace."""
    reasons: Counter[str] = field(default_factory=Counter)
    """Why, by reason: ``late``, ``institution``, ``hop_limit``, ``order``, ``arrival``,
    ``hops``, ``limit``."""

    def __post_init__(self) -> None:
        self.retrace()

    @property
    def trace(self) -> CaseTrace:
        return self.state.trace

    def retrace(self) -> None:
        """Trace the case afresh over the whole graph."""
        self.state = fresh_state(
            self.graph,
            self.case_id,
            self.seeds,
            self.hubs,
            self.limits,
            settlement=self.settlement,
            institutions=self.institutions,
        )
        self.seen = len(self.graph)
        self.snapshot = None

    def advance(self, touching: Iterable[int], shared: Pasts | None = None) -> bool:
        """Carry the trace on through transfers ``[seen, len(graph))``.

        ``touching``: the new transfers into or out of an account the case has
        reached (the caller's index finds them); the walk adds those of the
        accounts that join. ``shared``: joining accounts' pasts, kept for the
        other cases of the same batch. Returns whether the trace changed.
        """
        graph = self.graph
        first, horizon = self.seen, self.trace.as_of
        pending = sorted(set(touching))
        self.seen = len(graph)
        if not pending:
            self.trace.as_of = graph.latest()
            return False
        try:
            if int(graph.ts[pending].min()) < horizon:
                raise _Retrace("late")
            if self.state.reached.keys() & self.institutions:
                raise _Retrace("institution")
            snap = self.snapshot
            if snap is not None and snap.second == horizon and graph.ts[pending].min() == horizon:
                snap.restore(self.state)  # read the whole second again
                first = snap.first
                pending, horizon = self._since(first, horizon), horizon - 1
            _Step(self, first, horizon, shared or Pasts(graph)).run(pending)
        except _Retrace as why:
            self.retraced += 1
            self.reasons[str(why)] += 1
            self.retrace()
        self.trace.as_of = graph.latest()
        return True

    def _since(self, first: int, second: int) -> list[int]:
        """Transfers from ``first`` on, in ``second`` or later, of the followed accounts."""
        graph, found = self.graph, set()
        for node in self.state.inside:
            for ledger in (graph.inflows(node), graph.outflows(node)):
                fresh = ledger[ledger >= first]
                found.update(fresh[graph.ts[fresh] >= second].tolist())
        return sorted(found)


@dataclass
class _Step:
    """One advance of a walk over the new transfers, a second at a time."""

    walk: CaseWalk
    first: int
    """Transfers from this position on are new."""
    horizon: int
    pasts: Pasts
    journal: Journal | None = None

    def run(self, pending: list[int]) -> None:
        graph, state = self.walk.graph, self.walk.state
        self.taint = _TaintPass(
            graph,
            state.trace,
            state.inside,
            set(self.walk.seeds),
            self.walk.settlement,
            self.walk.institutions,
            state.unseen,
        )
        queue = [(int(graph.ts[p]), p) for p in pending]
        heapq.heapify(queue)
        done: set[int] = set()
        while queue:
            second = queue[0][0]
            group = []
            while queue and queue[0][0] == second:
                _, p = heapq.heappop(queue)
                if p not in done:
                    done.add(p)
                    group.append(p)
            self.journal = None
            if not queue and second > self.horizon:  # the horizon's second, it seems
                self.journal = self.walk.snapshot = Journal.before(second, self.first, state)
            joined = self._reach(second, group)
            for node in joined:
                for p in self._new_entries(node):
                    when = int(graph.ts[p])
                    if p in done or when < second:
                        continue  # earlier: the joining account's past, read by _past
                    if when == second:
                        done.add(p)
                        group.append(p)
                    else:
                        heapq.heappush(queue, (when, p))
            self._entries(second, group)

    # ---- who the money can reach in this second -----------------------------------------

    def _reach(self, second: int, group: list[int]) -> list[int]:
        """Accounts newly reached in ``second``; those followed get their past ledgers."""
        walk, graph, state = self.walk, self.walk.graph, self.walk.state
        limits, reached = walk.limits, state.reached
        victims = state.trace.victim_nodes
        heap: list[tuple[int, int]] = []
        for p in group:
            src = int(graph.src[p])
            if src in state.inside:
                self._offer(heap, reached[src][1], int(graph.dst[p]), second)
        joined: list[int] = []
        while heap:
            hop, node = heapq.heappop(heap)
            if node in reached or node in victims:
                continue
            if node in walk.institutions or len(reached) >= limits.max_accounts:
                raise _Retrace("institution" if node in walk.institutions else "limit")
            if node in state.unseen:
                raise _Retrace("hop_limit")  # stolen money reached it before, from the hop limit
            reached[node] = (second, hop)
            hub = bool(walk.hubs[node])
            state.trace.accounts[node] = TracedAccount(
                node, graph.names[node], hop, second, hub=hub
            )
            if hub:
                continue
            joined.append(node)
            if hop < limits.max_hops:
                outs = graph.outflows(node)
                for p in outs[graph.ts[outs] == second].tolist():
                    self._offer(heap, hop, int(graph.dst[p]), second)
        state.inside.update(joined)
        for node in joined:
            self._past(node, second, set(joined))
        return joined

    def _offer(self, heap: list[tuple[int, int]], hop: int, dst: int, second: int) -> None:
        """The money at an account ``hop`` hops out, paid on to ``dst`` in ``second``."""
        if hop >= self.walk.limits.max_hops:
            return
        known = self.walk.state.reached.get(dst)
        if known is None:
            heapq.heappush(heap, (hop + 1, dst))
        elif known[0] == second and known[1] > hop + 1:
            raise _Retrace("hops")  # a shorter way in the horizon's own second

    def _past(self, node: int, second: int, joined: set[int]) -> None:
        """A joining account's ledgers from its own past: only clean money.

        Clean money leaves no trace of its order in any policy's ledger: what
        the account holds is one clean lot of its balance — the running sum of
        its entries in the trace's order, never below zero (money from before
        our data) — so the past is a sum, not a replay.
        """
        state = self.walk.state
        inside = state.inside
        past = self.pasts.of(node, second, self.first)
        for ts, payee, _ in past.payments:
            if payee in inside and payee not in joined and self._busy(payee, ts, joined, second):
                raise _Retrace("order")  # the payee read this payment as an arrival, earlier
        balance = past.balance
        if balance is None:  # entries share a second: arrivals from followed accounts go later
            rows = sorted((ts, src in inside, p, out, fen) for ts, src, p, out, fen in past.rows)
            balance = 0
            for *_, fen in rows:
                balance = max(0, balance + fen)
        for policy in POLICIES:
            ledger = new_ledger(policy)
            if balance:
                ledger.receive(balance, 0)
            state.ledgers[policy][node] = ledger
            state.trace.accounts[node].could_hold[policy] = 0

    def _busy(self, node: int, ts: int, joined: set[int], second: int) -> bool:
        """Whether ``node``'s ledger order in second ``ts`` changes now that ``joined``
        are followed (their payments to it are read as departures, after its arrivals)."""
        graph, inside = self.walk.graph, self.walk.state.inside
        rows = []
        for ledger, arriving in ((graph.inflows(node), 1), (graph.outflows(node), 0)):
            times = graph.ts[ledger]
            lo, hi = np.searchsorted(times, [ts, ts + 1])
            for p in ledger[lo:hi].tolist():
                if ts == second and p >= self.first:
                    continue  # not read yet
                src = int(graph.src[p])
                before = not arriving or (src in inside and src not in joined)
                now = not arriving or src in inside
                rows.append(((before, p, arriving), (now, p, arriving)))  # out before in
        read = [key[1:] for key in sorted(old for old, _ in rows)]
        return read != [key[1:] for key in sorted(new for _, new in rows)]

    def _new_entries(self, node: int) -> list[int]:
        graph = self.walk.graph
        ins, outs = graph.inflows(node), graph.outflows(node)
        both = np.concatenate([ins[ins >= self.first], outs[outs >= self.first]])
        return [int(p) for p in both.tolist()]

    # ---- the second's entries through every ledger --------------------------------------

    def _entries(self, second: int, group: list[int]) -> None:
        walk, graph, state = self.walk, self.walk.graph, self.walk.state
        inside, trace, record = state.inside, state.trace, walk.limits.policy
        rows = []
        for p in group:
            src, dst = int(graph.src[p]), int(graph.dst[p])
            if src in walk.institutions or dst in walk.institutions:
                raise _Retrace("institution")
            if src in inside:
                rows.append((1, p, src, dst))
            elif dst in inside:
                if second == self.horizon and self._paid_out_before(dst, second):
                    raise _Retrace(
                        "order"
                    )  # an arrival the fresh trace reads before those payments
                rows.append((0, p, src, dst))
        rows.sort()
        if self.journal is not None:
            self.journal.keep(state, {n for _, _, src, dst in rows for n in (src, dst)})
        touched: set[int] = set()
        for phase, p, src, dst in rows:
            amount = int(graph.amount[p])
            if phase == 0:
                for policy in POLICIES:
                    state.ledgers[policy][dst].receive(amount, 0)
                touched.add(dst)
                continue
            touched.add(src)
            for policy in POLICIES:
                stolen = state.ledgers[policy][src].send(amount)
                if dst in inside:
                    state.ledgers[policy][dst].receive(amount, stolen)
                    touched.add(dst)
                elif stolen > 0 and dst not in trace.accounts:
                    state.unseen.add(dst)
                if policy != record or stolen <= 0:
                    continue
                self.taint._flow(p, src, dst, amount, stolen, second)
                if dst in inside:
                    _arrived(trace.accounts[dst], p, stolen)
                else:
                    self.taint._left(dst, p, stolen)
        for node in touched:
            account = trace.accounts[node]
            for policy in POLICIES:
                account.could_hold[policy] = state.ledgers[policy][node].tainted
            account.held = account.could_hold[record]

    def _paid_out_before(self, node: int, second: int) -> bool:
        """Whether ``node`` has an old departure in ``second`` (a payment out, or money
        delivered from a followed account): a new arrival goes before it."""
        graph, inside = self.walk.graph, self.walk.state.inside
        outs, ins = graph.outflows(node), graph.inflows(node)
        if np.any((graph.ts[outs] == second) & (outs < self.first)):
            return True
        old = ins[(graph.ts[ins] == second) & (ins < self.first)]
        return any(int(graph.src[p]) in inside for p in old.tolist())
