"""Cases to trace: fraud reports as they come, and the victim's payments they are about.

Reports are messy: hours or days late, naming the victim by phone rather than
person id, listing some transfers or none, the same loss reported twice (the
victim, then a relative), a second scam days after the first. So a case is
built from what a report gives:

1. **Who.** The report's ``person_id``, else the person whose phone it gives;
   the victim's accounts are those the records say they hold, plus the payers
   of any transfer the report names.
2. **When.** From the narrative's time (``03月03日15时许``), however long
   ago, else ``report_lookback_hours`` before the report — but never before
   the victim's previous report: what was paid after it is a new episode.
3. **Which payments.** Named ones; when they do not add up to the loss, the
   victim's outflows in the window are searched: first payments to payees the
   victim never paid before (not hubs, not the victim's own other accounts),
   the set whose sum is the loss (or the loss plus the "rebates" the victim
   received from new counterparties in the window), else the closest.
4. **Merge.** A report of the same victim whose payments overlap an earlier
   case's, or that names no new payment, is the same episode: one case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import combinations
from typing import TYPE_CHECKING

from fanzha.contract.kinds import Report
from fanzha.trace.graph import SINKS, TransferGraph

if TYPE_CHECKING:
    from fanzha.trace.config import TraceConfig
    from fanzha.trace.roles import NodeRoles

MAX_EXACT_SEARCH = 14
"""Candidates beyond this are not searched for an exact sum (2^14 subsets at most)."""
NEAR_SHARE = 0.03
"""A set within 3% of the target counts as matched (fees, rounding in the narrative)."""
NARRATIVE_TIME = re.compile(r"(\d{1,2})月(\d{1,2})日(\d{1,2})时")


@dataclass(frozen=True)
class Case:
    case_id: str
    person_id: str | None
    reported_ts: int
    loss_fen: int
    seeds: list[int]
    """Indices of the victim's transfers in the graph."""
    found_by: str
    """``listed``, ``listed+matched``, ``matched`` (sum = loss), ``nearest`` or ``none``."""
    reports: list[str] = field(default_factory=list)
    """Every report merged into this case, the first (the case id) first."""


def cases_from_reports(
    graph: TransferGraph,
    reports: list[Report],
    phones: dict[str, str],
    roles: NodeRoles,
    config: TraceConfig,
) -> list[Case]:
    """One case per victim episode, its id the first report's, in report order."""
    if graph.ids is None:
        raise ValueError("cases from reports need a graph built from events (transfer ids)")
    holder_accounts: dict[str, set[int]] = {}
    for name, facts in graph.accounts.items():
        node = graph.index.get(name)
        if facts.holder and node is not None:
            holder_accounts.setdefault(facts.holder, set()).add(node)
    lookback = int(config.report_lookback_hours * 3600)
    cases: list[Case] = []
    last: dict[str, int] = {}
    """Person → index in ``cases`` of their latest episode."""
    for report in sorted(reports, key=lambda r: (r.ts, r.id)):
        person = report.person_id or (phones.get(report.phone) if report.phone else None)
        reported = int(report.ts.timestamp())
        listed = sorted({i for t in report.transfers if (i := graph.position(t)) is not None})
        accounts = set(holder_accounts.get(person or "", set()))
        accounts |= {int(graph.src[i]) for i in listed}
        earlier = cases[last[person]] if person in last else None
        window, since = _window(report, reported - lookback, earlier)
        seeds, how = _payments(graph, roles, accounts, listed, window, since, report.loss_fen)
        if earlier is not None and (not seeds or set(seeds) & set(earlier.seeds)):
            merged = replace(
                earlier,
                seeds=sorted(set(earlier.seeds) | set(seeds)),
                loss_fen=max(earlier.loss_fen, report.loss_fen),
                reports=[*earlier.reports, report.id],
            )
            cases[last[person]] = merged  # type: ignore[index]
            continue
        case = Case(report.id, person, reported, report.loss_fen, seeds, how, [report.id])
        if person is not None:
            last[person] = len(cases)
        cases.append(case)
    return cases


def _window(
    report: Report, lookback_start: int, earlier: Case | None
) -> tuple[tuple[int, int], int]:
    """The loss window to search first, and the wider start to fall back on.

    The narrative's time wins over the lookback: a victim who reports nine days
    late still says when it began. Neither reaches before the previous report.
    """
    hinted = _narrative_start(report)
    first = hinted if hinted is not None else lookback_start
    wide = min(first, lookback_start)
    if earlier is not None:
        first, wide = max(first, earlier.reported_ts), max(wide, earlier.reported_ts)
    return (first, int(report.ts.timestamp())), wide


def _narrative_start(report: Report) -> int | None:
    """Epoch seconds an hour before the narrative's ``MM月DD日HH时``, in the report's zone."""
    found = NARRATIVE_TIME.search(report.text or "")
    if found is None:
        return None
    month, day, hour = (int(g) for g in found.groups())
    try:
        when = datetime(report.ts.year, month, day, hour, tzinfo=report.ts.tzinfo)
    except ValueError:
        return None
    if when > report.ts:
        when = when.replace(year=when.year - 1)
    return int((when - timedelta(hours=1)).timestamp())


def _payments(
    graph: TransferGraph,
    roles: NodeRoles,
    accounts: set[int],
    listed: list[int],
    window: tuple[int, int],
    since: int,
    loss: int,
) -> tuple[list[int], str]:
    """The case's payments: those listed, completed by a search when they fall short."""
    listed_sum = sum(int(graph.amount[i]) for i in listed)
    if listed and listed_sum >= loss * (1 - NEAR_SHARE):
        return listed, "listed"
    for start in dict.fromkeys((window[0], since)):
        found, how = _find_payments(graph, roles, accounts, (start, window[1]), loss, set(listed))
        if found:
            if listed:
                return sorted(set(listed) | set(found)), "listed+" + how
            return found, how
    return (listed, "listed") if listed else ([], "none")


def _find_payments(
    graph: TransferGraph,
    roles: NodeRoles,
    accounts: set[int],
    window: tuple[int, int],
    loss: int,
    listed: set[int],
) -> tuple[list[int], str]:
    since, until = window
    earlier_payees: set[int] = set()
    candidates: list[int] = []
    for node in accounts:
        for tx in graph.outflows(node).tolist():
            when, dst = int(graph.ts[tx]), int(graph.dst[tx])
            if when < since:
                earlier_payees.add(dst)
            elif (
                when <= until and dst >= len(SINKS) and dst not in accounts and not roles.hubs[dst]
            ):
                candidates.append(tx)
    new = [tx for tx in candidates if int(graph.dst[tx]) not in earlier_payees]
    pool = new or candidates
    if not pool:
        return [], "none"
    rebates = _rebates(graph, roles, accounts, window, earlier_payees, pool)
    listed_sum = sum(int(graph.amount[i]) for i in listed)
    targets = [t - listed_sum for t in dict.fromkeys((loss, loss + rebates)) if t > listed_sum]
    pool = [tx for tx in pool if tx not in listed]
    if not targets or not pool:
        return [], "none"
    pool.sort(key=lambda tx: (-int(graph.ts[tx]), tx))
    amounts = {tx: int(graph.amount[tx]) for tx in pool}
    everything = sum(amounts.values())
    if everything in targets:
        return sorted(pool), "matched"
    best: tuple[float, tuple[int, ...]] = (float("inf"), ())
    search = pool[:MAX_EXACT_SEARCH]
    for size in range(1, len(search) + 1):
        for combo in combinations(search, size):
            total = sum(amounts[tx] for tx in combo)
            miss = min(abs(total - t) / t for t in targets)
            if miss < best[0]:
                best = (miss, combo)
                if miss == 0:
                    return sorted(combo), "matched"
    if best[0] <= NEAR_SHARE:
        return sorted(best[1]), "matched"
    chosen, total = [], 0
    for tx in pool:
        if total >= targets[0]:
            break
        chosen.append(tx)
        total += amounts[tx]
    return sorted(chosen), "nearest"


def _rebates(
    graph: TransferGraph,
    roles: NodeRoles,
    accounts: set[int],
    window: tuple[int, int],
    earlier_payees: set[int],
    pool: list[int],
) -> int:
    """What the victim got back in the window from new counterparties (rebates, test payouts)."""
    payees = {int(graph.dst[tx]) for tx in pool}
    total = 0
    for node in accounts:
        for tx in graph.inflows(node).tolist():
            src = int(graph.src[tx])
            if (
                window[0] <= int(graph.ts[tx]) <= window[1]
                and src >= len(SINKS)
                and src not in accounts
                and src not in earlier_payees
                and not roles.hubs[src]
                and (src in payees or not graph.accounts.get(graph.names[src]))
            ):
                total += int(graph.amount[tx])
    return total
