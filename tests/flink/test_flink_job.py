"""The Flink job gives the embedded engine's warnings, and keeps them through a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from fanzha.contract.warning import Warning, decode_warning
from fanzha.detect.flink import committed_warnings, job_command, run_flink_detect


def test_flink_and_the_embedded_engine_give_the_same_warnings(
    city: Path, embedded: list[Warning], tmp_path: Path
) -> None:
    """Same persons, levels, typologies, scores, reasons and evidence, on two task slots.

    Through the command a user runs: ``fanzha detect --engine flink``.
    """
    out = tmp_path / "warnings.jsonl"
    fanzha = Path(sys.executable).with_name("fanzha")
    command = [str(fanzha), "detect", str(city), "--engine", "flink", "--parallelism", "2"]
    subprocess.run([*command, "--out", str(out)], check=True, capture_output=True)
    decode = decode_warning
    warnings = [decode(line) for line in out.read_bytes().splitlines()]
    assert len(embedded) >= 10
    assert warnings == embedded


def test_process_mode_gives_the_same_warnings_as_thread_mode(
    city: Path, embedded: list[Warning], tmp_path: Path
) -> None:
    """The job runs its Python functions inside the JVM by default; the worker-process
    mode (every element and state call over gRPC) stays a choice and stays right."""
    extra = ("--python-mode", "process")
    warnings, _ = run_flink_detect([city], tmp_path, parallelism=1, extra=extra)
    assert warnings == embedded


def _latest_checkpoint(root: Path) -> Path | None:
    done = [p.parent for p in root.glob("*/chk-*/_metadata")]
    return max(done, key=lambda p: int(p.name.split("-")[1])) if done else None


def test_a_job_killed_half_way_resumes_from_its_checkpoint_without_repeats(
    city: Path, embedded: list[Warning], tmp_path: Path
) -> None:
    out, checkpoints = tmp_path / "warnings", tmp_path / "checkpoints"
    common = ["--out", str(out), "--checkpoints", str(checkpoints), "--checkpoint-ms", "1000"]
    # Small bundles: results flow while the input trickles in. An element is a block
    # of lines, and the throttle holds each block back, so a bundle of many blocks
    # would hold the watermark (and every warning) until most of the input is read.
    common += ["--bundle", "5"]
    lines = sum(1 for _ in city.open("rb"))
    # Small blocks, so that event time (and with it the warnings) advances in many
    # small steps: with the job's 2,000-line blocks the city is a dozen blocks, each
    # hours of event time, and its warnings come out in one or two bursts.
    common += ["--block", str(max(20, lines // 200))]
    # Slowed to about 25 s of input so the kill lands in the middle, after checkpoints.
    first = subprocess.Popen(
        job_command("--events", str(city), *common, "--throttle", f"{25 / lines:.6f}"),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300  # a loaded machine starts slowly
        while time.monotonic() < deadline and first.poll() is None:
            if committed_warnings(out) and _latest_checkpoint(checkpoints) is not None:
                break  # some warnings are out: a repeat after the restart would show
            time.sleep(0.5)
        assert first.poll() is None, "the job ended before it could be stopped half way"
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # a crash: no savepoint, no clean shutdown
        first.wait()
    before = committed_warnings(out)
    assert 0 < len(before) < len(embedded)  # stopped part way
    restore = _latest_checkpoint(checkpoints)
    assert restore is not None
    subprocess.run(
        job_command("--events", str(city), *common, "--restore", str(restore)),
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    after = committed_warnings(out)
    assert after == embedded  # every warning, none twice
