"""The registry: every detector registered once, its signals known, its numbers real."""

from __future__ import annotations

from functools import reduce

from fanzha.contract.kinds import Call, GoldPurchase, Order, Parcel, Sms, Transfer, Web, Withdrawal
from fanzha.detect import detectors  # noqa: F401  (registers every detector)
from fanzha.detect.keyed import PersonStep
from fanzha.detect.lists import LIST_SIGNALS
from fanzha.detect.rules import Rules
from fanzha.detect.signals import PAYEE, PAYER, SIGNAL_NAMES, SUBJECT, registered
from fanzha.detect.state import PersonState


def test_every_signal_has_one_emitter_and_every_kind_its_detector() -> None:
    found = registered()
    emitted = [name for reg in found.values() for name in reg.emits]
    assert len(emitted) == len(set(emitted)), "two detectors emit the same signal"
    assert set(emitted) | set(LIST_SIGNALS) == SIGNAL_NAMES
    assert {(Transfer, PAYER), (Transfer, PAYEE), (Call, SUBJECT), (Sms, SUBJECT)} <= set(found)
    assert {(Web, SUBJECT), (Order, SUBJECT), (Parcel, SUBJECT)} <= set(found)
    assert {(GoldPurchase, SUBJECT), (Withdrawal, SUBJECT)} <= set(found)


def test_declared_numbers_and_state_exist(rules: Rules) -> None:
    """A detector names the settings it reads: each must be in the rules, each state
    field in ``PersonState`` — a typo here would make ``explain`` lie."""
    for reg in registered().values():
        for path in reg.numbers:
            reduce(getattr, path.split("."), rules)  # AttributeError names the typo
        for name in reg.state:
            assert name in PersonState.__struct_fields__, (reg.name, name)


def test_the_engine_runs_what_is_registered(rules: Rules) -> None:
    step = PersonStep(rules)
    assert set(step._detectors) == set(registered())
    stateful = {key for key, (_, keeps) in step._detectors.items() if keeps}
    assert stateful == {(Transfer, PAYER), (Withdrawal, SUBJECT)}
