"""A licensed lender's app is no fraud app, though its name shares the loan scams' stems."""

from __future__ import annotations

from datetime import timedelta

from tests.detect.test_engine import PHONE, ev, scenario

from fanzha.detect.engine import Engine
from fanzha.detect.rules import load_rules


def _signals_of(app: str) -> list[str]:
    """The signal names one install of ``app`` gives the scenario's resident."""
    names: list[str] = []
    engine = Engine(lateness=timedelta(0), observe=lambda _p, _t, cur: names.extend(
        s.name for s in cur
    ))  # fmt: skip
    reference = [e for e in scenario() if e.kind in ("person", "account")]
    install = ev("app", "x9", 10, phone=PHONE, app=app, action="install")
    list(engine.run([*reference, install]))
    return names


def test_licensed_lenders_apps_raise_nothing_and_look_alike_stems_still_do() -> None:
    rules = load_rules()
    assert "com.zhaolian.jinrong" in rules.licensed_finance_apps
    assert _signals_of("com.zhaolian.jinrong") == []  # 招联金融: licensed
    assert _signals_of("com.jd.jrapp") == []
    assert _signals_of("com.jinrong.kuaidai") == ["risky_app"]  # the same stem, unlicensed
