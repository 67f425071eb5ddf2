"""Restrictions on a person (Anti-Telecom-Fraud Law art. 32), with notice and appeal.

Art. 32 lets the authorities limit the phone cards or accounts of people
involved in fraud, but every measure must state why, tell the person, and let
them appeal. A restriction here always carries a reason code, the notice
text, and an appeal that can be filed once and decided with a reason.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Final

import msgspec


class Measure(StrEnum):
    SUSPEND_PHONE_CARDS = "suspend_phone_cards"  # 暂停电话卡功能
    LIMIT_ACCOUNTS = "limit_accounts"  # 限制银行账户非柜面业务
    NO_NEW_ACCOUNTS = "no_new_accounts"  # 限制新开户


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


class Appeal(msgspec.Struct, kw_only=True):
    filed_at: datetime
    statement: str
    state: AppealState = AppealState.FILED
    decided_at: datetime | None = None
    decided_by: str | None = None
    decision_reason: str | None = None


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
) -> Restriction:
    """A restriction with its notice; an unknown reason code is refused."""
    if reason_code not in REASON_CODES:
        raise RestrictionError(
            f"reason_code {reason_code!r} unknown; known: {sorted(REASON_CODES)}"
        )
    notice = (
        f"依据《反电信网络诈骗法》第三十二条，因{REASON_CODES[reason_code].split(' / ')[0]}，"
        f"对您采取“{measure}”措施。{detail}如有异议，可自收到本通知之日起提出申诉。"
    )
    return Restriction(
        restriction_id=restriction_id,
        person_id=person_id,
        measure=measure,
        reason_code=reason_code,
        notice_text=notice,
        imposed_by=officer,
        imposed_at=when,
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
        restriction.active = False
    return appeal
