"""``fanzha mules learn``: fit the mule model from the center's labelled history.

The labels are what a center really has: the accounts victims' reports name
(the first layer), and the accounts its traces then froze — money followed
from each reported account within two days, hop by hop, never into a hub
(the freeze outcome). Every other account is unlabelled and read as a
negative; some are mules nobody reported, which only keeps the figures honest.
Rows are the timelines' entries (``features.py``), each account weighed as
one whatever its traffic, so a busy shop does not outvote a hundred cards.

Validation is a time split, as with detection's model (``detect/learn.py``):
fitted on what was known at the cut (entries and reports before it), judged on
the accounts that first moved money after it, against the labels of the whole
history.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fanzha.mules.features import FEATURES, Timeline, hubs_of, timeline
from fanzha.mules.ledger import NEVER, SINKS, Ledger
from fanzha.mules.model import MuleModel
from fanzha.mules.trees import Trees

TRACE_HOPS = 4
TRACE_WINDOW_S = 2 * 86_400
SCREEN = 0.3
"""Entries the linear stage scores below this are cleared without the trees."""


def center_labels(ledger: Ledger, known_before: int = NEVER) -> NDArray[np.bool_]:
    """Accounts named by reports that reached the center before ``known_before``, and
    the accounts their money went on to within two days (hubs excluded)."""
    hubs = hubs_of(ledger)
    positive = np.zeros(ledger.accounts, dtype=bool)
    named = (ledger.reported < known_before) & (ledger.dst >= len(SINKS))
    frontier: dict[int, int] = {}
    for row in np.flatnonzero(named).tolist():
        code = int(ledger.dst[row])
        if not hubs[code]:
            frontier[code] = min(frontier.get(code, NEVER), int(ledger.ts[row]))
    by_src = np.argsort(ledger.src, kind="stable")
    src_sorted = ledger.src[by_src]
    for hop in range(TRACE_HOPS + 1):
        nxt: dict[int, int] = {}
        for code, since in frontier.items():
            lo, hi = np.searchsorted(src_sorted, [code, code + 1])
            rows = by_src[lo:hi]
            rows = rows[(ledger.ts[rows] >= since) & (ledger.ts[rows] <= since + TRACE_WINDOW_S)]
            # A named account is a mule; one further down only if the money went on
            # from it (a shop where a mule spent keeps the money: the trace ends there).
            positive[code] |= hop == 0 or len(rows) > 0
            if hop == TRACE_HOPS:
                continue
            for r in rows.tolist():
                dst = int(ledger.dst[r])
                if dst >= len(SINKS) and not hubs[dst] and not positive[dst]:
                    nxt[dst] = min(nxt.get(dst, NEVER), int(ledger.ts[r]))
        frontier = nxt
    return positive


@dataclass
class History:
    ledger: Ledger
    timeline: Timeline
    cut: int


def first_cash_out(ledger: Ledger) -> NDArray[np.int64]:
    """Per account: its first outflow to cash, gold or a hub (``NEVER`` if none), in
    hindsight (the hubs of the whole history: these are training weights, not features)."""
    hubs = hubs_of(ledger)
    out = np.full(ledger.accounts, NEVER, dtype=np.int64)
    rows = np.flatnonzero(hubs[ledger.dst])
    np.minimum.at(out, ledger.src[rows], ledger.ts[rows])
    return out


def _rows(h: History, labels: NDArray[np.bool_], before: int) -> tuple[Any, Any, Any]:
    """Entries known before ``before``, each account weighing one. A mule's entries count
    only up to its first cash-out: the score has to rise while the money is still on the
    card, so what its timeline looks like once the money left teaches nothing useful."""
    t = h.timeline
    keep = t.ts < before
    label = labels[t.account]
    cashed = first_cash_out(h.ledger)[t.account]
    opening = np.zeros(len(t.ts), dtype=bool)
    opening[t.starts[:-1]] = True
    keep &= ~label | (t.ts < cashed) | opening
    acct = t.account[keep]
    counts = np.bincount(acct, minlength=h.ledger.accounts)
    weight = 1.0 / counts[acct]
    return t.x[keep], labels[acct], weight


def _fit(x: Any, y: Any, w: Any) -> tuple[dict[str, float], dict[str, float], Any]:
    from sklearn.linear_model import LogisticRegression

    if y.all() or not y.any():
        raise ValueError("mules learn: the history needs reported accounts and others")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced")
    clf.fit((x - mean) / scale, y, sample_weight=w)
    return (
        {f: round(float(v), 6) for f, v in zip(FEATURES, mean, strict=True)},
        {f: round(float(v), 6) for f, v in zip(FEATURES, scale, strict=True)},
        clf,
    )


def _fit_trees(x: Any, y: Any, w: Any) -> Trees:
    from sklearn.ensemble import HistGradientBoostingClassifier

    positive = w[y].sum()
    balanced = np.where(y, w * (w[~y].sum() / positive if positive else 1.0), w)
    # 40 trees of depth 3: on training worlds 4-5 (fitted on 1-3) as good as 80 of
    # depth 4, at a quarter of the lookups per entry (scoring a city's month in a minute)
    clf = HistGradientBoostingClassifier(
        max_iter=40, max_depth=3, learning_rate=0.2, l2_regularization=1.0, random_state=0
    )
    clf.fit(x, y, sample_weight=balanced)
    return Trees.from_sklearn(clf)


def fit_model(
    histories: list[History],
    before: list[int],
    summary: dict[str, Any],
    screen: float,
    known: list[NDArray[np.bool_]] | None = None,
) -> MuleModel:
    """``known``: per history, the accounts a center's closed cases confirmed as mules
    (instead of the labels its reports and traces give)."""
    labels = known or [center_labels(h.ledger, b) for h, b in zip(histories, before, strict=True)]
    parts = [_rows(h, y, b) for h, y, b in zip(histories, labels, before, strict=True)]
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    w = np.concatenate([p[2] for p in parts])
    mean, scale, clf = _fit(x, y, w)
    weights = {f: round(float(c), 5) for f, c in zip(FEATURES, clf.coef_[0], strict=True)}
    intercept = round(float(clf.intercept_[0]), 5)
    linear = MuleModel("linear", mean, scale, weights, intercept)
    screened = linear.linear(x) >= screen
    if y[screened].all() or not y[screened].any():  # a tiny history: the trees see all
        screened[:] = True
    trees = _fit_trees(x[screened], y[screened], w[screened])
    body = json.dumps([mean, scale, weights, intercept, trees.as_json(), screen])
    digest = hashlib.sha256(body.encode()).hexdigest()
    return MuleModel(
        f"mules-{digest[:12]}", mean, scale, weights, intercept, summary, trees, screen
    )


def known_labels(ledger: Ledger, accounts: set[str]) -> NDArray[np.bool_]:
    """The confirmed mule accounts (a center's closed cases) as a mask over account codes."""
    return np.array([name in accounts for name in ledger.names], dtype=bool)


def read_known(path: Path) -> set[str]:
    """Confirmed mule accounts: a JSON object with ``mules`` (account → record, as a
    case export or a simulated city's truth has it), a JSON list, or one id a line."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith(("{", "[")):
        body = json.loads(text)
        listed = body.get("mules", {}) if isinstance(body, dict) else body
        return {str(a) for a in listed}
    return {line.strip() for line in text.splitlines() if line.strip()}


def _judge(
    model: MuleModel, h: History, threshold: float, labels: NDArray[np.bool_]
) -> dict[str, int]:
    """Accounts whose first money entry came after the cut, against all-history labels."""
    t = h.timeline
    prob = model.score(t.x)
    starts = t.starts[:-1]
    codes = t.account[starts]
    first = t.ts[starts]
    peak = np.maximum.reduceat(prob, starts)
    later = (first >= h.cut) & (codes >= len(SINKS))
    truth = labels[codes]
    flagged = peak >= threshold
    return {
        "accounts": int(later.sum()),
        "labelled": int((later & truth).sum()),
        "flagged": int((later & flagged).sum()),
        "flagged_labelled": int((later & flagged & truth).sum()),
    }


def learn(
    ledgers: list[Ledger],
    threshold: float,
    train_share: float = 0.67,
    screen: float = SCREEN,
    known: set[str] | None = None,
) -> MuleModel:
    """The time split (reported in the model's summary), then the fit on all history.
    With ``known`` (confirmed mule accounts) those are the labels, else the reports'
    and traces' (``center_labels``)."""
    histories = []
    for ledger in ledgers:
        if not len(ledger):
            raise ValueError("mules learn: a history without money events")
        lo, hi = int(ledger.ts.min()), int(ledger.ts.max())
        histories.append(History(ledger, timeline(ledger), lo + int((hi - lo) * train_share)))
    masks = None if known is None else [known_labels(x, known) for x in ledgers]
    try:
        cuts = [h.cut for h in histories]
        at_cut: MuleModel | None = fit_model(histories, cuts, {}, screen, masks)
    except ValueError:  # nothing reported before the cut: the split cannot be judged
        at_cut = None
    counts = {"accounts": 0, "labelled": 0, "flagged": 0, "flagged_labelled": 0}
    for i, h in enumerate(histories):
        labels = center_labels(h.ledger) if masks is None else masks[i]
        for k, v in (_judge(at_cut, h, threshold, labels) if at_cut is not None else {}).items():
            counts[k] += v
    precision = counts["flagged_labelled"] / counts["flagged"] if counts["flagged"] else 0.0
    recall = counts["flagged_labelled"] / counts["labelled"] if counts["labelled"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    split = {
        "train_share": train_share,
        "threshold": threshold,
        **counts,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "labels": "reports and traces" if known is None else "confirmed mule accounts",
        "note": "accounts first active after the cut; labels of all history"
        if at_cut is not None
        else "no reports before the cut: the split could not be judged",
    }
    summary = {
        "histories": len(ledgers),
        "transfers": sum(len(x) for x in ledgers),
        "labelled_accounts": int(
            sum(center_labels(x).sum() for x in ledgers)
            if masks is None
            else sum(m.sum() for m in masks)
        ),
        "time_split": split,
    }
    return fit_model(histories, [NEVER] * len(histories), summary, screen, masks)


__all__ = ["center_labels", "first_cash_out", "known_labels", "learn", "read_known"]
