"""Victims of every typology follow the signal sequences real cases show."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fanzha.contract.kinds import TYPOLOGIES
from fanzha.sim.victims import AGE_BANDS

from .conftest import City, build_city


def _ts(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()


def _signals(city: City, victim: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    events = [city.by_id[i] for i in victim["signal_events"]]
    return [e for e in events if e["kind"] == kind]


def _before_loss(city: City, victim: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    first_loss = _ts(victim["first_loss_ts"])
    return [e for e in _signals(city, victim, kind) if _ts(e["ts"]) < first_loss]


def test_every_typology_has_victims(city: City) -> None:
    assert {v["typology"] for v in city.truth["victims"]} == set(TYPOLOGIES)


def test_victims_pay_only_ring_mules_from_their_own_accounts(city: City) -> None:
    mules = set(city.truth["mule_accounts"])
    for victim in city.truth["victims"]:
        transfers = [city.by_id[t] for t in victim["victim_transfers"]]
        assert all(t["kind"] == "transfer" for t in transfers)
        assert all(t["to_account"] in mules for t in transfers)
        assert all(t["from_account"] in victim["accounts"] for t in transfers)
        if victim["cash_out"] == "transfer":
            assert transfers, victim["person_id"]
            assert victim["first_loss_ts"] == min(t["ts"] for t in transfers)
            paid = sum(t["amount_fen"] for t in transfers)
            assert victim["loss_fen"] == paid - victim["rebated_fen"]
        assert victim["first_contact_ts"] <= victim["first_loss_ts"]


def test_police_impersonation_starts_with_a_long_suspicious_call(city: City) -> None:
    police = [v for v in city.truth["victims"] if v["typology"] == "impersonate_police"]
    assert police
    for victim in police:
        calls = _before_loss(city, victim, "call")
        assert any(c["duration_s"] >= 600 and c["callee"] in victim["phones"] for c in calls)
        ring = next(r for r in city.truth["rings"] if r["ring_id"] == victim["ring_id"])
        assert all(c["caller"] in ring["phones"] for c in calls)


def test_service_impersonation_shares_the_screen_before_paying(city: City) -> None:
    victims = [v for v in city.truth["victims"] if v["typology"] == "impersonate_service"]
    assert victims
    for victim in victims:
        actions = [a["action"] for a in _before_loss(city, victim, "app")]
        assert "screen_share_start" in actions
        assert _before_loss(city, victim, "call")


def test_task_rebate_hooks_with_a_job_ad_and_pays_rebates_back(city: City) -> None:
    victims = [v for v in city.truth["victims"] if v["typology"] == "task_rebate"]
    assert victims
    for victim in victims:
        ads = _before_loss(city, victim, "sms")
        assert any(any(w in s["text"] for w in ("刷单", "点赞", "日结", "兼职")) for s in ads)
        rebates = [city.by_id[t] for t in victim["rebate_transfers"]]
        assert rebates and all(r["to_account"] in victim["accounts"] for r in rebates)
        first_rebate = min(r["ts"] for r in rebates)
        assert first_rebate > victim["first_loss_ts"]
        big = [t for t in victim["victim_transfers"] if city.by_id[t]["ts"] > first_rebate]
        assert big, "the stuck-order payments come after the first rebate"


def test_other_typologies_show_their_first_signal_before_the_loss(city: City) -> None:
    first_signal = {
        "investment": "web",
        "romance": "app",
        "fake_loan": "app",
        "fake_credit": "call",
        "game_trade": "web",
        "impersonate_acquaintance": "sms",
        "other": "sms",
    }
    for victim in city.truth["victims"]:
        kind = first_signal.get(victim["typology"])
        if kind:
            assert _before_loss(city, victim, kind), (victim["typology"], victim["person_id"])


def test_reports_reach_most_victims_and_name_their_transfers(city: City) -> None:
    victims = city.truth["victims"]
    reported = [v for v in victims if v["report_id"]]
    assert len(reported) >= 0.5 * len(victims)
    for victim in reported:
        report = city.by_id[victim["report_id"]]
        assert report["source"] in ("police:110", "police:96110")
        assert report["person_id"] == victim["person_id"]
        assert report["loss_fen"] == victim["loss_fen"]
        assert report["fraud_type"] == victim["typology"]
        assert set(report.get("transfers", [])) <= set(victim["victim_transfers"])
        paid = [city.by_id[t]["ts"] for t in victim["victim_transfers"]]
        assert report["ts"] > max([victim["first_loss_ts"], *paid])


def test_police_cash_and_gold_variants_leave_their_traces(tmp_path: Path) -> None:
    city = build_city(
        tmp_path,
        persons=800,
        days=1,
        seed=4,
        victims_per_10k_per_day=400,
        every_typology=False,
        typology_weights={"impersonate_police": 1.0},
        police_cash_courier_share=0.5,
        police_gold_mail_share=0.5,
    )
    victims = city.truth["victims"]
    variants = {v["cash_out"] for v in victims}
    assert variants == {"cash_courier", "gold_mail"}
    addresses = {e["account_id"]: e.get("address_on_file") for e in city.unique()
                 if e["kind"] == "account"}  # fmt: skip
    for victim in victims:
        assert victim["victim_transfers"] == [] and victim["handed_over_fen"] > 0
        if victim["cash_out"] == "cash_courier":
            cash = _signals(city, victim, "withdrawal")
            assert [w["channel"] for w in cash] == ["counter"]
            assert cash[0]["amount_fen"] == victim["loss_fen"]
            for order in _signals(city, victim, "order"):
                assert order["passengers"] == 0 and order["item"]
                assert order["requester"] in victim["phones"]
                assert order["ts"] > cash[0]["ts"]
        else:
            (gold,) = _signals(city, victim, "gold_purchase")
            assert gold["channel"] == "app" and gold["delivery"] == "mail"
            assert gold["delivery_address"] != addresses[gold["account_id"]]
    assert any(_signals(city, v, "order") for v in victims)
    assert any(_signals(city, v, "parcel") for v in victims)


def test_ring_numbers_carry_the_telecoms_tags_consistently(city: City) -> None:
    tags = {p: t for r in city.truth["rings"] for p, t in r["phone_tags"].items()}
    ring_phones = {p for r in city.truth["rings"] for p in r["phones"]}
    calls = [e for e in city.unique() if e["kind"] == "call" and e["caller"] in ring_phones]
    assert any(c["caller_tags"] for c in calls) and any(not c["caller_tags"] for c in calls)
    for call in calls:
        assert call["caller_tags"] == tags.get(call["caller"], [])


def test_investment_and_romance_grooming_can_last_days_but_losses_stay_in_the_run(
    tmp_path: Path,
) -> None:
    city = build_city(
        tmp_path,
        persons=500,
        days=8,
        seed=2,
        victims_per_10k_per_day=150,
        every_typology=False,
        typology_weights={"investment": 1.0, "romance": 1.0},
    )
    end = _ts(city.truth["end"])
    spans = [_ts(v["first_loss_ts"]) - _ts(v["first_contact_ts"]) for v in city.truth["victims"]]
    assert max(spans) > 86400 and min(spans) < 86400
    before_last_day = [v for v in city.truth["victims"] if _ts(v["first_contact_ts"]) < end - 86400]
    for victim in before_last_day:  # (a scam begun on the last evening may run past the end)
        last_payment = max(city.by_id[t]["ts"] for t in victim["victim_transfers"])
        assert _ts(last_payment) < end


def test_each_scam_reaches_the_ages_it_mostly_reaches(city: City) -> None:
    born = {e["person_id"]: e["birth_year"] for e in city.unique() if e["kind"] == "person"}
    year = city.params.start.year
    for victim in city.truth["victims"]:
        low, high = AGE_BANDS.get(victim["typology"], (0, 200))
        assert low <= year - born[victim["person_id"]] <= high, victim["typology"]
