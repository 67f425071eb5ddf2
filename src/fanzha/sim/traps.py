"""Benign look-alikes of fraud: stories with the words, numbers and money moves
fraud detection keys on, from people who lose nothing.

Each story is labelled in truth.json ``lookalikes`` with its kind, person,
first event time and event ids, so false warnings can be counted per kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random
from typing import Any

from fanzha.sim import trap_texts as tt
from fanzha.sim.disguise import decorate
from fanzha.sim.fraud import iso
from fanzha.sim.life import MARKETING_DIALERS, Life, day_time
from fanzha.sim.population import (
    BANK_NAMES,
    OTHER_BANKS,
    PARTNER_BANKS,
    AccountNumbers,
    Org,
    Resident,
)

TRAP_ORG_KINDS = {"lenders": 4, "schools": 4, "car_dealers": 6, "suppliers": 12}
MINUTE = 60


def add_trap_orgs(orgs: dict[str, list[Org]], rng: Random, numbers: AccountNumbers) -> None:
    """Licensed lenders, schools, car dealers and wholesale suppliers (hard cities only).
    Suppliers bank anywhere, also at banks that share nothing."""
    banks = list(PARTNER_BANKS)
    for kind, count in TRAP_ORG_KINDS.items():
        group = []
        for i in range(count):
            bank = rng.choice([*banks, *OTHER_BANKS] if kind == "suppliers" else banks)
            group.append(Org(f"ORG-{kind[:3].upper()}{i:05d}", kind, numbers.new(bank), bank))
        orgs[kind] = group


@dataclass
class Story:
    """One look-alike being told: its events, in order."""

    person_id: str
    kind: str
    events: list[tuple[float, str, bool]] = field(default_factory=list)


@dataclass
class Traps:
    life: Life
    rates: dict[str, float]
    text_decoration: float
    records: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stories: dict[str, Callable[[Story, Resident, float], None]] = {
            kind: getattr(self, f"_{kind}") for kind in self.rates
        }

    @property
    def rng(self) -> Random:
        return self.life.rng

    def day(self, r: Resident, day_start: float) -> None:
        for kind, rate in self.rates.items():
            if rate > 0 and self.rng.random() < rate:
                story = Story(r.person_id, kind)
                self._stories[kind](story, r, day_time(self.rng, day_start))
                self._record(story)

    def _record(self, story: Story) -> None:
        if not story.events:
            return
        story.events.sort()
        self.records.append(
            {
                "person_id": story.person_id,
                "kind": story.kind,
                "ts": iso(story.events[0][0]),
                "event_ids": [e for _, e, _ in story.events],
                "observed_event_ids": [e for _, e, seen in story.events if seen],
            }
        )

    # --- vocabulary -------------------------------------------------------------

    def _emit(self, story: Story, kind: str, t: float, source: str, fields: dict[str, Any]) -> str:
        sink = self.life.sink
        event_id = sink.emit(kind, t, source, fields)
        story.events.append((t, event_id, sink.last_seen))
        return event_id

    def _transfer(
        self,
        story: Story,
        t: float,
        src: tuple[str, str],
        dst: str,
        amount: int,
        channel: str,
        memo: str | None = None,
    ) -> None:
        sink = self.life.sink
        event_id = self.life.transfer(t, src, dst, amount, channel, memo)
        story.events.append((t, event_id, sink.last_seen))

    def _sms(self, story: Story, r: Resident, t: float, sender: str, text: str) -> None:
        account = r.accounts[0]
        body = text.format(
            bank=BANK_NAMES[account[1]],
            tail=account[0][-4:],
            amount=self.rng.randint(50, 5000),
            code=self.rng.randint(100000, 999999),
            school=self.rng.choice(tt.SCHOOLS),
        )
        body = decorate(body, self.rng, self.text_decoration)
        fields = {"sender": sender, "receiver": r.phone, "text": body}
        self._emit(story, "sms", t, f"telecom:{r.carrier}", fields)

    def _call(
        self,
        story: Story,
        r: Resident,
        t: float,
        caller: str,
        seconds: tuple[int, int],
        tags: list[str] | None = None,
    ) -> None:
        fields = {
            "caller": caller,
            "callee": r.phone,
            "duration_s": self.rng.randint(*seconds),
            "caller_tags": tags or [],
        }
        self._emit(story, "call", t, f"telecom:{r.carrier}", fields)

    def _app(self, story: Story, r: Resident, t: float, app: str, action: str) -> None:
        fields = {"phone": r.phone, "app": app, "action": action}
        self._emit(story, "app", t, f"telecom:{r.carrier}", fields)

    def _org(self, kind: str) -> Org:
        return self.rng.choice(self.life.orgs[kind])

    def _someone(self) -> Resident:
        return self.life.residents[self.rng.randrange(len(self.life.residents))]

    def _sender(self) -> str:
        return f"106{self.rng.randint(10000000, 99999999)}"

    # --- the stories ------------------------------------------------------------

    def _job_platform(self, s: Story, r: Resident, t: float) -> None:
        self._sms(s, r, t, self._sender(), self.rng.choice(tt.JOB_PLATFORM_SMS))
        if self.rng.random() < 0.4:
            self._app(
                s, r, t + self.rng.uniform(MINUTE, 30 * MINUTE), "com.hpbr.bosszhipin", "install"
            )

    def _licensed_lender(self, s: Story, r: Resident, t: float) -> None:
        rng = self.rng
        app = rng.choice(tt.LENDER_APPS)
        self._app(s, r, t, app, "install")
        if rng.random() < 0.6:  # the loan is really paid out, then the borrower spends it
            lender = self._org("lenders")
            amount = rng.randint(20, 500) * 100_00
            t += rng.uniform(10 * MINUTE, 3 * 3600)
            self._transfer(
                s,
                t,
                (lender.account_id, lender.bank),
                r.accounts[0][0],
                amount,
                "online",
                "借款放款",
            )
            self._sms(s, r, t + 30, self._sender(), tt.LENDER_SMS[0])
        else:
            self._sms(
                s, r, t + rng.uniform(MINUTE, 3600), self._sender(), rng.choice(tt.LENDER_SMS[1:])
            )

    def _bank_notice(self, s: Story, r: Resident, t: float) -> None:
        self._sms(
            s,
            r,
            t,
            f"{self.rng.choice(('95588', '95533', '95599', '95566'))}",
            self.rng.choice(tt.BANK_NOTICE_SMS),
        )

    def _police_antifraud_sms(self, s: Story, r: Resident, t: float) -> None:
        rng = self.rng
        self._sms(s, r, t, rng.choice(("12381", "96110")), rng.choice(tt.POLICE_SMS))
        if rng.random() < 0.25:  # the center's own call back: long, from 96110
            self._call(
                s, r, t + rng.uniform(MINUTE, 3600), rng.choice(tt.POLICE_NUMBERS), (120, 900)
            )

    def _telemarketer_tagged(self, s: Story, r: Resident, t: float) -> None:
        caller = self.rng.choice(MARKETING_DIALERS) + f"{self.rng.randint(1000, 9999)}"
        self._call(s, r, t, caller, (20, 600), ["mass_dialer", "reported_fraud"])

    def _rent_deposit(self, s: Story, r: Resident, t: float) -> None:
        rng = self.rng
        if rng.random() < 0.5:
            self._sms(s, r, t - rng.uniform(3600, 86400), self._sender(), tt.RENT_SMS[0])
        landlord = self._someone()
        memo = rng.choice(("房租押金", "押一付三", None, None))
        self._transfer(
            s,
            t,
            r.accounts[0],
            landlord.accounts[-1][0],
            rng.randint(20, 120) * 100_00,
            "mobile",
            memo,
        )

    def _car_purchase(self, s: Story, r: Resident, t: float) -> None:
        dealer = self._org("car_dealers")
        amount = self.rng.randint(30, 250) * 1000_00
        memo = self.rng.choice(("购车款", "首付", None))
        self._transfer(
            s,
            t,
            r.accounts[0],
            dealer.account_id,
            amount,
            self.rng.choice(("counter", "mobile")),
            memo,
        )

    def _tuition(self, s: Story, r: Resident, t: float) -> None:
        rng = self.rng
        self._sms(s, r, t - rng.uniform(3600, 3 * 86400), self._sender(), tt.TUITION_SMS[0])
        school = self._org("schools")
        amount = rng.randint(30, 300) * 100_00
        self._transfer(
            s, t, r.accounts[0], school.account_id, amount, "online", rng.choice(("学费", None))
        )

    def _supplier_payment(self, s: Story, r: Resident, t: float) -> None:
        rng = self.rng
        supplier = self._org("suppliers")
        for _ in range(rng.randint(1, 3)):
            amount = rng.randint(50, 800) * 100_00
            self._transfer(
                s,
                t,
                rng.choice(r.accounts),
                supplier.account_id,
                amount,
                rng.choice(("online", "mobile")),
                rng.choice(("货款", "进货", None)),
            )
            t += rng.uniform(MINUTE, 3600)

    def _remote_support(self, s: Story, r: Resident, t: float) -> None:
        rng = self.rng
        self._call(s, r, t, rng.choice(tt.SERVICE_NUMBERS), (600, 2400))
        app = rng.choice(tt.SUPPORT_APPS)
        self._app(s, r, t + rng.uniform(2 * MINUTE, 10 * MINUTE), app, "install")
        self._app(s, r, t + rng.uniform(10 * MINUTE, 20 * MINUTE), app, "screen_share_start")
        if rng.random() < 0.3:  # a bill paid while the helper watches
            shop = self._org("merchants")
            self._transfer(
                s,
                t + rng.uniform(20 * MINUTE, 40 * MINUTE),
                r.accounts[0],
                shop.account_id,
                rng.randint(50, 3000) * 100,
                "mobile",
            )

    def _family_support(self, s: Story, r: Resident, t: float) -> None:
        rng = self.rng
        relative = self._someone()  # a relative living elsewhere in the city
        if rng.random() < 0.6:
            self._call(s, r, t, relative.phone, (60, 1800))
        amount = rng.randint(20, 500) * 100_00
        memo = rng.choice(("生活费", "看病", "借你的", None, None))
        self._transfer(
            s,
            t + rng.uniform(5 * MINUTE, 3600),
            r.accounts[0],
            relative.accounts[0][0],
            amount,
            "mobile",
            memo,
        )

    def _shopping_refund(self, s: Story, r: Resident, t: float) -> None:
        rng = self.rng
        if rng.random() < 0.4:
            self._call(s, r, t - rng.uniform(MINUTE, 3600), "+8695188", (120, 900))
        hub = self._org("payment_hubs")
        amount = rng.randint(20, 2000) * 100
        self._transfer(
            s,
            t,
            (hub.account_id, hub.bank),
            r.accounts[0][0],
            amount,
            "third_party",
            rng.choice(("退款", "理赔", "支付宝-退款")),
        )
        self._sms(s, r, t + 60, self._sender(), rng.choice(tt.REFUND_SMS))
