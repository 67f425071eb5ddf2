"""Tracing speed and memory on graphs of 10 million and 100 million transfers.

    python benchmarks/trace.py [--transfers 10000000 100000000] [--cases 10000]
                               [--open 100] [--incremental 30]

The simulator is far too slow for 100M transfers, so the graph is generated
here, city-shaped: residents paying merchants (Pareto) and each other, big
payment hubs, employers paying wages — and planted rings whose mule layers
(10–16, 6–10, 4–7 cards) launder each case's money within minutes, split 2–4
ways per hop, with the last layer cashing out part at ATMs. Prints, per size and
stage (generate the columns, index the ledgers, recognise hubs, one case, the
batch of cases, incremental) its seconds, the RSS and the process's peak RSS;
then time to trace one case, time for a batch of cases, graph bytes and process
memory per 10M transfers — and, with 100 cases open while 1,000 new transfers a
second arrive in real time (``--incremental SECONDS``), p50, p99 and max of the
time from a transfer's arrival to the freeze lists that reflect it (the graph's
tails grow, each open case's walk carries its trace on: ``Tracer.add_rows``).
"""

from __future__ import annotations

import argparse
import gc
import resource
import time
from collections import Counter
from typing import Any

import numpy as np

from fanzha.trace.cases import Case
from fanzha.trace.config import TraceConfig
from fanzha.trace.engine import TraceLimits, trace_case
from fanzha.trace.graph import CASH, SINKS, TransferGraph
from fanzha.trace.hubs import HubRules, find_hubs
from fanzha.trace.roles import NodeRoles
from fanzha.trace.tracer import Tracer

DAY = 86_400
LAYERS = ((10, 16), (6, 10), (4, 7))


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def planted(
    rng: np.random.Generator, cases: int, first: int, days: int
) -> tuple[list[tuple[int, int, int, int]], list[int], int]:
    """Rows (src, dst, fen, ts) of the rings' laundering, the victims' seed rows, next node."""
    rings = max(1, cases // 100)
    node = first
    ring_layers = []
    for _ in range(rings):
        layers = []
        for low, high in LAYERS:
            size = int(rng.integers(low, high + 1))
            layers.append(list(range(node, node + size)))
            node += size
        ring_layers.append(layers)
    rows: list[tuple[int, int, int, int]] = []
    seeds: list[int] = []
    for case in range(cases):
        layers = ring_layers[case % rings]
        victim = node
        node += 1
        when = int(rng.integers(0, days * DAY - DAY))
        for _ in range(int(rng.integers(1, 4))):
            fen = int(rng.integers(5_000_00, 200_000_00))
            mule = int(rng.choice(layers[0]))
            seeds.append(len(rows))
            rows.append((victim, mule, fen, when))
            stack = [(mule, fen, when, 0)]
            while stack:
                account, money, at, depth = stack.pop()
                if depth + 1 == len(layers):
                    cash = money * 6 // 10
                    if cash:
                        rows.append((account, CASH, cash, at + int(rng.integers(300, 3600))))
                    continue
                parts = int(rng.integers(2, 5))
                cuts: Any = np.sort(rng.integers(1, money, parts - 1)) if money > parts else []
                edges = np.diff(np.concatenate([[0], cuts, [money]])).astype(np.int64)
                for part in edges.tolist():
                    if part <= 0:
                        continue
                    nxt = int(rng.choice(layers[depth + 1]))
                    later = at + int(rng.integers(60, 900))
                    rows.append((account, nxt, part, later))
                    stack.append((nxt, part, later, depth + 1))
            when += int(rng.integers(120, 1800))
    return rows, seeds, node


CHUNK = 4_000_000
"""Background transfers drawn at once: the generator's temporaries stay ~200 MB."""


def generate(transfers: int, cases: int, seed: int = 7) -> tuple[TransferGraph, list[list[int]]]:
    """The columns, written in place chunk by chunk (no concatenated copies), then indexed."""
    rng = np.random.default_rng(seed)
    days = 30
    residents = max(1000, transfers // 40)
    merchants = max(20, residents // 150)
    first_resident = len(SINKS)
    first_merchant = first_resident + residents
    first_ring = first_merchant + merchants
    rows, seed_rows, nodes = planted(rng, cases, first_ring, days)
    ring = np.array(rows, dtype=np.int64)
    total = max(transfers, len(rows))
    src, dst = np.empty(total, dtype=np.int32), np.empty(total, dtype=np.int32)
    amount, ts = np.empty(total, dtype=np.int64), np.empty(total, dtype=np.int64)
    src[: len(rows)], dst[: len(rows)] = ring[:, 0], ring[:, 1]
    amount[: len(rows)], ts[: len(rows)] = ring[:, 2], ring[:, 3]
    for lo in range(len(rows), total, CHUNK):
        part = slice(lo, min(lo + CHUNK, total))
        size = part.stop - lo
        payer = rng.integers(first_resident, first_merchant, size, dtype=np.int32)
        to_shop = rng.random(size) < 0.7
        shop = first_merchant + (rng.pareto(1.2, size).astype(np.int64) % merchants)
        person = rng.integers(first_resident, first_merchant, size)
        payee = np.where(to_shop, shop, person)
        src[part] = payer
        dst[part] = np.where(payee == payer, first_merchant, payee)
        amount[part] = np.maximum(1, rng.lognormal(9.0, 1.3, size))
        ts[part] = rng.integers(0, days * DAY, size)
    stage("generate")
    graph = TransferGraph(
        names=[f"A{i}" for i in range(nodes)],
        src=src,
        dst=dst,
        amount=amount,
        ts=ts,
        index={"_": 0},  # names are never looked up by string here
    )
    stage("index")
    by_victim: dict[int, list[int]] = {}
    for row in seed_rows:
        by_victim.setdefault(int(ring[row, 0]), []).append(row)
    return graph, list(by_victim.values())


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_last = [time.perf_counter()]


def stage(name: str) -> float:
    """Print a stage's seconds, the RSS now and the process's peak RSS so far."""
    now = time.perf_counter()
    took, _last[0] = now - _last[0], now
    print(
        f"{'':>12}  {name:<10} {took:7.1f} s   RSS {rss_mib():7,.0f} MiB   "
        f"peak {peak_mib():7,.0f} MiB",
        flush=True,
    )
    return took


def run(transfers: int, cases: int, open_cases: int = 100, seconds: int = 30) -> None:
    gc.collect()
    before = rss_mib()
    stage("start")
    graph, case_seeds = generate(transfers, cases)
    hubs = find_hubs(graph, HubRules())
    hub_s = stage("hubs")
    limits = TraceLimits(policy="fifo")
    began, cpu = time.perf_counter(), time.process_time()
    one = trace_case(graph, "c0", case_seeds[0], hubs, limits)
    one_s, one_cpu = time.perf_counter() - began, time.process_time() - cpu
    stage("one case")
    began, cpu = time.perf_counter(), time.process_time()
    held = 0
    for i, seeds in enumerate(case_seeds):
        held += trace_case(graph, f"c{i}", seeds, hubs, limits).held
    batch_s, batch_cpu = time.perf_counter() - began, time.process_time() - cpu
    stage("cases")
    used = rss_mib() - before
    per_10m = 10_000_000 / len(graph)
    print(
        f"{len(graph):>12,} transfers  hubs {hub_s:5.1f} s  one case {one_s * 1000:7.1f} ms "
        f"(CPU {one_cpu * 1000:.1f} ms, {len(one.accounts)} accounts)  {len(case_seeds):,} "
        f"cases {batch_s:6.1f} s ({batch_s / len(case_seeds) * 1000:.1f} ms each, CPU "
        f"{batch_cpu / len(case_seeds) * 1000:.1f} ms)  "
        f"graph {graph.nbytes() / 2**20 * per_10m:,.0f} MiB/10M  "
        f"process +{used * per_10m:,.0f} MiB/10M  peak RSS {peak_mib():,.0f} MiB  "
        f"held ¥{held / 100:,.0f}",
        flush=True,
    )
    if not open_cases:
        return
    figures = incremental(graph, hubs, case_seeds[:open_cases], seconds)
    stage("incremental")
    print(
        f"{'':>12}  1,000 new transfers/s for {seconds} s, {figures['open']} open cases → "
        f"freeze list reflects a transfer within p50 {figures['p50']:.3f} s, "
        f"p99 {figures['p99']:.3f} s, max {figures['max']:.3f} s "
        f"({figures['changes']} list changes, {figures['batches']} batches, "
        f"cases traced afresh: {figures['retraced']}); peak RSS of the run {peak_mib():,.0f} MiB",
        flush=True,
    )


def incremental(
    graph: TransferGraph, hubs: np.ndarray, seeds: list[list[int]], seconds: int
) -> dict[str, Any]:
    """Transfers arriving in real time at 1,000 a second while cases are open.

    Transfer k arrives at ``k / 1000`` s; the loop hands every transfer that has
    arrived to ``Tracer.add_rows`` at once (a batch is whatever came while the
    last one was being read) and a transfer's latency is from its arrival to the
    moment every open case's freeze list reflects it. One transfer in fifty is a
    mule moving part of what a listed account holds on to another account, so
    the lists do change.
    """
    rng = np.random.default_rng(11)
    config = TraceConfig(policy="fifo", min_freeze_fen=1, data_banks=[])
    tracer = Tracer(graph, NodeRoles(hubs.copy()), config)
    now = graph.latest()
    cases = [Case(f"c{i}", None, now, 0, s, "listed", [f"c{i}"]) for i, s in enumerate(seeds)]
    tracer.open_cases(cases)
    for case_id in [c for c, o in tracer.open.items() if not o.requests]:
        del tracer.open[case_id]  # nothing left to stop: the case is closed
    total = 1000 * seconds
    rows = np.empty((total, 4), dtype=np.int64)
    residents = np.flatnonzero(~hubs)
    rows[:, 0] = rng.choice(residents, total)
    rows[:, 1] = rng.choice(residents, total)
    rows[:, 2] = rng.integers(100, 100_000, total)
    rows[:, 3] = now + 1 + np.arange(total) // 1000
    listed = [
        (int(r.account_id[1:]), r.amount_fen) for o in tracer.open.values() for r in o.requests
    ]
    for k in range(0, total, 50):  # mules emptying listed accounts
        node, fen = listed[int(rng.integers(len(listed)))]
        rows[k, 0], rows[k, 2] = node, max(1, fen // int(rng.integers(2, 6)))
    latency = np.zeros(total)
    changes = batches = done = 0
    began = time.perf_counter()
    while done < total:
        due = min(total, int((time.perf_counter() - began) * 1000) + 1)
        if due <= done:
            time.sleep(max(0.0, (done + 1) / 1000 - (time.perf_counter() - began)))
            continue
        changes += len(tracer.add_rows(rows[done:due]))
        reflected = time.perf_counter() - began
        latency[done:due] = reflected - np.arange(done, due) / 1000
        done, batches = due, batches + 1
    reasons: Counter[str] = Counter()
    for entry in tracer.open.values():
        if entry.walk is not None:
            reasons.update(entry.walk.reasons)
    retraced = ", ".join(f"{why} {n}" for why, n in reasons.most_common()) or "none"
    return {
        "p50": float(np.percentile(latency, 50)),
        "p99": float(np.percentile(latency, 99)),
        "max": float(latency.max()),
        "changes": changes,
        "batches": batches,
        "retraced": retraced,
        "open": len(tracer.open),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--transfers", type=int, nargs="+", default=[10_000_000, 100_000_000])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--open", type=int, default=100, help="open cases while transfers arrive")
    parser.add_argument(
        "--incremental", type=int, default=30, metavar="SECONDS", help="how long transfers arrive"
    )
    args = parser.parse_args()
    for size in args.transfers:
        run(size, args.cases, args.open, args.incremental)


if __name__ == "__main__":
    main()
