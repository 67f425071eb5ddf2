"""A door visit (red) needs two distinct signs, whichever scorer is sure of one.

On a world whose look-alikes the model never met (long calls from virtual-number
ranges that were all scams in its training worlds), one call scored 0.99 and
sent officers to a thousand doors. The rules file's ``min_signals`` caps a level
for both scorers.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fanzha.detect.learned import LearnedModel, ModelScorer, RulesScorer, distinct_signs
from fanzha.detect.models import Signal
from fanzha.detect.rules import load_rules

AT = datetime(2025, 3, 3, 9, tzinfo=UTC)


def sure_model() -> LearnedModel:
    """A model certain of any long call from a risky range."""
    return LearnedModel(
        version="model-sure",
        weights={"s:call_risky_origin": 20.0, "s:new_payee_after_risk": 20.0},
        bias=-5.0,
        thresholds={"low": 0.5, "medium": 0.7, "high": 0.9},
    )


def test_one_sign_never_makes_a_door_visit_two_may() -> None:
    rules = load_rules()
    assert rules.levels["high"].min_signals == 2
    call = Signal("call_risky_origin", AT, "call-1")
    payment = Signal("new_payee_after_risk", AT + timedelta(minutes=20), "tx-1")
    scorer = ModelScorer(sure_model(), rules)

    value, level = scorer([call], AT)
    assert value > 0.99 and level == "medium"  # sure, but one sign: a call, not a door
    _, level = scorer([call, payment], AT + timedelta(minutes=20))
    assert level == "high"


def test_the_rules_score_is_capped_the_same_way() -> None:
    rules = load_rules()
    assert rules.level_for(0.99, signals=1) == "medium"
    assert rules.level_for(0.99, signals=2) == "high"
    assert rules.corroborated("high", 1) == "medium"
    assert RulesScorer(rules)([Signal("call_risky_origin", AT, "c")], AT)[1] != "high"


def test_two_signals_of_one_call_are_one_sign() -> None:
    """A tagged hour-long call is ``call_flagged`` and ``call_long``: still one call."""
    rules = load_rules()
    tagged = Signal("call_flagged", AT, "call-1", "reported_fraud")
    long_call = Signal("call_risky_origin", AT, "call-1")
    payment = Signal("new_payee_after_risk", AT + timedelta(minutes=20), "tx-1")
    assert distinct_signs([tagged, long_call]) == 1
    assert distinct_signs([tagged, long_call, payment]) == 2
    assert RulesScorer(rules)([tagged, long_call], AT)[1] != "high"
    scorer = ModelScorer(sure_model(), rules)
    assert scorer([tagged, long_call], AT)[1] == "medium"
    assert scorer([tagged, long_call, payment], AT + timedelta(minutes=20))[1] == "high"
