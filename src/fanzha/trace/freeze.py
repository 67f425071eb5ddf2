"""The freeze list: accounts ranked by stolen money still held, with evidence.

Each row is the contract's freeze request (``account_id``, ``bank``,
``amount_fen``, ``hop``, ``ts``, ``case_id``, ``path``) plus ``action``:
``freeze`` at a bank whose data we have, ``query`` (动态查询) elsewhere — we
saw the money arrive there and nothing after, so the bank must tell us
where it went; its answer resumes the trace (``Tracer.resume``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import msgspec
import numpy as np
from numpy.typing import NDArray

from fanzha.contract.kinds import Event
from fanzha.trace.cases import Case, cases_from_reports
from fanzha.trace.config import TraceConfig
from fanzha.trace.engine import CaseTrace, TraceLimits, trace_case
from fanzha.trace.graph import GraphBuilder, TransferGraph, moment
from fanzha.trace.hubs import find_hubs


class FreezeRequest(msgspec.Struct, frozen=True, kw_only=True):
    account_id: str
    bank: str | None
    amount_fen: int
    hop: int
    ts: str
    case_id: str
    path: list[str]
    action: Literal["freeze", "query"]
    holder: str | None = None


def freeze_list(graph: TransferGraph, trace: CaseTrace, config: TraceConfig) -> list[FreezeRequest]:
    """One case's requests, most money first."""
    when = moment(trace.as_of).isoformat()
    data_banks = set(config.data_banks)
    rows = []
    for account in trace.accounts.values():
        if account.hub or account.held < config.min_freeze_fen:
            continue
        bank = graph.bank_of(account.node, config.bins)
        facts = graph.accounts.get(account.account_id)
        rows.append(
            FreezeRequest(
                account_id=account.account_id,
                bank=bank,
                amount_fen=account.held,
                hop=account.hop,
                ts=when,
                case_id=trace.case_id,
                path=trace.path(graph, account.node),
                action="freeze" if bank in data_banks else "query",
                holder=facts.holder if facts else None,
            )
        )
    rows.sort(key=lambda r: (-r.amount_fen, r.hop, r.account_id))
    return rows


@dataclass
class Tracer:
    """A graph with its hubs recognised, ready to trace many cases."""

    graph: TransferGraph
    hubs: NDArray[np.bool_]
    config: TraceConfig
    builder: GraphBuilder | None = None

    @classmethod
    def from_events(cls, events: Iterable[Event], config: TraceConfig) -> Tracer:
        builder = GraphBuilder().extend(events)
        return cls.from_builder(builder, config)

    @classmethod
    def from_builder(cls, builder: GraphBuilder, config: TraceConfig) -> Tracer:
        graph = builder.build()
        hubs = find_hubs(graph, config.hubs.rules(), frozenset(config.allowlist))
        return cls(graph, hubs, config, builder)

    @property
    def limits(self) -> TraceLimits:
        c = self.config
        return TraceLimits(policy=c.policy, max_hops=c.max_hops, max_accounts=c.max_accounts)

    def cases(self) -> list[Case]:
        if self.builder is None:
            return []
        lookback = int(self.config.report_lookback_hours * 3600)
        return cases_from_reports(
            self.graph, self.builder.reports, self.builder.phones, self.hubs, lookback
        )

    def trace(self, case: Case) -> CaseTrace:
        return trace_case(self.graph, case.case_id, case.seeds, self.hubs, self.limits)

    def trace_all(
        self, cases: list[Case] | None = None, on_case: Callable[[], None] | None = None
    ) -> list[tuple[Case, CaseTrace, list[FreezeRequest]]]:
        """Every case (default: every report), with its trace and freeze requests."""
        results = []
        for case in self.cases() if cases is None else cases:
            traced = self.trace(case)
            results.append((case, traced, freeze_list(self.graph, traced, self.config)))
            if on_case is not None:
                on_case()
        return results

    def resume(self, answers: Iterable[Event]) -> Tracer:
        """A bank answered a query with the account's transfers: trace again with them.

        Tracing is deterministic over its input, so the new trace equals the old
        one everywhere the answer adds nothing, and follows the money further
        where it does.
        """
        if self.builder is None:
            raise ValueError("resume needs a tracer built from events")
        self.builder.extend(answers)
        return Tracer.from_builder(self.builder, self.config)
