"""Every fen a victim transfers to a ring is followed to where it ends."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path

from .conftest import City, build_city


def test_stolen_money_equals_cashed_out_plus_recoverable(city: City) -> None:
    truth = city.truth
    transferred = sum(
        city.by_id[t]["amount_fen"] for v in truth["victims"] for t in v["victim_transfers"]
    )
    assert transferred > 0
    assert truth["stolen_to_mules_fen"] == transferred
    assert transferred == truth["cashed_out_fen"] + sum(truth["recoverable"].values())


def test_each_mule_keeps_exactly_what_it_got_minus_what_left(city: City) -> None:
    """Balances from the events alone agree with the answer key, account by account.

    Rented cards are left out: their holders also spend their own money with them.
    """
    truth = city.truth
    rented_holders = set(truth["benign"]["rented_card_normal_life"])
    watched = {
        account
        for account, mule in truth["mules"].items()
        if mule["role"] == "launder" and mule["partner_bank"]
        and mule["holder"] not in rented_holders
    }  # fmt: skip
    received: dict[str, int] = defaultdict(int)
    left: dict[str, int] = defaultdict(int)
    for e in city.unique():
        if e["kind"] == "transfer":
            received[e["to_account"]] += e["amount_fen"]
            left[e["from_account"]] += e["amount_fen"]
        elif e["kind"] in ("withdrawal", "gold_purchase"):
            left[e["account_id"]] += e["amount_fen"]
    for account in watched:
        assert received[account] - left[account] == truth["recoverable"].get(account, 0), account
    for account, fen in truth["recoverable"].items():
        assert 0 < fen <= received[account]


def test_money_moves_down_the_layers_within_minutes(city: City) -> None:
    truth = city.truth
    layer = {a: m["layer"] for a, m in truth["mules"].items()}
    laundering = [city.by_id[t] for t in truth["laundering_transfers"]]
    between_mules = [t for t in laundering if t["to_account"] in layer]
    assert between_mules
    assert all(layer[t["to_account"]] == layer[t["from_account"]] + 1 for t in between_mules)
    assert max(layer.values()) >= 3
    assert any(m["holder"] is None for m in truth["mules"].values())
    assert any(not m["partner_bank"] for m in truth["mules"].values())


def test_rings_switch_to_new_cards_every_few_days(tmp_path: Path) -> None:
    lifetime = 2
    city = build_city(
        tmp_path,
        persons=600,
        days=7,
        seed=8,
        victims_per_10k_per_day=100,
        mule_lifetime_days=lifetime,
    )
    truth = city.truth
    mules = truth["mules"]
    assert {m["generation"] for m in mules.values()} == {0, 1, 2, 3}
    start = datetime.fromisoformat(truth["start"]).timestamp()
    for victim in truth["victims"]:
        for tx in map(city.by_id.get, victim["victim_transfers"]):
            assert tx is not None
            age = int((datetime.fromisoformat(tx["ts"]).timestamp() - start) // (lifetime * 86400))
            assert mules[tx["to_account"]]["generation"] == min(age, 3)
    for tx in map(city.by_id.get, truth["laundering_transfers"]):
        assert tx is not None
        if tx["to_account"] in mules:
            assert mules[tx["to_account"]]["generation"] == mules[tx["from_account"]]["generation"]
    first_in: dict[str, str] = {}
    for e in city.unique():
        if e["kind"] == "transfer" and e["to_account"] not in first_in:
            first_in[e["to_account"]] = e["ts"]
    opened = [e for e in city.unique() if e["kind"] == "account" and e["account_id"] in mules]
    later = [e for e in opened if mules[e["account_id"]]["generation"] > 0]
    assert later and all(e["ts"] > truth["start"] for e in later)
    assert all(e["ts"] < first_in.get(e["account_id"], "9999") for e in later)
    assert truth["stolen_to_mules_fen"] == truth["cashed_out_fen"] + sum(
        truth["recoverable"].values()
    )
