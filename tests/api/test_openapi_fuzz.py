"""schemathesis against the service's own OpenAPI spec: no request may cause a 5xx."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any


def test_no_input_makes_the_server_fail(ui_server: Any, ui_task_for: Any) -> None:
    ui_task_for("P1")
    token = ui_server.login("analyst").headers["Authorization"]
    cli = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))
    run = subprocess.run(
        [
            cli,
            "run",
            f"{ui_server.url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--header",
            f"Authorization: {token}",
            "--max-examples",
            "15",
            # The year's PDF report takes seconds on a busy 2-core machine: not a failure.
            "--request-timeout",
            "60",
            "--seed",
            "7",
            "--generation-database",  # a clean clone has none: run as CI runs
            "none",
            "--phases",
            "examples,coverage,fuzzing",
            "--exclude-path",
            "/v1/stream",
            "--exclude-path",
            "/v1/auth/logout",  # it would end the session the run uses
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    failures = run.stdout[run.stdout.find("FAILURES") :] if "FAILURES" in run.stdout else ""
    assert run.returncode == 0, (failures[:6000] or run.stdout[-4000:]) + run.stderr[-2000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert generated is not None and int(generated.group(1)) >= 200, run.stdout[-1500:]
    assert generated.group(1) == generated.group(2)
