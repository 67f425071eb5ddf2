"""One sorted, memory-mapped run of blocklist entries: hashes plus parallel metadata.

A store is a base segment plus small delta segments (incremental updates); compaction
merges them. Each segment is two ``.npy`` files opened with ``mmap_mode='r'`` so that
opening 50 million entries costs nothing until pages are touched.
"""

from __future__ import annotations

from dataclasses import dataclass
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

    @classmethod
    def open(cls, directory: Path) -> Segment:
        hashes = np.load(directory / "hashes.npy", mmap_mode="r")
        meta = np.load(directory / "meta.npy", mmap_mode="r")
        return cls(directory, hashes, meta)

    def __len__(self) -> int:
        return int(self.hashes.shape[0])

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Row of each key in this segment, -1 when absent (keys any order)."""
        n = len(self)
        if n == 0 or keys.size == 0:
            return np.full(keys.shape, -1, dtype=np.int64)
        pos = np.searchsorted(self.hashes, keys)
        clipped = np.minimum(pos, n - 1)
        hit = self.hashes[clipped] == keys
        return np.where(hit, clipped, -1).astype(np.int64)


def write_segment(directory: Path, hashes: np.ndarray, meta: np.ndarray) -> Segment:
    """Sort by hash (duplicates: the later row wins, first_seen is the earliest) and save."""
    directory.mkdir(parents=True, exist_ok=True)
    hashes, meta = merge_sorted(hashes, meta)
    np.save(directory / "hashes.npy", hashes)
    np.save(directory / "meta.npy", meta)
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
