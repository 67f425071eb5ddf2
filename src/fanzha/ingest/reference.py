"""Reference records into the store, by field owner (``fanzha.contract.ownership``).

A source that owns every field it sent replaces the record, newest event time
winning (a late, older record cannot overwrite a newer address). What a
source says about fields it does not own becomes an observation row; fields
it owns of a record it only partly owns are set on the existing record. So
no door — the HTTP intake or ``fanzha ingest`` — lets a ride-hailing platform
move a resident to another district.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Engine, update
from sqlalchemy.dialects import postgresql, sqlite

from fanzha.contract.kinds import Account, Person
from fanzha.contract.ownership import Ownership, Split, ownership
from fanzha.contract.readers import Accepted
from fanzha.ingest.rows import account_row, newest_by, person_row
from fanzha.store.models import AccountRow, ObservationRow, PersonRow, PhoneRow


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
        persons: list[dict[str, Any]] = []
        accounts: list[dict[str, Any]] = []
        partial: list[tuple[Person | Account, dict[str, Any], Split]] = []
        observed: list[dict[str, Any]] = []
        for accepted in fresh:
            event = accepted.event
            if isinstance(event, Person):
                community = _community(accepted)
                split = self.owners.split(event, {"community": community} if community else {})
                row, whole = person_row(event, community), persons
            elif isinstance(event, Account):
                split = self.owners.split(event)
                row, whole = account_row(event), accounts
            else:
                continue
            if split.whole:
                whole.append(row)
            else:
                observed.append(_observation(self.owners.key(event), event, split))
                if split.owned:
                    partial.append((event, row, split))
        if persons:
            conn.execute(self.persons, newest_by(persons, "person_id"))
            self._phones(conn, persons)
        if accounts:
            conn.execute(self.accounts, newest_by(accounts, "account_id"))
        for event, row, split in partial:
            self._set_owned(conn, event, row, split)
        if observed:
            conn.execute(self.observations, observed)

    def _phones(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        phones = [
            {"phone": phone, "person_id": row["person_id"], "ts": row["ts"]}
            for row in rows
            for phone in row["phones"].split(",")
            if phone
        ]
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
        values = {
            name: row[name] for name in split.owned if name in row and row[name] not in (None, "")
        }
        if not values:
            return
        changed = conn.execute(
            update(table).where(key == self.owners.key(event), table.ts <= event.ts).values(values)
        ).rowcount
        if changed and isinstance(event, Person) and "phones" in values:
            self._phones(conn, [row])


def _observation(subject: str, event: Person | Account, split: Split) -> dict[str, Any]:
    return {
        "source": event.source,
        "id": event.id,
        "kind": event.kind,
        "subject": subject,
        "ts": event.ts,
        "fields": json.dumps(split.observed, ensure_ascii=False, default=str),
    }


def _community(accepted: Accepted) -> str | None:
    """The person's community, a field of the contract's person record (bounded there)."""
    event = accepted.event
    return event.community if isinstance(event, Person) else None


__all__ = ["ReferenceWriter"]
