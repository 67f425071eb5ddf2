from datetime import UTC, datetime, timedelta

from fanzha.contract.kinds import GoldPurchase, Order, Parcel, Place
from fanzha.partners.checks import Decision, check_gold, check_order, check_parcel
from fanzha.partners.context import InMemoryRiskContext

T = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
VICTIM_PHONE = "+8613800000001"
HOME = "硚口区解放大道100号 幸福小区3栋"


def ctx() -> InMemoryRiskContext:
    return InMemoryRiskContext(
        phone_owner={VICTIM_PHONE: "P1", "+8613800000002": "P2"},
        account_owner={"A1": "P1", "A2": "P2"},
        account_addresses={"A1": HOME, "A2": "江岸区沿江大道8号 江景苑1栋"},
        homes={"P1": HOME},
    )


def order(
    requester: str = VICTIM_PHONE,
    passengers: int = 0,
    cross_city: bool = True,
    pickup: str = "解放大道工商银行旁",
) -> Order:
    return Order(
        id="o1",
        ts=T,
        source="platform:huolala",
        platform="huolala",
        order_id="HL1",
        requester=requester,
        pickup=Place(district="硚口区", address=pickup),
        dropoff=Place(district="孝感", address="孝感市某酒店"),
        cross_city=cross_city,
        vehicle="car",
        passengers=passengers,
        item="纸箱一个",
    )


def test_item_only_order_alone_is_allowed() -> None:
    result = check_order(order(), ctx())
    assert result.decision is Decision.ALLOW
    assert {r.code for r in result.reasons} >= {"item_only", "cross_city"}


def test_cash_withdrawal_then_item_only_order_is_warned_or_held() -> None:
    c = ctx()
    c.withdrawals["P1"] = [(T - timedelta(hours=2), 5_000_000)]
    c.risky_contacts["P1"] = [T - timedelta(hours=3)]
    result = check_order(order(), c)
    assert result.decision in (Decision.WARN, Decision.HOLD)
    assert "cash_then_item_only" in {r.code for r in result.reasons}
    assert "96110" in result.display_text or "110" in result.display_text


def test_old_withdrawal_does_not_count() -> None:
    c = ctx()
    c.withdrawals["P1"] = [(T - timedelta(days=3), 5_000_000)]
    assert check_order(order(), c).decision is Decision.ALLOW


def test_person_under_high_warning_with_item_only_order_is_held() -> None:
    c = ctx()
    c.warnings["P1"] = "high"
    c.withdrawals["P1"] = [(T - timedelta(hours=1), 3_000_000)]
    result = check_order(order(), c)
    assert result.decision is Decision.HOLD
    assert result.person_id == "P1"


def test_person_under_warning_riding_from_home_is_allowed_but_from_a_bank_warned() -> None:
    c = ctx()
    c.warnings["P1"] = "medium"
    c.ring_phones.add("+8617000000009")
    from_home = order(passengers=1, cross_city=False, pickup=HOME)
    assert check_order(from_home, c).decision is Decision.ALLOW
    from_bank = check_order(order(passengers=1, cross_city=False), c)
    assert from_bank.decision is Decision.WARN
    assert check_order(order(requester="+8617000000009"), c).decision is Decision.HOLD


def gold(account: str, address: str, amount_fen: int = 6_000_000) -> GoldPurchase:
    return GoldPurchase(
        id="g1",
        ts=T,
        source="bank:icbc",
        account_id=account,
        grams=100.0,
        amount_fen=amount_fen,
        channel="app",
        delivery="mail",
        delivery_address=address,
    )


def test_gold_mailed_to_relative_is_allowed_but_after_risky_call_is_warned() -> None:
    c = ctx()
    c.typical_purchase["A1"] = 2_000_000
    elsewhere = "洪山区珞喻路1号 某宾馆"
    assert check_gold(gold("A1", elsewhere), c).decision is Decision.ALLOW
    c.risky_contacts["P1"] = [T - timedelta(minutes=40)]
    result = check_gold(gold("A1", elsewhere), c)
    assert result.decision in (Decision.WARN, Decision.HOLD)
    assert {"mail_other_address", "risky_contact"} <= {r.code for r in result.reasons}
    assert check_gold(gold("A1", HOME), c).decision is Decision.ALLOW


def test_parcel_declaring_cash_from_warned_sender_to_ring_is_held() -> None:
    c = ctx()
    c.warnings["P1"] = "medium"
    c.ring_phones.add("+8617100000008")
    parcel = Parcel(
        id="x1",
        ts=T,
        source="express:sf",
        carrier="sf",
        waybill="SF1",
        sender=VICTIM_PHONE,
        receiver="+8617100000008",
        receiver_address="广州市白云区某仓库",
        declared_contents="现金",
        declared_value_fen=10_000_000,
    )
    assert check_parcel(parcel, c).decision is Decision.HOLD
    benign = Parcel(
        id="x2",
        ts=T,
        source="express:sf",
        carrier="sf",
        waybill="SF2",
        sender="+8613800000002",
        receiver="+8613900000000",
        receiver_address="北京市海淀区某小区",
        declared_contents="衣服",
        declared_value_fen=20_000,
    )
    assert check_parcel(benign, c).decision is Decision.ALLOW
