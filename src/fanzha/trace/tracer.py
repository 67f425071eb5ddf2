"""A graph with its roles recognised, tracing cases — and keeping open cases current.

``Tracer.add`` takes new events while cases are open: the transfers go onto
the graph's tails (no rebuild), and each open case's walk (``fanzha.trace.walk``)
carries its trace on through the transfers into or out of the accounts it
follows — no case is traced from the start again unless its walk must. Each
case remembers when its freeze list last changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import msgspec
import numpy as np

from fanzha.contract.kinds import Event
from fanzha.contract.readers import Accepted
from fanzha.trace.banks import BinTable
from fanzha.trace.carry import Pasts
from fanzha.trace.cases import Case, cases_from_reports
from fanzha.trace.config import TraceConfig
from fanzha.trace.engine import CaseTrace, TraceLimits, trace_case
from fanzha.trace.freeze import FreezeRequest, freeze_list
from fanzha.trace.graph import GraphBuilder, TransferGraph, moment
from fanzha.trace.institutions import settle
from fanzha.trace.roles import NodeRoles, recognise
from fanzha.trace.walk import CaseWalk

OTHER_RULES_REASON = (
    "仅按后进先出或按比例推算仍有涉案资金（先进先出已转出）：仅限额止付，待调单确认"
)
CASHING_OUT_REASON = "付款账户正在取现/消费出金：收款方或为未识别的出金渠道，仅限额止付涉案金额"


@dataclass
class OpenCase:
    case: Case
    trace: CaseTrace
    requests: list[FreezeRequest]
    changed_at: datetime
    """When the freeze list last changed (the newest transfer's time when it did)."""
    walk: CaseWalk | None = None


@dataclass
class Tracer:
    graph: TransferGraph
    roles: NodeRoles
    config: TraceConfig
    builder: GraphBuilder | None = None
    open: dict[str, OpenCase] = field(default_factory=dict)
    issuers: BinTable = field(default_factory=BinTable)

    def __post_init__(self) -> None:
        if not self.issuers.prefixes:
            self.issuers = self.config.issuers()

    @property
    def hubs(self) -> np.ndarray:
        return self.roles.hubs

    @classmethod
    def from_events(cls, events: Iterable[Event], config: TraceConfig) -> Tracer:
        return cls.from_builder(GraphBuilder().extend(events), config)

    @classmethod
    def from_accepted(cls, accepted: Iterable[Accepted], config: TraceConfig) -> Tracer:
        """From reader output: the extra fields (``account_kind``, ``to_bank``) are kept."""
        builder = GraphBuilder()
        for item in accepted:
            builder.add_accepted(item)
        return cls.from_builder(builder, config)

    @classmethod
    def from_builder(cls, builder: GraphBuilder, config: TraceConfig) -> Tracer:
        graph = builder.build()
        return cls(graph, recognise(graph, config), config, builder)

    @property
    def limits(self) -> TraceLimits:
        c = self.config
        return TraceLimits(policy=c.policy, max_hops=c.max_hops, max_accounts=c.max_accounts)

    @property
    def data_banks(self) -> set[str]:
        """The banks (and institutions) whose data the center receives: the config's list."""
        return set(self.config.data_banks)

    def cases(self) -> list[Case]:
        if self.builder is None:
            return []
        return cases_from_reports(
            self.graph, self.builder.reports, self.builder.phones, self.roles, self.config
        )

    def trace(self, case: Case, at_report: bool = False, at: int | None = None) -> CaseTrace:
        """The case's money now (the newest data), as the center saw it when reported, or
        ``at`` a moment (epoch seconds: a round of answers, ``fanzha.trace.rounds``)."""
        return trace_case(
            self.graph,
            case.case_id,
            case.seeds,
            self.roles.hubs,
            self.limits,
            as_of=at if at is not None else case.reported_ts if at_report else None,
            settlement=self.roles.settlement,
            institutions=frozenset(self.roles.institutions),
        )

    def requests(self, traced: CaseTrace) -> list[FreezeRequest]:
        rows = freeze_list(
            self.graph, traced, self.config, self.roles, self.data_banks, self.issuers
        )
        return [self._limited(traced, row) for row in rows]

    def _limited(self, traced: CaseTrace, row: FreezeRequest) -> FreezeRequest:
        """A stop two hops on or more becomes a hold on the traced sum when only LIFO or
        pro rata put the money there (FIFO, the rule of return, says it left), or when
        the money came from an account cashing out (``exits.cashing_out_payments``
        payments to exits by then)."""
        if row.action not in ("freeze", "stop_query") or row.hop < 2:
            return row
        if row.could_hold.get("fifo", 0) < self.config.min_freeze_fen:
            return msgspec.structs.replace(row, action="hold_amount", reason=OTHER_RULES_REASON)
        if not row.path:
            return row
        graph, hubs = self.graph, self.roles.hubs
        last = graph.position(row.path[-1])
        if last is None:
            return row
        payer = int(graph.src[last])
        if payer in traced.victim_nodes:
            return row
        outs = graph.outflows(payer)
        outs = outs[graph.ts[outs] <= traced.as_of]
        paid_exits = int(hubs[graph.dst[outs]].sum())
        if paid_exits < self.config.exits.cashing_out_payments:
            return row
        return msgspec.structs.replace(row, action="hold_amount", reason=CASHING_OUT_REASON)

    def trace_all(
        self,
        cases: list[Case] | None = None,
        on_case: Callable[[], None] | None = None,
        at_report: bool = False,
    ) -> list[tuple[Case, CaseTrace, list[FreezeRequest]]]:
        """Every case (default: every report), with its trace and freeze requests."""
        results = []
        for case in self.cases() if cases is None else cases:
            traced = self.trace(case, at_report)
            results.append((case, traced, self.requests(traced)))
            if on_case is not None:
                on_case()
        return results

    # ---- open cases, kept current -------------------------------------------------------

    def open_cases(self, cases: list[Case] | None = None) -> dict[str, OpenCase]:
        self.graph.reserve(max(1 << 20, len(self.graph) // 10))
        for case in self.cases() if cases is None else cases:
            self.open_case(case)
        return self.open

    def open_case(self, case: Case) -> OpenCase:
        """Trace the case and keep it current as transfers arrive (``add``)."""
        walk = self._walk(case)
        rows = self.requests(walk.trace)
        entry = OpenCase(case, walk.trace, rows, moment(walk.trace.as_of), walk)
        self.open[case.case_id] = entry
        return entry

    def _walk(self, case: Case) -> CaseWalk:
        return CaseWalk(
            self.graph,
            case.case_id,
            case.seeds,
            self.roles.hubs,
            self.limits,
            self.roles.settlement,
            frozenset(self.roles.institutions),
        )

    def add(self, events: Iterable[Event]) -> list[str]:
        """New events while cases are open; returns the cases whose freeze list changed."""
        if self.builder is None:
            raise ValueError("add needs a tracer built from events")
        builder = self.builder
        rows_before, reports_before = len(builder.rows), len(builder.reports)
        builder.extend(events)
        fresh = np.array(builder.rows[rows_before:], dtype=np.int64).reshape(-1, 4)
        return self.add_rows(fresh, reported=len(builder.reports) != reports_before)

    def add_rows(self, fresh: np.ndarray, reported: bool = False) -> list[str]:
        """New money movements (rows of src, dst, fen, ts over known node ids)."""
        if len(fresh) == 0 and not reported:
            return []
        self._grow_roles()
        positions = self.graph.append(fresh)
        self._settle(positions)
        touching = _by_account(self.graph, positions)
        renewed = self._new_reports() if reported else set()
        pasts = Pasts(self.graph)
        changed = []
        for case_id, entry in self.open.items():
            if entry.walk is None or case_id in renewed:
                entry.walk = self._walk(entry.case)
            else:
                entry.walk.hubs = self.roles.hubs
                inside = entry.walk.state.inside
                if len(inside) < len(touching):
                    nodes = [n for n in inside if n in touching]
                else:
                    nodes = [n for n in touching if n in inside]
                if not entry.walk.advance((p for n in nodes for p in touching[n]), pasts):
                    continue
            entry.trace = entry.walk.trace
            rows = self.requests(entry.trace)
            if _signature(rows) != _signature(entry.requests):
                entry.changed_at = moment(entry.trace.as_of)
                changed.append(case_id)
            entry.requests = rows
        return sorted(changed)

    def _new_reports(self) -> set[str]:
        """Cases new or changed by new reports (a merged report can change a case's payments)."""
        touched = set()
        for case in self.cases():
            current = self.open.get(case.case_id)
            if current is None:
                empty = CaseTrace(case.case_id, frozenset(), [], 0, 0)
                self.open[case.case_id] = OpenCase(case, empty, [], moment(0))
            elif current.case.seeds == case.seeds:
                continue
            self.open[case.case_id].case = case
            touched.add(case.case_id)
        return touched

    def _grow_roles(self) -> None:
        missing = self.graph.nodes - len(self.roles.hubs)
        if missing > 0:
            self.roles.hubs = np.concatenate([self.roles.hubs, np.zeros(missing, dtype=bool)])

    def _settle(self, positions: np.ndarray) -> None:
        """Settlements of institutions the new transfers touch (a walk reaching one retraces)."""
        graph, roles = self.graph, self.roles
        ends = set(graph.dst[positions].tolist()) | set(graph.src[positions].tolist())
        into_institutions = {n for n in ends if n in roles.institutions}
        if into_institutions:
            inst = self.config.institutions
            roles.settlement.update(
                settle(
                    graph,
                    {n: roles.institutions[n] for n in into_institutions},
                    int(inst.settle_hours * 3600),
                    inst.daily_settlement,
                )
            )

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


def _by_account(graph: TransferGraph, positions: np.ndarray) -> dict[int, list[int]]:
    """New transfers by the accounts they touch (payer and payee)."""
    touching: dict[int, list[int]] = {}
    for p, src, dst in zip(
        positions.tolist(),
        graph.src[positions].tolist(),
        graph.dst[positions].tolist(),
        strict=True,
    ):
        touching.setdefault(src, []).append(p)
        if dst != src:
            touching.setdefault(dst, []).append(p)
    return touching


def _signature(rows: list[FreezeRequest]) -> list[tuple[str, int, str]]:
    return [(r.account_id, r.amount_fen, r.action) for r in rows]
