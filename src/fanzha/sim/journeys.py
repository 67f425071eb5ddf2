"""Harder fraud journeys: what real cases do that the plain scripts do not.

A victim's story may take several variants at once (drawn per victim from
``Hardness.journey_variant_shares``): a test payment paid back as profit, a
loan from a licensed lender taken on the ring's instruction, savings gathered
on a second card first, payment through a payment platform or from a
parent's or the company's account, a ladder of growing fees after the big
payments. Grooming unseen and being defrauded twice are handled in
``victims.run_case``; the untagged long call before screen sharing in
``scripts``.
"""

from __future__ import annotations

from datetime import datetime
from random import Random
from typing import TYPE_CHECKING

from fanzha.sim.hardness import JOURNEY_VARIANTS
from fanzha.sim.population import PARTNER_BANKS
from fanzha.sim.sink import CST

if TYPE_CHECKING:
    from fanzha.sim.fraud import Case, Fraud

MINUTE = 60
FEE_MEMOS = ("手续费", "税费", "保证金", "解冻费", "会员升级费", "通道费")


ONLY_FOR: dict[str, frozenset[str]] = {
    "long_call_screen_share": frozenset({"impersonate_service", "fake_loan"}),
    "test_payment_profit": frozenset({"investment", "romance", "task_rebate", "game_trade"}),
}
"""Variants that belong to some typologies' stories only (the others take any)."""
NOT_FOR: dict[str, frozenset[str]] = {
    "licensed_loan": frozenset({"impersonate_acquaintance", "game_trade"}),
}


def draw_variants(rng: Random, shares: dict[str, float], typology: str) -> set[str]:
    """The variants one victim's story takes."""
    chosen = {v for v in JOURNEY_VARIANTS if shares.get(v, 0) > 0 and rng.random() < shares[v]}
    chosen = {
        v
        for v in chosen
        if typology in ONLY_FOR.get(v, {typology}) and typology not in NOT_FOR.get(v, ())
    }
    if "long_call_screen_share" in chosen:  # a phone call is where the telecom can see it
        chosen.discard("hidden_grooming")
    return chosen


def before_payments(f: Fraud, case: Case, t: float, amounts: list[int]) -> float:
    """Steps between the hook and the big payments; returns when the payments start."""
    rng = f.rng
    if "licensed_loan" in case.variants:
        t = _licensed_loan(f, case, t, sum(amounts))
    if "consolidate_savings" in case.variants:
        t = _consolidate(f, case, t, sum(amounts))
    if "proxy_payer" in case.variants:
        _proxy_payer(f, case)
    if "third_party_payment" in case.variants:
        case.via_hub = True
    if "test_payment_profit" in case.variants:
        small = max(amounts[0] // rng.randint(20, 50), 100_00)
        f.pay(case, t, small, rng.choice(("体验", "测试", None)))
        f.rebate(
            case, t + rng.uniform(5 * MINUTE, 3600), int(small * rng.uniform(1.1, 1.5)), "收益"
        )
        t += rng.uniform(3600, 3 * 3600)
    return t


def fee_ladder(f: Fraud, case: Case, t: float) -> None:
    """After the big payments the money is 'frozen': fee after growing fee to release it."""
    rng = f.rng
    fee = max(case.paid // 10, 500_00)
    for memo in rng.sample(FEE_MEMOS, rng.randint(2, 4)):
        t += rng.uniform(20 * MINUTE, 3 * 3600)
        if t >= f.end:
            break
        f.pay(case, t, fee, memo if rng.random() < 0.5 else None)
        fee = int(fee * rng.uniform(1.3, 2.0))


def _licensed_loan(f: Fraud, case: Case, t: float, total: int) -> float:
    """A real loan from a licensed lender's app, taken because the ring said so."""
    rng, v = f.rng, case.victim
    lender = rng.choice(f.life.orgs["lenders"])
    amount = max(total // 2, 500_000) // 100_00 * 100_00
    fields = {"phone": v.phone, "app": "com.zhaolian.jinrong", "action": "install"}
    f.life.sink.emit("app", t, case.tel, fields)
    t += rng.uniform(10 * MINUTE, 3600)
    tx = f.life.transfer(
        t, (lender.account_id, lender.bank), v.accounts[0][0], amount, "online", "借款放款"
    )
    case.extra.setdefault("loan_transfers", []).append(tx)
    return t + rng.uniform(10 * MINUTE, 3600)


def _consolidate(f: Fraud, case: Case, t: float, total: int) -> float:
    """Savings gathered on one card (often newly opened elsewhere) before paying from it."""
    rng, v = f.rng, case.victim
    if len(v.accounts) >= 2:
        target = v.accounts[-1]
    else:
        assert f.numbers is not None
        bank = rng.choice([b for b in PARTNER_BANKS if b != v.accounts[0][1]])
        target = (f.numbers.new(bank), bank)
        opened = f.life.sink.emit(
            "account",
            t,
            f"bank:{bank}",
            {
                "account_id": target[0],
                "bank": bank,
                "holder": v.person_id,
                "address_on_file": v.address,
                "opened": _date(t),
            }
            | ({"account_kind": "personal"} if f.params.money.active else {}),
            prefix="acc-",
            faults=False,
        )
        case.extra["second_card_event"] = opened
        v.accounts.append(target)
        t += rng.uniform(30 * MINUTE, 3 * 3600)
    moves = []
    for account in v.accounts:
        if account != target:
            share = rng.uniform(0.3, 0.8)
            tx = f.life.transfer(t, account, target[0], max(int(total * share), 100_00), "mobile")
            moves.append(tx)
            t += rng.uniform(MINUTE, 20 * MINUTE)
    case.extra["consolidation_transfers"] = moves
    case.payer = target
    return t + rng.uniform(10 * MINUTE, 3600)


def _proxy_payer(f: Fraud, case: Case) -> None:
    """Paid from a parent's account (their phone, their card) or the company's."""
    rng, v = f.rng, case.victim
    first, size = v.household
    others = [f.life.residents[i] for i in range(first, first + size) if i != v.index]
    employer = f.life.orgs["employers"][v.employer] if v.employer is not None else None
    if others and (employer is None or rng.random() < 0.6):
        payer = rng.choice(others).accounts[0]
        case.extra["payer"] = "relative"
    elif employer is not None:
        payer = (employer.account_id, employer.bank)
        case.extra["payer"] = "company"
    else:
        return
    case.payer = payer
    case.extra["payer_accounts"] = [payer[0]]


def _date(t: float) -> str:
    return datetime.fromtimestamp(t, CST).date().isoformat()
