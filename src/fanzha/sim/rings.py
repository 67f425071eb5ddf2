"""Fraud rings: their numbers, sites, apps, drop addresses and layered mule cards."""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random

from fanzha.sim.geography import far_address
from fanzha.sim.population import (
    MOBILE_PREFIXES,
    OTHER_BANKS,
    PARTNER_BANKS,
    AccountNumbers,
    Resident,
)
from fanzha.sim.texts import FRAUD_APP_STEMS, FRAUD_DOMAIN_TEMPLATES

VOIP_PREFIXES = ["+86170", "+86171", "+86165", "+86167"]
OVERSEAS_PREFIXES = ["+85230", "+85517", "+63917", "+95925", "+84912", "+85620"]


@dataclass
class Mule:
    account_id: str
    bank: str
    layer: int
    holder: str | None
    """A resident's person id, or None when held by someone outside the city."""
    partner: bool
    """Whether the bank shares its data with the center (else: query only)."""
    generation: int = 0
    """Rings replace their cards every few weeks; generation g is used from then on."""
    kind: str = ""
    """Hard cities: resident, outside, corporate, aggregator or wallet (``mules.py``)."""
    origin: str = ""
    """Hard cities: how the ring got the account: new, dormant, own_card, registered."""
    settlement: Mule | None = None
    """An aggregator sub-merchant's settlement card (its takings arrive there daily)."""


@dataclass
class Ring:
    ring_id: str
    phones: list[str]
    tags: dict[str, list[str]]
    """The telecom's tags of the ring's phones that it has noticed; others carry none."""
    sms_senders: list[str]
    domains: dict[str, list[str]]
    apps: dict[str, list[str]]
    addresses: list[str]
    generations: list[list[list[Mule]]] = field(default_factory=list)
    """For each generation of cards, the layers 1..n of mule accounts."""
    payouts: list[Mule] = field(default_factory=list)
    """Accounts that pay hook money (rebates, test withdrawals) back to victims.

    Funded by the ring, not by stolen money, so they hold nothing recoverable;
    kept apart so every fen of stolen money can be followed to where it ends.
    """

    def phone(self, rng: Random, tagged: bool) -> str:
        pool = [p for p in self.phones if (p in self.tags) == tagged] or self.phones
        return rng.choice(pool)

    def mules(self) -> list[Mule]:
        """Every account the ring controls: payouts (layer 0), then each generation's layers."""
        layers = (layer for generation in self.generations for layer in generation)
        return [*self.payouts, *(m for layer in layers for m in layer)]


def _telecom_tags(prefix: str, rng: Random) -> list[str]:
    tags = {"voip" if prefix in VOIP_PREFIXES else "overseas"}
    if rng.random() < 0.3:
        tags.add("spoofed_official")
    if rng.random() < 0.4:
        tags.add("reported_fraud")
    return sorted(tags)


def build_ring(
    number: int,
    rng: Random,
    numbers: AccountNumbers,
    residents: list[Resident],
    outside_share: float,
    recruited: set[int],
    generations: int = 1,
    tagged_share: float = 0.6,
) -> Ring:
    """A ring with its numbers, sites, apps, drop addresses, payout accounts and
    ``generations`` successive sets of mule layers (3 or 4 layers deep)."""
    phones: list[str] = []
    tags: dict[str, list[str]] = {}
    for _ in range(rng.randint(8, 16)):
        prefix = rng.choice(VOIP_PREFIXES + OVERSEAS_PREFIXES)
        phone = f"{prefix}{rng.randint(10**6, 10**7 - 1)}"
        phones.append(phone)
        if rng.random() < tagged_share:  # the telecom has noticed this number
            tags[phone] = _telecom_tags(prefix, rng)
    if not tags:  # every ring has numbers the telecom knows, and numbers it does not
        tags[phones[0]] = _telecom_tags(phones[0][:6], rng)
    if len(tags) == len(phones):
        del tags[phones[-1]]

    def token() -> str:
        return f"{rng.randint(10, 999)}"

    def domain_token() -> str:  # some look-alikes are bare: icbc-kefu.top
        return "" if rng.random() < 0.3 else token()

    domains = {
        t: [tpl.format(r=domain_token()) for tpl in tpls]
        for t, tpls in FRAUD_DOMAIN_TEMPLATES.items()
    }
    apps = {t: [f"com.{stem}{token()}" for stem in stems] for t, stems in FRAUD_APP_STEMS.items()}
    ring = Ring(
        ring_id=f"R{number}",
        phones=phones,
        tags=tags,
        sms_senders=[
            f"+86{rng.choice(('170', '171', '165'))}{rng.randint(10**7, 10**8 - 1)}"
            for _ in range(3)
        ],
        domains=domains,
        apps=apps,
        addresses=[far_address(rng) for _ in range(4)],
    )
    partner_banks = list(PARTNER_BANKS)
    depth = rng.choice((3, 3, 4))
    for generation in range(generations):
        ring.generations.append(
            [
                _mule_layer(rng, numbers, residents, outside_share, recruited, generation, layer)
                for layer in range(1, depth + 1)
            ]
        )
    for _ in range(2):
        bank = rng.choice(partner_banks)
        ring.payouts.append(Mule(numbers.new(bank), bank, 0, None, partner=True))
    return ring


LAYER_SIZES = {1: (10, 16), 2: (6, 10), 3: (4, 7), 4: (3, 5)}


def _mule_layer(
    rng: Random,
    numbers: AccountNumbers,
    residents: list[Resident],
    outside_share: float,
    recruited: set[int],
    generation: int,
    layer: int,
) -> list[Mule]:
    """Cards of one layer: some held by outsiders (a few at banks that share no data),
    the others bought or rented from residents, each resident recruited once."""
    partner_banks = list(PARTNER_BANKS)
    mules = []
    for _ in range(rng.randint(*LAYER_SIZES[layer])):
        if rng.random() < outside_share or len(recruited) >= len(residents) // 2:
            other = rng.random() < 0.08
            bank = rng.choice(list(OTHER_BANKS)) if other else rng.choice(partner_banks)
            holder = None
        else:
            resident = residents[rng.randrange(len(residents))]
            while resident.index in recruited:
                resident = residents[rng.randrange(len(residents))]
            recruited.add(resident.index)
            bank, holder = rng.choice(partner_banks), resident.person_id
        account = numbers.new(bank)
        mules.append(Mule(account, bank, layer, holder, bank in PARTNER_BANKS, generation))
    return mules


def mobile_number(rng: Random) -> str:
    """An ordinary-looking Chinese mobile number (+86 13x…/15x…/18x…)."""
    prefix = rng.choice([p for ps in MOBILE_PREFIXES.values() for p in ps])
    return f"+86{prefix}{rng.randint(10**7, 10**8 - 1)}"


def use_mobile_numbers(ring: Ring, rng: Random, share: float) -> None:
    """Hard cities: some of the ring's numbers are real-name mobile SIMs bought from
    card dealers (卡商), so neither the prefix nor a voip/overseas tag gives them away."""
    for i, phone in enumerate(ring.phones):
        if rng.random() >= share:
            continue
        mobile = mobile_number(rng)
        ring.phones[i] = mobile
        if phone in ring.tags:
            del ring.tags[phone]
            ring.tags[mobile] = sorted(
                {"reported_fraud"} | ({"harassment"} if rng.random() < 0.3 else set())
            )
    ring.sms_senders = [mobile_number(rng) if rng.random() < share else s for s in ring.sms_senders]
