"""``api.py --intake``: one event per request at stepped open-loop rates, beside the floor.

The floor (``_floor.py``) is stepped first in the same run: what FastAPI +
uvicorn + msgspec do on this machine now, and a check that the generator is
not what stops. Then ``fanzha serve`` on each database, on a simulated city's
residents; afterwards every event a 200 acknowledged must be in the store.

Where a request's CPU goes: attach py-spy (dev extra) to the server while a
step runs, ``py-spy record --nonblocking --gil -f raw -o out.txt --pid PID``
(``--gil``: only the thread holding the GIL, i.e. the Python CPU that bounds one
process). It showed FastAPI resolving the route's declared parameters and the
login's two ORM lookups to be half of ``POST /v1/events``'s CPU (since cut).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

import _openloop
from _openloop import P99_TARGET_MS, Step, highest_held, steps

FANZHA = str(Path(sys.executable).with_name("fanzha"))
PASSWORD = "Load-Test-Pass-7"
HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(port: int) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not come up")


@contextmanager
def process(args: list[str], env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(port)
        yield proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def city(work: Path, persons: int) -> list[str]:
    """A simulated city's events, and the first residents' phones (whom the calls reach)."""
    out = work / "city"
    if not out.exists():
        subprocess.run(
            [FANZHA, "simulate", "--persons", str(persons), "--days", "1", "--out", str(out)],
            check=True,
            stderr=subprocess.DEVNULL,
        )
    phones = []
    with (out / "events.jsonl").open() as f:
        for line in f:
            if '"kind":"person"' in line:
                phones.append(json.loads(line)["phones"][0])
                if len(phones) >= 2000:
                    break
    return phones


def prepared(url: str, work: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "FANZHA_DATABASE_URL": url,
        "FANZHA_DATA_DIR": str(work),
        "FANZHA_LOG_LEVEL": "WARNING",
    }
    quiet = {"check": True, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([FANZHA, "ingest", str(work / "city" / "events.jsonl")], **quiet)  # type: ignore[call-overload]
    subprocess.run(
        [FANZHA, "users", "add", "bench", "--role", "center_analyst", "--password", PASSWORD],
        **quiet,
    )  # type: ignore[call-overload]
    return env


def missing_acknowledged(url: str, done: list[Step]) -> int:
    """Acknowledged events the store does not hold (must be 0)."""
    acknowledged = {i for step in done for i in step.acknowledged}
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = {
            row[0]
            for row in conn.execute(
                text("SELECT id FROM events WHERE source = 'telecom:cmcc' AND id LIKE 'ol%'")
            )
        }
    engine.dispose()
    return len(acknowledged - stored)


def fanzha_steps(
    url: str,
    work: Path,
    rates: list[int],
    seconds: float,
    phones: list[str],
    tag: str,
    database_pid: int | None = None,
) -> tuple[list[Step], int]:
    env = prepared(url, work)
    port = free_port()
    with process([FANZHA, "serve", "--port", str(port)], env, port) as server:
        token = httpx.post(
            f"http://127.0.0.1:{port}/v1/auth/login",
            trust_env=False,
            json={"user_id": "bench", "password": PASSWORD},
        ).json()["token"]
        headers = f"Authorization: Bearer {token}\r\n"
        steps(port, [250], 3.0, headers, "olwarm", phones, server.pid)  # page the store and code in
        done = steps(port, rates, seconds, headers, f"ol{tag}", phones, server.pid, database_pid)
        time.sleep(2.0)
    return done, missing_acknowledged(url, done)


def intake_steps(args: argparse.Namespace, work: Path) -> None:
    rates = [int(r) for r in args.rates.split(",")]
    if args.wait != "detected":  # answered once stored; detection queued after the answer
        _openloop.EVENTS_PATH = f"/v1/events?wait={args.wait}"
    phones = city(work, min(args.persons, 5000))
    print(
        f"one event per request ({_openloop.EVENTS_PATH}), open loop, "
        f"{args.step_seconds:g} s per step; "
        f"target p99 ≤ {P99_TARGET_MS:g} ms (loaded shared machine: figures are relative)"
    )
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    with process([sys.executable, str(HERE / "_floor.py"), str(port)], env, port) as bare:
        floor = steps(port, rates, args.step_seconds, "", "floor", phones, bare.pid)
    summary = [f"floor (FastAPI+uvicorn+msgspec): {highest_held(floor):,} events/s"]
    for database in args.databases.split(","):
        if database == "sqlite":
            url = f"sqlite:///{work / 'intake.db'}"
            done, missing = fanzha_steps(url, work, rates, args.step_seconds, phones, "sqlite")
        else:
            from fanzha.store.pgtemp import TemporaryPostgres

            pg = TemporaryPostgres()
            try:
                url = pg.create_database("intake")
                postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
                done, missing = fanzha_steps(
                    url, work, rates, args.step_seconds, phones, "pg", postmaster
                )
            finally:
                pg.stop()
        acked = sum(len(s.acknowledged) for s in done)
        summary.append(
            f"fanzha serve on {database}: {highest_held(done):,} events/s "
            f"({acked:,} acknowledged, {missing} of them not stored)"
        )
    print("highest rate holding p99 ≤ 35 ms, one event per request:")
    for line in summary:
        print("  " + line)
