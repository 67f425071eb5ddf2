"""The payment detector: a large first payment after a risky contact, to a mule-like payee."""

from __future__ import annotations

from tests.detect.detectors.conftest import T0, MakeEvent

from fanzha.detect.detectors.payment import on_transfer_out
from fanzha.detect.rules import Rules
from fanzha.detect.state import Directory, PersonState


def _pay(ev: MakeEvent, to: str, fen: int, minutes: float = 10) -> object:
    return ev(
        "transfer",
        minutes,
        source="bank:icbc",
        from_account="A1",
        to_account=to,
        amount_fen=fen,
        channel="mobile",
    )


def test_a_large_new_payee_after_risk_fires_with_the_mule_reason(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    person = PersonState(risk_at=T0.timestamp())
    found = on_transfer_out(
        _pay(ev, "A-NEW", rules.money.large_transfer_fen), person, directory, rules
    )  # type: ignore[arg-type]
    assert [(s.name, s.detail) for s in found] == [
        ("new_payee_after_risk", f"¥{rules.money.large_transfer_fen // 100:,}"),
        ("mule_like_payee", "开户仅10天"),
    ]
    assert person.paid_before("A-NEW")  # remembered: the next payment is not to a new payee
    again = on_transfer_out(
        _pay(ev, "A-NEW", rules.money.large_transfer_fen, 20), person, directory, rules
    )  # type: ignore[arg-type]
    assert again == []


def test_without_risk_a_small_payment_is_only_remembered_for_rebates(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    person = PersonState()
    small = rules.money.small_payment_max_fen // 2
    assert on_transfer_out(_pay(ev, "A-NEW", small), person, directory, rules) == []  # type: ignore[arg-type]
    assert [fen for _, fen in person.small_payments] == [small]
    assert not person.payees
