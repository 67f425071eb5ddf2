"""``fanzha simulate``: build the city, live its days, write events and truth."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from random import Random
from typing import Any

from fanzha.contract.kinds import TYPOLOGIES
from fanzha.sim.fraud import Fraud, Truth, iso
from fanzha.sim.geography import DISTRICTS
from fanzha.sim.institutions import Aggregator, Payments
from fanzha.sim.issuers import IssuerNumbers
from fanzha.sim.laundering import Launderer
from fanzha.sim.life import Life
from fanzha.sim.money_refs import money_reference_events, org_record, renumber_orgs
from fanzha.sim.money_truth import add_money_truth
from fanzha.sim.mules import assign_kinds, draw_style
from fanzha.sim.observe import Observability
from fanzha.sim.params import SimParams
from fanzha.sim.population import AccountNumbers, Org, Resident, build_orgs, build_residents
from fanzha.sim.rings import Ring, build_ring, use_mobile_numbers
from fanzha.sim.sink import CST, EventSink
from fanzha.sim.traps import Traps, add_trap_orgs
from fanzha.sim.victims import contact_without_loss, pick_victim, plan_victims, poisson, run_case

BENIGN_KEYS = [
    "overseas_relative_calls",
    "work_screen_share",
    "marketing_dialer",
    "big_purchase",
    "gold_to_relative",
    "item_only_delivery",
    "rented_card_normal_life",
]


@dataclass
class SimResult:
    events: Path
    truth: Path
    written: int
    victims: int
    duplicates: int
    late: int


Progress = Callable[[str, int], None]
"""progress(stage, done_units) — called as work advances."""


def simulate(params: SimParams, out: Path, progress: Progress | None = None) -> SimResult:
    out.mkdir(parents=True, exist_ok=True)
    rng = Random(params.seed)
    money = params.money
    issuers = IssuerNumbers() if money.active else None
    numbers = issuers or AccountNumbers()
    residents = build_residents(params.persons, rng, numbers)
    orgs = build_orgs(residents, rng, numbers)
    hard = params.hard
    if hard.active:
        add_trap_orgs(orgs, rng, numbers)
    if issuers is not None:
        renumber_orgs(orgs, issuers)
    recruited: set[int] = set()
    generations = -(-params.days // params.mule_lifetime_days)
    rings = [
        build_ring(
            i + 1,
            rng,
            numbers,
            residents,
            params.outside_mule_share,
            recruited,
            generations,
            params.ring_phone_tagged_share,
        )
        for i in range(max(3, params.persons // params.persons_per_ring))
    ]
    if hard.ring_mobile_number_share > 0:
        for ring in rings:
            use_mobile_numbers(ring, rng, hard.ring_mobile_number_share)
    shells: dict[str, str] = {}
    if issuers is not None:
        shells = assign_kinds(rings, rng, issuers, money)
    observe = Observability(hard.sharing) if hard.sharing is not None else None
    if observe is not None:
        observe.know_sellers({o.org_id: o.account_id for o in orgs["gold_sellers"]})
    if observe is not None and issuers is not None and money.credit_side_visible:
        observe.payee_bank = issuers.bank_of
    sink = EventSink(
        out,
        rng,
        params.duplicate_share,
        params.late_share,
        params.max_lateness_minutes * 60,
        observe,
    )
    start = datetime.combine(params.start, time(), CST).timestamp()
    benign: dict[str, set[str]] = {key: set() for key in BENIGN_KEYS}
    lifetime_s = params.mule_lifetime_days * 86400
    end = start + params.days * 86400
    if issuers is None:
        _rent_cards(rings, residents, rng, params, benign)
    else:
        _own_cards(rings, residents, benign)
    _reference_events(sink, residents, orgs, rings, start, rng, lifetime_s, issuers is not None)
    life = Life(sink, rng, params, residents, orgs, benign)
    traps = Traps(life, dict(hard.lookalike_rates), hard.lookalike_text_obfuscation_share)
    if hard.lookalike_rates:
        life.extra_day.append(traps.day)
    truth = Truth()
    fraud = Fraud(life, rings, truth, start=start, end=end, numbers=numbers)
    payments: Payments | None = None
    if issuers is not None:
        payments = Payments(sink, rng, money, issuers, residents, orgs, start, end,
                            Aggregator(start, money.settlement_fee_share))  # fmt: skip
        payments.setup(recruited)
        payments.mule_subs = [(m.account_id, m) for r in rings for m in r.mules()
                              if m.kind == "aggregator"]  # fmt: skip
        money_reference_events(sink, rings, residents, shells, payments, start, lifetime_s, rng)
        life.payee_bank = issuers.booked_bank
        life.extra_day.append(payments.resident_day)
        styles = {r.ring_id: draw_style(rng, money) for r in rings}
        fraud.laundering = Launderer(payments, money, styles, start, end,
                                     params.left_in_place_share, params.untouched_share,
                                     params.early_settle_share)  # fmt: skip
    contacts: list[dict[str, Any]] = []
    plan = plan_victims(params, rng)
    taken: set[int] = set(recruited)
    for day in range(params.days):
        day_start = start + day * 86400
        thin = params.background_share < 1
        for i, resident in enumerate(residents):
            if not thin or rng.random() < params.background_share:
                life.day(resident, day_start, day)
            if progress is not None and i % 5000 == 4999:
                progress("living", 5000)
        if progress is not None:
            progress("living", len(residents) % 5000)
        if payments is not None:
            payments.city_day(day_start)
        for typology in plan[day]:
            victim = pick_victim(residents, taken, rng, typology, params.start.year)
            run_case(fraud, victim, typology, day_start)
        if day == 0:
            _early_victims(params, fraud, residents, taken, rng, day_start)
        for kind, rate in (
            ("hung_up_call", hard.hang_up_calls_per_10k_per_day),
            ("ignored_lure_sms", hard.lure_blasts_per_10k_per_day),
        ):
            for _ in range(poisson(rng, params.persons * rate / 10_000) if rate > 0 else 0):
                resident = residents[rng.randrange(len(residents))]
                contacts.append(contact_without_loss(fraud, resident, kind, day_start))
    truth_path = out / "truth.json"
    launderer = fraud.laundering
    if payments is not None and launderer is not None:
        truth.laundering += launderer.laundering + payments.flush()
        summary = launderer.summary()
        truth.held.update(summary["held"])
        truth.cashed_out = summary["cashed_out"]
    _write_truth(truth_path, params, truth, rings, orgs, benign, start)
    if hard.active or params.world is not None:
        _add_hard_truth(truth_path, params, traps, contacts, observe)
    if payments is not None and launderer is not None:
        add_money_truth(truth_path, launderer, payments, rings, shells, truth.cases)
    residents.clear()  # a million residents weigh a gigabyte: free them before sorting
    events = sink.finish()
    return SimResult(
        events=events,
        truth=truth_path,
        written=sink.written,
        victims=len(truth.victims),
        duplicates=sink.duplicates,
        late=sink.late,
    )


def _rent_cards(
    rings: list[Ring],
    residents: list[Resident],
    rng: Random,
    params: SimParams,
    benign: dict[str, set[str]],
) -> None:
    """Some residents rent their card to a ring and keep using it themselves."""
    by_id = {r.person_id: r for r in residents}
    for ring in rings:
        for mule in ring.mules():
            if mule.holder and mule.generation == 0 and rng.random() < params.rented_card_share:
                resident = by_id[mule.holder]
                resident.accounts.append((mule.account_id, mule.bank))
                benign["rented_card_normal_life"].add(resident.person_id)


def _own_cards(rings: list[Ring], residents: list[Resident], benign: dict[str, set[str]]) -> None:
    """Hard money worlds: a rented own card stays the holder's everyday card
    (salary, rent, groceries), the clean money around the stolen money."""
    by_id = {r.person_id: r for r in residents}
    for ring in rings:
        for mule in ring.mules():
            if mule.origin == "own_card" and mule.holder:
                resident = by_id[mule.holder]
                resident.accounts.insert(0, (mule.account_id, mule.bank))
                benign["rented_card_normal_life"].add(resident.person_id)


def _reference_events(
    sink: EventSink,
    residents: list[Resident],
    orgs: dict[str, list[Org]],
    rings: list[Ring],
    start: float,
    rng: Random,
    lifetime_s: float,
    money: bool = False,
) -> None:
    """Hukou and account records; with ``money`` the money world writes the mules'
    account records itself (``money_refs``) and every record carries ``account_kind``."""
    before = start - 86400
    mule_accounts = {m.account_id for ring in rings for m in ring.mules()}
    for r in residents:
        name, code, _ = DISTRICTS[r.district]
        sink.emit(
            "person",
            before + rng.uniform(0, 3600),
            "police:hukou",
            {
                "person_id": r.person_id,
                "phones": r.phones,
                "district": name,
                "district_code": code,
                "address": r.address,
                "birth_year": r.birth_year,
                "name": r.name,
                "community": r.community,
            },
            prefix="per-",
            faults=False,
        )
        for account_id, bank in r.accounts:
            if account_id in mule_accounts:
                continue
            opened = (
                datetime.fromtimestamp(start, CST).date() - timedelta(days=rng.randint(200, 6000))
            ).isoformat()
            sink.emit(
                "account",
                before + rng.uniform(3600, 7200),
                f"bank:{bank}",
                {
                    "account_id": account_id,
                    "bank": bank,
                    "holder": r.person_id,
                    "address_on_file": r.address,
                    "opened": opened,
                }
                | ({"account_kind": "personal"} if money else {}),
                prefix="acc-",
                faults=False,
            )
    for kind, group in orgs.items():
        for org in group:
            fields: dict[str, Any] = {
                "account_id": org.account_id,
                "bank": org.bank,
                "holder": org.org_id,
                "opened": "2015-06-01",
            }
            if money:  # businesses opened their accounts over the years, under a company code
                fields.update(org_record(org, kind, start, rng))
            sink.emit(
                "account",
                before + rng.uniform(3600, 7200),
                f"bank:{org.bank}",
                fields,
                prefix="acc-",
                faults=False,
            )
    if money:
        return
    holders = {m.holder for ring in rings for m in ring.mules() if m.holder}
    address_of = {r.person_id: r.address for r in residents if r.person_id in holders}
    for ring in rings:
        for mule in ring.mules():
            if not mule.partner or mule.holder is None:
                continue  # outside holders' accounts appear only as ids, as in real data
            if mule.generation == 0:
                sent = before + rng.uniform(3600, 7200)
                opened_ts = start - rng.randint(3, 60) * 86400
            else:  # opened a few days before the ring switches to it, reported as it opens
                generation_start = start + mule.generation * lifetime_s
                ahead = rng.uniform(0.2, 0.9) * min(5 * 86400, lifetime_s)
                sent = opened_ts = generation_start - ahead
            opened = datetime.fromtimestamp(opened_ts, CST).date().isoformat()
            sink.emit(
                "account",
                sent,
                f"bank:{mule.bank}",
                {
                    "account_id": mule.account_id,
                    "bank": mule.bank,
                    "holder": mule.holder,
                    "address_on_file": address_of[mule.holder],
                    "opened": opened,
                },
                prefix="acc-",
                faults=False,
            )


def _add_hard_truth(
    path: Path,
    params: SimParams,
    traps: Traps,
    contacts: list[dict[str, Any]],
    observe: Observability | None,
) -> None:
    """The hard city's answer key: the world drawn, look-alikes, contacts without loss,
    and what the observability draw removed."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["lookalikes"] = traps.records
    data["scam_contacts_without_loss"] = contacts
    if observe is not None:
        data["observability"] = {
            "dropped_by_source": dict(sorted(observe.dropped.items())),
            "sms_text_blanked": observe.blanked,
        }
        if observe.payee_bank is not None:
            data["observability"]["seen_from_payee_bank"] = observe.credited
        sharing = set(observe.sharing.banks)
        for mule in data["mules"].values():  # a partner bank in name may still share nothing
            mule["shares_data"] = mule["bank"] in sharing
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _write_truth(
    path: Path,
    params: SimParams,
    truth: Truth,
    rings: list[Ring],
    orgs: dict[str, list[Org]],
    benign: dict[str, set[str]],
    start: float,
) -> None:
    data: dict[str, Any] = {
        "seed": params.seed,
        "persons": params.persons,
        "days": params.days,
        "start": iso(start),
        "end": iso(start + params.days * 86400),
        "params": params.model_dump(mode="json"),
        "victims": truth.victims,
        "rings": [
            {
                "ring_id": r.ring_id,
                "phones": r.phones,
                "tagged_phones": sorted(r.tags),
                "phone_tags": dict(sorted(r.tags.items())),
                "sms_senders": r.sms_senders,
                "domains": sorted({d for ds in r.domains.values() for d in ds}),
                "apps": sorted({a for xs in r.apps.values() for a in xs}),
                "mule_accounts": [m.account_id for m in r.mules()],
                "addresses": r.addresses,
            }
            for r in rings
        ],
        "mule_accounts": sorted({m.account_id for r in rings for m in r.mules()}),
        "mules": {
            m.account_id: {
                "layer": m.layer,
                "generation": m.generation,
                "role": "payout" if m.layer == 0 else "launder",
                "bank": m.bank,
                "holder": m.holder,
                "partner_bank": m.partner,
            }
            for r in rings
            for m in r.mules()
        },
        "laundering_transfers": truth.laundering,
        "recoverable": {k: v for k, v in sorted(truth.held.items()) if v > 0},
        "stolen_to_mules_fen": truth.stolen_to_mules,
        "cashed_out_fen": truth.cashed_out,
        "rebates_paid_fen": truth.rebates_paid,
        "hubs": {kind: [o.account_id for o in group] for kind, group in orgs.items()},
        "benign": {k: sorted(v) for k, v in benign.items()},
        "world": {
            "preset": params.preset,
            "seed": params.world,
            "drawn": params.world_draw or None,
            "hard": params.hard.model_dump(mode="json") if params.hard.active else None,
        },
        "lookalikes": [],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _early_victims(
    params: SimParams,
    fraud: Fraud,
    residents: list[Resident],
    taken: set[int],
    rng: Random,
    day_start: float,
) -> None:
    """More victims in each of ``params.early_victim_districts``, first contacted soon
    after ``early_victim_from``: a demo district's officer has work in the first minutes.
    Drawn after the day's planned victims, so a city without them is unchanged."""
    if not params.early_victim_districts:
        return
    hour, minute = (int(part) for part in params.early_victim_from.split(":"))
    begin = hour * 3600 + minute * 60
    window = (begin, begin + params.early_victim_window_minutes * 60)
    names = [name for name, _, _ in DISTRICTS]
    weights = [params.typology_weights.get(t, 0.0) for t in TYPOLOGIES]
    for district in params.early_victim_districts * params.early_victims_per_district:
        typology = params.early_victim_typology or (
            rng.choices(TYPOLOGIES, weights)[0] if any(weights) else TYPOLOGIES[0]
        )
        victim = pick_victim(
            residents, taken, rng, typology, params.start.year, names.index(district)
        )
        run_case(fraud, victim, typology, day_start, window)
