"""The ``fanzha simulate`` command's body: parameters, progress, summary."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from fanzha.sim.city import simulate
from fanzha.sim.worlds import build_params

YEAR_DEFAULTS = Path(__file__).parent / "config" / "year.yaml"
"""What ``fanzha simulate --year`` starts from: a city sized for two years in minutes."""


def run_simulate(
    out: Path,
    params_file: Path | None,
    preset: str = "easy",
    world: int | None = None,
    **overrides: Any,
) -> None:
    """Simulate and report on stderr; bad parameters end the command with a plain message."""
    try:
        params = build_params(preset, world, params_file, **overrides)
    except (ValidationError, ValueError, OSError, yaml.YAMLError) as problem:
        raise SystemExit(f"fanzha simulate: invalid parameters: {problem}") from None
    err = Console(stderr=True)
    began = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(
            f"simulating {params.persons:,} residents × {params.days} days",
            total=params.persons * params.days,
        )
        result = simulate(params, out, progress=lambda _stage, n: progress.advance(task, n))
    seconds = time.perf_counter() - began
    err.print(
        f"[green]wrote {result.written:,} events[/green] to {result.events} "
        f"({result.victims} victims, {result.duplicates:,} duplicates, {result.late:,} late) "
        f"and {result.truth} in {seconds:.1f} s"
        + (f" — preset {params.preset}" if params.world is None else f" — world {params.world}")
    )
