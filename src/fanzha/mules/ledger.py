"""Every account's money movements as columns: what mule scoring reads.

Why its own reader: scoring looks at every account of the city at once (tens
of millions of transfers), so the money events become NumPy columns — payer,
payee, fen, time, kind — with accounts as integer codes, the way the tracing
graph holds them. JSON Lines go through the contract's validated reader (a
bad line is named and skipped); Parquet files, what a center exports nightly
from its store, are read column-wise by DuckDB without a Python object per
row. Duplicated events (same source and id) count once either way.

Cash leaving the banks is an outflow to a sink: ``CASH`` (ATM or counter) or
``GOLD`` (a gold purchase), as in ``fanzha.trace.graph``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from fanzha.contract.kinds import Account, GoldPurchase, Report, Transfer, Withdrawal
from fanzha.contract.readers import RejectHandler, read_event_batches
from fanzha.trace.banks import shipped_bins

CASH: Final = 0
GOLD: Final = 1
SINKS: Final = ("cash", "gold")
TRANSFER, ATM, COUNTER, GOLD_BUY = 0, 1, 2, 3
"""Row kinds: a transfer between accounts, cash at an ATM or a counter, gold bought."""
NEVER: Final = np.iinfo(np.int64).max


@dataclass
class Ledger:
    """Money rows (``src`` → ``dst``, ``fen``, ``ts`` epoch s, ``kind``) and account facts.

    ``names[code]`` is the account id (codes 0 and 1 are the sinks); ``banks``,
    ``opened`` (epoch s, -1 unknown) and ``recorded`` (an ``account`` event was
    seen) are per code. ``reported[i]`` is when a victim's report listing
    transfer i reached the center (``NEVER`` if none did). ``ids[i]`` is row
    i's event id.
    """

    names: list[str]
    banks: list[str]
    opened: NDArray[np.int64]
    recorded: NDArray[np.bool_]
    src: NDArray[np.int32]
    dst: NDArray[np.int32]
    fen: NDArray[np.int64]
    ts: NDArray[np.int64]
    kind: NDArray[np.int8]
    reported: NDArray[np.int64]
    ids: Any
    """Row i's event id at ``ids[i]`` (a NumPy or Arrow array)."""

    @property
    def accounts(self) -> int:
        return len(self.names)

    def __len__(self) -> int:
        return len(self.ts)


@dataclass
class _Builder:
    bins: dict[str, str]
    index: dict[str, int] = field(default_factory=dict)
    names: list[str] = field(default_factory=lambda: list(SINKS))
    rows: list[tuple[int, int, int, int, int]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    facts: dict[str, tuple[str, date | None]] = field(default_factory=dict)
    reports: dict[str, int] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)

    def code(self, account: str) -> int:
        found = self.index.get(account)
        if found is None:
            found = self.index[account] = len(self.names)
            self.names.append(account)
        return found

    def add(self, events: Iterable[object]) -> None:
        for e in events:
            t = type(e)
            if t is Transfer:
                assert isinstance(e, Transfer)
                row = (self.code(e.from_account), self.code(e.to_account), e.amount_fen, TRANSFER)
            elif t is Withdrawal:
                assert isinstance(e, Withdrawal)
                kind = ATM if e.channel == "atm" else COUNTER
                row = (self.code(e.account_id), CASH, e.amount_fen, kind)
            elif t is GoldPurchase:
                assert isinstance(e, GoldPurchase)
                row = (self.code(e.account_id), GOLD, e.amount_fen, GOLD_BUY)
            elif t is Account:
                assert isinstance(e, Account)
                self.facts[e.account_id] = (e.bank, e.opened)
                continue
            elif t is Report:
                assert isinstance(e, Report)
                at = int(e.ts.timestamp())
                for tx in e.transfers:
                    self.reports[tx] = min(self.reports.get(tx, at), at)
                continue
            else:
                continue
            key = hash((e.source, e.id))
            if key in self.seen:
                continue
            self.seen.add(key)
            self.rows.append((*row[:3], int(e.ts.timestamp()), row[3]))
            self.ids.append(e.id)

    def build(self) -> Ledger:
        table = np.array(self.rows, dtype=np.int64).reshape(-1, 5)
        reported = np.array([self.reports.get(i, NEVER) for i in self.ids], dtype=np.int64)
        known = [(self.index[a], f) for a, f in self.facts.items() if a in self.index]
        facts = (
            np.array([c for c, _ in known], dtype=np.int64),
            [f[0] for _, f in known],
            np.array([day_epoch(f[1]) for _, f in known], dtype=np.int64),
        )
        return finish(
            self.names, facts, self.bins, table[:, 0], table[:, 1], table[:, 2],
            table[:, 3], table[:, 4], reported, self.ids,
        )  # fmt: skip


def bits_of(n: int) -> int:
    return max(int(n).bit_length(), 1)


def sort_index(key: NDArray[np.int64], key_bits: int) -> NDArray[np.int64]:
    """The stable argsort of ``key`` (values >= 0, below ``2**key_bits``).

    NumPy's plain sort of integers is many times faster than its argsort, so
    where the position fits beside the key in 63 bits the two are packed into
    one integer, sorted, and the positions read back: ties keep their order,
    as a stable sort's would."""
    n = len(key)
    index_bits = bits_of(n)
    if key_bits + index_bits > 63:
        return np.argsort(key, kind="stable")
    packed = np.sort((key << np.int64(index_bits)) | np.arange(n, dtype=np.int64))
    out: NDArray[np.int64] = packed & np.int64((1 << index_bits) - 1)
    return out


Facts = tuple[NDArray[np.int64], list[str], NDArray[np.int64]]
"""Account records: the codes of the accounts that have one, each one's bank, and when
it was opened (epoch s of that day's midnight UTC, -1 unknown)."""


def day_epoch(day: date | None) -> int:
    return -1 if day is None else (day - date(1970, 1, 1)).days * 86_400


def finish(
    names: list[str],
    facts: Facts,
    bins: dict[str, str],
    src: NDArray[np.int64],
    dst: NDArray[np.int64],
    fen: NDArray[np.int64],
    ts: NDArray[np.int64],
    kind: NDArray[np.int64],
    reported: NDArray[np.int64],
    ids: Any,
) -> Ledger:
    """Columns in time order, account facts per code (accounts without a record named
    by their card number's issuer)."""
    t0 = int(ts.min()) if len(ts) else 0
    order = sort_index(ts - t0, bits_of(int(ts.max()) - t0 if len(ts) else 0))
    opened = np.full(len(names), -1, dtype=np.int64)
    recorded = np.zeros(len(names), dtype=bool)
    banks = [""] * len(names)
    codes, fact_banks, fact_opened = facts
    recorded[codes] = True
    opened[codes] = fact_opened
    for code, bank in zip(codes.tolist(), fact_banks, strict=True):
        banks[code] = bank
    issuers = shipped_bins().extended(bins)
    unrecorded = np.flatnonzero(~recorded)
    for code in unrecorded[unrecorded >= len(SINKS)].tolist():
        banks[code] = issuers.issuer(names[code]) or ""
    if isinstance(ids, list):
        picked: Any = np.array(ids, dtype=object)[order]
    elif isinstance(ids, np.ndarray):
        picked = ids[order]
    else:  # an Arrow array (the Parquet reader): no Python string per row
        picked = ids.take(order)
    return Ledger(
        names=names,
        banks=banks,
        opened=opened,
        recorded=recorded,
        src=src[order].astype(np.int32),
        dst=dst[order].astype(np.int32),
        fen=fen[order].astype(np.int64),
        ts=ts[order].astype(np.int64),
        kind=kind[order].astype(np.int8),
        reported=reported[order].astype(np.int64),
        ids=picked,
    )


def read_ledger(
    files: list[Path], bins: dict[str, str], on_reject: RejectHandler | None = None
) -> Ledger:
    """The money rows of event files: JSON Lines validated, Parquet through DuckDB."""
    parquet = [f for f in files if f.suffix == ".parquet"]
    lines = [f for f in files if f.suffix != ".parquet"]
    if parquet and lines:
        raise ValueError("mules: give either Parquet files or JSON Lines files, not both")
    if parquet:
        from fanzha.mules.columnar import read_parquet_ledger

        return read_parquet_ledger(parquet, bins)
    builder = _Builder(bins)
    for batch in read_event_batches(lines, on_reject):
        builder.add(batch)
    return builder.build()


__all__ = ["ATM", "CASH", "COUNTER", "GOLD", "GOLD_BUY", "NEVER", "SINKS", "TRANSFER", "Ledger"]
