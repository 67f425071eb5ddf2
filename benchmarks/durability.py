"""An hour of report requests while events are written: nothing acknowledged is lost.

    python benchmarks/durability.py [--minutes 60] [--database-url URL]

Starts ``fanzha serve`` on a fresh SQLite database (or --database-url). One
thread posts events in batches of 50 and keeps every id the server answered as
new; another asks, round and round, for the year's figures, the HTML and XLSX
report, campaigns and communities; every few batches an outside process opens
and closes the store (``fanzha audit verify``, ``fanzha db counts``, a plain
sqlite3 connection), as operators do. At the end the server is killed with
SIGKILL and the store is read from a fresh connection: it prints requests
made, their p50/p99, and exits 1 if the server died, any request failed, any
acknowledged event is missing, or the SQLite file fails ``integrity_check``.
This is issue 15's finding 1 held for as long as you like; the attack test
``tests/attacks/test_durability_reports.py`` runs a short version in CI.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from fanzha.net import free_port

FANZHA = [sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')"]
PASSWORD = "correct-horse-battery"
READS = [
    ("/v1/stats", {"year": 2025}),
    ("/v1/stats/report", {"year": 2025, "format": "html"}),
    ("/v1/stats", {"year": 2025, "district": "硚口区"}),
    ("/v1/campaigns", {"year": 2025}),
    ("/v1/stats/report", {"year": 2025, "format": "xlsx"}),
    ("/v1/communities", {}),
]


def event(n: int) -> dict[str, object]:
    if n % 10 == 0:
        return {
            "kind": "report", "id": f"rep{n}", "source": "police:110",
            "ts": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00+08:00",
            "person_id": f"V{n}", "loss_fen": 10_000 + n, "fraud_type": "investment",
        }  # fmt: skip
    return {
        "kind": "call", "id": f"c{n}", "source": "telecom:cmcc",
        "ts": f"2025-03-03T{n % 24:02d}:{n % 60:02d}:00+08:00",
        "caller": f"+86139{n % 10**8:08d}", "callee": "+8613812345678", "duration_s": 60,
    }  # fmt: skip


def fanzha(url: str, env: dict[str, str], *args: str) -> None:
    subprocess.run([*FANZHA, *args, "--database-url", url], env=env, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fanzha-durability-"))
    url = args.database_url or f"sqlite:///{work / 'fanzha.db'}"
    env = {**os.environ, "FANZHA_DATA_DIR": str(work / "data"), "FANZHA_LOG_LEVEL": "WARNING"}
    env.pop("FANZHA_DATABASE_URL", None)
    for user in ("analyst", "writer"):
        fanzha(url, env, "users", "add", user, "--role", "center_analyst", "--password", PASSWORD)
    port = free_port()
    log = (work / "serve.log").open("wb")
    server = subprocess.Popen(
        [*FANZHA, "serve", "--port", str(port), "--database-url", url],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/healthz", timeout=1, trust_env=False).is_success:
                break
        except httpx.HTTPError:
            time.sleep(0.1)

    def login(user: str) -> httpx.Client:
        client = httpx.Client(base_url=base, timeout=120, trust_env=False)
        token = client.post("/v1/auth/login", json={"user_id": user, "password": PASSWORD})
        client.headers["Authorization"] = f"Bearer {token.json()['token']}"
        return client

    acknowledged: set[str] = set()
    failures: list[str] = []
    latencies: list[float] = []
    stop = time.monotonic() + args.minutes * 60

    def write() -> None:
        client, n, batches = login("writer"), 0, 0
        while time.monotonic() < stop and not failures:
            batch = [event(n + i) for i in range(50)]
            n += 50
            answer = client.post("/v1/events", json=batch)
            if answer.status_code != 200 or answer.json()["new"] != len(batch):
                failures.append(f"write: {answer.status_code} {answer.text[:200]}")
                return
            acknowledged.update(str(e["id"]) for e in batch)
            batches += 1
            if batches % 20 == 0 and url.startswith("sqlite"):
                fanzha(url, env, "audit", "verify")
                fanzha(url, env, "db", "counts")
                outside = sqlite3.connect(url.removeprefix("sqlite:///"))
                outside.execute("SELECT count(*) FROM events").fetchone()
                outside.close()

    writer = threading.Thread(target=write)
    writer.start()
    reader, reads = login("analyst"), 0
    while time.monotonic() < stop and not failures:
        path, params = READS[reads % len(READS)]
        began = time.perf_counter()
        try:
            answer = reader.get(path, params=params)
        except httpx.HTTPError as err:
            failures.append(f"{path}: {err!r} (server exit code {server.poll()})")
            break
        latencies.append(time.perf_counter() - began)
        reads += 1
        if answer.status_code != 200:
            failures.append(f"{path} {params}: {answer.status_code} {answer.text[:200]}")
    writer.join()
    alive = server.poll() is None
    if alive:
        os.kill(server.pid, signal.SIGKILL)
    server.wait()
    lost, integrity = 0, "ok"
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        kept = {row[0] for row in conn.execute("SELECT id FROM events")}
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        lost = len(acknowledged - kept)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    state = "alive" if alive else "DEAD"
    print(
        f"{args.minutes:g} min: {reads:,} report/statistics requests "
        f"(p50 {cuts[49] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms), "
        f"{len(acknowledged):,} events acknowledged, {lost:,} lost; "
        f"server {state} until kill -9; integrity {integrity}"
    )
    for failure in failures[:5]:
        print("FAILED:", failure)
    return 0 if alive and not failures and not lost and integrity == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
