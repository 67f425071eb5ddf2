"""Account records of the money world: mule accounts by origin, wallets, sub-merchants.

Each carries ``account_kind`` (personal, corporate, wallet, sub_merchant,
merchant, institution): what the keeping bank or institution knows of an
account. A rented own card was opened years ago; a dormant bought card too,
then nothing happened on it until the ring woke it; a new card days or weeks
ago. Accounts of holders outside the city have no record, as in real data.
"""

from __future__ import annotations

from datetime import datetime
from random import Random

from fanzha.sim.institutions import Payments
from fanzha.sim.issuers import AGGREGATOR, IssuerNumbers
from fanzha.sim.population import Org, Resident
from fanzha.sim.rings import Mule, Ring
from fanzha.sim.sink import CST, EventSink

DAY = 86400
RECORD_KIND = {"corporate": "corporate", "wallet": "wallet", "aggregator": "sub_merchant"}
ORG_KIND = {"merchants": "merchant", "gold_sellers": "merchant", "payment_hubs": "institution"}


def org_account_kind(group: str) -> str:
    return ORG_KIND.get(group, "corporate")


def renumber_orgs(orgs: dict[str, list[Org]], numbers: IssuerNumbers) -> None:
    """Businesses bank on 对公 accounts (half the shops on the owner's card)."""
    for group, members in orgs.items():
        for i, org in enumerate(members):
            if group != "merchants" or i % 2 == 0:
                org.account_id = numbers.corporate(org.bank)


def _date(ts: float) -> str:
    return datetime.fromtimestamp(ts, CST).date().isoformat()


def _opened(mule: Mule, start: float, lifetime_s: float, rng: Random) -> tuple[float, float]:
    """(opened, sent): when the account was opened and when its record reached the center."""
    before = start - DAY
    if mule.origin in ("own_card", "dormant"):
        return start - rng.randint(400, 4000) * DAY, before + rng.uniform(3600, 7200)
    if mule.generation == 0:
        return start - rng.randint(3, 60) * DAY, before + rng.uniform(3600, 7200)
    ahead = rng.uniform(0.2, 0.9) * min(5 * DAY, lifetime_s)
    opened = start + mule.generation * lifetime_s - ahead
    return opened, opened


def money_reference_events(
    sink: EventSink,
    rings: list[Ring],
    residents: list[Resident],
    shells: dict[str, str],
    payments: Payments,
    start: float,
    lifetime_s: float,
    rng: Random,
) -> None:
    address_of = {r.person_id: r.address for r in residents}
    for ring in rings:
        for mule in ring.mules():
            if mule.holder is None:
                continue  # held outside the city: only an id in transfers
            opened, sent = _opened(mule, start, lifetime_s, rng)
            sink.emit(
                "account",
                sent,
                f"bank:{mule.bank}",
                {
                    "account_id": mule.account_id,
                    "bank": mule.bank,
                    "holder": shells.get(mule.account_id, mule.holder),
                    "address_on_file": address_of[mule.holder],
                    "opened": _date(opened),
                    "account_kind": RECORD_KIND.get(mule.kind, "personal"),
                },
                prefix="acc-",
                faults=False,
            )
    before = start - DAY
    for index, (wallet, provider) in sorted(payments.wallets.items()):
        _record(sink, before, rng, wallet, provider, residents[index], "wallet", start)
    for sub_id, owner in sorted(payments.sub_owners.items()):
        _record(sink, before, rng, sub_id, AGGREGATOR, residents[owner], "sub_merchant", start)


def _record(
    sink: EventSink,
    before: float,
    rng: Random,
    account: str,
    keeper: str,
    holder: Resident,
    kind: str,
    start: float,
) -> None:
    sink.emit(
        "account",
        before + rng.uniform(3600, 7200),
        f"bank:{keeper}",
        {
            "account_id": account,
            "bank": keeper,
            "holder": holder.person_id,
            "address_on_file": holder.address,
            "opened": _date(start - rng.randint(100, 3000) * DAY),
            "account_kind": kind,
        },
        prefix="acc-",
        faults=False,
    )
