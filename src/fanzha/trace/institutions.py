"""Payment institutions: wallets' and aggregators' clearing accounts, followed through.

Why: a victim told to pay "through Alipay" pays the institution's clearing
account, which a minute later pays the ring's card (a wallet top-up spent, an
aggregator sub-merchant settled). A trace that stopped there, as at any hub,
lost all of that money; a trace that treated the clearing account as a mule
would ask to stop a payment institution. So an institution is neither: the
money is followed along the outflow that settled it — what the institution
answers when asked, as a bank would — and the institution is never stopped.

Recognised from the account records and the config (``institutions``), and
from history: most of an account's incoming payments are third-party
payments whose memo names the institution (``支付宝-淘宝``, ``财付通-美团``…).

Settlement: each inflow is matched to the first outflow of the same amount
within ``settle_hours`` (a wallet forwards at once); failing that, to the
first outflow to one payee within the window whose amount covers it (an
aggregator's daily settlement of a sub-merchant's takings). Unmatched money
waits at the institution and the freeze list asks the institution about it.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping

import numpy as np

from fanzha.trace.graph import TransferGraph


def find_institutions(
    graph: TransferGraph,
    names: Mapping[str, str],
    accounts: Mapping[str, str],
    min_payments: int,
    min_share: float,
) -> dict[int, str]:
    """Node → institution id, from config accounts, account records and memos."""
    found: dict[int, str] = {}
    for account, institution in accounts.items():
        node = graph.index.get(account)
        if node is not None:
            found[node] = institution
    for account, facts in graph.accounts.items():
        node = graph.index.get(account)
        if node is not None and facts.kind == "institution":
            found.setdefault(node, facts.bank or "institution")
    for node, heads in graph.memo_heads.items():
        total = sum(heads.values())
        if total < min_payments or node in found:
            continue
        by_institution: dict[str, int] = defaultdict(int)
        for head, count in heads.items():
            if head in names:
                by_institution[names[head]] += count
        named = sum(by_institution.values())
        if named and named >= min_share * max(len(graph.inflows(node)), 1):
            # a clearing account several wallets settle through is named after the most common
            found[node] = max(by_institution.items(), key=lambda kv: kv[1])[0]
    return found


def settle(
    graph: TransferGraph,
    institutions: Mapping[int, str],
    window_s: int,
    daily: Iterable[str] = (),
) -> dict[int, int]:
    """Inflow transfer → the institution's outflow that passed it on.

    Only institutions in ``daily`` (aggregators) settle sums: elsewhere an
    outflow of another amount is a refund or a payout to someone else.
    """
    sums = set(daily)
    settlement: dict[int, int] = {}
    for node, institution in institutions.items():
        outs = graph.outflows(node).tolist()
        if not outs:
            continue
        by_amount: dict[int, deque[int]] = defaultdict(deque)
        for tx in outs:
            by_amount[int(graph.amount[tx])].append(tx)
        used: set[int] = set()
        out_ts = graph.ts[graph.outflows(node)]
        for tx in graph.inflows(node).tolist():
            when, amount = int(graph.ts[tx]), int(graph.amount[tx])
            same = by_amount.get(amount)
            while same and int(graph.ts[same[0]]) < when:
                same.popleft()
            if same and int(graph.ts[same[0]]) <= when + window_s:
                settlement[tx] = same.popleft()
                used.add(settlement[tx])
                continue
            if institution not in sums:
                continue
            start = int(np.searchsorted(out_ts, when, side="left"))
            for out in outs[start:]:
                if int(graph.ts[out]) > when + window_s:
                    break
                if out not in used and int(graph.amount[out]) >= amount:
                    settlement[tx] = out  # a settlement that sums a day's takings
                    break
    return settlement
