"""A learned scoring of a person's live signals, and the rules' own scoring beside it.

The rules stay the detectors and the explanations: what fired is still said
in Chinese and English with its evidence ids. What a model learned from the
center's history (``fanzha learn``) is only how much a *combination* of
signals, at that moment, says: signals, pairs of them, the rules' own score,
timing and the text model's confidence, weighed by a logistic model. The
weights are plain JSON (``model.json``), scored in pure Python whenever a
person's signals change — never per event — so a model costs detection
almost nothing. No pickled code is ever loaded.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Protocol

from fanzha.detect.models import Signal
from fanzha.detect.rules import LEVEL_ORDER, Rules
from fanzha.detect.scoring import score
from fanzha.detect.signals import MONEY
from fanzha.detect.textmodel import TextModel
from fanzha.settings import center_zone

MODEL_FILE: Final = "model.json"
DEFAULT_MODEL: Final = Path(__file__).parent / "default_model"
MODEL_NAMES: Final = ("default", "none")
"""Model specs that name no directory: the shipped model, and the rules' own score."""


def features(current: list[Signal], ts: datetime, rules: Rules) -> dict[str, float]:
    """What the model reads of a person's live signals (oldest first) at ``ts``."""
    names = sorted({s.name for s in current})
    f: dict[str, float] = {f"s:{n}": 1.0 for n in names}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            f[f"p:{a}&{b}"] = 1.0
    newest = max(current, key=lambda s: s.ts)
    f[f"new:{newest.name}"] = 1.0
    f["rules_score"] = score(current, rules)
    f["n_signals"] = float(len(names))
    f["span_log_h"] = math.log1p((ts - current[0].ts).total_seconds() / 3600)
    money = [s for s in current if s.name in MONEY]
    contact = [s for s in current if s.name not in MONEY]
    if money and contact:
        first_contact = min(s.ts for s in contact)
        f["contact_then_money"] = 1.0
        f["contact_to_money_log_h"] = math.log1p(
            max(0.0, (max(s.ts for s in money) - first_contact).total_seconds()) / 3600
        )
    if any(s.name == "call_flagged" and "spoofed_official" in s.detail for s in current):
        f["spoofed_official"] = 1.0  # telemarketers carry reported_fraud, never this tag
    texts = [s.strength for s in current if s.name == "sms_script"]
    if texts:
        f["text_p"] = max(texts)
    hour = ts.astimezone(center_zone()).hour  # the person's local hour: the center's zone
    f["night"] = 1.0 if hour < 6 or hour >= 23 else 0.0
    return f


def distinct_signs(current: list[Signal]) -> int:
    """Signs distinct in kind *and* in the event that showed them, for ``min_signals``.

    A tagged hour-long call is two signal names but one call, and one call is no
    reason for a door visit.
    """
    return min(len({s.name for s in current}), len({s.evidence for s in current}))


class Scorer(Protocol):
    """From live signals to (score, level name or None); ``version`` goes on warnings."""

    @property
    def version(self) -> str | None: ...

    def __call__(self, current: list[Signal], ts: datetime) -> tuple[float, str | None]: ...


@dataclass
class RulesScorer:
    """The rules file's own scoring: 1 − Π(1 − weight), levels by ``min_score``."""

    rules: Rules
    version: str | None = None

    def __call__(self, current: list[Signal], ts: datetime) -> tuple[float, str | None]:
        value = score(current, self.rules)
        return value, self.rules.level_for(value, distinct_signs(current))


@dataclass(frozen=True)
class LearnedModel:
    """What ``fanzha learn`` wrote to MODEL_DIR: weights, thresholds, text model, summary."""

    version: str
    weights: dict[str, float]
    bias: float
    thresholds: dict[str, float]
    """Probability at which each level (low, medium, high) is reached."""
    text: TextModel | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def probability(self, f: dict[str, float]) -> float:
        w = self.weights
        z = self.bias + sum(w.get(k, 0.0) * v for k, v in f.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def level_for(self, p: float) -> str | None:
        found = None
        for name in LEVEL_ORDER:
            if p >= self.thresholds[name]:
                found = name
        return found

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        data = {
            "version": self.version,
            "bias": self.bias,
            "thresholds": self.thresholds,
            "weights": dict(sorted(self.weights.items())),
            **self.metadata,
        }
        (directory / MODEL_FILE).write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        if self.text is not None:
            self.text.save(directory)

    @classmethod
    def load(cls, directory: Path) -> LearnedModel:
        """Read MODEL_DIR; a missing or malformed file is a ``ModelError`` naming it."""
        path = directory / MODEL_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            thresholds = {name: float(data["thresholds"][name]) for name in LEVEL_ORDER}
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            text = TextModel.load(directory) if (directory / "text_model.json").exists() else None
            model = cls(
                version=str(data["version"]),
                weights=weights,
                bias=float(data["bias"]),
                thresholds=thresholds,
                text=text,
                metadata={
                    k: v for k, v in data.items() if k not in ("weights", "bias", "thresholds")
                },
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ModelError(f"{path}: cannot use this model: {err!r}") from err
        if [thresholds[n] for n in LEVEL_ORDER] != sorted(thresholds.values()):
            raise ModelError(f"{path}: thresholds must rise from low to medium to high")
        return model


class ModelError(ValueError):
    """A model directory that cannot be used, naming the file and the reason."""


@dataclass
class ModelScorer:
    model: LearnedModel
    rules: Rules

    @property
    def version(self) -> str | None:
        return self.model.version

    def __call__(self, current: list[Signal], ts: datetime) -> tuple[float, str | None]:
        p = self.model.probability(features(current, ts, self.rules))
        distinct = distinct_signs(current)
        value, level = round(p, 4), self.rules.corroborated(self.model.level_for(p), distinct)
        if any(f"s:{s.name}" not in self.model.weights for s in current):
            # A signal the model never learned a weight for (the center's own lists,
            # a rule added since) must not count for nothing: the rules judge then too,
            # and the higher of the two stands.
            by_rules = score(current, self.rules)
            rules_level = self.rules.level_for(by_rules, distinct)
            if _rank(rules_level) > _rank(level):
                return by_rules, rules_level
        return value, level


def _rank(level: str | None) -> int:
    return -1 if level is None else LEVEL_ORDER.index(level)


def load_model(spec: str | Path | None) -> LearnedModel | None:
    """``None``/"default": the shipped model; "none": rules only; else a MODEL_DIR."""
    if spec is None or str(spec) == "default":
        return LearnedModel.load(DEFAULT_MODEL)
    if str(spec) == "none":
        return None
    return LearnedModel.load(Path(spec))


__all__ = [
    "DEFAULT_MODEL",
    "MODEL_NAMES",
    "LearnedModel",
    "ModelError",
    "ModelScorer",
    "RulesScorer",
    "Scorer",
    "features",
    "load_model",
]
