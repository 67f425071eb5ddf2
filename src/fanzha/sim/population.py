"""Residents, their phones and bank accounts, and the businesses they pay."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from random import Random
from typing import Final

from fanzha.sim.geography import DISTRICTS, address, community_names, person_name, surname

# Issuer prefixes (BIN) of banks whose data the center receives.
PARTNER_BANKS: Final[dict[str, str]] = {
    "icbc": "622202",
    "ccb": "621700",
    "abc": "622848",
    "boc": "621661",
    "bocom": "622262",
    "cmb": "622588",
    "psbc": "621799",
    "cib": "622909",
    "citic": "621771",
    "spdb": "622521",
    "hkb": "623166",  # 汉口银行
}
BANK_NAMES: Final[dict[str, str]] = {
    "icbc": "工商银行",
    "ccb": "建设银行",
    "abc": "农业银行",
    "boc": "中国银行",
    "bocom": "交通银行",
    "cmb": "招商银行",
    "psbc": "邮储银行",
    "cib": "兴业银行",
    "citic": "中信银行",
    "spdb": "浦发银行",
    "hkb": "汉口银行",
    "rcb_xy": "农商银行",
    "zgcb": "村镇银行",
}
BANK_WEIGHTS: Final = [0.2, 0.16, 0.13, 0.1, 0.07, 0.1, 0.09, 0.05, 0.04, 0.03, 0.03]
# Small banks that are not partners: their accounts' own activity is not in our data.
OTHER_BANKS: Final[dict[str, str]] = {"rcb_xy": "623058", "zgcb": "621392"}
MOBILE_PREFIXES: Final = {
    "cmcc": [
        "134",
        "135",
        "136",
        "137",
        "138",
        "139",
        "150",
        "151",
        "152",
        "157",
        "158",
        "159",
        "182",
        "183",
        "187",
        "188",
    ],
    "cucc": ["130", "131", "132", "155", "156", "185", "186"],
    "ctcc": ["133", "153", "180", "181", "189"],
}
_ALL_PREFIXES: Final = [(p, c) for c, ps in MOBILE_PREFIXES.items() for p in ps]


@dataclass(slots=True)
class Resident:
    index: int
    person_id: str
    phone: str
    carrier: str
    district: int
    community: str
    address: str
    accounts: list[tuple[str, str]]
    """(account_id, bank)"""
    birth_year: int
    name: str
    household: tuple[int, int]
    """(first index, size) of the household the resident lives in."""
    employer: int | None = None
    second_phone: tuple[str, str] | None = None
    """(number, carrier) of a second SIM, which some residents carry."""

    @property
    def phones(self) -> list[str]:
        return [self.phone] if self.second_phone is None else [self.phone, self.second_phone[0]]


@dataclass
class Org:
    """A business account: merchant, employer, gold seller or payment hub."""

    org_id: str
    kind: str
    account_id: str
    bank: str
    payday: int = 15
    employees: list[int] = field(default_factory=list)


class AccountNumbers:
    """Unique, bank-shaped account numbers."""

    def __init__(self) -> None:
        self._next = itertools.count(1)

    def new(self, bank: str) -> str:
        prefix = PARTNER_BANKS.get(bank) or OTHER_BANKS[bank]
        return f"{prefix}{next(self._next) * 7919 % 10**13:013d}"


def phone_for(index: int, rng: Random) -> tuple[str, str]:
    prefix, carrier = rng.choice(_ALL_PREFIXES)
    # 48271 is prime and coprime with 10**8, so the suffix is unique per index.
    return f"+86{prefix}{index * 48271 % 10**8:08d}", carrier


def build_residents(count: int, rng: Random, numbers: AccountNumbers) -> list[Resident]:
    weights = [w for _, _, w in DISTRICTS]
    # About one 小区 per thousand residents.
    communities = {
        name: community_names(name, 3 + int(count * w / 1000), rng) for name, _, w in DISTRICTS
    }
    banks = list(PARTNER_BANKS)
    residents: list[Resident] = []
    index = 0
    while index < count:
        size = min(rng.choice((1, 2, 2, 3, 3, 3, 4)), count - index)
        district = rng.choices(range(len(DISTRICTS)), weights)[0]
        name = DISTRICTS[district][0]
        community = rng.choice(communities[name])
        home = address(name, community, rng)
        family_name = surname(rng)
        for member in range(size):
            i = index + member
            phone, carrier = phone_for(i, rng)
            accounts = []
            for bank in rng.sample(banks, rng.choice((1, 1, 2, 2, 3))):
                accounts.append((numbers.new(bank), bank))
            residents.append(
                Resident(
                    index=i,
                    person_id=f"P{i + 1:07d}",
                    phone=phone,
                    carrier=carrier,
                    district=district,
                    community=community,
                    address=home,
                    accounts=accounts,
                    birth_year=rng.randint(1940, 2006),
                    name=person_name(rng, family_name if rng.random() < 0.7 else None),
                    household=(index, size),
                    second_phone=phone_for(count + i, rng) if rng.random() < 0.08 else None,
                )
            )
        index += size
    return residents


def build_orgs(
    residents: list[Resident], rng: Random, numbers: AccountNumbers
) -> dict[str, list[Org]]:
    """Merchants, employers, gold sellers and payment hubs, sized to the city."""
    n = len(residents)
    banks = list(PARTNER_BANKS)

    def org(kind: str, i: int) -> Org:
        bank = rng.choices(banks, BANK_WEIGHTS)[0]
        return Org(
            org_id=f"ORG-{kind[:3].upper()}{i:05d}",
            kind=kind,
            account_id=numbers.new(bank),
            bank=bank,
        )

    orgs = {
        "merchants": [org("merchant", i) for i in range(max(20, n // 150))],
        "employers": [org("employer", i) for i in range(max(5, n // 400))],
        "gold_sellers": [org("gold_seller", i) for i in range(4)],
        "payment_hubs": [org("payment_hub", i) for i in range(3)],
    }
    for employer in orgs["employers"]:
        employer.payday = rng.randint(1, 28)
    for resident in residents:
        if 1960 <= resident.birth_year <= 2003 and rng.random() < 0.6:
            resident.employer = rng.randrange(len(orgs["employers"]))
            orgs["employers"][resident.employer].employees.append(resident.index)
    return orgs
