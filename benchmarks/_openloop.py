"""Open-loop load at constant rates, one event per request (``api.py --intake``).

Request ``i`` of a step is due at ``start + i / rate`` whether or not earlier
answers came back (open loop, like wrk2), and its latency counts from then, so
a server that falls behind cannot hide its queue. A pool of keep-alive
connections is written to directly (HTTP/1.1, ``Content-Length``) on uvloop:
an httpx pool spends more CPU queueing thousands of waiting requests than the
server spends answering them, and would measure itself. The floor (a bare
FastAPI app) is stepped by the same code, so it shows where the generator ends.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvloop

CONNECTIONS = 96
EVENTS_PATH = "/v1/events"
"""Where the events go: ``api.py --intake --wait stored`` adds ``?wait=stored``."""
P99_TARGET_MS = 35.0


@dataclass
class Step:
    rate: int
    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    acknowledged: list[str] = field(default_factory=list)
    """Ids of the events a 200 answered for: each must be in the store afterwards."""
    cpu_ms: float = 0.0
    """Server CPU (user + system) per request: what one costs, however loaded the machine."""
    database_ms: float = 0.0
    """PostgreSQL's own CPU per request (its server processes; 0 for SQLite, in-process)."""
    client_ms: float = 0.0
    """This generator's own CPU per request: on two cores, what it takes the server does
    not have (the floor is where server and generator together fill the machine)."""

    @property
    def p50(self) -> float:
        return statistics.quantiles(self.latencies, n=100)[49] if len(self.latencies) > 1 else 0

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.latencies, n=100)[98] if len(self.latencies) > 1 else 0

    @property
    def holds(self) -> bool:
        return self.errors == 0 and self.p99 <= P99_TARGET_MS

    def line(self) -> str:
        codes = ",".join(f"{c}:{n}" for c, n in sorted(self.statuses.items()) if c != 200)
        return (
            f"{self.rate:>6,}/s  p50 {self.p50:7.1f} ms  p99 {self.p99:7.1f} ms  "
            f"server CPU {self.cpu_ms:5.2f} ms/req"
            f"{f' + database {self.database_ms:4.2f}' if self.database_ms else ''}"
            f"  client {self.client_ms:4.2f}  "
            f"errors {self.errors}"
            f"{' (' + codes + ')' if codes else ''}"
            f"{'' if self.holds else '  ✗'}"
        )


def event(i: int, prefix: str, phones: list[str]) -> dict[str, object]:
    """One contract event: mostly calls reaching residents, one in 50 a fraud lure by SMS
    (so warnings and tasks are made too, as in real intake)."""
    phone = phones[i % len(phones)]
    minute, second = divmod(i % 3600, 60)
    ts = f"2025-03-03T10:{minute:02d}:{second:02d}+08:00"
    if i % 50 == 0:
        return {
            "kind": "sms",
            "id": f"{prefix}-{i}",
            "ts": ts,
            "source": "telecom:cmcc",
            "sender": "+8617000000000",
            "receiver": phone,
            "text": "刷单兼职，日结300元",
        }
    return {
        "kind": "call",
        "id": f"{prefix}-{i}",
        "ts": ts,
        "source": "telecom:cmcc",
        "caller": "+8613900000000",
        "callee": phone,
        "duration_s": 30 + i % 90,
        "caller_tags": [],
    }


def requests_for(host: str, headers: str, prefix: str, n: int, phones: list[str]) -> list[bytes]:
    out = []
    for i in range(n):
        body = json.dumps([event(i, prefix, phones)], ensure_ascii=False).encode()
        head = (
            f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: {host}\r\n{headers}"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        out.append(head.encode() + body)
    return out


async def read_response(reader: asyncio.StreamReader) -> bytes:
    """One HTTP/1.1 response off a kept-alive connection, body read and dropped: its status line."""
    status = await reader.readline()
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _load(port: int, requests: list[bytes], ids: list[str], step: Step) -> None:
    next_index = 0
    start = time.perf_counter() + 0.3

    async def worker() -> None:
        nonlocal next_index
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while next_index < len(requests):
            i = next_index
            next_index += 1
            scheduled = start + i / step.rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                writer.write(requests[i])
                status = await read_response(reader)
            except (OSError, asyncio.IncompleteReadError):
                step.errors += 1
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            step.latencies.append((time.perf_counter() - scheduled) * 1000)
            code = int(status.split()[1]) if status.count(b" ") >= 1 else 0
            step.statuses[code] = step.statuses.get(code, 0) + 1
            if code == 200:
                step.acknowledged.append(ids[i])
            else:
                step.errors += 1
        writer.close()

    await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
    step.sent = len(requests)


def server_cpu_s(pid: int) -> float:
    """CPU seconds a process and its reaped children have used (user + system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def tree_cpu_s(pid: int) -> float:
    """CPU seconds of a process and its live children too (PostgreSQL's backends)."""
    total = server_cpu_s(pid)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            total += sum(int(f) for f in fields[11:13]) / os.sysconf("SC_CLK_TCK")
    return total


def run_step(
    port: int,
    rate: int,
    seconds: float,
    headers: str,
    prefix: str,
    phones: list[str],
    pid: int,
    database_pid: int | None = None,
) -> Step:
    """One constant-rate step of ``seconds``; every request one event with a fresh id."""
    n = int(rate * seconds)
    requests = requests_for(f"127.0.0.1:{port}", headers, prefix, n, phones)
    step = Step(rate)
    ids = [f"{prefix}-{i}" for i in range(n)]
    database = tree_cpu_s(database_pid) if database_pid else 0.0
    cpu, own = server_cpu_s(pid), time.process_time()
    uvloop.run(_load(port, requests, ids, step))
    step.cpu_ms = (server_cpu_s(pid) - cpu) * 1000 / max(n, 1)
    if database_pid:
        step.database_ms = (tree_cpu_s(database_pid) - database) * 1000 / max(n, 1)
    step.client_ms = (time.process_time() - own) * 1000 / max(n, 1)
    return step


def steps(
    port: int,
    rates: list[int],
    seconds: float,
    headers: str,
    tag: str,
    phones: list[str],
    pid: int,
    database_pid: int | None = None,
) -> list[Step]:
    """Rates in order until two in a row miss p99 ≤ 35 ms (past that only the queue grows)."""
    done: list[Step] = []
    misses = 0
    for rate in rates:
        step = run_step(port, rate, seconds, headers, f"{tag}{rate}", phones, pid, database_pid)
        print(f"  {tag:<8}{step.line()}", flush=True)
        done.append(step)
        misses = 0 if step.holds else misses + 1
        if misses == 2:
            break
        time.sleep(1.0)  # let a step's backlog drain before the next one starts
    return done


def highest_held(done: list[Step]) -> int:
    return max((s.rate for s in done if s.holds), default=0)
