"""Large cash withdrawals: a signal at the counter, remembered for an item-only order."""

from __future__ import annotations

from collections.abc import Callable

from fanzha.contract.kinds import Withdrawal
from fanzha.detect.detectors.base import epoch, yuan
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import SUBJECT, Registration, Tools, register
from fanzha.detect.state import Directory, PersonState


def on_withdrawal(e: Withdrawal, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    if e.amount_fen < r.money.large_withdrawal_fen:
        return []
    p.withdrawal = (epoch(e.ts), e.amount_fen, e.id)
    if e.channel == "counter":
        return [Signal("large_cash_withdrawal", e.ts, e.id, yuan(e.amount_fen))]
    return []


def ordinary_withdrawal(r: Rules, tools: Tools) -> Callable[[Withdrawal], bool]:
    """A withdrawal below the large-cash line."""
    large = r.money.large_withdrawal_fen
    return lambda e: e.amount_fen < large


WITHDRAWAL = register(
    Registration(
        name="withdrawal",
        kind=Withdrawal,
        role=SUBJECT,
        emits=frozenset({"large_cash_withdrawal"}),
        state=("withdrawal",),
        keeps_state=True,
        numbers=("money.large_withdrawal_fen",),
        bind=lambda tools: on_withdrawal,
        ordinary=ordinary_withdrawal,
    )
)
