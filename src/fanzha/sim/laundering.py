"""Stolen money through the hard city's mules to its exits, fen by fen, per case.

Replaces ``Fraud.launder``/``settle`` when ``money.active``. Every piece of
stolen money is earmarked with its case, so the answer key can say how much of
each case every mule still held at any moment (the report's time above all),
however much clean money the mule's own life moved around it.

Each ring has its habits (``mules.RingStyle``): fast rings pass money on within
minutes, careful ones hold it for hours or days; some fan out in round
amounts, some move at night. Mules keep a commission; last-layer mules leave
part in place and cash the rest out at gold sellers, merchants, USDT OTC
traders (all innocent businesses) or ATMs, which pay out at most a daily limit,
so cash-out runs over days. Nothing moves after the end of the run: what is
still in an account then is recoverable.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from random import Random
from typing import Any

from fanzha.sim.institutions import Payments
from fanzha.sim.moneyworld import EXIT_KINDS, MoneyWorld
from fanzha.sim.mules import RingStyle
from fanzha.sim.rings import Mule, Ring

DAY = 86400
HOUR = 3600
CST_OFFSET = 8 * HOUR
ATM_CITIES = ("广州", "东莞", "昆明", "南宁", "深圳", "西双版纳", "武汉", "长沙")


@dataclass
class CaseMoney:
    """One case's stolen money: where every fen was when."""

    case_no: int
    ring_id: str
    stolen: int = 0
    entries: list[tuple[float, str, int]] = field(default_factory=list)
    """(time, account, +received / -sent) of this case's money only."""
    cashed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    """By exit kind: atm, gold_seller, merchant, otc."""
    fees: int = 0

    def held_at(self, ts: float) -> dict[str, int]:
        held: dict[str, int] = defaultdict(int)
        for t, account, delta in self.entries:
            if t <= ts:
                held[account] += delta
        return {a: v for a, v in sorted(held.items()) if v > 0}


@dataclass
class Launderer:
    payments: Payments
    money: MoneyWorld
    styles: dict[str, RingStyle]
    start: float
    end: float
    left_in_place_share: float
    untouched_share: float
    early_settle_share: float
    cases: list[CaseMoney] = field(default_factory=list)
    laundering: list[str] = field(default_factory=list)
    first_cash_out: dict[str, float] = field(default_factory=dict)
    exits_used: dict[str, str] = field(default_factory=dict)
    """Exit account (or ``atm:`` place) → kind, for those stolen money reached."""
    _atm_used: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))

    @property
    def rng(self) -> Random:
        return self.payments.rng

    def open_case(self, ring: Ring) -> CaseMoney:
        case = CaseMoney(len(self.cases) + 1, ring.ring_id)
        self.cases.append(case)
        return case

    def receive(self, case: CaseMoney, ring: Ring, mule: Mule, amount: int, t: float) -> None:
        """A victim's money arrives at a first-layer mule at ``t``."""
        case.stolen += amount
        case.entries.append((t, mule.account_id, amount))
        self._move(case, ring, mule, amount, t)

    # --- passing money down the layers -------------------------------------------

    def _move(self, case: CaseMoney, ring: Ring, mule: Mule, amount: int, t: float) -> None:
        if mule.kind == "aggregator" and mule.settlement is not None:
            self._settle_sub_merchant(case, ring, mule, amount, t)
            return
        layers = ring.generations[mule.generation]
        if mule.layer >= len(layers) or amount < 2 or self.rng.random() < self.early_settle_share:
            self._cash_out(case, ring, mule, amount, t)
            return
        style = self.styles[ring.ring_id]
        commission = int(amount * self.money.mule_commission_share)
        for piece in self._split(style, amount - commission):
            when = self._when(style, t, mule)
            if when >= self.end:
                continue  # the ring has not moved it yet: still held here
            nxt = self.rng.choice(layers[mule.layer])
            self.laundering.append(self.payments.send(when, mule, nxt.account_id, piece))
            case.entries += [(when, mule.account_id, -piece), (when, nxt.account_id, piece)]
            self._move(case, ring, nxt, piece, when)

    def _settle_sub_merchant(
        self, case: CaseMoney, ring: Ring, sub: Mule, amount: int, t: float
    ) -> None:
        """Takings settle the next night, net of the fee, in one batch with the day's sales."""
        assert sub.settlement is not None
        when, fee = self.payments.aggregator.take(sub.account_id, sub.settlement, t, amount, True)
        if when >= self.end:
            return
        card = sub.settlement
        case.entries += [(when, sub.account_id, -amount), (when, card.account_id, amount - fee)]
        case.fees += fee
        self._move(case, ring, card, amount - fee, when + self.rng.uniform(60, 3 * HOUR))

    def _split(self, style: RingStyle, amount: int) -> list[int]:
        """Fan-out: two to ``fan_out_max`` pieces; round pieces leave a remainder behind."""
        rng = self.rng
        n = rng.randint(2, self.money.fan_out_max)
        unit = next((u for u in (1_000_000, 500_000, 100_000) if amount >= 2 * u), 0)
        if style.round_amounts and unit:
            pieces, left = [], amount
            for _ in range(n):
                piece = max(unit, round(amount / n * rng.uniform(0.6, 1.4) / unit) * unit)
                if piece > left:
                    piece = left // unit * unit
                if piece <= 0:
                    break
                pieces.append(piece)
                left -= piece
            return pieces
        n = min(n, amount)
        cuts = sorted(rng.sample(range(1, amount), n - 1)) if n > 1 else []
        return [b - a for a, b in zip([0, *cuts], [*cuts, amount], strict=True)]

    def _when(self, style: RingStyle, t: float, mule: Mule) -> float:
        rng = self.rng
        if style.fast:
            when = t + rng.uniform(60, 900)
        else:
            hold = rng.lognormvariate(math.log(self.money.careful_hold_hours * HOUR), 1.0)
            when = t + min(hold, 5 * DAY)
        hour = ((when + CST_OFFSET) % DAY) / HOUR
        if mule.kind == "corporate" and not 9 <= hour < 17:
            return _next_hour(when, 9) + rng.uniform(0, 8 * HOUR)
        if style.night and rng.random() < 0.7 and not hour < 5:
            return _next_hour(when, 0) + rng.uniform(0, 5 * HOUR)
        if not style.night and hour < 7:
            return _next_hour(when, 7) + rng.uniform(0, 3 * HOUR)
        return when

    # --- the exits -----------------------------------------------------------------

    def _cash_out(self, case: CaseMoney, ring: Ring, mule: Mule, amount: int, t: float) -> None:
        rng = self.rng
        keep = int(amount * self.left_in_place_share)
        if rng.random() < self.untouched_share:
            keep = amount  # the ring has not come back for this card yet
        rest = amount - keep
        if rest < 100_00:
            return
        style = self.styles[ring.ring_id]
        weights = list(style.exit_weights)
        if mule.kind in ("wallet", "corporate"):  # no ATM card on a wallet or a 对公 account
            weights[0] = 0.0
        if not any(weights):
            weights = [0.0, 1.0, 0.0, 0.0]
        when = self._when(style, t, mule)
        while rest > 0 and when < self.end:
            kind = rng.choices(EXIT_KINDS, weights)[0]
            if kind == "atm":
                piece, when = self._atm(case, mule, rest, when)
            else:
                piece = self._pay_exit(case, mule, kind, rest, when)
                when += rng.uniform(120, 2 * HOUR)
            rest -= piece

    def _pay_exit(self, case: CaseMoney, mule: Mule, kind: str, rest: int, when: float) -> int:
        rng = self.rng
        caps = {"gold_seller": 30_000_000, "merchant": 5_000_000, "otc": 10_000_000}
        piece = min(rest, max(100_00, int(rng.uniform(0.2, 1.0) * caps[kind]) // 100_00 * 100_00))
        if rest - piece < 100_00:
            piece = rest
        account = self.payments.exit_account(kind)
        self.laundering.append(self.payments.pay_exit(when, mule, account, kind, piece))
        self._out(case, mule, account, kind, piece, when)
        return piece

    def _atm(self, case: CaseMoney, mule: Mule, rest: int, when: float) -> tuple[int, float]:
        """One day's withdrawals up to the card's daily limit, from ATMs far away."""
        rng, m = self.rng, self.money
        day = int((when - self.start) // DAY)
        place = f"{rng.choice(ATM_CITIES)} ATM-{rng.randint(1000, 9999)}"
        taken = 0
        while rest - taken > 0 and when < self.end:
            room = m.atm_daily_limit_fen - self._atm_used[(mule.account_id, day)]
            if room <= 0:  # today's limit reached: back tomorrow
                day += 1
                when = self.start + day * DAY + rng.uniform(6 * HOUR, 12 * HOUR)
                place = f"{rng.choice(ATM_CITIES)} ATM-{rng.randint(1000, 9999)}"
                if taken:
                    break
                continue
            piece = min(rest - taken, m.atm_single_max_fen, room)
            piece = piece // 100_00 * 100_00 or min(rest - taken, room)  # ATMs pay whole notes
            self.payments.withdraw(when, mule, piece, place)
            self._atm_used[(mule.account_id, day)] += piece
            self._out(case, mule, f"atm:{place}", "atm", piece, when)
            taken += piece
            when += rng.uniform(40, 300)
        return taken, when

    def _out(
        self, case: CaseMoney, mule: Mule, exit_id: str, kind: str, piece: int, when: float
    ) -> None:
        case.entries.append((when, mule.account_id, -piece))
        case.cashed[kind] += piece
        self.exits_used[exit_id] = kind
        if when < self.first_cash_out.get(mule.account_id, math.inf):
            self.first_cash_out[mule.account_id] = when

    def summary(self) -> dict[str, Any]:
        """Totals across cases, for the old truth keys."""
        held: dict[str, int] = defaultdict(int)
        for case in self.cases:
            for account, fen in case.held_at(math.inf).items():
                held[account] += fen
        return {
            "held": dict(held),
            "cashed_out": sum(sum(c.cashed.values()) for c in self.cases),
            "fees": sum(c.fees for c in self.cases),
        }


def _next_hour(ts: float, hour: int) -> float:
    """The next moment (local time) at ``hour``:00 after ``ts``."""
    local = ts + CST_OFFSET
    base = local - local % DAY + hour * HOUR
    if base <= local:
        base += DAY
    return base - CST_OFFSET
