"""Bodies of ``fanzha detect``, ``fanzha backtest`` and ``fanzha learn``.

``model`` everywhere: None or "default" is the shipped model
(``detect/models/default``), "none" the rules file's own scoring, anything
else a MODEL_DIR written by ``fanzha learn``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from fanzha.contract.readers import read_event_batches
from fanzha.contract.warning import encode_warning
from fanzha.detect.backtest import as_json, judge, table
from fanzha.detect.engine import Engine
from fanzha.detect.indicators import patrol_lookup
from fanzha.detect.learned import LearnedModel, load_model
from fanzha.detect.models import Warning
from fanzha.detect.rules import DEFAULT_RULES, load_rules

DEFAULT_LATENESS_MIN = 120


def detect_file(
    files: list[Path],
    rules_path: Path | None,
    lateness_min: int,
    model: LearnedModel | None = None,
) -> tuple[list[Warning], Engine]:
    from datetime import timedelta

    engine = Engine(
        rules=load_rules(rules_path or DEFAULT_RULES),
        lateness=timedelta(minutes=lateness_min),
        indicators=patrol_lookup(),
        model=model,
    )
    warnings = list(engine.run_batches(read_event_batches(files)))
    return warnings, engine


def run_detect(
    files: list[Path],
    out: Path,
    rules_path: Path | None,
    lateness_min: int,
    model: str | Path | None = None,
) -> None:
    import gc

    # A batch run keeps a city's directory alive: collecting every 700 allocations,
    # as suits an interactive program, cost ~8% here for nothing (no cycles are made).
    gc.set_threshold(50_000, 20, 100)
    err = Console(stderr=True)
    began = time.perf_counter()
    warnings, engine = detect_file(files, rules_path, lateness_min, load_model(model))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        for warning in warnings:
            f.write(encode_warning(warning) + b"\n")
    s = engine.stats
    err.print(
        f"{s.events:,} events ({s.duplicates:,} duplicates, {s.too_late:,} too late) → "
        f"{s.warnings:,} warnings, {s.upgrades:,} upgrades in {time.perf_counter() - began:.1f} s "
        f"(scored by {engine.model.version if engine.model else 'the rules'}); written to {out}"
    )


def run_detect_on_flink(
    files: list[Path],
    out: Path,
    rules_path: Path | None,
    lateness_min: int,
    parallelism: int,
    model: str | None = None,
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
                model=model,
            )
        except FlinkUnavailable as err_:
            raise SystemExit(str(err_)) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        for warning in warnings:
            f.write(encode_warning(warning) + b"\n")
    err.print(f"{len(warnings):,} warnings from Flink in {took:.1f} s; written to {out}")


def run_backtest(
    files: list[Path],
    truth_path: Path,
    rules: Path | None,
    compare: Path | None,
    lateness_min: int,
    model: str | Path | None = None,
    as_json_out: bool = False,
) -> None:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    learned = load_model(model)
    scored_by = f" + {learned.version}" if learned else ""
    results = {}
    for path in [rules or DEFAULT_RULES, *([compare] if compare else [])]:
        warnings, _ = detect_file(files, path, lateness_min, learned)
        name = path.name if path != DEFAULT_RULES else "default rules"
        results[name + scored_by] = judge(warnings, truth)
    if as_json_out:
        print(json.dumps({k: as_json(v) for k, v in results.items()}, ensure_ascii=False, indent=1))
        return
    rows = table(results)
    out = Table(title=f"backtest on {truth['persons']:,} persons × {truth['days']} days")
    for header in rows[0]:
        out.add_column(header or "typology")
    for row in rows[1:]:
        out.add_row(*row)
    Console().print(out)


def run_learn(
    events: list[Path], out: Path, rules: Path | None, separate: bool, train_share: float
) -> None:
    """Fit, report the time split, write MODEL_DIR (see ``detect.learn``)."""
    from fanzha.detect.learn import learn

    err = Console(stderr=True)
    began = time.perf_counter()
    histories = [[f] for f in events] if separate else [events]
    summary = learn(histories, load_rules(rules or DEFAULT_RULES), out, train_share=train_share)
    split = summary["time_split"]
    table_ = Table(title=f"time split: trained on the first {train_share:.0%}, judged on the rest")
    for header in (
        "",
        "victims",
        "warned before loss",
        "of those with a signal",
        "false /10k/day",
        "false red /10k/day",
    ):
        table_.add_column(header)
    for name in ("model", "rules_only"):
        f = split[name]
        table_.add_row(
            "model" if name == "model" else "rules only",
            str(f["victims"]),
            f"{f['warned_before_loss']} ({f['recall'] or 0:.0%})",
            f"{f['recall_of_observable'] or 0:.0%}",
            f"{f['false_per_10k_day']:.2f}",
            f"{f['false_red_per_10k_day']:.2f}",
        )
    Console().print(table_)
    t = summary["training"]
    err.print(
        f"{summary['version']} ({len(summary['features'])} features, text model "
        f"{summary['text_model']}, {t['reported_losses']} reported losses, {t['rows']:,} rows) "
        f"written to {out} in {time.perf_counter() - began:.0f} s"
    )
