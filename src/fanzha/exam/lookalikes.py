"""Innocent stories that look like scams from outside, each labelled by kind in truth.

The words, apps, numbers and payment shapes overlap the lures' on purpose: a
real job platform says 兼职 and 佣金, the police's own SMS says 刷单 and 安全账户,
a meeting app shares a screen after a long call, a first rent is large and
goes to a card the center has never seen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from fanzha.exam.life import Hubs, gold, ride
from fanzha.exam.scams import DATING_APPS, SCREEN_APPS
from fanzha.exam.texts import BENIGN, EMOJI, fill
from fanzha.exam.world import Ev, Resident, World

Story = Callable[[World, Hubs, Resident, datetime], list[Ev]]
PLATFORM_SENDERS = {
    "job_platform": "1069012345",
    "licensed_lender": "95188",
    "refund_notice": "1069070069",
}
BANK_LINES = ("95588", "95533", "95599", "95566", "95555", "95580")


def _text(w: World, kind: str) -> str:
    text = fill(w.pick(BENIGN[kind]), w)
    if w.chance(w.p.lookalike_emoji_share):
        text = w.pick(EMOJI) + text
    return text


def _m(w: World, lo: float, hi: float) -> timedelta:
    return timedelta(minutes=w.uniform(lo, hi))


def job_platform(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    out = [w.sms(t, PLATFORM_SENDERS["job_platform"], r.phones[0], _text(w, "job_platform"))]
    if w.chance(0.5):
        out.append(
            w.app(
                t + _m(w, 2, 60),
                r,
                r.phones[0],
                w.pick(("com.hpbr.bosszhipin", "com.wuba")),
                "install",
            )
        )
    if w.chance(0.3):  # a real part-time wage, paid by a platform employer
        out.append(
            w.transfer(
                t + _m(w, 600, 2000),
                w.pick(h.employers),
                r.accounts[0],
                w.lognormal_fen(180, 0.3),
                "online",
                "兼职佣金",
            )
        )
    return out


def licensed_lender(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    name = w.pick(tuple(h.lenders))
    out = [
        w.app(
            t,
            r,
            r.phones[0],
            w.pick(("com.zhaolian.app", "com.webank.welend", "com.jd.jrapp")),
            "install",
        )
    ]
    loan = w.lognormal_fen(20000, 0.6)
    out.append(
        w.transfer(t + _m(w, 10, 60), h.lenders[name], r.accounts[0], loan, "online", "借款发放")
    )
    out.append(
        w.sms(
            t + _m(w, 61, 70),
            PLATFORM_SENDERS["licensed_lender"],
            r.phones[0],
            _text(w, "licensed_lender"),
        )
    )
    if w.chance(0.5):  # spent on something big, at once
        out.append(
            w.transfer(
                t + _m(w, 80, 600),
                r.accounts[0],
                w.pick(h.merchants),
                int(loan * 0.9) // 100 * 100,
                "mobile",
                w.pick((None, "装修款", "学费")),
            )
        )
    return out


def bank_notice(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    return [w.sms(t, w.pick(BANK_LINES), r.phones[0], _text(w, "bank_notice"))]


def police_antifraud_sms(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    out = [
        w.sms(
            t, w.pick(("12381", "96110", "10690110")), r.phones[0], _text(w, "police_antifraud_sms")
        )
    ]
    if w.chance(0.3):
        out.append(
            w.call(t + _m(w, 5, 300), "+862796110", r.phones[0], int(w.rng.integers(60, 600)), [])
        )
    if w.chance(0.2):
        out.append(
            w.app(t + _m(w, 5, 90), r, r.phones[0], "com.hicorenational.antifraud", "install")
        )
    return out


def telemarketer_tagged(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    caller = w.pick(h.telemarketers)
    tags = ["reported_fraud"] if w.chance(w.p.telemarketer_fraud_tag_share) else ["telemarketing"]
    seconds = int(w.rng.integers(3, 30)) if w.chance(0.6) else int(w.rng.integers(60, 900))
    return [w.call(t, caller, r.phones[0], seconds, tags)]


def landlord_first_rent(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    landlord = w.card(w.pick(("abc", "boc", "bocom", "citic", "icbc")))
    out = [
        w.call(
            t,
            w.mobile(),
            r.phones[0],
            int(w.rng.integers(120, 900)),
            ["agent"] if w.chance(0.3) else [],
        )
    ]
    out.append(
        w.transfer(
            t + _m(w, 60, 600),
            w.pick(r.accounts),
            landlord,
            w.lognormal_fen(9000, 0.4),
            "mobile",
            w.pick(("押一付三", "房租押金", None)),
        )
    )
    return out


def small_business_first_payment(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    supplier = (
        w.corporate(w.pick(("abc", "boc", "citic", "bocom")))
        if w.chance(0.5)
        else w.card(w.pick(("abc", "boc")))
    )
    fen = w.lognormal_fen(40000, 0.7)
    return [
        w.transfer(
            t,
            w.pick(r.accounts),
            supplier,
            min(fen, 4_900_000),
            "online",
            w.pick(("货款", "首批货款", None)),
        )
    ]


def remote_support(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    line = w.pick(("+864008208820", "+8695588", "+864006695566"))
    out = [w.call(t, line, r.phones[0], int(w.rng.integers(900, 3000)), [])]
    app = w.pick(("com.oray.sunlogin", "com.todesk"))
    out.append(w.app(t + _m(w, 5, 15), r, r.phones[0], app, "install"))
    out.append(w.app(t + _m(w, 16, 20), r, r.phones[0], app, "screen_share_start"))
    return out


def overseas_relative(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    caller = w.number(w.pick(("1", "44", "61", "81", "852")), 10)
    out = [
        w.call(
            t,
            caller,
            r.phones[0],
            int(w.rng.integers(600, 4000)),
            ["overseas"] if w.chance(0.5) else [],
        )
    ]
    if w.chance(0.4):
        out.append(
            w.transfer(
                t + _m(w, 60, 900),
                w.pick(r.accounts),
                w.pick(h.outside),
                w.lognormal_fen(20000, 0.6),
                "mobile",
                None,
            )
        )
    return out


def gold_gift(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    other = w.residents[w.pick(r.contacts)]
    return [gold(w, r, t, mail_to=other.address)]


def documents_courier(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    return [
        ride(
            w, r, t, item=w.pick(("文件", "合同", "资料", "鲜花")), passengers=0, vehicle="courier"
        )
    ]


def new_number_friend(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    number = w.mobile()
    out = [
        w.sms(
            t,
            number,
            r.phones[0],
            w.pick(
                ("我换号了，这是我新号码，存一下", "新号码，旧的不用了 —— 小王", "妈，我换手机号了")
            ),
        )
    ]
    out.append(w.call(t + _m(w, 5, 300), number, r.phones[0], int(w.rng.integers(30, 900)), []))
    if w.chance(0.4):
        out.append(
            w.transfer(
                t + _m(w, 300, 900),
                w.pick(r.accounts),
                w.pick(h.outside),
                w.lognormal_fen(2000, 0.7),
                "mobile",
                None,
            )
        )
    return out


def broker_deposit(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    out = [
        w.app(
            t,
            r,
            r.phones[0],
            w.pick(("com.hexin.plugin", "com.eastmoney.android.berlin")),
            "install",
        )
    ]
    out.append(w.web(t + _m(w, 1, 30), r.phones[0], "https://www.10jqka.com.cn/"))
    out.append(
        w.transfer(
            t + _m(w, 30, 200),
            w.pick(r.accounts),
            w.pick(h.brokers),
            w.lognormal_fen(30000, 0.8),
            "online",
            "银证转账",
        )
    )
    return out


def dating_app(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    out = [w.app(t, r, r.phones[0], w.pick(DATING_APPS), "install")]
    out.append(
        w.call(
            t + _m(w, 300, 2000),
            w.mobile(("170", "186", "138")),
            r.phones[0],
            int(w.rng.integers(600, 3600)),
            [],
        )
    )
    return out


def game_purchase(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    out = [
        w.web(t, r.phones[0], "https://www.jiaoyimao.com/"),
        w.app(t + _m(w, 1, 10), r, r.phones[0], "com.jym.mall", "install"),
    ]
    out.append(
        w.transfer(
            t + _m(w, 10, 60),
            r.wallet or r.accounts[0],
            h.game_platform,
            w.lognormal_fen(600, 0.8),
            "third_party",
            "账号交易",
        )
    )
    return out


def refund_notice(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    out = [w.sms(t, PLATFORM_SENDERS["refund_notice"], r.phones[0], _text(w, "refund_notice"))]
    out.append(
        w.transfer(
            t + _m(w, 1, 30),
            w.pick(h.merchants),
            r.wallet or r.accounts[0],
            w.lognormal_fen(80, 0.8),
            "third_party",
            "退款",
        )
    )
    return out


def meeting_screen_share(w: World, h: Hubs, r: Resident, t: datetime) -> list[Ev]:
    colleague = w.residents[w.pick(r.contacts)].phones[0]
    out = [w.call(t, colleague, r.phones[0], int(w.rng.integers(600, 3600)), [])]
    app = w.pick(SCREEN_APPS[:2])
    out.append(w.app(t + _m(w, 2, 10), r, r.phones[0], app, "open"))
    out.append(w.app(t + _m(w, 11, 15), r, r.phones[0], app, "screen_share_start"))
    return out


STORIES: dict[str, Story] = {
    "job_platform": job_platform,
    "licensed_lender": licensed_lender,
    "bank_notice": bank_notice,
    "police_antifraud_sms": police_antifraud_sms,
    "telemarketer_tagged": telemarketer_tagged,
    "landlord_first_rent": landlord_first_rent,
    "small_business_first_payment": small_business_first_payment,
    "remote_support": remote_support,
    "overseas_relative": overseas_relative,
    "gold_gift": gold_gift,
    "documents_courier": documents_courier,
    "new_number_friend": new_number_friend,
    "broker_deposit": broker_deposit,
    "dating_app": dating_app,
    "game_purchase": game_purchase,
    "refund_notice": refund_notice,
    "meeting_screen_share": meeting_screen_share,
}


def lookalikes(w: World, hubs: Hubs) -> list[tuple[str, int, datetime, list[Ev]]]:
    """Every look-alike story of the run: (kind, resident index, first time, events)."""
    stories = []
    for kind in sorted(w.p.lookalike_rates):
        count = w.poisson(w.p.lookalike_rates[kind] * w.p.persons * w.p.days)
        for _ in range(count):
            index = int(w.rng.integers(w.p.persons))
            t = w.day_time(int(w.rng.integers(w.p.days)), 8, 22)
            stories.append((kind, index, t, STORIES[kind](w, hubs, w.residents[index], t)))
    return stories
