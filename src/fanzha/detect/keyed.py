"""What one event does to one person: the detection step every engine shares.

An engine's job is only to bring each event, in event-time order, to the
person (or people) it concerns, with that person's state and what the
reference data says about the accounts involved. The embedded engine does it
with dicts in one process; the Flink job does it with keyed state across a
cluster. Both then call :meth:`PersonStep.run`, so the two cannot drift apart.

State is forgotten by a rule of event time (:func:`expired`), checked when the
state is next used, so an engine may free memory whenever it likes without
changing a single warning.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from operator import attrgetter
from typing import Any, Final

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
from fanzha.contract.warning import Level, Warning
from fanzha.detect.detectors import MEMO_SIZE, Memo
from fanzha.detect.indicators import IndicatorLookup
from fanzha.detect.learned import LearnedModel, ModelScorer, RulesScorer, Scorer
from fanzha.detect.lists import CenterLists, listed_detectors, listed_ordinary
from fanzha.detect.memo import BoundedMemo
from fanzha.detect.models import Signal
from fanzha.detect.rules import LEVEL_ORDER, Rules
from fanzha.detect.scoring import live_signals, reasons, typology
from fanzha.detect.signals import (
    LONG_CALL,
    PAYEE,
    PAYER,
    RISKY_CONTACT,
    SUBJECT,
    Tools,
    registered,
)
from fanzha.detect.state import Directory, PersonState
from fanzha.settings import center_zone

PHONE_OF: Final[dict[type, Callable[[Any], str]]] = {
    Call: attrgetter("callee"),
    Sms: attrgetter("receiver"),
    Web: attrgetter("phone"),
    App: attrgetter("phone"),
    Order: attrgetter("requester"),
    Parcel: attrgetter("sender"),
}
"""Events that reach a person through the phone they were made on."""
ACCOUNT_OF: Final[dict[type, Callable[[Any], str]]] = {
    Withdrawal: attrgetter("account_id"),
    GoldPurchase: attrgetter("account_id"),
}
"""Events that reach a person through an account they hold (transfers have two)."""

_RANKS: Final = {name: rank for rank, name in enumerate(LEVEL_ORDER)}
_EMPTY: Final = PersonState()
"""Handed to read-only detectors for residents without state; never written."""

Detector = Callable[[Any, PersonState, Directory, Rules], list[Signal]]
Observer = Callable[[str, datetime, list[Signal]], None]
"""Told (person, time, live signals) whenever a person's signals change: ``fanzha learn``."""


def expired(state: PersonState, now: float) -> bool:
    """Nothing the person's state remembers can matter any more at ``now`` (epoch s)."""
    return now > state.keep_until


def _keep_until(state: PersonState, rules: Rules) -> float:
    """The last moment any part of the state can still change a warning."""
    m = rules.money
    moments = [
        state.last_signal_at + rules.window_hours * 3600,
        state.paid_at + m.payee_memory_days * 86400,
    ]
    if state.risk_at is not None:
        moments.append(state.risk_at + m.risk_memory_hours * 3600)
    if state.long_call_at is not None:
        moments.append(state.long_call_at + rules.screen_share_after_long_call_minutes * 60)
    if state.small_payments:
        moments.append(state.small_payments[-1][0] + m.rebate_window_hours * 3600)
    if state.withdrawal is not None:
        moments.append(state.withdrawal[0] + m.item_only_window_hours * 3600)
    return max(moments)


class PersonStep:
    """Runs the detector for one (event, person, role), then scores and levels.

    With a learned ``model`` its text model is the SMS signal and its weights
    the score; without one the rules file does both, as it always did.
    """

    def __init__(
        self,
        rules: Rules,
        indicators: IndicatorLookup | None = None,
        model: LearnedModel | None = None,
        observe: Observer | None = None,
    ) -> None:
        self.rules = rules
        self.signals = 0
        self.model = model
        self.observe = observe
        self.scorer: Scorer = RulesScorer(rules) if model is None else ModelScorer(model, rules)
        text_model = model.text if model is not None else None
        sms_memo: Memo = BoundedMemo(MEMO_SIZE)
        site_memo: Memo = BoundedMemo(MEMO_SIZE)
        tools = Tools(indicators, text_model, sms_memo, site_memo)
        self.lists: CenterLists | None = getattr(indicators, "lists", None)
        """The center's lists (``detect.lists``), when the indicators carry them."""
        listed = listed_detectors(self.lists) if self.lists is not None else {}
        plain: Callable[[Detector], Detector] = lambda detector: detector  # noqa: E731
        self._detectors: dict[tuple[type, str], tuple[Detector, bool]] = {}
        self.ordinary_test: dict[type, Callable[[Any], bool]] = {}
        for (kind, role), detector in registered().items():
            bound = detector.bind(tools)
            if role != PAYEE:  # the lists speak of whom a person calls, pays, visits
                bound = listed.get(kind, plain)(bound)
            self._detectors[(kind, role)] = (bound, detector.keeps_state)
            if detector.ordinary is not None:
                self.ordinary_test[kind] = detector.ordinary(rules, tools)
        if self.lists is not None:
            for kind, wrap in listed_ordinary(self.lists).items():
                self.ordinary_test[kind] = wrap(self.ordinary_test[kind])

    def ordinary(self, event: Event) -> bool:
        """No detector can learn anything from this event, nor change any state with it.

        A short untagged call, an app opened, a ride with passengers, an SMS
        with no script in it: most of a city's events. Engines drop them before
        buffering or keying them, and the warnings are exactly the same.
        """
        test = self.ordinary_test.get(type(event))
        return test is not None and test(event)

    def keeps_nothing(self, state: PersonState | None, transfer: Transfer, role: str) -> bool:
        """A transfer this person's side of cannot matter: cheap to ask before ``run``.

        A payee without state has no payments a rebate could answer; a payer
        without state paying a small sum is not remembered. Most transfers of
        a city are one or the other.
        """
        if state is not None:
            return False
        if role == PAYEE:
            return True
        if self.lists is not None and self.lists.account(transfer.to_account) is not None:
            return False  # paying a listed account (涉案账户) always matters
        return transfer.amount_fen < self.rules.money.remember_payee_fen

    def run(
        self,
        person_id: str,
        state: PersonState | None,
        event: Event,
        role: str,
        directory: Directory,
    ) -> tuple[PersonState | None, list[Warning]]:
        """The person's state after ``event`` (None: nothing worth keeping) and any warning.

        ``directory`` needs to know only the accounts this event touches and the
        person's home; an engine with keyed state hands over just that.
        """
        detector, stateful = self._detectors[(type(event), role)]
        if state is not None and expired(state, event.ts.timestamp()):
            state = None
        if state is None:
            if type(event) is Transfer and self.keeps_nothing(None, event, role):
                return None, []
            if not stateful:
                found = detector(event, _EMPTY, directory, self.rules)
                if not found:
                    return None, []
            state = PersonState()
            if stateful:
                found = detector(event, state, directory, self.rules)
        else:
            found = detector(event, state, directory, self.rules)
        warnings = self._record(person_id, state, found, event.ts) if found else []
        state.keep_until = _keep_until(state, self.rules)
        return state, warnings

    def _record(
        self, person_id: str, state: PersonState, found: list[Signal], ts: datetime
    ) -> list[Warning]:
        now = ts.timestamp()
        for signal in found:
            state.signals[signal.name] = signal
            if signal.name in RISKY_CONTACT:
                state.risk_at = signal.ts.timestamp()
            elif signal.name in LONG_CALL:
                state.long_call_at = signal.ts.timestamp()
        self.signals += len(found)
        rules = self.rules
        current = live_signals(state.signals, ts, rules)
        if state.warning_id and now - state.last_signal_at > rules.window_hours * 3600:
            state.warning_id, state.level = None, None  # a new episode
        state.last_signal_at = now
        if self.observe is not None:
            self.observe(person_id, ts, current)
        value, level = self.scorer(current, ts)
        if level is None or (state.level is not None and _RANKS[level] <= _RANKS[state.level]):
            return []
        upgrade = state.warning_id is not None
        if not upgrade:
            # Named by when the episode began: unique without remembering a count.
            state.warning_id = f"W-{person_id}-{ts.astimezone(center_zone()):%Y%m%d%H%M}"
        state.level = level
        return [
            Warning(
                warning_id=state.warning_id,  # type: ignore[arg-type]
                person_id=person_id,
                ts=ts,
                level=Level(level),
                typology=typology(current, rules),
                score=value,
                reasons=reasons(current, rules),
                evidence=list(dict.fromkeys(s.evidence for s in current)),
                upgrade=upgrade,
                rules_version=rules.version_label,
                model_version=self.scorer.version,
            )
        ]


__all__ = ["ACCOUNT_OF", "PAYEE", "PAYER", "PHONE_OF", "SUBJECT", "PersonStep", "expired"]
