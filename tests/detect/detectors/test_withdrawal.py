"""The withdrawal detector: large counter cash fires; any large cash is remembered."""

from __future__ import annotations

from tests.detect.detectors.conftest import MakeEvent

from fanzha.detect.detectors.withdrawal import on_withdrawal, ordinary_withdrawal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import Tools
from fanzha.detect.state import Directory, PersonState


def _cash(ev: MakeEvent, fen: int, channel: str) -> object:
    return ev("withdrawal", source="bank:icbc", account_id="A1", amount_fen=fen, channel=channel)


def test_large_cash_at_the_counter_fires_at_the_atm_is_only_remembered(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    large = rules.money.large_withdrawal_fen
    person = PersonState()
    [signal] = on_withdrawal(_cash(ev, large, "counter"), person, directory, rules)  # type: ignore[arg-type]
    assert (signal.name, signal.detail) == ("large_cash_withdrawal", f"¥{large // 100:,}")
    atm = PersonState()
    assert on_withdrawal(_cash(ev, large, "atm"), atm, directory, rules) == []  # type: ignore[arg-type]
    assert atm.withdrawal is not None and atm.withdrawal[1] == large


def test_small_cash_is_ordinary(ev: MakeEvent, rules: Rules, directory: Directory) -> None:
    small = _cash(ev, rules.money.large_withdrawal_fen - 1, "counter")
    person = PersonState()
    assert on_withdrawal(small, person, directory, rules) == []  # type: ignore[arg-type]
    assert person.withdrawal is None
    assert ordinary_withdrawal(rules, Tools())(small)  # type: ignore[arg-type]
