"""Detection and the partners' checks give one answer to the same question."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fanzha.contract.kinds import GoldPurchase, Parcel
from fanzha.contract.words import SAME_ADDRESS_MIN_RATIO, address_similarity
from fanzha.detect.detectors.gold import on_gold
from fanzha.detect.detectors.parcel import on_parcel
from fanzha.detect.rules import load_rules
from fanzha.detect.state import AccountInfo, Directory, PersonState
from fanzha.partners.checks import check_gold, check_parcel
from fanzha.partners.context import InMemoryRiskContext

T = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
PHONE = "+8613800000001"
HOME = "硚口区解放大道100号幸福小区3栋"


def _codes(result: object) -> set[str]:
    return {r.code for r in result.reasons}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("contents", "cash"), [("现金", True), ("黃金", True), ("衣服", False)])
def test_cash_or_gold_in_a_parcel_is_one_answer(contents: str, cash: bool) -> None:
    parcel = Parcel(
        id="pc1", ts=T, source="courier:sf", carrier="sf", waybill="SF1", sender=PHONE,
        receiver="+8613900000009", receiver_address="孝感市某酒店", declared_contents=contents,
        declared_value_fen=0,
    )  # fmt: skip
    detected = on_parcel(parcel, PersonState(), Directory(), load_rules())
    checked = check_parcel(parcel, InMemoryRiskContext(phone_owner={PHONE: "P1"}))
    assert bool(detected) is cash
    assert ("declares_cash_or_gold" in _codes(checked)) is cash


@pytest.mark.parametrize(
    "address",
    ["硚口区解放大道100号幸福小区3栋2单元", "江岸区沿江大道8号江景苑1栋", "硚口区解放大道10号"],
)
def test_gold_mailed_elsewhere_is_one_answer(address: str) -> None:
    elsewhere = address_similarity(HOME, address) < SAME_ADDRESS_MIN_RATIO
    gold = GoldPurchase(
        id="g1", ts=T, source="bank:icbc", account_id="A1", grams=100, amount_fen=6_000_000,
        channel="app", delivery="mail", delivery_address=address,
    )  # fmt: skip
    directory = Directory(
        accounts={"A1": AccountInfo(holder="P1", address=HOME)}, home={"P1": HOME}
    )
    detected = on_gold(gold, PersonState(), directory, load_rules())
    checked = check_gold(
        gold, InMemoryRiskContext(account_owner={"A1": "P1"}, account_addresses={"A1": HOME})
    )
    assert bool(detected) is elsewhere
    assert ("mail_other_address" in _codes(checked)) is elsewhere


@pytest.mark.parametrize(("contents", "cards"), [("银行卡5张", True), ("存折、U盾", True),
                                                ("手机卡", True), ("书本", False)])  # fmt: skip
def test_a_parcel_of_bank_cards_is_the_courier_s_question_not_detection_s(
    contents: str, cards: bool
) -> None:
    """Card rings (断卡) collect rented cards by courier: the counter check names it;
    detection, which warns on victims about to pay, stays quiet."""
    parcel = Parcel(
        id="pc2", ts=T, source="courier:sf", carrier="sf", waybill="SF2", sender=PHONE,
        receiver="+8613900000009", receiver_address="东莞市某宾馆", declared_contents=contents,
        declared_value_fen=0,
    )  # fmt: skip
    checked = check_parcel(parcel, InMemoryRiskContext(phone_owner={PHONE: "P1"}))
    assert ("declares_bank_cards" in _codes(checked)) is cards
    assert on_parcel(parcel, PersonState(), Directory(), load_rules()) == []
