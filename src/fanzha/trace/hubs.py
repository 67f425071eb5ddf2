"""Which accounts are hubs — merchants, payment hubs, employers, big legitimate accounts.

A trace must stop at a hub and never ask a bank to freeze one: a supermarket
that was paid with stolen money is not a mule. Hubs are recognised from their
history, all at once over the whole graph (``fanzha.trace.counts``, in bounded
memory):

- many distinct counterparties (mules serve one ring: tens, not hundreds);
- a long-held account with a steady stream of unrelated payers;
- money that stays (a merchant's takings) or fans out to many (payroll),
  rather than passing straight through to a few accounts within minutes;

plus an allowlist the center maintains (``trace.yaml``: ``allowlist``).

What the keeping bank says of an account (``account_kind``) comes first: a
``merchant`` record is an exit whatever its history; a ``personal`` card is a
hub only with very many counterparties — a resident mule's rent and groceries
do not make it one, nor does a dormant card the ring woke up; the "long-held
account that keeps its money" rule is for business (``corporate``) accounts
and accounts without a kind. A sub-merchant ledger opened lately is followed
like a card (a ring's aggregator sub-merchant); an old one is a shop.

An account we have no record of (its bank shares nothing) shows only the
payments other banks saw: many distinct payers on many different days is a
shop's or a supplier's takings (``exit_min_payers``, ``exit_min_days``), and
so are a few customers each paying once an ordinary sum (``shop_…``) —
unless the payments are QR takings or nightly settlements, which a ring's
sub-merchant and settlement cards receive too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from fanzha.trace.counts import AccountCounts, count_accounts
from fanzha.trace.graph import SINKS, TransferGraph


@dataclass(frozen=True)
class HubRules:
    min_counterparties: int = 40
    """At or above this many distinct counterparties an account is a hub."""
    old_account_days: int = 365
    """An account held this long…"""
    old_min_counterparties: int = 8
    """…with this many distinct counterparties is a hub unless it passes money straight on."""
    pass_through_share: float = 0.8
    """Out ÷ in at or above this is pass-through: what mules do."""
    exit_min_payers: int = 12
    exit_min_days: int = 4
    shop_min_payers: int = 4
    """A small shop: this many payers on ``shop_min_days`` days, nearly each once
    (``shop_unique_share``), paying ordinary sums (median under ``shop_median_fen``)."""
    shop_min_days: int = 3
    shop_unique_share: float = 0.95
    shop_median_fen: int = 50_000
    young_days: int = 180
    """A sub-merchant ledger opened within this many days is followed, not an exit."""


FOLLOWED_MEMOS = frozenset({"扫码支付", "T+1结算"})
"""Memos of QR takings and nightly settlements: a ring's ledgers and cards get them too."""


def find_hubs(
    graph: TransferGraph,
    rules: HubRules,
    allowlist: frozenset[str] = frozenset(),
    today: date | None = None,
    counts: AccountCounts | None = None,
) -> NDArray[np.bool_]:
    """A boolean per node: True for hubs (sinks included: money there is gone).

    ``counts`` when the caller has them already (``recognise`` reads them for OTC traders too).
    """
    stats = count_accounts(graph) if counts is None else counts
    hubs = stats.counterparties >= rules.min_counterparties
    hubs[: len(SINKS)] = True
    if today is None and len(graph.ts):
        today = date.fromtimestamp(graph.latest())
    for name, facts in graph.accounts.items():
        node = graph.index.get(name)
        if node is None:
            continue
        age = (today - facts.opened).days if facts.opened and today else None
        if facts.kind == "merchant":
            hubs[node] = True
        elif facts.kind == "sub_merchant":
            hubs[node] = age is None or age > rules.young_days
        elif facts.kind == "personal":
            continue  # many counterparties only (set above)
        elif (
            age is not None
            and age >= rules.old_account_days
            and stats.counterparties[node] >= rules.old_min_counterparties
            and stats.pass_through(node) < rules.pass_through_share
        ):
            hubs[node] = True
    for node in _unrecorded_takings(graph, rules, stats):
        hubs[node] = True
    for name in allowlist:
        node = graph.index.get(name)
        if node is not None:
            hubs[node] = True
    return hubs


def _unrecorded_takings(graph: TransferGraph, rules: HubRules, stats: AccountCounts) -> list[int]:
    """Accounts without a record paid by many distinct payers on many days (not QR/settlement).

    Only where records exist at all: without reference data a missing record
    says nothing about the account's bank.
    """
    if not graph.accounts:
        return []
    wide = (stats.payers >= rules.exit_min_payers) & (stats.days >= rules.exit_min_days)
    shop = (
        (stats.payers >= rules.shop_min_payers)
        & (stats.days >= rules.shop_min_days)
        & (stats.payers >= rules.shop_unique_share * stats.payments)
    )
    found = []
    for node in np.flatnonzero(wide | shop).tolist():
        if node < len(SINKS) or graph.names[node] in graph.accounts:
            continue
        ins = graph.inflows(node)
        if not wide[node] and float(np.median(graph.amount[ins])) >= rules.shop_median_fen:
            continue
        heads = graph.memo_heads.get(node)
        followed = sum(heads[m] for m in FOLLOWED_MEMOS) if heads else 0
        if followed * 2 < len(ins):
            found.append(node)
    return found
