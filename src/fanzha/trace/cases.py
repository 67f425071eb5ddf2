"""Cases to trace: a fraud ``report`` and the victim's payments it is about.

A report usually lists the transfer ids the victim made. When it does not
(the desk officer typed only the loss), the payments are found: the victim's
outflows in the days before the report to accounts that are not hubs, the
set whose sum is exactly the reported loss if there is one, else the newest
payments up to the loss.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from fanzha.contract.kinds import Report
from fanzha.trace.graph import SINKS, TransferGraph

MAX_EXACT_SEARCH = 14
"""Candidates beyond this are not searched for an exact sum (2^14 subsets at most)."""


@dataclass(frozen=True)
class Case:
    case_id: str
    person_id: str | None
    reported_ts: int
    loss_fen: int
    seeds: list[int]
    """Indices of the victim's transfers in the graph."""
    found_by: str
    """``listed`` (the report named them), ``matched`` (sum = loss), ``nearest`` or ``none``."""


def cases_from_reports(
    graph: TransferGraph,
    reports: list[Report],
    phones: dict[str, str],
    hubs: NDArray[np.bool_],
    lookback_s: int,
) -> list[Case]:
    """One case per report (the report's id is the case id), in report order."""
    if graph.ids is None:
        raise ValueError("cases from reports need a graph built from events (transfer ids)")
    holder_accounts: dict[str, list[int]] = {}
    for name, facts in graph.accounts.items():
        node = graph.index.get(name)
        if facts.holder and node is not None:
            holder_accounts.setdefault(facts.holder, []).append(node)
    cases = []
    for report in reports:
        person = report.person_id or (phones.get(report.phone) if report.phone else None)
        reported = int(report.ts.timestamp())
        found = (graph.position(t) for t in report.transfers)
        listed = [i for i in found if i is not None]
        if listed:
            seeds, how = sorted(set(listed)), "listed"
        else:
            accounts = holder_accounts.get(person or "", [])
            seeds, how = _find_payments(
                graph, accounts, hubs, reported - lookback_s, reported, report.loss_fen
            )
        cases.append(Case(report.id, person, reported, report.loss_fen, seeds, how))
    return cases


def _find_payments(
    graph: TransferGraph,
    accounts: list[int],
    hubs: NDArray[np.bool_],
    since: int,
    until: int,
    loss: int,
) -> tuple[list[int], str]:
    candidates: list[int] = []
    for node in accounts:
        for tx in graph.outflows(node).tolist():
            dst = int(graph.dst[tx])
            if since <= graph.ts[tx] <= until and dst >= len(SINKS) and not hubs[dst]:
                candidates.append(tx)
    if not candidates:
        return [], "none"
    candidates.sort(key=lambda tx: (-int(graph.ts[tx]), tx))
    amounts = {tx: int(graph.amount[tx]) for tx in candidates}
    search = candidates[:MAX_EXACT_SEARCH]
    for size in range(1, len(search) + 1):
        for combo in combinations(search, size):
            if sum(amounts[tx] for tx in combo) == loss:
                return sorted(combo), "matched"
    chosen, total = [], 0
    for tx in candidates:
        if total >= loss:
            break
        chosen.append(tx)
        total += amounts[tx]
    return sorted(chosen), "nearest"
