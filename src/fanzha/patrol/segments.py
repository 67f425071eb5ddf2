"""One sorted, memory-mapped run of blocklist entries: hashes plus parallel metadata.

A store is a base segment plus small delta segments (incremental updates); compaction
merges them. Each segment is two ``.npy`` files opened with ``mmap_mode='r'`` so that
opening 50 million entries costs nothing until pages are touched.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

META_DTYPE = np.dtype(
    [
        ("kind", "u1"),  # index into names.KINDS
        ("label", "<u4"),  # index into the store's (source, reason, typology) table
        ("first_seen", "<u4"),  # unix seconds
        ("last_seen", "<u4"),
        ("expires", "<u4"),  # unix seconds, 0 = never
        ("name_offset", "<u8"),  # byte offset of the name line in names.txt
    ],
    align=False,
)


@dataclass(frozen=True)
class Segment:
    directory: Path
    hashes: np.ndarray
    meta: np.ndarray
    expiring_rows: np.ndarray
    """Sorted rows that carry an expiry, so batched lookups never page in ``meta``."""
    expiring_at: np.ndarray
    _buckets: list[np.ndarray] = field(default_factory=list, compare=False, repr=False)
    """Start of each bucket of keys sharing their top bits: made on the first lookup."""

    @classmethod
    def open(cls, directory: Path) -> Segment:
        # plain views of the maps: indexing a np.memmap wraps every result in a new
        # memmap object, which costs more than the lookup itself
        hashes = np.asarray(np.load(directory / "hashes.npy", mmap_mode="r"))
        meta = np.asarray(np.load(directory / "meta.npy", mmap_mode="r"))
        rows = np.load(directory / "expiring_rows.npy")
        at = np.load(directory / "expiring_at.npy")
        segment = cls(directory, hashes, meta, rows, at)
        saved = directory / "buckets.npy"
        if saved.exists():
            starts = np.asarray(np.load(saved, mmap_mode="r"))
            if starts.shape == ((1 << _bucket_bits(len(segment))) + 1,):
                segment._buckets.append(starts)
        return segment

    def expires_at(self, row: int) -> int:
        """Expiry of one row (``expires_of`` for a single lookup)."""
        if self.expiring_rows.size == 0:
            return 0
        pos = int(np.searchsorted(self.expiring_rows, row))
        if pos < self.expiring_rows.size and int(self.expiring_rows[pos]) == row:
            return int(self.expiring_at[pos])
        return 0

    def expires_of(self, rows: np.ndarray) -> np.ndarray:
        """Expiry (unix seconds, 0 = never) of each row, from the small side arrays."""
        if self.expiring_rows.size == 0:
            return np.zeros(rows.shape, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.expiring_rows, rows), self.expiring_rows.size - 1)
        hit = self.expiring_rows[pos] == rows
        return np.where(hit, self.expiring_at[pos], 0).astype(np.int64)

    def __len__(self) -> int:
        return int(self.hashes.shape[0])

    def _bucket_starts(self) -> tuple[np.ndarray, int]:
        """Keys are well mixed, so their top bits split the sorted run into even buckets
        (about 12 keys each): a lookup narrows to one bucket at once, then halves it a
        few times, instead of 26 halvings through 50 million memory-mapped keys."""
        bits = _bucket_bits(len(self))
        if not self._buckets:  # a segment written before the directory was saved with it
            self._buckets.append(_bucket_starts(self.hashes))
        return self._buckets[0], 64 - bits

    def find_one(self, key: int) -> int:
        """``find`` for one key, without NumPy's per-call overhead on tiny arrays."""
        if len(self) == 0:
            return -1
        starts, shift = self._bucket_starts()
        bucket = key >> shift
        lo, hi = int(starts[bucket]), int(starts[bucket + 1])
        run = self.hashes[lo:hi].tolist()  # about a dozen keys
        at = bisect_left(run, key)
        return lo + at if at < len(run) and run[at] == key else -1

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Row of each key in this segment, -1 when absent (keys any order)."""
        n = len(self)
        if n == 0 or keys.size == 0:
            return np.full(keys.shape, -1, dtype=np.int64)
        starts, shift = self._bucket_starts()
        probes = keys  # the bucket directory makes each probe's search short: no sort needed
        bucket = (probes >> np.uint64(shift)).astype(np.int64)
        lo, hi = starts[bucket], starts[bucket + 1]
        while True:  # binary search inside each probe's bucket, all probes at once
            open_ = lo < hi
            if not open_.any():
                break
            mid = (lo + hi) // 2
            below = open_ & (self.hashes[np.minimum(mid, n - 1)] < probes)
            lo = np.where(below, mid + 1, lo)
            hi = np.where(open_ & ~below, mid, hi)
        clipped = np.minimum(lo, n - 1)
        hit = self.hashes[clipped] == probes
        return np.where(hit, clipped, -1).astype(np.int64)


def _bucket_bits(n: int) -> int:
    return max(1, min(24, (n // 12).bit_length()))


def _bucket_starts(hashes: np.ndarray) -> np.ndarray:
    """Where each bucket of sorted keys sharing their top bits starts (and the end)."""
    n = int(hashes.shape[0])
    bits = _bucket_bits(n)
    edges = np.arange(1 << bits, dtype=np.uint64) << np.uint64(64 - bits)
    starts = np.empty((1 << bits) + 1, dtype=np.int64)
    starts[:-1] = np.searchsorted(hashes, edges)
    starts[-1] = n
    return starts


def write_segment(directory: Path, hashes: np.ndarray, meta: np.ndarray) -> Segment:
    """Sort by hash (duplicates: the later row wins, first_seen is the earliest) and save,
    with the bucket directory: made here while the keys are in memory, a process that
    opens the store looks up at once instead of first reading every key from disk."""
    directory.mkdir(parents=True, exist_ok=True)
    hashes, meta = merge_sorted(hashes, meta)
    np.save(directory / "buckets.npy", _bucket_starts(hashes))
    np.save(directory / "hashes.npy", hashes)
    np.save(directory / "meta.npy", meta)
    expiring = np.flatnonzero(meta["expires"] != 0)
    np.save(directory / "expiring_rows.npy", expiring.astype(np.int64))
    np.save(directory / "expiring_at.npy", meta["expires"][expiring].astype(np.uint32))
    return Segment.open(directory)


def merge_sorted(hashes: np.ndarray, meta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stable sort by hash, then collapse duplicate hashes keeping the last row.

    Why stable: rows come in age order (base, then deltas), so the last duplicate is
    the newest statement about that indicator.
    """
    order = np.argsort(hashes, kind="stable")
    hashes = np.asarray(hashes)[order]
    meta = np.asarray(meta)[order]
    del order
    if hashes.size == 0:
        return hashes, meta
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    if starts.size == hashes.size:
        return hashes, meta
    ends = np.r_[starts[1:], hashes.size] - 1
    earliest = np.minimum.reduceat(meta["first_seen"], starts)
    merged = meta[ends].copy()
    merged["first_seen"] = earliest
    return hashes[ends].copy(), merged
