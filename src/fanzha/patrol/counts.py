"""Counters that outlive the process: rule hits per channel, lookups per indicator and day.

Why a file and not the database: counting sits on the lookup path (hundreds a
second) and the resolver-log path (millions a run); both add to memory and a
background flush folds the deltas into a JSON file under an exclusive ``flock``,
so several server processes and the CLI add up instead of overwriting each other.
Reads see the file plus what this process has not flushed yet.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

CHANNELS = ("resolver", "detection", "lookup")
"""Where a rule was hit: a resolver's query log, the detection engine, a 风险查询."""


class CountFile:
    """String-keyed counters in one JSON file, shared by processes; thread-safe."""

    def __init__(self, path: Path, flush_every_s: float = 2.0) -> None:
        self.path = path
        self.flush_every_s = flush_every_s
        self._pending: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._flusher: threading.Thread | None = None

    def add(self, key: str, n: int = 1) -> None:
        self.add_many({key: n})

    def add_many(self, counts: Mapping[str, int]) -> None:
        with self._lock:
            self._pending.update(counts)
            if self._flusher is None:
                self._flusher = threading.Thread(
                    target=self._flush_loop, name=f"counts-{self.path.name}", daemon=True
                )
                self._flusher.start()

    def _flush_loop(self) -> None:
        while True:
            time.sleep(self.flush_every_s)
            self.flush()

    def flush(self) -> None:
        """Fold this process's deltas into the file (atomically, under a file lock)."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
        if not pending:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with (self.path.parent / f".{self.path.name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            stored = self._load()
            stored.update(pending)
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps(dict(stored), ensure_ascii=False), encoding="utf-8")
            os.replace(partial, self.path)

    def _load(self) -> Counter[str]:
        if not self.path.exists():
            return Counter()
        return Counter(json.loads(self.path.read_text(encoding="utf-8")))

    def read(self) -> Counter[str]:
        with self._lock:
            pending = Counter(self._pending)
        stored = self._load()
        stored.update(pending)
        return stored


@dataclass(frozen=True)
class RuleHits:
    """How often each rule was hit, by channel: analysts see which rules earn their keep."""

    rule: str
    """``kind<TAB>value`` of the rule."""
    by_channel: dict[str, int]

    @property
    def kind(self) -> str:
        return self.rule.split("\t", 1)[0]

    @property
    def value(self) -> str:
        return self.rule.split("\t", 1)[1]

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


class HitCounts:
    """Per-rule hit counters of one blocklist store (``hits.json`` beside it)."""

    def __init__(self, store: Path) -> None:
        self.file = CountFile(store / "hits.json")

    def add(self, channel: str, kind: str, value: str, n: int = 1) -> None:
        self.file.add(f"{channel}\t{kind}\t{value}", n)

    def add_many(self, channel: str, counts: Iterable[tuple[str, str, int]]) -> None:
        self.file.add_many({f"{channel}\t{kind}\t{value}": n for kind, value, n in counts})

    def mark_log(self, fingerprint: str, queries: int) -> None:
        """Remember a counted log so that counting it again adds nothing."""
        self.file.add_many({f"log\t{fingerprint}": queries})

    def counted_log(self, fingerprint: str) -> bool:
        return f"log\t{fingerprint}" in self.file.read()

    def top(self, limit: int | None = None) -> list[RuleHits]:
        rules: dict[str, dict[str, int]] = {}
        for key, n in self.file.read().items():
            channel, _, rule = key.partition("\t")
            if channel in CHANNELS:
                rules.setdefault(rule, dict.fromkeys(CHANNELS, 0))[channel] += n
        ranked = sorted(
            (RuleHits(rule, counts) for rule, counts in rules.items()),
            key=lambda r: (-r.total, r.rule),
        )
        return ranked[:limit] if limit is not None else ranked


class LookupCounts:
    """Every 风险查询 counted: per indicator asked about, and per day (kind, answer)."""

    def __init__(self, store: Path) -> None:
        self.file = CountFile(store / "lookups.json")

    def add(self, kind: str, value: str, listed: bool, day: str) -> None:
        self.file.add_many(
            {
                f"indicator\t{kind}\t{value}": 1,
                f"day\t{day}\t{kind}\t{'listed' if listed else 'clean'}": 1,
            }
        )

    def of_indicator(self, kind: str, value: str) -> int:
        return self.file.read().get(f"indicator\t{kind}\t{value}", 0)

    def per_day(self) -> dict[str, dict[str, int]]:
        """``{day: {"total": n, "listed": n, "clean": n, "<kind>": n}}``."""
        days: dict[str, dict[str, int]] = {}
        for key, n in self.file.read().items():
            parts = key.split("\t")
            if parts[0] != "day":
                continue
            _, day, kind, answer = parts
            row = days.setdefault(day, {"total": 0, "listed": 0, "clean": 0})
            row["total"] += n
            row[answer] += n
            row[kind] = row.get(kind, 0) + n
        return dict(sorted(days.items()))

    def top_indicators(self, limit: int = 50) -> list[tuple[str, str, int]]:
        found: list[tuple[str, str, int]] = []
        for key, n in self.file.read().items():
            if key.startswith("indicator\t"):
                _, kind, value = key.split("\t", 2)
                found.append((kind, value, n))
        return sorted(found, key=lambda row: (-row[2], row[0], row[1]))[:limit]
