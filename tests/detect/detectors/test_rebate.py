"""The rebate detector: money in slightly above a recent small payment, inside the window."""

from __future__ import annotations

from tests.detect.detectors.conftest import T0, MakeEvent

from fanzha.detect.detectors.rebate import on_transfer_in
from fanzha.detect.rules import Rules
from fanzha.detect.state import Directory, PersonState


def _receive(ev: MakeEvent, fen: int, minutes: float) -> object:
    return ev(
        "transfer",
        minutes,
        source="bank:icbc",
        from_account="A-NEW",
        to_account="A1",
        amount_fen=fen,
        channel="mobile",
    )


def test_a_rebate_up_to_the_ratio_fires_and_above_it_does_not(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    person = PersonState(small_payments=[(T0.timestamp(), 10_000)])
    top = int(10_000 * rules.money.rebate_max_ratio)
    [signal] = on_transfer_in(_receive(ev, top, 30), person, directory, rules)  # type: ignore[arg-type]
    assert (signal.name, signal.detail) == ("rebate_pattern", f"付¥100得¥{top // 100:,}")
    assert on_transfer_in(_receive(ev, top + 1, 30), person, directory, rules) == []  # type: ignore[arg-type]
    assert on_transfer_in(_receive(ev, 10_000, 30), person, directory, rules) == []  # type: ignore[arg-type]


def test_a_rebate_after_the_window_is_just_money_in(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    person = PersonState(small_payments=[(T0.timestamp(), 10_000)])
    late = rules.money.rebate_window_hours * 60 + 1
    assert on_transfer_in(_receive(ev, 12_000, late), person, directory, rules) == []  # type: ignore[arg-type]
