"""``fanzha learn``: fit the scoring from the center's own history.

A center has months of events and the 110/96110 reports that say who lost
money and when. Those are the labels: a reporting person is a positive up
to the first transfer their report lists (the loss), and everyone else is
unlabelled, read as negative — some of them are victims who never reported,
which only makes the false-warning figures honest. The history is read
three times: once for the reports and residents, once for the SMS texts the
text model learns from, and once through the rules engine, which tells
(``observe``) every moment a person's live signals change; those moments
are the rows the scoring model learns from, because those are the only
moments it will ever be asked at.

Validation is a time split, as a center would live it: the model is fitted
on what was known at the cut (reports filed before it), its thresholds chosen
there for a false-warning budget, and then judged on the later part.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fanzha.contract.kinds import Person, Report, Sms, Transfer
from fanzha.contract.readers import read_event_batches
from fanzha.detect.engine import Engine
from fanzha.detect.learned import LearnedModel, features
from fanzha.detect.models import Signal
from fanzha.detect.rules import LEVEL_ORDER, Rules
from fanzha.detect.textmodel import TextModel, fit_text_model

BUDGETS = {"low": 6.0, "medium": 2.0, "high": 0.3}
"""Warnings of *unlabelled* persons per 10k persons per day each level may cost in
*each* training history (the threshold is the highest any history needs). Unlabelled
includes victims who never reported (the simulator's training worlds have 12 victims per
10k a day, a fifth to a half unreported), so the yellow budget sits above the issue's
target of 5 real false warnings; red is held to the target of 0.3 itself. Set from the
training worlds only; held-out worlds judge them (docs/learn.md)."""
REPORTED_TIME = re.compile(r"(\d{1,2})月(\d{1,2})日(\d{1,2})时")
""""03月03日11时许": when the report's own words say the money went (to the hour)."""
TEXT_WINDOW = timedelta(days=14)
"""An SMS a reporting person received this long before their loss counts as a lure."""


@dataclass
class History:
    """What the reports and residents of a history say (the first read)."""

    persons: set[str] = field(default_factory=set)
    phone_owner: dict[str, str] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    first_ts: datetime | None = None
    last_ts: datetime | None = None
    loss_at: dict[str, datetime] = field(default_factory=dict)
    """Reporting person → time of the first transfer their report lists."""
    reported_at: dict[str, datetime] = field(default_factory=dict)
    unknown_loss: set[str] = field(default_factory=set)
    """Reporters whose report lists no transfer we saw: neither positive nor negative."""

    @property
    def days(self) -> float:
        if self.first_ts is None or self.last_ts is None:
            return 0.0
        return max((self.last_ts - self.first_ts).total_seconds() / 86400, 1 / 24)


def read_history(files: list[Path]) -> History:
    h = History()
    for batch in read_event_batches(files):
        for e in batch:
            if h.first_ts is None or e.ts < h.first_ts:
                h.first_ts = e.ts
            if h.last_ts is None or e.ts > h.last_ts:
                h.last_ts = e.ts
            if type(e) is Person:
                h.persons.add(e.person_id)
                for phone in e.phones:
                    h.phone_owner[phone] = e.person_id
            elif type(e) is Report:
                h.reports.append(e)
    wanted: dict[str, str] = {}
    for r in h.reports:
        person = r.person_id or h.phone_owner.get(r.phone or "")
        if person is None:
            continue
        if person not in h.reported_at or r.ts < h.reported_at[person]:
            h.reported_at[person] = r.ts
        for tx in r.transfers:
            wanted[tx] = person
    for batch in read_event_batches(files):
        for e in batch:
            if type(e) is Transfer and e.id in wanted:
                person = wanted[e.id]
                if person not in h.loss_at or e.ts < h.loss_at[person]:
                    h.loss_at[person] = e.ts
    for r in h.reports:  # no transfer we saw (its bank shares nothing): the words say when
        person = r.person_id or h.phone_owner.get(r.phone or "")
        if person is not None and person not in h.loss_at:
            said = said_loss_time(r)
            if said is not None:
                h.loss_at[person] = said
    h.unknown_loss = set(h.reported_at) - set(h.loss_at)
    return h


def said_loss_time(report: Report) -> datetime | None:
    """The start of the hour the report's text names ("03月03日11时许"), in the
    report's own zone, in the latest year that puts it before the report."""
    found = REPORTED_TIME.search(report.text or "")
    if found is None:
        return None
    month, day, hour = (int(g) for g in found.groups())
    for year in (report.ts.year, report.ts.year - 1):
        try:
            at = report.ts.replace(year=year, month=month, day=day, hour=hour, minute=0, second=0)
        except ValueError:
            return None
        if at <= report.ts:
            return at.replace(microsecond=0)
    return None


def text_samples(files: list[Path], h: History) -> Iterable[tuple[str, bool, float]]:
    """(text, received by a reporter shortly before their loss, count) per raw text."""
    counts: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for batch in read_event_batches(files):
        for e in batch:
            if type(e) is not Sms:
                continue
            person = h.phone_owner.get(e.receiver)
            loss = h.loss_at.get(person or "")
            is_lure = loss is not None and loss - TEXT_WINDOW <= e.ts <= loss
            counts[e.text][int(is_lure)] += 1
    for text, (benign, lures) in counts.items():
        if benign:
            yield text, False, benign
        if lures:
            yield text, True, lures


@dataclass
class Row:
    person_id: str
    ts: datetime
    f: dict[str, float]


def collect_rows(files: list[Path], rules: Rules, text: TextModel | None) -> list[Row]:
    """Every moment a person's live signals changed, with its features."""
    rows: list[Row] = []

    def observe(person_id: str, ts: datetime, current: list[Signal]) -> None:
        rows.append(Row(person_id, ts, features(current, ts, rules)))

    model = None
    if text is not None:  # the text model decides the SMS signal; the rules still score
        model = LearnedModel("collect", {}, 0.0, {"low": 2.0, "medium": 3.0, "high": 4.0}, text)
    engine = Engine(rules=rules, lateness=timedelta(hours=2), model=model, observe=observe)
    for _ in engine.run_batches(read_event_batches(files)):
        pass
    return rows


@dataclass
class Table:
    """All histories' rows as arrays: features, person, time (epoch s), history index."""

    x: Any
    names: list[str]
    person: list[str]
    ts: Any
    loss: Any
    """Epoch seconds of the row's person's first loss, or +inf (no reported loss)."""


def build_table(histories: list[tuple[History, list[Row]]]) -> Table:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer()
    dicts, person, ts, loss = [], [], [], []
    for i, (h, rows) in enumerate(histories):
        for r in rows:
            if r.person_id in h.unknown_loss:
                continue  # a loss we cannot date: neither a positive nor a negative
            dicts.append(r.f)
            person.append(f"{i}/{r.person_id}")
            ts.append(r.ts.timestamp())
            at = h.loss_at.get(r.person_id)
            loss.append(at.timestamp() if at is not None else np.inf)
    x = vec.fit_transform(dicts)
    return Table(
        x, [str(n) for n in vec.get_feature_names_out()], person, np.array(ts), np.array(loss)
    )


def _fit(x: Any, y: Any) -> Any:
    from sklearn.linear_model import LogisticRegression

    if y.all() or not y.any():
        raise ValueError("learn: the history needs reported losses and people without them")
    clf = LogisticRegression(C=0.5, max_iter=5000, class_weight="balanced")
    return clf.fit(x, y)


def out_of_fold(t: Table, rows: Any, y: Any, folds: int = 5) -> Any:
    """Each row's probability from a model fitted without it: what thresholds are
    chosen on, since a model's scores of its own training rows flatter it.

    With several histories, each is scored by a model fitted on the others only
    (leave one world out): a threshold must hold on a city the model has not seen,
    and what one world's look-alikes look like is exactly what does not carry over
    (MVNO friends' long calls were near-certain fraud in one world, common in the
    next). One history alone is split by person.
    """
    import numpy as np
    from sklearn.model_selection import GroupKFold

    persons = np.array(t.person)[rows]
    worlds = np.array([p.split("/", 1)[0] for p in persons])
    groups = worlds if len(set(worlds)) >= 3 else persons
    folds = min(folds if groups is persons else len(set(worlds)), len(set(groups)))
    p = np.zeros(len(rows))
    for fit_idx, score_idx in GroupKFold(n_splits=folds).split(rows, y, groups):
        clf = _fit(t.x[rows[fit_idx]], y[fit_idx])
        p[score_idx] = clf.predict_proba(t.x[rows[score_idx]])[:, 1]
    return p


def peaks(persons: list[str], p: Any) -> dict[str, float]:
    best: dict[str, float] = {}
    for person, value in zip(persons, p, strict=True):
        if value > best.get(person, -1.0):
            best[person] = float(value)
    return best


def choose_thresholds(
    negative_peaks: dict[int, list[float]], person_days: dict[int, float]
) -> dict[str, float]:
    """For each level the lowest probability that keeps it inside its false budget in
    *every* history: a pooled budget lets one world's quiet make room for another's
    look-alikes, and the next city may be the noisy one."""
    out: dict[str, float] = {}
    floor = 0.05
    for name in LEVEL_ORDER:
        p = floor
        for world, peaks_ in negative_peaks.items():
            ranked = sorted(peaks_, reverse=True)
            allowed = int(BUDGETS[name] * person_days[world] / 10_000)
            if allowed < len(ranked):
                p = max(p, ranked[allowed] + 1e-6)
        floor = max(floor, p, (max(out.values()) + 1e-4) if out else 0.0)
        out[name] = round(min(floor, 0.9999), 6)
    return out


def by_history(best: dict[str, float], keep: Any) -> dict[int, list[float]]:
    """Peaks of the persons ``keep`` accepts, by history index ("3/p00042" → 3)."""
    out: dict[int, list[float]] = defaultdict(list)
    for person, value in best.items():
        if keep(person):
            out[int(person.split("/", 1)[0])].append(value)
    return out


def judge_split(
    best: dict[str, float],
    positives: set[str],
    negatives: set[str],
    thresholds: dict[str, float],
    person_days: float,
) -> dict[str, Any]:
    warned = sum(best.get(p, 0.0) >= thresholds["low"] for p in positives)
    observable = sum(p in best for p in positives)
    false = sum(best.get(p, 0.0) >= thresholds["low"] for p in negatives)
    red = sum(best.get(p, 0.0) >= thresholds["high"] for p in negatives)
    scale = 10_000 / person_days if person_days else float("nan")
    return {
        "victims": len(positives),
        "with_a_signal_before_loss": observable,
        "warned_before_loss": warned,
        "recall": round(warned / len(positives), 3) if positives else None,
        "recall_of_observable": round(warned / observable, 3) if observable else None,
        "false_per_10k_day": round(false * scale, 2),
        "false_red_per_10k_day": round(red * scale, 2),
    }


def _weights(t: Table, clf: Any) -> tuple[dict[str, float], float]:
    weights = {
        name: round(float(c), 5)
        for name, c in zip(t.names, clf.coef_[0], strict=True)
        if abs(c) >= 1e-4
    }
    return weights, round(float(clf.intercept_[0]), 5)


def time_split(
    t: Table, histories: list[tuple[History, list[Row]]], rules: Rules, train_share: float
) -> dict[str, Any]:
    """Fit on what each history knew at its cut, judge on what came after it."""
    import numpy as np

    cuts, test_pd = [], 0.0
    train_pd: dict[int, float] = {}
    known: set[str] = set()
    later: set[str] = set()
    clean: set[str] = set()
    for i, (h, _) in enumerate(histories):
        assert h.first_ts is not None and h.last_ts is not None
        cut = h.first_ts + (h.last_ts - h.first_ts) * train_share
        cuts.append(cut.timestamp())
        days = (cut - h.first_ts).total_seconds() / 86400
        train_pd[i] = len(h.persons) * days
        test_pd += len(h.persons) * (h.days - days)
        known |= {f"{i}/{p}" for p, at in h.reported_at.items() if at < cut and p in h.loss_at}
        later |= {f"{i}/{p}" for p, at in h.loss_at.items() if at >= cut}
        clean |= {f"{i}/{p}" for p in h.persons - set(h.reported_at)}
    hist = np.array([int(p.split("/", 1)[0]) for p in t.person])
    cut_of = np.array(cuts)[hist]
    is_known = np.array([p in known for p in t.person])
    before_loss = t.ts < t.loss
    train = np.flatnonzero((t.ts < cut_of) & (~is_known | before_loss))
    y_train = is_known[train]
    oof = out_of_fold(t, train, y_train)
    train_best = peaks([t.person[i] for i in train], oof)
    thresholds = choose_thresholds(by_history(train_best, lambda p: p not in known), train_pd)
    clf = _fit(t.x[train], y_train)
    in_test = np.array([p in later or p in clean for p in t.person])
    test = np.flatnonzero(in_test & before_loss & ((t.ts >= cut_of) | np.isfinite(t.loss)))
    p_test = clf.predict_proba(t.x[test])[:, 1]
    test_persons = [t.person[i] for i in test]
    model = judge_split(peaks(test_persons, p_test), later, clean, thresholds, test_pd)
    rules_col = t.names.index("rules_score")
    rules_scores = t.x[test][:, rules_col].toarray().ravel()
    levels = {name: rules.levels[name].min_score for name in LEVEL_ORDER}
    baseline = judge_split(peaks(test_persons, rules_scores), later, clean, levels, test_pd)
    return {
        "train_share": train_share,
        "model": model,
        "rules_only": baseline,
        "thresholds": thresholds,
    }


def learn(
    histories_files: list[list[Path]], rules: Rules, out: Path, *, train_share: float = 0.67
) -> dict[str, Any]:
    """Fit the text model and the scoring, report a time split, write MODEL_DIR.

    Each entry of ``histories_files`` is one center's history (its files); several
    are pooled (persons never shared between them), as for the shipped model.
    """
    import numpy as np

    histories = [read_history(files) for files in histories_files]
    if any(h.first_ts is None for h in histories) or not any(h.loss_at for h in histories):
        raise ValueError("learn: no reports with transfers we saw; nothing to learn from")
    samples = [
        s
        for files, h in zip(histories_files, histories, strict=True)
        for s in text_samples(files, h)
    ]
    text, text_summary = fit_text_model(samples)
    pairs = [
        (h, collect_rows(files, rules, text))
        for files, h in zip(histories_files, histories, strict=True)
    ]
    t = build_table(pairs)
    split = time_split(t, pairs, rules, train_share)
    # The shipped fit uses all of the history; the split above says how well it travels.
    positive = np.isfinite(t.loss)
    usable = np.flatnonzero(t.ts < t.loss)
    oof = out_of_fold(t, usable, positive[usable])
    best = peaks([t.person[i] for i in usable], oof)
    world_days = {i: len(h.persons) * h.days for i, (h, _) in enumerate(pairs)}
    person_days = sum(world_days.values())
    lost = {t.person[i] for i in np.flatnonzero(positive)}
    thresholds = choose_thresholds(by_history(best, lambda p: p not in lost), world_days)
    w, b = _weights(t, _fit(t.x[usable], positive[usable]))
    digest = hashlib.sha256(
        json.dumps([w, b, thresholds, text.version], sort_keys=True).encode()
    ).hexdigest()[:12]
    summary = {
        "rules_version": rules.version,
        "text_model": text.version,
        "features": sorted(w),
        "budgets_per_10k_day": BUDGETS,
        "training": {
            "histories": len(histories),
            "person_days": round(person_days),
            "reports": sum(len(h.reports) for h in histories),
            "reported_losses": sum(len(h.loss_at) for h in histories),
            "rows": len(t.person),
            "text": text_summary,
        },
        "time_split": split,
    }
    model = LearnedModel(f"model-{digest}", w, b, thresholds, text, summary)
    model.save(out)
    return {"version": model.version, "thresholds": thresholds, **summary}


__all__ = ["BUDGETS", "History", "choose_thresholds", "learn", "read_history"]
