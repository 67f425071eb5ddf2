"""What the partner services keep and read, as interfaces: SQL in ``sql``, memory in ``memory``.

Why interfaces: the services (``auth``, ``checking``, ``reports``, ``outbox``)
hold the rules — who may ask what, when a delivery is retried, which bank a
warning concerns — and should be testable in milliseconds without a database.
``sql.SqlPartnersRepository`` is the store the server uses;
``memory.InMemoryPartnersRepository`` answers the same questions from dicts.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from fanzha.partners.registry import Partner, PartnerRegistry
from fanzha.partners.signing import NonceStore
from fanzha.partners.webhooks import Delivery, Sender, Target


class PartnerStore(Protocol):
    """Who the partners are: loaded whole (they are few), saved one at a time."""

    def registry(self) -> PartnerRegistry: ...
    def save(self, partner: Partner) -> None: ...


class PartnerLogStore(Protocol):
    """What partners did (checks, clues, feedback), newest first."""

    def add_many(self, rows: list[dict[str, Any]]) -> None: ...

    def add(
        self,
        partner_id: str,
        kind: str,
        ts: datetime,
        person_id: str | None,
        outcome: str | None,
        doc: dict[str, Any],
    ) -> str: ...

    def row(
        self,
        partner_id: str,
        kind: str,
        ts: datetime,
        person_id: str | None,
        outcome: str | None,
        doc: dict[str, Any],
    ) -> dict[str, Any]: ...

    def get(self, record_id: str) -> dict[str, Any] | None: ...

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
    ) -> list[dict[str, Any]]: ...

    def count(
        self,
        partner_id: str | None = None,
        kind: str | None = None,
        *,
        outcome: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int: ...


class OutboxStore(Protocol):
    """Deliveries with ``webhooks.Outbox``'s retry rules, wherever they are kept."""

    def enqueue(
        self, partner_id: str, topic: str, payload: dict[str, Any], now: datetime
    ) -> Delivery: ...
    def run_due(
        self, targets: dict[str, Target], send: Sender, now: datetime
    ) -> list[Delivery]: ...
    def dead_letters(self) -> list[Delivery]: ...
    def get(self, delivery_id: str) -> Delivery | None: ...
    def requeue(self, delivery_id: str, now: datetime) -> None: ...
    def pending_for(self, partner_id: str) -> list[Delivery]: ...
    def acknowledge(self, partner_id: str, delivery_id: str, now: datetime) -> None: ...


class ReferenceData(Protocol):
    """The reference records partners' questions turn on (phones, accounts, events)."""

    def phone_owner(self, phone: str) -> str | None:
        """The person a phone number is registered to, per the stored reference data."""
        ...

    def banks_of(self, person_id: str) -> set[str]:
        """The banks holding the person's accounts."""
        ...

    def person_cards(self, person_id: str) -> tuple[list[str], list[tuple[str, str]]]:
        """The person's phone numbers and (account, bank) pairs, sorted."""
        ...

    def carrier_seen(self, phone: str) -> str | None:
        """The telecom whose own newest event names this number (``cmcc``)."""
        ...

    def observations_about(self, subject: str) -> list[dict[str, Any]]:
        """What partners that do not own a record said about it, newest first."""
        ...


class Unit(Protocol):
    def __call__(self) -> AbstractContextManager[object]: ...


@dataclass(frozen=True)
class PartnersRepository:
    """Everything the partner services keep, and the unit of work their writes join."""

    partners: PartnerStore
    nonces: NonceStore
    log: PartnerLogStore
    outbox: OutboxStore
    reference: ReferenceData
    unit: Unit
    """Opens (or joins) one transaction across the partner writes and the caller's."""


def log_row(
    partner_id: str,
    kind: str,
    ts: datetime,
    person_id: str | None,
    outcome: str | None,
    doc: dict[str, Any],
) -> dict[str, Any]:
    """A new partner-log record, not yet written (the stores' ``add_many`` writes it).

    The record id names the kind and a random part only: never the person."""
    return {
        "record_id": f"{kind}-{secrets.token_hex(8)}",
        "partner_id": partner_id,
        "kind": kind,
        "ts": ts,
        "person_id": person_id,
        "outcome": outcome,
        "doc": json.dumps(doc, ensure_ascii=False, default=str),
    }


def unpack(row: dict[str, Any]) -> dict[str, Any]:
    """A stored record as the services read it: its document's fields, then its columns."""
    return {**json.loads(row["doc"]), **{k: row[k] for k in row if k != "doc"}}


def newest_first(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The log's order: time descending, ties by record id (as the SQL index answers)."""
    by_id = sorted(rows, key=lambda r: r["record_id"])
    return sorted(by_id, key=lambda r: r["ts"], reverse=True)


__all__ = [
    "OutboxStore",
    "PartnerLogStore",
    "PartnerStore",
    "PartnersRepository",
    "ReferenceData",
    "Unit",
    "log_row",
    "newest_first",
    "unpack",
]
