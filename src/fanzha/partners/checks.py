"""Real-time order, gold and parcel checks: allow, warn or hold, with reasons.

Each check collects reason codes with weights; the sum decides. No single
benign-looking fact (an item-only delivery, gold mailed to a relative) is
enough to warn: it takes a fact about the *person* — under warning, recent
risky contact, a large cash withdrawal, a ring's number or address — to tip
it, which keeps false alarms for ordinary customers rare.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Final

import msgspec

from fanzha.contract.kinds import GoldPurchase, Order, Parcel
from fanzha.contract.words import BANK_CARDS, CASH_OR_GOLD, addresses_differ
from fanzha.partners.context import RECENT, RiskContext


class Decision(StrEnum):
    ALLOW = "allow"
    WARN = "warn"
    HOLD = "hold"


class Reason(msgspec.Struct, frozen=True):
    code: str
    weight: float
    zh: str
    en: str


class CheckResult(msgspec.Struct, frozen=True, kw_only=True):
    decision: Decision
    score: float
    reasons: list[Reason]
    display_text: str
    """What the driver, courier or clerk sees, in Chinese."""
    person_id: str | None = None


WARN_AT: Final = 0.5
HOLD_AT: Final = 0.8
LARGE_CASH_FEN: Final = 2_000_000  # ¥20,000
BANK_OR_GOLD = re.compile(r"银行|支行|分行|金店|黄金|珠宝|金行|营业厅|ATM")
VAGUE = re.compile(r"文件|资料|材料|纸箱|盒子|箱子|物品|包裹|documents?", re.IGNORECASE)

TEXT: Final = {
    "order": {
        Decision.WARN: "【反诈提示】该订单疑似为诈骗分子雇车取送现金或黄金。请与下单人核实，"
        "勿代收代送不明钱物；如有疑问请拨打96110。",
        Decision.HOLD: "【反诈预警】该订单高度疑似电信诈骗取款运送，请勿接单，"
        "平台已通知反诈中心，请拨打110或96110报告。",
    },
    "gold": {
        Decision.WARN: "【反诈提示】该客户购买黄金并邮寄至非本人地址，疑似遭遇诈骗。"
        "请核实购买用途并提示风险，必要时联系96110。",
        Decision.HOLD: "【反诈预警】该客户疑似正遭遇冒充公检法等诈骗，请暂缓办理黄金购买与邮寄，"
        "立即联系反诈中心96110。",
    },
    "parcel": {
        Decision.WARN: "【反诈提示】该寄件疑似夹带现金或黄金，请开箱验视并核实寄件人，"
        "如有疑问请拨打96110。",
        Decision.HOLD: "【反诈预警】该寄件高度疑似诈骗赃款赃物，请暂停收寄并报告反诈中心96110。",
    },
    "transfer": {
        Decision.WARN: "【反诈提示】该笔转账存在诈骗风险。请向客户核实收款人与转账用途，"
        "提示“公检法不会要求转账到安全账户”；如有疑问请拨打96110。",
        Decision.HOLD: "【反诈预警】该笔转账高度疑似电信诈骗，请暂缓执行，"
        "立即联系反诈中心96110并劝阻客户。",
    },
}
ALLOW_TEXT: Final = "未发现风险，可正常办理。"
LARGE_TRANSFER_FEN: Final = 500_000  # ¥5,000: as detection's large transfer


def _decide(kind: str, reasons: list[Reason], person_id: str | None) -> CheckResult:
    score = min(sum(r.weight for r in reasons), 1.0)
    decision = (
        Decision.HOLD
        if score >= HOLD_AT
        else Decision.WARN
        if score >= WARN_AT
        else (Decision.ALLOW)
    )
    text = ALLOW_TEXT if decision is Decision.ALLOW else TEXT[kind][decision]
    return CheckResult(
        decision=decision,
        score=round(score, 3),
        reasons=reasons,
        display_text=text,
        person_id=person_id,
    )


def _person_reasons(ctx: RiskContext, person_id: str | None) -> list[Reason]:
    """Facts about the person behind a request, shared by every check."""
    if person_id is None:
        return []
    found: list[Reason] = []
    level = ctx.warning_level(person_id)
    if level == "high":
        found.append(
            Reason(
                "person_high_warning",
                0.6,
                "当事人正处于高风险诈骗预警中",
                "the person is under a high-level fraud warning",
            )
        )
    elif level is not None:
        found.append(
            Reason(
                "person_under_warning",
                0.4,
                "当事人正处于诈骗预警中",
                "the person is under a fraud warning",
            )
        )
    return found


def check_order(order: Order, ctx: RiskContext) -> CheckResult:
    person_id = ctx.person_of_phone(order.requester)
    since = order.ts - RECENT
    reasons = _person_reasons(ctx, person_id)
    item_only = order.passengers == 0
    if item_only:
        reasons.append(Reason("item_only", 0.15, "无乘客、仅运送物品", "items only, no passenger"))
        if (
            VAGUE.search(order.item)
            or CASH_OR_GOLD.search(order.item)
            or BANK_CARDS.search(order.item)
        ):
            reasons.append(
                Reason(
                    "vague_item",
                    0.1,
                    "物品描述含糊（文件/纸箱/盒子）",
                    "vague item (documents, a box)",
                )
            )
    if order.cross_city:
        reasons.append(Reason("cross_city", 0.1, "跨城运送", "cross-city trip"))
    if BANK_OR_GOLD.search(order.pickup.address):
        reasons.append(
            Reason(
                "pickup_bank_or_gold",
                0.1,
                "上车点临近银行或金店",
                "pick-up near a bank or gold shop",
            )
        )
    if ctx.is_ring_phone(order.requester):
        reasons.append(
            Reason(
                "ring_phone",
                0.8,
                "下单号码关联诈骗团伙",
                "ordered from a number tied to a fraud ring",
            )
        )
    if ctx.is_ring_address(order.dropoff.address):
        reasons.append(
            Reason(
                "ring_address",
                0.6,
                "送达地址关联诈骗团伙",
                "drop-off at an address tied to a fraud ring",
            )
        )
    if person_id is not None and item_only:
        cash = ctx.cash_withdrawn_since(person_id, since)
        if cash >= LARGE_CASH_FEN:
            reasons.append(
                Reason(
                    "cash_then_item_only",
                    0.35,
                    f"下单人24小时内取现{cash // 100:,}元后叫车送物",
                    f"requester withdrew ¥{cash // 100:,} cash in 24h, then sent items",
                )
            )
        if ctx.risky_contact_since(person_id, since):
            reasons.append(
                Reason(
                    "risky_contact",
                    0.25,
                    "下单人近期接触可疑来电、短信或网站",
                    "requester had a suspicious call, SMS or site recently",
                )
            )
    return _decide("order", reasons, person_id)


def check_gold(purchase: GoldPurchase, ctx: RiskContext) -> CheckResult:
    person_id = ctx.person_of_account(purchase.account_id)
    since = purchase.ts - RECENT
    reasons = _person_reasons(ctx, person_id)
    mailed_elsewhere = purchase.delivery == "mail" and addresses_differ(
        purchase.delivery_address, ctx.address_on_file(purchase.account_id)
    )
    if mailed_elsewhere:
        reasons.append(
            Reason(
                "mail_other_address",
                0.2,
                "黄金邮寄至与开户地址不符的地址",
                "gold mailed to an address unlike the account's",
            )
        )
    if purchase.delivery_address and ctx.is_ring_address(purchase.delivery_address):
        reasons.append(
            Reason(
                "ring_address",
                0.6,
                "收货地址关联诈骗团伙",
                "delivery to an address tied to a fraud ring",
            )
        )
    typical = ctx.typical_purchase_fen(purchase.account_id)
    if purchase.amount_fen >= 5_000_000 and (typical is None or purchase.amount_fen > 5 * typical):
        reasons.append(
            Reason(
                "large_for_customer",
                0.15,
                "购买金额远超该客户平常消费",
                "far larger than this customer's usual purchases",
            )
        )
    if person_id is not None and ctx.risky_contact_since(person_id, since):
        weight = 0.4 if mailed_elsewhere else 0.2
        reasons.append(
            Reason(
                "risky_contact",
                weight,
                "客户近期接触可疑来电、短信或网站",
                "the customer had a suspicious call, SMS or site recently",
            )
        )
    return _decide("gold", reasons, person_id)


def check_parcel(parcel: Parcel, ctx: RiskContext) -> CheckResult:
    person_id = ctx.person_of_phone(parcel.sender)
    since = parcel.ts - RECENT
    reasons = _person_reasons(ctx, person_id)
    if CASH_OR_GOLD.search(parcel.declared_contents):
        reasons.append(
            Reason("declares_cash_or_gold", 0.3, "申报物品为现金或黄金", "declares cash or gold")
        )
    elif BANK_CARDS.search(parcel.declared_contents):
        reasons.append(
            Reason("declares_bank_cards", 0.3, "申报物品含银行卡、存折或手机卡（疑似贩卡）",
                   "declares bank or phone cards (card selling?)")
        )  # fmt: skip
    elif VAGUE.search(parcel.declared_contents):
        reasons.append(
            Reason("declares_documents", 0.1, "申报物品为“文件/资料”", "declares 'documents'")
        )
    if ctx.is_ring_phone(parcel.receiver):
        reasons.append(
            Reason(
                "ring_receiver",
                0.6,
                "收件人号码关联诈骗团伙",
                "receiver's number is tied to a fraud ring",
            )
        )
    if ctx.is_ring_address(parcel.receiver_address):
        reasons.append(
            Reason(
                "ring_address",
                0.6,
                "收件地址关联诈骗团伙",
                "receiver's address is tied to a fraud ring",
            )
        )
    if person_id is not None and ctx.risky_contact_since(person_id, since):
        reasons.append(
            Reason(
                "risky_contact",
                0.25,
                "寄件人近期接触可疑来电、短信或网站",
                "the sender had a suspicious call, SMS or site recently",
            )
        )
    return _decide("parcel", reasons, person_id)


def check_transfer(
    payer_account: str, payee_account: str, amount_fen: int, at: datetime, ctx: RiskContext
) -> CheckResult:
    """A bank asks before executing a transfer: the lists and the payer's live risk.

    A payee on the center's lists (涉案账户: the patrol list, freeze lists, ring
    clues) holds the transfer on its own; a payer under warning or just in touch
    with fraud makes a warning, more so for a large sum.
    """
    person_id = ctx.person_of_account(payer_account)
    reasons = _person_reasons(ctx, person_id)
    payee = ctx.listed_account(payee_account)
    if payee is not None:
        source, why = payee
        reasons.append(
            Reason(
                "payee_listed",
                1.0,
                f"收款账户在涉案账户名单上（来源：{source}；{why or '未注明'}）",
                f"the payee is on the center's account list (source {source}: {why or '-'})",
            )
        )
    payer = ctx.listed_account(payer_account)
    if payer is not None:
        source, why = payer
        reasons.append(
            Reason(
                "payer_listed",
                0.8,
                f"付款账户在涉案账户名单上（来源：{source}；{why or '未注明'}）",
                f"the paying account is on the center's account list (source {source})",
            )
        )
    risky = person_id is not None and ctx.risky_contact_since(person_id, at - RECENT)
    if risky:
        reasons.append(
            Reason(
                "risky_contact",
                0.35,
                "付款人近期接触可疑来电、短信或网站",
                "the payer had a suspicious call, SMS or site recently",
            )
        )
    if amount_fen >= LARGE_TRANSFER_FEN and (risky or (person_id and ctx.warning_level(person_id))):
        reasons.append(
            Reason(
                "large_while_at_risk",
                0.15,
                f"处于风险中的付款人大额转账{amount_fen // 100:,}元",
                f"a large transfer (¥{amount_fen // 100:,}) by a payer at risk",
            )
        )
    return _decide("transfer", reasons, person_id)
