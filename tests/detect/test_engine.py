"""Engine behaviour: order, lateness, duplicates, episodes, rules."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.contract.kinds import Event
from fanzha.contract.readers import decode_event
from fanzha.contract.warning import Level
from fanzha.detect.engine import Engine
from fanzha.detect.models import Warning
from fanzha.detect.rules import DEFAULT_RULES, RulesError, load_rules
from fanzha.settings import center_zone

T0 = datetime.fromisoformat("2025-03-03T10:00:00+08:00")
PHONE = "+8613812345678"


def ev(kind: str, eid: str, minutes: float, **fields: Any) -> Event:
    raw = {
        "kind": kind,
        "id": eid,
        "ts": (T0 + timedelta(minutes=minutes)).isoformat(),
        "source": fields.pop("source", "telecom:cmcc"),
        **fields,
    }
    accepted = decode_event(json.dumps(raw, ensure_ascii=False).encode())
    assert not hasattr(accepted, "error"), accepted
    return accepted.event  # type: ignore[union-attr]


def scenario() -> list[Event]:
    """A police impersonation: reference data, a spoofed call, a screen share, a payment."""
    return [
        ev(
            "person",
            "p1",
            -600,
            source="police:hukou",
            person_id="P1",
            phones=[PHONE],
            district="硚口区",
            address="武汉市硚口区汉正街1号",
        ),
        ev(
            "account",
            "a1",
            -600,
            source="bank:icbc",
            account_id="A1",
            bank="icbc",
            holder="P1",
            address_on_file="武汉市硚口区汉正街1号",
            opened="2010-01-01",
        ),
        ev(
            "account",
            "m1",
            -600,
            source="bank:cmb",
            account_id="M1",
            bank="cmb",
            holder="X",
            opened="2025-02-20",
        ),
        ev("sms", "s0", 0, sender="+8617012345678", receiver=PHONE, text="【天气】明天小雨"),
        ev(
            "sms",
            "s1",
            2,
            sender="+8617099999999",
            receiver=PHONE,
            text="您涉嫌洗钱案件，请配合调查，不要告诉家人",
        ),
        ev(
            "call",
            "c1",
            5,
            caller="+85517000111",
            callee=PHONE,
            duration_s=2400,
            caller_tags=["voip"],
        ),
        ev("app", "x1", 50, phone=PHONE, app="com.tencent.wemeet", action="install"),
        ev("app", "x2", 52, phone=PHONE, app="com.tencent.wemeet", action="screen_share_start"),
        ev(
            "transfer",
            "t1",
            70,
            source="bank:icbc",
            from_account="A1",
            to_account="M1",
            amount_fen=4_800_000,
            channel="mobile",
        ),
    ]


def signature(warnings: list[Warning]) -> list[tuple[Any, ...]]:
    return [
        (w.warning_id, w.person_id, w.ts, w.level, w.typology, tuple(w.evidence)) for w in warnings
    ]


def test_scenario_raises_one_warning_and_upgrades_it() -> None:
    warnings = list(Engine().run(scenario()))
    assert {w.warning_id for w in warnings} == {"W-P1-202503031002"}  # began 10:02 Beijing
    first, last = warnings[0], warnings[-1]
    assert not first.upgrade and last.upgrade
    assert first.ts == T0 + timedelta(minutes=2)  # on the script SMS, long before paying
    assert last.level is Level.HIGH and last.typology == "impersonate_police"
    assert last.evidence == ["s1", "c1", "x2"]  # red on the screen share, before the payment
    assert last.ts == T0 + timedelta(minutes=52)
    assert any("屏幕共享" in r and "screen sharing" in r for r in last.reasons)


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False), st.lists(st.integers(0, 8), max_size=6))
def test_late_and_duplicate_events_do_not_change_warnings(rnd: Any, dups: list[int]) -> None:
    events = scenario()
    expected = signature(list(Engine(lateness=timedelta(hours=2)).run(events)))
    shuffled = events[:3] + rnd.sample(events[3:], len(events) - 3)  # late: within 80 minutes
    for index in dups:
        shuffled.insert(rnd.randrange(len(shuffled) + 1), events[index])
    got = signature(list(Engine(lateness=timedelta(hours=2)).run(shuffled)))
    assert got == expected


def test_events_later_than_the_lateness_are_counted_and_dropped() -> None:
    engine = Engine(lateness=timedelta(minutes=10))
    events = scenario()
    late = events[:4] + events[5:] + [events[4]]  # the script SMS arrives 70 minutes late
    warnings = list(engine.run(late))
    assert engine.stats.too_late == 1
    assert all("s1" not in w.evidence for w in warnings)


def test_a_new_episode_after_the_window_gets_a_new_id() -> None:
    events = scenario()
    later = [
        ev(
            "sms",
            "s9",
            60 * 24 * 5,
            sender="+8617099999999",
            receiver=PHONE,
            text="刷单兼职，日结300元，佣金秒到",
        )
    ]
    warnings = list(Engine().run(events + later))
    new = [w for w in warnings if not w.upgrade]
    assert [w.warning_id for w in new] == [
        f"W-P1-{w.ts.astimezone(center_zone()):%Y%m%d%H%M}" for w in new
    ]
    assert len(new) == 2 and new[1].ts - new[0].ts > timedelta(days=4)
    assert warnings[-1].typology == "task_rebate"


def test_traditional_chinese_scripts_match() -> None:
    events = [
        *scenario()[:3],
        ev(
            "sms",
            "s1",
            1,
            sender="+8617099999999",
            receiver=PHONE,
            text="您涉嫌洗錢案件，請轉入安全賬戶配合調查",
        ),
    ]
    warnings = list(Engine().run(events))
    assert warnings and warnings[0].typology == "impersonate_police"


def test_anti_fraud_notices_do_not_warn() -> None:
    notice = "【武汉公安】警方提示：凡是要求转到安全账户的都是诈骗！"
    events = [*scenario()[:3], ev("sms", "s1", 1, sender="12110", receiver=PHONE, text=notice)]
    assert list(Engine().run(events)) == []


def write_rules(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d["signals"]["sms_script"].update(weight=1.5), "signals.sms_script.weight"),
        (lambda d: d["signals"].update(telepathy=d["signals"]["sms_script"]), "telepathy"),
        (lambda d: d["levels"]["high"].update(min_score=0.1), "levels"),
        (lambda d: d["signals"]["fraud_site"].update(zh="no detail"), "signals.fraud_site"),
        (lambda d: d.pop("window_hours"), "window_hours"),
    ],
)
def test_bad_rules_are_refused_with_the_rule_and_reason(
    tmp_path: Path, change: Any, fragment: str
) -> None:
    with pytest.raises(RulesError) as err:
        load_rules(write_rules(tmp_path, change))
    assert fragment in str(err.value)


def test_reload_swaps_rules_and_a_bad_file_keeps_the_old_ones(tmp_path: Path) -> None:
    engine = Engine()
    strict = write_rules(tmp_path, lambda d: d["signals"]["sms_script"].update(weight=0.1))
    engine.reload(strict)
    assert engine.rules.signals["sms_script"].weight == 0.1
    broken = tmp_path / "broken.yaml"
    broken.write_text("levels: [", encoding="utf-8")
    with pytest.raises(RulesError):
        engine.reload(broken)
    assert engine.rules.signals["sms_script"].weight == 0.1


def test_patrol_look_alikes_and_blocklist_become_signals(tmp_path: Path) -> None:
    from fanzha.detect.indicators import PatrolLookup
    from fanzha.patrol.indicators import PatrolIndicators

    visit = ev("web", "w1", 1, phone=PHONE, url="https://www-icbc.com.cn.xyz/login")
    base = scenario()[:3]
    assert list(Engine().run([*base, visit])) == []  # no keyword gives it away
    lookup = PatrolLookup(PatrolIndicators.open(tmp_path / "blocklist"))
    warnings = list(Engine(indicators=lookup).run([*base, visit]))
    assert warnings and "仿冒icbc" in warnings[0].reasons[0]
    assert warnings[0].evidence == ["w1"]


def test_dedup_pruning_does_not_run_on_every_event() -> None:
    """Keys inside the lateness window cannot be pruned; the engine must not retry every event."""
    engine = Engine(lateness=timedelta(hours=2))
    engine._prune_at = 10
    calls = 0
    forget = engine._forget

    def counting(now: datetime) -> None:
        nonlocal calls
        calls += 1
        forget(now)

    engine._forget = counting  # type: ignore[method-assign]
    for i in range(2000):
        engine.feed(
            ev(
                "transfer",
                f"t{i}",
                0,
                source="bank:icbc",
                from_account=f"A{i}",
                to_account="B1",
                amount_fen=100,
                channel="mobile",
            )
        )
    engine.flush()
    assert 0 < calls <= 12


def test_remembered_site_answers_match_working_them_out() -> None:
    """The web memo is keyed by the URL up to its path: odd URLs must not share a wrong key."""
    from fanzha.detect.detectors import MEMO_SIZE, Memo
    from fanzha.detect.detectors.web import site_finding
    from fanzha.detect.memo import BoundedMemo

    rules = load_rules()
    urls = [
        "https://www.icbc.com.cn/login",
        "https://www.icbc-safe.top/verify",
        "HTTPS://WWW.ICBC-SAFE.TOP/x",
        "https://user@gongan-check.xyz:8443/a?b",
        "gongan-check.xyz/path",
        "gongan-check.xyz",
        "https://gongan-check.xyz?q=/x",
        "https://www.jd.com#frag/gongan-check.xyz",
        "http://[::1]/admin",
        "example.com/a//gongan-check.xyz/b",
        "",
    ]
    memo: Memo = BoundedMemo(MEMO_SIZE)
    for _ in range(2):  # the second pass answers from the memo
        for url in urls:
            assert site_finding(url, rules, None, memo) == site_finding(url, rules, None), url
    assert site_finding("https://user@gongan-check.xyz:8443/a?b", rules, None, memo) is not None
