"""Mules of several kinds, and each ring's habits (hard cities only).

Real rings launder through more than bought personal cards: 对公 accounts of
shell companies, wallets, an aggregator's sub-merchants whose takings settle
daily to a card, cards whose holders still live on them (salary and rent
around the stolen money), cards held outside the city at banks that share
nothing, cards bought new or long dormant and woken. And rings differ: some
pass money on within minutes in round amounts at night, others are patient.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from fanzha.sim.issuers import AGGREGATOR, NATIONAL_BANKS, WALLETS, IssuerNumbers
from fanzha.sim.moneyworld import EXIT_KINDS, MoneyWorld
from fanzha.sim.population import PARTNER_BANKS
from fanzha.sim.rings import Mule, Ring


@dataclass(frozen=True)
class RingStyle:
    """How one ring moves money."""

    fast: bool
    round_amounts: bool
    night: bool
    exit_weights: tuple[float, ...]
    """Weights of ``EXIT_KINDS`` for this ring."""


def draw_style(rng: Random, money: MoneyWorld) -> RingStyle:
    weights = tuple(money.exit_weights.get(k, 0.0) * rng.uniform(0.3, 1.7) for k in EXIT_KINDS)
    return RingStyle(
        fast=rng.random() < money.fast_ring_share,
        round_amounts=rng.random() < money.round_amount_share,
        night=rng.random() < money.night_share,
        exit_weights=weights if any(weights) else (1.0, 0.0, 0.0, 0.0),
    )


def assign_kinds(
    rings: list[Ring], rng: Random, numbers: IssuerNumbers, money: MoneyWorld
) -> dict[str, str]:
    """Give every laundering account of every ring a kind and an origin (in place).

    Returns shell company ids by corporate account (the company holding it).
    """
    shells: dict[str, str] = {}
    banks = list(PARTNER_BANKS)
    for ring in rings:
        for payout in ring.payouts:
            payout.kind, payout.origin = "outside", "new"
        for generation in ring.generations:
            for layer in generation:
                extra: list[Mule] = []
                for mule in layer:
                    draw = rng.random()
                    if draw < money.corporate_mule_share:
                        _corporate(mule, rng, numbers, money, shells)
                    elif draw < money.corporate_mule_share + money.wallet_mule_share:
                        provider = rng.choice(WALLETS)
                        mule.account_id, mule.bank = numbers.wallet(provider), provider
                        mule.kind, mule.origin, mule.partner = "wallet", "registered", True
                    elif draw < (
                        money.corporate_mule_share
                        + money.wallet_mule_share
                        + money.aggregator_mule_share
                    ):
                        extra.append(_sub_merchant(mule, rng, numbers, money))
                    else:
                        _personal(mule, rng, numbers, money, banks)
                layer.extend(extra)
    return shells


def _origin(rng: Random, money: MoneyWorld, in_city: bool) -> str:
    if in_city and rng.random() < money.resident_life_share:
        return "own_card"
    return "dormant" if rng.random() < money.dormant_card_share else "new"


def _personal(
    mule: Mule, rng: Random, numbers: IssuerNumbers, money: MoneyWorld, banks: list[str]
) -> None:
    if mule.holder is None and rng.random() < 0.4:  # held elsewhere, at a national bank
        mule.bank = rng.choice(NATIONAL_BANKS)
        mule.account_id, mule.partner = numbers.new(mule.bank), False
    mule.kind = "resident" if mule.holder else "outside"
    mule.origin = _origin(rng, money, mule.holder is not None)


def _corporate(
    mule: Mule, rng: Random, numbers: IssuerNumbers, money: MoneyWorld, shells: dict[str, str]
) -> None:
    mule.account_id = numbers.corporate(mule.bank)
    mule.kind = "corporate"
    mule.origin = "dormant" if rng.random() < money.dormant_card_share else "new"
    if mule.holder is not None:  # a resident fronts the shell company (法人)
        shells[mule.account_id] = f"ORG-SHL{len(shells):05d}"


def _sub_merchant(mule: Mule, rng: Random, numbers: IssuerNumbers, money: MoneyWorld) -> Mule:
    """The sub-merchant takes the mule's place; its settlement card joins the layer."""
    card = Mule(
        mule.account_id,
        mule.bank,
        mule.layer,
        mule.holder,
        mule.partner,
        mule.generation,
        kind="resident" if mule.holder else "outside",
        origin=_origin(rng, money, mule.holder is not None),
    )
    mule.account_id, mule.bank, mule.partner = numbers.sub_merchant(), AGGREGATOR, True
    mule.kind, mule.origin, mule.settlement = "aggregator", "registered", card
    return card
