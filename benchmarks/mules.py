"""Mule scoring speed on ten million transfers, on one core.

    python benchmarks/mules.py [--transfers 10000000] [--accounts 1000000] [--out DIR]
    python benchmarks/mules.py --out DIR --generate-only   # then: fanzha mules DIR/month.parquet

The simulator is far too slow for 10M transfers, so the month is generated here
with NumPy, city-shaped: residents paying shops (Pareto) and each other, wages
from employers, ATM withdrawals — and planted rings whose cards take victims'
round sums and pass them on in pieces within minutes, the last layer cashing
out at ATMs; 85 % of the city's own accounts come with a partner bank's
account record (``account`` events), the mule cards with none. It is written
as one Parquet file (the contract's columns), then
``fanzha mules`` runs on it end to end, DuckDB limited to one thread: read,
features, both model stages, one JSON line per account. Prints each phase's
time (wall, and CPU in brackets: the machine may be shared), accounts per
second, and how many planted cards scored above the threshold
(a sanity check, not a quality figure: quality is judged on simulated worlds).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

DAY = 86_400
START = 1_740_960_000  # 2025-03-03 00:00 +08:00
RECORDED_SHARE = 0.85
"""Residents, shops and employers with a partner bank's account record."""


def generate(path: Path, transfers: int, accounts: int, seed: int = 7) -> set[str]:
    """Write the month; return the planted mule card ids."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    shops = accounts // 50
    employers = accounts // 500
    rings = max(1, transfers // 200_000)
    ring_cards = rings * 20
    n_mule_rows = rings * 300
    n = transfers - n_mule_rows
    payer = rng.integers(0, accounts, n)
    to_shop = rng.random(n) < 0.6
    shop = (rng.pareto(1.2, n) * 3).astype(np.int64) % shops
    friend = rng.integers(0, accounts, n)
    wage = rng.random(n) < 0.03
    src = np.where(wage, accounts + rng.integers(0, employers, n), payer)
    dst = np.where(wage, payer, np.where(to_shop, accounts + employers + shop, friend))
    fen = np.where(wage, rng.integers(300_000, 2_000_000, n), rng.integers(500, 300_000, n))
    ts = START + rng.integers(0, 30 * DAY, n)
    # rings: 20 cards each, layers 8/7/5; victims pay layer 1 round sums, money moves on
    m_src, m_dst, m_fen, m_ts = [], [], [], []
    base = accounts + employers + shops
    for r in range(rings):
        cards = base + r * 20 + np.arange(20)
        for _ in range(n_mule_rows // (rings * 6)):
            at = START + int(rng.integers(0, 29 * DAY))
            amount = int(rng.integers(5, 200)) * 100_00
            first, second, third = (
                int(rng.choice(cards[:8])),
                int(rng.choice(cards[8:15])),
                int(rng.choice(cards[15:])),
            )
            victim = int(rng.integers(0, accounts))
            half = amount // 2
            rows = [
                (victim, first, amount, at),
                (first, second, half - 137, at + 300),
                (first, second, amount - half + 137, at + 420),
                (second, third, half - 137, at + 900),
                (third, -1, min(half, 2_000_000), at + 3600),
                (victim, first, 50_000, at + 7200),
            ]
            for s, d, f, t in rows:
                m_src.append(s)
                m_dst.append(d)
                m_fen.append(f)
                m_ts.append(t)
    src = np.concatenate([src, m_src])
    dst = np.concatenate([dst, m_dst])
    fen = np.concatenate([fen, m_fen])
    ts = np.concatenate([ts, m_ts])
    total = len(src)
    name = np.char.add("62220200", np.char.zfill(np.arange(base + ring_cards).astype(str), 11))
    is_cash = dst < 0
    kind = np.where(is_cash, "withdrawal", "transfer")
    money = pa.table(
        {
            "kind": pa.array(kind),
            "id": pa.array(np.char.add("tx-", np.arange(total).astype(str))),
            "ts": pa.array((ts * 1_000_000).astype("datetime64[us]"), pa.timestamp("us", "UTC")),
            "source": pa.array(np.full(total, "bank:icbc")),
            "from_account": pa.array(np.where(is_cash, None, name[src]).tolist(), pa.string()),
            "to_account": pa.array(
                np.where(is_cash, None, name[np.maximum(dst, 0)]).tolist(), pa.string()
            ),
            "account_id": pa.array(np.where(is_cash, name[src], None).tolist(), pa.string()),
            "amount_fen": pa.array(fen.astype(np.int64)),
            "channel": pa.array(np.where(is_cash, "atm", "mobile")),
        }
    )
    # The partner banks' account records: most residents, shops and employers, held
    # for years (a city's export has them; without them every card looks unrecorded
    # and far more entries reach the trees than in a simulated city). Mule cards
    # have none.
    held = np.flatnonzero(rng.random(base) < RECORDED_SHARE)
    days_held = rng.integers(200, 5000, len(held))
    opened = (np.datetime64("2025-03-03") - days_held.astype("timedelta64[D]")).astype(
        "datetime64[D]"
    )
    records = pa.table(
        {
            "kind": pa.array(np.full(len(held), "account")),
            "id": pa.array(np.char.add("acct-", held.astype(str))),
            "ts": pa.array(
                np.full(len(held), START * 1_000_000).astype("datetime64[us]"),
                pa.timestamp("us", "UTC"),
            ),
            "source": pa.array(np.full(len(held), "bank:icbc")),
            "account_id": pa.array(name[held]),
            "bank": pa.array(np.full(len(held), "icbc")),
            "opened": pa.array(opened, pa.date32()),
        }
    )
    table = pa.concat_tables([records, money], promote_options="default")
    pq.write_table(table, path, row_group_size=1 << 20)
    return set(name[base:].tolist())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transfers", type=int, default=10_000_000)
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from fanzha.mules.ledger import read_ledger
    from fanzha.mules.model import load_model
    from fanzha.mules.score import results, score_ledger
    from fanzha.mules.settings import MulesConfig

    work = args.out or Path(tempfile.mkdtemp(prefix="fanzha-mules-"))
    work.mkdir(parents=True, exist_ok=True)
    parquet = work / "month.parquet"
    began = time.perf_counter()
    planted = generate(parquet, args.transfers, args.accounts)
    print(f"generated {args.transfers:,} transfers in {time.perf_counter() - began:.1f} s")
    if args.generate_only:  # then time the command itself: fanzha mules DIR/month.parquet
        return
    config = MulesConfig.load()
    model = load_model("default")
    t0, c0 = time.perf_counter(), time.process_time()
    ledger = read_ledger([parquet], config.bins)
    t1, c1 = time.perf_counter(), time.process_time()
    scored = score_ledger(ledger, model, config.threshold)
    t2, c2 = time.perf_counter(), time.process_time()
    lines = results(scored)
    import msgspec

    encoder = msgspec.json.Encoder()
    with (work / "mules.jsonl").open("wb") as f:
        for line in lines:
            f.write(encoder.encode(line) + b"\n")
    t3, c3 = time.perf_counter(), time.process_time()
    flagged = {s.account_id for s in lines if s.score >= config.threshold}
    print(f"read (DuckDB, 1 thread)   {t1 - t0:6.1f} s [{c1 - c0:6.1f}]   {len(ledger):,} rows")
    print(f"features + model          {t2 - t1:6.1f} s [{c2 - c1:6.1f}]   "
          f"{len(scored.timeline.ts):,} entries")  # fmt: skip
    print(f"results + JSON Lines      {t3 - t2:6.1f} s [{c3 - c2:6.1f}]   {len(lines):,} accounts")
    print(f"total                     {t3 - t0:6.1f} s [{c3 - c0:6.1f}]   "
          f"({len(lines) / (t3 - t0):,.0f} accounts/s)")  # fmt: skip
    print(f"planted cards flagged {len(flagged & planted)}/{len(planted)}; others flagged "
          f"{len(flagged - planted)}")  # fmt: skip


if __name__ == "__main__":
    main()
