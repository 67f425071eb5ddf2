"""The fast scoring path gives the same lines as the plain one it replaced.

``fanzha mules`` scores a city's month with whole-array steps (trees as lookup
tables, every account's peak, reasons and evidence at once, running sums by run
offsets); the reference here is the straightforward code it replaced — trees
walked node by node, a sort for each account's peak, one account at a time for
reasons and evidence — run on a small simulated city. Every line must be equal,
reasons and evidence of every account included.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import numpy as np
import pytest
from numpy.typing import NDArray

from fanzha.mules.features import (
    FEATURES,
    REPORT,
    Timeline,
    _group_cumsum,
    _log,
    _log_count,
    chunks,
    entries,
    features,
    hubs_of,
    shared,
    timeline,
)
from fanzha.mules.ledger import NEVER, SINKS, Ledger, read_ledger, sort_index
from fanzha.mules.model import MuleModel, load_model
from fanzha.mules.reasons import say
from fanzha.mules.score import (
    EVIDENCE_WINDOW_S,
    MAX_EVIDENCE,
    MAX_REASONS,
    MIN_CONTRIBUTION,
    AccountScore,
    results,
    score_ledger,
)
from fanzha.mules.trees import Trees

FANZHA = [sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')"]


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    out = tmp_path_factory.mktemp("mules-city")
    done = subprocess.run(
        [*FANZHA, "simulate", "--preset", "realistic", "--persons", "2500", "--days", "4",
         "--seed", "4711", "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return read_ledger([out / "events.jsonl"], {})


def walk(trees: Trees, x: NDArray[np.float32]) -> NDArray[np.float32]:
    """The trees walked node by node, all rows one level at a time (the code the
    lookup tables replaced)."""
    raw = np.full(len(x), trees.baseline, dtype=np.float64)
    rows = np.arange(len(x))
    for root in trees.roots.tolist():
        node = np.full(len(x), root, dtype=np.int64)
        while True:
            inner = trees.left[node] >= 0
            if not inner.any():
                break
            at = node[inner]
            go_left = x[rows[inner], trees.feature[at]] <= trees.threshold[at]
            node[inner] = np.where(go_left, trees.left[at], trees.right[at])
        raw += trees.value[node]
    out: NDArray[np.float32] = (1.0 / (1.0 + np.exp(-raw))).astype(np.float32)
    return out


def reference(ledger: Ledger, model: MuleModel, threshold: float) -> list[AccountScore]:
    """Every account scored and explained one at a time."""
    t = timeline(ledger)
    prob = model.linear(t.x)
    assert model.trees is not None
    picked = np.flatnonzero(prob >= model.screen)
    prob = np.minimum(prob, np.float32(model.screen) * np.float32(0.999))
    prob[picked] = walk(model.trees, t.x[picked])
    out = []
    for start, end in zip(t.starts[:-1].tolist(), t.starts[1:].tolist(), strict=True):
        code = int(t.account[start])
        if code < len(SINKS):
            continue
        run = prob[start:end]
        entry = start + int(np.flatnonzero(run == run.max())[-1])
        flagged = t.ts[start:end][run >= threshold]
        contrib = model.contributions(t.x[entry : entry + 1])[0]
        contrib = np.where(model.above_usual(t.x[entry]), contrib, 0.0)
        top = np.argsort(-contrib)[:MAX_REASONS]
        window = np.arange(start, entry + 1)
        window = window[t.ts[window] >= t.ts[entry] - EVIDENCE_WINDOW_S]
        reported = t.row[window[t.direction[window] == REPORT]].tolist()
        rows = list(dict.fromkeys([*reported, *t.row[window][::-1].tolist()]))
        out.append(
            AccountScore(
                account_id=ledger.names[code],
                bank=ledger.banks[code],
                score=round(float(run.max()), 4),
                reasons=[say(FEATURES[j]) for j in top if contrib[j] >= MIN_CONTRIBUTION],
                evidence=[str(ledger.ids[r]) for r in rows[:MAX_EVIDENCE]],
                first_flagged_ts=datetime.fromtimestamp(int(flagged[0]), UTC)
                if len(flagged)
                else None,
                model=model.version,
            )
        )
    return out


def test_every_line_of_a_simulated_city_equals_the_reference(city: Ledger) -> None:
    model = load_model("default")
    scored = score_ledger(city, model, 0.98)
    fast = results(scored, explain_from=0.0)  # reasons and evidence for every account
    slow = reference(city, model, 0.98)
    assert len(fast) == len(slow) > 1000
    assert sum(1 for s in fast if s.score >= 0.98) > 0  # the city has flagged cards
    assert sum(1 for s in fast if s.evidence) == len(fast)
    for got, want in zip(fast, slow, strict=True):
        assert got == want


def test_the_running_features_are_the_plain_sums_and_logs(city: Ledger) -> None:
    t = timeline(city)
    hub = t.column("hub").astype(bool)
    # a hub by the counterparties seen so far: never more than over the whole ledger
    assert hub.any()
    assert not (hub & ~hubs_of(city)[t.account]).any()
    counts = np.arange(200, dtype=np.float64)
    for cap in (10, 20, 50):
        assert (_log_count(counts, cap) == _log(counts, float(cap))).all()
    rng = np.random.default_rng(3)
    fen = rng.integers(1, 10**9, len(t.ts)).astype(np.float64)
    starts = t.starts[:-1]
    summed = _group_cumsum(fen, starts, np.diff(t.starts))
    plain = np.concatenate([np.cumsum(fen[a:b]) for a, b in zip(starts, t.starts[1:], strict=True)])
    assert (summed == plain).all()


def test_no_feature_reads_what_came_after_its_entry(city: Ledger) -> None:
    """The city cut in the middle of its week: every entry before the cut has the same
    features in the cut ledger as in the whole one (so ``first_flagged_ts`` is what a
    bank could have been told then)."""
    cut = int(np.median(city.ts))
    k = int(np.searchsorted(city.ts, cut))
    early = Ledger(
        names=city.names, banks=city.banks, opened=city.opened, recorded=city.recorded,
        src=city.src[:k], dst=city.dst[:k], fen=city.fen[:k], ts=city.ts[:k],
        kind=city.kind[:k], reported=np.where(city.reported[:k] < cut, city.reported[:k], NEVER),
        ids=city.ids[:k],
    )  # fmt: skip
    whole, part = timeline(city), timeline(early)
    keep = (whole.row < k) & (whole.ts < cut)
    assert keep.sum() == len(part.ts) > 1000

    def keyed(t: Timeline, rows: NDArray[np.bool_]) -> NDArray[np.float32]:
        order = np.lexsort((t.direction[rows], t.row[rows]))
        return t.x[rows][order]

    assert (keyed(whole, keep) == keyed(part, np.ones(len(part.ts), dtype=bool))).all()


def test_the_tree_tables_score_like_the_walk_on_thresholds_themselves() -> None:
    trees = load_model("default").trees
    assert trees is not None
    rng = np.random.default_rng(11)
    inner = np.flatnonzero(trees.left >= 0)
    x = rng.normal(0.0, 2.0, (400, len(FEATURES))).astype(np.float32)
    # rows sitting exactly on thresholds (x <= t goes left) and just past them
    for i in range(0, 400, 2):
        n = int(rng.choice(inner))
        value = np.float32(trees.threshold[n])
        x[i, trees.feature[n]] = value if i % 4 else np.nextafter(value, np.float32(np.inf))
    assert (trees.proba(x) == walk(trees, x)).all()


def test_scoring_a_few_accounts_at_a_time_changes_nothing(city: Ledger) -> None:
    """The city's month is featured and scored in chunks of whole accounts; where the
    chunks are cut must not show in any line (the test city fits in one chunk, so
    here it is cut into dozens)."""
    model = load_model("default")
    whole = score_ledger(city, model, 0.98)
    cut = score_ledger(city, model, 0.98, chunk=300)
    assert len(chunks(cut.timeline, 300)) > 50
    # the linear stage is BLAS's matrix-vector product, whose last float32 bit can
    # depend on where a row sits in its block; no line may show it
    assert np.allclose(whole.prob, cut.prob, rtol=0.0, atol=1e-6)
    assert results(whole, explain_from=0.0) == results(cut, explain_from=0.0)
    x = timeline(city).x
    e = entries(city)
    sh = shared(city, e, 300)
    pieces = [features(city, e, sh, a, b) for a, b in chunks(e, 300)]
    assert (np.concatenate(pieces) == x).all()


def test_the_packed_sort_is_the_stable_argsort() -> None:
    rng = np.random.default_rng(5)
    key = rng.integers(0, 50, 10_000).astype(np.int64)  # many ties
    assert (sort_index(key, 6) == np.argsort(key, kind="stable")).all()
    assert (sort_index(key, 62) == np.argsort(key, kind="stable")).all()  # falls back
