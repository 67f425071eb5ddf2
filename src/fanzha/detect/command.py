"""Bodies of ``fanzha detect`` and ``fanzha backtest``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import msgspec
from rich.console import Console
from rich.table import Table

from fanzha.contract.readers import read_event_batches
from fanzha.detect.backtest import judge, table
from fanzha.detect.engine import Engine
from fanzha.detect.indicators import patrol_lookup
from fanzha.detect.models import Warning
from fanzha.detect.rules import DEFAULT_RULES, load_rules

DEFAULT_LATENESS_MIN = 120


def detect_file(
    files: list[Path], rules_path: Path | None, lateness_min: int
) -> tuple[list[Warning], Engine]:
    from datetime import timedelta

    engine = Engine(
        rules=load_rules(rules_path or DEFAULT_RULES),
        lateness=timedelta(minutes=lateness_min),
        indicators=patrol_lookup(),
    )
    warnings = list(engine.run_batches(read_event_batches(files)))
    return warnings, engine


def run_detect(files: list[Path], out: Path, rules_path: Path | None, lateness_min: int) -> None:
    import gc

    # A batch run keeps a city's directory alive: collecting every 700 allocations,
    # as suits an interactive program, cost ~8% here for nothing (no cycles are made).
    gc.set_threshold(50_000, 20, 100)
    err = Console(stderr=True)
    began = time.perf_counter()
    warnings, engine = detect_file(files, rules_path, lateness_min)
    encoder = msgspec.json.Encoder()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        for warning in warnings:
            f.write(encoder.encode(warning) + b"\n")
    s = engine.stats
    err.print(
        f"{s.events:,} events ({s.duplicates:,} duplicates, {s.too_late:,} too late) → "
        f"{s.warnings:,} warnings, {s.upgrades:,} upgrades in {time.perf_counter() - began:.1f} s; "
        f"written to {out}"
    )


def run_detect_on_flink(
    files: list[Path], out: Path, rules_path: Path | None, lateness_min: int, parallelism: int
) -> None:
    """The same warnings from the Flink job on a local mini-cluster, in one file."""
    import tempfile

    from fanzha.detect.flink import FlinkUnavailable, run_flink_detect

    err = Console(stderr=True)
    err.print(f"starting a local Flink mini-cluster with {parallelism} task slot(s)…")
    with tempfile.TemporaryDirectory(prefix="fanzha-flink-") as work:
        try:
            warnings, took = run_flink_detect(
                files,
                Path(work),
                parallelism=parallelism,
                lateness_min=lateness_min,
                rules=rules_path,
            )
        except FlinkUnavailable as err_:
            raise SystemExit(str(err_)) from None
    encoder = msgspec.json.Encoder()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        for warning in warnings:
            f.write(encoder.encode(warning) + b"\n")
    err.print(f"{len(warnings):,} warnings from Flink in {took:.1f} s; written to {out}")


def run_backtest(
    files: list[Path], truth_path: Path, rules: Path | None, compare: Path | None, lateness_min: int
) -> None:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    results = {}
    for path in [rules or DEFAULT_RULES, *([compare] if compare else [])]:
        warnings, _ = detect_file(files, path, lateness_min)
        results[path.name if path != DEFAULT_RULES else "default rules"] = judge(warnings, truth)
    rows = table(results)
    out = Table(title=f"backtest on {truth['persons']:,} persons × {truth['days']} days")
    for header in rows[0]:
        out.add_column(header or "typology")
    for row in rows[1:]:
        out.add_row(*row)
    Console().print(out)
