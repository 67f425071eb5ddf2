"""Who gets defrauded, by which ring, along which variants; and the scam contacts that fail."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fanzha.exam.journeys import JOURNEYS, VARIANTS_OF
from fanzha.exam.life import Hubs
from fanzha.exam.scams import Ring, Steps, Story
from fanzha.exam.texts import LURES, fill, obfuscate
from fanzha.exam.world import Ev, World

AGE_BANDS: dict[str, tuple[int, int]] = {
    "impersonate_police": (18, 80),
    "investment": (28, 68),
    "task_rebate": (18, 45),
    "fake_loan": (20, 50),
    "impersonate_service": (20, 65),
    "fake_credit": (18, 35),
    "romance": (25, 60),
    "game_trade": (16, 30),
    "impersonate_acquaintance": (25, 75),
    "other": (18, 80),
}
TAKES_THE_MIX = (
    "grooming_unseen",
    "test_payment_back",
    "fee_ladder",
    "licensed_loan",
    "consolidate",
    "wallet",
    "proxy_payer",
    "cash_courier",
    "gold",
    "twice",
    "silent_call",
)


def pick_victims(w: World, excluded: set[int]) -> list[tuple[int, str]]:
    p = w.p
    count = w.poisson(p.victims_per_10k_per_day * p.persons / 10_000 * p.days)
    typologies = sorted(p.typology_mix)
    weights = [p.typology_mix[t] for t in typologies]
    total = sum(weights)
    drawn = [
        typologies[int(i)]
        for i in w.rng.choice(len(typologies), size=count, p=[x / total for x in weights])
    ]
    drawn += [t for t in typologies if t not in drawn]  # every typology once at least
    year = w.start.year
    chosen: list[tuple[int, str]] = []
    for typology in drawn:
        lo, hi = AGE_BANDS[typology]
        for _ in range(200):
            index = int(w.rng.integers(p.persons))
            age = year - w.residents[index].birth_year
            if index not in excluded and lo <= age <= hi:
                excluded.add(index)
                chosen.append((index, typology))
                break
    return chosen


def run_story(
    w: World,
    hubs: Hubs,
    ring: Ring,
    index: int,
    typology: str,
    t: datetime,
    forced: tuple[str, ...] = (),
) -> Story:
    person = w.residents[index]
    variants = [
        v for v in VARIANTS_OF[typology] if v in forced or w.chance(w.p.variant_shares.get(v, 0.0))
    ]
    if "cash_courier" in variants and "gold" in variants:
        variants.remove("gold")
    first_contact = t
    if "grooming_unseen" in variants:
        first_contact = t - timedelta(days=w.uniform(0.5, 20))
    story = Story(index, typology, ring, [person.accounts[0]], first_contact, variants=variants)
    steps = Steps(w, story)
    before = t - timedelta(minutes=w.uniform(20, 180))
    if "proxy_payer" in variants:
        if person.employer and w.chance(0.5):
            story.payer_accounts = [person.employer]
        else:
            story.payer_accounts = [w.residents[w.pick(person.contacts)].accounts[0]]
    elif "consolidate" in variants:
        target = person.accounts[0]
        if w.chance(0.4):
            target = w.card(w.pick(("abc", "boc", "bocom", "ccb", "cmb")))
            w.opened(target, person.person_id, int(w.rng.integers(0, 4)))
            person.accounts.append(target)
            story.others.append(
                w.emit(
                    "account",
                    before - timedelta(hours=2),
                    f"bank:{w.account_bank[target]}",
                    w.bank_shares(target),
                    account_id=target,
                    bank=w.account_bank[target],
                    holder=person.person_id,
                    opened=w.account_opened[target],
                )
            )
        for account in person.accounts:
            if account != target:
                story.others.append(
                    w.transfer(
                        before + timedelta(minutes=w.uniform(0, 30)),
                        account,
                        target,
                        w.lognormal_fen(30000, 0.7),
                        "mobile",
                        w.pick((None, "转账", "存款")),
                    )
                )
        story.payer_accounts = [target]
    if "licensed_loan" in variants:
        lender = w.pick(tuple(hubs.lenders))
        story.others.append(
            w.transfer(
                before + timedelta(minutes=35),
                hubs.lenders[lender],
                story.payer_accounts[0],
                w.lognormal_fen(40000, 0.5),
                "online",
                "借款发放",
            )
        )
    JOURNEYS[typology](steps, t)
    return story


def failed_contacts(w: World, rings: list[Ring], excluded: set[int]) -> list[dict[str, Any]]:
    """Scam calls hung up in seconds and lures nobody answered: contact without loss."""
    p = w.p
    found: list[dict[str, Any]] = []
    plan = [
        ("hung_up_call", p.hang_ups_per_10k_per_day),
        ("ignored_lure_sms", p.ignored_lures_per_10k_per_day),
    ]
    for kind, rate in plan:
        for _ in range(w.poisson(rate * p.persons / 10_000 * p.days)):
            index = int(w.rng.integers(p.persons))
            if index in excluded:
                continue
            ring = w.pick(rings)
            typology = w.pick(sorted(LURES))
            phone = w.residents[index].phones[0]
            ts = w.day_time(int(w.rng.integers(p.days)), 8, 22)
            if kind == "hung_up_call":
                number = w.pick(ring.phones)
                event: Ev = w.call(
                    ts, number, phone, int(w.rng.integers(0, 13)), ring.tagged.get(number, [])
                )
            else:
                text = fill(w.pick(LURES[typology]), w)
                if w.chance(p.lure_obfuscation_share):
                    text, _ = obfuscate(w, text)
                event = w.sms(ts, w.pick(ring.senders), phone, text)
            found.append(
                {
                    "person": index,
                    "kind": kind,
                    "typology": typology,
                    "ring_id": ring.ring_id,
                    "ts": ts,
                    "events": [event],
                }
            )
    return found


def second_start(w: World, story: Story) -> datetime:
    last = max((e.ts for e in story.losses), default=story.first_contact)
    return last + timedelta(hours=w.uniform(2, 60))
