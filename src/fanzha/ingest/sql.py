"""The ingest's statements against the store: events, transfers, reference records,
conflicts and the provenance of runs.

Events insert with ON CONFLICT DO NOTHING … RETURNING, so a second run (or a
duplicate inside a file) adds nothing and we learn exactly which events were
new; only new events update the typed tables. Reference kinds are upserts by
field owner (what changes is decided in ``ingest.reference``): the newest event
time wins, so a late, older ``person`` event cannot overwrite a newer address.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, bindparam, func, insert, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY

from fanzha.clock import Clock, SystemClock
from fanzha.contract.kinds import Account, Person, Transfer
from fanzha.contract.ownership import Ownership, Split, ownership
from fanzha.contract.readers import Accepted
from fanzha.ingest.conflicts import Conflict, Key, conflict_rows, find_conflicts
from fanzha.ingest.reference import owned_values, phone_rows, reference_changes
from fanzha.ingest.rows import event_row, newest_by, transfer_row
from fanzha.store.models import (
    AccountRow,
    EventConflictRow,
    EventRow,
    IngestRun,
    ObservationRow,
    PersonRow,
    PhoneRow,
    TransferRow,
)
from fanzha.store.unit import begin

_LOOKUP_CHUNK = 500
"""Keys per look-up query: well under SQLite's and PostgreSQL's parameter limits."""


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
            conflicts = find_conflicts(batch, new_keys, lambda keys: _stored_raws(conn, keys))
            if conflicts:
                conn.execute(insert(EventConflictRow), conflict_rows(conflicts, self.clock.now()))
        return Written(new_keys, conflicts)


def _stored_raws(conn: Connection, keys: list[Key]) -> dict[Key, bytes | str]:
    stored: dict[Key, bytes | str] = {}
    for start in range(0, len(keys), _LOOKUP_CHUNK):
        chunk = keys[start : start + _LOOKUP_CHUNK]
        query = select(EventRow.source, EventRow.id, EventRow.raw).where(
            tuple_(EventRow.source, EventRow.id).in_(chunk)
        )
        stored.update({(s, i): raw for s, i, raw in conn.execute(query)})
    return stored


class ReferenceWriter:
    """Writes the person and account records of one batch inside its transaction."""

    def __init__(self, engine: Engine, owners: Ownership | None = None) -> None:
        self.owners = owners or ownership()
        self.dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        self.persons = self._newest_wins(PersonRow.__table__, "person_id")
        self.accounts = self._newest_wins(AccountRow.__table__, "account_id")
        self.phones = self._newest_wins(PhoneRow.__table__, "phone")
        self.observations = self.dialect.insert(ObservationRow).on_conflict_do_nothing()

    def _newest_wins(self, table: Any, key: str) -> Any:
        stmt = self.dialect.insert(table)
        columns = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
        return stmt.on_conflict_do_update(
            index_elements=[key], set_=columns, where=table.c.ts <= stmt.excluded.ts
        )

    def write(self, conn: Connection, fresh: list[Accepted]) -> None:
        """``fresh``: the batch's new events (others are skipped here)."""
        changes = reference_changes(fresh, self.owners)
        if changes.persons:
            conn.execute(self.persons, newest_by(changes.persons, "person_id"))
            self._phones(conn, changes.persons)
        if changes.accounts:
            conn.execute(self.accounts, newest_by(changes.accounts, "account_id"))
        for event, row, split in changes.partial:
            self._set_owned(conn, event, row, split)
        if changes.observed:
            conn.execute(self.observations, changes.observed)

    def _phones(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        phones = phone_rows(rows)
        if phones:
            conn.execute(self.phones, newest_by(phones, "phone"))

    def _set_owned(
        self, conn: Connection, event: Person | Account, row: dict[str, Any], split: Split
    ) -> None:
        """A partly owned record: only its owned, given fields, on a record that exists
        (an owner of some fields cannot create a resident the register never named)."""
        table: type[PersonRow] | type[AccountRow]
        if isinstance(event, Person):
            table, key = PersonRow, PersonRow.person_id
        else:
            table, key = AccountRow, AccountRow.account_id
        values = owned_values(row, split)
        if not values:
            return
        changed = conn.execute(
            update(table).where(key == self.owners.key(event), table.ts <= event.ts).values(values)
        ).rowcount
        if changed and isinstance(event, Person) and "phones" in values:
            self._phones(conn, [row])


def start_run(engine: Engine, file: str, now: datetime) -> int:
    """An ``ingest_runs`` row for a file being loaded: its provenance."""
    with engine.begin() as conn:
        run_id: int = conn.execute(
            insert(IngestRun).values(file=file, started=now).returning(IngestRun.run_id)
        ).scalar_one()
    return run_id


def finish_run(engine: Engine, run_id: int, now: datetime, counts: dict[str, int]) -> None:
    """The run's end and what came of it (accepted, new, duplicates, rejected, conflicts)."""
    with engine.begin() as conn:
        conn.execute(
            update(IngestRun).where(IngestRun.run_id == run_id).values(finished=now, **counts)
        )


__all__ = ["EventWriter", "ReferenceWriter", "Written", "finish_run", "start_run"]
