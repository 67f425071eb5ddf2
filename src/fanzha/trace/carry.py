"""What an open case's walk keeps between batches (``fanzha.trace.walk``).

- ``Pasts``: a joining account's entries before the step, read once per batch
  for every case it joins (its clean balance when no two entries share a second);
- ``Journal``: what reading the horizon's second changed, so that a transfer
  arriving later in that second is read again with the rest of the second
  instead of tracing the case afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import islice

import numpy as np
from numpy.typing import NDArray

from fanzha.trace.engine import TracedAccount, TraceState
from fanzha.trace.graph import TransferGraph
from fanzha.trace.taint import POLICIES, Ledger, Policy


@dataclass(frozen=True)
class Past:
    """An account's entries before a step: rows (ts, payer, position, in, ±fen); its own
    payments out name itself as payer (a departure reads after arrivals from outside)."""

    rows: list[tuple[int, int, int, int, int]]
    payments: list[tuple[int, int, int]]
    """Its payments out (ts, payee, position)."""
    balance: int | None
    """The clean balance, when no two entries share a second (then order needs no phase)."""


@dataclass
class Pasts:
    """Joining accounts' pasts, read once per batch for every case they join."""

    graph: TransferGraph
    known: dict[tuple[int, int, int], Past] = field(default_factory=dict)

    def of(self, node: int, second: int, first: int) -> Past:
        key = (node, second, first)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._read(node, second, first)
        return found

    def _read(self, node: int, second: int, first: int) -> Past:
        graph = self.graph

        def old(ledger: NDArray[np.int64]) -> NDArray[np.int64]:
            ts = graph.ts[ledger]
            kept: NDArray[np.int64] = ledger[(ts < second) | ((ts == second) & (ledger < first))]
            return kept

        ins, outs = old(graph.inflows(node)), old(graph.outflows(node))
        rows = list(
            zip(
                graph.ts[ins].tolist(),
                graph.src[ins].tolist(),
                ins.tolist(),
                [1] * len(ins),
                graph.amount[ins].tolist(),
                strict=True,
            )
        )
        payments = list(
            zip(graph.ts[outs].tolist(), graph.dst[outs].tolist(), outs.tolist(), strict=True)
        )
        # a payment to itself leaves, then arrives: out (0) sorts before in (1)
        amounts = graph.amount[outs].tolist()
        rows += [(ts, node, p, 0, -fen) for (ts, _, p), fen in zip(payments, amounts, strict=True)]
        times = [r[0] for r in rows]
        balance = None
        if len(set(times)) == len(times):
            balance = 0
            for *_, fen in sorted(rows):
                balance = max(0, balance + fen)
        return Past(rows, payments, balance)


@dataclass
class Journal:
    """What reading one second changed, to be undone: accounts and flows added since
    (dicts keep their order, so the newest are the ones added), totals before, and copies
    of the ledgers and accounts the second's entries touched."""

    second: int
    first: int
    reached: int
    accounts: int
    flows: int
    totals: tuple[int, int, int]
    unseen: set[int]
    ledgers: dict[int, dict[Policy, Ledger]] = field(default_factory=dict)
    kept: dict[int, TracedAccount] = field(default_factory=dict)

    @classmethod
    def before(cls, second: int, first: int, state: TraceState) -> Journal:
        trace = state.trace
        totals = (trace.cashed_out, trace.spent_at_hubs, trace.beyond_sight)
        return cls(
            second, first, len(state.reached), len(trace.accounts), len(trace.flows), totals,
            set(state.unseen),
        )  # fmt: skip

    def keep(self, state: TraceState, nodes: set[int]) -> None:
        """Copies of what the second's entries will change, as it was before them."""
        accounts = state.trace.accounts
        added = set(islice(reversed(accounts), len(accounts) - self.accounts))
        for node in nodes:
            if node not in accounts or node in added or node in self.kept:
                continue
            account = accounts[node]
            self.kept[node] = replace(account, could_hold=dict(account.could_hold))
            if node in state.inside:
                self.ledgers[node] = {p: state.ledgers[p][node].copy() for p in POLICIES}

    def restore(self, state: TraceState) -> None:
        trace = state.trace
        while len(state.reached) > self.reached:
            node, _ = state.reached.popitem()
            state.inside.discard(node)
            for ledgers in state.ledgers.values():
                ledgers.pop(node, None)
        while len(trace.accounts) > self.accounts:
            trace.accounts.popitem()
        del trace.flows[self.flows :]
        trace.cashed_out, trace.spent_at_hubs, trace.beyond_sight = self.totals
        state.unseen.clear()
        state.unseen.update(self.unseen)
        for node, kept in self.ledgers.items():
            for policy, ledger in kept.items():
                state.ledgers[policy][node] = ledger
        trace.accounts.update(self.kept)
