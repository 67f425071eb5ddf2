"""Writes events in arrival order without holding a day of them in memory.

Events are spilled to one temporary file per quarter hour of *arrival* (event
time, plus a delay for the share that arrives late), each line prefixed with
its arrival time; at the end every quarter is sorted on its own and appended
to ``events.jsonl``, so memory holds one quarter hour of a city at a time.
Duplicates are the same line sent twice.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from random import Random
from typing import IO, Any

import msgspec

from fanzha.sim.observe import Observability

CST = timezone(timedelta(hours=8))
"""The simulated city's clock: Wuhan local time, written into every event as ``+08:00``.

A property of the simulated data, not of the center running fanzha, so it is not
``FANZHA_TIMEZONE``: a city simulated with a seed is the same file on any machine
(the tests compare the easy city byte for byte). Every simulator module takes it from here."""
BANK_RECORDS = "bank_records.jsonl"
"""Beside events.jsonl in a city with partial sharing: the account records, transfers,
withdrawals and gold purchases that banks sharing nothing kept — what a bank answers to a
query (调单) about one of its accounts or about the accounts a person holds. Never read as
events: ``fanzha trace --records`` answers queries from it."""
BANK_RECORD_KINDS = frozenset({"transfer", "withdrawal", "gold_purchase", "account"})
_FLUSH_EVERY = 20_000
_BUCKET_MS = 15 * 60 * 1000


class EventSink:
    def __init__(
        self,
        out: Path,
        rng: Random,
        duplicate_share: float,
        late_share: float,
        max_late_s: float,
        observe: Observability | None = None,
    ) -> None:
        self.out = out
        self.rng = rng
        self.duplicate_share = duplicate_share
        self.late_share = late_share
        self.max_late_s = max_late_s
        self.encoder = msgspec.json.Encoder()
        self.spill = Path(tempfile.mkdtemp(prefix="spill-", dir=out))
        self.buffers: dict[int, list[bytes]] = defaultdict(list)
        self.buffered = 0
        self.counters: dict[str, int] = defaultdict(int)
        self.written = 0
        self.late = 0
        self.duplicates = 0
        self.observe = observe
        self.last_seen = True
        """Whether the last event emitted reached events.jsonl (the partner shares it)."""
        self.records: list[bytes] = []
        """Money movements banks kept to themselves: what each answers when asked (调单)."""

    def new_id(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}{self.counters[prefix]:08d}"

    def emit(
        self,
        kind: str,
        ts: float,
        source: str,
        fields: dict[str, Any],
        prefix: str | None = None,
        faults: bool = True,
    ) -> str:
        """Write one event (``ts`` in epoch seconds); returns its id.

        With an observability filter, an event no partner shares gets its id and its
        fault draws (so the world's random stream does not depend on who shares) but
        is not written; ``last_seen`` tells the caller.
        """
        event_id = self.new_id(prefix or kind[:2] + "-")
        if self.observe is not None:
            return self._emit_observed(event_id, kind, ts, source, fields, faults)
        record = {
            "kind": kind,
            "id": event_id,
            "ts": datetime.fromtimestamp(int(ts), CST).isoformat(),
            "source": source,
        }
        record.update(fields)
        line = self.encoder.encode(record)
        arrival = ts
        if faults and self.rng.random() < self.late_share:
            arrival += self.rng.uniform(60, self.max_late_s)
            self.late += 1
        self._put(arrival, line)
        if faults and self.rng.random() < self.duplicate_share:
            self._put(arrival + self.rng.uniform(1, 900), line)
            self.duplicates += 1
        return event_id

    def _emit_observed(
        self,
        event_id: str,
        kind: str,
        ts: float,
        source: str,
        fields: dict[str, Any],
        faults: bool,
    ) -> str:
        assert self.observe is not None
        late = faults and self.rng.random() < self.late_share
        lateness = self.rng.uniform(60, self.max_late_s) if late else 0.0
        twice = faults and self.rng.random() < self.duplicate_share
        again = self.rng.uniform(1, 900) if twice else 0.0
        seen = self.observe.seen_as(kind, source, fields)
        self.last_seen = seen is not None
        if seen is None:
            if kind in BANK_RECORD_KINDS and source.startswith("bank:"):
                record = {"kind": kind, "id": event_id, "ts": _iso(ts), "source": source}
                record.update(fields)
                self.records.append(b"%015d\t" % int(ts * 1000) + self.encoder.encode(record))
            return event_id
        source, shared = seen
        record = {"kind": kind, "id": event_id, "ts": _iso(ts), "source": source}
        record.update(shared)
        line = self.encoder.encode(record)
        self.late += late
        self._put(ts + lateness, line)
        if twice:
            self._put(ts + lateness + again, line)
            self.duplicates += 1
        return event_id

    def _put(self, arrival: float, line: bytes) -> None:
        key = int(arrival * 1000)
        self.buffers[key // _BUCKET_MS].append(b"%015d\t" % key + line)
        self.buffered += 1
        if self.buffered >= _FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        for bucket, lines in self.buffers.items():
            with (self.spill / f"{bucket}.part").open("ab") as part:
                part.write(b"\n".join(lines) + b"\n")
        self.buffers.clear()
        self.buffered = 0

    def finish(self, name: str = "events.jsonl") -> Path:
        self._flush()
        if self.observe is not None:
            self.records.sort()
            with (self.out / BANK_RECORDS).open("wb") as kept:
                for line in self.records:
                    kept.write(line[16:] + b"\n")
            self.records.clear()
        target = self.out / name
        with target.open("wb") as out:
            for part in sorted(self.spill.glob("*.part"), key=lambda p: int(p.stem)):
                self._write_sorted(part, out)
        shutil.rmtree(self.spill, ignore_errors=True)
        return target

    def _write_sorted(self, part: Path, out: IO[bytes]) -> None:
        lines = part.read_bytes().splitlines()
        lines.sort()  # the fixed-width arrival prefix sorts by time, ties by content
        for line in lines:
            out.write(line[16:] + b"\n")
            self.written += 1


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(int(ts), CST).isoformat()
