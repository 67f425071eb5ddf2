"""Measures on a person (Anti-Telecom-Fraud Law art. 31/32/35), with notice, appeal,
the partners' orders, and an end.

Art. 32 lets the authorities limit the phone cards or accounts of people
involved in fraud, but every measure must state why, tell the person, and let
them appeal. A restriction here always carries a reason code, the notice
text, and an appeal that can be filed once and decided with a reason.

A measure does nothing until the telecom or bank that holds the card applies
it, so each one keeps its orders: one per partner, each acknowledged (applied
or refused, with a reason). When the measure lapses or an appeal lifts it,
every partner that was told to apply it gets a release order, acknowledged the
same way. Which partners those are is not this module's business: the caller
routes (``flows.measures``) and hands in what it routed.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Final, Literal

import msgspec

from fanzha.dissuade.measures import Measure, MeasureCatalog, measure_catalog

REASON_CODES: Final[dict[str, str]] = {
    "R01": "名下电话卡或银行账户被用于电信网络诈骗 / own card or account used for fraud",
    "R02": "出租、出借、出售电话卡或银行账户 / rented, lent or sold a card or account",
    "R03": "为诈骗提供支付结算帮助 / helped fraud with payment settlement",
    "R04": "多次劝阻无效的高危人员 / high-risk person, repeatedly dissuaded without effect",
}


class AppealState(StrEnum):
    FILED = "filed"
    UPHELD = "upheld"  # the restriction stays
    LIFTED = "lifted"  # the appeal succeeded


class Status(StrEnum):
    IN_FORCE = "in_force"
    EXPIRED = "expired"  # 已到期
    LIFTED = "lifted"  # 已解除 (appeal)


class OrderState(StrEnum):
    PENDING = "pending"  # 待回执
    APPLIED = "applied"  # 已执行 (for a release: released)
    REFUSED = "refused"  # 已拒绝


class Appeal(msgspec.Struct, kw_only=True):
    filed_at: datetime
    statement: str
    state: AppealState = AppealState.FILED
    decided_at: datetime | None = None
    decided_by: str | None = None
    decision_reason: str | None = None


class MeasureOrder(msgspec.Struct, kw_only=True):
    """What one partner is told to do about its own cards or numbers."""

    order_id: str
    partner_id: str
    action: Literal["apply", "release"]
    subject_kind: Literal["phone", "account"]
    subjects: list[str]
    """The partner's own phone numbers or account ids of the person: nothing else."""
    sent_at: datetime
    delivery_id: str | None = None
    state: OrderState = OrderState.PENDING
    acked_at: datetime | None = None
    ack_reason: str | None = None


class Restriction(msgspec.Struct, kw_only=True):
    restriction_id: str
    person_id: str
    measure: Measure
    reason_code: str
    notice_text: str
    imposed_by: str
    imposed_at: datetime
    active: bool = True
    appeal: Appeal | None = None
    legal_basis: str = ""
    expires_at: datetime | None = None
    """``None`` for restrictions recorded before measures had a term: they never lapse."""
    status: Status = Status.IN_FORCE
    ended_at: datetime | None = None
    orders: list[MeasureOrder] = []
    unrouted: list[str] = []
    """Banks or telecoms of the person's cards with no partner to send the order to
    (``bank:rcb_xy``): the officer has to deliver those on paper."""


class RestrictionError(ValueError):
    pass


def impose(
    restriction_id: str,
    person_id: str,
    measure: Measure,
    reason_code: str,
    officer: str,
    when: datetime,
    detail: str = "",
    catalog: MeasureCatalog | None = None,
) -> Restriction:
    """A restriction with its notice and term; an unknown reason code is refused, and so
    is a reason the measure is not for (the 5-year ban is for card sellers only)."""
    if reason_code not in REASON_CODES:
        raise RestrictionError(
            f"reason_code {reason_code!r} unknown; known: {sorted(REASON_CODES)}"
        )
    rule = (catalog or measure_catalog()).rule(measure)
    if rule.reasons is not None and reason_code not in rule.reasons:
        raise RestrictionError(
            f"reason_code {reason_code!r} does not fit measure {measure}; "
            f"it is imposed for {sorted(rule.reasons)}"
        )
    expires = when + rule.duration
    notice = (
        f"依据{rule.basis}，因{REASON_CODES[reason_code].split(' / ')[0]}，"
        f"对您采取“{rule.zh}”措施，期限至{expires:%Y年%m月%d日}。{detail}"
        "依照《反电信网络诈骗法》第三十二条，如有异议，可自收到本通知之日起提出申诉。"
    )
    return Restriction(
        restriction_id=restriction_id,
        person_id=person_id,
        measure=measure,
        reason_code=reason_code,
        notice_text=notice,
        imposed_by=officer,
        imposed_at=when,
        legal_basis=rule.basis,
        expires_at=expires,
    )


def file_appeal(restriction: Restriction, statement: str, when: datetime) -> Appeal:
    if restriction.appeal is not None:
        raise RestrictionError("an appeal is already on file for this restriction")
    if not restriction.active:
        raise RestrictionError("the restriction is no longer in force")
    if not statement.strip():
        raise RestrictionError("an appeal needs a statement")
    restriction.appeal = Appeal(filed_at=when, statement=statement)
    return restriction.appeal


def decide_appeal(
    restriction: Restriction, lift: bool, officer: str, reason: str, when: datetime
) -> Appeal:
    appeal = restriction.appeal
    if appeal is None or appeal.state is not AppealState.FILED:
        raise RestrictionError("there is no pending appeal to decide")
    if not reason.strip():
        raise RestrictionError("a decision needs a reason")
    appeal.state = AppealState.LIFTED if lift else AppealState.UPHELD
    appeal.decided_at, appeal.decided_by, appeal.decision_reason = when, officer, reason
    if lift:
        _end(restriction, Status.LIFTED, when)
    return appeal


def expire(restriction: Restriction, when: datetime) -> bool:
    """End a measure whose term is over; False when it is not due (or already ended)."""
    if not restriction.active or restriction.expires_at is None or restriction.expires_at > when:
        return False
    _end(restriction, Status.EXPIRED, when)
    return True


def _end(restriction: Restriction, status: Status, when: datetime) -> None:
    restriction.active = False
    restriction.status = status
    restriction.ended_at = when


def to_release(restriction: Restriction) -> list[MeasureOrder]:
    """The apply orders whose partner must now be told to release: all but those it
    refused (nothing to undo) and those already released."""
    released = {o.partner_id for o in restriction.orders if o.action == "release"}
    return [
        o
        for o in restriction.orders
        if o.action == "apply"
        and o.state is not OrderState.REFUSED
        and o.partner_id not in released
    ]


def acknowledge(
    restriction: Restriction,
    order_id: str,
    partner_id: str,
    applied: bool,
    reason: str | None,
    when: datetime,
) -> tuple[MeasureOrder, bool]:
    """Record a partner's answer to its order; returns it and whether it was new.

    Another partner's order does not exist for this one (``KeyError``). The same
    answer again changes nothing (a retried request); a different answer to an
    order already answered is refused, so a partner cannot quietly un-apply a measure.
    """
    order = next((o for o in restriction.orders if o.order_id == order_id), None)
    if order is None or order.partner_id != partner_id:
        raise KeyError(order_id)
    state = OrderState.APPLIED if applied else OrderState.REFUSED
    if not applied and not (reason or "").strip():
        raise RestrictionError("a refusal needs a reason")
    if order.state is not OrderState.PENDING:
        if order.state is state:
            return order, False
        raise RestrictionError(f"order {order_id} was already answered: {order.state}")
    order.state, order.acked_at, order.ack_reason = state, when, reason
    return order, True


def display_state(restriction: Restriction) -> str:
    """One word for the list: ``lifted``/``expired`` once ended, else from the apply
    orders: ``pending`` while any is unanswered, ``refused`` if any partner refused,
    ``applied`` when all did (or no partner could be sent one)."""
    if restriction.status is not Status.IN_FORCE:
        return str(restriction.status)
    states = {o.state for o in restriction.orders if o.action == "apply"}
    if OrderState.PENDING in states:
        return "pending"
    if OrderState.REFUSED in states:
        return "refused"
    return "applied" if states else "unrouted"


__all__ = [
    "REASON_CODES",
    "Appeal",
    "AppealState",
    "Measure",
    "MeasureOrder",
    "OrderState",
    "Restriction",
    "RestrictionError",
    "Status",
    "acknowledge",
    "decide_appeal",
    "display_state",
    "expire",
    "file_appeal",
    "impose",
    "to_release",
]
