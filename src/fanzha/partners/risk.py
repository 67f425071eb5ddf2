"""The partner checks' questions, answered from live detection and what partners told us.

Why the detection engine: it already knows, for every resident, who owns which
phone and account, when they last had a suspicious contact, their last large
cash withdrawal and whether they are under warning — exactly what a driver's
or a clerk's popup must reflect within milliseconds. Ring phones and
addresses come from the patrol blocklist and from partners' clues.

Detection is asked through ``DetectionFacts``, the read methods the engine
offers on purpose, never through its state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class DetectionFacts(Protocol):
    """What live detection answers about people and accounts (``detect.engine.Engine``)."""

    def phone_owner(self, phone: str) -> str | None: ...
    def account_holder(self, account_id: str) -> str | None: ...
    def address_on_file(self, account_id: str) -> str | None: ...
    def home_address(self, person_id: str) -> str | None: ...
    def live_level(self, person_id: str) -> str | None: ...
    def risky_contact_at(self, person_id: str) -> float | None: ...
    def last_withdrawal(self, person_id: str) -> tuple[float, int] | None: ...


@dataclass
class EngineRiskContext:
    engine: DetectionFacts
    blocked_phone: Callable[[str], bool] = lambda _: False
    ring_phones: set[str] = field(default_factory=set)
    ring_addresses: set[str] = field(default_factory=set)
    stored_owner: Callable[[str], str | None] = lambda _: None
    """Phone → person from the store, for numbers this process's engine has not seen."""
    open_task_level: Callable[[str], str | None] = lambda _: None
    """The level of the person's open task: under warning in any process counts."""
    listed: Callable[[str], tuple[str, str] | None] = lambda _: None
    """(source, reason) of the list entry naming an account: the center's lists."""

    def person_of_phone(self, phone: str) -> str | None:
        return self.engine.phone_owner(phone) or self.stored_owner(phone)

    def person_of_account(self, account_id: str) -> str | None:
        return self.engine.account_holder(account_id)

    def warning_level(self, person_id: str) -> str | None:
        return self.engine.live_level(person_id) or self.open_task_level(person_id)

    def is_ring_phone(self, phone: str) -> bool:
        return phone in self.ring_phones or self.blocked_phone(phone)

    def is_ring_address(self, address: str) -> bool:
        return any(known in address for known in self.ring_addresses)

    def address_on_file(self, account_id: str) -> str | None:
        return self.engine.address_on_file(account_id)

    def home_address(self, person_id: str) -> str | None:
        return self.engine.home_address(person_id)

    def risky_contact_since(self, person_id: str, since: datetime) -> bool:
        at = self.engine.risky_contact_at(person_id)
        return at is not None and at >= since.timestamp()

    def cash_withdrawn_since(self, person_id: str, since: datetime) -> int:
        last = self.engine.last_withdrawal(person_id)
        if last is None:
            return 0
        at, fen = last
        return fen if at >= since.timestamp() else 0

    def typical_purchase_fen(self, account_id: str) -> int | None:
        return None

    def listed_account(self, account_id: str) -> tuple[str, str] | None:
        return self.listed(account_id)
