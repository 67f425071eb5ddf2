"""Victims, the money's path through mule layers, and reports.

The scripts of each typology live in ``scripts.py``; this module gives them
their vocabulary (a call, an SMS, an app, a payment…) and keeps ``Truth``:
what really happened, which detection and tracing never see. Every fen a
victim transfers to a ring is followed until it is cashed out or left in an
account, so tests can check that money is conserved.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from random import Random
from typing import Any

from fanzha.sim import journeys
from fanzha.sim.disguise import disguise_url, generic_app, obfuscate
from fanzha.sim.laundering import CaseMoney, Launderer
from fanzha.sim.life import WALLET_MEMOS, Life
from fanzha.sim.lure_texts import MORE_LURES
from fanzha.sim.money_truth import record_episodes
from fanzha.sim.params import SimParams
from fanzha.sim.population import AccountNumbers, Resident
from fanzha.sim.rings import Mule, Ring
from fanzha.sim.sink import CST
from fanzha.sim.texts import FRAUD_SMS, MEETING_APPS, REPORT_TEXT

ATM_LIMIT = 2_000_000  # ¥20,000 a withdrawal
CASH_OUT_CITIES = ("广州", "东莞", "昆明", "南宁", "深圳", "西双版纳")
CONTACT_KINDS = frozenset({"sms", "call", "web", "app"})
"""What grooming on a channel we cannot see leaves out until the money moves."""


def iso(ts: float) -> str:
    return datetime.fromtimestamp(int(ts), CST).isoformat()


@dataclass
class Truth:
    victims: list[dict[str, Any]] = field(default_factory=list)
    laundering: list[str] = field(default_factory=list)
    held: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cashed_out: int = 0
    stolen_to_mules: int = 0
    rebates_paid: int = 0
    cases: list[dict[str, Any]] = field(default_factory=list)
    """Hard money worlds: one record per episode (a victim cheated twice has two)."""


@dataclass
class Case:
    """One victim's story as it is being told; becomes a ``victims`` record."""

    victim: Resident
    ring: Ring
    typology: str
    signals: list[str] = field(default_factory=list)
    transfers: list[str] = field(default_factory=list)
    rebates: list[str] = field(default_factory=list)
    paid: int = 0
    rebated: int = 0
    handed_over: int = 0
    """Cash or gold given to the ring outside the banks (courier, mail)."""
    first_contact: float = math.inf
    first_loss: float = math.inf
    last_loss: float = -math.inf
    """Victims report after the last payment, when they realise they were cheated."""
    cash_out: str = "transfer"
    variants: set[str] = field(default_factory=set)
    """Harder journey variants this story takes (``hardness.JOURNEY_VARIANTS``)."""
    hide_contact: bool = False
    payer: tuple[str, str] | None = None
    """The account the victim pays from when it is not their own (a parent's, the company's)
    or is a second card the savings were gathered on."""
    via_hub: bool = False
    prelude_done: bool = False
    seen: list[tuple[float, str]] = field(default_factory=list)
    """(time, id) of this story's events that a partner shared (reached events.jsonl)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Variant details for the truth: loan transfers, payer accounts, episodes."""
    money: CaseMoney | None = None
    """Hard money worlds: where this episode's stolen money went (``laundering.py``)."""
    episodes: list[Case] = field(default_factory=list)
    """Hard money worlds, a victim cheated twice: each episode as it was, reported apart."""

    @property
    def tel(self) -> str:
        return f"telecom:{self.victim.carrier}"

    def lost_at(self, t: float) -> None:
        self.first_loss = min(self.first_loss, t)
        self.last_loss = max(self.last_loss, t)

    @property
    def loss(self) -> int:
        return max(self.paid - self.rebated, 0) + self.handed_over


@dataclass
class Fraud:
    life: Life
    rings: list[Ring]
    truth: Truth
    start: float
    end: float
    """End of the run (epoch seconds): grooming never pushes a loss past it."""
    numbers: AccountNumbers | None = None
    """For second cards opened on a ring's instruction (hard cities only)."""
    laundering: Launderer | None = None
    """Hard money worlds: mule kinds, institutions, exits, ledgers per case."""

    def layers_at(self, ring: Ring, t: float) -> list[list[Mule]]:
        """The ring's cards in use at ``t``: a new generation every ``mule_lifetime_days``."""
        age = int((t - self.start) // (self.params.mule_lifetime_days * 86400))
        return ring.generations[min(max(age, 0), len(ring.generations) - 1)]

    @property
    def rng(self) -> Random:
        return self.life.rng

    @property
    def params(self) -> SimParams:
        return self.life.params

    def later_days(self, t: float) -> float:
        """Grooming that lasts days (investment, romance), when the run is long enough."""
        room = int((self.end - t) // 86400) - 1 if self.end - t > 86400 else 0
        days = min(self.params.grooming_days_max, room)
        return t + 86400 * self.rng.randint(0, days) if days > 0 else t

    def keep(self) -> bool:
        """Non-essential signals are sometimes absent from the data."""
        return self.rng.random() >= self.params.signal_drop_share

    # --- the victim's side of the scam ------------------------------------------

    def signal(self, case: Case, kind: str, t: float, source: str, fields: dict[str, Any]) -> str:
        if case.hide_contact and kind in CONTACT_KINDS and not case.paid and not case.handed_over:
            return ""  # grooming on a chat app, or before the window: no event at all
        event_id = self.life.sink.emit(kind, t, source, fields)
        case.signals.append(event_id)
        case.first_contact = min(case.first_contact, t)
        self.note(case, t, event_id)
        return event_id

    def note(self, case: Case, t: float, event_id: str) -> None:
        """Remember the event just emitted if a partner shared it."""
        if self.life.sink.last_seen:
            case.seen.append((t, event_id))

    def loss_event(self, case: Case, kind: str, t: float, fields: dict[str, Any]) -> str:
        """Cash withdrawn or gold bought for the ring: a loss outside the transfers."""
        case.lost_at(t)
        bank = self.account_of(case)[1]
        return self.signal(case, kind, t, f"bank:{bank}", fields)

    def account_of(self, case: Case) -> tuple[str, str]:
        return case.victim.accounts[0]

    def call(
        self,
        case: Case,
        t: float,
        minutes: tuple[int, int],
        tagged: bool | None = None,
        seconds: tuple[int, int] | None = None,
    ) -> None:
        """A call from the ring; ``seconds`` instead of ``minutes`` for calls hung up on."""
        rng = self.rng
        if tagged is None:
            tagged = rng.random() < self.params.tagged_call_share
        caller = case.ring.phone(rng, tagged)
        fields = {
            "caller": caller,
            "callee": case.victim.phone,
            "duration_s": rng.randint(*seconds)
            if seconds
            else rng.randint(minutes[0] * 60, minutes[1] * 60),
            "caller_tags": case.ring.tags.get(caller, []),
        }
        self.signal(case, "call", t, case.tel, fields)

    def sms(self, case: Case, t: float, typology: str | None = None) -> None:
        text = self.rng.choice(FRAUD_SMS[typology or case.typology])
        hard = self.params.hard
        if hard.wide_lure_share > 0 and self.rng.random() < hard.wide_lure_share:
            text = self.rng.choice(MORE_LURES[typology or case.typology])
        fields = {
            "sender": self.rng.choice(case.ring.sms_senders),
            "receiver": case.victim.phone,
            "text": text.format(code=self.rng.randint(10**6, 10**9)),
        }
        if hard.lure_sender_106_share > 0 and self.rng.random() < hard.lure_sender_106_share:
            fields["sender"] = f"106{self.rng.randint(10**7, 10**8 - 1)}"
        used: list[str] = []
        if hard.lure_obfuscation_share > 0 and self.rng.random() < hard.lure_obfuscation_share:
            fields["text"], used = obfuscate(fields["text"], self.rng, hard.obfuscation_weights)
        if self.signal(case, "sms", t, case.tel, fields) and used:
            case.extra.setdefault("obfuscations", []).extend(used)

    def web(self, case: Case, t: float, typology: str | None = None) -> None:
        domains = case.ring.domains[typology or case.typology] or case.ring.domains["other"]
        path = self.rng.choice(("index.html", "login", "m/", "download", "kefu"))
        url = f"https://{self.rng.choice(domains)}/{path}"
        hard = self.params.hard
        if hard.url_disguise_share > 0 and self.rng.random() < hard.url_disguise_share:
            url = disguise_url(url.split("/")[2], path, self.rng, hard.url_disguise_weights)
            disguised = True
        else:
            disguised = False
        fields = {"phone": case.victim.phone, "url": url}
        if self.signal(case, "web", t, case.tel, fields) and disguised:
            case.extra.setdefault("disguised_urls", []).append(url)

    def app(self, case: Case, t: float, action: str, app: str | None = None) -> str:
        apps = case.ring.apps[case.typology] or case.ring.apps["other"]
        name = app or self.rng.choice(apps)
        share = self.params.hard.generic_app_share
        if app is None and share > 0 and self.rng.random() < share:
            name = generic_app(self.rng)
        fields = {"phone": case.victim.phone, "app": name, "action": action}
        self.signal(case, "app", t, case.tel, fields)
        return name

    def screen_share(self, case: Case, t: float) -> None:
        """A meeting app (legitimate, also used at work) or the ring's own app."""
        app = self.rng.choice(MEETING_APPS) if self.rng.random() < 0.5 else None
        name = self.app(case, t, "install", app)
        self.app(case, t + self.rng.uniform(30, 180), "screen_share_start", name)

    # --- money ------------------------------------------------------------------------

    def pay(self, case: Case, t: float, amount: int, memo: str | None = None) -> None:
        """The victim pays a first-layer mule; the ring launders it within minutes."""
        mule = self.rng.choice(self.layers_at(case.ring, t)[0])
        account = self.rng.choice(case.victim.accounts)
        channel = self.rng.choice(("mobile", "mobile", "online"))
        if case.payer is not None:
            account = case.payer
        if case.via_hub:  # through a payment platform: the victim's bank sees only the hub
            hub = self.rng.choice(self.life.orgs["payment_hubs"])
            tx = self.life.transfer(
                t,
                account,
                hub.account_id,
                amount,
                "third_party",
                memo or self.rng.choice(WALLET_MEMOS),
            )
            self.note(case, t, tx)
            onward = self.life.transfer(
                t + self.rng.uniform(5, 120),
                (hub.account_id, hub.bank),
                mule.account_id,
                amount,
                "online",
            )
            self.truth.laundering.append(onward)
        else:
            tx = self.life.transfer(t, account, mule.account_id, amount, channel, memo)
            self.note(case, t, tx)
        case.transfers.append(tx)
        case.paid += amount
        case.lost_at(t)
        self.truth.stolen_to_mules += amount
        if self.laundering is not None:
            if case.money is None:
                case.money = self.laundering.open_case(case.ring)
            self.laundering.receive(case.money, case.ring, mule, amount, t)
        else:
            self.launder(case.ring, mule, amount, t)

    def pay_all(self, case: Case, t: float, amounts: list[int], memo: str | None = None) -> None:
        t = self.before_payments(case, t, amounts)
        for amount in amounts:
            self.pay(case, t, amount, memo)
            t += self.rng.uniform(120, 1800)
        self.after_payments(case, t)

    def before_payments(self, case: Case, t: float, amounts: list[int]) -> float:
        """Journey variants that come before the big payments; a no-op without variants."""
        if not case.variants or case.prelude_done:
            return t
        case.prelude_done = True
        return journeys.before_payments(self, case, t, amounts)

    def after_payments(self, case: Case, t: float) -> None:
        if "fee_ladder" in case.variants and not case.extra.get("fee_ladder_done"):
            case.extra["fee_ladder_done"] = True
            journeys.fee_ladder(self, case, t)

    def rebate(self, case: Case, t: float, amount: int, memo: str = "佣金") -> None:
        """Rings pay small 'profits' back to hook the victim (task rebates, test withdrawals)."""
        payout = self.rng.choice(case.ring.payouts)
        tx = self.life.transfer(
            t, (payout.account_id, payout.bank), case.victim.accounts[0][0], amount, "online", memo
        )
        self.note(case, t, tx)
        case.rebates.append(tx)
        case.rebated += amount
        self.truth.rebates_paid += amount

    def launder(self, ring: Ring, mule: Mule, amount: int, t: float) -> None:
        rng = self.rng
        layers = ring.generations[mule.generation]
        last = mule.layer >= len(layers) or not mule.partner
        if last or rng.random() < self.params.early_settle_share or amount < 2:
            self.settle(mule, amount, t)
            return
        parts = min(rng.randint(2, 4), amount)
        cuts = sorted(rng.sample(range(1, amount), parts - 1))
        for part in (b - a for a, b in zip([0, *cuts], [*cuts, amount], strict=True)):
            nxt = rng.choice(layers[mule.layer])
            when = t + rng.uniform(60, 900)
            channel = rng.choice(("mobile", "online", "third_party"))
            tx = self.life.transfer(
                when, (mule.account_id, mule.bank), nxt.account_id, part, channel
            )
            self.truth.laundering.append(tx)
            self.launder(ring, nxt, part, when)

    def settle(self, mule: Mule, amount: int, t: float) -> None:
        """Money stops: part left in place (recoverable), the rest cashed out.

        Cards at banks that share no data keep all they got: the center sees the
        money arrive and nothing after, and so does the answer key.
        """
        rng = self.rng
        keep = amount if not mule.partner else int(amount * self.params.left_in_place_share)
        if mule.partner and rng.random() < self.params.untouched_share:
            keep = amount  # the ring has not come back for this card yet
        rest = amount - keep
        if rest < 100_00:  # crumbs are not worth a trip to the ATM
            keep, rest = amount, 0
        self.truth.held[mule.account_id] += keep
        when = t + rng.uniform(300, 3600)
        while rest > 0:
            piece = self._cash_out_piece(mule, rest, when)
            self.truth.cashed_out += piece
            rest -= piece
            when += rng.uniform(60, 600)

    def _cash_out_piece(self, mule: Mule, rest: int, when: float) -> int:
        rng, sink, source = self.rng, self.life.sink, f"bank:{mule.bank}"
        how = rng.random()
        if how < 0.6:
            piece = min(rest, ATM_LIMIT)
            fields: dict[str, Any] = {
                "account_id": mule.account_id,
                "amount_fen": piece,
                "channel": "atm",
                "location": rng.choice(CASH_OUT_CITIES),
            }
            sink.emit("withdrawal", when, source, fields)
        elif how < 0.8:
            piece = rest
            fields = {
                "account_id": mule.account_id,
                "grams": max(round(piece / 60000, 2), 0.01),
                "amount_fen": piece,
                "channel": "store",
                "delivery": "pickup",
                "seller": rng.choice(self.life.orgs["gold_sellers"]).account_id,
            }
            sink.emit("gold_purchase", when, source, fields)
        else:
            piece = rest
            shop = rng.choice(self.life.orgs["merchants"])
            tx = self.life.transfer(
                when, (mule.account_id, mule.bank), shop.account_id, piece, "third_party"
            )
            self.truth.laundering.append(tx)
        return piece

    # --- the record and the report ------------------------------------------------------

    def _narrative(self, case: Case) -> str:
        """What the desk officer types: who called in, what happened, how much."""
        rng = self.rng
        who = rng.choice(("本人报警：", "本人报警：", "家属代为报警：", "受害人来电称："))
        when = datetime.fromtimestamp(int(case.first_loss), CST).strftime("%m月%d日%H时许")
        yuan = case.loss / 100
        return f"{who}{when}，{REPORT_TEXT[case.typology]}共计损失{yuan:,.2f}元。"

    def record(self, case: Case) -> None:
        """Write the victim into the truth and, for most, report to 110/96110."""
        rng, v = self.rng, case.victim
        record: dict[str, Any] = {
            "person_id": v.person_id,
            "typology": case.typology,
            "phones": v.phones,
            "accounts": [a[0] for a in v.accounts],
            "ring_id": case.ring.ring_id,
            "first_contact_ts": iso(case.first_contact),
            "first_loss_ts": iso(case.first_loss),
            "loss_fen": case.loss,
            "paid_fen": case.paid,
            "rebated_fen": case.rebated,
            "handed_over_fen": case.handed_over,
            "victim_transfers": case.transfers,
            "rebate_transfers": case.rebates,
            "cash_out": case.cash_out,
            "signal_events": case.signals,
            "report_id": None,
            "reported_ts": None,
        }
        before = sorted(e for t, e in case.seen if t < case.first_loss)
        record["observable_before_loss"] = bool(before)
        record["observable_events_before_loss"] = before
        record["variants"] = sorted(case.variants)
        record.update({k: v for k, v in case.extra.items() if not k.endswith("_done")})
        if self.laundering is not None:
            record_episodes(self, case, record)
            self.truth.victims.append(record)
            return
        if rng.random() < self.params.report_rate:
            delay = min(rng.lognormvariate(8.5, 1.2), self.params.max_report_delay_hours * 3600)
            when = case.last_loss + 600 + delay
            fields: dict[str, Any] = {
                "person_id": v.person_id,
                "loss_fen": case.loss,
                "fraud_type": case.typology,
                "text": self._narrative(case),
            }
            if rng.random() < 0.3:
                fields["phone"] = v.phone
            if case.transfers and rng.random() < self.params.report_lists_transfers:
                fields["transfers"] = case.transfers
            source = rng.choice(("police:110", "police:96110"))
            record["report_id"] = self.life.sink.emit("report", when, source, fields, prefix="rep-")
            record["reported_ts"] = iso(when)
        self.truth.victims.append(record)
