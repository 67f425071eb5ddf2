"""The app detector: risky installs, and screen sharing weighed by a recent risky contact."""

from __future__ import annotations

from tests.detect.detectors.conftest import PHONE, T0, MakeEvent

from fanzha.detect.detectors.app import on_app, ordinary_app
from fanzha.detect.rules import Rules
from fanzha.detect.signals import Tools
from fanzha.detect.state import Directory, PersonState


def test_a_screen_share_soon_after_a_risky_contact_counts_more(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    hours = rules.screen_share_after_risk_hours
    risky = PersonState(risk_at=T0.timestamp())
    soon = ev(
        "app", 60 * hours - 1, phone=PHONE, app="com.tencent.wemeet", action="screen_share_start"
    )
    late = ev(
        "app", 60 * hours + 1, phone=PHONE, app="com.tencent.wemeet", action="screen_share_start"
    )
    assert [s.name for s in on_app(soon, risky, directory, rules)] == ["screen_share_after_risk"]  # type: ignore[arg-type]
    assert [s.name for s in on_app(late, risky, directory, rules)] == ["screen_share"]  # type: ignore[arg-type]
    assert [s.name for s in on_app(soon, PersonState(), directory, rules)] == ["screen_share"]  # type: ignore[arg-type]


def test_installs_a_stem_names_fire_and_known_or_meeting_apps_do_not(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    ordinary = ordinary_app(rules, Tools())
    risky = ev("app", phone=PHONE, app="com.safecheck439", action="install")
    [signal] = on_app(risky, PersonState(), directory, rules)  # type: ignore[arg-type]
    assert (signal.name, signal.typology) == ("risky_app", "impersonate_police")
    assert not ordinary(risky)
    for app in [*rules.screen_share_apps, rules.known_apps[0], rules.licensed_finance_apps[0]]:
        install = ev("app", phone=PHONE, app=app, action="install")
        assert on_app(install, PersonState(), directory, rules) == [], app  # type: ignore[arg-type]
        # a lender's app is kept from the ordinary: after a risky contact it matters
        assert ordinary(install) == (app not in rules.licensed_finance_apps), app


def test_a_licensed_lenders_app_right_after_a_risky_contact_is_the_loan_on_instruction(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    app = rules.licensed_finance_apps[0]
    risky = PersonState(risk_at=T0.timestamp())
    soon = ev("app", 70, phone=PHONE, app=app, action="install")
    days_later = ev("app", 60 * 24 * 3, phone=PHONE, app=app, action="install")
    [signal] = on_app(soon, risky, directory, rules)  # type: ignore[arg-type]
    assert signal.name == "loan_app_after_risk"
    assert on_app(days_later, risky, directory, rules) == []  # type: ignore[arg-type]


def test_a_screen_share_soon_after_a_strangers_long_call_counts_as_after_risk(
    ev: MakeEvent, rules: Rules, directory: Directory
) -> None:
    """The 客服 script: an untagged hour-long call, then a meeting app's screen share.
    The same share after a long call from the bank's own 95588 line stays plain."""
    from fanzha.detect.keyed import PersonStep

    step = PersonStep(rules)
    minutes = rules.screen_share_after_long_call_minutes
    assert minutes > 0

    def story(caller: str, gap: float) -> list[str]:
        call = ev("call", 0, caller=caller, callee=PHONE, duration_s=2400, caller_tags=[])
        share = ev("app", gap, phone=PHONE, app="com.tencent.wemeet", action="screen_share_start")
        state, _ = step.run("P1", None, call, "subject", directory)
        state, _ = step.run("P1", state, share, "subject", directory)
        return sorted(state.signals) if state is not None else []

    assert story("+8613900000000", minutes - 1) == ["call_long", "screen_share_after_risk"]
    assert story("+8613900000000", minutes + 1) == ["call_long", "screen_share"]
    assert story("+8695588", 15) == ["screen_share"]
