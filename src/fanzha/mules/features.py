"""What each account's behaviour says at every moment it moved money, as columns.

Why at every moment and not once per account: a mule must be flagged before
it cashes out, so the score has to be known as the money arrives. Each money
row becomes an entry on the payee's timeline (in) and the payer's (out), and
a report naming a transfer becomes an entry on the payee's timeline when the
report arrives. Sorted by account and time, every feature is a running
figure over the account's own past — cumulative sums per account, computed
for all accounts at once with NumPy — so the features at an entry use only
what the center knew then.

The features (names are the model's, the words are ``reasons.py``'s):
money from many unrelated payers, pass-through within minutes, round sums
in and out, night activity, a new account or one waking after days idle,
cash-out (ATM, counter, gold), victims' reports naming the account or its
payers, and the ordinary life around it: salary and shop payments, a long
held account, many counterparties whose money stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Final

import numpy as np
from numpy.typing import NDArray

from fanzha.mules.ledger import ATM, COUNTER, GOLD_BUY, NEVER, SINKS, Ledger
from fanzha.mules.ledger import bits_of as _bits
from fanzha.mules.ledger import sort_index as _sort_index

QUICK_S: Final = 3600
"""An outflow within this long of the latest inflow passes money through."""
IDLE_S: Final = 3 * 86400
"""An account that moved nothing for this long and then does has woken up."""
ROUND_FEN: Final = 10_000
"""Sums in whole hundreds of yuan (and at least ¥1,000) are round."""
HUB_COUNTERPARTIES: Final = 40
"""An account with this many distinct counterparties is a hub (shop, employer, wallet)."""
CHINA_S: Final = 8 * 3600
FILL_ROWS: Final = 1 << 15
CHUNK_ENTRIES: Final = 1 << 18
"""Entries featured and scored at once (whole accounts): the memory stays flat."""
IN, OUT, REPORT = 1, -1, 0

FEATURES: Final = (
    "payers_log",
    "payees_log",
    "in_n_log",
    "out_n_log",
    "in_fen_log",
    "pass_ratio",
    "out_without_in",
    "quick_share",
    "quick_n_log",
    "round_in_share",
    "round_out_share",
    "night_share",
    "new_account",
    "age_log",
    "no_record",
    "woke",
    "cash_n_log",
    "atm_n_log",
    "gold_n",
    "cash_share",
    "reported_n_log",
    "tainted_in_log",
    "tainted_in_share",
    "quick_payer_in_log",
    "quick_payer_in_share",
    "young_payers",
    "passes",
    "repeat_in_share",
    "repeat_out_share",
    "active_days_log",
    "payers_passing",
    "quick_payers_passing",
    "young_passing",
    "in_fen_passing",
    "hub_out_share",
    "hub_in_n_log",
    "counterparties_log",
    "hub",
    "stays_share",
    "stranger_round_in_log",
    "young_payer_in_log",
    "young_payer_in_share",
    "big_first_in_log",
    "in_before_out_fen_log",
)


@dataclass
class Entries:
    """Every account's entries, sorted by account and time (no features yet)."""

    account: NDArray[np.int32]
    ts: NDArray[np.int64]
    row: NDArray[np.int64]
    """The money row behind the entry (for a report entry: the reported transfer)."""
    direction: NDArray[np.int8]
    starts: NDArray[np.int64]
    """Index of each account's first entry (accounts with entries only), and its end."""


@dataclass
class Timeline(Entries):
    """Entries with their features (``x[:, j]`` is FEATURES[j])."""

    x: NDArray[np.float32]

    def column(self, name: str) -> NDArray[np.float32]:
        return self.x[:, FEATURES.index(name)]


@dataclass
class Shared:
    """What an entry's features read from other accounts' timelines, found in a first
    pass: per money row whether its payer had been reported and passed it on quickly,
    and whether payer and payee were hubs *then* (as many distinct counterparties as a
    shop, counted up to that row: never from what came later). Plus, per entry, the
    first entry of each (account, counterparty) pair and the quick outflows, kept so
    the second pass need not find them again."""

    payer_hub: NDArray[np.bool_]
    payee_hub: NDArray[np.bool_]
    payer_reported: NDArray[np.bool_]
    payer_quick: NDArray[np.bool_]
    first: NDArray[np.bool_]
    quick: NDArray[np.bool_]


def _group_cumsum(
    values: NDArray[np.bool_] | NDArray[np.float64],
    starts: NDArray[np.int64],
    lengths: NDArray[np.int64],
) -> NDArray[np.float64]:
    """Running sum within each account's run of entries (runs at ``starts``, ``lengths``
    long). The values are whole numbers (counts, fen), so the running total less the
    total before the run is exact."""
    total = np.cumsum(values, dtype=np.float64)
    before = np.concatenate(([0.0], total))[starts]
    total -= np.repeat(before, lengths)
    return total


def _first_of_pair(pair: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True at the first entry of each distinct value of ``pair`` (values >= 0)."""
    order = _sort_index(pair, _bits(int(pair.max(initial=0))))
    ordered = pair[order]
    new = np.ones(len(pair), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    first = np.zeros(len(pair), dtype=bool)
    first[order[new]] = True
    return first


def _log(v: NDArray[np.float64], cap: float = 50.0) -> NDArray[np.float64]:
    """log(1 + v), capped: past a few dozen, more of the same says nothing new about a
    card (and a shop's thousands of payers must not outweigh the fact that it is one)."""
    return np.log1p(np.clip(v, 0.0, cap))


def _log_count(v: NDArray[np.float64], cap: int = 50) -> NDArray[np.float64]:
    """``_log`` of a count (a whole number >= 0), looked up: the same values, no log
    computed per entry."""
    table = _log(np.arange(cap + 1, dtype=np.float64), float(cap))
    out: NDArray[np.float64] = table[np.minimum(v, cap).astype(np.intp)]
    return out


def hubs_of(ledger: Ledger) -> NDArray[np.bool_]:
    """Accounts with many distinct counterparties over the whole ledger (and the sinks)."""
    n = ledger.accounts
    a = np.concatenate([ledger.src, ledger.dst]).astype(np.int64)
    b = np.concatenate([ledger.dst, ledger.src]).astype(np.int64)
    pairs = np.unique(a * n + b)
    counts = np.bincount(pairs // n, minlength=n)
    hubs = counts >= HUB_COUNTERPARTIES
    hubs[: len(SINKS)] = True
    return hubs


def entries(ledger: Ledger) -> Entries:
    """Each money row on its payee's timeline (in) and its payer's (out), each report
    naming a transfer on the payee's when it arrived; sorted by account, then time,
    an outflow before a report before an inflow of the same second (a report after
    the money it names), then as the rows came."""
    n_rows = len(ledger)
    rows = np.arange(n_rows, dtype=np.int64)
    is_account_dst = ledger.dst >= len(SINKS)
    reported_rows = np.flatnonzero((ledger.reported < NEVER) & is_account_dst)
    in_rows = np.flatnonzero(is_account_dst)
    account = np.concatenate([ledger.dst[in_rows], ledger.src, ledger.dst[reported_rows]])
    ts = np.concatenate([ledger.ts[in_rows], ledger.ts, ledger.reported[reported_rows]])
    row = np.concatenate([in_rows, rows, reported_rows])
    direction = np.concatenate(
        [
            np.full(len(in_rows), IN, np.int8),
            np.full(n_rows, OUT, np.int8),
            np.full(len(reported_rows), REPORT, np.int8),
        ]
    )
    if len(ts):  # the order np.lexsort((direction, ts, account)) gives, in two plain sorts
        t0 = int(ts.min())
        when = ((ts - t0) << np.int64(2)) | (direction + 1).astype(np.int64)
        by_time = _sort_index(when, _bits(int(ts.max()) - t0) + 2)
        by_account = _sort_index(account[by_time].astype(np.int64), _bits(ledger.accounts))
        order = by_time[by_account]
    else:
        order = np.zeros(0, dtype=np.int64)
    account, ts, row, direction = account[order], ts[order], row[order], direction[order]
    boundary = np.ones(len(account), dtype=bool)
    boundary[1:] = account[1:] != account[:-1]
    starts = np.flatnonzero(boundary)
    return Entries(
        account=account.astype(np.int32),
        ts=ts,
        row=row,
        direction=direction,
        starts=np.concatenate((starts, [len(account)])).astype(np.int64),
    )


def chunks(e: Entries, target: int = CHUNK_ENTRIES) -> list[tuple[int, int]]:
    """Runs of whole accounts of about ``target`` entries: ``(first run, end run)``.

    Every feature is a figure over the account's own past, so accounts can be
    featured and scored a few hundred thousand entries at a time, and the
    memory stays flat however big the city."""
    runs = len(e.starts) - 1
    cuts = np.searchsorted(e.starts, np.arange(target, int(e.starts[-1]), target), "right")
    bounds = np.unique(np.concatenate(([0], np.clip(cuts - 1, 0, runs), [runs])))
    return [(int(a), int(b)) for a, b in pairwise(bounds) if b > a]


@dataclass
class _Run:
    """One chunk's entries, with the per-entry views both passes start from."""

    lo: int
    account: NDArray[np.int32]
    ts: NDArray[np.int64]
    row: NDArray[np.int64]
    direction: NDArray[np.int8]
    starts: NDArray[np.int64]
    lengths: NDArray[np.int64]
    boundary: NDArray[np.bool_]
    is_in: NDArray[np.bool_]
    is_out: NDArray[np.bool_]
    other: NDArray[np.int64]

    def cum(self, values: NDArray[np.bool_] | NDArray[np.float64]) -> NDArray[np.float64]:
        return _group_cumsum(values, self.starts, self.lengths)


def _run(ledger: Ledger, e: Entries, first_run: int, end_run: int) -> _Run:
    lo, hi = int(e.starts[first_run]), int(e.starts[end_run])
    starts = e.starts[first_run : end_run + 1] - lo
    direction = e.direction[lo:hi]
    row = e.row[lo:hi]
    is_in = direction == IN
    boundary = np.zeros(hi - lo, dtype=bool)
    boundary[starts[:-1]] = True
    return _Run(
        lo=lo, account=e.account[lo:hi], ts=e.ts[lo:hi], row=row, direction=direction,
        starts=starts[:-1], lengths=np.diff(starts), boundary=boundary, is_in=is_in,
        is_out=direction == OUT,
        other=np.where(is_in, ledger.src[row], ledger.dst[row]).astype(np.int64),
    )  # fmt: skip


def _since_in(r: _Run) -> NDArray[np.int64]:
    """Seconds since the account's latest inflow (``NEVER`` before its first)."""
    group = np.cumsum(r.boundary) - 1
    big = np.int64(1) << 34
    last_in = np.maximum.accumulate(np.where(r.is_in, group * big + r.ts, group * big - 1))
    out: NDArray[np.int64] = np.where(last_in >= group * big, r.ts - (last_in - group * big), NEVER)
    return out


def shared(ledger: Ledger, e: Entries, target: int = CHUNK_ENTRIES) -> Shared:
    """The first pass (see ``Shared``), chunk by chunk."""
    n_rows, m = len(ledger), len(e.ts)
    first = np.zeros(m, dtype=bool)
    quick = np.zeros(m, dtype=bool)
    payer_reported = np.zeros(n_rows, dtype=bool)
    payer_quick = np.zeros(n_rows, dtype=bool)
    payer_hub = np.zeros(n_rows, dtype=bool)
    payee_hub = np.zeros(n_rows, dtype=bool)
    for a, b in chunks(e, target):
        r = _run(ledger, e, a, b)
        money = r.is_in | r.is_out
        local = (r.account - r.account[0]).astype(np.int64)
        pair = np.where(money, local * ledger.accounts + r.other + 1, 0)
        got = _first_of_pair(pair) & money
        first[r.lo : r.lo + len(got)] = got
        hub_now = r.cum(got & (r.other >= len(SINKS))) >= HUB_COUNTERPARTIES
        payer_hub[r.row[r.is_out]] = hub_now[r.is_out]
        payee_hub[r.row[r.is_in]] = hub_now[r.is_in]
        fast = r.is_out & (_since_in(r) <= QUICK_S)
        quick[r.lo : r.lo + len(fast)] = fast
        reported_n = r.cum(r.direction == REPORT)
        out_rows = r.row[r.is_out]
        payer_reported[out_rows] = reported_n[r.is_out] > 0
        payer_quick[out_rows] = fast[r.is_out]
    return Shared(payer_hub, payee_hub, payer_reported, payer_quick, first, quick)


def features(
    ledger: Ledger, e: Entries, sh: Shared, first_run: int, end_run: int
) -> NDArray[np.float32]:
    """The features of the entries of account runs ``first_run..end_run`` (a chunk)."""
    r = _run(ledger, e, first_run, end_run)
    account, ts, row, is_in, is_out, other = r.account, r.ts, r.row, r.is_in, r.is_out, r.other
    m = len(ts)
    cum = r.cum
    kind = ledger.kind[row]
    fen = ledger.fen[row].astype(np.float64)
    money = is_in | is_out
    in_n = cum(is_in)
    out_n = cum(is_out)
    in_fen = cum(np.where(is_in, fen, 0.0))
    out_fen = cum(np.where(is_out, fen, 0.0))
    first = sh.first[r.lo : r.lo + m]
    payers = cum(first & is_in)
    payees = cum(first & is_out & (other >= len(SINKS)))
    counterparties = cum(first & (other >= len(SINKS)))
    quick = sh.quick[r.lo : r.lo + m]
    quick_n = cum(quick)
    round_sum = (ledger.fen[row] % ROUND_FEN == 0) & (ledger.fen[row] >= 100_000)
    round_in = cum(is_in & round_sum)
    round_out = cum(is_out & round_sum & (other >= len(SINKS)))
    hour = ((ts + CHINA_S) // 3600) % 24
    night = cum(money & (hour < 6))
    prev_ts = np.concatenate(([0], ts[:-1]))
    woke = cum(~r.boundary & (ts - prev_ts >= IDLE_S) & money) > 0
    opened = ledger.opened[account]
    known_age = opened >= 0
    age_days = np.where(known_age, (ts - opened) / 86400.0, 0.0)
    cash = is_out & ((kind == ATM) | (kind == COUNTER))
    cash_n = cum(cash)
    atm_n = cum(is_out & (kind == ATM))
    gold_n = cum(is_out & (kind == GOLD_BUY))
    cash_fen = cum(np.where(cash | (is_out & (kind == GOLD_BUY)), fen, 0.0))
    reported_n = cum(r.direction == REPORT)
    tainted_n = cum(is_in & sh.payer_reported[row])
    quick_payer_n = cum(is_in & sh.payer_quick[row])
    hub_other = np.where(is_in, sh.payer_hub[row], sh.payee_hub[row]) & (other >= len(SINKS))
    hub_out_fen = cum(np.where(is_out & hub_other, fen, 0.0))
    hub_in_n = cum(is_in & hub_other)

    hub = counterparties >= HUB_COUNTERPARTIES  # a hub by what it did so far
    young = ((known_age & (age_days <= 90)) | ~ledger.recorded[account]) & ~hub
    # the payer's card: unrecorded in the city, or opened in the last 90 days
    payer_opened = ledger.opened[other]
    young_payer = is_in & (
        ~ledger.recorded[other] | ((payer_opened >= 0) & (ts - payer_opened <= 90 * 86400))
    )
    young_payer_n = cum(young_payer & ~hub_other)
    # a victim's first payment: a round sum from someone who never paid the card before
    stranger_round_n = cum(is_in & first & round_sum)
    big_first_n = cum(is_in & first & (ledger.fen[row] >= 500_000))
    # money that arrived before the first outflow: what a card holds when it first acts
    in_before_out = cum(np.where(is_in & (out_n == 0), fen, 0.0))
    safe_in = np.maximum(in_fen, 1.0)
    safe_out = np.maximum(out_n, 1.0)
    cols = {
        "payers_log": _log_count(payers),
        "payees_log": _log_count(payees),
        "in_n_log": _log_count(in_n),
        "out_n_log": _log_count(out_n),
        "in_fen_log": _log(in_fen / 100.0, 1e7),
        "pass_ratio": np.where(in_fen > 0, np.minimum(out_fen / safe_in, 2.0), 0.0),
        "out_without_in": ((in_n == 0) & (out_n > 0)).astype(np.float64),
        "quick_share": quick_n / safe_out,
        "quick_n_log": _log_count(quick_n),
        "round_in_share": round_in / np.maximum(in_n, 1.0),
        "round_out_share": round_out / safe_out,
        "night_share": night / np.maximum(in_n + out_n, 1.0),
        "new_account": (known_age & (age_days <= 90)).astype(np.float64),
        "age_log": _log(age_days, 1e5),
        "no_record": (~ledger.recorded[account]).astype(np.float64),
        "woke": woke.astype(np.float64),
        "cash_n_log": _log_count(cash_n, 20),
        "atm_n_log": _log_count(atm_n, 20),
        "gold_n": np.minimum(gold_n, 5.0),
        "cash_share": np.minimum(cash_fen / safe_in, 2.0),
        "reported_n_log": _log_count(reported_n, 10),
        "tainted_in_log": _log_count(tainted_n, 10),
        "tainted_in_share": tainted_n / np.maximum(in_n, 1.0),
        "quick_payer_in_log": _log_count(quick_payer_n, 10),
        "quick_payer_in_share": quick_payer_n / np.maximum(in_n, 1.0),
        "young_payers": _log_count(payers, 30) * young,
        "hub_out_share": np.minimum(hub_out_fen / np.maximum(out_fen, 1.0), 1.0),
        "hub_in_n_log": _log_count(hub_in_n),
        "counterparties_log": _log_count(counterparties),
        "hub": hub.astype(np.float64),
        "stays_share": np.where(in_fen > 0, np.maximum(1.0 - out_fen / safe_in, 0.0), 0.0),
        "stranger_round_in_log": _log_count(stranger_round_n, 20),
        "young_payer_in_log": _log_count(young_payer_n, 20),
        "young_payer_in_share": young_payer_n / np.maximum(in_n, 1.0),
        "big_first_in_log": _log_count(big_first_n, 20),
        "in_before_out_fen_log": _log(in_before_out / 100.0, 1e7),
    }
    # What a shop never does: pass money on. Behaviours that are a shop's daily life
    # (many payers, big takings) count as a mule's only together with it.
    passes = ((quick_n > 0) | ((cols["pass_ratio"] >= 0.5) & (out_n > 0))).astype(np.float64)
    cols["passes"] = passes
    cols["payers_passing"] = cols["payers_log"] * passes
    cols["quick_payers_passing"] = cols["quick_payer_in_log"] * passes
    cols["young_passing"] = young * passes
    cols["in_fen_passing"] = cols["in_fen_log"] * passes
    # A trader's or a family's counterparties come back; a mule's victims pay once.
    cols["repeat_in_share"] = np.maximum(in_n - payers, 0.0) / np.maximum(in_n, 1.0)
    cols["repeat_out_share"] = np.maximum(out_n - payees, 0.0) / np.maximum(out_n, 1.0)
    day = ts // 86_400
    new_day = r.boundary | np.concatenate(([True], day[1:] != day[:-1]))
    cols["active_days_log"] = _log_count(cum(new_day), 60)
    x = np.empty((m, len(FEATURES)), dtype=np.float32)
    for lo in range(0, m, FILL_ROWS):  # row blocks: a column write stays in the cache
        block = x[lo : lo + FILL_ROWS]
        for j, name in enumerate(FEATURES):
            block[:, j] = cols[name][lo : lo + FILL_ROWS]
    return x


def timeline(ledger: Ledger) -> Timeline:
    """Every account's entries and running features (see the module's docstring)."""
    e = entries(ledger)
    sh = shared(ledger, e)
    x = np.empty((len(e.ts), len(FEATURES)), dtype=np.float32)
    for a, b in chunks(e):
        x[e.starts[a] : e.starts[b]] = features(ledger, e, sh, a, b)
    return Timeline(e.account, e.ts, e.row, e.direction, e.starts, x)


__all__ = [
    "FEATURES", "Entries", "Shared", "Timeline", "chunks", "entries", "features", "hubs_of",
    "shared", "timeline",
]  # fmt: skip
