"""How each typology unfolds, step by step, with the variants a story may take.

Timings and amounts are drawn; variants (``Story.variants``) are chosen by the
city before the journey runs. ``t`` is the first step the center could see.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from fanzha.exam.life import gold, ride
from fanzha.exam.scams import DATING_APPS, Steps

MAX_MOBILE_FEN = 5_000_000
"""50,000 yuan: above that a mobile transfer is split, as banks' daily limits make people do."""


def _minutes(st: Steps, lo: float, hi: float) -> timedelta:
    return timedelta(minutes=st.w.uniform(lo, hi))


def pay_big(
    st: Steps, t: datetime, total: int, memos: tuple[str | None, ...] = (None,)
) -> datetime:
    while total > 0:
        part = min(total, MAX_MOBILE_FEN - int(st.w.rng.integers(0, 50)) * 10000)
        st.pay(t, part, st.w.pick(memos))
        total -= part
        t += _minutes(st, 2, 25)
    return t


def _fees(st: Steps, t: datetime, names: tuple[str, ...], base_yuan: float) -> datetime:
    """A ladder of fees, each larger than the last, until the victim stops."""
    fee = st.w.lognormal_fen(base_yuan, 0.4)
    for name in names[: int(st.w.rng.integers(2, len(names) + 1))]:
        t += _minutes(st, 10, 300)
        st.pay(t, fee, name)
        fee = int(fee * st.w.uniform(1.6, 3.0)) // 100 * 100
    return t


def police(st: Steps, t: datetime) -> None:
    w, s = st.w, st.s
    if w.chance(0.4):
        st.lure(t)
        t += _minutes(st, 5, 120)
    st.call(t, 600, 3600)
    t += _minutes(st, 30, 70)
    if w.chance(0.5):
        st.call(t, 300, 2400)
        t += _minutes(st, 20, 50)
    st.visit(t)
    st.screen_share(t + _minutes(st, 3, 15))
    t += _minutes(st, 20, 60)
    total = w.lognormal_fen(60000, 0.8, 5000)
    if "cash_courier" in s.variants:
        account = s.payer_accounts[0]
        cash = min(total, 20_000_000)
        s.signals.append(
            w.emit(
                "withdrawal",
                t,
                f"bank:{w.account_bank[account]}",
                w.bank_shares(account),
                account_id=account,
                amount_fen=cash,
                channel="counter",
                location=f"{st.person.district}网点",
            )
        )
        order = ride(
            w,
            st.person,
            t + _minutes(st, 40, 120),
            item=w.pick(("文件", "资料", "")),
            passengers=0,
            dropoff=w.pick(s.ring.cash_addresses),
            vehicle=w.pick(("car", "courier")),
        )
        s.losses.append(order)
        s.handed_over_fen += cash
        s.cash_out = "cash_courier"
        return
    if "gold" in s.variants:
        for _ in range(int(w.rng.integers(1, 3))):
            event = gold(w, st.person, t, mail_to=w.pick(s.ring.cash_addresses))
            s.losses.append(event)
            s.handed_over_fen += event.fields["amount_fen"]
            t += _minutes(st, 5, 30)
        s.cash_out = "gold_mail"
        return
    pay_big(st, t, total, (None, "资金核查", "清查", "保证金", None))


def service(st: Steps, t: datetime) -> None:
    w = st.w
    if "silent_call" not in st.s.variants:
        st.lure(t)
        t += _minutes(st, 3, 90)
        st.call(t, 120, 1500)
    else:
        st.call(t, 1200, 3600)
    t += _minutes(st, 5, 20)
    st.screen_share(t)
    if w.chance(0.5):
        st.visit(t + _minutes(st, 2, 10))
    t += _minutes(st, 10, 40)
    pay_big(st, t, w.lognormal_fen(12000, 0.9, 500), (None, "退款", "解除扣费", "理赔"))


def fake_loan(st: Steps, t: datetime) -> None:
    w, s = st.w, st.s
    if "silent_call" in s.variants:
        st.call(t, 1200, 3000)
        st.screen_share(t + _minutes(st, 5, 20))
        t += _minutes(st, 30, 60)
    else:
        st.lure(t)
        t += _minutes(st, 20, 600)
        st.visit(t)
        st.install(t + _minutes(st, 1, 10))
        t += _minutes(st, 30, 400)
        if w.chance(0.6):
            st.call(t, 60, 900)
            t += _minutes(st, 5, 30)
    _fees(st, t, ("工本费", "解冻费", "保证金", "流水费", "会员费"), 800)


def investment(st: Steps, t: datetime) -> None:
    w, s = st.w, st.s
    if "grooming_unseen" not in s.variants:
        st.lure(t)
        t += _minutes(st, 60, 1500)
        if w.chance(0.5):
            st.call(t, 300, 1800)
    st.visit(t + _minutes(st, 1, 30))
    st.install(t + _minutes(st, 30, 90))
    t += _minutes(st, 90, 300)
    if "test_payment_back" in s.variants:
        small = w.lognormal_fen(2000, 0.5)
        st.pay(t, small, w.pick((None, "入金")))
        st.rebate(
            t + _minutes(st, 60, 600),
            int(small * w.uniform(1.05, 1.3)),
            w.pick(("收益", "提现", "出金")),
        )
        t += _minutes(st, 600, 1400)
    t = pay_big(st, t, w.lognormal_fen(80000, 0.8, 5000), (None, "入金", "投资款"))
    if "fee_ladder" in s.variants:
        _fees(st, t, ("个人所得税", "风险保证金", "解冻费", "通道费"), 5000)


def romance(st: Steps, t: datetime) -> None:
    w, s = st.w, st.s
    if "grooming_unseen" not in s.variants:
        st.install(t, w.pick(DATING_APPS))
        t += _minutes(st, 120, 2000)
        st.call(t, 900, 3600)
        t += _minutes(st, 120, 900)
    st.visit(t)
    st.install(t + _minutes(st, 20, 60))
    t += _minutes(st, 60, 400)
    if "test_payment_back" in s.variants:
        small = w.lognormal_fen(3000, 0.5)
        st.pay(t, small)
        st.rebate(t + _minutes(st, 60, 500), int(small * w.uniform(1.05, 1.2)), "收益")
        t += _minutes(st, 500, 1400)
    pay_big(st, t, w.lognormal_fen(50000, 0.9, 3000), (None, "充值", "投资"))


def task(st: Steps, t: datetime) -> None:
    w, s = st.w, st.s
    if "grooming_unseen" not in s.variants:
        st.lure(t)
        t += _minutes(st, 10, 300)
    st.install(t)
    st.visit(t + _minutes(st, 1, 15))
    t += _minutes(st, 20, 90)
    fee = w.lognormal_fen(100, 0.5)
    for _ in range(int(w.rng.integers(1, 4))):
        st.pay(t, fee, w.pick((None, "任务", "垫付")))
        st.rebate(
            t + _minutes(st, 3, 30),
            int(fee * w.uniform(1.1, 1.4)),
            w.pick(("佣金", "返利", "任务奖励")),
        )
        fee = int(fee * w.uniform(1.5, 3.0)) // 100 * 100
        t += _minutes(st, 30, 200)
    pay_big(st, t, w.lognormal_fen(15000, 0.8, 1000), (None, "卡单", "联单", "任务"))


def credit(st: Steps, t: datetime) -> None:
    w, s = st.w, st.s
    st.call(t, 300, 2400)
    if "silent_call" not in s.variants:
        st.lure(t + _minutes(st, 2, 30))
    st.screen_share(t + _minutes(st, 10, 40))
    t += _minutes(st, 40, 90)
    t = pay_big(st, t, w.lognormal_fen(25000, 0.8, 1000), (None, "注销", "验证流水"))
    if "fee_ladder" in s.variants:
        _fees(st, t, ("手续费", "解冻费", "保证金"), 3000)


def game(st: Steps, t: datetime) -> None:
    w, s = st.w, st.s
    st.visit(t)
    if w.chance(0.5):
        st.install(t + _minutes(st, 3, 20))
    t += _minutes(st, 10, 120)
    if "test_payment_back" in s.variants:
        small = w.lognormal_fen(80, 0.4)
        st.pay(t, small)
        st.rebate(t + _minutes(st, 5, 40), small, "退款")
        t += _minutes(st, 30, 120)
    st.pay(t, w.lognormal_fen(1500, 0.8, 100), w.pick((None, "账号", "装备")))
    if w.chance(0.5):
        _fees(st, t, ("保证金", "解冻费", "实名认证费"), 500)


def acquaintance(st: Steps, t: datetime) -> None:
    w, s = st.w, st.s
    if "grooming_unseen" not in s.variants:
        st.lure(t)
        t += _minutes(st, 10, 600)
    if w.chance(0.4):
        st.call(t, 3, 40)  # a few words, "I'm in a meeting"
        t += _minutes(st, 2, 20)
    st.pay(t, w.lognormal_fen(20000, 0.8, 500), w.pick((None, "货款", "借款", "周转")))
    if w.chance(0.3):
        st.pay(t + _minutes(st, 30, 200), w.lognormal_fen(15000, 0.6), None)


def other(st: Steps, t: datetime) -> None:
    st.lure(t)
    t += _minutes(st, 5, 200)
    st.visit(t)
    if st.w.chance(0.4):
        st.call(t + _minutes(st, 2, 20), 60, 600)
    _fees(st, t + _minutes(st, 10, 60), ("运费", "手续费", "税费", "保证金"), 300)


JOURNEYS: dict[str, Callable[[Steps, datetime], None]] = {
    "impersonate_police": police,
    "impersonate_service": service,
    "fake_loan": fake_loan,
    "investment": investment,
    "romance": romance,
    "task_rebate": task,
    "fake_credit": credit,
    "game_trade": game,
    "impersonate_acquaintance": acquaintance,
    "other": other,
}
VARIANTS_OF: dict[str, tuple[str, ...]] = {
    "impersonate_police": (
        "cash_courier",
        "gold",
        "consolidate",
        "licensed_loan",
        "twice",
        "proxy_payer",
    ),
    "impersonate_service": ("silent_call", "licensed_loan", "consolidate", "wallet", "twice"),
    "fake_loan": ("silent_call", "wallet", "twice"),
    "investment": (
        "grooming_unseen",
        "test_payment_back",
        "fee_ladder",
        "consolidate",
        "licensed_loan",
        "twice",
        "proxy_payer",
    ),
    "romance": ("grooming_unseen", "test_payment_back", "consolidate", "wallet", "twice"),
    "task_rebate": ("grooming_unseen", "wallet", "twice"),
    "fake_credit": ("silent_call", "fee_ladder", "licensed_loan", "consolidate"),
    "game_trade": ("test_payment_back", "wallet"),
    "impersonate_acquaintance": ("grooming_unseen", "proxy_payer"),
    "other": ("wallet",),
}
