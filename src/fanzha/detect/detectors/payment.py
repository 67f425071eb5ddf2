"""The person pays someone: large first payments after risk, mule-like payees.

Also remembers what the rebate detector and later payments need: recent small
payments, and payees worth remembering as known.
"""

from __future__ import annotations

from fanzha.contract.kinds import Transfer
from fanzha.detect.detectors.base import epoch, recent_risk, yuan
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import PAYER, Registration, register
from fanzha.detect.state import Directory, PersonState

SMALL_PAYMENTS_KEPT = 20
"""Recent small payments a rebate may answer (a bound on state, not a rule)."""


def on_transfer_out(e: Transfer, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    """The person pays someone: large first payments after risk, mule-like payees."""
    found: list[Signal] = []
    m = r.money
    new_payee = not p.paid_before(e.to_account)
    if e.amount_fen <= m.small_payment_max_fen:
        p.small_payments = [
            x for x in p.small_payments if epoch(e.ts) - x[0] <= m.rebate_window_hours * 3600
        ][-SMALL_PAYMENTS_KEPT:]
        p.small_payments.append((epoch(e.ts), e.amount_fen))
    risky = recent_risk(p, e.ts, m.risk_memory_hours)
    if new_payee and e.amount_fen >= m.large_transfer_fen and risky:
        found.append(Signal("new_payee_after_risk", e.ts, e.id, yuan(e.amount_fen)))
    if new_payee and (risky or e.amount_fen >= m.large_transfer_fen):
        info = d.accounts.get(e.to_account)
        if info is None:
            found.append(Signal("mule_like_payee", e.ts, e.id, "收款账户不在合作银行数据中"))
        elif info.opened is not None and (e.ts.date() - info.opened).days <= m.new_account_days:
            found.append(
                Signal("mule_like_payee", e.ts, e.id, f"开户仅{(e.ts.date() - info.opened).days}天")
            )
    if e.amount_fen >= m.remember_payee_fen:
        p.remember_payee(e.to_account)
        p.paid_at = epoch(e.ts)
    return found


PAYMENT = register(
    Registration(
        name="payment",
        kind=Transfer,
        role=PAYER,
        emits=frozenset({"new_payee_after_risk", "mule_like_payee"}),
        state=("payees", "paid_at", "small_payments", "risk_at"),
        keeps_state=True,
        numbers=(
            "money.small_payment_max_fen",
            "money.rebate_window_hours",
            "money.risk_memory_hours",
            "money.large_transfer_fen",
            "money.new_account_days",
            "money.remember_payee_fen",
        ),
        bind=lambda tools: on_transfer_out,
    )
)
