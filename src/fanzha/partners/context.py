"""What a partner check needs to know about people, rings and accounts.

A protocol, so checks stay pure: the service answers it from detection state
and the store; tests answer it from a small in-memory object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol


class RiskContext(Protocol):
    def person_of_phone(self, phone: str) -> str | None: ...
    def person_of_account(self, account_id: str) -> str | None: ...
    def warning_level(self, person_id: str) -> str | None:
        """``high``/``medium``/``low`` when the person is under an open warning."""
        ...

    def is_ring_phone(self, phone: str) -> bool: ...
    def is_ring_address(self, address: str) -> bool: ...
    def address_on_file(self, account_id: str) -> str | None: ...
    def home_address(self, person_id: str) -> str | None: ...
    def risky_contact_since(self, person_id: str, since: datetime) -> bool:
        """A suspicious call, SMS, site or app for the person after ``since``."""
        ...

    def cash_withdrawn_since(self, person_id: str, since: datetime) -> int:
        """Fen taken out in cash by the person since ``since``."""
        ...

    def typical_purchase_fen(self, account_id: str) -> int | None: ...

    def listed_account(self, account_id: str) -> tuple[str, str] | None:
        """(source, reason) of the list entry naming this account (涉案账户), or None."""
        ...


@dataclass
class InMemoryRiskContext:
    """A plain-data context: for tests, demos, and a service that mirrors detection state."""

    phone_owner: dict[str, str] = field(default_factory=dict)
    account_owner: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)
    ring_phones: set[str] = field(default_factory=set)
    ring_addresses: set[str] = field(default_factory=set)
    account_addresses: dict[str, str] = field(default_factory=dict)
    homes: dict[str, str] = field(default_factory=dict)
    risky_contacts: dict[str, list[datetime]] = field(default_factory=dict)
    withdrawals: dict[str, list[tuple[datetime, int]]] = field(default_factory=dict)
    typical_purchase: dict[str, int] = field(default_factory=dict)
    listed_accounts: dict[str, tuple[str, str]] = field(default_factory=dict)

    def person_of_phone(self, phone: str) -> str | None:
        return self.phone_owner.get(phone)

    def person_of_account(self, account_id: str) -> str | None:
        return self.account_owner.get(account_id)

    def warning_level(self, person_id: str) -> str | None:
        return self.warnings.get(person_id)

    def is_ring_phone(self, phone: str) -> bool:
        return phone in self.ring_phones

    def is_ring_address(self, address: str) -> bool:
        return address in self.ring_addresses

    def address_on_file(self, account_id: str) -> str | None:
        return self.account_addresses.get(account_id)

    def home_address(self, person_id: str) -> str | None:
        return self.homes.get(person_id)

    def risky_contact_since(self, person_id: str, since: datetime) -> bool:
        return any(ts >= since for ts in self.risky_contacts.get(person_id, []))

    def cash_withdrawn_since(self, person_id: str, since: datetime) -> int:
        return sum(fen for ts, fen in self.withdrawals.get(person_id, []) if ts >= since)

    def typical_purchase_fen(self, account_id: str) -> int | None:
        return self.typical_purchase.get(account_id)

    def listed_account(self, account_id: str) -> tuple[str, str] | None:
        return self.listed_accounts.get(account_id)


RECENT: timedelta = timedelta(hours=24)
"""How far back a 'recent' risky contact or cash withdrawal counts."""
