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
ENRICHED: Final = 2.0
"""A text is a lure when victims-to-be received it this many times more often than the
base rate of victims among all receipts; blasts to thousands included."""


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
    """Fit on (text, received by a victim about to lose, weight); the threshold keeps the
    texts that are not lures (``ENRICHED``), by weight, under ``max_false_share`` flagged.
    Returns the model and a summary for the metadata."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    by_text: dict[str, list[float]] = {}
    for text, lure, weight in samples:
        key = normalise(text)
        entry = by_text.setdefault(key, [0.0, 0.0])
        entry[int(lure)] += weight
    texts = list(by_text)
    if not any(by_text[t][1] for t in texts) or not any(by_text[t][0] for t in texts):
        raise ValueError("text model: need both lure and benign texts to learn from")
    # Each text is two rows, its receipts by victims about to lose and by everyone else:
    # a lure blasted to thousands is still a lure, even if most who got it never paid
    # (labelling a text by its majority taught the model that blasted lures are benign).
    # Counts are dampened: one bank notice sent to thousands must not drown the lures.
    rows, labels, weights = [], [], []
    for i, t in enumerate(texts):
        for lure in (False, True):
            if by_text[t][int(lure)] > 0:
                rows.append(i)
                labels.append(lure)
                weights.append(math.sqrt(by_text[t][int(lure)]))
    y = np.array(labels)
    vectoriser = CountVectorizer(analyzer=ngrams, binary=True, min_df=1)
    x = vectoriser.fit_transform(texts)[rows]
    sample_weight = np.array(weights)
    sample_weight[y] *= sample_weight[~y].sum() / max(sample_weight[y].sum(), 1e-9)
    clf = LogisticRegression(C=2.0, max_iter=2000)
    clf.fit(x, y, sample_weight=sample_weight)
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
    # The threshold is held by the texts victims received no more often than anyone did
    # (notices, adverts, the police's own warnings), not by blasted lures.
    base = sum(by_text[t][1] for t in texts) / sum(sum(by_text[t]) for t in texts)
    enriched = {t for t in texts if by_text[t][1] > ENRICHED * base * sum(by_text[t])}
    benign = [
        (draft.probability(t), by_text[t][0])
        for t in texts
        if by_text[t][0] > 0 and t not in enriched
    ]
    benign.sort(reverse=True)
    budget, spent, threshold = max_false_share * sum(w for _, w in benign), 0.0, 0.5
    for p, w in benign:  # the lowest threshold whose flagged benign weight stays in budget
        if spent + w > budget:
            threshold = max(0.5, min(0.99, p + 1e-4))
            break
        spent += w
    model = TextModel(kept, bias, round(threshold, 4), draft.version)
    lures = [t for t in texts if t in enriched]
    caught = sum(model.probability(t) >= model.threshold for t in lures)
    summary = {
        "distinct_texts": len(texts),
        "lure_texts": len(lures),
        "ngrams": len(kept),
        "threshold": model.threshold,
        "lure_texts_flagged_in_training": caught,
    }
    return model, summary


__all__ = ["FILE", "TextModel", "fit_text_model"]
