"""The mule model's second stage: gradient-boosted trees as plain arrays.

Why a second stage: a mule is a combination (many payers *and* money passed on
within minutes *and* a card nobody has lived with), while a shop has the first
without the others; a linear model can only add such facts up, and on the
training worlds it ranked busy shops with the cards. Trees see combinations,
but walking a hundred trees for each of the tens of millions of entries of a
city would cost minutes, so the linear stage screens: only entries it scores at
or above ``screen`` are walked (a few per cent), the rest keep the linear
score, which lies below the screen and so below any sensible threshold.

Fitted with scikit-learn's HistGradientBoostingClassifier and flattened node by
node into JSON lists (no pickle), scored with NumPy one tree level at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Trees:
    feature: NDArray[np.int64]
    threshold: NDArray[np.float64]
    left: NDArray[np.int64]
    right: NDArray[np.int64]
    value: NDArray[np.float64]
    roots: NDArray[np.int64]
    baseline: float

    @classmethod
    def from_sklearn(cls, model: Any) -> Trees:
        """Flatten a fitted two-class HistGradientBoostingClassifier (numeric features)."""
        feature, threshold, left, right, value, roots = [], [], [], [], [], []
        offset = 0
        for (tree,) in model._predictors:
            nodes = tree.nodes
            leaf = nodes["is_leaf"].astype(bool)
            roots.append(offset)
            feature.append(nodes["feature_idx"].astype(np.int64))
            threshold.append(nodes["num_threshold"].astype(np.float64))
            left.append(np.where(leaf, -1, nodes["left"].astype(np.int64) + offset))
            right.append(np.where(leaf, -1, nodes["right"].astype(np.int64) + offset))
            value.append(nodes["value"].astype(np.float64))
            offset += len(nodes)
        return cls(
            np.concatenate(feature),
            np.concatenate(threshold),
            np.concatenate(left),
            np.concatenate(right),
            np.concatenate(value),
            np.array(roots, dtype=np.int64),
            float(np.asarray(model._baseline_prediction).ravel()[0]),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "feature": self.feature.tolist(),
            "threshold": [round(float(t), 7) for t in self.threshold],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": [round(float(v), 7) for v in self.value],
            "roots": self.roots.tolist(),
            "baseline": self.baseline,
        }

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Trees:
        return cls(
            np.array(body["feature"], dtype=np.int64),
            np.array(body["threshold"], dtype=np.float64),
            np.array(body["left"], dtype=np.int64),
            np.array(body["right"], dtype=np.int64),
            np.array(body["value"], dtype=np.float64),
            np.array(body["roots"], dtype=np.int64),
            float(body["baseline"]),
        )

    def proba(self, x: NDArray[np.float32]) -> NDArray[np.float32]:
        """P(mule) per row of ``x``: all rows walk one tree at a time, level by level."""
        raw = np.full(len(x), self.baseline, dtype=np.float64)
        rows = np.arange(len(x))
        for root in self.roots.tolist():
            node = np.full(len(x), root, dtype=np.int64)
            while True:
                inner = self.left[node] >= 0
                if not inner.any():
                    break
                at = node[inner]
                go_left = x[rows[inner], self.feature[at]] <= self.threshold[at]
                node[inner] = np.where(go_left, self.left[at], self.right[at])
            raw += self.value[node]
        out: NDArray[np.float32] = (1.0 / (1.0 + np.exp(-raw))).astype(np.float32)
        return out


__all__ = ["Trees"]
