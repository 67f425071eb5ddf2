"""Apps: screen sharing (worse soon after a risky contact) and installs of risky apps;
a licensed lender's app only when installed soon after a risky contact."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from fanzha.contract.kinds import App
from fanzha.detect.detectors.base import recent_risk, stem
from fanzha.detect.indicators import IndicatorLookup
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import SUBJECT, Detect, Registration, Tools, register
from fanzha.detect.state import Directory, PersonState


def on_app(
    e: App, p: PersonState, d: Directory, r: Rules, ind: IndicatorLookup | None = None
) -> list[Signal]:
    if e.action == "screen_share_start":
        if recent_risk(p, e.ts, r.screen_share_after_risk_hours):
            return [Signal("screen_share_after_risk", e.ts, e.id, e.app)]
        if _after_long_call(p, e, r):
            return [Signal("screen_share_after_risk", e.ts, e.id, f"{e.app}（长时间来电后）")]
        return [Signal("screen_share", e.ts, e.id, e.app)]
    if e.action != "install":
        return []
    if e.app in r.licensed_finance_app_set:
        # A real lender's app, but installed right after a risky contact or a stranger's
        # long call: the loan a ring tells its victim to take (then to pay over).
        soon = recent_risk(p, e.ts, r.screen_share_after_risk_hours) or _after_long_call(p, e, r)
        return [Signal("loan_app_after_risk", e.ts, e.id, e.app)] if soon else []
    if e.app in r.known_app_set:
        return []
    hit = stem(e.app, r.app_stems)
    verdict = ind.app_verdict(e.app) if ind is not None else None
    if verdict is not None:
        return [Signal("risky_app", e.ts, e.id, verdict, hit[0] if hit else None)]
    return [Signal("risky_app", e.ts, e.id, e.app, hit[0])] if hit else []


def _after_long_call(p: PersonState, e: App, r: Rules) -> bool:
    window = r.screen_share_after_long_call_minutes * 60
    return p.long_call_at is not None and 0 <= e.ts.timestamp() - p.long_call_at <= window


def _bind(tools: Tools) -> Detect:
    return partial(on_app, ind=tools.indicators)


def ordinary_app(r: Rules, tools: Tools) -> Callable[[App], bool]:
    """An app opened or removed, or a known app installed."""
    known = r.known_app_set - r.licensed_finance_app_set  # a lender's app may follow risk
    return lambda e: e.action in ("open", "uninstall") or (e.action == "install" and e.app in known)


APP = register(
    Registration(
        name="app",
        kind=App,
        role=SUBJECT,
        emits=frozenset(
            {"screen_share_after_risk", "screen_share", "risky_app", "loan_app_after_risk"}
        ),
        state=("risk_at", "long_call_at"),
        keeps_state=False,
        numbers=(
            "screen_share_after_risk_hours",
            "screen_share_after_long_call_minutes",
            "app_stems",
            "known_apps",
            "licensed_finance_apps",
            "screen_share_apps",
        ),
        bind=_bind,
        ordinary=ordinary_app,
    )
)
