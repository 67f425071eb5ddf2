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

from fanzha.mules.features import FEATURES, REPORT, Timeline, timeline
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
    """Per account code (sinks included, never reported): peak score, its entry, first flag."""

    ledger: Ledger
    timeline: Timeline
    prob: NDArray[np.float32]
    peak: NDArray[np.float32]
    peak_entry: NDArray[np.int64]
    first_flagged: NDArray[np.int64]
    threshold: float
    model: MuleModel

    def accounts(self) -> NDArray[np.int64]:
        """Codes of the accounts seen (every account with an entry)."""
        return np.flatnonzero(self.peak_entry >= 0)


def score_ledger(ledger: Ledger, model: MuleModel, threshold: float) -> Scored:
    t = timeline(ledger)
    prob = model.score(t.x)
    n = ledger.accounts
    starts = t.starts[:-1]
    peak = np.zeros(n, dtype=np.float32)
    peak_entry = np.full(n, -1, dtype=np.int64)
    first_flagged = np.full(n, NEVER, dtype=np.int64)
    if len(starts):
        codes = t.account[starts]
        # the peak entry of each run: sort by (account, prob) and take each run's last
        order = np.lexsort((prob, t.account))
        ends = t.starts[1:] - 1
        peak_entry[codes] = order[ends]
        peak[codes] = prob[order[ends]]
        flagged_ts = np.where(prob >= threshold, t.ts, NEVER)
        first_flagged[codes] = np.minimum.reduceat(flagged_ts, starts)
    return Scored(ledger, t, prob, peak, peak_entry, first_flagged, threshold, model)


def _reasons(scored: Scored, entry: int) -> list[str]:
    # A reason is a behaviour the account shows (above the usual) that raises the score;
    # the absence of an innocent trait (not a shop) is never said as one.
    contrib = scored.model.contributions(scored.timeline.x[entry : entry + 1])[0]
    shown = scored.model.above_usual(scored.timeline.x[entry])
    contrib = np.where(shown, contrib, 0.0)
    order = np.argsort(-contrib)[:MAX_REASONS]
    return [say(FEATURES[j]) for j in order if contrib[j] >= MIN_CONTRIBUTION]


def _evidence(scored: Scored, code: int, entry: int) -> list[str]:
    t, ledger = scored.timeline, scored.ledger
    lo = int(np.searchsorted(t.account, code, side="left"))
    window = np.arange(lo, entry + 1)
    window = window[t.ts[window] >= t.ts[entry] - EVIDENCE_WINDOW_S]
    reported = window[t.direction[window] == REPORT]
    rows = list(dict.fromkeys([*t.row[reported].tolist(), *t.row[window][::-1].tolist()]))
    return [_id(ledger.ids[r]) for r in rows[:MAX_EVIDENCE]]


def _id(value: object) -> str:
    as_py = getattr(value, "as_py", None)  # an Arrow scalar
    return str(as_py() if as_py is not None else value)


def results(scored: Scored, explain_from: float | None = None) -> list[AccountScore]:
    """One score per account seen; reasons and evidence for those scoring at least
    ``explain_from`` (default: half the threshold) — the rest did nothing worth saying."""
    floor = scored.threshold / 2 if explain_from is None else explain_from
    ledger = scored.ledger
    out = []
    for code in scored.accounts().tolist():
        if code < len(SINKS):
            continue
        value = float(scored.peak[code])
        entry = int(scored.peak_entry[code])
        explain = value >= floor
        flagged = int(scored.first_flagged[code])
        out.append(
            AccountScore(
                account_id=ledger.names[code],
                bank=ledger.banks[code],
                score=round(value, 4),
                reasons=_reasons(scored, entry) if explain else [],
                evidence=_evidence(scored, code, entry) if explain else [],
                first_flagged_ts=None if flagged == NEVER else datetime.fromtimestamp(flagged, UTC),
                model=scored.model.version,
            )
        )
    return out


__all__ = ["AccountScore", "Scored", "results", "score_ledger"]
