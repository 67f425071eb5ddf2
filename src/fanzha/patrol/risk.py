"""风险查询: is this number, account, URL, domain or address risky — for the public and partners.

The answer carries no personal data and nothing of how the center knows: only a
risk level (高/中/低/未发现), the kind asked about, the fraud typology's Chinese
name when listed, and advice in Chinese. Every lookup is counted (per indicator
and per day); a listed item's rule gets a ``lookup`` hit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from fanzha.contract.kinds import TYPOLOGY_NAMES_ZH
from fanzha.patrol.blocklist import Entry
from fanzha.patrol.indicators import PatrolIndicators
from fanzha.patrol.names import IndicatorKind, normalise
from fanzha.settings import center_zone

LookupKind = Literal["phone", "account", "url", "domain", "ip"]
LOOKUP_KINDS: tuple[LookupKind, ...] = ("phone", "account", "url", "domain", "ip")
RISK_ZH = {"high": "高", "medium": "中", "low": "低", "none": "未发现"}
KIND_ZH = {
    "phone": "电话号码",
    "account": "银行账户",
    "url": "网址",
    "domain": "网址",
    "ip": "IP地址",
}
HOTLINE = "96110"
_LISTED_ADVICE = {
    "phone": "该号码已被列入涉诈名单。请勿接听或回拨，请勿按对方要求转账，立即拨打96110咨询。",
    "account": "该账户已被列入涉诈名单。请勿转账，立即拨打96110；如已转账，请马上拨打110报警。",
    "url": "该网址已被列入涉诈名单。请勿打开，切勿填写银行卡号、密码或验证码，立即拨打96110。",
    "ip": "该地址已被列入涉诈名单（常见于诈骗App后台）。请卸载相关App，请勿转账，立即拨打96110。",
}
_LOOKALIKE_ADVICE = (
    "该网址疑似仿冒{brand}。请通过官方App或官方客服电话核实，切勿填写银行卡号、密码或验证码。"
)
_CLEAN_ADVICE = (
    "暂未发现风险记录，但这不代表一定安全。凡是要求转账、索要验证码、"
    "让您下载陌生App或共享屏幕的，都可能是诈骗，请拨打96110核实。"
)


@dataclass(frozen=True)
class RiskAnswer:
    kind: LookupKind
    level: Literal["high", "medium", "low", "none"]
    typology: str
    """The listed rule's typology in Chinese; empty when not listed."""
    advice: str
    rule: Entry | None = None
    """Internal only (for counting and the asker signal): never sent to the asker."""
    value: str = ""
    """The normalised value asked about: internal only, like ``rule``."""

    @property
    def risk(self) -> str:
        return RISK_ZH[self.level]

    @property
    def listed(self) -> bool:
        return self.rule is not None

    def public(self) -> dict[str, str]:
        """What the asker is told."""
        return {
            "kind": self.kind,
            "kind_zh": KIND_ZH[self.kind],
            "risk": self.risk,
            "level": self.level,
            "typology": self.typology,
            "advice": self.advice,
        }


def _rule(indicators: PatrolIndicators, kind: LookupKind, value: str) -> Entry | None:
    if kind == "phone":
        return indicators.is_blocked_phone(value)
    if kind == "account":
        return indicators.is_blocked_account(value)
    if kind == "url":
        return indicators.is_blocked_url(value)
    if kind == "domain":
        return indicators.is_blocked_domain(value)
    return indicators.is_blocked_ip(value)


def _normalised(kind: LookupKind, value: str) -> str:
    stored: IndicatorKind = kind
    if kind == "ip" and (value.count(":") == 1 or "]:" in value):
        stored = "ipport"
    return normalise(stored, value)


class BadLookup(ValueError):
    """The value is no phone, account, URL, domain or address of the kind named."""


def assess(
    indicators: PatrolIndicators, kind: LookupKind, value: str, now: datetime, timezone: str
) -> RiskAnswer:
    """Answer one lookup and count it."""
    normalised = _normalised(kind, value)
    if not normalised:
        raise BadLookup(f"{kind}: not a valid {KIND_ZH[kind]}")
    rule = _rule(indicators, kind, value)
    answer = _answer(indicators, kind, normalised, rule)
    day = now.astimezone(center_zone(timezone)).date().isoformat()
    indicators.lookups.add(kind, normalised, rule is not None, day)
    if rule is not None:
        indicators.count_hit("lookup", rule)
    return answer


def _answer(
    indicators: PatrolIndicators, kind: LookupKind, value: str, rule: Entry | None
) -> RiskAnswer:
    if rule is not None:
        advice = _LISTED_ADVICE["url" if kind == "domain" else kind]
        typology = TYPOLOGY_NAMES_ZH.get(rule.typology, "")
        return RiskAnswer(kind, "high", typology, advice, rule, value)
    if kind in ("url", "domain"):
        look = indicators.lookalike_score(value)
        if look.score >= 0.5:
            level: Literal["medium", "low"] = "medium" if look.score >= 0.8 else "low"
            return RiskAnswer(
                kind, level, "", _LOOKALIKE_ADVICE.format(brand=look.brand), None, value
            )
    return RiskAnswer(kind, "none", "", _CLEAN_ADVICE, None, value)
