"""The lived world: residents, numbers, cards, and every event, seen by partners or not.

Everything happens here in full; ``observed`` on an event says whether a
partner shares it. Ids are given only at the end, in arrival order, so an id
never tells a scam's event from an ordinary one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np

from fanzha.exam.params import BANKS, CARRIERS, HANDSETS, TELECOMS, CityParams

BINS: dict[str, tuple[str, ...]] = {
    "icbc": ("622202", "621226", "620058"),
    "ccb": ("621700", "622700", "436742"),
    "abc": ("622848", "622845", "103"),
    "boc": ("621661", "621785", "456351"),
    "cmb": ("622588", "621483", "410062"),
    "psbc": ("621799", "622188", "621098"),
    "bocom": ("622262", "622260", "405512"),
    "citic": ("622690", "621771", "433670"),
    "whrcb": ("623058", "621366", "625955"),
}
MOBILE_PREFIXES = (
    "134",
    "135",
    "136",
    "138",
    "139",
    "150",
    "151",
    "158",
    "186",
    "185",
    "133",
    "153",
    "180",
    "189",
    "177",
    "199",
    "166",
    "191",
    "187",
    "137",
)
TELECOM_OF_PREFIX = {p: TELECOMS[i % 3] for i, p in enumerate(MOBILE_PREFIXES)}


@dataclass
class Resident:
    person_id: str
    phones: list[str]
    accounts: list[str]
    birth_year: int
    district: str
    address: str
    handset: str
    wallet: str | None = None
    employer: str | None = None
    contacts: list[int] = field(default_factory=list)


@dataclass
class Ev:
    """One event of the world. ``fields`` are the kind's own fields."""

    kind: str
    ts: datetime
    source: str
    fields: dict[str, Any]
    observed: bool
    arrival: datetime
    id: str = ""


class World:
    """Registry of the city and the emitter of its events."""

    def __init__(self, params: CityParams) -> None:
        self.p = params
        self.rng = np.random.default_rng(params.seed)
        tz = timezone(timedelta(hours=params.utc_offset_hours))
        y, m, d = (int(x) for x in params.start.split("-"))
        self.start = datetime(y, m, d, tzinfo=tz)
        self.end = self.start + timedelta(days=params.days)
        self.events: list[Ev] = []
        self.arrived: list[Ev] = []
        self.residents: list[Resident] = []
        self.account_bank: dict[str, str] = {}
        self.account_holder: dict[str, str] = {}
        self.account_opened: dict[str, str] = {}
        self.phone_owner: dict[str, int] = {}
        self._used: set[str] = set()
        self.banks_sharing = set(params.sharing_banks)

    # --- randomness ------------------------------------------------------
    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def pick(self, items: Any) -> Any:
        return items[int(self.rng.integers(len(items)))]

    def poisson(self, lam: float) -> int:
        return int(self.rng.poisson(lam))

    def uniform(self, a: float, b: float) -> float:
        return float(self.rng.uniform(a, b))

    def lognormal_fen(self, median_yuan: float, sigma: float, low: int = 1) -> int:
        yuan = median_yuan * float(np.exp(self.rng.normal(0.0, sigma)))
        return max(low, round(yuan) * 100)

    def day_time(self, day: int, hour_lo: float = 7.0, hour_hi: float = 23.0) -> datetime:
        hours = self.uniform(hour_lo, hour_hi)
        return self.start + timedelta(days=day, hours=hours)

    def any_time(self) -> datetime:
        return self.start + timedelta(seconds=self.uniform(0, self.p.days * 86400 - 1))

    # --- identifiers -----------------------------------------------------
    def _unique(self, make: Any) -> str:
        while True:
            value = str(make())
            if value not in self._used:
                self._used.add(value)
                return value

    def mobile(self, prefixes: tuple[str, ...] = MOBILE_PREFIXES) -> str:
        return self._unique(
            lambda: "+86" + self.pick(prefixes) + f"{int(self.rng.integers(10**8)):08d}"
        )

    def number(self, country: str, digits: int) -> str:
        return self._unique(
            lambda: f"+{country}" + "".join(str(int(x)) for x in self.rng.integers(0, 10, digits))
        )

    def opened(self, account: str, holder: str, days_ago: int) -> None:
        self.account_holder[account] = holder
        self.account_opened[account] = (self.start - timedelta(days=days_ago)).date().isoformat()

    def card(self, bank: str) -> str:
        def make() -> str:
            bin_ = str(self.pick(BINS[bank]))
            length = int(self.pick((16, 19, 19)))
            body = bin_ + "".join(
                str(int(x)) for x in self.rng.integers(0, 10, length - len(bin_) - 1)
            )
            return body + _luhn(body)

        account = self._unique(make)
        self.account_bank[account] = bank
        return account

    def corporate(self, bank: str) -> str:
        account = self._unique(lambda: "".join(str(int(x)) for x in self.rng.integers(0, 10, 17)))
        self.account_bank[account] = bank
        return account

    def wallet_id(self) -> str:
        if self.chance(0.6):
            account = self._unique(
                lambda: "2088" + "".join(str(int(x)) for x in self.rng.integers(0, 10, 12))
            )
            self.account_bank[account] = "alipay"
        else:
            account = self._unique(
                lambda: "wxp" + "".join(str(int(x)) for x in self.rng.integers(0, 10, 13))
            )
            self.account_bank[account] = "tenpay"
        return account

    # --- observation -----------------------------------------------------
    def telecom(self, phone: str) -> str:
        if phone.startswith("+86") and len(phone) == 14:
            return TELECOM_OF_PREFIX.get(phone[3:6], "cmcc")
        return "intl"

    def bank_shares(self, account: str) -> bool:
        return self.account_bank.get(account, "") in self.banks_sharing

    def emit(self, kind: str, ts: datetime, source: str, observed: bool, **fields: Any) -> Ev:
        late = self.chance(self.p.late_share)
        arrival = ts + timedelta(minutes=self.uniform(1, 90)) if late else ts
        event = Ev(kind, ts, source, fields, observed, arrival)
        self.events.append(event)
        return event

    def transfer(
        self,
        ts: datetime,
        payer: str,
        payee: str,
        fen: int,
        channel: str = "mobile",
        memo: str | None = None,
    ) -> Ev:
        fields: dict[str, Any] = {
            "from_account": payer,
            "to_account": payee,
            "amount_fen": int(fen),
            "channel": channel,
        }
        if memo is not None:
            fields["memo"] = memo
        bank = self.account_bank.get(payer, "unknown")
        if bank in self.banks_sharing:
            return self.emit("transfer", ts, f"bank:{bank}", True, **fields)
        payee_bank = self.account_bank.get(payee, "unknown")
        seen = payee_bank in self.banks_sharing and self.chance(self.p.credit_side_share)
        return self.emit("transfer", ts, f"bank:{payee_bank if seen else bank}", seen, **fields)

    def call(self, ts: datetime, caller: str, callee: str, seconds: int, tags: list[str]) -> Ev:
        op = self.telecom(callee)
        mode = self.p.telecom_modes.get(op, "none")
        seen = mode in ("full", "sms_blank") or (mode == "tagged_calls_only" and bool(tags))
        shown = [_tag_word(op, t) for t in tags]
        return self.emit(
            "call",
            ts,
            f"telecom:{op}",
            seen,
            caller=caller,
            callee=callee,
            duration_s=int(seconds),
            caller_tags=shown,
        )

    def sms(self, ts: datetime, sender: str, receiver: str, text: str) -> Ev:
        op = self.telecom(receiver)
        mode = self.p.telecom_modes.get(op, "none")
        ev = self.emit(
            "sms",
            ts,
            f"telecom:{op}",
            mode in ("full", "sms_blank"),
            sender=sender,
            receiver=receiver,
            text="" if mode == "sms_blank" else text,
        )
        ev.fields["_text"] = text
        return ev

    def web(self, ts: datetime, phone: str, url: str) -> Ev:
        op = self.telecom(phone)
        return self.emit(
            "web", ts, f"telecom:{op}", self.p.telecom_modes.get(op) == "full", phone=phone, url=url
        )

    def app(self, ts: datetime, who: Resident, phone: str, app: str, action: str) -> Ev:
        seen = who.handset in self.p.sharing_handsets
        return self.emit(
            "app", ts, f"device:{who.handset}", seen, phone=phone, app=app, action=action
        )

    def parcel(
        self, ts: datetime, sender: str, receiver: str, address: str, contents: str, value: int
    ) -> Ev:
        carrier = self.pick(CARRIERS)
        waybill = carrier.upper() + "".join(str(int(x)) for x in self.rng.integers(0, 10, 12))
        return self.emit(
            "parcel",
            ts,
            f"carrier:{carrier}",
            carrier in self.p.sharing_carriers,
            carrier=carrier,
            waybill=waybill,
            sender=sender,
            receiver=receiver,
            receiver_address=address,
            declared_contents=contents,
            declared_value_fen=int(value),
        )


def _luhn(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return str((10 - total % 10) % 10)


_TAG_WORDS = {
    "ct": {
        "reported_fraud": "疑似诈骗",
        "harassment": "骚扰电话",
        "telemarketing": "广告推销",
        "delivery": "快递外卖",
        "overseas": "境外来电",
        "voip": "网络电话",
        "agent": "房产中介",
    },
}


def _tag_word(telecom: str, tag: str) -> str:
    """Each operator labels in its own words: one in Chinese, the others in English codes."""
    return _TAG_WORDS.get(telecom, {}).get(tag, tag)


__all__ = ["BANKS", "HANDSETS", "Ev", "Resident", "World"]
