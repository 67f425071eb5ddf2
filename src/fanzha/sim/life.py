"""A resident's ordinary day, with the innocent look-alikes of fraud signals.

Precision can only be measured if the benign world contains what fraud
detection keys on: long overseas calls, screen sharing, marketing dialers,
big transfers to new payees, gold mailed away, item-only deliveries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from random import Random
from typing import Any

from fanzha.sim.geography import DISTRICTS, address, far_address
from fanzha.sim.params import SimParams
from fanzha.sim.population import BANK_NAMES, Org, Resident
from fanzha.sim.sink import EventSink
from fanzha.sim.texts import BENIGN_SMS, COMMON_APPS, COMMON_SITES, ITEM_ONLY, MEETING_APPS

CARRIERS = ("sf", "zto", "yto", "jd", "ems")
PLATFORMS = {
    "car": ("didi", "caocao", "huolala"),
    "van": ("huolala", "kuaigou"),
    "truck": ("huolala", "manbang"),
    "courier": ("sfcity", "shansong", "uupt"),
}
"""Which platforms a vehicle is ordered on: ride-hailing, freight, same-city courier."""
WALLET_MEMOS = ("支付宝-淘宝", "财付通-美团", "财付通-拼多多", "云闪付", "支付宝-饿了么")
OVERSEAS = ["+852", "+853", "+886", "+1", "+44", "+61", "+81", "+65"]
MARKETING_DIALERS = ["+8695511", "+8640012", "+8610109"]


def times(rng: Random, rate: float) -> int:
    """How many times something with ``rate`` per day happens today."""
    whole = int(rate)
    return whole + (1 if rng.random() < rate - whole else 0)


def day_time(rng: Random, day_start: float) -> float:
    """A waking-hours moment: 7:00–23:00."""
    return day_start + rng.uniform(7 * 3600, 23 * 3600)


@dataclass
class Life:
    sink: EventSink
    rng: Random
    params: SimParams
    residents: list[Resident]
    orgs: dict[str, list[Org]]
    benign: dict[str, set[str]]
    extra_day: list[Callable[[Resident, float], None]] = field(default_factory=list)
    """More of a resident's day in hard cities (benign look-alikes, ``traps.py``)."""
    payee_bank: Callable[[str], str | None] | None = None
    """Hard cities: the bank of a payee that is not a card (sent as ``to_bank``)."""

    def transfer(
        self,
        ts: float,
        src: tuple[str, str],
        dst: str,
        amount: int,
        channel: str,
        memo: str | None = None,
    ) -> str:
        fields: dict[str, Any] = {
            "from_account": src[0],
            "to_account": dst,
            "amount_fen": max(amount, 1),
            "channel": channel,
        }
        if memo:
            fields["memo"] = memo
        if self.payee_bank is not None and (bank := self.payee_bank(dst)) is not None:
            fields["to_bank"] = bank
        return self.sink.emit("transfer", ts, f"bank:{src[1]}", fields, prefix="tx-")

    def day(self, r: Resident, day_start: float, day_index: int) -> None:
        rng, p, sink = self.rng, self.params, self.sink
        tel = f"telecom:{r.carrier}"
        account = r.accounts[0]
        merchants = self.orgs["merchants"]
        for _ in range(times(rng, p.shopping_per_day)):
            # Wallet payments settle through a clearing account (支付宝/财付通/云闪付):
            # the largest fan-in of all, and innocent.
            if rng.random() < 0.4:
                payee = rng.choice(self.orgs["payment_hubs"]).account_id
                channel, memo = "third_party", rng.choice(WALLET_MEMOS)
            else:
                payee = merchants[int(rng.paretovariate(1.2)) % len(merchants)].account_id
                channel, memo = rng.choice(("mobile", "online")), None
            amount = int(rng.lognormvariate(8.5, 1.0)) + 1
            self.transfer(
                day_time(rng, day_start), rng.choice(r.accounts), payee, amount, channel, memo
            )
        if rng.random() < p.family_transfers_per_day:
            first, size = r.household
            relative = self.residents[(first + rng.randrange(max(size, 1))) % len(self.residents)]
            if relative.index != r.index:
                self.transfer(
                    day_time(rng, day_start),
                    account,
                    relative.accounts[0][0],
                    rng.randint(100, 5000) * 100,
                    "mobile",
                    "家用",
                )
        for _ in range(times(rng, p.calls_per_day)):
            other = self.residents[rng.randrange(len(self.residents))]
            callee, carrier = (r.phone, r.carrier)
            if r.second_phone is not None and rng.random() < 0.3:
                callee, carrier = r.second_phone
            sink.emit(
                "call",
                day_time(rng, day_start),
                f"telecom:{carrier}",
                {
                    "caller": other.phone,
                    "callee": callee,
                    "duration_s": int(rng.expovariate(1 / 120)),
                    "caller_tags": [],
                },
            )
        if rng.random() < p.marketing_calls_per_day:
            sink.emit(
                "call",
                day_time(rng, day_start),
                tel,
                {
                    "caller": rng.choice(MARKETING_DIALERS) + f"{rng.randint(1000, 9999)}",
                    "callee": r.phone,
                    "duration_s": rng.randint(5, 90),
                    "caller_tags": ["mass_dialer"],
                },
            )
            self.benign["marketing_dialer"].add(r.person_id)
        for _ in range(times(rng, p.sms_per_day)):
            text = rng.choice(BENIGN_SMS).format(
                bank=BANK_NAMES[account[1]],
                tail=account[0][-4:],
                hm="12:30",
                amount=rng.randint(10, 900),
                community=r.community,
                code=rng.randint(100000, 999999),
            )
            sink.emit(
                "sms",
                day_time(rng, day_start),
                tel,
                {
                    "sender": f"106{rng.randint(10000000, 99999999)}",
                    "receiver": r.phone,
                    "text": text,
                },
            )
        for _ in range(times(rng, p.web_per_day)):
            sink.emit(
                "web",
                day_time(rng, day_start),
                tel,
                {"phone": r.phone, "url": rng.choice(COMMON_SITES)},
            )
        if rng.random() < p.app_opens_per_day:
            sink.emit(
                "app",
                day_time(rng, day_start),
                tel,
                {"phone": r.phone, "app": rng.choice(COMMON_APPS), "action": "open"},
            )
        if rng.random() < p.app_installs_per_day:
            sink.emit(
                "app",
                day_time(rng, day_start),
                tel,
                {"phone": r.phone, "app": rng.choice(COMMON_APPS), "action": "install"},
            )
        if rng.random() < p.rides_per_day:
            self.ride(r, day_time(rng, day_start), passengers=rng.randint(1, 3), item="")
        if rng.random() < p.parcels_per_day:
            other = self.residents[rng.randrange(len(self.residents))]
            carrier = rng.choice(CARRIERS)
            sink.emit(
                "parcel",
                day_time(rng, day_start),
                f"express:{carrier}",
                {
                    "carrier": carrier,
                    "waybill": sink.new_id(carrier.upper()),
                    "sender": other.phone,
                    "receiver": r.phone,
                    "receiver_address": r.address,
                    "declared_contents": rng.choice(("衣服", "书籍", "日用品", "食品")),
                    "declared_value_fen": rng.randint(20, 500) * 100,
                },
            )
        if rng.random() < p.atm_per_day:
            sink.emit(
                "withdrawal",
                day_time(rng, day_start),
                f"bank:{account[1]}",
                {
                    "account_id": account[0],
                    "amount_fen": rng.choice((500, 1000, 2000)) * 100,
                    "channel": "atm",
                },
            )
        self.salary(r, day_start, day_index)
        self.lookalikes(r, day_start)
        for more in self.extra_day:
            more(r, day_start)

    def salary(self, r: Resident, day_start: float, day_index: int) -> None:
        if r.employer is None:
            return
        employer = self.orgs["employers"][r.employer]
        if (self.params.start + timedelta(days=day_index)).day == employer.payday:
            self.sink.emit(
                "transfer",
                day_start + 9 * 3600 + self.rng.uniform(0, 600),
                f"bank:{employer.bank}",
                {
                    "from_account": employer.account_id,
                    "to_account": r.accounts[0][0],
                    "amount_fen": self.rng.randint(3000, 20000) * 100,
                    "channel": "online",
                    "memo": "工资",
                },
                prefix="tx-",
            )

    def ride(
        self,
        r: Resident,
        ts: float,
        passengers: int,
        item: str,
        dropoff: tuple[str, str] | None = None,
        cross_city: bool = False,
        vehicle: str = "car",
    ) -> str:
        district = DISTRICTS[r.district][0]
        to = dropoff or (
            DISTRICTS[self.rng.randrange(len(DISTRICTS))][0],
            address(district, "某小区", self.rng),
        )
        platform = self.rng.choice(PLATFORMS[vehicle])
        return self.sink.emit(
            "order",
            ts,
            f"platform:{platform}",
            {
                "platform": platform,
                "order_id": self.sink.new_id("OD"),
                "requester": r.phone,
                "pickup": {"district": district, "address": r.address},
                "dropoff": {"district": to[0], "address": to[1]},
                "cross_city": cross_city,
                "vehicle": vehicle,
                "passengers": passengers,
                "item": item,
            },
        )

    def lookalikes(self, r: Resident, day_start: float) -> None:
        rng, p, sink, benign = self.rng, self.params, self.sink, self.benign
        tel = f"telecom:{r.carrier}"
        if rng.random() < p.overseas_relative_calls:
            sink.emit(
                "call",
                day_time(rng, day_start),
                tel,
                {
                    "caller": rng.choice(OVERSEAS) + f"{rng.randint(10**7, 10**8 - 1)}",
                    "callee": r.phone,
                    "duration_s": rng.randint(900, 3600),
                    "caller_tags": ["overseas"],
                },
            )
            benign["overseas_relative_calls"].add(r.person_id)
        if rng.random() < p.work_screen_share:
            t = day_time(rng, day_start)
            colleague = self.residents[rng.randrange(len(self.residents))]
            sink.emit(
                "call",
                t,
                tel,
                {
                    "caller": colleague.phone,
                    "callee": r.phone,
                    "duration_s": rng.randint(600, 3000),
                    "caller_tags": [],
                },
            )
            sink.emit(
                "app",
                t + rng.uniform(60, 600),
                tel,
                {"phone": r.phone, "app": rng.choice(MEETING_APPS), "action": "screen_share_start"},
            )
            benign["work_screen_share"].add(r.person_id)
        if rng.random() < p.big_purchase:
            if rng.random() < 0.5:  # a car dealer: a merchant with a long history
                payee, memo = rng.choice(self.orgs["merchants"]).account_id, "购车首付"
                amount, channel = rng.randint(30, 300) * 100_000, "counter"
            else:  # a landlord: a private account never paid before
                landlord = self.residents[rng.randrange(len(self.residents))]
                payee, memo = landlord.accounts[0][0], rng.choice(("房租押金", "房租"))
                amount, channel = rng.randint(20, 200) * 100_00, "mobile"
            self.transfer(day_time(rng, day_start), r.accounts[0], payee, amount, channel, memo)
            benign["big_purchase"].add(r.person_id)
        if rng.random() < p.gold_gift:
            mail_to_relative = rng.random() < p.gold_to_relative_share
            fields: dict[str, Any] = {
                "account_id": r.accounts[0][0],
                "grams": round(rng.uniform(5, 60), 2),
                "channel": rng.choice(("app", "counter", "store")),
            }
            fields["amount_fen"] = int(fields["grams"] * 60000)
            if fields["channel"] == "store":  # an extra field: which shop sold it
                fields["seller"] = rng.choice(self.orgs["gold_sellers"]).account_id
            if mail_to_relative:
                fields.update(
                    delivery="mail", delivery_address=far_address(rng).replace("酒店", "小区")
                )
                benign["gold_to_relative"].add(r.person_id)
            else:
                fields.update(delivery=rng.choice(("pickup", "mail")), delivery_address=r.address)
            sink.emit("gold_purchase", day_time(rng, day_start), f"bank:{r.accounts[0][1]}", fields)
        if rng.random() < p.item_only_delivery:
            far = rng.random() < 0.2
            self.ride(
                r,
                day_time(rng, day_start),
                passengers=0,
                item=rng.choice(ITEM_ONLY),
                dropoff=("外地", far_address(rng)) if far else None,
                cross_city=far,
                vehicle=rng.choice(("courier", "car", "van")),
            )
            benign["item_only_delivery"].add(r.person_id)
