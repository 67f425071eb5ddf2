"""The partners repository in memory: the same answers as ``sql``, for fast tests and tools.

Partners are kept serialised, so every ``registry()`` hands out private copies
(as the SQL store does): a caller that edits a partner changes nothing until it
saves. The log keeps the SQL order (newest first, ties by record id) and the
same filters, so the services cannot tell the two apart.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import msgspec

from fanzha.partners.registry import Partner, PartnerRegistry
from fanzha.partners.repository import PartnersRepository, log_row, newest_first, unpack
from fanzha.partners.signing import MemoryNonces
from fanzha.partners.webhooks import Outbox

_ENCODE = msgspec.msgpack.Encoder()
_PARTNER = msgspec.msgpack.Decoder(Partner)


class InMemoryPartnerStore:
    def __init__(self) -> None:
        self._docs: dict[str, bytes] = {}

    def registry(self) -> PartnerRegistry:
        return PartnerRegistry([_PARTNER.decode(doc) for doc in self._docs.values()])

    def save(self, partner: Partner) -> None:
        self._docs[partner.partner_id] = _ENCODE.encode(partner)


class InMemoryPartnerLog:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def row(
        self,
        partner_id: str,
        kind: str,
        ts: datetime,
        person_id: str | None,
        outcome: str | None,
        doc: dict[str, Any],
    ) -> dict[str, Any]:
        return log_row(partner_id, kind, ts, person_id, outcome, doc)

    def add_many(self, rows: list[dict[str, Any]]) -> None:
        self.rows.extend(dict(r) for r in rows)

    def add(
        self,
        partner_id: str,
        kind: str,
        ts: datetime,
        person_id: str | None,
        outcome: str | None,
        doc: dict[str, Any],
    ) -> str:
        row = log_row(partner_id, kind, ts, person_id, outcome, doc)
        self.add_many([row])
        return str(row["record_id"])

    def get(self, record_id: str) -> dict[str, Any] | None:
        found = self.recent(record_id=record_id)
        return found[0] if found else None

    def recent(
        self,
        partner_id: str | None = None,
        kind: str | None = None,
        person_id: str | None = None,
        record_id: str | None = None,
        limit: int = 200,
        *,
        outcome: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Records newest first; ``until`` is exclusive."""
        wanted = {
            "partner_id": partner_id,
            "kind": kind,
            "person_id": person_id,
            "record_id": record_id,
            "outcome": outcome,
        }
        found = [
            r
            for r in self.rows
            if all(r[k] == v for k, v in wanted.items() if v is not None)
            and (since is None or r["ts"] >= since)
            and (until is None or r["ts"] < until)
        ]
        return [unpack(r) for r in newest_first(found)[offset : offset + limit]]

    def count(
        self,
        partner_id: str | None = None,
        kind: str | None = None,
        *,
        outcome: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        every = len(self.rows)
        return len(
            self.recent(partner_id, kind, limit=every, outcome=outcome, since=since, until=until)
        )


@dataclass
class InMemoryReferenceData:
    """Phones, accounts, carriers and observations as plain dicts (what the tests set up)."""

    phones: dict[str, str] = field(default_factory=dict)
    """phone → person"""
    accounts: dict[str, tuple[str, str]] = field(default_factory=dict)
    """account → (holder, bank)"""
    carriers: dict[str, str] = field(default_factory=dict)
    """phone → the telecom whose own events name it"""
    observations: list[dict[str, Any]] = field(default_factory=list)

    def phone_owner(self, phone: str) -> str | None:
        return self.phones.get(phone)

    def banks_of(self, person_id: str) -> set[str]:
        return {bank for holder, bank in self.accounts.values() if holder == person_id}

    def person_cards(self, person_id: str) -> tuple[list[str], list[tuple[str, str]]]:
        phones = sorted(p for p, owner in self.phones.items() if owner == person_id)
        accounts = sorted(
            (account, bank)
            for account, (holder, bank) in self.accounts.items()
            if holder == person_id
        )
        return phones, accounts

    def carrier_seen(self, phone: str) -> str | None:
        return self.carriers.get(phone)

    def observations_about(self, subject: str) -> list[dict[str, Any]]:
        found = [o for o in self.observations if o["subject"] == subject]
        return sorted(found, key=lambda o: o["ts"], reverse=True)


def _no_unit() -> AbstractContextManager[object]:
    return nullcontext()


def in_memory_repository(reference: InMemoryReferenceData | None = None) -> PartnersRepository:
    """A fresh partners repository in memory (one per test: nothing is shared)."""
    return PartnersRepository(
        partners=InMemoryPartnerStore(),
        nonces=MemoryNonces(),
        log=InMemoryPartnerLog(),
        outbox=Outbox(),
        reference=reference or InMemoryReferenceData(),
        unit=_no_unit,
    )


__all__ = [
    "InMemoryPartnerLog",
    "InMemoryPartnerStore",
    "InMemoryReferenceData",
    "in_memory_repository",
]
