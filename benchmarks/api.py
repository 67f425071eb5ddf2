"""Load test of the service with a real load generator (wrk) in another process.

    python benchmarks/api.py [--seconds 20] [--batch 20] [--connections 2]

Starts ``fanzha serve`` on a fresh SQLite database (or --database-url), loads a
slice of the simulated city's residents, then drives it with wrk:
  1. POST /v1/events — batches of contract events (stored, detected, tasks made)
  2. POST /v1/tasks/{id}/escalate — task actions by an analyst
and prints sustained events/s and actions/s with p50/p99 latency.

    python benchmarks/api.py --year 5000000 [--year-only] [--year-dir DIR] [--postgres]

adds the year-scale case (``benchmarks/tasks_year.py``): a city's year of
tasks loaded into its own database, then the deadline sweep and p50/p99 of
the task list and the summary over HTTP (targets: p99 < 200 ms, sweep < 1 s).

    python benchmarks/api.py --intake [--databases sqlite,postgres] [--rates 250,500,…]
                             [--wait detected|stored]

steps open-loop constant rates with one event per request (``_openloop.py``),
first on the bare stack's floor (FastAPI + uvicorn decoding the body with
msgspec, ``_floor.py``), then on ``fanzha serve`` on SQLite and on a throwaway
PostgreSQL; prints p50/p99 and errors per step, the CPU one request cost the
server (and PostgreSQL's processes, and this generator), the highest rate that
holds p99 ≤ 35 ms beside the floor's, and checks that every acknowledged event
is stored.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
FANZHA = str(Path(sys.executable).with_name("fanzha"))
PASSWORD = "Load-Test-Pass-7"
"""Not containing the user name: ``users add`` refuses such a password."""

EVENTS_LUA = """
counter = 0
local batch = tonumber(os.getenv("BATCH") or "50")
local phones = {}
for p in string.gmatch(os.getenv("PHONES"), "[^,]+") do phones[#phones + 1] = p end
request = function()
  counter = counter + 1
  local items = {}
  for k = 1, batch do
    local phone = phones[((counter * batch + k) % #phones) + 1]
    if k == 1 then  -- one fraud script per batch, so warnings and tasks are made too
      items[k] = string.format('{"kind":"sms","id":"s%d-%d","ts":"2025-03-03T10:00:00+08:00",'
        .. '"source":"telecom:cmcc","sender":"+8617000000000","receiver":"%s",'
        .. '"text":"刷单兼职，日结300元"}', math.random(1, 1000000000), counter, phone)
      goto continue
    end
    items[k] = string.format('{"kind":"call","id":"b%d-%d-%d",'
      .. '"ts":"2025-03-03T10:%02d:%02d+08:00","source":"telecom:cmcc",'
      .. '"caller":"+8613900000000","callee":"%s","duration_s":%d,"caller_tags":[]}',
      math.random(1, 1000000000), counter, k, (counter % 60), (k % 60), phone, 30 + k)
    ::continue::
  end
  return wrk.format("POST", "/v1/events", nil, "[" .. table.concat(items, ",") .. "]")
end
"""
ACTIONS_LUA = """
local ids = {}
for t in string.gmatch(os.getenv("TASKS"), "[^,]+") do ids[#ids + 1] = t end
n = 0
request = function()
  n = n + 1
  local path = "/v1/tasks/" .. ids[(n % #ids) + 1] .. "/escalate"
  return wrk.format("POST", path, nil, '{"reason":"load test"}')
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return shutil.which("wrk") or "wrk"
    sys.exit("wrk is needed: apt-get install wrk")


def run_wrk(
    wrk: str, url: str, script: str, env: dict[str, str], seconds: int, connections: int, token: str
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            f.name,
            "-H",
            f"Authorization: Bearer {token}",
            "-H",
            "Content-Type: application/json",
            url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    ).stdout

    def ms(label: str) -> float:
        m = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests_per_s": rate,
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--year",
        type=int,
        default=0,
        metavar="TASKS",
        help="also the year-scale case with TASKS tasks (the issue: 5000000)",
    )
    parser.add_argument("--year-only", action="store_true", help="only the year-scale case")
    parser.add_argument("--year-dir", type=Path,
                        help="keep the year database here; measure it again if there")  # fmt: skip
    parser.add_argument("--postgres", action="store_true",
                        help="the year-scale case on a throwaway PostgreSQL")  # fmt: skip
    parser.add_argument("--intake", action="store_true",
                        help="open-loop steps, 1 event per request, beside the floor")  # fmt: skip
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--rates", default="250,500,1000,2000,3000,4000,6000,8000")
    parser.add_argument("--step-seconds", type=float, default=5.0)
    parser.add_argument("--wait", choices=["detected", "stored"], default="detected",
                        help="--intake: answer after detection, or once stored")  # fmt: skip
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fanzha-bench-"))
    try:
        if args.intake:
            from intake_steps import intake_steps  # beside this file

            intake_steps(args, work)
        elif not args.year_only:
            intake_case(args, work)
        if args.year or args.year_only:
            from tasks_year import year_case  # beside this file

            tasks = args.year or 5_000_000
            year_dir = args.year_dir or work / "year"
            year_dir.mkdir(parents=True, exist_ok=True)
            again = args.year_dir is not None and (year_dir / "year.db").exists()
            print(f"year scale: {tasks:,} tasks" + (" (loaded before)" if again else ""))
            year_case(tasks, 6000, 400, 300, None, args.postgres, year_dir, measure_only=again)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def intake_case(args: argparse.Namespace, work: Path) -> None:
    """Events and task actions under wrk, on the simulated city's residents."""
    wrk = ensure_wrk()
    url = args.database_url or f"sqlite:///{work / 'bench.db'}"
    env = {**os.environ, "FANZHA_DATABASE_URL": url, "FANZHA_DATA_DIR": str(work)}
    subprocess.run(
        [
            FANZHA,
            "simulate",
            "--persons",
            str(args.persons),
            "--days",
            "1",
            "--out",
            str(work / "city"),
        ],
        check=True,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    subprocess.run(
        [FANZHA, "ingest", str(work / "city" / "events.jsonl")],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    subprocess.run(
        [
            FANZHA,
            "users",
            "add",
            "bench",
            "--role",
            "center_analyst",
            "--password",
            PASSWORD,
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    phones = []
    with (work / "city" / "events.jsonl").open() as f:
        for line in f:
            if '"kind":"person"' in line:
                phones.append(json.loads(line)["phones"][0])
                if len(phones) >= 2000:
                    break
    port = free_port()
    server = subprocess.Popen(
        [FANZHA, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        token = httpx.post(
            f"{base}/v1/auth/login",
            trust_env=False,
            json={"user_id": "bench", "password": PASSWORD},
        ).json()["token"]
        events = run_wrk(
            wrk,
            base,
            EVENTS_LUA,
            {"BATCH": str(args.batch), "PHONES": ",".join(phones)},
            args.seconds,
            args.connections,
            token,
        )
        tasks = [
            t["task_id"]
            for t in httpx.get(
                f"{base}/v1/tasks",
                trust_env=False,
                headers={"Authorization": f"Bearer {token}"},
                timeout=60,
            ).json()
        ][:200]
        if not tasks:  # the batches' lures warned no one: make the tasks by hand (110 desk)
            auth = {"Authorization": f"Bearer {token}"}
            for phone in phones[:200]:
                made = httpx.post(f"{base}/v1/tasks", trust_env=False, headers=auth, timeout=60,
                                  json={"person": phone, "reason": "压测：人工建单"})  # fmt: skip
                if made.status_code == 201:
                    tasks.append(made.json()["task_id"])
        print(
            f"database: {url.split(':')[0]}; batch {args.batch} events/request; "
            f"{args.connections} connections; {args.seconds} s each"
        )
        print(
            f"POST /v1/events : {events['requests_per_s'] * args.batch:,.0f} events/s "
            f"({events['requests_per_s']:,.0f} requests/s), p50 {events['p50_ms']:.1f} ms, "
            f"p99 {events['p99_ms']:.1f} ms per request, non-2xx {events['non_2xx']:.0f}"
        )
        if tasks:
            actions = run_wrk(
                wrk,
                base,
                ACTIONS_LUA,
                {"TASKS": ",".join(tasks)},
                args.seconds,
                args.connections,
                token,
            )
            print(
                f"task actions    : {actions['requests_per_s']:,.0f} actions/s, "
                f"p50 {actions['p50_ms']:.1f} ms, p99 {actions['p99_ms']:.1f} ms, "
                f"non-2xx {actions['non_2xx']:.0f}"
            )
        else:
            print("task actions    : no tasks were created (is the detection engine installed?)")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
