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
