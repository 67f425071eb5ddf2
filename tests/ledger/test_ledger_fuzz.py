"""schemathesis against the ledger's routes on both stores: no request may cause a 5xx
(a NUL in a name, a gram count with twenty decimals, a date in the year 9999…)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from subprocess import run
from typing import Any

from ._support import store_reports


def test_no_input_makes_the_ledger_fail(server: Any) -> None:
    store_reports(server, {"rep-qk-1": "P1"}, server.clock.now())
    token = server.login("analyst").headers["Authorization"]
    cli = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))
    done = run(
        [
            cli, "run", f"{server.url}/openapi.json", "--checks", "not_a_server_error",
            "--header", f"Authorization: {token}", "--max-examples", "25", "--seed", "20",
            "--generation-database", "none", "--phases", "examples,coverage,fuzzing",
            "--include-path-regex", "^/v1/(rings/[^/]+/takedowns|takedowns|gold-notices)",
        ],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", done.stdout)
    assert generated is not None and int(generated.group(1)) >= 100, done.stdout[-1500:]
