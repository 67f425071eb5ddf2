"""Ride and errand orders: an item-only order soon after a large cash withdrawal."""

from __future__ import annotations

from collections.abc import Callable

from fanzha.contract.kinds import Order
from fanzha.detect.detectors.base import epoch, yuan
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import SUBJECT, Registration, Tools, register
from fanzha.detect.state import Directory, PersonState


def on_order(e: Order, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    if e.passengers != 0 or p.withdrawal is None:
        return []
    at, amount, _ = p.withdrawal
    if 0 <= epoch(e.ts) - at <= r.money.item_only_window_hours * 3600:
        where = "跨城" if e.cross_city else "同城"
        return [
            Signal(
                "cash_then_item_only",
                e.ts,
                e.id,
                f"取现{yuan(amount)}后{where}运送“{e.item}”",
                "impersonate_police",
            )
        ]
    return []


def ordinary_order(r: Rules, tools: Tools) -> Callable[[Order], bool]:
    """A ride with passengers."""
    return lambda e: e.passengers > 0


ORDER = register(
    Registration(
        name="order",
        kind=Order,
        role=SUBJECT,
        emits=frozenset({"cash_then_item_only"}),
        state=("withdrawal",),
        keeps_state=False,
        numbers=("money.item_only_window_hours",),
        bind=lambda tools: on_order,
        ordinary=ordinary_order,
    )
)
