"""The detection job on Apache Flink (PyFlink DataStream API).

    python -m fanzha.flink --events city/events.jsonl --out warnings/ [--parallelism 2]
    python -m fanzha.flink --nats nats://127.0.0.1:4222 --stream EVENTS --count N ...

Source → parse (drop ordinary events) → event-time watermarks (bounded
lateness) → directory A → directory B → person → sink. Each keyed stage holds
its items in Flink keyed state until the watermark passes them, then runs the
stage functions of :mod:`fanzha.detect.stages` in event-time order; the person
stage runs :class:`fanzha.detect.keyed.PersonStep`, as the embedded engine
does. Checkpoints hold every buffer and state, the file source's position and
the sink's pending files, so a job restarted from its last checkpoint writes
each warning once.

Runs in the Flink environment (``.venv-flink``), where PyFlink is installed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from pyflink.common import Configuration, Duration, Encoder, Types, WatermarkStrategy
from pyflink.common.watermark_strategy import TimestampAssigner
from pyflink.datastream import (
    FlatMapFunction,
    KeyedProcessFunction,
    MapFunction,
    OutputTag,
    RuntimeContext,
    StreamExecutionEnvironment,
)
from pyflink.datastream.connectors.file_system import (
    FileSink,
    FileSource,
    OutputFileConfig,
    RollingPolicy,
    StreamFormat,
)
from pyflink.datastream.state import ValueStateDescriptor

from fanzha.contract.warning import encode_warning
from fanzha.detect import stages
from fanzha.detect.keyed import PersonStep, expired
from fanzha.detect.rules import DEFAULT_RULES, load_rules

RECORD = Types.TUPLE([Types.STRING(), Types.LONG(), Types.PRIMITIVE_ARRAY(Types.BYTE())])
TO_PERSON = OutputTag("to-person", RECORD)
"""Directory A's records that need no paying account: straight to the person stage."""


def _step(rules_path: str | None) -> PersonStep:
    from fanzha.detect.indicators import patrol_lookup

    return PersonStep(
        load_rules(Path(rules_path) if rules_path else DEFAULT_RULES), patrol_lookup()
    )


class Parse(FlatMapFunction):  # type: ignore[misc]
    """JSON Lines → stage-A records. Bad lines are counted, never fatal."""

    def __init__(self, rules_path: str | None) -> None:
        self.rules_path = rules_path

    def open(self, runtime_context: RuntimeContext) -> None:
        from fanzha.contract.readers import decode_event

        self.decode = decode_event
        self.step = _step(self.rules_path)
        self.rejected = runtime_context.get_metrics_group().counter("rejected")

    def flat_map(self, value: str) -> Any:
        if not value.strip():
            return
        result = self.decode(value.encode())
        event = getattr(result, "event", None)
        if event is None:
            self.rejected.inc()
            return
        yield from stages.entry_records(event, self.step)


class EventTime(TimestampAssigner):  # type: ignore[misc]
    def extract_timestamp(self, value: Any, record_timestamp: int) -> int:
        return int(value[1])


class Slot:
    """Everything one key holds, kept in one Flink value state.

    One read and one write per item: PyFlink serves value state from a cache
    in the Python worker, while every map-state miss is a round trip to the
    JVM (measured: 540 events/s with map states, against thousands without).
    """

    __slots__ = ("entry", "seen", "waiting")

    def __init__(self) -> None:
        self.entry: Any = None
        self.waiting: dict[int, list[bytes]] = {}
        self.seen: dict[str, int] = {}

    def __getstate__(self) -> tuple[Any, ...]:
        return self.entry, self.waiting, self.seen

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.entry, self.waiting, self.seen = state


class Ordered(KeyedProcessFunction):  # type: ignore[misc]
    """Holds a key's items until the watermark passes them, then hands them over in order."""

    first = False
    """The first keyed stage drops duplicates and events later than the lateness."""

    def open(self, runtime_context: RuntimeContext) -> None:
        self.slot = runtime_context.get_state(
            ValueStateDescriptor("slot", Types.PICKLED_BYTE_ARRAY())
        )
        if self.first:
            self.too_late = runtime_context.get_metrics_group().counter("too_late")

    def process_element(self, value: Any, ctx: KeyedProcessFunction.Context) -> Any:
        _, ts, payload = value
        timers = ctx.timer_service()
        slot = self.slot.value() or Slot()
        if self.first:
            if ts <= timers.current_watermark():
                self.too_late.inc()
                return
            seen_key = stages.dedup_key(stages.decode(payload))
            if seen_key in slot.seen:
                return
            slot.seen[seen_key] = ts
        waiting = slot.waiting.get(ts)
        if waiting is None:
            waiting = slot.waiting[ts] = []
            timers.register_event_time_timer(ts)
        waiting.append(bytes(payload))
        self.slot.update(slot)

    def on_timer(self, timestamp: int, ctx: KeyedProcessFunction.OnTimerContext) -> Any:
        slot = self.slot.value()
        if slot is None:
            return
        waiting = slot.waiting.pop(timestamp, None)
        key = ctx.get_current_key()
        if waiting is None:
            self.idle(slot, timestamp)
        else:
            for item in stages.in_order(waiting):
                yield from self.handle(key, slot, item, ctx)
                if self.first:  # a copy arriving from now on is later than the watermark
                    slot.seen.pop(stages.dedup_key(item), None)
        if slot.entry is None and not slot.waiting and not slot.seen:
            self.slot.clear()
        else:
            self.slot.update(slot)

    def handle(self, key: str, slot: Slot, item: stages.Item, ctx: Any) -> Any:
        raise NotImplementedError

    def idle(self, slot: Slot, timestamp: int) -> None:
        """A timer with nothing waiting: a chance to free memory."""


class DirectoryA(Ordered):
    first = True

    def handle(self, key: str, slot: Slot, item: stages.Item, ctx: Any) -> Any:
        slot.entry, out = stages.directory_a(key, slot.entry, item)
        for record in out:
            # Only transfers and accounts need directory B; the rest skip it.
            yield (TO_PERSON, record) if record[0].startswith("person:") else record


class DirectoryB(Ordered):
    def handle(self, key: str, slot: Slot, item: stages.Item, ctx: Any) -> Any:
        slot.entry, out = stages.directory_b(key, slot.entry, item)
        yield from out


class PersonStage(Ordered):
    """Runs the shared step; frees a person's state once it can matter no more."""

    def __init__(self, rules_path: str | None) -> None:
        self.rules_path = rules_path

    def open(self, runtime_context: RuntimeContext) -> None:
        super().open(runtime_context)
        self.step = _step(self.rules_path)

    def handle(self, key: str, slot: Slot, item: stages.Item, ctx: Any) -> Any:
        home, raw = slot.entry or (None, None)
        person = stages.PersonEntry(home=home, state=stages.decode_state(raw))
        warnings = stages.person_stage(key.removeprefix("person:"), person, item, self.step)
        if person.state is not None:
            ctx.timer_service().register_event_time_timer(int(person.state.keep_until * 1000) + 1)
        raw = stages.encode(person.state) if person.state is not None else None
        slot.entry = (person.home, raw) if person.home is not None or raw else None
        for warning in warnings:
            yield encode_warning(warning).decode()

    def idle(self, slot: Slot, timestamp: int) -> None:
        home, raw = slot.entry or (None, None)
        state = stages.decode_state(raw)
        if state is not None and expired(state, timestamp / 1000):
            slot.entry = (home, None)  # memory only: the step ignores expired state anyway


def build(
    env: StreamExecutionEnvironment,
    lines: Any,
    out_dir: str,
    lateness_ms: int,
    rules_path: str | None = None,
    publish: tuple[str, str] | None = None,
) -> None:
    """The pipeline from a stream of JSON Lines to warning files under ``out_dir``."""
    records = lines.flat_map(Parse(rules_path), output_type=RECORD).name("parse")
    timed = records.assign_timestamps_and_watermarks(
        WatermarkStrategy.for_bounded_out_of_orderness(
            Duration.of_millis(lateness_ms)
        ).with_timestamp_assigner(EventTime())
    )
    by_key = lambda record: record[0]  # noqa: E731
    directory_a = (
        timed.key_by(by_key, key_type=Types.STRING())
        .process(DirectoryA(), output_type=RECORD)
        .name("directory A (phones, paid accounts)")
    )
    paying = (
        directory_a.key_by(by_key, key_type=Types.STRING())
        .process(DirectoryB(), output_type=RECORD)
        .name("directory B (paying accounts)")
    )
    warnings = (
        directory_a.get_side_output(TO_PERSON)
        .union(paying)
        .key_by(by_key, key_type=Types.STRING())
        .process(PersonStage(rules_path), output_type=Types.STRING())
        .name("person")
    )
    if publish is not None:
        from fanzha.flink.nats import Publish

        warnings = warnings.map(Publish(*publish), output_type=Types.STRING()).name("to NATS")
    sink = (
        FileSink.for_row_format(out_dir, Encoder.simple_string_encoder())
        .with_output_file_config(
            OutputFileConfig.builder()
            .with_part_prefix("warnings")
            .with_part_suffix(".jsonl")
            .build()
        )
        .with_rolling_policy(RollingPolicy.on_checkpoint_rolling_policy())
        .build()
    )
    warnings.sink_to(sink).name("warning files")


def environment(args: argparse.Namespace) -> StreamExecutionEnvironment:
    # On a local mini-cluster PyFlink would run every Python function of the job
    # in this one process ("loopback"), behind one GIL: two task slots were no
    # faster than one. Separate worker processes per task, as on a cluster.
    os.environ.setdefault("_python_worker_execution_mode", "process")
    config = Configuration()
    config.set_string("python.executable", sys.executable)
    config.set_string("python.client.executable", sys.executable)
    config.set_string("execution.checkpointing.interval", f"{args.checkpoint_ms} ms")
    config.set_string("state.backend.type", "hashmap")
    # A failing job stops after a few tries instead of restarting for ever.
    config.set_string("restart-strategy.type", "fixed-delay")
    config.set_string("restart-strategy.fixed-delay.attempts", "2")
    # Value state is served from the Python worker's cache; a miss is a round trip.
    config.set_string("python.state.cache-size", str(args.state_cache))
    if args.checkpoints:
        config.set_string("execution.checkpointing.dir", Path(args.checkpoints).resolve().as_uri())
        config.set_string(
            "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"
        )
    if args.restore:
        config.set_string("execution.state-recovery.path", Path(args.restore).resolve().as_uri())
    # Each bundle ends by writing every key it touched back to the JVM: that, not the
    # detectors, is most of the Python worker's time. Big bundles, bounded in time
    # so a warning never waits long for one to fill.
    config.set_string("python.fn-execution.bundle.size", str(args.bundle))
    config.set_string("python.fn-execution.bundle.time", str(args.bundle_ms))
    env = StreamExecutionEnvironment.get_execution_environment(config)
    env.set_parallelism(args.parallelism)
    return env


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", nargs="*", default=[], help="JSON Lines files")
    parser.add_argument("--nats", help="NATS server URL (a JetStream stream as the source)")
    parser.add_argument("--stream", default="FANZHA_EVENTS")
    parser.add_argument("--count", type=int, help="messages to read from the stream")
    parser.add_argument("--out", required=True, help="directory for warning files")
    parser.add_argument("--parallelism", type=int, default=1)
    parser.add_argument("--lateness-min", type=float, default=120)
    parser.add_argument("--rules")
    parser.add_argument("--checkpoints", help="directory for retained checkpoints")
    parser.add_argument("--checkpoint-ms", type=int, default=2000)
    parser.add_argument("--restore", help="a checkpoint (chk-N) to resume from")
    parser.add_argument("--bundle", type=int, default=20_000, help="elements per bundle")
    parser.add_argument("--bundle-ms", type=int, default=1000, help="longest a bundle waits")
    parser.add_argument("--state-cache", type=int, default=200_000, help="keys per worker")
    parser.add_argument("--publish", help="also publish warnings to this JetStream subject")
    parser.add_argument("--nats-out", help="NATS server for --publish (default: --nats)")
    parser.add_argument("--throttle", type=float, default=0, help="seconds per line (tests)")
    args = parser.parse_args(argv)
    env = environment(args)
    if args.nats:
        from fanzha.flink.nats import jetstream_lines

        lines = jetstream_lines(env, args.nats, args.stream, args.count)
    else:
        paths = [str(Path(p).resolve()) for p in args.events]
        source = FileSource.for_record_stream_format(
            StreamFormat.text_line_format(), *paths
        ).build()
        lines = env.from_source(
            source, WatermarkStrategy.no_watermarks(), "events"
        ).set_parallelism(1)
    if args.throttle:
        lines = lines.map(_Throttle(args.throttle), output_type=Types.STRING()).set_parallelism(1)
    publish = (args.nats_out or args.nats, args.publish) if args.publish else None
    build(env, lines, args.out, int(args.lateness_min * 60_000), args.rules, publish)
    env.execute("fanzha detect")
    print(json.dumps({"out": args.out}))


class _Throttle(MapFunction):  # type: ignore[misc]
    """Slows the source so a test can stop the job half way (never in production)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def map(self, value: str) -> str:
        import time

        time.sleep(self.seconds)
        return value


__all__ = ["build", "main"]
