"""Fraud rings: their numbers, sites, apps, drop addresses and layered mule cards."""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random

from fanzha.sim.geography import far_address
from fanzha.sim.population import OTHER_BANKS, PARTNER_BANKS, AccountNumbers, Resident
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
    layers: list[list[Mule]] = field(default_factory=list)
    payouts: list[Mule] = field(default_factory=list)
    """Accounts that pay hook money (rebates, test withdrawals) back to victims.

    Funded by the ring, not by stolen money, so they hold nothing recoverable;
    kept apart so every fen of stolen money can be followed to where it ends.
    """

    def phone(self, rng: Random, tagged: bool) -> str:
        pool = [p for p in self.phones if (p in self.tags) == tagged] or self.phones
        return rng.choice(pool)

    def mules(self) -> list[Mule]:
        """Every account the ring controls: payouts (layer 0), then layers 1..n."""
        return [*self.payouts, *(m for layer in self.layers for m in layer)]


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
) -> Ring:
    phones: list[str] = []
    tags: dict[str, list[str]] = {}
    for _ in range(rng.randint(8, 16)):
        prefix = rng.choice(VOIP_PREFIXES + OVERSEAS_PREFIXES)
        phone = f"{prefix}{rng.randint(10**6, 10**7 - 1)}"
        phones.append(phone)
        if rng.random() < 0.6:  # the telecom has noticed this number
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
    for layer, size in enumerate((rng.randint(10, 16), rng.randint(6, 10), rng.randint(4, 7)), 1):
        mules = []
        for _ in range(size):
            if rng.random() < outside_share or not residents:
                bank = (
                    rng.choice(list(OTHER_BANKS))
                    if rng.random() < 0.08
                    else rng.choice(partner_banks)
                )
                holder = None
            else:
                resident = residents[rng.randrange(len(residents))]
                while resident.index in recruited:
                    resident = residents[rng.randrange(len(residents))]
                recruited.add(resident.index)
                bank, holder = rng.choice(partner_banks), resident.person_id
            mules.append(
                Mule(
                    account_id=numbers.new(bank),
                    bank=bank,
                    layer=layer,
                    holder=holder,
                    partner=bank in PARTNER_BANKS,
                )
            )
        ring.layers.append(mules)
    for _ in range(2):
        bank = rng.choice(partner_banks)
        ring.payouts.append(Mule(numbers.new(bank), bank, 0, None, partner=True))
    return ring
