"""``fanzha mules … --truth truth.json``: judge the scores against a simulated city.

Positives are the truth's mule accounts that appear in the events; every other
account seen is a negative. The issue's figures: precision, recall and F1 at
the threshold; the share of mules flagged before their first cash-out (a mule
that never cashed out counts if it was flagged at all; the first cash-out is
the truth's own time when it gives one, else the card's first ATM, counter,
gold or merchant outflow in the events); per mule kind; and how many hubs of
each kind (gold sellers, merchants, payment institutions, OTC traders…)
scored above the threshold, which must be none.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from fanzha.mules.features import hubs_of
from fanzha.mules.ledger import NEVER, SINKS
from fanzha.mules.score import Scored

CASH_OUT_KEYS = ("first_cash_out_ts", "first_cashout_ts", "cash_out_ts")


def _kind(record: dict[str, Any]) -> str:
    for key in ("kind", "mule_kind", "type"):
        if isinstance(record.get(key), str):
            return str(record[key])
    if record.get("role") == "payout":
        return "payout"
    return f"layer{record.get('layer', '?')}"


def _when(value: Any) -> int | None:
    if isinstance(value, str):
        return int(datetime.fromisoformat(value).timestamp())
    return None


def first_cash_outs(scored: Scored) -> np.ndarray:
    """Per account code: its first outflow to cash, gold or a hub (``NEVER`` if none)."""
    ledger = scored.ledger
    hubs = hubs_of(ledger)
    out = np.full(ledger.accounts, NEVER, dtype=np.int64)
    cash = (ledger.dst < len(SINKS)) | hubs[ledger.dst]
    rows = np.flatnonzero(cash)
    np.minimum.at(out, ledger.src[rows], ledger.ts[rows])
    return out


def _rates(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}


def evaluate(scored: Scored, truth_path: Path) -> dict[str, Any]:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    ledger = scored.ledger
    index = {name: code for code, name in enumerate(ledger.names) if code >= len(SINKS)}
    seen = scored.peak_entry >= 0
    flagged = seen & (scored.peak >= scored.threshold)
    flagged[: len(SINKS)] = False
    mules: dict[int, dict[str, Any]] = {}
    for account, record in (truth.get("mules") or {}).items():
        code = index.get(account)
        if code is not None and seen[code]:
            mules[code] = record
    is_mule = np.zeros(ledger.accounts, dtype=bool)
    is_mule[list(mules)] = True
    tp = int((flagged & is_mule).sum())
    fp = int((flagged & ~is_mule).sum())
    fn = int((~flagged & is_mule).sum())
    cash_at = first_cash_outs(scored)
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    before = 0
    for code, record in mules.items():
        k = kinds[_kind(record)]
        k[0] += 1
        k[1] += int(flagged[code])
        told = next((_when(record[key]) for key in CASH_OUT_KEYS if key in record), None)
        first_out = told if told is not None else int(cash_at[code])
        early = bool(flagged[code]) and int(scored.first_flagged[code]) <= first_out
        k[2] += int(early)
        before += int(early)
    groups: dict[str, list[str]] = {k: list(v) for k, v in (truth.get("hubs") or {}).items()}
    for account, kind in (truth.get("exits") or {}).items():  # the money world's exits
        groups.setdefault(f"exit:{kind}", []).append(account)
    hubs = {}
    for kind, accounts in groups.items():
        codes = [index[a] for a in accounts if a in index and seen[index[a]]]
        hubs[kind] = {"seen": len(codes), "above_threshold": int(flagged[codes].sum())}
    return {
        "threshold": scored.threshold,
        "model": scored.model.version,
        "accounts": int(seen[len(SINKS) :].sum()),
        "mules_seen": len(mules),
        "mules_in_truth": len(truth.get("mules") or {}),
        "flagged": int(flagged.sum()),
        "true_positives": tp,
        "false_positives": fp,
        **_rates(tp, fp, fn),
        "flagged_before_cash_out": round(before / len(mules), 3) if mules else None,
        "per_kind": {
            k: {"mules": v[0], "flagged": v[1], "before_cash_out": v[2]}
            for k, v in sorted(kinds.items())
        },
        "hubs": hubs,
    }


__all__ = ["evaluate", "first_cash_outs"]
