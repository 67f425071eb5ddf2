"""Keyed state the detectors read and write: plain data, one object per key.

Nothing here knows which engine runs it: the embedded engine keeps these in
dicts, a Flink job would keep them in keyed state. ``msgspec`` makes them
serialisable for checkpoints.
"""

from __future__ import annotations

from datetime import date

import msgspec

from fanzha.contract.kinds import Account
from fanzha.detect.models import Signal

MAX_PAYEES = 256
MAX_PAYERS = 64


class PersonState(msgspec.Struct, kw_only=True, gc=False):
    signals: dict[str, Signal] = {}
    """The latest signal of each kind."""
    payees: list[str] = []
    """Accounts the person has paid before (most recent last, bounded)."""
    small_payments: list[tuple[float, int]] = []
    """(epoch seconds, fen) of recent small payments, for the rebate pattern."""
    withdrawal: tuple[float, int, str] | None = None
    """The last large cash withdrawal: (epoch seconds, fen, event id)."""
    risk_at: float | None = None
    """When the person last had a suspicious contact (epoch seconds)."""
    long_call_at: float | None = None
    """When a stranger last held the person on a long call (``call_long``,
    ``call_overseas``; epoch seconds): a screen share soon after is the 客服 script."""
    warning_id: str | None = None
    level: str | None = None
    last_signal_at: float = 0.0
    paid_at: float = 0.0
    """When the person last paid a payee worth remembering (epoch seconds)."""
    keep_until: float = 0.0
    """After this moment nothing here can change a warning: the state may go."""

    def paid_before(self, account: str) -> bool:
        return account in self.payees

    def remember_payee(self, account: str) -> None:
        if account in self.payees:
            return
        self.payees.append(account)
        if len(self.payees) > MAX_PAYEES:
            del self.payees[0]


class AccountInfo(msgspec.Struct, kw_only=True, gc=False):
    """What partner banks told us about an account (reference data)."""

    holder: str | None = None
    opened: date | None = None
    address: str | None = None

    @classmethod
    def of(cls, account: Account) -> AccountInfo:
        """From a bank's account record."""
        return cls(holder=account.holder, opened=account.opened, address=account.address_on_file)


class Directory(msgspec.Struct, kw_only=True):
    """Who owns which phone and account: built from person and account events."""

    phone_owner: dict[str, str] = {}
    accounts: dict[str, AccountInfo] = {}
    home: dict[str, str] = {}
