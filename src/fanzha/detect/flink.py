"""``fanzha detect --engine flink``: run the Flink job from the service's environment.

PyFlink pins older numpy, pandas and pyarrow than the service uses, so it
lives in its own virtual environment (``./run.sh flink`` makes ``.venv-flink``).
This module only finds that interpreter, starts the job on a local
mini-cluster and gathers the warning files it commits; it never imports
PyFlink itself.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from fanzha.contract.warning import Warning, decode_warning
from fanzha.settings import get_settings


class FlinkUnavailable(RuntimeError):
    """No Flink environment: say how to make one."""


def flink_python() -> Path:
    """The interpreter with PyFlink and fanzha, as the settings place it.

    ``FANZHA_FLINK_PYTHON``, else ``FANZHA_FLINK_VENV``, else the ``.venv-flink``
    of the source checkout or the working directory; see ``Settings.flink_candidates``.
    """
    candidates = get_settings().flink_candidates()
    for _, python in candidates:
        if python.exists():
            return python
    tried = "; ".join(f"{python} ({origin})" for origin, python in candidates)
    raise FlinkUnavailable(
        f"no Flink environment at {tried}: run `./run.sh flink` once in the checkout, "
        "or set FANZHA_FLINK_PYTHON to a Python with fanzha[flink] installed "
        "(or FANZHA_FLINK_VENV to its virtual environment)"
    )


def job_command(*args: str) -> list[str]:
    return [str(flink_python()), "-m", "fanzha.flink", *args]


def committed_warnings(out_dir: Path) -> list[Warning]:
    """Warnings in the files the job committed (in-progress files start with a dot)."""
    found = [
        decode_warning(line)
        for path in sorted(out_dir.rglob("warnings*.jsonl"))
        if not path.name.startswith(".")
        for line in path.read_bytes().splitlines()
        if line.strip()
    ]
    return sorted(found, key=warning_order)


def warning_order(w: Warning) -> tuple[object, ...]:
    """A total order for warnings: parallel workers write them in no particular order."""
    return (w.ts, w.warning_id, w.upgrade, w.level, w.score)


def _model_arg(model: str | Path) -> str:
    return str(model) if str(model) in ("default", "none") else str(Path(model).resolve())


def run_flink_detect(
    files: list[Path],
    work: Path,
    *,
    parallelism: int = 1,
    lateness_min: int = 120,
    rules: Path | None = None,
    model: str | Path | None = None,
    extra: tuple[str, ...] = (),
) -> tuple[list[Warning], float]:
    """Run the job to the end on a local mini-cluster: (warnings, seconds)."""
    out = work / "warnings"
    args = [
        "--events",
        *(str(f.resolve()) for f in files),
        "--out",
        str(out),
        "--parallelism",
        str(parallelism),
        "--lateness-min",
        str(lateness_min),
        "--checkpoints",
        str(work / "checkpoints"),
        *(["--rules", str(rules.resolve())] if rules else []),
        *(["--model", _model_arg(model)] if model is not None else []),
        *extra,
    ]
    began = time.perf_counter()
    done = subprocess.run(job_command(*args), cwd=work, capture_output=True, text=True)
    took = time.perf_counter() - began
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-30:])
        raise RuntimeError(f"the Flink job failed ({done.returncode}):\n{tail}")
    return committed_warnings(out), took


__all__ = [
    "FlinkUnavailable",
    "committed_warnings",
    "flink_python",
    "job_command",
    "run_flink_detect",
    "warning_order",
]
