"""The blocklist store: every indicator kind (domains, URLs, apps, phones, accounts,
IPs and IP:port pairs), memory-mapped.

Layout of a store directory::

    labels.json        [[source, reason, typology], ...]  small-int codes used in meta
    names.txt          one normalised indicator a line, append-only (for exports)
    allow.txt          allowlist, ``kind<TAB>value`` a line; always wins
    ranges.tsv         CIDR rules (``fanzha.patrol.ranges``): exact items stay hashed
    base/              the compacted segment (hashes.npy + meta.npy)
    delta-000001/ ...  incremental segments, merged into base by ``compact()``

Domain rules block their sub-domains: a lookup hashes every parent of the name
(``a.b.evil.com`` → ``b.evil.com`` → ``evil.com`` …) and searches them all at once
with ``np.searchsorted``. Public suffixes are never stored, so no rule blocks ``com``.
An address is blocked by its own rule or by the narrowest range holding it; an
``ip:port`` by its own rule or by any rule on its address.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import numpy as np

from fanzha.patrol.keys import KEY_HASH, domain_keys_of, hash_many, key_hash, key_of, parent_keys
from fanzha.patrol.names import (
    KINDS,
    IndicatorKind,
    is_public_suffix,
    is_range,
    normalise,
    normalise_domains,
    split_ipport,
)
from fanzha.patrol.ranges import RangeRule, RangeTable
from fanzha.patrol.segments import META_DTYPE, Segment, merge_sorted, write_segment

_META_COLUMNS: tuple[str, ...] = META_DTYPE.names or ()


@dataclass(frozen=True)
class Entry:
    kind: IndicatorKind
    value: str
    source: str
    reason: str = ""
    typology: str = ""
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    expires: datetime | None = None


def _secs(moment: datetime | None, default: int) -> int:
    return int(moment.timestamp()) if moment is not None else default


def _moment(secs: int) -> datetime | None:
    return datetime.fromtimestamp(int(secs), UTC) if secs else None


class Blocklist:
    """Open with ``Blocklist(path)``; ``add`` writes a delta, ``compact`` merges deltas."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        _check_key_hash(path)
        labels_file = path / "labels.json"
        raw = json.loads(labels_file.read_text()) if labels_file.exists() else []
        self.labels: list[tuple[str, str, str]] = [tuple(x) for x in raw]
        self._label_codes = {label: i for i, label in enumerate(self.labels)}
        self.segments = [Segment.open(d) for d in self._segment_dirs()]
        self.ranges = RangeTable(path)
        self.allowed: set[int] = set()
        allow_file = path / "allow.txt"
        if allow_file.exists():
            for line in allow_file.read_text(encoding="utf-8").splitlines():
                kind, _, value = line.partition("\t")
                self.allowed.add(key_hash(cast(IndicatorKind, kind), value))
        self._names_fd: int | None = None

    def _segment_dirs(self) -> list[Path]:
        base = [self.path / "base"] if (self.path / "base").exists() else []
        return base + sorted(self.path.glob("delta-*"))

    def __len__(self) -> int:
        return sum(len(s) for s in self.segments) + len(self.ranges)

    # ---- writing -------------------------------------------------------------------

    def label_code(self, source: str, reason: str, typology: str) -> int:
        label = (source, reason, typology)
        if label not in self._label_codes:
            self._label_codes[label] = len(self.labels)
            self.labels.append(label)
            (self.path / "labels.json").write_text(json.dumps(self.labels, ensure_ascii=False))
        return self._label_codes[label]

    def add(self, entries: Iterable[Entry], now: datetime) -> int:
        """Write the entries as one new delta segment; returns how many were kept.

        Entries that normalise to nothing or are public suffixes are skipped.
        """
        rows: list[tuple[int, int, int, int, int, int]] = []
        keyed: list[tuple[IndicatorKind, str]] = []
        ranges: list[RangeRule] = []
        default = int(now.timestamp())
        with (self.path / "names.txt").open("ab") as names:
            for entry in entries:
                value = normalise(entry.kind, entry.value)
                if not value or (entry.kind == "domain" and is_public_suffix(value)):
                    continue
                offset = names.tell()
                names.write(value.encode() + b"\n")
                label = self.label_code(entry.source, entry.reason, entry.typology)
                first = _secs(entry.first_seen, default)
                if is_range(entry.kind, value):
                    last, expires = _secs(entry.last_seen, first), _secs(entry.expires, 0)
                    ranges.append(RangeRule(value, label, first, last, expires))
                    continue
                rows.append(
                    (
                        KINDS.index(entry.kind),
                        label,
                        first,
                        _secs(entry.last_seen, first),
                        _secs(entry.expires, 0),
                        offset,
                    )
                )
                keyed.append((entry.kind, value))
        self.ranges.add(ranges)
        if not rows:
            return len(ranges)
        hashes = np.empty(len(keyed), dtype=np.uint64)
        for kind in {k for k, _ in keyed}:  # hashed a batch per kind, not one by one
            where = [i for i, (k, _) in enumerate(keyed) if k == kind]
            hashes[where] = hash_many(kind, [keyed[i][1] for i in where])
        meta = np.array(rows, dtype=META_DTYPE)
        number = len(list(self.path.glob("delta-*"))) + 1
        directory = self.path / f"delta-{number:06d}"
        while directory.exists():
            number += 1
            directory = self.path / f"delta-{number:06d}"
        self.segments.append(write_segment(directory, hashes, meta))
        return len(rows) + len(ranges)

    def add_normalised(
        self, kind: IndicatorKind, values: list[str], label: tuple[str, str, str], now: datetime
    ) -> int:
        """Bulk path for feeds of millions: values already normalised, one label for all."""
        if not values:
            return 0
        encoded = [v.encode() + b"\n" for v in values]
        lengths = np.fromiter((len(e) for e in encoded), dtype=np.uint64, count=len(encoded))
        with (self.path / "names.txt").open("ab") as names:
            start = names.tell()
            names.write(b"".join(encoded))
        meta = np.zeros(len(values), dtype=META_DTYPE)
        meta["kind"] = KINDS.index(kind)
        meta["label"] = self.label_code(*label)
        meta["first_seen"] = meta["last_seen"] = int(now.timestamp())
        meta["name_offset"] = start + np.cumsum(lengths) - lengths
        number = len(list(self.path.glob("delta-*"))) + 1
        directory = self.path / f"delta-{number:06d}"
        self.segments.append(write_segment(directory, hash_many(kind, values), meta))
        return len(values)

    def allow(self, kind: IndicatorKind, values: Iterable[str]) -> None:
        """Allowlist entries win over every block rule (domain ones cover sub-domains)."""
        with (self.path / "allow.txt").open("a", encoding="utf-8") as out:
            for raw in values:
                value = normalise(kind, raw)
                if value:
                    out.write(f"{kind}\t{value}\n")
                    self.allowed.add(key_hash(kind, value))

    def compact(self) -> None:
        """Merge base and all deltas into a new base; the old files go afterwards."""
        if len(self.segments) <= 1 and (self.path / "base").exists():
            return
        hashes = np.concatenate([np.asarray(s.hashes) for s in self.segments])
        meta = np.concatenate([np.asarray(s.meta) for s in self.segments])
        old = [s.directory for s in self.segments]
        tmp = self.path / "base.new"
        if tmp.exists():
            shutil.rmtree(tmp)
        write_segment(tmp, hashes, meta)
        del hashes, meta
        self.segments = []
        for directory in old:
            shutil.rmtree(directory)
        tmp.rename(self.path / "base")
        self.segments = [Segment.open(self.path / "base")]

    # ---- reading -------------------------------------------------------------------

    def _find_keys(self, keys: np.ndarray, now_secs: int) -> tuple[np.ndarray, np.ndarray]:
        """(segment index, row) of the newest live rule for each key; segment -1 if none."""
        seg_of = np.full(keys.shape, -1, dtype=np.int64)
        row_of = np.full(keys.shape, -1, dtype=np.int64)
        for index, segment in enumerate(self.segments):
            rows = segment.find(keys)
            hit = rows >= 0
            if hit.any():
                expires = segment.expires_of(rows[hit])
                live = (expires == 0) | (expires > now_secs)
                hit_idx = np.flatnonzero(hit)
                seg_of[hit_idx] = np.where(live, index, -1)
                row_of[hit_idx] = np.where(live, rows[hit], -1)
        return seg_of, row_of

    def _allowed_mask(self, keys: np.ndarray) -> np.ndarray:
        if not self.allowed:
            return np.zeros(keys.shape, dtype=bool)
        allowed = np.fromiter(self.allowed, dtype=np.uint64)
        return np.isin(keys, allowed)

    def domains_blocked(self, domains: list[str], now: datetime) -> np.ndarray:
        """Batched: True where the domain or one of its parents is blocked and none allowed."""
        owners, keys = parent_keys(normalise_domains(domains))
        seg_of, _ = self._find_keys(keys, int(now.timestamp()))
        blocked = np.zeros(len(domains), dtype=bool)
        blocked[owners[seg_of >= 0]] = True
        allowed = np.zeros(len(domains), dtype=bool)
        allowed[owners[self._allowed_mask(keys)]] = True
        return blocked & ~allowed

    def hashes_present(self, keys: np.ndarray) -> np.ndarray:
        """Exact-match membership of pre-hashed keys, ignoring expiry (the benchmark's core)."""
        found = np.zeros(keys.shape, dtype=bool)
        for segment in self.segments:
            found |= segment.find(keys) >= 0
        return found

    def match(self, kind: IndicatorKind, text: str, now: datetime) -> Entry | None:
        """The most specific live rule matching one indicator, or None (allowlist wins)."""
        value = normalise(kind, text)
        if not value:
            return None
        if kind == "ipport":  # its own rule, else any rule on its address
            if key_of("ipport", value) in self.allowed:
                return None
            return self._match_exact("ipport", value, now) or self.match(
                "ip", split_ipport(value)[0], now
            )
        if kind == "ip":
            return self._match_ip(value, now)
        return self._match_exact(kind, value, now)

    def _match_exact(self, kind: IndicatorKind, value: str, now: datetime) -> Entry | None:
        """One value, key by key in plain Python: the path of every single lookup (a
        风险查询, a detection verdict), where NumPy's per-call cost would dominate."""
        # most specific first: a domain itself, then its parents
        keys = domain_keys_of(value) if kind == "domain" else [key_of(kind, value)]
        if any(key in self.allowed for key in keys):
            return None
        now_secs = int(now.timestamp())
        for key in keys:
            found = self._find_key(key, now_secs)
            if found is not None:
                segment, row = found
                return self._entry(segment.meta[row])
        return None

    def _find_key(self, key: int, now_secs: int) -> tuple[Segment, int] | None:
        """The newest statement about one key, if it is live (a newer expiry hides older)."""
        for segment in reversed(self.segments):
            row = segment.find_one(key)
            if row >= 0:
                expires = segment.expires_at(row)
                return (segment, row) if expires == 0 or expires > now_secs else None
        return None

    def _match_ip(self, value: str, now: datetime) -> Entry | None:
        """An address: its own rule, else the narrowest live range holding it."""
        exact = self._match_exact("ip", value, now)
        if exact is not None or "/" in value:
            return exact
        rule = self.ranges.match(ipaddress.ip_address(value), int(now.timestamp()))
        if rule is None or key_of("ip", rule.value) in self.allowed:
            return None
        return self._range_entry(rule)

    def _range_entry(self, rule: RangeRule) -> Entry:
        source, reason, typology = self.labels[rule.label]
        return Entry(
            kind="ip",
            value=rule.value,
            source=source,
            reason=reason,
            typology=typology,
            first_seen=_moment(rule.first_seen),
            last_seen=_moment(rule.last_seen),
            expires=_moment(rule.expires),
        )

    def domain_rules(self, domains: list[str], now: datetime) -> np.ndarray:
        """Batched, for counting hits: per domain the code of the most specific live rule
        blocking it (``segment << 40 | row``), -1 where none or allowlisted."""
        owners, keys = parent_keys(normalise_domains(domains))
        seg_of, row_of = self._find_keys(keys, int(now.timestamp()))
        codes = np.full(len(domains), -1, dtype=np.int64)
        hit = np.flatnonzero(seg_of >= 0)[::-1]
        # keys come out shortest parent first, so an owner's last hit is its most
        # specific rule: reversed, np.unique's first index finds it
        found, first = np.unique(owners[hit], return_index=True)
        codes[found] = (seg_of[hit[first]] << 40) | row_of[hit[first]]
        allowed = self._allowed_mask(keys)
        if allowed.any():
            codes[owners[allowed]] = -1
        return codes

    def rule_at(self, code: int) -> Entry:
        """The entry behind a code from ``domain_rules``."""
        return self._entry(self.segments[code >> 40].meta[code & ((1 << 40) - 1)])

    def rules_at(self, codes: list[int]) -> list[Entry]:
        """``rule_at`` for many codes (tens of thousands from one resolver log): the
        metadata gathered per segment as columns, each name read once."""
        columns: dict[str, list[int]] = {name: [0] * len(codes) for name in _META_COLUMNS}
        by_segment: dict[int, list[int]] = {}
        for at, code in enumerate(codes):
            by_segment.setdefault(code >> 40, []).append(at)
        for seg, ats in by_segment.items():
            picked = self.segments[seg].meta[[codes[a] & ((1 << 40) - 1) for a in ats]]
            for name, column in columns.items():
                for a, value in zip(ats, picked[name].tolist(), strict=True):
                    column[a] = value
        names = {offset: self._name_at(offset) for offset in sorted(set(columns["name_offset"]))}
        moments: dict[int, datetime | None] = {}

        def moment(secs: int) -> datetime | None:
            if secs not in moments:
                moments[secs] = _moment(secs)
            return moments[secs]

        entries = []
        for kind, label, first, last, expires, offset in zip(
            *(columns[name] for name in _META_COLUMNS), strict=True
        ):
            source, reason, typology = self.labels[label]
            entries.append(
                Entry(
                    KINDS[kind],
                    names[offset],
                    source,
                    reason,
                    typology,
                    moment(first),
                    moment(last),
                    moment(expires),
                )
            )
        return entries

    def _name_at(self, offset: int) -> str:
        """One line of names.txt, read at its offset from a descriptor kept open: opening
        the file for each hit cost more than finding the hit."""
        if self._names_fd is None:
            self._names_fd = os.open(self.path / "names.txt", os.O_RDONLY)
            weakref.finalize(self, os.close, self._names_fd)
        line = b""
        while True:
            block = os.pread(self._names_fd, 512, offset + len(line))
            end = block.find(b"\n")
            if end >= 0 or not block:
                line += block if end < 0 else block[:end]
                return line.decode()
            line += block

    def _entry(self, meta: np.void, name: str | None = None) -> Entry:
        source, reason, typology = self.labels[int(meta["label"])]
        return Entry(
            kind=KINDS[int(meta["kind"])],
            value=name if name is not None else self._name_at(int(meta["name_offset"])),
            source=source,
            reason=reason,
            typology=typology,
            first_seen=_moment(int(meta["first_seen"])),
            last_seen=_moment(int(meta["last_seen"])),
            expires=_moment(int(meta["expires"])),
        )

    def entries(self, now: datetime, kind: IndicatorKind | None = None) -> Iterator[Entry]:
        """Every live entry (newest statement per indicator), in name-file order."""
        if not self.segments:
            yield from self._range_entries(now, kind)
            return
        hashes = np.concatenate([np.asarray(s.hashes) for s in self.segments])
        meta = np.concatenate([np.asarray(s.meta) for s in self.segments])
        hashes, meta = merge_sorted(hashes, meta)
        live = (meta["expires"] == 0) | (meta["expires"] > int(now.timestamp()))
        if kind is not None:
            live &= meta["kind"] == KINDS.index(kind)
        if self.allowed:
            live &= ~np.isin(hashes, np.fromiter(self.allowed, dtype=np.uint64))
        meta = meta[live]
        meta = meta[np.argsort(meta["name_offset"], kind="stable")]
        with (self.path / "names.txt").open("rb") as names:
            for row in meta:
                names.seek(int(row["name_offset"]))
                yield self._entry(row, names.readline().rstrip(b"\n").decode())
        yield from self._range_entries(now, kind)

    def entries_of(self, kind: IndicatorKind, now: datetime) -> Iterator[Entry]:
        """Every live entry of one kind (newest statement per indicator).

        Why apart from ``entries``: detection loads the phones, accounts and URLs
        into memory at start, and a store of 50M domains must not be merged whole
        for the few thousand numbers in it — each segment is filtered by kind first.
        """
        if kind == "ip":
            yield from self._range_entries(now, "ip")
        if not self.segments:
            return
        code = KINDS.index(kind)
        parts = [
            (np.asarray(s.hashes)[picked], np.asarray(s.meta)[picked])
            for s in self.segments
            if (picked := np.flatnonzero(np.asarray(s.meta["kind"]) == code)).size
        ]
        if not parts:
            return
        hashes, meta = merge_sorted(
            np.concatenate([h for h, _ in parts]), np.concatenate([m for _, m in parts])
        )
        live = (meta["expires"] == 0) | (meta["expires"] > int(now.timestamp()))
        if self.allowed:
            live &= ~np.isin(hashes, np.fromiter(self.allowed, dtype=np.uint64))
        with (self.path / "names.txt").open("rb") as names:
            for row in meta[live]:
                names.seek(int(row["name_offset"]))
                yield self._entry(row, names.readline().rstrip(b"\n").decode())

    def _range_entries(self, now: datetime, kind: IndicatorKind | None) -> Iterator[Entry]:
        if kind in (None, "ip"):
            for rule in self.ranges.rules(int(now.timestamp())):
                if key_hash("ip", rule.value) not in self.allowed:
                    yield self._range_entry(rule)


class KeyHashMismatch(RuntimeError):
    """The store was built with another key hash: rebuild it from its sources."""


def _check_key_hash(path: Path) -> None:
    """Write the key hash's name into a new store; refuse a store made with another."""
    marker = path / "key-hash.txt"
    if marker.exists():
        found = marker.read_text(encoding="utf-8").strip()
        if found != KEY_HASH:
            raise KeyHashMismatch(
                f"{path} was built with key hash {found!r}, this fanzha uses {KEY_HASH!r}: "
                "re-import its lists into a new store"
            )
    elif any(path.glob("delta-*")) or (path / "base").exists():
        raise KeyHashMismatch(
            f"{path} predates key-hash marking (blake2b keys): re-import its lists into a new store"
        )
    else:  # whole or not at all: another process opening the new store may read it now
        partial = path / f"key-hash.txt.{os.getpid()}"
        partial.write_text(KEY_HASH + "\n", encoding="utf-8")
        os.replace(partial, marker)
