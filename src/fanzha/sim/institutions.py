"""Payment institutions and exits in ordinary life, and the transfers mules make.

Wallets (alipay/tenpay-like): residents top them up from cards, pay shops and
each other from them, withdraw to cards. An aggregator (聚合支付): shops take
payment by QR code into sub-merchant ledgers, settled every night in one batch
per sub-merchant to the owner's card, net of a fee. Gold sellers sell to many
unrelated buyers; USDT OTC traders buy and sell for a steady set of crypto
clients, paying out as often as they are paid. All of them are innocent: the
money the rings send them is laundering, they are not mules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from random import Random
from typing import Any

from fanzha.sim.issuers import AGGREGATOR, WALLETS, IssuerNumbers
from fanzha.sim.life import times
from fanzha.sim.moneyworld import MoneyWorld
from fanzha.sim.population import Org, Resident
from fanzha.sim.rings import Mule
from fanzha.sim.sink import CST, EventSink

DAY = 86400
HOUR = 3600
Card = tuple[str, str]
"""(account_id, bank)"""


def poisson_small(rng: Random, mean: float) -> int:
    """A cheap Poisson-like count: whole part plus one with the fractional chance."""
    return times(rng, mean)


@dataclass
class Aggregator:
    """Sub-merchant ledgers and their nightly settlement batches."""

    start: float
    fee_share: float
    subs: list[tuple[str, Card]] = field(default_factory=list)
    """Real sub-merchants: (ledger id, the owner's settlement card)."""
    batches: dict[tuple[str, int], list[Any]] = field(default_factory=dict)
    """(ledger, day) → [gross, fee, card, carries stolen money]."""

    def settle_ts(self, sub_id: str, day: int) -> float:
        """Settled the next night between 01:00 and 04:00, at the sub-merchant's fixed time."""
        return self.start + (day + 1) * DAY + HOUR + int(sub_id[-6:]) % (3 * HOUR)

    def take(
        self, sub_id: str, card: Card | Mule, t: float, amount: int, stolen: bool = False
    ) -> tuple[float, int]:
        """Book a payment into a ledger; returns (when it settles, the fee on it)."""
        day = int((t - self.start) // DAY)
        fee = int(amount * self.fee_share)
        batch = self.batches.get((sub_id, day))
        if batch is None:
            target = (card.account_id, card.bank) if isinstance(card, Mule) else card
            batch = self.batches[(sub_id, day)] = [0, 0, target, False]
        batch[0] += amount
        batch[1] += fee
        batch[3] = batch[3] or stolen
        return self.settle_ts(sub_id, day), fee


@dataclass
class Payments:
    sink: EventSink
    rng: Random
    money: MoneyWorld
    numbers: IssuerNumbers
    residents: list[Resident]
    orgs: dict[str, list[Org]]
    start: float
    end: float
    aggregator: Aggregator
    wallets: dict[int, Card] = field(default_factory=dict)
    """Resident index → wallet."""
    otc: list[Card] = field(default_factory=list)
    otc_clients: list[list[int]] = field(default_factory=list)
    renters: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    """Resident index → (landlord index, day of month, rent in fen)."""
    mule_subs: list[tuple[str, Mule]] = field(default_factory=list)
    """Sub-merchants rings hold; they take some genuine sales too (bought shop codes)."""
    exit_accounts: dict[str, str] = field(default_factory=dict)
    """Account → gold_seller, merchant, otc, payment_institution."""
    sub_owners: dict[str, int] = field(default_factory=dict)
    """Real sub-merchant ledger → the resident who runs the shop."""

    # --- setting up ------------------------------------------------------------

    def setup(self, taken: set[int]) -> None:
        rng, m, n = self.rng, self.money, len(self.residents)
        for r in self.residents:
            if rng.random() < m.wallet_user_share:
                provider = rng.choice(WALLETS)
                self.wallets[r.index] = (self.numbers.wallet(provider), provider)
            if rng.random() < m.rent_share:
                self.renters[r.index] = (rng.randrange(n), rng.randint(1, 28), rng.randint(12, 60))
        for i in rng.sample(range(n), min(n, int(n * m.sub_merchants_per_10k / 10_000))):
            sub_id = self.numbers.sub_merchant()
            self.aggregator.subs.append((sub_id, self.residents[i].accounts[0]))
            self.sub_owners[sub_id] = i
        free = [i for i in range(n) if i not in taken]
        count = max(2, round(n * m.otc_traders_per_10k / 10_000))
        for i in rng.sample(free, min(count, len(free))):
            taken.add(i)
            card = self.residents[i].accounts[0]
            self.otc.append(card)
            self.otc_clients.append(rng.sample(range(n), min(n, rng.randint(20, 80))))
            self.exit_accounts[card[0]] = "otc"
        for kind, label in (("gold_sellers", "gold_seller"), ("merchants", "merchant")):
            for org in self.orgs[kind]:
                self.exit_accounts[org.account_id] = label
        for org in self.orgs["payment_hubs"]:
            self.exit_accounts[org.account_id] = "payment_institution"

    # --- ordinary life -------------------------------------------------------------

    def resident_day(self, r: Resident, day_start: float) -> None:
        """A resident's wallet moves, QR payments to sub-merchants, and rent."""
        rng, m = self.rng, self.money
        wallet = self.wallets.get(r.index)
        if wallet is not None:
            for _ in range(times(rng, m.wallet_moves_per_day)):
                self._wallet_move(r, wallet, _daytime(rng, day_start))
        for _ in range(times(rng, m.qr_share_of_shopping)):
            self._qr_sale(r, _daytime(rng, day_start))
        rent = self.renters.get(r.index)
        if rent is not None:
            landlord, day_of_month, hundreds = rent
            if _day_of_month(self.start, day_start) == day_of_month:
                payee = self.residents[landlord].accounts[0][0]
                self.transfer(_daytime(rng, day_start), r.accounts[0], payee, hundreds * 100_00,
                              "mobile", "房租")  # fmt: skip

    def _wallet_move(self, r: Resident, wallet: Card, t: float) -> None:
        rng = self.rng
        card = r.accounts[0]
        what = rng.random()
        if what < 0.35:
            self.transfer(t, card, wallet[0], rng.randint(1, 20) * 100_00, "third_party", "充值")
        elif what < 0.75:
            shop = self.orgs["merchants"][int(rng.paretovariate(1.2)) % len(self.orgs["merchants"])]
            amount = int(rng.lognormvariate(8.0, 1.0)) + 1
            self.transfer(t, wallet, shop.account_id, amount, "third_party", None)
        elif what < 0.9:
            friend = self.wallets.get(rng.randrange(len(self.residents)))
            if friend is not None and friend[1] == wallet[1] and friend != wallet:
                self.transfer(t, wallet, friend[0], rng.randint(10, 2000) * 100, "third_party",
                              rng.choice(("转账", "红包", None)))  # fmt: skip
        else:
            self.transfer(t, wallet, card[0], rng.randint(1, 30) * 100_00, "third_party", "提现")

    def _qr_sale(self, r: Resident, t: float) -> None:
        rng = self.rng
        subs = self.aggregator.subs
        if self.mule_subs and rng.random() < len(self.mule_subs) / (len(subs) + 1) * 0.3:
            sub_id, owner = rng.choice(self.mule_subs)
            settle_to: Card | Mule = owner.settlement or owner
        elif subs:
            sub_id, settle_to = rng.choice(subs)
        else:
            return
        payer = self.wallets.get(r.index) or r.accounts[0]
        amount = int(rng.lognormvariate(8.0, 0.9)) + 1
        self.transfer(t, payer, sub_id, amount, "third_party", "扫码支付")
        self.aggregator.take(sub_id, settle_to, t, amount)

    def city_day(self, day_start: float) -> None:
        """The day's OTC trades and gold bought by transfer, city-wide."""
        rng, m = self.rng, self.money
        for trader, clients in zip(self.otc, self.otc_clients, strict=True):
            for _ in range(poisson_small(rng, m.otc_trades_per_trader_per_day)):
                client = self.residents[rng.choice(clients)].accounts[0]
                t = day_start + rng.uniform(0, DAY)  # crypto trades round the clock
                amount = int(rng.uniform(100, 5000) * rng.uniform(7.05, 7.35)) * 100
                if rng.random() < 0.55:  # the client buys USDT
                    self.transfer(t, client, trader[0], amount, "mobile", None)
                else:  # the client sells USDT: the trader pays out
                    self.transfer(t, trader, client[0], amount, "mobile", None)
        buyers = poisson_small(rng, len(self.residents) * m.gold_buys_per_10k_per_day / 10_000)
        for _ in range(buyers):
            buyer = self.residents[rng.randrange(len(self.residents))]
            seller = rng.choice(self.orgs["gold_sellers"])
            grams = rng.uniform(3, 100)
            memo = rng.choice(("黄金", "足金首饰", "金条", None))
            channel = rng.choice(("mobile", "counter"))
            t = _daytime(rng, day_start)
            self.transfer(t, buyer.accounts[0], seller.account_id, int(grams * 600) * 100,
                          channel, memo)  # fmt: skip

    def flush(self) -> list[str]:
        """Emit the settlement batches that fall inside the run; ids of those with stolen money."""
        stolen_batches = []
        for (sub_id, day), (gross, fee, card, stolen) in sorted(self.aggregator.batches.items()):
            ts = self.aggregator.settle_ts(sub_id, day)
            if ts >= self.end or gross - fee <= 0:
                continue
            tx = self.transfer(ts, (sub_id, AGGREGATOR), card[0], gross - fee, "third_party",
                               "T+1结算")  # fmt: skip
            if stolen:
                stolen_batches.append(tx)
        return stolen_batches

    # --- what mules do ---------------------------------------------------------------

    def transfer(
        self, ts: float, src: Card, dst: str, amount: int, channel: str, memo: str | None
    ) -> str:
        fields: dict[str, Any] = {
            "from_account": src[0],
            "to_account": dst,
            "amount_fen": max(amount, 1),
            "channel": channel,
        }
        if memo:
            fields["memo"] = memo
        if (bank := self.numbers.booked_bank(dst)) is not None:
            fields["to_bank"] = bank  # not a card: the payee's bank travels with the payment
        return self.sink.emit("transfer", ts, f"bank:{src[1]}", fields, prefix="tx-")

    def send(self, ts: float, mule: Mule, dst: str, amount: int) -> str:
        rng = self.rng
        if mule.kind == "wallet":
            channel, memo = "third_party", rng.choice(("转账", None, None))
        elif mule.kind == "corporate":
            channel, memo = "online", rng.choice(("货款", "服务费", "材料款", "往来款", None))
        else:
            channel, memo = rng.choice(("mobile", "online", "third_party")), None
        return self.transfer(ts, (mule.account_id, mule.bank), dst, amount, channel, memo)

    def exit_account(self, kind: str) -> str:
        if kind == "otc":
            return self.rng.choice(self.otc)[0]
        group = "gold_sellers" if kind == "gold_seller" else "merchants"
        return self.rng.choice(self.orgs[group]).account_id

    def pay_exit(self, ts: float, mule: Mule, account: str, kind: str, amount: int) -> str:
        memos = {"gold_seller": ("黄金", "金条", None), "merchant": (None,), "otc": (None, "货款")}
        memo = self.rng.choice(memos[kind])
        channel = "third_party" if mule.kind == "wallet" else self.rng.choice(("mobile", "online"))
        return self.transfer(ts, (mule.account_id, mule.bank), account, amount, channel, memo)

    def withdraw(self, ts: float, mule: Mule, amount: int, place: str) -> None:
        fields = {"account_id": mule.account_id, "amount_fen": amount, "channel": "atm",
                  "location": place}  # fmt: skip
        self.sink.emit("withdrawal", ts, f"bank:{mule.bank}", fields)


def _daytime(rng: Random, day_start: float) -> float:
    return day_start + rng.uniform(7 * HOUR, 23 * HOUR)


def _day_of_month(start: float, day_start: float) -> int:
    return datetime.fromtimestamp(day_start, CST).day
