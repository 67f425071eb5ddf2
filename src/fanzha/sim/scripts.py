"""The scripts of each typology: the signal sequences real cases show.

Each script takes a ``Case`` and the moment of first contact, tells the story
through ``Fraud``'s vocabulary with random timing, and sometimes leaves out a
non-essential signal (``Fraud.keep``), because real data has gaps. Amounts are
the ring's targets in fen; what the victim really lost ends up in the case.
"""

from __future__ import annotations

from collections.abc import Callable

from fanzha.sim.fraud import Case, Fraud
from fanzha.sim.texts import COURIER_ITEMS, PARCEL_COVER_CONTENTS

Script = Callable[[Fraud, Case, float, list[int]], None]
MINUTE = 60
HOUR = 3600


def impersonate_police(f: Fraud, case: Case, t: float, amounts: list[int]) -> None:
    """SMS about a 洗钱案件, a long call, then a 安全账户, cash by courier or gold by mail."""
    rng, p = f.rng, f.params
    if f.keep():
        f.sms(case, t - rng.uniform(5 * MINUTE, HOUR))
    f.call(case, t, (10, 60))
    t += rng.uniform(15 * MINUTE, HOUR)
    if f.keep():
        f.web(case, t)
    variant = rng.random()
    if variant < p.police_cash_courier_share:
        _cash_by_courier(f, case, t, sum(amounts))
    elif variant < p.police_cash_courier_share + p.police_gold_mail_share:
        _gold_by_mail(f, case, t + rng.uniform(10 * MINUTE, HOUR), sum(amounts))
    else:
        if f.keep():
            f.screen_share(case, t)
        f.pay_all(case, t + rng.uniform(5 * MINUTE, 30 * MINUTE), amounts, _safe_account_memo(f))


def _safe_account_memo(f: Fraud) -> str | None:
    return "安全账户" if f.rng.random() < 0.2 else None


def _cash_by_courier(f: Fraud, case: Case, t: float, total: int) -> None:
    """Cash taken out at the counter, handed to a car or courier carrying one box."""
    rng, v = f.rng, case.victim
    account = f.account_of(case)
    fields = {
        "account_id": account[0],
        "amount_fen": total,
        "channel": "counter",
        "location": "武汉",
    }
    f.signal(case, "withdrawal", t + 10 * MINUTE, f"bank:{account[1]}", fields)
    case.handed_over += total
    case.cash_out = "cash_courier"
    handover = t + rng.uniform(30 * MINUTE, 90 * MINUTE)
    case.lost_at(handover)  # the cash is lost when it leaves the victim's hands
    if rng.random() < 0.75:
        cross_city = rng.random() < 0.8
        order_id = f.life.ride(
            v,
            handover,
            passengers=0,
            item=rng.choice(COURIER_ITEMS),
            dropoff=("外地", rng.choice(case.ring.addresses)) if cross_city else None,
            cross_city=cross_city,
            vehicle=rng.choice(("car", "courier", "van")),
        )
        case.signals.append(order_id)
        f.note(case, handover, order_id)
    if rng.random() < 0.35:
        _parcel(f, case, handover + rng.uniform(60, 1800))


def _gold_by_mail(f: Fraud, case: Case, t: float, total: int) -> None:
    """Gold bought in the bank app, mailed to an address that is not the victim's."""
    account = f.account_of(case)
    fields = {
        "account_id": account[0],
        "grams": round(total / 60000, 2),
        "amount_fen": total,
        "channel": "app",
        "delivery": "mail",
        "delivery_address": f.rng.choice(case.ring.addresses),
    }
    f.loss_event(case, "gold_purchase", t, fields)
    case.handed_over += total
    case.cash_out = "gold_mail"
    if f.rng.random() < 0.2:
        _parcel(f, case, t + f.rng.uniform(HOUR, 3 * HOUR))


def _parcel(f: Fraud, case: Case, t: float) -> None:
    """A parcel declaring documents, with the cash or gold inside (only truth knows)."""
    carrier = f.rng.choice(("sf", "jd", "ems"))
    fields = {
        "carrier": carrier,
        "waybill": f.life.sink.new_id(carrier.upper()),
        "sender": case.victim.phone,
        "receiver": case.ring.phone(f.rng, False),
        "receiver_address": f.rng.choice(case.ring.addresses),
        "declared_contents": f.rng.choice(PARCEL_COVER_CONTENTS),
        "declared_value_fen": f.rng.choice((0, 0, 2000, 5000)),
    }
    f.signal(case, "parcel", t, f"express:{carrier}", fields)


def task_rebate(f: Fraud, case: Case, t: float, amounts: list[int]) -> None:
    """Job-ad SMS, an app, small paid tasks with rebates, then 卡单: pay more to unlock."""
    rng = f.rng
    f.sms(case, t)
    t += rng.uniform(10 * MINUTE, 2 * HOUR)
    if f.keep():
        f.app(case, t, "install")
    if f.keep():
        f.web(case, t + MINUTE)
    for _ in range(rng.randint(1, 3)):
        small = rng.randint(50, 500) * 100
        t += rng.uniform(5 * MINUTE, 30 * MINUTE)
        f.pay(case, t, small, "任务" if rng.random() < 0.3 else None)
        f.rebate(case, t + rng.uniform(MINUTE, 10 * MINUTE), int(small * rng.uniform(1.05, 1.3)))
    f.pay_all(case, t + rng.uniform(10 * MINUTE, HOUR), amounts)


def investment(f: Fraud, case: Case, t: float, amounts: list[int]) -> None:
    """A 'mentor', a fake trading site and app, a small deposit paid back, large deposits."""
    rng = f.rng
    f.sms(case, t)
    if f.keep():
        f.call(case, t + rng.uniform(10 * MINUTE, HOUR), (5, 30), tagged=False)
    t += rng.uniform(HOUR, 5 * HOUR)
    f.web(case, t)
    if f.keep():
        f.app(case, t + 2 * MINUTE, "install")
    small = rng.randint(10, 50) * 10000
    f.pay(case, t + 10 * MINUTE, small)
    f.rebate(case, t + 30 * MINUTE, int(small * rng.uniform(1.05, 1.2)), "提现")
    t = f.later_days(t)
    if t > case.first_contact + 86400 and f.keep():  # the mentor keeps in touch
        f.web(case, t)
    f.pay_all(case, t + rng.uniform(HOUR, 4 * HOUR), [a * 3 for a in amounts])


def romance(f: Fraud, case: Case, t: float, amounts: list[int]) -> None:
    """A dating app, long chats, then the partner's 'sure-win' investment site."""
    rng = f.rng
    f.app(case, t, "install")
    f.sms(case, t + 5 * MINUTE)
    for _ in range(rng.randint(1, 3)):
        t = f.later_days(t) + rng.uniform(30 * MINUTE, 4 * HOUR)
        f.call(case, t, (10, 60), tagged=False)
    f.web(case, t + 10 * MINUTE, "investment")
    f.pay_all(case, t + rng.uniform(30 * MINUTE, 2 * HOUR), amounts)


def fake_loan(f: Fraud, case: Case, t: float, amounts: list[int]) -> None:
    """Loan ad, loan app, then 'fees', 'deposit', 'unfreeze' payments — never a loan."""
    rng = f.rng
    f.sms(case, t)
    t += rng.uniform(5 * MINUTE, HOUR)
    f.app(case, t, "install")
    if "long_call_screen_share" in case.variants:  # 'loan officer' walks them through it
        f.call(case, t + 10 * MINUTE, (20, 60), tagged=False)
        f.screen_share(case, t + rng.uniform(15 * MINUTE, 30 * MINUTE))
        t += 30 * MINUTE
    elif f.keep():
        f.call(case, t + 10 * MINUTE, (3, 20))
    fees = [max(a // 10, 50_000) for a in amounts]
    memos = ["手续费", "保证金", "解冻费"]
    t += rng.uniform(15 * MINUTE, HOUR)
    t = f.before_payments(case, t, fees)
    for fee, memo in zip(fees, memos, strict=False):
        f.pay(case, t, fee, memo if rng.random() < 0.4 else None)
        t += rng.uniform(10 * MINUTE, HOUR)
    f.after_payments(case, t)


def impersonate_service(f: Fraud, case: Case, t: float, amounts: list[int]) -> None:
    """快递理赔/会员扣费: a 'customer service' call, screen sharing, transfers."""
    rng = f.rng
    if f.keep():
        f.sms(case, t - 10 * MINUTE)
    if "long_call_screen_share" in case.variants:  # an untagged number, a long call
        f.call(case, t, (20, 60), tagged=False)
    else:
        f.call(case, t, (10, 60))
    if f.keep():
        f.web(case, t + rng.uniform(2 * MINUTE, 10 * MINUTE))
    f.screen_share(case, t + rng.uniform(5 * MINUTE, 20 * MINUTE))
    f.pay_all(case, t + rng.uniform(20 * MINUTE, 40 * MINUTE), amounts)


def fake_credit(f: Fraud, case: Case, t: float, amounts: list[int]) -> None:
    """征信修复/注销校园贷: a call, sometimes screen sharing, transfers."""
    rng = f.rng
    f.call(case, t, (10, 60))
    if f.keep():
        f.sms(case, t + 2 * MINUTE)
    if f.keep():
        f.screen_share(case, t + 15 * MINUTE)
    f.pay_all(case, t + rng.uniform(25 * MINUTE, HOUR), amounts)


def game_trade(f: Fraud, case: Case, t: float, amounts: list[int]) -> None:
    """A game trading site with a 'guaranteed' deal, then payments."""
    f.web(case, t)
    if f.keep():
        f.app(case, t + 5 * MINUTE, "install")
    f.pay_all(case, t + f.rng.uniform(15 * MINUTE, HOUR), [max(a // 5, 10_000) for a in amounts])


def impersonate_acquaintance(f: Fraud, case: Case, t: float, amounts: list[int]) -> None:
    """'我是你领导/换号了': a message from a new number, then one urgent transfer."""
    f.sms(case, t)
    if f.keep() and f.rng.random() < 0.5:
        f.call(case, t + 5 * MINUTE, (1, 5), tagged=False)
    f.pay_all(case, t + f.rng.uniform(10 * MINUTE, 90 * MINUTE), amounts[:1])


def other(f: Fraud, case: Case, t: float, amounts: list[int]) -> None:
    """A generic mix: a prize message, a site, a fee."""
    f.sms(case, t)
    if f.keep():
        f.web(case, t + 5 * MINUTE)
    if f.keep() and f.rng.random() < 0.4:
        f.call(case, t + 15 * MINUTE, (5, 20))
    f.pay_all(case, t + f.rng.uniform(10 * MINUTE, HOUR), amounts[:1])


SCRIPTS: dict[str, Script] = {
    "impersonate_police": impersonate_police,
    "investment": investment,
    "task_rebate": task_rebate,
    "fake_loan": fake_loan,
    "impersonate_service": impersonate_service,
    "fake_credit": fake_credit,
    "romance": romance,
    "game_trade": game_trade,
    "impersonate_acquaintance": impersonate_acquaintance,
    "other": other,
}
