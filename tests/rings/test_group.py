"""Grouping: what joins two cases into one ring, and what must not (hubs, a victim of two rings)."""

from __future__ import annotations

from tests.rings._city import City, mule, ring_with_victims, victim_account

from fanzha.rings.addresses import normalise_address
from fanzha.rings.config import RingConfig
from fanzha.rings.evaluate import score_rings
from fanzha.rings.evidence import Evidence
from fanzha.rings.group import find_rings
from fanzha.rings.model import Ring
from fanzha.trace.config import TraceConfig


def rings_of(city: City) -> list[Ring]:
    return find_rings(Evidence().extend(city.events()), TraceConfig(), RingConfig())


def ring_of_case(rings: list[Ring], case_id: str) -> str | None:
    return next((r.ring_id for r in rings if case_id in r.cases), None)


def test_unlinked_cases_stay_apart() -> None:
    city = City()
    a, b = ring_with_victims(city, 1, [1, 2], 0)
    rings = rings_of(city)
    assert ring_of_case(rings, a) != ring_of_case(rings, b)
    assert len(rings) == 2


def test_two_cases_sharing_a_courier_address_are_one_ring() -> None:
    city = City()
    a, b = ring_with_victims(city, 1, [1, 2], 0)
    city.courier("+8613900000001", "湖北省 鄂州市人民路９１号 翡翠酒店384房", 10)
    city.courier("+8613900000002", "鄂州市人民路91號翡翠酒店384房", 310)  # another spelling
    rings = rings_of(city)
    ring = next(r for r in rings if a in r.cases)
    assert b in ring.cases
    shared = [link for link in ring.links if link.kind == "shared_address"]
    assert shared and shared[0].via and shared[0].via.startswith("address:")
    assert set(shared[0].events) <= {row["id"] for row in city.rows if row["kind"] == "order"}


def test_two_cases_sharing_a_card_are_one_ring() -> None:
    city = City()
    a, b = ring_with_victims(city, 1, [1, 2], 0)
    # the second victim's first-layer card also forwards to the first victim's second layer
    city.transfer(mule(1, 2), mule(1, 1), 500_000, 310)
    rings = rings_of(city)
    ring = next(r for r in rings if a in r.cases)
    assert b in ring.cases
    assert {mule(1, 0), mule(1, 1), mule(1, 2), mule(1, 3)} <= set(ring.accounts)
    shared = [link for link in ring.links if link.kind == "shared_card"]
    assert any(link.via == f"account:{mule(1, 1)}" for link in shared)


def test_a_merchant_both_rings_spend_at_does_not_glue_them() -> None:
    city = City()
    a, b = ring_with_victims(city, 1, [1, 2], 0)
    shop = "6222020099999999"
    city.account(shop, None, opened="2010-01-01")
    for n in range(60):  # a supermarket: many ordinary customers
        customer = f"62220211{n:08d}"
        city.transfer(customer, shop, 5_000, 400 + n)
    city.transfer(mule(1, 1), shop, 100_000, 40)
    city.transfer(mule(1, 3), shop, 100_000, 340)
    rings = rings_of(city)
    assert ring_of_case(rings, a) != ring_of_case(rings, b)
    assert all(shop not in r.accounts for r in rings)


def test_a_depot_address_and_a_service_line_do_not_glue_rings() -> None:
    city = City()
    a, b = ring_with_victims(city, 1, [1, 2], 0)
    depot = "武汉市硚口区京东物流园1号"
    for n in range(20):  # everyone sends parcels through the depot
        city.parcel(f"+86137{n:08d}", depot, 100 + n)
    city.parcel("+8613900000001", depot, 20)
    city.parcel("+8613900000002", depot, 320)
    service = "+8695566"
    for n in range(250):  # a bank's service line calls hundreds
        city.call(service, f"+86136{n:08d}", 50 + n, 120)
    city.call(service, "+8613900000001", 5, 300)
    city.call(service, "+8613900000002", 305, 300)
    rings = rings_of(city)
    assert ring_of_case(rings, a) != ring_of_case(rings, b)
    assert all(service not in r.phones and not r.addresses for r in rings)


def test_a_scam_caller_joins_cases_but_a_hang_up_does_not() -> None:
    city = City()
    a, b, c = ring_with_victims(city, 1, [1, 2, 3], 0)
    caller = "+852305019936"
    city.call(caller, "+8613900000001", -30, 1500)
    city.call(caller, "+8613900000002", 270, 1800)
    city.call(caller, "+8613900000003", 570, 8)  # hung up after 8 s
    rings = rings_of(city)
    ring = next(r for r in rings if a in r.cases)
    assert b in ring.cases and c not in ring.cases
    assert ring.phones == [caller]


def test_a_victim_cheated_by_two_rings_the_same_day_does_not_glue_them() -> None:
    city = City()
    first = ring_with_victims(city, 1, [1, 2, 3], 0)
    second = ring_with_victims(city, 2, [4, 5, 6], 2000)
    city.person("P9", "+8613900000009")
    city.account(victim_account(9), "P9")
    to_one = city.transfer(victim_account(9), mule(1, 0), 300_000, 100)
    to_two = city.transfer(victim_account(9), mule(2, 0), 300_000, 2100)
    twice = city.report("P9", 600_000, 2200, [to_one, to_two])
    # the rings' own cases share nothing: each ring's cards only meet through victim P9
    city.transfer(mule(1, 2), mule(1, 1), 1_000, 320)
    city.transfer(mule(1, 4), mule(1, 1), 1_000, 620)
    city.transfer(mule(2, 2), mule(2, 1), 1_000, 2320)
    city.transfer(mule(2, 4), mule(2, 1), 1_000, 2620)
    rings = rings_of(city)
    one, two = ring_of_case(rings, first[0]), ring_of_case(rings, second[0])
    assert one != two
    assert {ring_of_case(rings, c) for c in first} == {one}
    assert twice in next(r for r in rings if r.ring_id == one).cases
    assert twice in next(r for r in rings if r.ring_id == two).cases


def test_ring_ids_are_stable_and_carry_no_personal_data() -> None:
    city = City()
    ring_with_victims(city, 1, [1, 2], 0)
    again = City()
    ring_with_victims(again, 1, [1, 2], 0)
    first, second = rings_of(city), rings_of(again)
    assert [r.ring_id for r in first] == [r.ring_id for r in second]
    for ring in first:
        assert not any(part in ring.ring_id for part in ring.accounts + ring.phones)
        assert ring.money_in_fen == 2_000_000 and ring.cashed_out_fen == 1_990_000


def test_addresses_meet_whatever_the_spelling() -> None:
    plain = "武汉市江岸区球场街286号球场翡翠城5栋5单元1701室"
    assert normalise_address("湖北省 武汉市江岸区球场街２８６号 球场翡翠城5棟5單元1701室") == plain
    assert normalise_address("武汉市江岸区球场街286#球场翡翠城5栋5单元1701室") == plain


def _ring(ring_id: str, accounts: list[str]) -> Ring:
    return Ring(ring_id=ring_id, accounts=accounts, phones=[], addresses=[], cases=[], links=[])


def test_ari_counts_accounts_left_out_as_their_own_groups() -> None:
    truth = {
        "rings": [
            {"ring_id": "R1", "mule_accounts": ["a", "b"]},
            {"ring_id": "R2", "mule_accounts": ["c", "d"]},
        ]
    }
    assert score_rings([_ring("x", ["a", "b"]), _ring("y", ["c", "d"])], truth).ari == 1.0
    glued = score_rings([_ring("x", ["a", "b", "c", "d"])], truth)
    assert glued.ari == 0.0 and glued.impure_rings == 1
    assert score_rings([], truth).ari == 0.0


def test_a_rebate_belongs_to_the_payment_it_answers() -> None:
    city = City()
    first = ring_with_victims(city, 1, [1, 2, 3], 0)
    second = ring_with_victims(city, 2, [4, 5, 6], 2000)
    for ring, victims in ((1, (2, 4)), (2, (6, 8))):  # each ring's cases meet in its layers
        city.transfer(mule(ring, victims[0]), mule(ring, 1), 1_000, 2000 * (ring - 1) + 320)
        city.transfer(mule(ring, victims[1]), mule(ring, 1), 1_000, 2000 * (ring - 1) + 620)
    payout = mule(2, 99)  # ring 2's rebate card pays its own victim P5 too
    city.transfer(payout, victim_account(5), 5_000, 2310)
    city.person("P9", "+8613900000009")
    city.account(victim_account(9), "P9")
    to_two = city.transfer(victim_account(9), mule(2, 0), 10_000, 2400)
    city.transfer(payout, victim_account(9), 12_000, 2410)  # answers the payment to ring 2
    to_one = city.transfer(victim_account(9), mule(1, 0), 300_000, 2420)
    city.report("P9", 298_000, 2500, [to_two, to_one])
    rings = rings_of(city)
    assert ring_of_case(rings, first[0]) != ring_of_case(rings, second[0])
    ring_two = next(r for r in rings if second[0] in r.cases)
    assert payout in ring_two.accounts


def test_rings_that_pay_one_gold_shop_and_one_bystander_stay_apart() -> None:
    city = City()
    first = ring_with_victims(city, 1, [1, 2], 0)
    second = ring_with_victims(city, 2, [3, 4], 2000)
    city.transfer(mule(1, 2), mule(1, 1), 500_000, 320)  # each ring's cases meet in its layers
    city.transfer(mule(2, 2), mule(2, 1), 500_000, 2320)
    shop, bystander = "6222000000000000777", "6222000000000000888"
    for card, minutes, memo in ((mule(1, 1), 20, "金条"), (mule(2, 1), 2020, "黄金")):
        city.add(
            "transfer", minutes, "bank:icbc", from_account=card, to_account=shop,
            amount_fen=300_000, channel="counter", memo=memo,
        )  # fmt: skip
    city.person("P77", "+8613900000077")
    city.account(bystander, "P77", opened="2012-01-01")  # a shopkeeper's own old card
    city.transfer(mule(1, 3), bystander, 5_000, 320)
    city.transfer(mule(2, 3), bystander, 5_000, 2320)
    rings = rings_of(city)
    one, two = ring_of_case(rings, first[0]), ring_of_case(rings, second[0])
    assert {ring_of_case(rings, c) for c in first} == {one}
    assert {ring_of_case(rings, c) for c in second} == {two}
    assert one != two
    members = {a for r in rings for a in r.accounts}
    assert shop not in members and bystander not in members
