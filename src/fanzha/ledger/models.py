"""What the ledger records: a ring's takedown (打掉团伙) and a risk notice (风险告知书).

Money is integer fen and gold integer milligrams: the report adds thousands of
them, and a sum of floats is not the sum an auditor gets on paper.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec


class Suspect(msgspec.Struct, kw_only=True, frozen=True):
    """A person caught: personal data, masked for roles that do not need it."""

    name: str
    id_number: str | None = None


class TakedownDraft(msgspec.Struct, kw_only=True):
    """What an officer enters; the service checks it and makes a ``Takedown`` of it."""

    ring_id: str
    taken_on: date
    district: str | None
    unit: str
    """The unit that made the arrests (办案单位), e.g. 硚口分局刑侦大队."""
    suspects_count: int
    suspects: list[Suspect] | None = None
    """Those named so far; ``suspects_count`` may be larger (names still being checked).
    In a correction ``None`` keeps them as they are: a form shows them masked (ID numbers
    to everyone), so it cannot send them back."""
    cash_seized_fen: int = 0
    gold_mg: int = 0
    accounts_frozen: list[str] | None = None
    """Likewise: ``None`` in a correction keeps the accounts as recorded."""
    case_ids: list[str] = []
    note: str = ""


class Takedown(msgspec.Struct, kw_only=True):
    """One version of a takedown: a correction is a new version, the old ones stay."""

    takedown_id: str
    version: int
    ring_id: str
    taken_on: date
    district: str
    unit: str
    suspects_count: int
    suspects: list[Suspect]
    cash_seized_fen: int
    gold_mg: int
    accounts_frozen: list[str]
    case_ids: list[str]
    note: str
    recorded_by: str
    recorded_at: datetime
    reason: str = ""
    """Why this version replaced the one before (empty for the first)."""


class CaseClosure(msgspec.Struct, kw_only=True, frozen=True):
    """A case solved (破案) by a takedown: the link back from the case to the ledger."""

    case_id: str
    takedown_id: str
    ring_id: str
    closed_on: date


class NoticeDraft(msgspec.Struct, kw_only=True):
    merchant_name: str
    shop_id: str
    """The merchant's registered shop or business id (not personal data)."""
    account_id: str | None = None
    """The merchant's collecting account, if the notice names one: masked by role."""
    district: str | None
    issued_on: date
    delivered_by: str
    case_id: str | None = None
    ring_id: str | None = None
    note: str = ""


class GoldNotice(msgspec.Struct, kw_only=True):
    """A 风险告知书 served on a gold merchant, and whether they signed for it."""

    notice_id: str
    merchant_name: str
    shop_id: str
    account_id: str | None
    district: str
    issued_on: date
    delivered_by: str
    case_id: str | None
    ring_id: str | None
    note: str
    recorded_by: str
    recorded_at: datetime
    acknowledged_on: date | None = None
    signed_by: str | None = None
    """Who signed the receipt for the merchant (a person's name: masked by role)."""
    acknowledged_recorded_by: str | None = None


MG_PER_GRAM = 1000


def grams(mg: int) -> str:
    """``12345`` mg → ``"12.345"``: exact, for display and export."""
    return f"{mg // MG_PER_GRAM}.{mg % MG_PER_GRAM:03d}"


__all__ = [
    "MG_PER_GRAM",
    "CaseClosure",
    "GoldNotice",
    "NoticeDraft",
    "Suspect",
    "Takedown",
    "TakedownDraft",
    "grams",
]
