"""Innocent look-alikes of every fraud signal, more common than the fraud itself."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fanzha.sim import SimParams

from .conftest import City


def _by_person(city: City) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    persons = {e["person_id"]: e for e in city.unique() if e["kind"] == "person"}
    owner = {phone: pid for pid, p in persons.items() for phone in p["phones"]}
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in city.unique():
        phone = e.get("callee") or e.get("phone") or e.get("requester")
        if phone in owner:
            events[owner[phone]].append(e)
    return persons, events


def test_every_look_alike_is_listed_and_outnumbers_victims(city: City) -> None:
    """At default rates each look-alike is more common than falling victim."""
    benign = city.truth["benign"]
    person_days = city.params.persons * city.params.days
    victim_rate = SimParams().victims_per_10k_per_day / 10_000
    for key in ("overseas_relative_calls", "work_screen_share", "big_purchase",
                "item_only_delivery", "marketing_dialer"):  # fmt: skip
        assert len(benign[key]) / person_days > 3 * victim_rate, key
    assert benign["gold_to_relative"] and benign["rented_card_normal_life"]
    victim_ids = {v["person_id"] for v in city.truth["victims"]}
    assert not victim_ids & set(benign["rented_card_normal_life"])


def test_look_alikes_really_show_the_signal(city: City) -> None:
    benign = city.truth["benign"]
    _, events = _by_person(city)
    for pid in benign["overseas_relative_calls"]:
        assert any(
            e["kind"] == "call" and "overseas" in e["caller_tags"] and e["duration_s"] >= 900
            for e in events[pid]
        )
    for pid in benign["work_screen_share"]:
        assert any(e.get("action") == "screen_share_start" for e in events[pid])
    for pid in benign["item_only_delivery"]:
        assert any(e["kind"] == "order" and e["passengers"] == 0 for e in events[pid])
    for pid in benign["marketing_dialer"]:
        assert any("mass_dialer" in e.get("caller_tags", []) for e in events[pid])


def test_gold_to_a_relative_is_mailed_away_from_home(city: City) -> None:
    persons, _ = _by_person(city)
    holder = {e["account_id"]: e["holder"] for e in city.unique() if e["kind"] == "account"}
    mailed_away = {
        holder[e["account_id"]]
        for e in city.unique()
        if e["kind"] == "gold_purchase" and e["delivery"] == "mail"
        and e["account_id"] in holder and holder[e["account_id"]] in persons
        and e["delivery_address"] != persons[holder[e["account_id"]]]["address"]
    }  # fmt: skip
    assert set(city.truth["benign"]["gold_to_relative"]) <= mailed_away


def test_merchants_take_from_many_and_employers_pay_many(city: City) -> None:
    payers: dict[str, set[str]] = defaultdict(set)
    payees: dict[str, set[str]] = defaultdict(set)
    for e in city.unique():
        if e["kind"] == "transfer":
            payers[e["to_account"]].add(e["from_account"])
            payees[e["from_account"]].add(e["to_account"])
    hubs = city.truth["hubs"]
    assert max(len(payers[m]) for m in hubs["merchants"]) >= 50
    assert min(len(payers[h]) for h in hubs["payment_hubs"]) >= 200
    paying = [len(payees[e]) for e in hubs["employers"] if payees[e]]
    assert paying and max(paying) >= 5


def test_rented_cards_also_carry_their_holders_ordinary_spending(city: City) -> None:
    truth = city.truth
    rented = set(truth["benign"]["rented_card_normal_life"])
    cards = {a for a, m in truth["mules"].items() if m["holder"] in rented}
    assert len(cards) == len(rented)
    laundering = set(truth["laundering_transfers"])
    everyday = [
        e
        for e in city.unique()
        if e["kind"] == "transfer" and e["from_account"] in cards and e["id"] not in laundering
    ]
    assert everyday and all(e["to_account"] not in truth["mules"] for e in everyday)
