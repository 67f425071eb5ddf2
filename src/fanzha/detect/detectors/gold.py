"""Gold purchases mailed to an address unlike the account's or the holder's home."""

from __future__ import annotations

from fanzha.contract.kinds import GoldPurchase
from fanzha.contract.words import addresses_differ
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import SUBJECT, Registration, register
from fanzha.detect.state import Directory, PersonState


def on_gold(e: GoldPurchase, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    if e.delivery != "mail" or not e.delivery_address:
        return []
    info = d.accounts.get(e.account_id)
    home = (
        info.address if info and info.address else (d.home.get(info.holder or "") if info else None)
    )
    if addresses_differ(home, e.delivery_address, r.money.same_address_min_ratio):
        return [
            Signal(
                "gold_mail_elsewhere",
                e.ts,
                e.id,
                e.delivery_address[:12] + "…",
                "impersonate_police",
            )
        ]
    return []


GOLD = register(
    Registration(
        name="gold",
        kind=GoldPurchase,
        role=SUBJECT,
        emits=frozenset({"gold_mail_elsewhere"}),
        state=(),
        keeps_state=False,
        numbers=("money.same_address_min_ratio",),
        bind=lambda tools: on_gold,
    )
)
