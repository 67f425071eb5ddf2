"""Partner checks under a fixed load: p50/p99 of each check at 500 requests/s.

    python benchmarks/partners.py [--rate 500] [--seconds 10] [--persons 5000]
                                  [--checks order,gold,parcel,transfer]

Starts ``fanzha serve`` in its own process on a fresh SQLite store holding a
simulated city, registers a ride-hailing platform, a bank and an express
company, then, from this process, sends order, gold, parcel and transfer
checks (a bank asking before it executes a payment) at a
constant rate (open loop, like wrk2: each request has a scheduled time and its
latency is counted from then, so a slow server cannot hide its queue).
Prints p50, p99 and max per check and how many requests failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from _openloop import read_response

FANZHA = str(Path(sys.executable).parent / "fanzha")
LISTED_ACCOUNT = "6217009999999999"
CHECKS = ("order", "gold", "parcel", "transfer")
CONNECTIONS = 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_cpu_s(pid: int) -> float:
    """CPU seconds the server process has used (user + system): what a check costs it,
    whatever else the machine is doing (latency under a shared CPU says less)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([FANZHA, *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def add_partner(partner_id: str, kind: str, source: str, env: dict[str, str]) -> str:
    out = run("partners", "add", partner_id, "--type", kind, "--source", source,
              "--rate", "100000", env=env)  # fmt: skip
    found = re.search(r"API key \(shown once\): (\S+)", out)
    assert found, out
    return found.group(1)


def bodies(kind: str, n: int, phones: list[str], accounts: list[str]) -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    made = []
    for i in range(n):
        ts = (now + timedelta(milliseconds=i)).isoformat()
        phone = phones[i % len(phones)]
        if kind == "transfer":  # residents paying strangers; every 50th payee is listed
            payee = LISTED_ACCOUNT if i % 50 == 0 else f"6217{i:012d}"
            made.append({"payer_account": accounts[i % len(accounts)], "payee_account": payee,
                         "amount_fen": 100_000 + i, "reference": f"bt-{i}"})  # fmt: skip
        elif kind == "order":
            made.append({
                "kind": "order", "id": f"bo-{i}", "ts": ts, "source": "platform:didi",
                "platform": "didi", "order_id": f"bo-{i}", "requester": phone,
                "pickup": {"district": "硚口区", "address": "硚口区中山大道1号"},
                "dropoff": {"district": "外地", "address": "孝感市某酒店"},
                "cross_city": i % 3 == 0, "vehicle": "car", "passengers": i % 2, "item": "纸箱",
            })  # fmt: skip
        elif kind == "gold":
            made.append({
                "kind": "gold_purchase", "id": f"bg-{i}", "ts": ts, "source": "bank:icbc",
                "account_id": accounts[i % len(accounts)], "grams": 20.0, "amount_fen": 1_200_000,
                "channel": "app", "delivery": "mail", "delivery_address": "广州市白云区某小区",
            })  # fmt: skip
        else:
            made.append({
                "kind": "parcel", "id": f"bp-{i}", "ts": ts, "source": "express:sf",
                "carrier": "sf", "waybill": f"SF{i}", "sender": phone,
                "receiver": "+8617100000009", "receiver_address": "广州市白云区某仓库",
                "declared_contents": "文件", "declared_value_fen": 0,
            })  # fmt: skip
    return made


async def load(
    url: str, key: str, path: str, payloads: list[dict[str, Any]], rate: float
) -> tuple[list[float], int]:
    """Open loop, like wrk2: request ``i`` is due at ``start + i / rate`` and its latency
    counts from then, whether a connection was free or not.

    A few keep-alive connections written to directly (HTTP/1.1, ``Content-Length``):
    on a busy 2-core machine an httpx pool with thousands of waiting requests spends
    more CPU queueing than the server spends answering, and measures itself.
    """
    host, port = url.removeprefix("http://").split(":")
    requests = [
        (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nX-Api-Key: {key}\r\n"
         f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        + body
        for body in (json.dumps(p, ensure_ascii=False).encode() for p in payloads)
    ]  # fmt: skip
    latencies: list[float] = []
    failures = 0
    next_index = 0
    start = time.perf_counter() + 0.2

    async def worker() -> None:
        nonlocal failures, next_index
        reader, writer = await asyncio.open_connection(host, int(port))
        while next_index < len(requests):
            i = next_index
            next_index += 1
            scheduled = start + i / rate
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            writer.write(requests[i])
            status = await read_response(reader)
            latencies.append((time.perf_counter() - scheduled) * 1000)
            failures += b" 200 " not in status
        writer.close()

    await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
    return latencies, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--checks", default=",".join(CHECKS), help="which checks, comma-separated")
    args = parser.parse_args()
    checks = [c for c in args.checks.split(",") if c]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FANZHA_DATA_DIR": tmp, "FANZHA_LOG_LEVEL": "WARNING"}
        city = Path(tmp) / "city"
        run("simulate", "--persons", str(args.persons), "--days", "1", "--out", str(city), env=env)
        run("ingest", str(city / "events.jsonl"), env=env)
        keys = {
            "order": add_partner("didi", "ride_hailing", "platform:didi", env),
            "gold": add_partner("icbc", "bank", "bank:icbc", env),
            "parcel": add_partner("sf", "express", "express:sf", env),
        }
        keys["transfer"] = keys["gold"]  # the bank asks both
        listed = Path(tmp) / "accounts.txt"
        listed.write_text(LISTED_ACCOUNT + "\n")
        run("patrol", "import", str(listed), "--kind", "account", "--source", "bench", env=env)
        lines = (city / "events.jsonl").read_text().splitlines()
        phones = re.findall(r'"phones":\["(\+86\d+)"', "\n".join(lines[:20000]))[:2000]
        accounts = re.findall(r'"kind":"account".*?"account_id":"(\d+)"', "\n".join(lines))[:2000]
        port = free_port()
        server = subprocess.Popen(
            [FANZHA, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{url}/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            n = int(args.rate * args.seconds)
            print(f"{n:,} requests per check at {args.rate:g}/s, server in its own process")
            for kind in checks:  # warm up: lazy loads, caches
                warm = bodies(kind, 200, phones, accounts)
                for body in warm:
                    if "id" in body:  # events: a fresh id; a transfer question has none
                        body["id"] = "warm-" + body["id"]
                asyncio.run(load(url, keys[kind], f"/v1/checks/{kind}", warm, 100))
            for kind in checks:
                payloads = bodies(kind, n, phones, accounts)
                cpu = server_cpu_s(server.pid)
                latencies, failures = asyncio.run(
                    load(url, keys[kind], f"/v1/checks/{kind}", payloads, args.rate)
                )
                cpu_ms = (server_cpu_s(server.pid) - cpu) * 1000 / n
                cuts = statistics.quantiles(latencies, n=100)
                print(
                    f"  {kind:8}  p50 {cuts[49]:6.1f} ms  p99 {cuts[98]:6.1f} ms  "
                    f"max {max(latencies):6.1f} ms  failed {failures}  "
                    f"server CPU {cpu_ms:.2f} ms a check"
                )
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
