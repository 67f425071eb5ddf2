"""Counters that outlive the process: rule hits per channel, lookups per indicator and day.

Why a SQLite file of its own and not the database or a JSON file: counting sits on
the lookup path (hundreds a second) and the resolver-log path (millions a run). Both
add to memory; a background thread folds the deltas into the file every two seconds
as upserts, so a flush costs what changed, not what was ever counted (a JSON file
rewritten whole grew with every distinct number ever asked about, and rewriting it
held the interpreter long enough to stall every request). SQLite's locking lets
several server processes and the CLI add up instead of overwriting each other, and
it does its work without holding Python's GIL. Whatever is still in memory is
flushed when the process exits cleanly. Reads see the file plus what this process
has not flushed yet.
"""

from __future__ import annotations

import atexit
import json
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

CHANNELS = ("resolver", "detection", "lookup")
"""Where a rule was hit: a resolver's query log, the detection engine, a 风险查询."""

_UPSERT = (
    "INSERT INTO counts (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = n + excluded.n"
)
_UNFLUSHED: set[CountFile] = set()
"""Counters holding deltas not yet written (each has its flusher thread running)."""


@atexit.register
def _flush_all() -> None:
    """A clean exit (the CLI done, ``fanzha serve`` stopped) keeps the last counts."""
    for counts in list(_UNFLUSHED):
        counts.flush()


class CountFile:
    """String-keyed counters in one SQLite file, shared by processes; thread-safe.

    ``legacy``: a JSON file of counts written by earlier versions, taken over once.
    """

    def __init__(self, path: Path, flush_every_s: float = 2.0, legacy: Path | None = None):
        self.path = path
        self.legacy = legacy
        self.flush_every_s = flush_every_s
        self._pending: Counter[str] = Counter()
        self._lock = threading.Lock()  # the pending deltas
        self._db_lock = threading.Lock()  # the connection
        self._db: sqlite3.Connection | None = None
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
                _UNFLUSHED.add(self)
                self._flusher.start()

    def _flush_loop(self) -> None:
        """Flush every few seconds while there is something to write, then end (so a
        counter nobody uses any more is not kept alive by its own thread)."""
        while True:
            time.sleep(self.flush_every_s)
            try:
                self.flush()
            except sqlite3.Error:  # kept pending (a locked or full disk): try again later
                continue
            with self._lock:
                if not self._pending:
                    self._flusher = None
                    _UNFLUSHED.discard(self)
                    return

    def _connection(self) -> sqlite3.Connection:
        """Opened on first use (under ``_db_lock``), the legacy JSON taken over once."""
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                self.path, timeout=60, isolation_level=None, check_same_thread=False
            )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS counts (key TEXT PRIMARY KEY, n INTEGER NOT NULL)"
            )
            if self.legacy is not None and self.legacy.exists():
                db.execute("BEGIN IMMEDIATE")  # one process takes it over
                if self.legacy.exists():
                    old = json.loads(self.legacy.read_text(encoding="utf-8"))
                    db.executemany(_UPSERT, old.items())
                    self.legacy.rename(self.legacy.with_name(self.legacy.name + ".imported"))
                db.execute("COMMIT")
            self._db = db
        return self._db

    def flush(self) -> None:
        """Fold this process's deltas into the file, in one transaction. Readers wait for
        it (``_db_lock``), so none sees the deltas neither pending nor stored; adders
        never wait (``_lock`` only)."""
        with self._db_lock:
            with self._lock:
                pending, self._pending = self._pending, Counter()
            if not pending:
                return
            try:
                db = self._connection()
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.executemany(_UPSERT, pending.items())
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
            except BaseException:
                with self._lock:  # not written: keep them for the next flush
                    self._pending.update(pending)
                raise

    def _read(self, prefix: str, sql: str, args: tuple[str, ...]) -> Counter[str]:
        with self._db_lock:
            with self._lock:
                pending = Counter({k: n for k, n in self._pending.items() if k.startswith(prefix)})
            rows: list[tuple[str, int]] = self._connection().execute(sql, args).fetchall()
        stored = Counter(dict(rows))
        stored.update(pending)
        return stored

    def get(self, key: str) -> int:
        found = self._read(key, "SELECT key, n FROM counts WHERE key = ?", (key,))
        return found.get(key, 0)

    def read(self, prefix: str = "") -> Counter[str]:
        """Every counter (or those whose key starts with ``prefix``)."""
        if not prefix:
            return self._read("", "SELECT key, n FROM counts", ())
        # keys in [prefix, prefix + U+10FFFF): a range of the primary key, not a scan
        sql = "SELECT key, n FROM counts WHERE key >= ? AND key < ?"
        return self._read(prefix, sql, (prefix, prefix + "\U0010ffff"))


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
    """Per-rule hit counters of one blocklist store (``hits.sqlite`` beside it)."""

    def __init__(self, store: Path) -> None:
        self.file = CountFile(store / "hits.sqlite", legacy=store / "hits.json")

    def add(self, channel: str, kind: str, value: str, n: int = 1) -> None:
        self.file.add(f"{channel}\t{kind}\t{value}", n)

    def add_many(self, channel: str, counts: Iterable[tuple[str, str, int]]) -> None:
        self.file.add_many({f"{channel}\t{kind}\t{value}": n for kind, value, n in counts})

    def mark_log(self, fingerprint: str, queries: int) -> None:
        """Remember a counted log so that counting it again adds nothing."""
        self.file.add_many({f"log\t{fingerprint}": queries})

    def counted_log(self, fingerprint: str) -> bool:
        return self.file.get(f"log\t{fingerprint}") > 0

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
        self.file = CountFile(store / "lookups.sqlite", legacy=store / "lookups.json")

    def add(self, kind: str, value: str, listed: bool, day: str) -> None:
        self.file.add_many(
            {
                f"indicator\t{kind}\t{value}": 1,
                f"day\t{day}\t{kind}\t{'listed' if listed else 'clean'}": 1,
            }
        )

    def of_indicator(self, kind: str, value: str) -> int:
        return self.file.get(f"indicator\t{kind}\t{value}")

    def per_day(self) -> dict[str, dict[str, int]]:
        """``{day: {"total": n, "listed": n, "clean": n, "<kind>": n}}``."""
        days: dict[str, dict[str, int]] = {}
        for key, n in self.file.read("day\t").items():
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
        for key, n in self.file.read("indicator\t").items():
            if key.startswith("indicator\t"):
                _, kind, value = key.split("\t", 2)
                found.append((kind, value, n))
        return sorted(found, key=lambda row: (-row[2], row[0], row[1]))[:limit]
