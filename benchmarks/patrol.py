"""Blocklist at scale: build, compact, load, memory and lookups/s; import and export times.

    .venv/bin/python benchmarks/patrol.py --size 50000000

Goals: under 600 MB resident after load and lookups, over 1M lookups/s batched on
one core, load under 10 s. Prints figures; the store is removed unless --keep.
"""

from __future__ import annotations

import argparse
import random
import shutil
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=50_000_000)
    parser.add_argument("--chunk", type=int, default=2_000_000)
    parser.add_argument("--queries", type=int, default=2_000_000)
    parser.add_argument("--format-size", type=int, default=200_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe(args.dir, args.size, args.queries)
        return
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="patrol-bench-"))
    try:
        build(workdir / "store", args.size, args.chunk)
        cmd = [sys.executable, __file__, "--probe", "--dir", str(workdir / "store"),
               "--size", str(args.size), "--queries", str(args.queries)]  # fmt: skip
        subprocess.run(cmd, check=True)
        formats(workdir, args.format_size)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
