"""Who falls victim, to what, and on which day.

The plan is drawn before any day is lived, so the number of victims does not
depend on how much ordinary life consumed the random stream.
"""

from __future__ import annotations

import math
from dataclasses import replace
from random import Random

from fanzha.contract.kinds import TYPOLOGIES
from fanzha.sim.fraud import Case, Fraud, iso
from fanzha.sim.journeys import draw_variants
from fanzha.sim.params import SimParams
from fanzha.sim.population import Resident
from fanzha.sim.scripts import SCRIPTS

HOUR = 3600


def poisson(rng: Random, mean: float) -> int:
    """A Poisson draw (Knuth for small means, a rounded normal for large ones)."""
    if mean <= 0:
        return 0
    if mean > 60:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def plan_victims(params: SimParams, rng: Random) -> list[list[str]]:
    """For each day, the typologies of the victims whose first contact falls on it."""
    mean = params.persons * params.victims_per_10k_per_day / 10_000
    weights = [params.typology_weights.get(t, 0.0) for t in TYPOLOGIES]
    growth = 1 + params.yearly_change
    plan = [
        rng.choices(TYPOLOGIES, weights, k=poisson(rng, mean * growth ** (day / 365)))
        if any(weights)
        else []
        for day in range(params.days)
    ]
    if params.every_typology:
        present = {t for day in plan for t in day}
        for typology in TYPOLOGIES:
            if typology not in present:
                plan[rng.randrange(params.days)].append(typology)
    return plan


AGE_BANDS: dict[str, tuple[int, int]] = {
    # Who each scam mostly reaches (published case mixes): students and young workers
    # for 刷单/游戏/校园贷, middle-aged savers for 投资, anyone for 冒充公检法.
    "task_rebate": (18, 45),
    "investment": (30, 65),
    "impersonate_service": (20, 60),
    "fake_loan": (20, 50),
    "fake_credit": (18, 35),
    "romance": (25, 60),
    "game_trade": (18, 30),
    "impersonate_acquaintance": (25, 65),
}


def pick_victim(
    residents: list[Resident],
    taken: set[int],
    rng: Random,
    typology: str,
    year: int,
    district: int | None = None,
) -> Resident:
    """A resident of the age the scam mostly reaches, not yet a victim nor a mule holder
    (and of ``district``, when given)."""
    low, high = AGE_BANDS.get(typology, (0, 200))
    pool = (
        residents
        if district is None
        else [r for i, r in enumerate(residents) if r.district == district and i not in taken]
    )
    for attempt in range(200):
        if not pool:
            break
        chosen = pool[rng.randrange(len(pool))]
        index = chosen.index
        age = year - chosen.birth_year
        if index not in taken and (low <= age <= high or attempt >= 50):
            taken.add(index)
            return chosen
    raise RuntimeError("no resident left to fall victim: the city is too small for the rate")


def run_case(
    fraud: Fraud,
    victim: Resident,
    typology: str,
    day_start: float,
    contact_window: tuple[float, float] = (8 * HOUR, 19 * HOUR),
) -> None:
    """One victim's scam from first contact to report, written to events and truth.

    ``contact_window``: seconds after ``day_start`` the first contact falls between.
    """
    rng = fraud.rng
    case = Case(victim, rng.choice(fraud.rings), typology)
    first_contact = day_start + rng.uniform(*contact_window)
    amounts = [
        max(
            int(round(rng.lognormvariate(math.log(fraud.params.loss_median_fen), 0.9), -4)), 100_000
        )
        for _ in range(rng.choice((1, 1, 2, 2, 3)))
    ]
    shares = fraud.params.hard.journey_variant_shares
    if shares:
        case.variants = draw_variants(rng, shares, typology)
        if "hidden_grooming" in case.variants:
            case.hide_contact = True
    SCRIPTS[typology](fraud, case, first_contact, amounts)
    if case.hide_contact:  # the grooming began days ago, where no partner sees it
        days = fraud.params.hard.contact_outside_window_days
        case.first_contact = first_contact - rng.uniform(1, days) * 86400
    if "defrauded_twice" in case.variants:
        _again(fraud, case, amounts)
    fraud.record(case)


def _again(fraud: Fraud, case: Case, amounts: list[int]) -> None:
    """A second scam on the same victim: often a 'recovery' by fake police, or the same trick."""
    rng = fraud.rng
    money = fraud.params.money
    latest = money.second_episode_max_days * 86400 if money.active else 5 * 86400
    t = case.last_loss + rng.uniform(2 * HOUR, latest)
    if t + 6 * HOUR >= fraud.end:
        case.variants.discard("defrauded_twice")
        return
    typology = rng.choice(("impersonate_police", case.typology, "impersonate_service"))
    second = Case(case.victim, rng.choice(fraud.rings), typology)
    SCRIPTS[typology](fraud, second, t, [max(a // 2, 100_000) for a in amounts])
    if fraud.laundering is not None:  # each episode is reported on its own
        first = replace(case, transfers=list(case.transfers), rebates=list(case.rebates))
        case.episodes = [first, second]
    case.extra["episodes"] = [
        {
            "typology": typology,
            "ring_id": second.ring.ring_id,
            "first_contact_ts": iso(second.first_contact),
            "first_loss_ts": iso(second.first_loss),
            "loss_fen": second.loss,
            "victim_transfers": second.transfers,
            "signal_events": second.signals,
        }
    ]
    case.signals += second.signals
    case.transfers += second.transfers
    case.rebates += second.rebates
    case.paid += second.paid
    case.rebated += second.rebated
    case.handed_over += second.handed_over
    case.seen += second.seen
    case.lost_at(second.first_loss)
    case.lost_at(second.last_loss)


def contact_without_loss(
    fraud: Fraud, resident: Resident, kind: str, day_start: float
) -> dict[str, object]:
    """A scam call hung up on after seconds, or a lure SMS ignored: contact, no loss."""
    rng = fraud.rng
    typology = rng.choice([t for t in TYPOLOGIES if t != "game_trade"])
    case = Case(resident, rng.choice(fraud.rings), typology)
    t = day_start + rng.uniform(8 * HOUR, 21 * HOUR)
    if kind == "hung_up_call":
        fraud.call(case, t, (0, 0), seconds=(1, 12))
    else:
        fraud.sms(case, t)
    return {
        "person_id": resident.person_id,
        "kind": kind,
        "typology": typology,
        "ts": iso(t),
        "event_ids": case.signals,
        "observed_event_ids": [e for _, e in case.seen],
    }
