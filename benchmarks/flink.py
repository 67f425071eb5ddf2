"""Detection on Flink beside the embedded engine, on the same input.

    python benchmarks/flink.py [--persons 20000] [--days 1] [--events FILE]

Needs the Flink environment (``./run.sh flink``). Prints events/s for the
embedded engine (``fanzha detect``, one process, the shipped model, as the job scores)
and for the Flink job on a local mini-cluster with 1 and 2 task slots, whole
runs including the mini-cluster's start, and the job's own running time from
Flink's log, per slot and as a share of the embedded engine's rate. Also
prints the bytes of keyed state per resident, which docs/scale.md sizes a
province from. Options it does not know go to the job: ``--python-mode process``
compares the Beam worker processes with the default thread mode.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

from _city import simulated_events
from fanzha.detect.command import run_detect
from fanzha.detect.flink import run_flink_detect
from fanzha.detect.flink_cluster import flink_home

LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*switched from (\w+) to (\w+)")


def job_seconds(log_dir: Path, since: float) -> tuple[float, float] | None:
    """(running, whole) seconds of the job, from the newest Flink log: *running* from the
    moment its last task is RUNNING (every operator has started, Python imports and all)
    to the last FINISHED; *whole* from the first task RUNNING, as this benchmark measured
    before the directory stages were Java (their tasks start seconds before the Python ones)."""
    logs = [p for p in log_dir.glob("*.log") if p.stat().st_mtime >= since]
    if not logs:
        return None
    times: dict[str, list[datetime]] = {"RUNNING": [], "FINISHED": []}
    for line in max(logs, key=lambda p: p.stat().st_mtime).read_text(errors="replace").splitlines():
        found = LOG_TIME.match(line)
        if found and found.group(3) in times and "taskmanager.Task " in line:
            times[found.group(3)].append(datetime.strptime(found.group(1), "%Y-%m-%d %H:%M:%S,%f"))
    if not times["RUNNING"] or not times["FINISHED"]:
        return None
    end = max(times["FINISHED"])
    running = (end - max(times["RUNNING"])).total_seconds()
    return running, (end - min(times["RUNNING"])).total_seconds()


class DescendantsCpu:
    """CPU seconds of every process below this one (the job, its JVM, its Python workers).

    On a shared machine wall time says more about the neighbours than the job. The
    JVM is not waited for by the job's client, so its time never reaches this
    process's children usage: /proc is sampled instead, twice a second.
    """

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.tick = os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> DescendantsCpu:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())

    def _sample(self) -> None:
        me = os.getpid()
        while not self.done.wait(0.5):
            parents: dict[int, int] = {}
            cpu: dict[int, float] = {}
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(fields[1])
                cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / self.tick
            for pid, seconds in cpu.items():
                up = parents.get(pid)
                while up is not None and up != me:
                    up = parents.get(up)
                if up == me:
                    self.seen[pid] = max(self.seen.get(pid, 0.0), seconds)


def keyed_state_bytes(events: Path) -> tuple[int, int]:
    """(bytes, residents): what the job's three keyed stages hold once a city is read.

    Counted from the embedded engine's directory and person states, encoded as
    the job encodes them (key + JSON value, accounts once per directory stage),
    plus 64 bytes of pickling and map overhead per key.
    """
    import msgspec

    from fanzha.contract.readers import read_event_batches
    from fanzha.detect.engine import Engine

    engine = Engine()
    for _ in engine.run_batches(read_event_batches([events])):
        pass
    d, encode = engine.directory, msgspec.json.encode
    per_key = 64
    phones = sum(len(p) + 6 + len(o) + per_key for p, o in d.phone_owner.items())
    accounts = 2 * sum(len(a) + 8 + len(encode(i)) + per_key for a, i in d.accounts.items())
    homes = sum(len(pid) + 7 + len(h.encode()) + per_key for pid, h in d.home.items())
    states = sum(len(encode(s)) for s in engine.persons.values())
    return phones + accounts + homes + states, len(d.home)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--events", type=Path)
    parser.add_argument("--slots", default="1,2", help="task slots to run the job with")
    args, extra = parser.parse_known_args()  # the rest go to the job (--buckets, --tick-s …)
    work = Path(tempfile.mkdtemp(prefix="fanzha-flink-bench-"))
    events = args.events
    if events is None:
        events = simulated_events(work / "city", args.persons, args.days)
    count = sum(1 for line in events.open("rb") if line.strip())
    print(f"events: {count:,} ({args.persons:,} persons × {args.days} day(s))")

    began, cpu = time.perf_counter(), time.process_time()
    run_detect([events], work / "embedded.jsonl", None, 120, model=None)
    embedded_s = time.perf_counter() - began
    embedded, embedded_cpu = count / embedded_s, count / (time.process_time() - cpu)
    print(
        f"embedded engine  : {embedded_s:7.1f} s  {embedded:>9,.0f} events/s (1 core), "
        f"{embedded_cpu:,.0f} per CPU second"
    )

    logs = flink_home() / "log"
    for slots in (int(n) for n in args.slots.split(",")):
        run = work / f"flink-{slots}"
        run.mkdir()
        started = time.time()
        with DescendantsCpu() as sampler:
            warnings, took = run_flink_detect([events], run, parallelism=slots, extra=tuple(extra))
        job = job_seconds(logs, started)
        cpu_s = sampler.seconds
        running, whole = job or (took, took)
        per_slot, whole_per_slot = count / running / slots, count / whole / slots
        print(
            f"flink, {slots} slot(s) : {took:7.1f} s  {count / took:>9,.0f} events/s whole run; "
            f"{len(warnings)} warnings\n"
            f"                   running {running:.1f} s (every task up) = {per_slot:,.0f} "
            f"events/s per slot ({per_slot / embedded:.0%} of embedded); from the first task "
            f"up {whole:.1f} s = {whole_per_slot:,.0f}/s ({whole_per_slot / embedded:.0%})"
        )
        print(
            f"                   CPU {cpu_s:.1f} s (JVM and Python workers, start included) = "
            f"{count / cpu_s:,.0f} events per CPU second ({count / cpu_s / embedded_cpu:.0%} "
            "of embedded)"
        )
    size, residents = keyed_state_bytes(events)
    print(
        f"keyed state      : {size / 2**20:,.1f} MiB for {residents:,} residents "
        f"= {size / residents:,.0f} bytes per resident (serialized)"
    )


if __name__ == "__main__":
    main()
