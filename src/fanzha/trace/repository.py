"""What the case service asks of storage, and in-memory stores for tests.

The case service reads money (events, persons' districts, accounts, transfers)
and keeps holds; it is handed both as interfaces, so it runs the same over the
SQL store (``trace.sql``) and over the in-memory ones here — tests of who may
see and act, and of the hold rules, need no database.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Protocol

import msgspec

from fanzha.contract.kinds import (
    Account,
    Event,
    GoldPurchase,
    Person,
    Report,
    Transfer,
    Withdrawal,
)
from fanzha.trace.holds import Hold, HoldState

MONEY_KINDS = ("transfer", "withdrawal", "gold_purchase", "account", "person", "report")
"""The event kinds a case is traced from."""
MONEY_EVENTS = (Transfer, Withdrawal, GoldPurchase, Account, Person, Report)
"""The same kinds as event types, for stores that hold events rather than rows."""
LIVE_STATES = (HoldState.STOPPED, HoldState.FROZEN)
TRANSFERS_SHOWN = 500
"""At most this many transfers of one account in a case view."""

_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Hold)


class HoldConflict(Exception):
    def __init__(self, hold_id: str, current_version: int) -> None:
        super().__init__(f"hold {hold_id} changed meanwhile (now version {current_version})")
        self.hold_id, self.current_version = hold_id, current_version


class HoldRepository(Protocol):
    """Holds, one per account, saved compare-and-set on ``version``."""

    def get(self, hold_id: str) -> Hold | None: ...
    def for_account(self, account_id: str) -> Hold | None: ...
    def for_case(self, case_id: str) -> list[Hold]: ...
    def all(self) -> list[Hold]: ...
    def live(self) -> Iterator[Hold]: ...
    def add(self, hold: Hold) -> None: ...
    def save(self, hold: Hold, read_version: int) -> None: ...


class MoneyQueries(Protocol):
    """The store's money as the case service reads it."""

    def money_event_count(self) -> int:
        """How many money events are stored: the tracer is rebuilt when this changes."""
        ...

    def money_events(self) -> Iterator[Event]:
        """The money events, oldest first."""
        ...

    def money_events_since(self, since: datetime) -> Iterator[Event]:
        """The money events at or after ``since``, oldest first: what an open tracer adds."""
        ...

    def district_of(self, person_id: str) -> str | None: ...
    def holder_name(self, account_id: str) -> str | None: ...
    def accounts_of(self, person_id: str) -> list[str]:
        """The person's own accounts, by number."""
        ...

    def transfers_touching(self, account_id: str) -> list[Mapping[str, Any]]:
        """Transfers into or out of the account, oldest first, at most ``TRANSFERS_SHOWN``."""
        ...

    def payments_from(
        self, accounts: list[str], since: datetime, limit: int
    ) -> list[Mapping[str, Any]]:
        """Transfers out of ``accounts`` since ``since``, newest first."""
        ...


class InMemoryHoldRepository:
    """Holds kept as encoded documents, so a read is a copy as from the database."""

    def __init__(self) -> None:
        self._docs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def _decoded(self) -> list[Hold]:
        return [_DECODER.decode(doc) for _, doc in sorted(self._docs.items())]

    def get(self, hold_id: str) -> Hold | None:
        doc = self._docs.get(hold_id)
        return None if doc is None else _DECODER.decode(doc)

    def for_account(self, account_id: str) -> Hold | None:
        return next((h for h in self._decoded() if h.account_id == account_id), None)

    def for_case(self, case_id: str) -> list[Hold]:
        return [h for h in self._decoded() if any(c.case_id == case_id for c in h.claims)]

    def all(self) -> list[Hold]:
        return self._decoded()

    def live(self) -> Iterator[Hold]:
        return iter([h for h in self._decoded() if h.state in LIVE_STATES])

    def add(self, hold: Hold) -> None:
        with self._lock:
            taken = hold.hold_id in self._docs or self.for_account(hold.account_id) is not None
            if taken:
                current = self.get(hold.hold_id)
                raise HoldConflict(hold.hold_id, current.version if current else -1)
            self._docs[hold.hold_id] = _ENCODER.encode(hold)

    def save(self, hold: Hold, read_version: int) -> None:
        with self._lock:
            current = self.get(hold.hold_id)
            if current is None or current.version != read_version:
                raise HoldConflict(hold.hold_id, current.version if current else -1)
            self._docs[hold.hold_id] = _ENCODER.encode(hold)


class InMemoryMoneyStore:
    """Money events held in a list, with the persons, accounts and transfers they
    name indexed the way the store's tables are. Reference records are taken as
    given, the newest one winning: which source may change which field is the
    ingest's business, settled before anything reaches a store."""

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self._events: list[Event] = []
        self._persons: dict[str, Person] = {}
        self._accounts: dict[str, Account] = {}
        self._transfers: list[Transfer] = []
        self.add(events)

    def add(self, events: Iterable[Event]) -> None:
        for event in events:
            if not isinstance(event, MONEY_EVENTS):
                continue
            self._events.append(event)
            if isinstance(event, Person):
                person = self._persons.get(event.person_id)
                if person is None or person.ts <= event.ts:
                    self._persons[event.person_id] = event
            elif isinstance(event, Account):
                account = self._accounts.get(event.account_id)
                if account is None or account.ts <= event.ts:
                    self._accounts[event.account_id] = event
            elif isinstance(event, Transfer):
                self._transfers.append(event)

    def money_event_count(self) -> int:
        return len(self._events)

    def money_events(self) -> Iterator[Event]:
        return iter(sorted(self._events, key=lambda e: e.ts))

    def money_events_since(self, since: datetime) -> Iterator[Event]:
        return iter(sorted((e for e in self._events if e.ts >= since), key=lambda e: e.ts))

    def district_of(self, person_id: str) -> str | None:
        person = self._persons.get(person_id)
        return None if person is None else person.district

    def holder_name(self, account_id: str) -> str | None:
        account = self._accounts.get(account_id)
        if account is None or account.holder is None:
            return None
        person = self._persons.get(account.holder)
        return None if person is None else person.name

    def accounts_of(self, person_id: str) -> list[str]:
        return sorted(a.account_id for a in self._accounts.values() if a.holder == person_id)

    def transfers_touching(self, account_id: str) -> list[Mapping[str, Any]]:
        touching = [t for t in self._transfers if account_id in (t.from_account, t.to_account)]
        touching.sort(key=lambda t: t.ts)
        return [_row(t) for t in touching[:TRANSFERS_SHOWN]]

    def payments_from(
        self, accounts: list[str], since: datetime, limit: int
    ) -> list[Mapping[str, Any]]:
        chosen = [t for t in self._transfers if t.from_account in accounts and t.ts >= since]
        chosen.sort(key=lambda t: t.ts, reverse=True)
        return [_row(t) for t in chosen[:limit]]


def _row(transfer: Transfer) -> Mapping[str, Any]:
    """A transfer as a row of the store's ``transfers`` table."""
    return {
        "source": transfer.source,
        "id": transfer.id,
        "ts": transfer.ts,
        "from_account": transfer.from_account,
        "to_account": transfer.to_account,
        "amount_fen": transfer.amount_fen,
        "channel": transfer.channel,
    }


__all__ = [
    "HoldConflict",
    "HoldRepository",
    "InMemoryHoldRepository",
    "InMemoryMoneyStore",
    "MoneyQueries",
]
