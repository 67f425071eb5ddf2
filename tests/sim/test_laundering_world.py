"""The money side of hard cities: issuers' card numbers, payment institutions, innocent
exits, mules of five kinds, messy reports, and an answer key that balances per case."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from fanzha.contract.errors import Rejection
from fanzha.contract.readers import decode_event
from fanzha.sim import simulate
from fanzha.sim.issuers import ISSUER_BINS, issuer_of, luhn_digit, luhn_ok
from fanzha.sim.moneyworld import EXIT_KINDS, MULE_KINDS
from fanzha.sim.worlds import build_params, draw_world

from .conftest import City, build_city
from .test_worlds import EASY_DIGESTS


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> City:
    params = build_params(
        "realistic",
        persons=4000,
        days=4,
        seed=31,
        victims_per_10k_per_day=30,
        hard={"journey_variant_shares": {"defrauded_twice": 0.3}},
    )
    return build_city(tmp_path_factory.mktemp("money"), **params.model_dump())


def test_easy_city_is_unchanged_and_has_no_money_world(tmp_path: Path) -> None:
    overrides, events_digest, _ = EASY_DIGESTS[0]
    result = simulate(build_params("easy", **overrides), tmp_path)
    assert hashlib.sha256(result.events.read_bytes()).hexdigest() == events_digest
    truth = json.loads(result.truth.read_text(encoding="utf-8"))
    assert "cases" not in truth and "exits" not in truth
    assert truth["params"]["money"]["enabled"] is False


def test_luhn_matches_known_cards() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert luhn_digit("411111111111111") == "1"
    for bins in ISSUER_BINS.values():
        assert len(bins) >= 2 and all(len(b) == 6 and 16 <= n <= 19 for b, n in bins)


def test_events_are_contract_v1(world: City) -> None:
    assert [r for r in map(decode_event, world.lines) if isinstance(r, Rejection)] == []


def test_cards_carry_their_issuers_bin_and_a_valid_check_digit(world: City) -> None:
    cards = [
        e for e in world.events
        if e["kind"] == "account" and e.get("account_kind") in ("personal", "merchant")
        and e["bank"] in ISSUER_BINS and not e["account_id"].startswith("4")
    ]  # fmt: skip
    assert len(cards) > 1000
    lengths = Counter(len(e["account_id"]) for e in cards)
    assert {16, 19} <= set(lengths)
    for e in cards:
        assert luhn_ok(e["account_id"]), e
        assert issuer_of(e["account_id"]) == e["bank"], e
    bins = Counter(e["account_id"][:6] for e in cards if e["bank"] == "icbc")
    assert len(bins) >= 3  # several BINs per bank
    for account, mule in world.truth["mules"].items():
        if mule["kind"] in ("resident", "outside"):
            assert issuer_of(account) == mule["bank"], (account, mule)


def test_non_card_payees_travel_with_their_bank(world: City) -> None:
    mules = world.truth["mules"]
    corporate = {a: m["bank"] for a, m in mules.items() if m["kind"] == "corporate"}
    wallets = {a: m["bank"] for a, m in mules.items() if m["kind"] == "wallet"}
    seen = 0
    for e in world.events:
        if e["kind"] == "transfer" and e["to_account"] in corporate | wallets:
            assert e["to_bank"] == (corporate | wallets)[e["to_account"]]
            seen += 1
    assert seen
    assert set(wallets.values()) == {"alipay", "tenpay"}


def test_every_mule_kind_and_exit_kind_appears(world: City) -> None:
    truth = world.truth
    laundering = {k for k, m in truth["mules"].items() if m["role"] == "launder"}
    kinds = Counter(truth["mules"][a]["kind"] for a in laundering)
    assert set(kinds) == set(MULE_KINDS), kinds
    assert {m["ring"] for m in truth["mules"].values()} == {r["ring_id"] for r in truth["rings"]}
    assert set(truth["exits"].values()) == {*EXIT_KINDS, "payment_institution"}
    assert set(truth["money"]["cashed_out_by_exit"]) == set(EXIT_KINDS)
    assert not set(truth["exits"]) & set(truth["mules"])  # exits are never mules
    origins = Counter(m["origin"] for m in truth["mules"].values())
    assert {"new", "dormant", "own_card", "registered"} <= set(origins)


def test_each_case_balances_and_held_at_report_is_a_moment_of_it(world: City) -> None:
    truth = world.truth
    cases = truth["cases"]
    assert sum(c["stolen_fen"] for c in cases) == truth["stolen_to_mules_fen"] > 0
    for c in cases:
        assert c["stolen_fen"] == c["held_at_end_fen"] + c["cashed_out_fen"] + c["fees_fen"], c
        assert c["held_at_report_fen"] <= c["stolen_fen"]
        assert set(c["held_at_report"]) <= set(truth["mules"])
        assert set(c["held_at_end"]) <= set(truth["mules"])
    held: dict[str, int] = defaultdict(int)
    for c in cases:
        for account, fen in c["held_at_end"].items():
            held[account] += fen
    assert held == truth["recoverable"]
    assert truth["stolen_to_mules_fen"] == (
        truth["cashed_out_fen"] + sum(truth["recoverable"].values()) + truth["money"]["fees_fen"]
    )
    stolen = sum(world.by_id[t]["amount_fen"] for c in cases for t in c["victim_transfers"]
                 if t in world.by_id)  # fmt: skip
    assert 0 < stolen <= truth["stolen_to_mules_fen"]


def test_reports_are_messy_but_each_names_a_victim(world: City) -> None:
    reports = {e["id"]: e for e in world.events if e["kind"] == "report"}
    cases = [c for c in world.truth["cases"] if c["report_id"]]
    assert len(reports) == len({c["report_id"] for c in cases})
    phone_only = [r for r in reports.values() if "person_id" not in r]
    assert phone_only and all(r["phone"] for r in phone_only)
    assert any(not r.get("transfers") for r in reports.values())
    assert any(c["named_transfers"] and len(c["named_transfers"]) < len(c["victim_transfers"])
               for c in cases)  # fmt: skip
    assert any(c["reported_typology"] != c["typology"] for c in cases)
    for c in cases:
        report = reports[c["report_id"]]
        assert report.get("transfers", []) == c["named_transfers"]
        assert set(c["named_transfers"]) <= set(c["victim_transfers"])
    twice = Counter(c["person_id"] for c in world.truth["cases"])
    assert any(n == 2 for n in twice.values())
    for victim in world.truth["victims"]:
        assert [c["episode"] for c in victim["cases"]] == list(range(1, len(victim["cases"]) + 1))


def test_rings_link_their_cases_and_truth_says_whose_is_what(world: City) -> None:
    truth = world.truth
    members = truth["ring_membership"]
    assert set(members["accounts"]) == set(truth["mules"])
    assert set(members["cases"]) == {c["case_id"] for c in truth["cases"]}
    for ring in truth["rings"]:
        assert all(members["phones"][p] == ring["ring_id"] for p in ring["phones"])
        assert all(members["addresses"][a] == ring["ring_id"] for a in ring["addresses"])
    # two cases of one ring meet on a card past the first layer
    layer = {a: m["layer"] for a, m in truth["mules"].items()}
    met: dict[str, set[str]] = defaultdict(set)
    for c in truth["cases"]:
        for account in c["held_at_end"]:
            if layer[account] >= 2:
                met[account].add(c["case_id"])
    assert any(len(v) >= 2 for v in met.values())


def test_clean_money_surrounds_stolen_money(world: City) -> None:
    truth = world.truth
    mules = truth["mules"]
    own = {a for a, m in mules.items() if m["origin"] == "own_card"}
    transfers = [e for e in world.events if e["kind"] == "transfer"]
    clean_in = {e["to_account"] for e in transfers if e["from_account"] not in mules}
    clean_out = {e["from_account"] for e in transfers if e["to_account"] not in mules}
    stolen_in = {a for c in truth["cases"] for a in c["held_at_end"]}
    assert own & clean_in & clean_out & stolen_in  # salary and shopping around stolen money
    salaried = {e["to_account"] for e in transfers if e.get("memo") == "工资"}
    assert own & salaried
    batches = [world.by_id[t] for t in truth["laundering_transfers"] if t in world.by_id]
    assert any(b.get("memo") == "T+1结算" for b in batches)
    otc = set(truth["institutions"]["otc_traders"])
    paid_by_otc = {e["to_account"] for e in world.events
                   if e["kind"] == "transfer" and e["from_account"] in otc}  # fmt: skip
    assert paid_by_otc and not paid_by_otc & set(truth["mules"])


def test_atm_cash_out_keeps_to_the_daily_limit(world: City) -> None:
    limit = world.truth["params"]["money"]["atm_daily_limit_fen"]
    per_day: dict[tuple[str, str], int] = defaultdict(int)
    mules = world.truth["mules"]
    for e in world.unique():
        if e["kind"] == "withdrawal" and e["account_id"] in mules:
            per_day[(e["account_id"], e["ts"][:10])] += e["amount_fen"]
    assert per_day and max(per_day.values()) <= limit


def test_same_seed_same_world_and_worlds_draw_the_money_side(tmp_path: Path) -> None:
    def run(name: str, world: int | None) -> tuple[bytes, dict[str, Any]]:
        params = build_params("realistic", world=world, persons=800, days=2, seed=6)
        result = simulate(params, tmp_path / name)
        return result.events.read_bytes(), json.loads(result.truth.read_text("utf-8"))

    first, truth = run("a", None)
    again, truth_again = run("b", None)
    assert first == again and truth == truth_again
    other, _ = run("c", 4)
    assert other != first
    drawn = [draw_world(n)["money"] for n in range(4)]
    assert len({json.dumps(d, sort_keys=True) for d in drawn}) == 4
    assert all(d["enabled"] for d in drawn)
