"""SMS: a fraud script in the text, by the learned text model or the keyword rules."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from fanzha.contract.kinds import Sms
from fanzha.detect.detectors.base import Finding, Memo
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import SUBJECT, Detect, Registration, Tools, register
from fanzha.detect.state import Directory, PersonState
from fanzha.detect.textmodel import TextModel
from fanzha.detect.textnorm import digits_folded, normalise


def on_sms(
    e: Sms,
    p: PersonState,
    d: Directory,
    r: Rules,
    memo: Memo | None = None,
    text_model: TextModel | None = None,
) -> list[Signal]:
    found = sms_finding(e.text, r, memo, text_model)
    if found is None:
        return []
    strength = found[2] if len(found) == 3 else 1.0
    return [Signal("sms_script", e.ts, e.id, found[0], found[1], strength)]


def sms_finding(
    text: str, r: Rules, memo: Memo | None = None, text_model: TextModel | None = None
) -> Finding:
    """What an SMS text says on its own, whoever receives it: the text model's verdict
    when there is one (keywords then only name the typology), else the keyword rules."""
    if text_model is not None:
        key = digits_folded(text)  # normalising folds digits too: same answer, fewer keys
        if memo is None:
            return _model_finding(key, r, text_model)
        return memo.get(key, _model_finding, key, r, text_model)
    return _sms_finding(text, r) if memo is None else memo.get(text, _sms_finding, text, r)


def _model_finding(text: str, r: Rules, model: TextModel) -> Finding:
    p = model.probability(text)
    if p < model.threshold:
        return None
    plain = normalise(text)
    for typology, pattern in r.sms_patterns:
        found = pattern.findall(plain)
        if found:
            return "、".join(dict.fromkeys(found)), typology, round(p, 3)
    return "、".join(model.top_ngrams(text)) or "文本模型", None, round(p, 3)


def _sms_finding(text: str, r: Rules) -> Finding:
    if r.sms_exclusion.search(text):
        return None
    for typology, pattern in r.sms_patterns:
        found = pattern.findall(text)
        if len(found) >= r.sms_min_hits:
            return "、".join(dict.fromkeys(found)), typology
    return None


def _bind(tools: Tools) -> Detect:
    return partial(on_sms, memo=tools.sms_memo, text_model=tools.text_model)


def ordinary_sms(r: Rules, tools: Tools) -> Callable[[Sms], bool]:
    """Texts that say nothing on their own say nothing to anyone."""
    memo, model = tools.sms_memo, tools.text_model
    return lambda e: sms_finding(e.text, r, memo, model) is None


SMS = register(
    Registration(
        name="sms",
        kind=Sms,
        role=SUBJECT,
        emits=frozenset({"sms_script"}),
        state=(),
        keeps_state=False,
        numbers=("sms_scripts", "sms_exclusions", "sms_min_hits"),
        bind=_bind,
        ordinary=ordinary_sms,
    )
)
