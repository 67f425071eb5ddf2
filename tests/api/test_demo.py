"""``fanzha demo`` end to end: a real process simulates, serves and replays a day."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from fanzha.net import free_port


def _login(base: str, user: str) -> httpx.Client:
    answer = httpx.post(
        f"{base}/v1/auth/login", json={"user_id": user, "password": "fanzha-demo"}, timeout=10
    )
    answer.raise_for_status()
    return httpx.Client(
        base_url=base, headers={"Authorization": f"Bearer {answer.json()['token']}"}, timeout=10
    )


def test_demo_replays_a_day_live_into_the_service(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        str(Path(sys.executable).parent / "fanzha"), "demo", "--persons", "2000", "--speed", "4000",
        "--port", str(port), "--dir", str(tmp_path / "demo"), "--exit-when-done",
    ]  # fmt: skip
    env = {**os.environ, "FANZHA_DATA_DIR": str(tmp_path / "data")}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 240
        analyst: httpx.Client | None = None
        while analyst is None and time.monotonic() < deadline:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            try:
                analyst = _login(base, "analyst")
            except httpx.HTTPError:
                time.sleep(0.3)
        assert analyst is not None, "the demo server never came up"
        # Tasks appear while the day is being replayed, not only at the end.
        seen: list[dict[str, object]] = []
        while not seen and process.poll() is None and time.monotonic() < deadline:
            seen = analyst.get("/v1/tasks").json()
            time.sleep(0.2)
        assert seen, "no task appeared while the day was replayed"
        officer = _login(base, "qiaokou")
        mine = officer.get("/v1/tasks").json()
        assert all(task["district"] == "硚口区" for task in mine)
        output, _ = process.communicate(timeout=max(1, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert f"{base}/ui/" in output
    for user in ("analyst", "qiaokou", "hongshan", "auditor"):
        assert user in output
    assert "replayed" in output and "stopped" not in output
    checks = re.search(r"([\d,]+) partner checks", output)
    assert checks and int(checks.group(1).replace(",", "")) > 0
    with sqlite3.connect(tmp_path / "demo" / "fanzha.db") as db:
        (tasks,) = db.execute("select count(*) from tasks").fetchone()
        (activity,) = db.execute("select count(*) from events where kind = 'call'").fetchone()
        (logged,) = db.execute("select count(*) from partner_log").fetchone()
        (orders,) = db.execute("select count(*) from events where kind = 'order'").fetchone()
    assert tasks >= len(seen) > 0
    assert activity > 0
    assert logged == int(checks.group(1).replace(",", "")) and orders > 0
