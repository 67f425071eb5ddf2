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
node into JSON lists (no pickle). Scored by scikit-learn's own compiled tree
walker (the version is pinned), on one thread, a block of rows at a time:
walking them level by level in NumPy cost seconds per hundred thousand rows,
most of a city's run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

BLOCK: Final = 1 << 18
"""Rows copied to float64 and walked at once (memory stays flat on a city's month)."""


@dataclass(frozen=True)
class Trees:
    feature: NDArray[np.int64]
    threshold: NDArray[np.float64]
    left: NDArray[np.int64]
    right: NDArray[np.int64]
    value: NDArray[np.float64]
    roots: NDArray[np.int64]
    baseline: float
    _nodes: list[NDArray[Any]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_nodes", self._predictor_nodes())

    def _predictor_nodes(self) -> list[NDArray[Any]]:
        """Each tree as scikit-learn's node records (children renumbered within the tree)."""
        from sklearn.ensemble._hist_gradient_boosting.common import PREDICTOR_RECORD_DTYPE

        out = []
        ends = [*self.roots.tolist()[1:], len(self.feature)]
        for root, end in zip(self.roots.tolist(), ends, strict=True):
            leaf = self.left[root:end] < 0
            nodes = np.zeros(end - root, dtype=PREDICTOR_RECORD_DTYPE)
            nodes["value"] = self.value[root:end]
            nodes["feature_idx"] = np.where(leaf, 0, self.feature[root:end])
            nodes["num_threshold"] = self.threshold[root:end]
            nodes["left"] = np.where(leaf, 0, self.left[root:end] - root)
            nodes["right"] = np.where(leaf, 0, self.right[root:end] - root)
            nodes["is_leaf"] = leaf
            out.append(nodes)
        return out

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
        """P(mule) per row of ``x``: the raw score is the baseline plus each tree's leaf,
        added in tree order in float64 (as scikit-learn adds them)."""
        from sklearn.ensemble._hist_gradient_boosting._predictor import (
            _predict_from_raw_data,
        )

        no_bitsets = np.zeros((0, 8), dtype=np.uint32)
        f_idx_map = np.zeros(x.shape[1], dtype=np.uint32)
        out = np.empty(len(x), dtype=np.float32)
        leaf = np.empty(min(len(x), BLOCK), dtype=np.float64)
        for i in range(0, len(x), BLOCK):
            block = np.ascontiguousarray(x[i : i + BLOCK], dtype=np.float64)
            raw = np.full(len(block), self.baseline, dtype=np.float64)
            got = leaf[: len(block)]
            for nodes in self._nodes:
                _predict_from_raw_data(nodes, block, no_bitsets, no_bitsets, f_idx_map, 1, got)
                raw += got
            out[i : i + BLOCK] = 1.0 / (1.0 + np.exp(-raw))
        return out


__all__ = ["Trees"]
