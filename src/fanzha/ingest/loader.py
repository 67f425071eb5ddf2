"""``fanzha ingest``: stream files into the store, in batches, idempotently.

Events insert with ON CONFLICT DO NOTHING … RETURNING, so a second run (or a
duplicate inside a file) adds nothing and we learn exactly which events were
new; only new events update the typed tables. Reference kinds are upserts
by field owner (``ingest.reference``): the newest event time wins, so a late,
older ``person`` event cannot overwrite a newer address, and a source that does
not own a field only leaves an observation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Engine, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY

from fanzha.clock import Clock, SystemClock
from fanzha.contract.errors import Rejection
from fanzha.contract.kinds import Transfer
from fanzha.contract.readers import Accepted, DeadLetterFile, read_events
from fanzha.ingest.conflicts import Conflict, find_conflicts, record_conflicts
from fanzha.ingest.reference import ReferenceWriter
from fanzha.ingest.rows import event_row, transfer_row
from fanzha.store.models import EventRow, IngestRun, TransferRow
from fanzha.store.unit import begin

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


def _insert(engine: Engine, table: Any) -> Any:
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _unnest_insert(table: Any) -> Any:
    """PostgreSQL: ``INSERT … SELECT FROM unnest(:col[]…) ON CONFLICT DO NOTHING``.

    One statement with one array per column instead of thousands of VALUES
    tuples: psycopg need not parse a huge statement text per batch, which
    made row-wise inserts about four times slower.
    """
    names = [c.name for c in table.columns]
    arrays = [bindparam(c.name, type_=ARRAY(c.type)) for c in table.columns]
    rows = func.unnest(*arrays).table_valued(*names).render_derived()
    return postgresql.insert(table).from_select(names, select(*rows.c)).on_conflict_do_nothing()


def _columns(rows: list[dict[str, Any]], table: Any) -> dict[str, list[Any]]:
    return {c.name: [row[c.name] for row in rows] for c in table.columns}


class Written(NamedTuple):
    new: set[tuple[str, str]]
    """The (source, id) keys that were new."""
    conflicts: list[Conflict]
    """Events not new whose content differs from the stored one (recorded, not applied)."""


class EventWriter:
    """Writes one batch of accepted events and its derived rows in one transaction."""

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self.engine = engine
        self.clock = clock or SystemClock()
        self.columnar = engine.dialect.name == "postgresql"
        events, transfers = EventRow.__table__, TransferRow.__table__
        if self.columnar:
            self.events = _unnest_insert(events).returning(events.c.source, events.c.id)
            self.transfers = _unnest_insert(transfers)
        else:
            self.events = (
                _insert(engine, events)
                .on_conflict_do_nothing()
                .returning(events.c.source, events.c.id)
            )
            self.transfers = _insert(engine, transfers).on_conflict_do_nothing()
        self.reference = ReferenceWriter(engine)

    def _rows(self, model: Any, rows: Iterable[dict[str, Any]]) -> Any:
        """Parameters as the statement wants them: arrays per column, or a row list."""
        listed = list(rows)
        return _columns(listed, model.__table__) if self.columnar else listed

    def write(self, batch: list[Accepted]) -> set[tuple[str, str]]:
        """Insert the batch; returns the (source, id) keys that were new."""
        return self.store(batch).new

    def store(self, batch: list[Accepted]) -> Written:
        """Insert the batch; which events were new, and which conflict with stored ones.

        Joins the thread's unit of work when there is one: a request that records
        events and acts on them (a stop-payment from a task) commits both or neither."""
        with begin(self.engine) as conn:
            returned = conn.execute(self.events, self._rows(EventRow, map(event_row, batch)))
            new_keys = {(row[0], row[1]) for row in returned}
            fresh = [a for a in batch if a.event.key in new_keys]
            transfers = [transfer_row(a.event) for a in fresh if isinstance(a.event, Transfer)]
            if transfers:
                conn.execute(self.transfers, self._rows(TransferRow, transfers))
            self.reference.write(conn, fresh)
            conflicts = find_conflicts(conn, batch, new_keys)
            record_conflicts(conn, conflicts, self.clock.now())
        return Written(new_keys, conflicts)


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
    with engine.begin() as conn:
        run_id = conn.execute(
            insert(IngestRun)
            .values(file=str(path), started=clock.now())
            .returning(IngestRun.run_id)
        ).scalar_one()
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

    with engine.begin() as conn:
        conn.execute(
            update(IngestRun)
            .where(IngestRun.run_id == run_id)
            .values(
                finished=clock.now(),
                accepted=summary.accepted,
                new=summary.new,
                duplicates=summary.duplicates,
                rejected=summary.rejected,
                conflicts=summary.conflicts,
            )
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
