"""Body of ``fanzha mules``: score every account, learn a model, judge, load the store.

What a center runs nightly: the last weeks of events its store exports
(Parquet, or the day's JSON Lines files), scored in one pass, the scores
loaded into the store (``--load``) where the transfer check, detection's
涉案账户 list and ``GET /v1/checks/account/{id}`` read them.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import msgspec
from rich.console import Console

from fanzha.mules.ledger import Ledger, read_ledger
from fanzha.mules.model import ModelError, load_model
from fanzha.mules.score import results, score_ledger
from fanzha.mules.settings import MulesConfig


def _read(files: list[Path], config: MulesConfig, err: Console) -> Ledger:
    rejected = 0

    def on_reject(rejection: object) -> None:
        nonlocal rejected
        rejected += 1
        if rejected <= 20:
            err.print(f"rejected: {rejection}", markup=False)

    ledger = read_ledger(files, config.bins, on_reject)
    if rejected:
        err.print(f"{rejected:,} lines rejected (not scored)")
    return ledger


def run_mules(
    files: list[Path],
    out: Path,
    model_spec: str | None,
    config_path: Path | None,
    truth: Path | None,
    load_url: str | None,
    learn_dir: Path | None,
    separate: bool,
    train_share: float,
    labels: Path | None = None,
) -> int:
    err = Console(stderr=True)
    config = MulesConfig.load(config_path)
    began = time.perf_counter()
    if learn_dir is not None:
        from fanzha.mules.learn import learn, read_known

        groups = [[f] for f in files] if separate else [files]
        ledgers = [_read(g, config, err) for g in groups]
        known = None if labels is None else read_known(labels)
        model = learn(ledgers, config.threshold, train_share, known=known)
        model.save(learn_dir)
        split = model.summary["time_split"]
        err.print(
            f"wrote {learn_dir} ({model.version}); time split at {train_share:.0%}: precision "
            f"{split['precision']}, recall {split['recall']}, F1 {split['f1']} on "
            f"{split['accounts']:,} accounts first active after the cut"
        )
        print(json.dumps(model.summary, ensure_ascii=False, indent=1))
        return 0
    try:
        model = load_model(model_spec or config.model)
    except ModelError as exc:
        err.print(str(exc), markup=False)
        return 2
    ledger = _read(files, config, err)
    read_s = time.perf_counter() - began
    scored = score_ledger(ledger, model, config.threshold)
    lines = results(scored)
    encoder = msgspec.json.Encoder()
    with out.open("wb") as f:
        for line in lines:
            f.write(encoder.encode(line) + b"\n")
    flagged = sum(1 for s in lines if s.score >= config.threshold)
    err.print(
        f"scored {len(lines):,} accounts from {len(ledger):,} money events in "
        f"{time.perf_counter() - began:.1f} s (reading {read_s:.1f} s); {flagged:,} at or "
        f"above {config.threshold} → {out}"
    )
    if load_url is not None:
        from fanzha.mules.sql import SqlMuleScores
        from fanzha.store import engine, migrate

        migrate(load_url)
        loaded = SqlMuleScores(engine(load_url)).load(lines, config.threshold, datetime.now(UTC))
        err.print(f"loaded {loaded:,} scores into the store ({flagged:,} listed)")
    if truth is not None:
        from fanzha.mules.evaluate import evaluate, holders_of

        judged = evaluate(scored, truth, holders_of(files))
        print(json.dumps(judged, ensure_ascii=False, indent=1))
    return 0


__all__ = ["run_mules"]
