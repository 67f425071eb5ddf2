"""A task's history lines in words an officer reads: Chinese, or English in English mode.

The workflow writes short English lines (``escalated to center: first_contact
deadline missed``): they are the record, stable for logs and tests. Officers
are shown these labels instead; every line the workflow and the task service
write has a pattern here (a test walks them all), and a line from outside (a
partner's feedback, a 风险查询 note) is shown as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from fanzha.dissuade.models import AttemptResult, Channel, Level, Outcome, Tier
from fanzha.dissuade.orders import SOURCE_WORDS

Words = tuple[str, str]

CHANNEL: Final[dict[str, Words]] = {
    Channel.SMS_12381: ("12381预警短信", "12381 warning SMS"),
    Channel.CALL_96110: ("96110劝阻电话", "96110 dissuasion call"),
    Channel.PHONE_CALL: ("民警电话", "officer's call"),
    Channel.DOOR_VISIT: ("上门劝阻", "door visit"),
    Channel.FAMILY_CONTACT: ("联系家属", "family contacted"),
    Channel.CANCEL_CALL_FORWARDING: ("取消呼叫转移", "call forwarding cancelled"),
}
RESULT: Final[dict[str, Words]] = {
    AttemptResult.REACHED: ("已联系上", "reached"),
    AttemptResult.NO_ANSWER: ("未接通", "no answer"),
    AttemptResult.REFUSED: ("拒绝配合", "refused"),
    AttemptResult.WRONG_NUMBER: ("号码错误", "wrong number"),
    AttemptResult.DONE: ("已完成", "done"),
}
OUTCOME: Final[dict[str, Words]] = {
    Outcome.DISSUADED: ("劝阻成功", "dissuaded"),
    Outcome.PAID_STOPPED: ("已付款已止付", "paid, stopped"),
    Outcome.PAID_CASE_FILED: ("已付款已立案", "paid, case filed"),
    Outcome.UNREACHABLE: ("无法联系", "unreachable"),
    Outcome.REFUSED: ("拒绝劝阻", "refused"),
    Outcome.NOT_FRAUD: ("非诈骗", "not fraud"),
    Outcome.REPEAT_VICTIM: ("重复受害", "repeat victim"),
}
TIER: Final[dict[str, Words]] = {
    Tier.STATION: ("派出所", "the station"),
    Tier.DISTRICT: ("分局", "the district"),
    Tier.CENTER: ("反诈中心", "the center"),
}
LEVEL: Final[dict[str, Words]] = {
    Level.HIGH: ("高风险", "high"),
    Level.MEDIUM: ("中风险", "medium"),
    Level.LOW: ("低风险", "low"),
}
DEADLINE: Final[dict[str, Words]] = {
    "sign": ("签收", "signing"),
    "first_contact": ("首次联系", "first contact"),
    "on_site": ("上门", "the door visit"),
}
ACTORS: Final[dict[str, Words]] = {"system": ("系统自动", "automatic")}


def _word(table: dict[str, Words], key: str) -> Words:
    return table.get(key, (key, key))


def _reason(text: str) -> Words:
    missed = re.fullmatch(r"(\w+) deadline missed", text)
    if missed:
        zh, en = _word(DEADLINE, missed[1])
        return f"{zh}超时", f"{en} deadline missed"
    return ("手动", "by hand") if text == "manual" else (text, text)


def _escalated(m: re.Match[str]) -> Words:
    tier_zh, tier_en = _word(TIER, m[1])
    why_zh, why_en = _reason(m[2])
    return f"升级至{tier_zh}（{why_zh}）", f"escalated to {tier_en} ({why_en})"


def _attempt(m: re.Match[str]) -> Words:
    channel, result = _word(CHANNEL, m[1]), _word(RESULT, m[2])
    return f"劝阻：{channel[0]}，{result[0]}", f"attempt: {channel[1]}, {result[1]}"


def _fixed(zh: str, en: str) -> Callable[[re.Match[str]], Words]:
    return lambda m: (zh.format(*m.groups()), en.format(*m.groups()))


def _with(table: dict[str, Words], zh: str, en: str) -> Callable[[re.Match[str]], Words]:
    def label(m: re.Match[str]) -> Words:
        word = _word(table, m[1])
        rest = m.groups()[1:]
        return zh.format(word[0], *rest), en.format(word[1], *rest)

    return label


def _place(text: str) -> str:
    """``district/station`` (``-`` for none) as an officer writes it: 硚口区·汉正街派出所."""
    return "·".join(part for part in text.split("/") if part and part != "-") or "未分配"


def _handover(m: re.Match[str]) -> Words:
    return (
        f"移交：{_place(m[1])} → {_place(m[2])}（{m[3]}）",
        f"handed over: {_place(m[1])} → {_place(m[2])} ({m[3]})",
    )


PATTERNS: Final[list[tuple[re.Pattern[str], Callable[[re.Match[str]], Words]]]] = [
    (re.compile(p), f)
    for p, f in [
        (r"signed", _fixed("签收", "signed")),
        (r"on site", _fixed("民警已到场", "officer on site")),
        (r"contact by (\w+)", _with(CHANNEL, "开始劝阻（{}）", "contact started ({})")),
        (r"attempt (\w+): (\w+)", _attempt),
        (r"escalated to (\w+): (.*)", _escalated),
        (r"(\w+) deadline missed", _with(DEADLINE, "{}超时", "{} deadline missed")),
        (
            r"money left: stop-payment and trace",
            _fixed("钱已转出：转入止付、追查资金", "money left: stop payment and trace"),
        ),
        (r"resolved: (\w+)", _with(OUTCOME, "办结：{}", "resolved: {}")),
        (r"follow-up", _fixed("开始回访", "follow-up started")),
        (r"closed", _fixed("关闭", "closed")),
        (r"created from warning (\S+)", _fixed("由预警 {} 生成任务", "made from warning {}")),
        (r"created from order manual \S+", _fixed("手动建立任务", "made by hand")),
        (
            r"created from order (\S+) (\S+)",
            _with(SOURCE_WORDS, "由{}预警指令 {} 生成任务", "made from {} warning order {}"),
        ),
        (
            r"order (\S+) (\S+) merged",
            _with(SOURCE_WORDS, "并入{}预警指令 {}", "{} warning order {} added"),
        ),
        (r"handed over from (\S+) to (\S+): (.*)", _handover),
        (
            r"upgraded to (\w+) by (\S+) after closing",
            _with(LEVEL, "办结后预警升级为{}（{}），重新回访", "raised to {} by {} after closing"),
        ),
        (r"upgraded to (\w+) by (\S+)", _with(LEVEL, "预警升级为{}（{}）", "raised to {} by {}")),
        (
            r"stop-payment case (\S+) opened: (\d+) accounts? sent to banks",
            _fixed("立案 {}，{} 个账户已发银行止付", "case {} opened, {} accounts sent to banks"),
        ),
    ]
]


def describe(what: str) -> Words:
    """(Chinese, English) for one history line; an unknown line is its own label."""
    for pattern, label in PATTERNS:
        match = pattern.fullmatch(what)
        if match:
            return label(match)
    return what, what


def actor(who: str) -> Words:
    return ACTORS.get(who, (who, who))
