"""``fanzha demo`` as the officers who play it: when each district gets work, and on time?

    python benchmarks/demo_officers.py [--minutes 4] [--speed 60] [--persons 20000]
                                       [--react-s 30] [--deadline-scale N]

Starts ``fanzha demo`` in its own process, logs in as every demo district
officer and, from the moment the live replay begins, works each district's
queue as a person would: every task that appears is opened, signed, called
(reached) and resolved, one at a time, ``--react-s`` real seconds per step.
Every action carries the version the officer read, as the task page sends it.

Prints, per district: the real and simulated time of its first task, the tasks
it received, how many it worked, the share worked with no deadline missed
(按时处置) and how many actions were refused as stale (409). Tasks of the
fast-forwarded night (made more than an hour before the live replay, or past a
deadline when first seen) are counted apart: nobody could have worked them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from fanzha.demo.run import DEMO_LOGINS
from fanzha.net import free_port
from fanzha.security.passwords import DEMO_PASSWORD

FANZHA = str(Path(sys.executable).parent / "fanzha")
ZONE = ZoneInfo("Asia/Shanghai")
LEAD = timedelta(hours=1)
"""Tasks made in the hour before the live replay begins are workable when it does."""


@dataclass
class Desk:
    """One district officer's day: what came in, what was worked, what went wrong."""

    user: str
    district: str
    seen: dict[str, dict[str, Any]] = field(default_factory=dict)
    first_real_s: float | None = None
    first_sim: datetime | None = None
    worked: list[str] = field(default_factory=list)
    conflicts: int = 0
    queue: deque[str] = field(default_factory=deque)


def login(base: str, user: str) -> httpx.Client:
    answer = httpx.post(
        f"{base}/v1/auth/login", json={"user_id": user, "password": DEMO_PASSWORD}, timeout=30
    )
    answer.raise_for_status()
    token = answer.json()["token"]
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def work(
    client: httpx.Client, desk: Desk, task_id: str, react_s: float, stop: threading.Event
) -> None:
    """Sign, call (reached) and resolve one task, reading it before each step."""
    steps: list[tuple[str, dict[str, Any]]] = [
        ("sign", {}),
        ("attempts", {"channel": "phone_call", "result": "reached", "note": "电话劝阻"}),
        ("resolve", {"outcome": "dissuaded"}),
    ]
    for path, body in steps:
        if stop.wait(react_s):
            return
        task = client.get(f"/v1/tasks/{task_id}").json()
        if path == "sign" and task["state"] not in ("new", "escalated"):
            continue
        answer = client.post(
            f"/v1/tasks/{task_id}/{path}", json={"expected_version": task["version"], **body}
        )
        if answer.status_code == 409:
            desk.conflicts += 1
    desk.worked.append(task_id)


def officer(base: str, desk: Desk, began: float, live_from: datetime, react_s: float,
            stop: threading.Event) -> None:  # fmt: skip
    client = login(base, desk.user)
    while not stop.is_set():
        for task in client.get("/v1/tasks").json():
            if task["task_id"] in desk.seen:
                continue
            desk.seen[task["task_id"]] = task
            created = datetime.fromisoformat(task["created"])
            if not task["breaches"] and created >= live_from - LEAD:  # workable, not the night's
                if desk.first_real_s is None:
                    desk.first_real_s = time.monotonic() - began
                    desk.first_sim = created
                task["_live"] = True
                desk.queue.append(task["task_id"])
        if desk.queue:
            work(client, desk, desk.queue.popleft(), react_s, stop)
        else:
            stop.wait(2)


def run(args: argparse.Namespace) -> dict[str, Desk]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    folder = Path(tempfile.mkdtemp(prefix="fanzha-demo-bench-"))
    command = [FANZHA, "demo", "--persons", str(args.persons), "--speed", str(args.speed),
               "--port", str(port), "--dir", str(folder / "demo"),
               "--seed", str(args.seed)]  # fmt: skip
    if args.deadline_scale is not None:
        command += ["--deadline-scale", str(args.deadline_scale)]
    env = {**os.environ, "FANZHA_DATA_DIR": str(folder / "data")}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    desks = {
        login_.user_id: Desk(login_.user_id, login_.district)
        for login_ in DEMO_LOGINS
        if login_.district is not None
    }
    assert process.stdout is not None
    for line in process.stdout:  # the welcome is printed as the live replay begins
        if "fanzha demo is running" in line:
            break
    else:
        raise SystemExit("the demo stopped before it served")
    threading.Thread(target=lambda: [None for _ in process.stdout or ()], daemon=True).start()
    began = time.monotonic()
    hour, minute = (int(p) for p in args.fast_forward_to.split(":"))
    day = login(base, "analyst").get("/v1/summary").json()["now"]
    live_from = (
        datetime.fromisoformat(day)
        .astimezone(ZONE)
        .replace(hour=hour, minute=minute, second=0, microsecond=0)
    )
    stop = threading.Event()
    threads = [
        threading.Thread(target=officer, args=(base, d, began, live_from, args.react_s, stop))
        for d in desks.values()
    ]
    for thread in threads:
        thread.start()
    time.sleep(args.minutes * 60)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    try:
        for desk in desks.values():  # deadlines missed, as the store has them now
            client = login(base, desk.user)
            for task_id in desk.worked:
                desk.seen[task_id] = client.get(f"/v1/tasks/{task_id}").json()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return desks


def report(desks: dict[str, Desk], args: argparse.Namespace) -> None:
    scale = args.deadline_scale if args.deadline_scale is not None else args.speed
    print(f"fanzha demo, {args.persons:,} residents at {args.speed:g}×, deadlines ×{scale:g}, "
          f"{args.minutes:g} real minutes, an officer {args.react_s:g} s per step")  # fmt: skip
    print(f"{'login':<10} {'district':<8} {'first task':>11} {'(simulated)':>12} "
          f"{'tasks':>6} {'night':>6} {'worked':>7} {'on time':>8} {'409s':>5}")  # fmt: skip
    for desk in desks.values():
        live = [t for t in desk.seen.values() if t["task_id"] in desk.queue or
                t["task_id"] in desk.worked or t.get("_live")]  # fmt: skip
        worked = [desk.seen[t] for t in desk.worked]
        on_time = sum(1 for t in worked if not t["breaches"])
        first = f"{desk.first_real_s:.0f} s" if desk.first_real_s is not None else "none"
        sim = desk.first_sim.astimezone(ZONE).strftime("%H:%M") if desk.first_sim else "—"
        rate = f"{on_time / len(worked):.0%}" if worked else "—"
        print(f"{desk.user:<10} {desk.district:<8} {first:>11} {sim:>12} "
              f"{len(live):>6} {len(desk.seen) - len(live):>6} {len(worked):>7} {rate:>8} "
              f"{desk.conflicts:>5}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=4)
    parser.add_argument("--speed", type=float, default=60)
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--react-s", type=float, default=30)
    parser.add_argument("--deadline-scale", type=float, default=None)
    parser.add_argument("--fast-forward-to", default="08:00")
    args = parser.parse_args()
    report(run(args), args)


if __name__ == "__main__":
    main()
