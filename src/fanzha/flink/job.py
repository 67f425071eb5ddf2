"""The detection job on Apache Flink (PyFlink DataStream API).

    python -m fanzha.flink --events city/events.jsonl.zst --out warnings/ [--parallelism 2]
    python -m fanzha.flink --nats nats://127.0.0.1:4222 --stream EVENTS --count N ...

Source (blocks of JSON Lines: .jsonl, .gz, .zst or Parquet files, or JetStream)
→ parse (drop ordinary events) → event-time watermarks (bounded lateness) →
directory A → directory B → person → sink. Each keyed stage is keyed by a
bucket of keys (:mod:`fanzha.flink.buckets`) and holds its records in Flink
keyed state until the watermark passes them, then runs them in event-time
order. The directory stages are Java operators (:mod:`fanzha.flink.operators`)
doing what :func:`fanzha.detect.stages.directory_a` and ``directory_b`` say;
the person stage runs :class:`fanzha.detect.keyed.PersonStep`, as the
embedded engine does.
Checkpoints hold every buffer and state, the source's position and the sink's
pending files, so a job restarted from its last checkpoint writes each
warning once. The Python functions run inside the TaskManager's JVM (PyFlink's
thread mode) unless ``--python-mode process`` asks for Beam worker processes.

Runs in the Flink environment (``.venv-flink``), where PyFlink is installed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import msgspec
from pyflink.common import Configuration, Duration, Encoder, Types, WatermarkStrategy
from pyflink.common.watermark_strategy import TimestampAssigner
from pyflink.datastream import (
    DataStream,
    FlatMapFunction,
    KeyedStream,
    RuntimeContext,
    StreamExecutionEnvironment,
)
from pyflink.datastream.connectors.file_system import (
    FileSink,
    OutputFileConfig,
    RollingPolicy,
)

from fanzha.contract.readers import decode_block
from fanzha.contract.warning import encode_warning
from fanzha.detect import stages
from fanzha.detect.keyed import PersonStep, expired
from fanzha.detect.rules import DEFAULT_RULES, load_rules
from fanzha.detect.state import PersonState
from fanzha.flink.buckets import BATCH, Bucket, Bucketed, batches
from fanzha.flink.files import BLOCK_LINES, Throttle, file_blocks
from fanzha.flink.operators import built_jar


def _step(rules_path: str | None, model: str = "none") -> PersonStep:
    """The embedded engine's step; ``model`` as ``fanzha detect --model`` takes it.

    The person stage scores with the shipped model by default, as ``fanzha detect``
    does: a cluster that warned by the rules alone would send officers on the rules'
    false warnings. Parse needs only the rules (it never scores).
    """
    from fanzha.detect.indicators import patrol_lookup
    from fanzha.detect.learned import load_model

    rules = load_rules(Path(rules_path) if rules_path else DEFAULT_RULES)
    return PersonStep(rules, patrol_lookup(), load_model(model))


class Parse(FlatMapFunction):  # type: ignore[misc]
    """A block of JSON Lines → batches of stage-A records. Bad lines are counted, never fatal."""

    def __init__(self, rules_path: str | None, buckets: int, lateness_ms: int) -> None:
        self.rules_path, self.buckets, self.lateness_ms = rules_path, buckets, lateness_ms

    def open(self, runtime_context: RuntimeContext) -> None:
        self.step = _step(self.rules_path)
        metrics = runtime_context.get_metrics_group()
        self.rejected, self.too_late = metrics.counter("rejected"), metrics.counter("too_late")
        self.latest = -(2**62)
        """The latest event time read so far: the embedded engine's notion of too late."""

    def flat_map(self, value: bytes | str) -> Any:
        block = value.encode() if isinstance(value, str) else bytes(value)
        events = decode_block(block, on_reject=lambda _: self.rejected.inc())
        records: list[stages.Record] = []
        latest, lateness = self.latest, self.lateness_ms
        for event in events:
            found = stages.entry_records(event, self.step)  # type: ignore[arg-type]
            if not found:
                continue
            ts = found[0][1]
            if ts < latest - lateness:
                self.too_late.inc()
                continue
            latest = max(latest, ts)
            records += found
        self.latest = latest
        yield from batches(records, self.buckets)


class EventTime(TimestampAssigner):  # type: ignore[misc]
    def extract_timestamp(self, value: Any, record_timestamp: int) -> int:
        return int(value[1])


_PERSON = msgspec.json.Decoder(tuple[str | None, PersonState | None]).decode
_ENCODE = msgspec.json.Encoder().encode


class PersonStage(Bucketed):
    """Runs the shared step; frees a person's state once it can matter no more."""

    def __init__(self, rules_path: str | None, model: str, buckets: int, tick_ms: int) -> None:
        super().__init__(buckets, tick_ms)
        self.rules_path, self.model = rules_path, model

    def open(self, runtime_context: RuntimeContext) -> None:
        super().open(runtime_context)
        self.step = _step(self.rules_path, self.model)
        self.expiring: dict[int, dict[int, set[str]]] = {}
        """Per bucket: tick → persons whose state may have expired by then (memory only)."""

    def load(self, raw: bytes) -> Any:
        home, state = _PERSON(raw)
        return stages.PersonEntry(home=home, state=state)

    def dump(self, entry: Any) -> bytes | None:
        if entry is None or (entry.home is None and entry.state is None):
            return None
        return _ENCODE((entry.home, entry.state))

    def loaded_entry(self, bucket: Bucket, key: str, entry: Any) -> None:
        if entry.state is not None:
            self._expire_at(bucket, key, entry.state)

    def _expire_at(self, bucket: Bucket, key: str, state: PersonState) -> None:
        tick = ((int(state.keep_until * 1000) + 1) // self.tick_ms + 1) * self.tick_ms - 1
        self.expiring.setdefault(id(bucket), {}).setdefault(tick, set()).add(key)

    def handle(self, key: str, bucket: Bucket, item: stages.Item, dirty: set[str]) -> Any:
        person = bucket.entries.get(key)
        if person is None:
            person = bucket.entries[key] = stages.PersonEntry()
        warnings = stages.person_stage(key.removeprefix("person:"), person, item, self.step)
        dirty.add(key)
        if person.state is not None:
            self._expire_at(bucket, key, person.state)
        return [encode_warning(warning).decode() for warning in warnings]

    def after(self, bucket: Bucket, tick: int, dirty: set[str]) -> None:
        expiring = self.expiring.get(id(bucket), {})
        for due in sorted(t for t in expiring if t <= tick):
            for key in expiring.pop(due):
                person: stages.PersonEntry | None = bucket.entries.get(key)
                if person is not None and person.state is not None:
                    if expired(person.state, tick / 1000):
                        person.state = None  # the step would ignore it anyway
                    dirty.add(key)

    def emit(self, outputs: list[Any]) -> Any:
        yield from outputs


def build(
    env: StreamExecutionEnvironment,
    blocks: Any,
    out_dir: str,
    lateness_ms: int,
    rules_path: str | None = None,
    publish: tuple[str, str] | None = None,
    buckets: int = 16,
    tick_ms: int = 300_000,
    model: str = "default",
) -> None:
    """The pipeline from a stream of blocks of JSON Lines to warning files under ``out_dir``."""
    parse = Parse(rules_path, buckets, lateness_ms)
    records = blocks.flat_map(parse, output_type=BATCH).name("parse")
    timed = records.assign_timestamps_and_watermarks(
        WatermarkStrategy.for_bounded_out_of_orderness(
            Duration.of_millis(lateness_ms)
        ).with_timestamp_assigner(EventTime())
    )
    directory_a, to_person = _directory(timed, "A", buckets, tick_ms)
    paying, _ = _directory(directory_a, "B", buckets, tick_ms)
    warnings = (
        _by_bucket(to_person.union(paying))
        .process(PersonStage(rules_path, model, buckets, tick_ms), output_type=Types.STRING())
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


def _directory(
    records: DataStream, stage: str, buckets: int, tick_ms: int
) -> tuple[DataStream, DataStream]:
    """Directory A or B, the Java operator, keyed by bucket: (its output, its records
    for the person stage)."""
    from pyflink.java_gateway import get_gateway

    java = get_gateway().jvm.fanzha.flink.Directory
    operator = java(stage, buckets, tick_ms)
    names = {"A": "directory A (phones, paid accounts)", "B": "directory B (paying accounts)"}
    out = (
        records._j_data_stream.keyBy(java.byBucket())
        .process(operator, java.batchType())
        .name(names[stage])
    )
    return DataStream(out), DataStream(out.getSideOutput(operator.personTag()))


def _by_bucket(batches: DataStream) -> KeyedStream:
    """Batches keyed by bucket for a Python keyed operator, the key added in Java.

    PyFlink's ``key_by`` adds the key with a Python map (a task of its own, every
    batch into Python and out again); the Java map gives the same rows."""
    from pyflink.java_gateway import get_gateway

    jvm = get_gateway().jvm
    rows = batches._j_data_stream.map(
        jvm.fanzha.flink.Directory.withBucket(),
        Types.ROW([Types.INT(), BATCH]).get_java_type_info(),
    ).name("by bucket")
    keyed = rows.keyBy(jvm.KeyByKeySelector(), Types.ROW([Types.INT()]).get_java_type_info())
    return KeyedStream(keyed, BATCH, batches)


def python_paths() -> list[str]:
    """This interpreter's import paths beyond the standard library and the working
    directory, in order."""
    base = (Path(sys.base_prefix).resolve(), Path(sys.base_exec_prefix).resolve())
    found: list[str] = []
    for entry in sys.path:
        path = Path(entry or ".").resolve()
        if path == Path.cwd().resolve() or not path.is_dir() or str(path) in found:
            continue
        if not any(path.is_relative_to(b) for b in base):
            found.append(str(path))
    return found


def environment(args: argparse.Namespace) -> StreamExecutionEnvironment:
    # On a local mini-cluster PyFlink would run every Python function of the job
    # in this one process ("loopback"), behind one GIL: two task slots were no
    # faster than one. Separate worker processes per task, as on a cluster.
    os.environ.setdefault("_python_worker_execution_mode", "process")
    config = Configuration()
    config.set_string("python.execution-mode", args.python_mode)
    if args.python_mode == "thread":
        # The interpreter embedded in the JVM starts from the base Python, without
        # this environment's site-packages (nor the paths its .pth files add).
        config.set_string("python.pythonpath", os.pathsep.join(python_paths()))
    config.set_string("python.executable", sys.executable)
    config.set_string("python.client.executable", sys.executable)
    config.set_string("execution.checkpointing.interval", f"{args.checkpoint_ms} ms")
    config.set_string("state.backend.type", args.state_backend)
    if args.state_backend == "rocksdb":
        # A province's state is tens of GB: on local disk, and each checkpoint
        # uploads only the files changed since the last one.
        config.set_string("execution.checkpointing.incremental", "true")
    # A failing job stops after a few tries instead of restarting for ever.
    config.set_string("restart-strategy.type", "fixed-delay")
    config.set_string("restart-strategy.fixed-delay.attempts", "2")
    # The stages mirror their buckets in the worker and only write to Flink's map
    # states; each write is buffered and sent at the bundle's end, a bucket at a time.
    config.set_string("python.map-state.write-cache-size", "100000")
    if args.checkpoints:
        config.set_string("execution.checkpointing.dir", Path(args.checkpoints).resolve().as_uri())
        config.set_string(
            "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"
        )
    if args.restore:
        config.set_string("execution.state-recovery.path", Path(args.restore).resolve().as_uri())
    config.set_string("python.fn-execution.bundle.size", str(args.bundle))
    config.set_string("python.fn-execution.bundle.time", str(args.bundle_ms))
    env = StreamExecutionEnvironment.get_execution_environment(config)
    env.set_parallelism(args.parallelism)
    env.add_jars(built_jar().resolve().as_uri())
    return env


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--events", nargs="*", default=[], help="JSON Lines (.jsonl, .gz, .zst) or Parquet files"
    )
    parser.add_argument("--nats", help="NATS server URL (a JetStream stream as the source)")
    parser.add_argument("--stream", default="FANZHA_EVENTS")
    parser.add_argument("--count", type=int, help="messages to read from the stream")
    parser.add_argument("--out", required=True, help="directory for warning files")
    parser.add_argument("--parallelism", type=int, default=1)
    parser.add_argument("--lateness-min", type=float, default=120)
    parser.add_argument("--rules")
    parser.add_argument(
        "--model", default="default", help="MODEL_DIR, 'default' (the shipped model) or 'none'"
    )
    parser.add_argument("--checkpoints", help="directory for retained checkpoints")
    parser.add_argument("--checkpoint-ms", type=int, default=2000)
    parser.add_argument(
        "--state-backend",
        choices=("hashmap", "rocksdb"),
        default="hashmap",
        help="hashmap: state on the JVM heap (small jobs, tests); rocksdb: on local disk, "
        "with incremental checkpoints (a province)",
    )
    parser.add_argument("--restore", help="a checkpoint (chk-N) to resume from")
    parser.add_argument(
        "--python-mode",
        choices=("thread", "process"),
        default="thread",
        help="thread: the Python functions run inside the TaskManager's JVM, one interpreter "
        "(one GIL) per TaskManager, so give TaskManagers one slot each; process: a Python "
        "worker process per slot, every element and state access over gRPC (slower)",
    )
    parser.add_argument("--bundle", type=int, default=1000, help="elements (batches) per bundle")
    parser.add_argument("--bundle-ms", type=int, default=1000, help="longest a bundle waits")
    parser.add_argument(
        "--buckets",
        type=int,
        default=16,
        help="Flink keys per stage; at least the slots, "
        "fixed for the life of the job's state (a restore needs the same number)",
    )
    parser.add_argument(
        "--tick-s",
        type=float,
        default=300,
        help="event time per timer: the most a warning "
        "waits beyond the lateness, and fewer timers the longer",
    )
    parser.add_argument("--block", type=int, default=BLOCK_LINES, help="lines per source element")
    parser.add_argument("--publish", help="also publish warnings to this JetStream subject")
    parser.add_argument("--nats-out", help="NATS server for --publish (default: --nats)")
    parser.add_argument("--throttle", type=float, default=0, help="seconds per line (tests)")
    args = parser.parse_args(argv)
    env = environment(args)
    if args.nats:
        from fanzha.flink.nats import jetstream_lines

        blocks = jetstream_lines(env, args.nats, args.stream, args.count)
    else:
        blocks = file_blocks(env, [str(Path(p).resolve()) for p in args.events], args.block)
    if args.throttle:
        throttle = Throttle(args.throttle)
        blocks = blocks.map(throttle, output_type=blocks.get_type()).set_parallelism(1)
    publish = (args.nats_out or args.nats, args.publish) if args.publish else None
    build(
        env,
        blocks,
        args.out,
        int(args.lateness_min * 60_000),
        args.rules,
        publish,
        buckets=args.buckets,
        tick_ms=int(args.tick_s * 1000),
        model=args.model,
    )
    env.execute("fanzha detect")
    print(json.dumps({"out": args.out}))


__all__ = ["build", "main"]
