"""A simulated city for benchmarks that need one (run as scripts: ``python benchmarks/x.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def simulated_events(out: Path, persons: int, days: int) -> Path:
    """``fanzha simulate`` into ``out``; returns its events.jsonl."""
    fanzha = str(Path(sys.executable).with_name("fanzha"))
    command = [
        fanzha,
        "simulate",
        "--persons",
        str(persons),
        "--days",
        str(days),
        "--out",
        str(out),
    ]
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    return out / "events.jsonl"
