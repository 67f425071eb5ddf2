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


def holders_of(files: list[Path]) -> dict[str, str]:
    """Account → holder, from the account records of the event files (for the
    look-alike figures only: a center's scoring never reads who holds a card)."""
    out: dict[str, str] = {}
    for path in files:
        if path.suffix == ".parquet":
            import duckdb

            with duckdb.connect() as con:
                try:
                    rows = con.execute(
                        "SELECT account_id, holder FROM read_parquet(?) "
                        "WHERE kind = 'account' AND holder IS NOT NULL",
                        [str(path)],
                    ).fetchall()
                except duckdb.Error:  # no holder column
                    rows = []
            out.update({str(a): str(h) for a, h in rows})
            continue
        with path.open("rb") as f:
            for line in f:
                if b'"holder"' in line and b'"account"' in line:
                    e = json.loads(line)
                    if e.get("kind") == "account" and e.get("holder"):
                        out[str(e["account_id"])] = str(e["holder"])
    return out


def _rates(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}


def _innocents(
    truth: dict[str, Any], holders: dict[str, str] | None, index: dict[str, int], mules: set[int]
) -> dict[str, list[int]]:
    """Innocent look-alikes by kind, as account codes (mules left out): the money world's
    institutions (OTC traders, sub-merchants), and with ``holders`` (account → person,
    from the account records) the persons of each benign look-alike story."""
    groups: dict[str, set[int]] = defaultdict(set)
    institutions = truth.get("institutions") or {}
    for kind in ("otc_traders", "sub_merchants"):
        for account in institutions.get(kind) or []:
            if isinstance(account, str) and account in index:
                groups[f"institution:{kind}"].add(index[account])
    if holders:
        accounts: dict[str, list[int]] = defaultdict(list)
        for account, person in holders.items():
            if account in index:
                accounts[person].append(index[account])
        for story in truth.get("lookalikes") or []:
            groups[f"lookalike:{story['kind']}"].update(accounts.get(story["person_id"], []))
        for kind, persons in (truth.get("benign") or {}).items():
            for person in persons:
                groups[f"benign:{kind}"].update(accounts.get(person, []))
    return {k: sorted(v - mules) for k, v in sorted(groups.items())}


def evaluate(
    scored: Scored, truth_path: Path, holders: dict[str, str] | None = None
) -> dict[str, Any]:
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
    before = before_any = 0
    for code, record in mules.items():
        k = kinds[_kind(record)]
        k[0] += 1
        k[1] += int(flagged[code])
        key = next((key for key in CASH_OUT_KEYS if key in record), None)
        told = _when(record[key]) if key is not None else None
        first_out = NEVER if key is not None and told is None else told
        if first_out is None:
            first_out = int(cash_at[code])
        # strictly before: a flag raised by the cash-out itself comes too late to stop it
        at = int(scored.first_flagged[code])
        early = bool(flagged[code]) and at < first_out
        k[2] += int(early)
        before += int(early)
        before_any += int(bool(flagged[code]) and at < min(first_out, int(cash_at[code])))
    groups: dict[str, list[str]] = {k: list(v) for k, v in (truth.get("hubs") or {}).items()}
    for account, kind in (truth.get("exits") or {}).items():  # the money world's exits
        groups.setdefault(f"exit:{kind}", []).append(account)
    hubs = {}
    for kind, accounts in groups.items():
        codes = [index[a] for a in accounts if a in index and seen[index[a]]]
        hubs[kind] = {"seen": len(codes), "above_threshold": int(flagged[codes].sum())}
    innocents = {}
    for kind, codes in _innocents(truth, holders, index, set(mules)).items():
        codes = [c for c in codes if seen[c]]
        innocents[kind] = {"seen": len(codes), "above_threshold": int(flagged[codes].sum())}
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
        "flagged_before_any_exit_outflow": round(before_any / len(mules), 3) if mules else None,
        "per_kind": {
            k: {"mules": v[0], "flagged": v[1], "before_cash_out": v[2]}
            for k, v in sorted(kinds.items())
        },
        "hubs": hubs,
        "innocents": innocents,
    }


__all__ = ["evaluate", "first_cash_outs"]
