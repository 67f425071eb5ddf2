"""Score every account of a ledger: the highest score its timeline reached, and when.

An account's score is the model's probability at the entry where it peaked
(a card that looked like a mule while the money passed through stays one
after it goes quiet); ``first_flagged_ts`` is the first entry at or above the
threshold — what a bank would have been told, and when. Reasons are the
behaviours that raised the score at that peak; evidence the transfers of the
day before it, reported ones first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

import msgspec
import numpy as np
from numpy.typing import NDArray

from fanzha.mules.features import (
    CHUNK_ENTRIES,
    FEATURES,
    REPORT,
    Entries,
    chunks,
    entries,
    features,
    shared,
)  # fmt: skip
from fanzha.mules.ledger import NEVER, SINKS, Ledger
from fanzha.mules.model import MuleModel
from fanzha.mules.reasons import say

EVIDENCE_WINDOW_S: Final = 86_400
MAX_EVIDENCE: Final = 10
MAX_REASONS: Final = 3
MIN_CONTRIBUTION: Final = 0.25
"""A behaviour adds at least this much log-odds at the peak to be named a reason."""


class AccountScore(msgspec.Struct, frozen=True, kw_only=True):
    """One line of ``mules.jsonl``."""

    account_id: str
    bank: str
    score: float
    reasons: list[str]
    evidence: list[str]
    first_flagged_ts: datetime | None
    model: str


@dataclass
class Scored:
    """Per account code (sinks included, never reported): peak score, its entry, first flag,
    and the features at the peak (what the reasons are read from)."""

    ledger: Ledger
    timeline: Entries
    prob: NDArray[np.float32]
    peak: NDArray[np.float32]
    peak_entry: NDArray[np.int64]
    first_flagged: NDArray[np.int64]
    peak_x: NDArray[np.float32]
    threshold: float
    model: MuleModel

    def accounts(self) -> NDArray[np.int64]:
        """Codes of the accounts seen (every account with an entry)."""
        return np.flatnonzero(self.peak_entry >= 0)


def score_ledger(
    ledger: Ledger, model: MuleModel, threshold: float, chunk: int = CHUNK_ENTRIES
) -> Scored:
    """Featured and scored a chunk of whole accounts at a time (``features.chunks``):
    only the entries' order, their scores and each account's features at its peak
    outlive a chunk."""
    t = entries(ledger)
    sh = shared(ledger, t, chunk)
    n = ledger.accounts
    prob = np.empty(len(t.ts), dtype=np.float32)
    peak = np.zeros(n, dtype=np.float32)
    peak_entry = np.full(n, -1, dtype=np.int64)
    first_flagged = np.full(n, NEVER, dtype=np.int64)
    peak_x = np.zeros((n, len(FEATURES)), dtype=np.float32)
    for a, b in chunks(t, chunk):
        lo, hi = int(t.starts[a]), int(t.starts[b])
        x = features(ledger, t, sh, a, b)
        p = prob[lo:hi] = model.score(x)
        starts = t.starts[a:b] - lo
        codes = t.account[t.starts[a:b]]
        # the peak entry of each run: its highest score, the latest entry reaching it
        highest = np.maximum.reduceat(p, starts)
        at_peak = p == np.repeat(highest, np.diff(t.starts[a : b + 1]))
        index = np.where(at_peak, np.arange(len(p)), -1)
        local_peak = np.maximum.reduceat(index, starts)
        peak_entry[codes] = local_peak + lo
        peak[codes] = highest
        peak_x[codes] = x[local_peak]
        flagged_ts = np.where(p >= threshold, t.ts[lo:hi], NEVER)
        first_flagged[codes] = np.minimum.reduceat(flagged_ts, starts)
    return Scored(ledger, t, prob, peak, peak_entry, first_flagged, peak_x, threshold, model)


def _reasons(scored: Scored, codes: NDArray[np.int64]) -> list[list[str]]:
    """The reasons of each account's peak entry, all accounts at once.

    A reason is a behaviour the account shows (above the usual) that raises the score;
    the absence of an innocent trait (not a shop) is never said as one."""
    x = scored.peak_x[codes]
    contrib = scored.model.contributions(x)
    contrib = np.where(scored.model.above_usual(x), contrib, 0.0)
    order = np.argsort(-contrib, axis=1)[:, :MAX_REASONS]
    said = np.take_along_axis(contrib, order, axis=1) >= MIN_CONTRIBUTION
    words = [say(f) for f in FEATURES]
    return [
        [words[j] for j, ok in zip(top, keep, strict=True) if ok]
        for top, keep in zip(order.tolist(), said.tolist(), strict=True)
    ]


def _evidence(scored: Scored, peaks: NDArray[np.int64]) -> list[list[str]]:
    """Each peak entry's evidence: the transfers of its account's day before it,
    reported ones first (in time order), then the latest first, each once.

    The day's window is one ``searchsorted`` for all accounts on (account, time),
    the order the timeline is sorted in. A row appears at most three times on one
    account's timeline (in, out of a transfer to itself, reported), so the first
    ``MAX_EVIDENCE`` distinct rows lie within the first (or last) ``3 * MAX_EVIDENCE``
    entries of each part: only those are looked at."""
    t, ledger = scored.timeline, scored.ledger
    key = (t.account.astype(np.int64) << 34) | t.ts
    lo = np.searchsorted(key, key[peaks] - EVIDENCE_WINDOW_S, side="left")
    reports = np.flatnonzero(t.direction == REPORT)
    rep_lo = np.searchsorted(reports, lo, side="left")
    rep_hi = np.searchsorted(reports, peaks, side="right")
    cap = 3 * MAX_EVIDENCE
    step = np.arange(cap, dtype=np.int64)
    # per peak, as rows of a matrix: its reported entries, then its latest entries
    # backwards, -1 where the window ends
    at = rep_lo[:, None] + step
    reported = np.where(at < rep_hi[:, None], t.row[reports[np.minimum(at, len(reports) - 1)]]
                        if len(reports) else -1, -1)  # fmt: skip
    back = peaks[:, None] - step
    latest = np.where(back >= lo[:, None], t.row[np.maximum(back, 0)], -1)
    picked = []
    for said, recent in zip(reported.tolist(), latest.tolist(), strict=True):
        rows = dict.fromkeys([*said, *recent])
        rows.pop(-1, None)
        picked.append(list(rows)[:MAX_EVIDENCE])
    used = np.unique(np.array([r for rows in picked for r in rows], dtype=np.int64))
    ids = dict(zip(used.tolist(), _ids(ledger.ids, used), strict=True))
    return [[ids[r] for r in rows] for rows in picked]


def _ids(ids: object, rows: NDArray[np.int64]) -> list[str]:
    """The event ids of ``rows``, from a NumPy or an Arrow array, as strings."""
    take = getattr(ids, "take")  # noqa: B009 - NumPy and Arrow arrays alike
    chosen = take(rows)
    listed = chosen.to_pylist() if hasattr(chosen, "to_pylist") else chosen.tolist()
    return [str(v) for v in listed]


def results(scored: Scored, explain_from: float | None = None) -> list[AccountScore]:
    """One score per account seen; reasons and evidence for those scoring at least
    ``explain_from`` (default: the threshold, the accounts a bank is told of): finding
    the evidence of every account of a city would cost more than scoring them."""
    floor = scored.threshold if explain_from is None else explain_from
    ledger = scored.ledger
    codes = scored.accounts()
    codes = codes[codes >= len(SINKS)]
    peak = scored.peak[codes]
    entry = scored.peak_entry[codes]
    explained = np.flatnonzero(peak >= floor)
    reasons: list[list[str]] = [[] for _ in range(len(codes))]
    evidence: list[list[str]] = [[] for _ in range(len(codes))]
    if len(explained):
        for i, said, shown in zip(explained.tolist(), _reasons(scored, codes[explained]),
                                  _evidence(scored, entry[explained]), strict=True):  # fmt: skip
            reasons[i], evidence[i] = said, shown
    flagged = scored.first_flagged[codes]
    when = [None if f == NEVER else datetime.fromtimestamp(f, UTC) for f in flagged.tolist()]
    version = scored.model.version
    return [
        AccountScore(
            account_id=ledger.names[code],
            bank=ledger.banks[code],
            score=round(value, 4),
            reasons=reasons[i],
            evidence=evidence[i],
            first_flagged_ts=when[i],
            model=version,
        )
        for i, (code, value) in enumerate(zip(codes.tolist(), peak.tolist(), strict=True))
    ]


__all__ = ["AccountScore", "Scored", "results", "score_ledger"]
