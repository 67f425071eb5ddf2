"""The person receives money: a "rebate" slightly larger than a recent small payment."""

from __future__ import annotations

from fanzha.contract.kinds import Transfer
from fanzha.detect.detectors.base import epoch, yuan
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import PAYEE, Registration, register
from fanzha.detect.state import Directory, PersonState


def on_transfer_in(e: Transfer, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    """The person receives money: a rebate answering recent small payments?"""
    window = r.money.rebate_window_hours * 3600
    ratio = r.money.rebate_max_ratio
    for paid_at, amount in p.small_payments:
        if 0 <= epoch(e.ts) - paid_at <= window and amount < e.amount_fen <= amount * ratio:
            return [
                Signal(
                    "rebate_pattern",
                    e.ts,
                    e.id,
                    f"付{yuan(amount)}得{yuan(e.amount_fen)}",
                    "task_rebate",
                )
            ]
    return []


REBATE = register(
    Registration(
        name="rebate",
        kind=Transfer,
        role=PAYEE,
        emits=frozenset({"rebate_pattern"}),
        state=("small_payments",),
        keeps_state=False,
        numbers=("money.rebate_window_hours", "money.rebate_max_ratio"),
        bind=lambda tools: on_transfer_in,
    )
)
