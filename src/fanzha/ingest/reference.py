"""Reference records by field owner (``fanzha.contract.ownership``): what a batch
changes, decided here; ``ingest.sql.ReferenceWriter`` applies it to the store.

A source that owns every field it sent replaces the record, newest event time
winning (a late, older record cannot overwrite a newer address). What a
source says about fields it does not own becomes an observation row; fields
it owns of a record it only partly owns are set on the existing record. So
no door — the HTTP intake or ``fanzha ingest`` — lets a ride-hailing platform
move a resident to another district.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fanzha.contract.kinds import Account, Person
from fanzha.contract.ownership import Ownership, Split
from fanzha.contract.readers import Accepted
from fanzha.ingest.rows import account_row, person_row


@dataclass
class ReferenceChanges:
    """What one batch's new reference events do to the store."""

    persons: list[dict[str, Any]] = field(default_factory=list)
    """Whole person records (their source owns every field sent): upserted, newest wins."""
    accounts: list[dict[str, Any]] = field(default_factory=list)
    partial: list[tuple[Person | Account, dict[str, Any], Split]] = field(default_factory=list)
    """Records whose source owns only some fields: those are set on the existing record."""
    observed: list[dict[str, Any]] = field(default_factory=list)
    """What sources said about fields they do not own: kept, never applied."""


def reference_changes(fresh: list[Accepted], owners: Ownership) -> ReferenceChanges:
    """``fresh``: the batch's new events (others are skipped here)."""
    changes = ReferenceChanges()
    for accepted in fresh:
        event = accepted.event
        if isinstance(event, Person):
            community = _community(accepted)
            split = owners.split(event, {"community": community} if community else {})
            row, whole = person_row(event, community), changes.persons
        elif isinstance(event, Account):
            split = owners.split(event)
            row, whole = account_row(event), changes.accounts
        else:
            continue
        if split.whole:
            whole.append(row)
        else:
            changes.observed.append(_observation(owners.key(event), event, split))
            if split.owned:
                changes.partial.append((event, row, split))
    return changes


def owned_values(row: dict[str, Any], split: Split) -> dict[str, Any]:
    """The owned fields a partly owned record gives (empty ones change nothing)."""
    return {name: row[name] for name in split.owned if name in row and row[name] not in (None, "")}


def phone_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Phone → person rows of person records: who answers a number."""
    return [
        {"phone": phone, "person_id": row["person_id"], "ts": row["ts"]}
        for row in rows
        for phone in row["phones"].split(",")
        if phone
    ]


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


__all__ = ["ReferenceChanges", "owned_values", "phone_rows", "reference_changes"]
