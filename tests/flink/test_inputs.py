"""The Flink job reads what ``fanzha detect`` reads: .jsonl, .gz, .zst and Parquet."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from fanzha.contract.readers import iter_raw, read_event_batches
from fanzha.contract.warning import Warning
from fanzha.detect.engine import Engine
from fanzha.detect.flink import run_flink_detect, warning_order
from fanzha.detect.indicators import patrol_lookup
from fanzha.detect.learned import load_model
from fanzha.flink.files import ReadBlock, count_lines


def _thirds(city: Path, out: Path) -> list[Path]:
    """The city's lines in three files, one per format, in the same order."""
    lines = city.read_bytes().splitlines(keepends=True)
    third = len(lines) // 3
    parts = [lines[:third], lines[third : 2 * third], lines[2 * third :]]
    gz, zst, parquet = out / "a.jsonl.gz", out / "b.jsonl.zst", out / "c.parquet"
    gz.write_bytes(gzip.compress(b"".join(parts[0])))
    zst.write_bytes(zstandard.ZstdCompressor().compress(b"".join(parts[1])))
    rows = [json.loads(line) for line in parts[2] if line.strip()]
    columns = sorted({key for row in rows for key in row})
    table = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows])
    pq.write_table(table, parquet, row_group_size=1000)
    return [gz, zst, parquet]


def test_blocks_cover_every_line_once_in_order_even_after_a_seek(
    city: Path, tmp_path: Path
) -> None:
    files = _thirds(city, tmp_path)
    expected = [raw for path in files for _, raw in iter_raw(path)]
    counts = [count_lines(path) for path in files]
    reader = ReadBlock([str(p) for p in files], counts, block=700)
    reader.open(None)
    total = sum(reader.blocks)
    in_order = [line for n in range(total) for b in reader.flat_map(n) for line in b.split(b"\n")]
    assert in_order == expected
    # A restart asks for blocks from the middle: the reader reopens and skips.
    reader.open(None)
    resumed = [line for n in range(5, total) for b in reader.flat_map(n) for line in b.split(b"\n")]
    assert resumed == in_order[-len(resumed) :] and len(resumed) == len(expected) - 5 * 700


def test_the_job_reads_gzip_zstandard_and_parquet_as_the_embedded_engine_does(
    city: Path, embedded: list[Warning], tmp_path: Path
) -> None:
    files = _thirds(city, tmp_path)
    engine = Engine(
        lateness=timedelta(minutes=120), indicators=patrol_lookup(), model=load_model(None)
    )
    same_input = sorted(engine.run_batches(read_event_batches(files)), key=warning_order)
    assert same_input == embedded  # nothing lost by the conversion itself
    (tmp_path / "job").mkdir()
    warnings, _ = run_flink_detect(files, tmp_path / "job", parallelism=1)
    assert warnings == embedded
