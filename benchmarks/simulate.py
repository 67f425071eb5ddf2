"""How fast the synthetic city is written, and how much memory it takes.

    .venv/bin/python benchmarks/simulate.py                  # 100,000 residents, 1 day
    .venv/bin/python benchmarks/simulate.py --persons 1000000
    .venv/bin/python benchmarks/simulate.py --persons 10000 --days 7 --preset realistic
    .venv/bin/python benchmarks/simulate.py --persons 10000 --days 7 --world 3

Prints persons/s, events/s, the output size and the peak resident memory of
this process (the whole simulation runs in it).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from fanzha.sim import simulate
from fanzha.sim.worlds import PRESETS, build_params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--preset", choices=PRESETS, default="easy")
    parser.add_argument("--world", type=int, default=None)
    args = parser.parse_args()
    params = build_params(
        args.preset, args.world, persons=args.persons, days=args.days, seed=args.seed
    )
    with tempfile.TemporaryDirectory(prefix="fanzha-sim-") as tmp:
        began = time.perf_counter()
        result = simulate(params, Path(tmp))
        seconds = time.perf_counter() - began
        size = result.events.stat().st_size
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"persons×days      {args.persons:,} × {args.days} ({args.preset}, world {args.world})")
    print(f"seconds           {seconds:.1f}")
    print(f"persons/s         {args.persons * args.days / seconds:,.0f}")
    print(f"events            {result.written:,} ({size / 2**20:,.0f} MiB)")
    print(f"events/s          {result.written / seconds:,.0f}")
    print(f"victims           {result.victims}")
    print(f"peak RSS          {peak_kib / 1024:,.0f} MiB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
