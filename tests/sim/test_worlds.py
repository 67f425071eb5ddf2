"""Presets and randomised worlds: the easy city unchanged, hard cities that carry
partial data sharing, disguised lures, labelled look-alikes and harder journeys."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.contract.errors import Rejection
from fanzha.contract.readers import decode_event
from fanzha.sim import SimParams, simulate
from fanzha.sim.hardness import JOURNEY_VARIANTS, LOOKALIKE_KINDS
from fanzha.sim.lure_texts import GENERIC_APP_STEMS, GENERIC_APP_VENDORS, MORE_LURES
from fanzha.sim.population import PARTNER_BANKS
from fanzha.sim.worlds import build_params, draw_world

from .conftest import City, build_city

# Digests of cities written by the simulator before presets existed (commit 03fb4a1):
# the events file byte for byte, and truth.json's keys of then (params aside).
EASY_DIGESTS = [
    (
        {"persons": 1500, "days": 2, "seed": 5, "victims_per_10k_per_day": 30},
        "18320ef9c0faf0b6750ebfac633bdb6671d8feac6d0cb9aea03cfa5d58436aae",
        "5fc7b3c1960222a669347ea7d689e94fc1def94128cca82e0a1d608491608933",
    ),
    (
        {"persons": 600, "days": 3, "seed": 9, "victims_per_10k_per_day": 40,
         "mule_lifetime_days": 1},
        "047b97d1ebd87836dded709210b86ac236a4cdcc6f8a6a19c025ab6e4f14ae69",
        "1103663e00dd81ec8805dd988fccd348ed81f027d2996ac958ea246ab347570b",
    ),
]  # fmt: skip
OLD_TRUTH_KEYS = [
    "seed",
    "persons",
    "days",
    "start",
    "end",
    "victims",
    "rings",
    "mule_accounts",
    "mules",
    "laundering_transfers",
    "recoverable",
    "stolen_to_mules_fen",
    "cashed_out_fen",
    "rebates_paid_fen",
    "hubs",
    "benign",
]
OLD_VICTIM_KEYS = [
    "person_id",
    "typology",
    "phones",
    "accounts",
    "ring_id",
    "first_contact_ts",
    "first_loss_ts",
    "loss_fen",
    "paid_fen",
    "rebated_fen",
    "handed_over_fen",
    "victim_transfers",
    "rebate_transfers",
    "cash_out",
    "signal_events",
    "report_id",
    "reported_ts",
]


def _old_truth_digest(truth: dict[str, Any]) -> str:
    old = {k: truth[k] for k in OLD_TRUTH_KEYS}
    old["victims"] = [{k: v[k] for k in OLD_VICTIM_KEYS} for v in truth["victims"]]
    text = json.dumps(old, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize(("overrides", "events_digest", "truth_digest"), EASY_DIGESTS)
def test_easy_preset_is_the_old_city_byte_for_byte(
    tmp_path: Path, overrides: dict[str, Any], events_digest: str, truth_digest: str
) -> None:
    params = build_params("easy", **overrides)
    assert params == build_params(**overrides)  # easy is the default
    result = simulate(params, tmp_path)
    assert hashlib.sha256(result.events.read_bytes()).hexdigest() == events_digest
    truth = json.loads(result.truth.read_text(encoding="utf-8"))
    assert _old_truth_digest(truth) == truth_digest
    assert truth["world"] == {"preset": "easy", "seed": None, "drawn": None, "hard": None}
    assert truth["lookalikes"] == []
    assert all(v["observable_before_loss"] for v in truth["victims"])


def test_world_draws_are_deterministic_per_seed_and_differ_across_seeds() -> None:
    assert draw_world(3) == draw_world(3)
    draws = [draw_world(n) for n in range(6)]
    for key in ("signal_drop_share", "tagged_call_share", "typology_weights"):
        assert len({json.dumps(d[key], sort_keys=True) for d in draws}) == 6
    sharing = [json.dumps(d["hard"]["sharing"], sort_keys=True) for d in draws]
    assert len(set(sharing)) == 6
    for d in draws:  # every drawn world is a valid one
        params = build_params(world=0, **{k: v for k, v in d.items() if k != "hard"})
        assert params.hard.active
        assert any(m == "full" for m in d["hard"]["sharing"]["telecoms"].values())


def test_same_world_same_bytes_other_world_other_city(tmp_path: Path) -> None:
    def run(world: int, name: str) -> bytes:
        params = build_params(world=world, persons=600, days=2, seed=4)
        return simulate(params, tmp_path / name).events.read_bytes()

    first, again, other = run(8, "a"), run(8, "b"), run(9, "c")
    assert first == again
    assert first != other
    # truth.json's params reproduce the world exactly
    truth = json.loads((tmp_path / "a" / "truth.json").read_text(encoding="utf-8"))
    assert truth["world"]["seed"] == 8 and truth["world"]["drawn"] == draw_world(8)
    params = SimParams.model_validate(truth["params"])
    assert simulate(params, tmp_path / "d").events.read_bytes() == first


@pytest.fixture(scope="module")
def hard(tmp_path_factory: pytest.TempPathFactory) -> City:
    params = build_params("realistic", persons=4000, days=3, seed=21, victims_per_10k_per_day=25)
    return build_city(tmp_path_factory.mktemp("realistic"), **params.model_dump())


def test_realistic_events_are_valid_contract_v1(hard: City) -> None:
    rejected = [r for r in map(decode_event, hard.lines) if isinstance(r, Rejection)]
    assert rejected == []
    assert hard.truth["world"]["preset"] == "realistic"
    assert hard.truth["world"]["hard"]["sharing"]["telecoms"]["cucc"] == "sms_text_blanked"


def test_every_lookalike_kind_appears_labelled_with_its_events(hard: City) -> None:
    records = hard.truth["lookalikes"]
    assert set(Counter(r["kind"] for r in records)) == set(LOOKALIKE_KINDS)
    phones = {p: e["person_id"] for e in hard.events if e["kind"] == "person" for p in e["phones"]}
    for record in records:
        assert record["event_ids"], record
        assert set(record["observed_event_ids"]) <= set(record["event_ids"])
        seen = [hard.by_id[i] for i in record["observed_event_ids"]]
        first = (
            min(datetime.fromisoformat(hard.by_id[i]["ts"]) for i in record["observed_event_ids"])
            if seen
            else None
        )
        if first is not None:
            assert datetime.fromisoformat(record["ts"]) <= first
        for event in seen:  # each observed event concerns the labelled person
            person = {phones.get(event.get(k, "")) for k in ("receiver", "callee", "phone")}
            if event["kind"] in ("sms", "call", "app"):
                assert record["person_id"] in person, (record, event)
        missing = set(record["event_ids"]) - set(record["observed_event_ids"])
        assert not missing & set(hard.by_id)  # unshared events are really absent


def test_benign_texts_use_the_lures_words(hard: City) -> None:
    ids = {i for r in hard.truth["lookalikes"] for i in r["observed_event_ids"]}
    texts = [hard.by_id[i]["text"] for i in ids if hard.by_id[i]["kind"] == "sms"]
    for word in ("兼职", "佣金", "退款", "理赔", "刷单", "安全账户"):
        assert any(word in t for t in texts), word
    senders = {hard.by_id[i]["sender"] for i in ids if hard.by_id[i]["kind"] == "sms"}
    assert {"12381", "96110"} & senders
    tags = [hard.by_id[i]["caller_tags"] for i in ids if hard.by_id[i]["kind"] == "call"]
    assert ["mass_dialer", "reported_fraud"] in tags


def test_observability_removes_what_non_sharing_partners_hold(hard: City) -> None:
    sharing = hard.truth["world"]["hard"]["sharing"]
    silent_banks = set(PARTNER_BANKS) - set(sharing["banks"])
    sources = Counter(e["source"] for e in hard.events)
    assert not {s for s in sources if s.split(":")[1] in silent_banks and s.startswith("bank:")}
    assert not {
        s for s in sources if s.startswith("platform:") and s[9:] not in sharing["platforms"]
    }
    assert not {s for s in sources if s.startswith("express:") and s[8:] not in sharing["carriers"]}
    ctcc = [e for e in hard.events if e["source"] == "telecom:ctcc"]
    assert ctcc and all(e["kind"] == "call" and e["caller_tags"] for e in ctcc)
    cucc_sms = [e for e in hard.events if e["source"] == "telecom:cucc" and e["kind"] == "sms"]
    assert cucc_sms and all(e["text"] == "" for e in cucc_sms)
    # a silent bank's accounts still appear as ids in sharing banks' transfers
    bins = tuple(PARTNER_BANKS[b] for b in silent_banks)
    assert any(e["kind"] == "transfer" and e["to_account"].startswith(bins) for e in hard.events)
    assert hard.truth["observability"]["dropped_by_source"]
    silent_mules = {a: m["bank"] for a, m in hard.truth["mules"].items() if not m["shares_data"]}
    assert silent_mules
    # a silent bank sends nothing of its own; what its accounts pay out reaches the center
    # only from the payee's bank (the credit side of the payment), never from the silent one
    for e in hard.events:
        if e["kind"] == "transfer" and e["from_account"] in silent_mules:
            assert e["source"] != f"bank:{silent_mules[e['from_account']]}", e
            assert e["source"][5:] in sharing["banks"], e


def test_lures_and_sites_are_disguised(hard: City) -> None:
    victims = hard.truth["victims"]
    used = Counter(o for v in victims for o in v.get("obfuscations", []))
    assert len(used) >= 4
    lure_ids = {i for v in victims for i in v["signal_events"]}
    lure_ids |= {
        i for c in hard.truth["scam_contacts_without_loss"] for i in c["observed_event_ids"]
    }
    texts = [
        hard.by_id[i]["text"]
        for i in lure_ids
        if i in hard.by_id and hard.by_id[i]["kind"] == "sms"
    ]
    assert any(re.search("[\u200b\u200c\u200d\ufeff]", t) for t in texts)
    assert any(re.search("[０-９]", t) for t in texts)
    assert any(re.search("薇|\\+V|➕V|vx|威信|加微", t) for t in texts)
    urls = [u for v in victims for u in v.get("disguised_urls", [])]
    in_file = {hard.by_id[i].get("url") for i in lure_ids if i in hard.by_id}
    assert urls and any(u in in_file for u in urls)  # some visits were on a silent telecom


def test_victims_carry_variants_and_the_observable_ceiling(hard: City) -> None:
    victims = hard.truth["victims"]
    variants = Counter(x for v in victims for x in v["variants"])
    assert set(variants) <= set(JOURNEY_VARIANTS)
    assert len(variants) >= 6
    start = datetime.fromisoformat(hard.truth["start"])
    for v in victims:
        first_loss = datetime.fromisoformat(v["first_loss_ts"])
        observable = v["observable_events_before_loss"]
        assert v["observable_before_loss"] == bool(observable)
        for event_id in observable:
            assert datetime.fromisoformat(hard.by_id[event_id]["ts"]) <= first_loss
        # nothing of the story that reached the file precedes the loss unless listed
        story = set(v["signal_events"]) | set(v["victim_transfers"]) | set(v["rebate_transfers"])
        early = {
            i for i in story
            if i in hard.by_id and datetime.fromisoformat(hard.by_id[i]["ts"]) < first_loss
        }  # fmt: skip
        assert early <= set(observable) | {
            i for i in story if hard.by_id.get(i, {}).get("ts") == v["first_loss_ts"]
        }
        if "hidden_grooming" in v["variants"]:
            assert datetime.fromisoformat(v["first_contact_ts"]) < start + (first_loss - start)
    assert any(not v["observable_before_loss"] for v in victims)
    assert any(v["observable_before_loss"] for v in victims)


def test_unknown_kinds_and_presets_are_refused_by_name() -> None:
    with pytest.raises(ValidationError, match="unknown lookalike kind: wedding"):
        build_params(hard={"lookalike_rates": {"wedding": 0.1}})
    with pytest.raises(ValueError, match="unknown preset 'hard'"):
        build_params("hard")
    result = CliRunner().invoke(app, ["simulate", "--preset", "nightmare", "--out", "/tmp/x"])
    assert result.exit_code != 0 and "unknown preset 'nightmare'" in result.output


def test_help_documents_presets_and_worlds() -> None:
    result = CliRunner().invoke(app, ["simulate", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--preset" in result.output and "--world" in result.output
    assert "realistic" in result.output and "domain randomisation" in result.output


@pytest.fixture(scope="module")
def every_variant(tmp_path_factory: pytest.TempPathFactory) -> City:
    """Every victim takes every variant (all partners share, so every step is in the file)."""
    shares = dict.fromkeys(JOURNEY_VARIANTS, 1.0)
    params = build_params(
        persons=2000, days=4, seed=3, victims_per_10k_per_day=30, signal_drop_share=0,
        hard={"journey_variant_shares": shares},
    )  # fmt: skip
    return build_city(tmp_path_factory.mktemp("variants"), **params.model_dump())


def test_each_journey_variant_leaves_its_trace(every_variant: City) -> None:
    city = every_variant
    victims = city.truth["victims"]
    hubs = city.truth["hubs"]
    lenders = set(hubs["lenders"])
    payment_hubs = set(hubs["payment_hubs"])
    for v in victims:
        first_loss = v["first_loss_ts"]
        # hidden grooming: no sms/call/web/app of the story before the first money
        before = [city.by_id[i] for i in v["signal_events"] if city.by_id[i]["ts"] < first_loss]
        if "hidden_grooming" in v["variants"]:
            assert not [e for e in before if e["kind"] in ("sms", "call", "web", "app")], v
        assert v["first_contact_ts"] < city.truth["start"] or v["first_contact_ts"] < first_loss
        # through a payment platform: the victim's transfers go to a wallet clearing account
        # (task_rebate's small tasks and a second scam's payments go straight to mules)
        again = {t for e in v.get("episodes", []) for t in e["victim_transfers"]}
        first_episode = [t for t in v["victim_transfers"] if t not in again]
        if first_episode:  # (cash by courier and gold by mail pay no transfer)
            assert city.by_id[first_episode[-1]]["to_account"] in payment_hubs
        for tx in v.get("loan_transfers", []):  # a licensed lender paid the loan out
            assert city.by_id[tx]["from_account"] in lenders
            assert city.by_id[tx]["memo"] == "借款放款"
        if v["typology"] in ("impersonate_service", "fake_loan"):
            assert "long_call_screen_share" in v["variants"]
            assert "hidden_grooming" not in v["variants"]
            calls = [city.by_id[i] for i in v["signal_events"] if city.by_id[i]["kind"] == "call"]
            assert any(c["duration_s"] >= 20 * 60 and not c["caller_tags"] for c in calls)
    payers = [tx for v in victims for tx in v["victim_transfers"]]
    own = {a for v in victims for a in v["accounts"]}
    outside = [t for t in payers if city.by_id[t]["from_account"] not in own]
    assert sum("hidden_grooming" in v["variants"] for v in victims) > len(victims) // 2
    assert outside  # paid from a parent's or the company's account
    assert {v.get("payer") for v in victims} >= {"relative"}
    assert any(v.get("loan_transfers") for v in victims)
    assert any(v.get("consolidation_transfers") for v in victims)
    assert any(v.get("episodes") for v in victims)  # defrauded twice
    memos = Counter(city.by_id[t].get("memo") for t in payers)
    assert {"收益"} <= {city.by_id[t].get("memo") for v in victims for t in v["rebate_transfers"]}
    assert sum(memos[m] for m in ("手续费", "税费", "保证金", "解冻费", "会员升级费", "通道费")) > 0
    truth = city.truth  # money is still conserved
    assert truth["stolen_to_mules_fen"] == truth["cashed_out_fen"] + sum(
        truth["recoverable"].values()
    )
    assert truth["stolen_to_mules_fen"] == sum(city.by_id[t]["amount_fen"] for t in payers)


def test_ring_numbers_apps_and_senders_do_not_give_themselves_away(hard: City) -> None:
    mobile = re.compile(r"^\+861[3-9]\d{9}$")
    ring_phones = [p for r in hard.truth["rings"] for p in r["phones"]]
    assert any(mobile.match(p) for p in ring_phones)  # bought real-name SIMs
    tagged_mobiles = [p for r in hard.truth["rings"] for p in r["tagged_phones"] if mobile.match(p)]
    assert tagged_mobiles
    ids = {i for v in hard.truth["victims"] for i in v["signal_events"]}
    ids |= {i for c in hard.truth["scam_contacts_without_loss"] for i in c["observed_event_ids"]}
    signals = [hard.by_id[i] for i in ids if i in hard.by_id]  # (some were not shared)
    assert any(e["kind"] == "sms" and e["sender"].startswith("106") for e in signals)
    bland = re.compile(
        rf"^com\.({'|'.join(GENERIC_APP_VENDORS)})\.({'|'.join(GENERIC_APP_STEMS)})\d+$"
    )
    assert any(e["kind"] == "app" and bland.match(e["app"]) for e in signals)
    wide = {t.split("{")[0] for ts in MORE_LURES.values() for t in ts}
    texts = [e["text"] for e in signals if e["kind"] == "sms"]
    assert any(any(w and w[:8] in t for w in wide) for t in texts)
