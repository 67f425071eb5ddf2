"""The order detector: an item-only order soon after a large cash withdrawal."""

from __future__ import annotations

from tests.detect.detectors.conftest import PHONE, T0, MakeEvent

from fanzha.detect.detectors.order import on_order
from fanzha.detect.rules import Rules
from fanzha.detect.state import Directory, PersonState

PLACE = {"district": "硚口区", "address": "武汉市硚口区汉正街1号"}


def _order(ev: MakeEvent, minutes: float, passengers: int) -> object:
    return ev(
        "order",
        minutes,
        source="ride:didi",
        platform="didi",
        order_id="o1",
        requester=PHONE,
        pickup=PLACE,
        dropoff={"district": "江岸区", "address": "武汉市江岸区解放大道1号"},
        cross_city=False,
        vehicle="car",
        passengers=passengers,
        item="文件",
    )


def test_an_item_only_order_after_cash_fires_and_a_ride_does_not(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    person = PersonState(withdrawal=(T0.timestamp(), 5_000_000, "w1"))
    [signal] = on_order(_order(ev, 30, 0), person, directory, rules)  # type: ignore[arg-type]
    assert (signal.name, signal.detail) == ("cash_then_item_only", "取现¥50,000后同城运送“文件”")
    assert on_order(_order(ev, 30, 1), person, directory, rules) == []  # type: ignore[arg-type]


def test_no_cash_or_cash_long_ago_stays_quiet(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    assert on_order(_order(ev, 30, 0), PersonState(), directory, rules) == []  # type: ignore[arg-type]
    person = PersonState(withdrawal=(T0.timestamp(), 5_000_000, "w1"))
    late = rules.money.item_only_window_hours * 60 + 1
    assert on_order(_order(ev, late, 0), person, directory, rules) == []  # type: ignore[arg-type]
