"""``fanzha demo`` end to end: a real process simulates, serves and replays a day."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

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


def _local(iso: str) -> float:
    """The hour of the day in Wuhan, with minutes as a fraction."""
    at = datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Shanghai"))
    return at.hour + at.minute / 60


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
        # Every district login gets a task from the start of the live day (08:00): the
        # demo seeds each district with early scams. Judged by the warning's own time (at
        # 4000× the replay clock runs ahead of the posting, so "created" drifts later).
        firsts: dict[str, dict[str, object]] = {}
        for user in ("qiaokou", "hongshan"):
            client = _login(base, user)
            looked: set[str] = set()
            while user not in firsts and process.poll() is None:
                for listed in client.get("/v1/tasks").json():
                    if listed["task_id"] in looked:
                        continue
                    looked.add(listed["task_id"])
                    task = client.get(f"/v1/tasks/{listed['task_id']}").json()
                    if any(7 <= _local(w["ts"]) < 9 for w in task["warnings"]):
                        firsts[user] = task
                time.sleep(0.2)
        assert sorted(firsts) == ["hongshan", "qiaokou"]
        # Deadlines run at the replay's speed: a red task's 5 minutes to sign, ×4000.
        task = firsts["qiaokou"]
        sign = {"high": 5, "medium": 15, "low": 60}[task["level"]]
        due = datetime.fromisoformat(task["guide"]["next_deadline"]["due"])
        created = datetime.fromisoformat(task["created"])
        assert task["signed_at"] is None and task["guide"]["next_deadline"]["name"] == "sign"
        assert due - created == timedelta(minutes=sign * 4000)
        # The stream tells the pages the simulated clock's speed (the header shows it).
        with analyst.stream("GET", "/v1/stream") as answer:
            lines = answer.iter_lines()
            clock = next(line for line in lines if line.startswith("event: clock"))
            assert clock and json.loads(next(lines)[6:])["speed"] == 4000
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
