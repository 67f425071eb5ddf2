"""How good a freeze list is, against a simulated city's answer key (``truth.json``).

Coverage: of the stolen money still recoverable (``truth.recoverable``, per
account), the share that the list asks to stop — capped per account at what
is really there, so over-asking earns nothing. ``judge_reported`` narrows the
money to what reported cases could reach: the money held at report time when
the key gives it (``cases[].held_at_report`` of reported cases), else each ring
generation's recoverable money in the share its reported victims paid in. Precision: the share of
*stopped* accounts (``freeze``, ``stop_query``) that are mules; innocent accounts
given a limited ``hold_amount`` are counted apart. And the errors that matter
most: exits and institutions stopped or held (any request but a query), OTC
traders held for more than the traced amount or frozen whole.
``judge_at_arrival`` counts each request when it was sent: money that left
before a stop arrived is not covered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fanzha.trace.freeze import FreezeRequest

STOPS = ("freeze", "stop_query")
EXIT_GROUPS = ("merchants", "gold_sellers", "payment_hubs")
"""Truth's hub groups that must never be stopped (merchants, gold sellers, institutions)."""
NEVER_STOPPED = ("gold_seller", "merchant", "payment_institution")
"""Kinds of ``truth.exits`` that must never be stopped (OTC traders: ``hold_amount`` only)."""


@dataclass(frozen=True)
class FreezeScore:
    recoverable_fen: int
    covered_fen: int
    listed_accounts: int
    mule_accounts: int
    hubs_listed: list[str]
    exits_stopped: list[str] = field(default_factory=list)
    otc_misused: list[str] = field(default_factory=list)
    """OTC traders given anything but ``hold_amount``."""
    otc_held: int = 0
    innocent_held: int = 0
    """Accounts given ``hold_amount`` that are neither mules nor OTC traders."""
    without_bank: int = 0
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Mule kind → (recoverable, covered) fen."""

    @property
    def coverage(self) -> float:
        return self.covered_fen / self.recoverable_fen if self.recoverable_fen else 1.0

    @property
    def mule_share(self) -> float:
        return self.mule_accounts / self.listed_accounts if self.listed_accounts else 1.0


def judge_freeze_list(requests: Iterable[FreezeRequest], truth: dict[str, Any]) -> FreezeScore:
    """Against all recoverable money (every victim, reported or not)."""
    return _score(list(requests), truth, {a: int(v) for a, v in truth["recoverable"].items()})


def judge_reported(
    requests: Iterable[FreezeRequest], truth: dict[str, Any], payees: Mapping[str, str]
) -> FreezeScore:
    """Against the money the reported cases could recover (``payees``: transfer id → payee)."""
    return _score(list(requests), truth, reported_money(truth, payees))


def judge_at_arrival(requests: Iterable[FreezeRequest], truth: dict[str, Any]) -> FreezeScore:
    """Against the money held at report time, each request counted when it was sent.

    A request made in a later round (a bank's answer read, the trace gone further)
    can only stop what the account still held then: of each reported case's money
    in an account, what was still there at the earliest request's time (``ts``),
    never more than at report time. Needs the truth's per-case ``moves``.
    """
    rows = list(requests)
    sent: dict[str, float] = {}
    for row in rows:
        if row.action != "query":
            when = datetime.fromisoformat(row.ts).timestamp()
            sent[row.account_id] = min(sent.get(row.account_id, when), when)
    held: dict[str, int] = defaultdict(int)
    there: dict[str, int] = defaultdict(int)
    for case in truth["cases"]:
        if not case.get("report_id"):
            continue
        reported = datetime.fromisoformat(case["reported_ts"]).timestamp()
        for account, fen in (case.get("held_at_report") or {}).items():
            held[account] += int(fen)
            if account in sent:
                at = max(sent[account], reported)
                still = sum(int(d) for t, a, d in case["moves"] if a == account and t <= at)
                there[account] += max(0, min(int(fen), still))
    return _score(rows, truth, dict(held), dict(there))


def reported_money(truth: dict[str, Any], payees: Mapping[str, str]) -> dict[str, int]:
    """Per account, the recoverable money that belongs to reported victims."""
    if isinstance(truth.get("cases"), list):
        held: dict[str, int] = defaultdict(int)
        for case in truth["cases"]:
            if case.get("report_id"):
                for account, fen in (case.get("held_at_report") or {}).items():
                    held[account] += int(fen)
        return dict(held)
    mules = truth["mules"]
    ring_of = {a: r["ring_id"] for r in truth["rings"] for a in r["mule_accounts"]}
    paid: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for victim in truth["victims"]:
        for tx in victim["victim_transfers"]:
            payee = payees.get(tx)
            if payee not in mules:
                continue
            key = (ring_of.get(payee, victim["ring_id"]), int(mules[payee]["generation"]))
            fen = int(victim["paid_fen"]) // max(len(victim["victim_transfers"]), 1)
            paid[key][0] += fen
            if victim.get("report_id"):
                paid[key][1] += fen
    money = {}
    for account, fen in truth["recoverable"].items():
        key = (ring_of.get(account, ""), int(mules.get(account, {}).get("generation", 0)))
        total, reported = paid.get(key, [0, 0])
        if total and reported:
            money[account] = int(fen) * reported // total
    return money


def mule_kind(account: str, truth: dict[str, Any]) -> str:
    """``resident``, ``outside``, ``corporate``, ``aggregator``, ``wallet``…: truth's, else
    by holder (an outside holder or a resident)."""
    record = truth["mules"].get(account, {})
    if record.get("kind"):
        return str(record["kind"])
    return "outside" if record.get("holder") is None else "resident"


def _score(
    requests: list[FreezeRequest],
    truth: dict[str, Any],
    money: dict[str, int],
    reachable: dict[str, int] | None = None,
) -> FreezeScore:
    """``reachable``: per account, the part of ``money`` a request could still stop."""
    asked: dict[str, int] = defaultdict(int)
    actions: dict[str, set[str]] = defaultdict(set)
    for request in requests:
        actions[request.account_id].add(request.action)
        if request.action != "query":
            asked[request.account_id] += request.amount_fen
    stopped = {a for a, acts in actions.items() if acts & set(STOPS)}
    mules = set(truth["mule_accounts"])
    hubs = {a for group in truth["hubs"].values() for a in group}
    exit_kinds: dict[str, str] = truth.get("exits") or {}
    exits = {a for g in EXIT_GROUPS for a in truth["hubs"].get(g, [])}
    exits |= {a for a, kind in exit_kinds.items() if kind in NEVER_STOPPED}
    otc = {a for a, kind in exit_kinds.items() if kind == "otc"}
    hubs |= set(exit_kinds)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    covered = 0
    for account, held in money.items():
        cap = held if reachable is None else reachable.get(account, 0)
        got = min(asked.get(account, 0), cap)
        covered += got
        kind = by_kind[mule_kind(account, truth)]
        kind[0] += held
        kind[1] += got
    return FreezeScore(
        recoverable_fen=sum(money.values()),
        covered_fen=covered,
        listed_accounts=len(stopped),
        mule_accounts=sum(1 for a in stopped if a in mules),
        hubs_listed=sorted(a for a in stopped if a in hubs),
        exits_stopped=sorted(a for a in actions if a in exits and actions[a] - {"query"}),
        otc_misused=sorted(a for a in actions if a in otc and actions[a] != {"hold_amount"}),
        otc_held=sum(1 for a in actions if a in otc and "hold_amount" in actions[a]),
        innocent_held=sum(
            1
            for a in actions
            if "hold_amount" in actions[a] and a not in otc and a not in mules and a not in stopped
        ),
        without_bank=sum(1 for r in requests if not r.bank),
        by_kind={k: (v[0], v[1]) for k, v in sorted(by_kind.items())},
    )
