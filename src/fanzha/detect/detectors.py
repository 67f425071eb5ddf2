"""Detectors: one function per event kind, turning an event into signals.

Each takes the event, the person's state, the reference directory and the
rules, and returns signals; none of them keeps state of its own, so any
engine can run them. SMS and web detectors may be handed a ``memo`` of what a
text or a site was already found to say: pure answers, kept only for speed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from fanzha.contract.kinds import (
    App,
    Call,
    Event,
    GoldPurchase,
    Order,
    Parcel,
    Sms,
    Transfer,
    Web,
    Withdrawal,
)
from fanzha.detect.indicators import IndicatorLookup
from fanzha.detect.memo import BoundedMemo
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.state import Directory, PersonState
from fanzha.detect.textmodel import TextModel
from fanzha.detect.textnorm import digits_folded, normalise

CASH_OR_GOLD = re.compile(r"现金|黄金|金条|金饰|文件|资料|現金|黃金|金條|文件")
SCREEN_SHARE_AFTER = timedelta(hours=2)
MEMO_SIZE = 1 << 16

Finding = tuple[str, str | None] | tuple[str, str | None, float] | None
"""What a text or a site says on its own: (detail, typology[, strength]), or nothing."""
Memo = BoundedMemo[str, Finding]
"""What texts and sites were already found to say (size: ``MEMO_SIZE``)."""


def _epoch(ts: datetime) -> float:
    return ts.timestamp()


def _recent_risk(person: PersonState, ts: datetime, hours: float) -> bool:
    return person.risk_at is not None and 0 <= _epoch(ts) - person.risk_at <= hours * 3600


def _stem(text: str, stems: dict[str, list[str]]) -> tuple[str, str] | None:
    lowered = text.lower()
    for typology, words in stems.items():
        for word in words:
            if word in lowered:
                return typology, word
    return None


def on_call(e: Call, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    tags = set(e.caller_tags)
    flagged = tags & set(r.calls.flagged_tags)
    if flagged:
        typology = "impersonate_police" if "spoofed_official" in flagged else None
        return [Signal("call_flagged", e.ts, e.id, "、".join(sorted(flagged)), typology)]
    if e.duration_s < r.calls.min_long_s:
        return []
    minutes = f"{e.duration_s // 60}分钟 {e.caller[:6]}…"
    if tags & set(r.calls.risky_tags) or e.caller.startswith(tuple(r.calls.risky_prefixes)):
        return [Signal("call_risky_origin", e.ts, e.id, minutes)]
    if not e.caller.startswith(r.calls.overseas_prefix_not):
        return [Signal("call_overseas", e.ts, e.id, minutes)]
    # An untagged long call says little alone, but before a screen share it is how
    # 客服 and loan scams begin: kept so a model can weigh the pair.
    return [Signal("call_long", e.ts, e.id, minutes)]


def on_sms(
    e: Sms,
    p: PersonState,
    d: Directory,
    r: Rules,
    memo: Memo | None = None,
    text_model: TextModel | None = None,
) -> list[Signal]:
    found = sms_finding(e.text, r, memo, text_model)
    if found is None:
        return []
    strength = found[2] if len(found) == 3 else 1.0
    return [Signal("sms_script", e.ts, e.id, found[0], found[1], strength)]


def sms_finding(
    text: str, r: Rules, memo: Memo | None = None, text_model: TextModel | None = None
) -> Finding:
    """What an SMS text says on its own, whoever receives it: the text model's verdict
    when there is one (keywords then only name the typology), else the keyword rules."""
    if text_model is not None:
        key = digits_folded(text)  # normalising folds digits too: same answer, fewer keys
        if memo is None:
            return _model_finding(key, r, text_model)
        return memo.get(key, _model_finding, key, r, text_model)
    return _sms_finding(text, r) if memo is None else memo.get(text, _sms_finding, text, r)


def _model_finding(text: str, r: Rules, model: TextModel) -> Finding:
    p = model.probability(text)
    if p < model.threshold:
        return None
    plain = normalise(text)
    for typology, pattern in r.sms_patterns:
        found = pattern.findall(plain)
        if found:
            return "、".join(dict.fromkeys(found)), typology, round(p, 3)
    return "、".join(model.top_ngrams(text)) or "文本模型", None, round(p, 3)


def _sms_finding(text: str, r: Rules) -> Finding:
    if r.sms_exclusion.search(text):
        return None
    for typology, pattern in r.sms_patterns:
        found = pattern.findall(text)
        if len(found) >= r.sms_min_hits:
            return "、".join(dict.fromkeys(found)), typology
    return None


def on_web(
    e: Web,
    p: PersonState,
    d: Directory,
    r: Rules,
    ind: IndicatorLookup | None = None,
    memo: Memo | None = None,
) -> list[Signal]:
    found = site_finding(e.url, r, ind, memo)
    if found is None:
        return []
    return [Signal("fraud_site", e.ts, e.id, found[0], found[1])]


def site_finding(
    url: str, r: Rules, ind: IndicatorLookup | None, memo: Memo | None = None
) -> Finding:
    """What visiting a URL says on its own, whoever visits it."""
    if memo is None:
        return _site_finding(url, r, ind)
    # The host, hence the answer, depends only on the text up to the first "/"
    # after the "//": a city visits few sites, so most visits are one lookup.
    end = url.find("/", url.find("//") + 2)
    return memo.get(url if end < 0 else url[:end], _site_finding, url, r, ind)


def _site_finding(url: str, r: Rules, ind: IndicatorLookup | None) -> Finding:
    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:  # "http://[x": no host to judge; the visit says nothing
        return None
    if not host or _trusted(host, r.trusted_set):
        return None
    hit = _stem(host, r.domain_stems)
    verdict = ind.site_verdict(host) if ind is not None else None
    if verdict is not None:
        return verdict, hit[0] if hit else None
    if hit is None or host.rsplit(".", 1)[-1] not in r.risky_tlds:
        return None
    return host, hit[0]


def _trusted(host: str, trusted: frozenset[str]) -> bool:
    """The host or any parent domain of it is on the trusted list."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in trusted for i in range(len(labels) - 1))


def on_app(
    e: App, p: PersonState, d: Directory, r: Rules, ind: IndicatorLookup | None = None
) -> list[Signal]:
    if e.action == "screen_share_start":
        if _recent_risk(p, e.ts, SCREEN_SHARE_AFTER.total_seconds() / 3600):
            return [Signal("screen_share_after_risk", e.ts, e.id, e.app)]
        return [Signal("screen_share", e.ts, e.id, e.app)]
    if e.action != "install" or e.app in r.known_app_set:
        return []
    hit = _stem(e.app, r.app_stems)
    verdict = ind.app_verdict(e.app) if ind is not None else None
    if verdict is not None:
        return [Signal("risky_app", e.ts, e.id, verdict, hit[0] if hit else None)]
    return [Signal("risky_app", e.ts, e.id, e.app, hit[0])] if hit else []


def on_transfer_out(e: Transfer, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    """The person pays someone: large first payments after risk, mule-like payees."""
    found: list[Signal] = []
    m = r.money
    new_payee = not p.paid_before(e.to_account)
    if e.amount_fen <= m.small_payment_max_fen:
        p.small_payments = [
            x for x in p.small_payments if _epoch(e.ts) - x[0] <= m.rebate_window_hours * 3600
        ][-20:]
        p.small_payments.append((_epoch(e.ts), e.amount_fen))
    risky = _recent_risk(p, e.ts, m.risk_memory_hours)
    if new_payee and e.amount_fen >= m.large_transfer_fen and risky:
        found.append(Signal("new_payee_after_risk", e.ts, e.id, f"¥{e.amount_fen // 100:,}"))
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
        p.paid_at = _epoch(e.ts)
    return found


def on_transfer_in(e: Transfer, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    """The person receives money: a rebate answering recent small payments?"""
    window = r.money.rebate_window_hours * 3600
    for paid_at, amount in p.small_payments:
        if 0 <= _epoch(e.ts) - paid_at <= window and amount < e.amount_fen <= amount * 1.5:
            return [
                Signal(
                    "rebate_pattern",
                    e.ts,
                    e.id,
                    f"付¥{amount // 100:,}得¥{e.amount_fen // 100:,}",
                    "task_rebate",
                )
            ]
    return []


def on_withdrawal(e: Withdrawal, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    if e.amount_fen < r.money.large_withdrawal_fen:
        return []
    p.withdrawal = (_epoch(e.ts), e.amount_fen, e.id)
    if e.channel == "counter":
        return [Signal("large_cash_withdrawal", e.ts, e.id, f"¥{e.amount_fen // 100:,}")]
    return []


def on_order(e: Order, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    if e.passengers != 0 or p.withdrawal is None:
        return []
    at, amount, _ = p.withdrawal
    if 0 <= _epoch(e.ts) - at <= r.money.item_only_window_hours * 3600:
        where = "跨城" if e.cross_city else "同城"
        return [
            Signal(
                "cash_then_item_only",
                e.ts,
                e.id,
                f"取现¥{amount // 100:,}后{where}运送“{e.item}”",
                "impersonate_police",
            )
        ]
    return []


def on_gold(e: GoldPurchase, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    if e.delivery != "mail" or not e.delivery_address:
        return []
    info = d.accounts.get(e.account_id)
    home = (
        info.address if info and info.address else (d.home.get(info.holder or "") if info else None)
    )
    if home and difflib.SequenceMatcher(None, home, e.delivery_address).ratio() < 0.6:
        return [
            Signal(
                "gold_mail_elsewhere",
                e.ts,
                e.id,
                e.delivery_address[:12] + "…",
                "impersonate_police",
            )
        ]
    return []


def on_parcel(e: Parcel, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    if CASH_OR_GOLD.search(e.declared_contents):
        return [
            Signal("parcel_cash_or_gold", e.ts, e.id, e.declared_contents, "impersonate_police")
        ]
    return []


Detector = Callable[[Event, PersonState, Directory, Rules], list[Signal]]
__all__ = [
    "Detector",
    "on_app",
    "on_call",
    "on_gold",
    "on_order",
    "on_parcel",
    "on_sms",
    "on_transfer_in",
    "on_transfer_out",
    "on_web",
    "on_withdrawal",
    "site_finding",
    "sms_finding",
]
