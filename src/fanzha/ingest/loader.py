"""``fanzha ingest``: stream files into the store, in batches, idempotently.

Bad lines go to a dead-letter file, good ones are written a batch at a time by
``ingest.sql.EventWriter`` (which says which events were new, and which
conflict with stored ones); each file's run is recorded for provenance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fanzha.clock import Clock, SystemClock
from fanzha.contract.errors import Rejection
from fanzha.contract.readers import Accepted, DeadLetterFile, read_events
from fanzha.ingest.sql import EventWriter, Written, finish_run, start_run

if TYPE_CHECKING:
    from sqlalchemy import Engine

BATCH = 5000


@dataclass
class FileSummary:
    file: str
    accepted: int = 0
    new: int = 0
    duplicates: int = 0
    """Exact re-sends (and re-runs): stored already with the same content."""
    conflicts: int = 0
    """Stored already under the same ``source`` + ``id`` but with other content."""
    rejected: int = 0
    per_kind: dict[str, int] = field(default_factory=dict)
    dead_letter: str | None = None
    first_errors: list[str] = field(default_factory=list)
    first_conflicts: list[str] = field(default_factory=list)


def ingest_file(
    engine: Engine,
    path: str | Path,
    dead_letter: str | Path | DeadLetterFile,
    on_batch: Callable[[int, int], None] | None = None,
    keep_errors: int = 10,
    clock: Clock | None = None,
) -> FileSummary:
    """Load one file; bad lines go to ``dead_letter``, good ones are all kept.

    ``dead_letter`` is a path (rewritten for this file, so a re-run does not
    pile up old rejections) or an open ``DeadLetterFile`` shared by several
    files. Each batch commits on its own: a crash loses at most one batch, and
    re-running the file fills the gap without doubling anything.
    """
    clock = clock or SystemClock()
    summary = FileSummary(file=str(path))
    run_id = start_run(engine, str(path), clock.now())
    writer = EventWriter(engine, clock)
    if isinstance(dead_letter, DeadLetterFile):
        letters, owned = dead_letter, False
    else:  # rejections of an earlier run of this file are out of date
        Path(dead_letter).unlink(missing_ok=True)
        letters, owned = DeadLetterFile(dead_letter, append=False), True
    letters_before = letters.count

    def reject(rejection: Rejection) -> None:
        summary.rejected += 1
        if len(summary.first_errors) < keep_errors:
            summary.first_errors.append(str(rejection))
        letters(rejection)

    try:
        batch: list[Accepted] = []
        for accepted in read_events([path], on_reject=reject):
            batch.append(accepted)
            if len(batch) >= BATCH:
                _flush(writer, batch, summary, on_batch, keep_errors)
                batch = []
        if batch:
            _flush(writer, batch, summary, on_batch, keep_errors)
    finally:
        if owned:
            letters.close()
    summary.dead_letter = str(letters.path) if letters.count > letters_before else None

    finish_run(
        engine,
        run_id,
        clock.now(),
        {
            "accepted": summary.accepted,
            "new": summary.new,
            "duplicates": summary.duplicates,
            "rejected": summary.rejected,
            "conflicts": summary.conflicts,
        },
    )
    return summary


def _flush(
    writer: EventWriter,
    batch: list[Accepted],
    summary: FileSummary,
    on_batch: Callable[[int, int], None] | None,
    keep_errors: int,
) -> None:
    new_keys, conflicts = writer.store(batch)
    summary.accepted += len(batch)
    summary.new += len(new_keys)
    summary.conflicts += len(conflicts)
    summary.duplicates += len(batch) - len(new_keys) - len(conflicts)
    for conflict in conflicts:
        if len(summary.first_conflicts) < keep_errors:
            summary.first_conflicts.append(str(conflict))
    counted: set[tuple[str, str]] = set()
    for accepted in batch:
        key = accepted.event.key
        if key in new_keys and key not in counted:
            counted.add(key)
            kind = accepted.event.kind
            summary.per_kind[kind] = summary.per_kind.get(kind, 0) + 1
    if on_batch is not None:  # events, and bytes of their lines (for a progress bar)
        on_batch(len(batch), sum(len(a.raw) + 1 for a in batch))


__all__ = ["BATCH", "EventWriter", "FileSummary", "Written", "ingest_file"]
