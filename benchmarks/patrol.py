"""Blocklist at scale: build, compact, load, memory and lookups/s; import and export times;
per-rule hits from a resolver log; 风险查询 latency over HTTP.

    .venv/bin/python benchmarks/patrol.py --size 50000000

Goals: under 600 MB resident after load and lookups, over 1M lookups/s batched on
one core, load under 10 s; a 1M-query resolver log counted into per-rule hits in
under 10 s; ``GET /v1/lookup`` p99 under 20 ms at 500 requests/s (open loop: each
request is due at a fixed time and its latency counts from then, so a stalled
server cannot hide its queue) against a real ``fanzha serve`` on loopback.
Prints figures; the store is removed unless --keep. ``--only hits,lookup`` skips
the other parts (the store is still built once).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

WORDS = [
    "bank",
    "pay",
    "kefu",
    "vip",
    "shop",
    "mall",
    "game",
    "bet",
    "loan",
    "cash",
    "fast",
    "safe",
    "win",
    "lucky",
    "gold",
    "star",
]
TLDS = ["com", "net", "top", "xyz", "cc", "cn", "com.cn", "vip", "shop", "icu"]


def domain_at(i: int) -> str:
    """Deterministic distinct domain number i (the number keeps them unique)."""
    return f"{WORDS[i % 16]}{i:x}{WORDS[(i >> 4) % 16]}.{TLDS[(i >> 8) % 10]}"


def build(path: Path, size: int, chunk: int) -> None:
    from fanzha.patrol.blocklist import Blocklist

    now = datetime(2026, 11, 1, tzinfo=UTC)
    store = Blocklist(path)
    t0 = time.perf_counter()
    for start in range(0, size, chunk):
        values = [domain_at(i) for i in range(start, min(size, start + chunk))]
        store.add_normalised("domain", values, ("bench", "generated", "phishing"), now)
    t1 = time.perf_counter()
    store.compact()
    t2 = time.perf_counter()
    print(f"build {size:,} domains in {len(store.segments)} segment(s): {t1 - t0:.1f} s "
          f"({size / (t1 - t0):,.0f}/s), compaction {t2 - t1:.1f} s")  # fmt: skip


def probe(path: Path, size: int, queries: int) -> None:
    """Run in a fresh process so RSS and load time are honest."""
    from fanzha.patrol.blocklist import Blocklist
    from fanzha.patrol.keys import hash_many

    t0 = time.perf_counter()
    store = Blocklist(path)
    print(f"load: {time.perf_counter() - t0:.3f} s for {len(store):,} entries")
    rng = random.Random(7)
    picks = [rng.randrange(size) for _ in range(queries // 2)]
    names = [domain_at(i) for i in picks] + [f"absent{i}.example" for i in range(queries // 2)]
    keys = hash_many("domain", names)
    for label, batch in (("cold", keys), ("warm", keys)):
        t = time.perf_counter()
        found = store.hashes_present(batch)
        dt = time.perf_counter() - t
        print(f"exact lookups ({label}, pre-hashed, batched): {len(batch) / dt:,.0f}/s, "
              f"hits {int(found.sum()):,}/{len(batch):,}")  # fmt: skip
    subs = [f"www.login.{d}" for d in names[:100_000]]
    now = datetime(2026, 11, 2, tzinfo=UTC)
    t = time.perf_counter()
    blocked = store.domains_blocked(subs, now)
    dt = time.perf_counter() - t
    print(f"suffix lookups incl. hashing every parent (strings in): {len(subs) / dt:,.0f}/s, "
          f"blocked {int(blocked.sum()):,}/{len(subs):,}")  # fmt: skip
    t = time.perf_counter()
    hash_many("domain", subs)
    rate = len(subs) / (time.perf_counter() - t)
    print(f"hashing alone: {rate:,.0f} names/s (right-to-left FNV, whole names)")
    del names, subs, keys, blocked
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    for field in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
        print(f"{field} after load and lookups: {int(status[field].split()[0]) / 1024:.0f} MB")


def formats(workdir: Path, size: int) -> None:
    from fanzha.patrol.command import run_export, run_import

    plain = workdir / "feed.txt"
    plain.write_text("".join(f"{domain_at(i)}\n" for i in range(size)))
    store = workdir / "fmt-store"
    t = time.perf_counter()
    run_import(plain, "plain", "domain", "bench", "", "", None, store)
    print(f"import plain list of {size:,}: {time.perf_counter() - t:.1f} s")
    for fmt in ("rpz", "hosts", "stix"):
        n = size if fmt != "stix" else min(size, 20_000)
        if fmt == "stix" and n < size:
            shutil.rmtree(store)
            plain.write_text("".join(f"{domain_at(i)}\n" for i in range(n)))
            run_import(plain, "plain", "domain", "bench", "", "", None, store)
        t = time.perf_counter()
        run_export(fmt, workdir / f"out.{fmt}", store)
        print(f"export {fmt} of {n:,}: {time.perf_counter() - t:.1f} s")


def write_resolver_log(path: Path, size: int, queries: int) -> None:
    """``queries`` lines, a third each BIND, unbound and dnsmasq; names from a pool of
    50,000 (sub-domains of listed domains and unlisted ones), skewed as real traffic is."""
    rng = random.Random(5)
    pool = [f"www.{domain_at(rng.randrange(size))}" for _ in range(25_000)]
    pool += [f"cdn{i}.example-{i % 977}.com" for i in range(25_000)]
    weights = [1.0 / (rank + 1) for rank in range(len(pool))]
    rng.shuffle(weights)
    names = rng.choices(pool, weights=weights, k=queries)
    with path.open("w") as log:
        for i, name in enumerate(names):
            if i % 3 == 0:
                log.write(f"03-Mar-2025 09:00:00.123 queries: info: client @0x7f3a 10.0.0.9#53421 "
                          f"({name}): query: {name} IN A +E(0)K (10.0.0.53)\n")  # fmt: skip
            elif i % 3 == 1:
                log.write(f"[1741000000] unbound[811:0] info: 10.0.0.9 {name}. A IN\n")
            else:
                log.write(f"Mar  3 09:00:00 dnsmasq[920]: query[A] {name} from 192.168.1.10\n")


def hits(path: Path, size: int, queries: int, workdir: Path) -> None:
    """Count a resolver log into per-rule hits, stored (fresh process: honest timing)."""
    from fanzha.patrol.blocklist import Blocklist
    from fanzha.patrol.counts import HitCounts
    from fanzha.patrol.querylogs import count_logs

    log = workdir / "queries.log"
    write_resolver_log(log, size, queries)
    store = Blocklist(path)
    counters = workdir / "bench-hits"  # fresh each run: a log counted before is skipped
    shutil.rmtree(counters, ignore_errors=True)
    t = time.perf_counter()
    result = count_logs([log], store, HitCounts(counters), datetime(2026, 11, 2, tzinfo=UTC))
    dt = time.perf_counter() - t
    print(f"resolver log of {result.queries:,} queries ({log.stat().st_size / 1e6:.0f} MB, "
          f"3 formats) counted into per-rule hits in {dt:.2f} s: {result.matched:,} hit "
          f"{len(result.rules):,} rules, {result.bad} bad lines")  # fmt: skip


async def _fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\nX-Api-Key: {_KEY[0]}\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


_KEY = [""]
CONNECTIONS = 32
"""Kept open for the whole run, as a partner's client pool would be (wrk2 does the same).
Why fixed: a client that opens a new connection whenever its pool is busy hides its own
queue in the kernel and, once the server catches up, holds hundreds of idle connections
that the server's keep-alive timeout closes under it — the resets of earlier runs."""


async def open_loop(port: int, paths: list[str], rate: float, seconds: float) -> list[float]:
    """Requests due at a constant rate; latency from each one's due time (ms), so time
    spent waiting for a free connection counts too (no coordinated omission)."""
    free: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    latencies: list[float] = []
    statuses: dict[str, int] = {}

    async def one(due: float, path: str) -> None:
        conn = await free.get()
        try:
            status = str(await _fetch(*conn, path))
        except (ConnectionError, asyncio.IncompleteReadError):  # closed by the server
            statuses["reconnected"] = statuses.get("reconnected", 0) + 1
            conn[1].close()
            conn = await asyncio.open_connection("127.0.0.1", port)
            try:
                status = str(await _fetch(*conn, path))
            except (ConnectionError, asyncio.IncompleteReadError) as err:
                status = type(err).__name__
        latencies.append((time.perf_counter() - due) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        free.put_nowait(conn)

    for _ in range(CONNECTIONS):
        free.put_nowait(await asyncio.open_connection("127.0.0.1", port))
    cpu0 = time.process_time()
    start = time.perf_counter() + 0.1
    total = int(rate * seconds)
    tasks = []
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(due, paths[i % len(paths)])))
    await asyncio.gather(*tasks)
    while not free.empty():
        free.get_nowait()[1].close()
    print(
        f"  answers {dict(sorted(statuses.items()))}; client CPU {time.process_time() - cpu0:.1f} s"
    )
    return latencies


def lookup_bench(workdir: Path, size: int, rate: float, seconds: float, workers: int) -> None:
    """Partners' 风险查询 against ``fanzha serve`` on the store built in workdir."""
    import httpx

    from fanzha.net import free_port
    from fanzha.patrol.blocklist import Blocklist, Entry

    now = datetime(2026, 11, 1, tzinfo=UTC)
    extra = [
        Entry("account", f"62220200{i:08d}", "bench", "收款卡", "investment") for i in range(1000)
    ]
    extra += [
        Entry("phone", f"170{i:08d}", "bench", "来电", "impersonate_police") for i in range(1000)
    ]
    extra += [Entry("ip", f"10.{i}.0.0/16", "bench", "网段", "fake_loan") for i in range(200)]
    store = Blocklist(workdir / "patrol" / "blocklist")
    if store.match("account", extra[0].value, now) is None:  # once per kept store
        store.add(extra, now)
    env = {**os.environ, "FANZHA_DATA_DIR": str(workdir), "FANZHA_LOG_LEVEL": "WARNING"}
    fanzha = str(Path(sys.executable).with_name("fanzha"))
    added = subprocess.run(
        [fanzha, "partners", "add", f"bench-{os.getpid()}", "--type", "bank",
         "--source", "bank:bench", "--rate", "100000"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    _KEY[0] = next(line.split(": ", 1)[1] for line in added.splitlines() if "API key" in line)
    rng = random.Random(9)
    paths = []
    for i in range(20_000):
        pick = i % 5
        if pick == 0:
            paths.append(f"/v1/lookup?domain={domain_at(rng.randrange(size))}")
        elif pick == 1:
            paths.append(f"/v1/lookup?url=https://pay.absent{i}.example/x")
        elif pick == 2:
            paths.append(f"/v1/lookup?account=62220200{rng.randrange(2000):08d}")
        elif pick == 3:
            paths.append(f"/v1/lookup?phone=170{rng.randrange(2000):08d}")
        else:
            paths.append(f"/v1/lookup?ip=10.{rng.randrange(256)}.3.4")
    port = free_port()
    server_log = (workdir / "serve.log").open("w")
    server = subprocess.Popen([fanzha, "serve", "--port", str(port), "--workers", str(workers)],
                              env=env, stdout=server_log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", trust_env=False).is_success:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        asyncio.run(open_loop(port, paths[:2000], 100, 5))  # warm-up: page in the store
        latencies = sorted(asyncio.run(open_loop(port, paths, rate, seconds)))
        n = len(latencies)
        p50, p99, top = latencies[n // 2], latencies[int(n * 0.99)], latencies[-1]
        print(f"GET /v1/lookup on {size:,} entries, {workers} server process(es), "
              f"open loop {rate:g}/s for {seconds:g} s: "
              f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {top:.1f} ms ({n:,} requests)")  # fmt: skip
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        server_log.close()
        errors = [
            line for line in (workdir / "serve.log").read_text().splitlines() if "Error" in line
        ]
        if errors:
            print(f"  server errors: {errors[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=50_000_000)
    parser.add_argument("--chunk", type=int, default=2_000_000)
    parser.add_argument("--queries", type=int, default=2_000_000)
    parser.add_argument("--format-size", type=int, default=200_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--log-queries", type=int, default=1_000_000)
    parser.add_argument("--rate", type=float, default=500.0, help="lookups/s, open loop")
    parser.add_argument("--seconds", type=float, default=20.0, help="lookup run length")
    parser.add_argument("--workers", type=int, default=1, help="fanzha serve --workers")
    parser.add_argument("--only", default="probe,formats,hits,lookup")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--hits", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe(args.dir, args.size, args.queries)
        return
    if args.hits:
        hits(args.dir / "patrol" / "blocklist", args.size, args.log_queries, args.dir)
        return
    parts = set(args.only.split(","))
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="patrol-bench-"))
    store = workdir / "patrol" / "blocklist"  # where ``fanzha serve`` looks with DATA_DIR
    try:
        if not (store / "base").exists():
            build(store, args.size, args.chunk)
        if "probe" in parts:
            cmd = [sys.executable, __file__, "--probe", "--dir", str(store),
                   "--size", str(args.size), "--queries", str(args.queries)]  # fmt: skip
            subprocess.run(cmd, check=True)
        if "hits" in parts:
            cmd = [sys.executable, __file__, "--hits", "--dir", str(workdir),
                   "--size", str(args.size), "--log-queries", str(args.log_queries)]  # fmt: skip
            subprocess.run(cmd, check=True)
        if "lookup" in parts:
            lookup_bench(workdir, args.size, args.rate, args.seconds, args.workers)
        if "formats" in parts:
            formats(workdir, args.format_size)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
