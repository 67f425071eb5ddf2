"""Rings and the steps their journeys are made of (the journeys are in ``journeys``).

A ring owns numbers of every shape (overseas, virtual-operator, bought real-name
mobiles, landline look-alikes), bulk-SMS channels, sites, apps and layered
mule cards, some rented from residents who go on living with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fanzha.exam.params import BANKS
from fanzha.exam.texts import LURES, disguise_url, fill, obfuscate, random_host
from fanzha.exam.world import Ev, Resident, World

SCREEN_APPS = ("com.tencent.wemeet.app", "us.zoom.videomeetings", "com.oray.sunlogin", "com.todesk")
FAKE_APPS = {
    "impersonate_police": ("cn.gov.spp.anjian", "com.gaj.qingcha"),
    "fake_loan": ("com.huiminjie.loan", "com.sudai.app"),
    "investment": ("com.hzgl.licai", "com.mt5.pro.trade"),
    "task_rebate": ("com.dianzan.task", "com.renwu.hall"),
    "game_trade": ("com.youxi.jiaoyi",),
    "romance": ("com.yuehui.love",),
    "fake_credit": ("com.zhengxin.xiufu",),
    "impersonate_service": ("com.kefu.lipei",),
    "other": ("com.jiangpin.lingqu",),
    "impersonate_acquaintance": (),
}
GENERIC_APPS = ("com.xy.helper3", "com.android.sys.update", "com.app.tools.lite", "com.cloud.box2")
DATING_APPS = ("com.p1.mobile.putong", "com.soulapp.android")


@dataclass
class Ring:
    ring_id: str
    phones: list[str]
    tagged: dict[str, list[str]]
    senders: list[str]
    domains: list[str]
    layer1: list[str]
    layer2: list[str]
    payout: list[str]
    cash_addresses: list[str]

    def truth(self) -> dict[str, Any]:
        return {
            "ring_id": self.ring_id,
            "phones": self.phones,
            "tagged_phones": sorted(self.tagged),
            "sms_senders": self.senders,
            "domains": self.domains,
            "mule_accounts": self.layer1 + self.layer2 + self.payout,
            "layer1": self.layer1,
            "layer2": self.layer2,
            "payout": self.payout,
            "addresses": self.cash_addresses,
        }


@dataclass
class Story:
    """One episode of one victim: everything the ring made happen on the victim's side."""

    person: int
    typology: str
    ring: Ring
    payer_accounts: list[str]
    first_contact: datetime
    signals: list[Ev] = field(default_factory=list)
    losses: list[Ev] = field(default_factory=list)
    rebates: list[Ev] = field(default_factory=list)
    others: list[Ev] = field(default_factory=list)
    """The variants' own events: loans, savings moved, top-ups."""
    variants: list[str] = field(default_factory=list)
    obfuscations: list[str] = field(default_factory=list)
    disguised_urls: list[str] = field(default_factory=list)
    handed_over_fen: int = 0
    paid_fen: int = 0
    rebated_fen: int = 0
    cash_out: str = "transfer"


def make_ring(w: World, index: int, resident_mules: list[int]) -> Ring:
    p = w.p
    phones: list[str] = []
    for _ in range(int(w.rng.integers(8, 16))):
        shape = w.pick(("overseas", "voip", "mobile", "landline"))
        if w.chance(p.ring_mobile_number_share):
            shape = "mobile"
        if shape == "overseas":
            country, digits = w.pick((("852", 8), ("855", 9), ("63", 10), ("95", 9), ("60", 9)))
            phones.append(w.number(country, digits))
        elif shape == "voip":
            phones.append(w.mobile(("170", "171", "165", "167")))
        elif shape == "landline":
            phones.append(w.number("8610", 8) if w.chance(0.5) else w.number("8621", 8))
        else:
            phones.append(w.mobile())
    tagged = {
        ph: [w.pick(("reported_fraud", "reported_fraud", "harassment", "voip"))]
        for ph in phones
        if w.chance(p.ring_phone_tagged_share)
    }
    senders = [f"1069{int(w.rng.integers(10**8, 10**9))}" for _ in range(3)] + [
        w.mobile() for _ in range(3)
    ]
    domains = [random_host(w) for _ in range(4)]

    def mule(layer: int) -> str:
        silent = w.chance(p.mule_at_silent_bank_share)
        bank = w.pick([b for b in BANKS if (b in w.banks_sharing) != silent] or list(BANKS))
        if w.chance(0.15):
            account = w.corporate(bank)
            w.opened(
                account,
                f"91420{int(w.rng.integers(10**12, 10**13))}X",
                int(w.rng.integers(20, 900)),
            )
            return account
        account = w.card(bank)
        if resident_mules and not w.chance(p.mule_outside_share):
            holder = w.residents[resident_mules.pop()]
            holder.accounts.append(account)
            w.opened(account, holder.person_id, int(w.rng.integers(3, 400)))
        return account

    return Ring(
        ring_id=f"G{index + 1}",
        phones=phones,
        tagged=tagged,
        senders=senders,
        domains=domains,
        layer1=[mule(1) for _ in range(int(w.rng.integers(4, 9)))],
        layer2=[mule(2) for _ in range(int(w.rng.integers(3, 6)))],
        payout=[mule(0) for _ in range(2)],
        cash_addresses=[
            f"武汉市{w.pick(('洪山区', '江夏区', '蔡甸区'))}某小区{int(w.rng.integers(1, 30))}栋"
            for _ in range(2)
        ],
    )


class Steps:
    """The steps every journey is made of, each recorded on its story."""

    def __init__(self, w: World, story: Story) -> None:
        self.w, self.s = w, story
        self.person: Resident = w.residents[story.person]
        self.phone = self.person.phones[0]

    def lure(self, ts: datetime, typology: str | None = None) -> Ev:
        w, s = self.w, self.s
        text = fill(w.pick(LURES[typology or s.typology]), w)
        if w.chance(w.p.lure_obfuscation_share):
            text, ways = obfuscate(w, text)
            s.obfuscations.extend(ways)
        event = w.sms(ts, w.pick(s.ring.senders), self.phone, text)
        s.signals.append(event)
        return event

    def call(self, ts: datetime, lo: int, hi: int, caller: str | None = None) -> Ev:
        w, s = self.w, self.s
        number = caller or w.pick(s.ring.phones)
        event = w.call(
            ts, number, self.phone, int(w.rng.integers(lo, hi)), s.ring.tagged.get(number, [])
        )
        s.signals.append(event)
        return event

    def visit(self, ts: datetime) -> Ev:
        w, s = self.w, self.s
        url = (
            f"https://{w.pick(s.ring.domains)}/{w.pick(('login', 'h5', 'index.html', 'm', 'reg'))}"
        )
        if w.chance(w.p.url_disguise_share):
            way, url = disguise_url(w, url)
            s.disguised_urls.append(way)
        event = w.web(ts, self.phone, url)
        s.signals.append(event)
        return event

    def install(self, ts: datetime, app: str | None = None) -> str:
        w, s = self.w, self.s
        choices = FAKE_APPS.get(s.typology) or GENERIC_APPS
        name = app or (w.pick(GENERIC_APPS) if w.chance(w.p.generic_app_share) else w.pick(choices))
        s.signals.append(w.app(ts, self.person, self.phone, name, "install"))
        s.signals.append(
            w.app(ts + timedelta(minutes=w.uniform(0.5, 5)), self.person, self.phone, name, "open")
        )
        return name

    def screen_share(self, ts: datetime) -> None:
        name = self.install(ts, self.w.pick(SCREEN_APPS))
        self.s.signals.append(
            self.w.app(
                ts + timedelta(minutes=6), self.person, self.phone, name, "screen_share_start"
            )
        )

    def pay(self, ts: datetime, fen: int, memo: str | None = None, channel: str = "mobile") -> Ev:
        w, s = self.w, self.s
        payer = s.payer_accounts[len(s.losses) % len(s.payer_accounts)]
        mule = w.pick(s.ring.layer1)
        if "wallet" in s.variants and self.person.wallet and payer in self.person.accounts:
            s.others.append(
                w.transfer(
                    ts - timedelta(minutes=1), payer, self.person.wallet, fen, "third_party", "充值"
                )
            )
            payer, channel = self.person.wallet, "third_party"
        event = w.transfer(ts, payer, mule, fen, channel, memo)
        s.losses.append(event)
        s.paid_fen += fen
        self._launder(ts, mule, fen)
        return event

    def rebate(self, ts: datetime, fen: int, memo: str) -> None:
        w, s = self.w, self.s
        event = w.transfer(
            ts, w.pick(s.ring.payout), w.pick(self.person.accounts), fen, "online", memo
        )
        s.rebates.append(event)
        s.rebated_fen += fen

    def _launder(self, ts: datetime, mule: str, fen: int) -> None:
        w, ring = self.w, self.s.ring
        left, t = fen, ts
        while left > 0:
            t += timedelta(minutes=w.uniform(2, 40))
            part = left if left < 500_000 else int(left * w.uniform(0.3, 0.7)) // 100 * 100
            w.transfer(t, mule, w.pick(ring.layer2), part, "online")
            left -= part
        if w.chance(0.4):
            account = w.pick(ring.layer2)
            w.emit(
                "withdrawal",
                t + timedelta(hours=w.uniform(1, 20)),
                f"bank:{w.account_bank[account]}",
                w.bank_shares(account),
                account_id=account,
                amount_fen=min(fen, 2_000_000),
                channel="atm",
                location=w.pick(("广州市白云区", "东莞市长安镇", "南宁市青秀区")) + "ATM",
            )
