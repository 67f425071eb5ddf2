"""Victims of every typology, the money's path through mule layers, and reports.

Each script follows the signal sequence real cases show, with random timing and
a chance that any one non-essential signal is missing from the data. What
really happened is recorded in ``Truth``; detection and tracing never see it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from random import Random
from typing import Any

from fanzha.sim.life import Life
from fanzha.sim.params import SimParams
from fanzha.sim.population import Org, Resident
from fanzha.sim.rings import Mule, Ring
from fanzha.sim.sink import CST
from fanzha.sim.texts import COURIER_ITEMS, FRAUD_SMS, MEETING_APPS, REPORT_TEXT

ATM_LIMIT = 2_000_000  # ¥20,000 a withdrawal


def iso(ts: float) -> str:
    return datetime.fromtimestamp(int(ts), CST).isoformat()


@dataclass
class Truth:
    victims: list[dict[str, Any]] = field(default_factory=list)
    laundering: list[str] = field(default_factory=list)
    held: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cashed_out: int = 0
    stolen_to_mules: int = 0


@dataclass
class Fraud:
    life: Life
    rings: list[Ring]
    truth: Truth
    gold_sellers: list[Org]
    paid: dict[str, int] = field(default_factory=dict)

    @property
    def rng(self) -> Random:
        return self.life.rng

    @property
    def params(self) -> SimParams:
        return self.life.params

    # --- signals --------------------------------------------------------------

    def _keep(self) -> bool:
        """Non-essential signals are sometimes absent from the data."""
        return self.rng.random() >= self.params.signal_drop_share

    def _call(
        self, v: Resident, ring: Ring, t: float, minutes: tuple[int, int], signals: list[str]
    ) -> None:
        tagged = self.rng.random() < self.params.tagged_call_share
        caller = ring.phone(self.rng, tagged)
        tags = (
            sorted(
                self.rng.sample(
                    ["spoofed_official", "voip", "overseas", "reported_fraud"],
                    self.rng.randint(1, 2),
                )
            )
            if tagged
            else []
        )
        signals.append(
            self.life.sink.emit(
                "call",
                t,
                f"telecom:{v.carrier}",
                {
                    "caller": caller,
                    "callee": v.phone,
                    "caller_tags": tags,
                    "duration_s": self.rng.randint(minutes[0] * 60, minutes[1] * 60),
                },
            )
        )

    def _sms(self, v: Resident, ring: Ring, t: float, typology: str, signals: list[str]) -> None:
        text = self.rng.choice(FRAUD_SMS[typology]).format(code=self.rng.randint(10**6, 10**9))
        signals.append(
            self.life.sink.emit(
                "sms",
                t,
                f"telecom:{v.carrier}",
                {"sender": self.rng.choice(ring.sms_senders), "receiver": v.phone, "text": text},
            )
        )

    def _web(self, v: Resident, ring: Ring, t: float, typology: str, signals: list[str]) -> None:
        domain = self.rng.choice(ring.domains[typology] or ring.domains["other"])
        signals.append(
            self.life.sink.emit(
                "web",
                t,
                f"telecom:{v.carrier}",
                {"phone": v.phone, "url": f"https://{domain}/index.html"},
            )
        )

    def _app(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        typology: str,
        action: str,
        signals: list[str],
        app: str | None = None,
    ) -> None:
        name = app or self.rng.choice(ring.apps[typology] or ring.apps["other"])
        signals.append(
            self.life.sink.emit(
                "app", t, f"telecom:{v.carrier}", {"phone": v.phone, "app": name, "action": action}
            )
        )

    def _screen_share(
        self, v: Resident, ring: Ring, t: float, typology: str, signals: list[str]
    ) -> None:
        app = self.rng.choice(MEETING_APPS) if self.rng.random() < 0.5 else None
        self._app(v, ring, t, typology, "install", signals, app)
        self._app(
            v,
            ring,
            t + self.rng.uniform(30, 180),
            typology,
            "screen_share_start",
            signals,
            app or self.rng.choice(ring.apps[typology] or ring.apps["other"]),
        )

    # --- money ------------------------------------------------------------------

    def _pay(self, v: Resident, ring: Ring, t: float, amount: int, losses: list[str]) -> None:
        """The victim pays a first-layer mule; the ring launders it within minutes."""
        mule = self.rng.choice(ring.layers[0])
        account = max(v.accounts, key=lambda a: a[0])  # the account the victim keeps savings in
        tx = self.life.transfer(
            t,
            account,
            mule.account_id,
            amount,
            self.rng.choice(("mobile", "online")),
            "安全账户" if self.rng.random() < 0.2 else None,
        )
        losses.append(tx)
        self.paid[tx] = amount
        self.truth.stolen_to_mules += amount
        self._launder(ring, mule, amount, t)

    def _rebate(self, v: Resident, ring: Ring, t: float, amount: int) -> None:
        """Rings pay small 'profits' back to hook the victim (task rebates, test withdrawals)."""
        mule = self.rng.choice(ring.layers[1])
        if mule.partner:
            self.life.transfer(
                t, (mule.account_id, mule.bank), v.accounts[0][0], amount, "online", "佣金"
            )

    def _launder(self, ring: Ring, mule: Mule, amount: int, t: float) -> None:
        rng = self.rng
        last = mule.layer >= len(ring.layers) or not mule.partner
        if last or rng.random() < 0.1:
            self._settle(mule, amount, t)
            return
        parts = rng.randint(2, 4)
        shares = sorted(rng.sample(range(1, amount), parts - 1)) if amount > parts else []
        cuts = [b - a for a, b in zip([0, *shares], [*shares, amount], strict=True)]
        for part in cuts:
            nxt = rng.choice(ring.layers[mule.layer])
            when = t + rng.uniform(60, 900)
            tx = self.life.transfer(
                when,
                (mule.account_id, mule.bank),
                nxt.account_id,
                part,
                rng.choice(("mobile", "online", "third_party")),
            )
            self.truth.laundering.append(tx)
            self._launder(ring, nxt, part, when)

    def _settle(self, mule: Mule, amount: int, t: float) -> None:
        """Money stops: part left in place (recoverable), the rest cashed out."""
        rng = self.rng
        keep = amount if not mule.partner else int(amount * self.params.left_in_place_share)
        if mule.partner and rng.random() < 0.25:
            keep = amount  # some cards are frozen-in-time: the ring has not come back yet
        self.truth.held[mule.account_id] += keep
        rest = amount - keep
        if rest < 100_00:  # crumbs are not worth a trip to the ATM
            self.truth.held[mule.account_id] += rest
            rest = 0
        when = t + rng.uniform(300, 3600)
        source = f"bank:{mule.bank}"
        while rest > 0:
            how = rng.random()
            piece = min(rest, ATM_LIMIT if how < 0.6 else rest)
            if how < 0.6:
                self.life.sink.emit(
                    "withdrawal",
                    when,
                    source,
                    {
                        "account_id": mule.account_id,
                        "amount_fen": piece,
                        "channel": "atm",
                        "location": rng.choice(("广州", "东莞", "昆明", "南宁")),
                    },
                )
            elif how < 0.8:
                self.life.sink.emit(
                    "gold_purchase",
                    when,
                    source,
                    {
                        "account_id": mule.account_id,
                        "grams": max(round(piece / 60000, 2), 0.01),
                        "amount_fen": piece,
                        "channel": "store",
                        "delivery": "pickup",
                    },
                )
            else:
                shop = rng.choice(self.life.orgs["merchants"])
                tx = self.life.transfer(
                    when, (mule.account_id, mule.bank), shop.account_id, piece, "third_party"
                )
                self.truth.laundering.append(tx)
            self.truth.cashed_out += piece
            rest -= piece
            when += rng.uniform(60, 600)

    # --- victims ------------------------------------------------------------------

    def victim(self, v: Resident, typology: str, day_start: float) -> None:
        rng = self.rng
        ring = rng.choice(self.rings)
        t = day_start + rng.uniform(8 * 3600, 20 * 3600)
        signals: list[str] = []
        losses: list[str] = []
        loss_amounts = [rng.randint(20, 200) * 100_00 for _ in range(rng.randint(1, 3))]
        script = getattr(self, f"_script_{typology}")
        first_loss, cash_out = script(v, ring, t, signals, losses, loss_amounts)
        paid = sum(self.paid[tx] for tx in losses)
        loss = paid if cash_out == "transfer" else sum(loss_amounts)
        record = {
            "person_id": v.person_id,
            "typology": typology,
            "phones": [v.phone],
            "accounts": [a[0] for a in v.accounts],
            "ring_id": ring.ring_id,
            "first_contact_ts": iso(t),
            "first_loss_ts": iso(first_loss),
            "loss_fen": loss,
            "victim_transfers": losses,
            "cash_out": cash_out,
            "signal_events": signals,
            "report_id": None,
            "reported_ts": None,
        }
        if rng.random() < self.params.report_rate:
            delay = min(rng.lognormvariate(8.5, 1.2), 5 * 86400)
            when = first_loss + 600 + delay
            fields: dict[str, Any] = {
                "person_id": v.person_id,
                "loss_fen": loss,
                "fraud_type": typology,
                "text": REPORT_TEXT[typology],
            }
            if losses and rng.random() < self.params.report_lists_transfers:
                fields["transfers"] = losses
            record["report_id"] = self.life.sink.emit(
                "report", when, rng.choice(("police:110", "police:96110")), fields, prefix="rep-"
            )
            record["reported_ts"] = iso(when)
        self.truth.victims.append(record)

    def _pay_all(
        self, v: Resident, ring: Ring, t: float, amounts: list[int], losses: list[str]
    ) -> float:
        first = t
        for i, amount in enumerate(amounts):
            when = t + i * self.rng.uniform(120, 1200)
            self._pay(v, ring, when, amount, losses)
        return first

    def _script_impersonate_police(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        signals: list[str],
        losses: list[str],
        amounts: list[int],
    ) -> tuple[float, str]:
        rng, p = self.rng, self.params
        if self._keep():
            self._sms(v, ring, t - rng.uniform(300, 3600), "impersonate_police", signals)
        self._call(v, ring, t, (15, 90), signals)
        t += rng.uniform(900, 3600)
        if self._keep():
            self._web(v, ring, t, "impersonate_police", signals)
        variant = rng.random()
        if variant < p.police_cash_courier_share:
            total = sum(amounts)
            self.life.sink.emit(
                "withdrawal",
                t + 600,
                f"bank:{v.accounts[0][1]}",
                {
                    "account_id": v.accounts[0][0],
                    "amount_fen": total,
                    "channel": "counter",
                    "location": "武汉",
                },
            )
            handover = t + rng.uniform(1800, 5400)
            signals.append(
                self.life.ride(
                    v,
                    handover,
                    passengers=0,
                    item=rng.choice(COURIER_ITEMS),
                    dropoff=("外地", rng.choice(ring.addresses)),
                    cross_city=rng.random() < 0.8,
                    vehicle=rng.choice(("car", "courier")),
                )
            )
            if rng.random() < 0.3:
                self.life.sink.emit(
                    "parcel",
                    handover + 60,
                    "express:sf",
                    {
                        "carrier": "sf",
                        "waybill": self.life.sink.new_id("SF"),
                        "sender": v.phone,
                        "receiver": ring.phone(rng, False),
                        "receiver_address": rng.choice(ring.addresses),
                        "declared_contents": "文件",
                        "declared_value_fen": 0,
                    },
                )
            return handover, "cash_courier"
        if variant < p.police_cash_courier_share + p.police_gold_mail_share:
            when = t + rng.uniform(600, 3600)
            self.life.sink.emit(
                "gold_purchase",
                when,
                f"bank:{v.accounts[0][1]}",
                {
                    "account_id": v.accounts[0][0],
                    "grams": round(sum(amounts) / 60000, 2),
                    "amount_fen": sum(amounts),
                    "channel": "app",
                    "delivery": "mail",
                    "delivery_address": rng.choice(ring.addresses),
                },
            )
            return when, "gold_mail"
        if self._keep():
            self._screen_share(v, ring, t, "impersonate_police", signals)
        return self._pay_all(v, ring, t + rng.uniform(300, 1800), amounts, losses), "transfer"

    def _script_task_rebate(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        signals: list[str],
        losses: list[str],
        amounts: list[int],
    ) -> tuple[float, str]:
        rng = self.rng
        self._sms(v, ring, t, "task_rebate", signals)
        t += rng.uniform(600, 7200)
        if self._keep():
            self._app(v, ring, t, "task_rebate", "install", signals)
        if self._keep():
            self._web(v, ring, t + 60, "task_rebate", signals)
        for _ in range(rng.randint(2, 3)):  # small paid tasks, answered with rebates
            small = rng.randint(50, 500) * 100
            t += rng.uniform(300, 1800)
            self._pay(v, ring, t, small, signals)
            self._rebate(v, ring, t + rng.uniform(60, 600), int(small * rng.uniform(1.05, 1.3)))
        return self._pay_all(v, ring, t + rng.uniform(600, 3600), amounts, losses), "transfer"

    def _script_investment(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        signals: list[str],
        losses: list[str],
        amounts: list[int],
    ) -> tuple[float, str]:
        rng = self.rng
        self._sms(v, ring, t, "investment", signals)
        if self._keep():
            self._call(v, ring, t + rng.uniform(600, 3600), (5, 30), signals)
        t += rng.uniform(3600, 5 * 3600)
        self._web(v, ring, t, "investment", signals)
        if self._keep():
            self._app(v, ring, t + 120, "investment", "install", signals)
        small = rng.randint(10, 50) * 10000
        self._pay(v, ring, t + 600, small, signals)
        self._rebate(v, ring, t + 1800, int(small * 1.1))
        return self._pay_all(
            v, ring, t + rng.uniform(3600, 4 * 3600), [a * 3 for a in amounts], losses
        ), "transfer"

    def _script_romance(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        signals: list[str],
        losses: list[str],
        amounts: list[int],
    ) -> tuple[float, str]:
        rng = self.rng
        self._app(v, ring, t, "romance", "install", signals)
        self._sms(v, ring, t + 300, "romance", signals)
        for _ in range(rng.randint(1, 3)):
            t += rng.uniform(1800, 4 * 3600)
            self.life.sink.emit(
                "call",
                t,
                f"telecom:{v.carrier}",
                {
                    "caller": ring.phone(rng, False),
                    "callee": v.phone,
                    "duration_s": rng.randint(600, 3600),
                    "caller_tags": [],
                },
            )
        self._web(v, ring, t + 600, "investment", signals)
        return self._pay_all(v, ring, t + rng.uniform(1800, 7200), amounts, losses), "transfer"

    def _script_fake_loan(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        signals: list[str],
        losses: list[str],
        amounts: list[int],
    ) -> tuple[float, str]:
        rng = self.rng
        self._sms(v, ring, t, "fake_loan", signals)
        t += rng.uniform(300, 3600)
        self._app(v, ring, t, "fake_loan", "install", signals)
        if self._keep():
            self._call(v, ring, t + 600, (3, 20), signals)
        fees = [max(a // 10, 50_000) for a in amounts]
        return self._pay_all(v, ring, t + rng.uniform(900, 3600), fees, losses), "transfer"

    def _script_impersonate_service(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        signals: list[str],
        losses: list[str],
        amounts: list[int],
    ) -> tuple[float, str]:
        rng = self.rng
        if self._keep():
            self._sms(v, ring, t - 600, "impersonate_service", signals)
        self._call(v, ring, t, (10, 60), signals)
        self._screen_share(v, ring, t + rng.uniform(300, 1200), "impersonate_service", signals)
        return self._pay_all(v, ring, t + rng.uniform(1200, 2400), amounts, losses), "transfer"

    def _script_fake_credit(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        signals: list[str],
        losses: list[str],
        amounts: list[int],
    ) -> tuple[float, str]:
        rng = self.rng
        self._call(v, ring, t, (10, 60), signals)
        if self._keep():
            self._sms(v, ring, t + 120, "fake_credit", signals)
        if self._keep():
            self._screen_share(v, ring, t + 900, "fake_credit", signals)
        return self._pay_all(v, ring, t + rng.uniform(1500, 3600), amounts, losses), "transfer"

    def _script_game_trade(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        signals: list[str],
        losses: list[str],
        amounts: list[int],
    ) -> tuple[float, str]:
        self._web(v, ring, t, "game_trade", signals)
        if self._keep():
            self._app(v, ring, t + 300, "game_trade", "install", signals)
        return self._pay_all(
            v, ring, t + self.rng.uniform(900, 3600), [a // 5 for a in amounts], losses
        ), "transfer"

    def _script_impersonate_acquaintance(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        signals: list[str],
        losses: list[str],
        amounts: list[int],
    ) -> tuple[float, str]:
        self._sms(v, ring, t, "impersonate_acquaintance", signals)
        return self._pay_all(
            v, ring, t + self.rng.uniform(600, 5400), amounts[:1], losses
        ), "transfer"

    def _script_other(
        self,
        v: Resident,
        ring: Ring,
        t: float,
        signals: list[str],
        losses: list[str],
        amounts: list[int],
    ) -> tuple[float, str]:
        self._sms(v, ring, t, "other", signals)
        if self._keep():
            self._web(v, ring, t + 300, "other", signals)
        return self._pay_all(
            v, ring, t + self.rng.uniform(600, 3600), amounts[:1], losses
        ), "transfer"
