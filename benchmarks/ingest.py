"""Ingest speed: parse+validate alone, then loads into SQLite and PostgreSQL.

    .venv/bin/python benchmarks/ingest.py --persons 2000 --days 7
    .venv/bin/python benchmarks/ingest.py --pg-url postgresql+psycopg://u@host/db

Events come from ``fanzha simulate`` (a synthetic city); with ``--synthetic N``
(or if the simulator fails) N contract lines are made here instead. Each phase
runs in its own process so its peak memory (ru_maxrss) is its own: streaming
means the peak stays flat however big the file is. PostgreSQL is measured on
``--pg-url`` if given, else on a throwaway local cluster if one can be started.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHANNELS = ("mobile", "online", "counter", "atm", "third_party")


def synthetic(path: Path, count: int) -> None:
    """Contract v1 lines of several kinds (transfers, calls, web, persons)."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            ts = f"2025-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00+08:00"
            phone = f"+86138{i % 100_000:08d}"
            match i % 4:
                case 0 | 1:
                    event: dict[str, Any] = {
                        "kind": "transfer",
                        "from_account": f"A{i % 50_000}",
                        "to_account": f"A{(i * 7) % 50_000}",
                        "amount_fen": 100 + i % 1_000_000,
                        "channel": CHANNELS[i % 5],
                    }
                case 2:
                    event = {
                        "kind": "call",
                        "caller": f"+852{i % 10_000_000:08d}",
                        "callee": phone,
                        "duration_s": i % 3600,
                    }
                case _:
                    event = {"kind": "web", "phone": phone, "url": f"http://s{i % 999}.invalid/"}
            event.update(id=f"e{i}", ts=ts, source="bench:synthetic")
            out.write(json.dumps(event, ensure_ascii=False) + "\n")


def simulate(out: Path, persons: int, days: int) -> Path | None:
    fanzha = str(Path(sys.executable).parent / "fanzha")
    size = ["--persons", str(persons), "--days", str(days), "--seed", "7"]
    done = subprocess.run(
        [fanzha, "simulate", "--out", str(out), *size],
        capture_output=True,
        text=True,
    )
    events = out / "events.jsonl"
    if done.returncode != 0 or not events.exists():
        print(f"simulator failed ({done.stderr.strip()[-300:]}); using synthetic lines")
        return None
    return events


def _parse(path: str) -> tuple[int, float, int]:
    from fanzha.contract.readers import read_events

    began = time.perf_counter()
    count = sum(1 for _ in read_events([path], on_reject=lambda _r: None))
    return count, time.perf_counter() - began, _peak_mb()


def _load(path: str, url: str, dead: str) -> tuple[int, float, int]:
    from fanzha.ingest import ingest_file
    from fanzha.store import engine, migrate

    migrate(url)
    began = time.perf_counter()
    summary = ingest_file(engine(url), path, dead)
    return summary.accepted, time.perf_counter() - began, _peak_mb()


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KiB on Linux


def in_child(function: Any, *args: str) -> tuple[int, float, int]:
    """Run a phase in a fresh process: its peak memory is its own."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        result: tuple[int, float, int] = pool.apply(function, args)
    return result


def report(name: str, result: tuple[int, float, int]) -> None:
    count, seconds, peak = result
    print(
        f"{name:28} {count:>10,} events {seconds:>8.2f} s {count / seconds:>12,.0f} ev/s"
        f"   peak RSS {peak:>6,} MB"
    )


def postgres_url(given: str | None) -> tuple[str | None, Any]:
    if given:
        return given, None
    try:
        from fanzha.store.pgtemp import TemporaryPostgres

        server = TemporaryPostgres()
    except Exception as err:  # the benchmark goes on without PostgreSQL
        print(f"PostgreSQL skipped: {err}")
        return None, None
    return server.create_database("bench"), server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--synthetic", type=int, help="N generated lines instead of a city")
    parser.add_argument("--pg-url", help="SQLAlchemy URL of an empty PostgreSQL database")
    parser.add_argument("--keep", action="store_true", help="keep the city and databases")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="fanzha-bench-"))
    try:
        run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    events = None if args.synthetic else simulate(work / "city", args.persons, args.days)
    if events is None:
        events = work / "events.jsonl"
        synthetic(events, args.synthetic or 200_000)
    size = events.stat().st_size / 2**20
    print(f"input: {events} ({size:,.1f} MiB)")

    report("parse + validate", in_child(_parse, str(events)))
    sqlite = f"sqlite:///{work / 'bench.db'}"
    report("ingest → SQLite", in_child(_load, str(events), sqlite, str(work / "d1.jsonl")))
    report("ingest again (all dup.)", in_child(_load, str(events), sqlite, str(work / "d2.jsonl")))
    url, server = postgres_url(args.pg_url)
    if url:
        try:
            report("ingest → PostgreSQL", in_child(_load, str(events), url, str(work / "d3.jsonl")))
            report("ingest again (all dup.)", in_child(_load, str(events), url, str(work / "d4")))
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
