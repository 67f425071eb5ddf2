"""The text model: is this SMS a lure? Character n-grams over normalised text.

Keyword lists flag a licensed lender's 佣金 and the police's own 安全账户
warning, and miss 刷 单 and ➕V. A logistic model over the character 1-3
grams of the normalised text (``textnorm``) learns from lures *and* from the
benign texts that share their words. It is stored as plain JSON (n-gram →
weight), scored in pure Python in a few microseconds, and memoised per text
by the detectors, so a city's repeated notices cost one scoring each.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from fanzha.detect.textnorm import ngrams, normalise

FILE: Final = "text_model.json"
LURE_LIFT: Final = 10.0
"""A text is a lure when victims received it this many times more often than chance."""


@dataclass(frozen=True)
class TextModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    """A text at or above this probability is a lure (the sms_script signal)."""
    version: str

    def probability(self, text: str) -> float:
        w = self.weights
        z = self.bias + sum(w.get(g, 0.0) for g in ngrams(normalise(text)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def top_ngrams(self, text: str, k: int = 3) -> list[str]:
        """The n-grams that pushed this text most towards a lure: the reason shown."""
        w = self.weights
        found = sorted(
            (g for g in ngrams(normalise(text)) if w.get(g, 0.0) > 0 and len(g) > 1),
            key=lambda g: -w[g],
        )
        out: list[str] = []
        for g in found:  # 刷单返 and 单返佣 say the same: keep n-grams not inside one kept
            if not any(g in kept or kept in g for kept in out):
                out.append(g)
            if len(out) == k:
                break
        return out

    def save(self, directory: Path) -> None:
        data = {
            "version": self.version,
            "threshold": self.threshold,
            "bias": self.bias,
            "weights": dict(sorted(self.weights.items())),
        }
        (directory / FILE).write_text(
            json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path) -> TextModel:
        data = json.loads((directory / FILE).read_text(encoding="utf-8"))
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            version=str(data["version"]),
        )


def fit_text_model(
    samples: Iterable[tuple[str, bool, float]], *, max_false_share: float = 0.002
) -> tuple[TextModel, dict[str, Any]]:
    """Fit on (text, is_lure, weight); the threshold keeps benign texts (by weight) under
    ``max_false_share`` flagged. Returns the model and a summary for the metadata."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    by_text: dict[str, list[float]] = {}
    for text, lure, weight in samples:
        key = normalise(text)
        entry = by_text.setdefault(key, [0.0, 0.0])
        entry[int(lure)] += weight
    texts = list(by_text)
    # A lure template goes to a hundred residents and two of them pay: most copies reach
    # people who ignore it, so "received by more victims than not" called every plain lure
    # benign and the model learned only the disguised ones. A text is a lure when victims
    # received it far more often than chance (``LURE_LIFT`` × the share of all texts that
    # reached victims before their loss); a bank notice that reached a victim by chance
    # stays benign.
    lure_weight = sum(by_text[t][1] for t in texts)
    base = lure_weight / max(sum(sum(by_text[t]) for t in texts), 1e-9)
    labels = np.array(
        [by_text[t][1] > 0 and by_text[t][1] >= LURE_LIFT * base * sum(by_text[t]) for t in texts]
    )
    weights = np.array([sum(by_text[t]) for t in texts])
    if labels.all() or not labels.any():
        raise ValueError("text model: need both lure and benign texts to learn from")
    vectoriser = CountVectorizer(analyzer=ngrams, binary=True, min_df=1)
    x = vectoriser.fit_transform(texts)
    # Each distinct text counts by how often it was seen, dampened: one bank notice sent
    # to thousands must not drown the lures, which are each sent to a few.
    sample_weight = np.sqrt(weights)
    sample_weight[labels] *= sample_weight[~labels].sum() / max(sample_weight[labels].sum(), 1e-9)
    clf = LogisticRegression(C=2.0, max_iter=2000)
    clf.fit(x, labels, sample_weight=sample_weight)
    vocabulary = vectoriser.get_feature_names_out()
    coefficients = clf.coef_[0]
    kept = {
        str(g): round(float(c), 4)
        for g, c in zip(vocabulary, coefficients, strict=True)
        if abs(c) >= 0.01
    }
    bias = round(float(clf.intercept_[0]), 4)
    digest = hashlib.sha256(json.dumps([kept, bias], sort_keys=True).encode()).hexdigest()[:12]
    draft = TextModel(kept, bias, 0.5, f"text-{digest}")
    benign = [
        (draft.probability(t), by_text[t][0])
        for t, lure in zip(texts, labels, strict=True)
        if not lure
    ]
    benign.sort(reverse=True)
    budget, spent, threshold = max_false_share * sum(w for _, w in benign), 0.0, 0.5
    for p, w in benign:  # the lowest threshold whose flagged benign weight stays in budget
        if spent + w > budget:
            threshold = max(0.5, min(0.99, p + 1e-4))
            break
        spent += w
    model = TextModel(kept, bias, round(threshold, 4), draft.version)
    lures = [t for t, lure in zip(texts, labels, strict=True) if lure]
    caught = sum(model.probability(t) >= model.threshold for t in lures)
    summary = {
        "distinct_texts": len(texts),
        "lure_texts": len(lures),
        "ngrams": len(kept),
        "threshold": model.threshold,
        "lure_texts_flagged_in_training": caught,
    }
    return model, summary


__all__ = ["FILE", "LURE_LIFT", "TextModel", "fit_text_model"]
