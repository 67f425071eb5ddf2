"""The person stage over buckets of keys, so a bundle touches few Flink keys.

PyFlink ends every bundle by writing back each key the bundle touched, one
synchronous gRPC call per key and state: keyed by phone, account or person,
that was two thirds of the job's time (1,138 events/s per slot). Here the
Flink key is a *bucket* (a stable hash of the key, modulo ``buckets``), and
elements are batches: one element carries all records of a source block (or
of a timer) bound for one bucket. Per bucket, two map states hold

- ``entries``: key → the key's entry (directory or person state), bytes;
- ``waiting``: "tick:seq" → a batch of records waiting for the watermark.

The Python worker mirrors a bucket's map states in memory the first time it
sees the bucket (one iteration), then never reads them again: the bucket's
key group belongs to this subtask alone, and every change is also written to
the map states, which Flink checkpoints. A restarted worker starts empty and
reloads from the restored state.

Waiting records are grouped by *tick* (event time rounded up to ``tick_ms``):
one event-time timer per bucket and tick, not per key and millisecond. When
the watermark passes a tick, its records run in event-time order, by key, in
the embedded engine's order within one moment. The directory stages do the
same in Java (``java/fanzha/flink/Directory.java``), with the same batches.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import msgspec
from pyflink.common import Types
from pyflink.datastream import KeyedProcessFunction, RuntimeContext
from pyflink.datastream.state import MapStateDescriptor

from fanzha.detect import stages

BATCH = Types.TUPLE([Types.INT(), Types.LONG(), Types.PRIMITIVE_ARRAY(Types.BYTE())])
"""(bucket, earliest event time in ms, packed records): what flows between stages.

The earliest, so that a watermark made from batches never passes a record of a
batch not yet seen: a block of lines spans hours of event time."""

_PACK = msgspec.msgpack.Encoder().encode
_UNPACK = msgspec.msgpack.Decoder(list[stages.Record]).decode
_BYTES = Types.PICKLED_BYTE_ARRAY()


def bucket_of(key: str, buckets: int) -> int:
    """Stable across processes and restarts (``hash()`` of a str is not)."""
    return zlib.crc32(key.encode()) % buckets


def batches(records: Iterable[stages.Record], buckets: int) -> Iterator[tuple[int, int, bytes]]:
    """Records grouped into one element per destination bucket."""
    by_bucket: dict[int, list[stages.Record]] = {}
    for record in records:
        by_bucket.setdefault(bucket_of(record[0], buckets), []).append(record)
    for bucket, found in by_bucket.items():
        yield bucket, min(r[1] for r in found), _PACK(found)


def put_all(state: Any, values: dict[str, bytes]) -> None:
    """Many map-state writes in one call into the JVM (thread mode).

    In process mode each write is buffered in the worker anyway, and PyFlink's
    ``put_all`` there iterates the dict's keys as if they were pairs, so it
    writes one by one."""
    if type(state).__module__.startswith("pyflink.fn_execution.datastream.embedded"):
        state.put_all(values)
    else:
        for key, value in values.items():
            state.put(key, value)


class Bucket:
    """One bucket's entries and waiting records, as the worker holds them."""

    __slots__ = ("entries", "seq", "waiting")

    def __init__(self) -> None:
        self.entries: dict[str, Any] = {}
        self.waiting: dict[int, list[tuple[str, list[stages.Record]]]] = {}
        self.seq = 0


class Bucketed(KeyedProcessFunction):  # type: ignore[misc]
    """Holds each bucket's records until the watermark passes their tick, then runs them."""

    def __init__(self, buckets: int, tick_ms: int) -> None:
        self.buckets, self.tick_ms = buckets, tick_ms

    def open(self, runtime_context: RuntimeContext) -> None:
        self.entry_state = runtime_context.get_map_state(
            MapStateDescriptor("entries", Types.STRING(), _BYTES)
        )
        self.waiting_state = runtime_context.get_map_state(
            MapStateDescriptor("waiting", Types.STRING(), _BYTES)
        )
        self.loaded: dict[int, Bucket] = {}

    # -- what a stage defines -------------------------------------------------
    def handle(self, key: str, bucket: Bucket, item: stages.Item, dirty: set[str]) -> Iterable[Any]:
        """Runs one item at its key and returns its outputs; adds the key to ``dirty``
        if its entry changed (the caller writes those back)."""
        raise NotImplementedError

    def load(self, raw: bytes) -> Any:
        return raw

    def dump(self, entry: Any) -> bytes | None:
        return entry  # type: ignore[no-any-return]

    def emit(self, outputs: list[Any]) -> Iterator[Any]:
        yield from batches(outputs, self.buckets)

    def after(self, bucket: Bucket, tick: int, dirty: set[str]) -> None:
        """Once a tick's records ran: a chance to free what can matter no more."""

    def loaded_entry(self, bucket: Bucket, key: str, entry: Any) -> None:
        """Called for every entry a restored bucket reloads."""

    # -- the machinery ------------------------------------------------------------
    def bucket(self, number: int) -> Bucket:
        found = self.loaded.get(number)
        if found is not None:
            return found
        found = self.loaded[number] = Bucket()
        for key, raw in self.entry_state.items():
            found.entries[key] = entry = self.load(bytes(raw))
            self.loaded_entry(found, key, entry)
        for name, raw in self.waiting_state.items():
            tick, seq = (int(part) for part in name.split(":"))
            records = _UNPACK(bytes(raw))
            found.waiting.setdefault(tick, []).append((name, records))
            found.seq = max(found.seq, seq + 1)
        return found

    def process_element(self, value: Any, ctx: KeyedProcessFunction.Context) -> Any:
        number, _, payload = value
        bucket = self.bucket(number)
        timers = ctx.timer_service()
        by_tick: dict[int, list[stages.Record]] = {}
        tick_ms = self.tick_ms
        for record in _UNPACK(payload):
            by_tick.setdefault((record[1] // tick_ms + 1) * tick_ms - 1, []).append(record)
        written: dict[str, bytes] = {}
        for tick, records in by_tick.items():
            name = f"{tick}:{bucket.seq}"
            bucket.seq += 1
            written[name] = _PACK(records)
            waiting = bucket.waiting.get(tick)
            if waiting is None:
                waiting = bucket.waiting[tick] = []
                timers.register_event_time_timer(tick)
            waiting.append((name, records))
        if written:  # one call into the JVM for the element, not one per tick
            put_all(self.waiting_state, written)

    def on_timer(self, timestamp: int, ctx: KeyedProcessFunction.OnTimerContext) -> Any:
        bucket = self.bucket(ctx.get_current_key())
        records: list[stages.Record] = []
        # Every waiting tick has its timer (restored with the state), and timers
        # fire in order: the earlier ticks are gone already.
        for name, found in bucket.waiting.pop(timestamp, ()):
            self.waiting_state.remove(name)
            records += found
        outputs: list[Any] = []
        dirty: set[str] = set()
        for record in stages.ordered(records):
            outputs += self.handle(record[0], bucket, stages.item(record), dirty)
        self.after(bucket, timestamp, dirty)
        changed: dict[str, bytes] = {}
        for key in dirty:
            raw = self.dump(bucket.entries.get(key))
            if raw is None:
                bucket.entries.pop(key, None)
                self.entry_state.remove(key)
            else:
                changed[key] = raw
        if changed:  # one call into the JVM per timer, not one per key
            put_all(self.entry_state, changed)
        yield from self.emit(outputs)


__all__ = ["BATCH", "Bucket", "Bucketed", "batches", "bucket_of", "put_all"]
