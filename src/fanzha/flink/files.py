"""Event files as the job's source: JSON Lines (plain, .gz, .zst) and Parquet.

Flink's own text source only reads plain text, one line per element, and every
element then crosses from the JVM to the Python worker on its own. So the job
reads files in Python with the readers ``fanzha detect`` uses
(:func:`fanzha.contract.readers.iter_raw`), in blocks of lines:

- the client counts each file's lines (Parquet: rows, from the footer);
- Flink's ``NumberSequenceSource`` counts the blocks and checkpoints how far
  it got, as for JetStream (see :mod:`fanzha.flink.nats`);
- a flat-map turns a block number into that block's lines, joined into one
  element. It keeps its file open while blocks come in order, so a file is
  read once; after a restart it reopens the file and skips to the block.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pyflink.common import Types, WatermarkStrategy
from pyflink.datastream import FlatMapFunction, MapFunction, RuntimeContext
from pyflink.datastream.connectors.number_seq import NumberSequenceSource

from fanzha.contract.readers import iter_raw, open_text_stream

BLOCK_LINES = 2000
"""Lines per source element: big enough to pay one JVM crossing for many events."""

BLOCK = Types.PRIMITIVE_ARRAY(Types.BYTE())
"""A block of JSON Lines, joined by newlines."""


def count_lines(path: Path) -> int:
    """Lines (or Parquet rows) as :func:`iter_raw` numbers them, without decoding any."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        with pq.ParquetFile(path) as parquet:
            return int(parquet.metadata.num_rows)
    count, last = 0, b"\n"
    with open_text_stream(path) as stream:
        while chunk := stream.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


class ReadBlock(FlatMapFunction):  # type: ignore[misc]
    """Block number → the lines of that block, as one element."""

    def __init__(self, paths: list[str], counts: list[int], block: int) -> None:
        self.paths, self.counts, self.block = paths, counts, block
        self.blocks = [(n + block - 1) // block for n in counts]

    def open(self, runtime_context: RuntimeContext) -> None:
        self.file: int | None = None
        self.lines: Iterator[tuple[int, bytes]] = iter(())
        self.ahead: tuple[int, bytes] | None = None  # the first line of the next block

    def flat_map(self, value: int) -> Any:
        file, number = 0, int(value)
        while file < len(self.blocks) and number >= self.blocks[file]:
            number -= self.blocks[file]
            file += 1
        if file == len(self.blocks):
            return  # the one number of a source with no lines at all
        first, last = number * self.block + 1, (number + 1) * self.block
        if self.file != file or self.ahead is None or self.ahead[0] != first:
            self._seek(file, first)
        lines: list[bytes] = []
        while self.ahead is not None and self.ahead[0] <= last:
            lines.append(self.ahead[1])
            self.ahead = next(self.lines, None)
        if lines:
            yield b"\n".join(lines)

    def _seek(self, file: int, first: int) -> None:
        """Open ``file`` and read up to line ``first`` (blank lines have no number)."""
        self.file, self.lines = file, iter_raw(Path(self.paths[file]))
        self.ahead = next(self.lines, None)
        while self.ahead is not None and self.ahead[0] < first:
            self.ahead = next(self.lines, None)


def file_blocks(env: Any, paths: list[str], block: int = BLOCK_LINES) -> Any:
    """A stream of blocks of the files' lines, in file order."""
    counts = [count_lines(Path(p)) for p in paths]
    total = sum((n + block - 1) // block for n in counts)
    numbers = env.from_source(
        NumberSequenceSource(0, max(total - 1, 0)), WatermarkStrategy.no_watermarks(), "blocks"
    ).set_parallelism(1)
    return numbers.flat_map(ReadBlock(paths, counts, block), output_type=BLOCK).set_parallelism(1)


class Throttle(MapFunction):  # type: ignore[misc]
    """Slows the source so a test can stop the job half way (never in production)."""

    def __init__(self, seconds_per_line: float) -> None:
        self.seconds = seconds_per_line

    def map(self, value: Any) -> Any:
        lines = value.count(b"\n" if isinstance(value, bytes) else "\n") + 1
        time.sleep(self.seconds * lines)
        return value


__all__ = ["BLOCK", "BLOCK_LINES", "ReadBlock", "Throttle", "count_lines", "file_blocks"]
