"""Gradient-boosted trees of the page stage, as plain arrays scored with NumPy.

Why trees beside the logistic regression: a page is harmful through combinations
(gambling links *and* an ordinary article; porn at the bottom *under* a news story)
that a linear stage can only add up, so pages whose spam sits in one place only were
read as benign. Trained with scikit-learn's HistGradientBoostingClassifier, then
exported node by node: the shipped ``.npz`` holds numbers only (no pickle), and scoring
walks all trees at once, one level per step.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class TreeEnsemble:
    """Additive trees per class: raw score = baseline + sum of the leaves reached."""

    def __init__(
        self,
        feature: np.ndarray,
        threshold: np.ndarray,
        left: np.ndarray,
        right: np.ndarray,
        value: np.ndarray,
        roots: np.ndarray,
        tree_class: np.ndarray,
        baseline: np.ndarray,
    ) -> None:
        self.feature = feature.astype(np.int64)
        self.threshold = threshold.astype(np.float64)
        self.left, self.right = left.astype(np.int64), right.astype(np.int64)
        self.value = value.astype(np.float64)
        self.roots = roots.astype(np.int64)
        self.tree_class = tree_class.astype(np.int64)
        self.baseline = baseline.astype(np.float64)
        self.is_leaf = self.left < 0

    @classmethod
    def from_sklearn(cls, model: Any) -> TreeEnsemble:
        """Flatten a fitted HistGradientBoostingClassifier (numerical features only)."""
        features, thresholds, lefts, rights, values, roots, classes = [], [], [], [], [], [], []
        offset = 0
        for trees in model._predictors:
            for k, tree in enumerate(trees):
                nodes = tree.nodes
                leaf = nodes["is_leaf"].astype(bool)
                roots.append(offset)
                classes.append(k)
                features.append(nodes["feature_idx"])
                thresholds.append(nodes["num_threshold"])
                lefts.append(np.where(leaf, -1, nodes["left"].astype(np.int64) + offset))
                rights.append(np.where(leaf, -1, nodes["right"].astype(np.int64) + offset))
                values.append(nodes["value"])
                offset += len(nodes)
        baseline = np.asarray(model._baseline_prediction, dtype=np.float64).ravel()
        if len(baseline) == 1:  # two classes: one tree per step, for the second class
            raise ValueError("the page stage has more than two verdicts")
        return cls(
            np.concatenate(features),
            np.concatenate(thresholds),
            np.concatenate(lefts),
            np.concatenate(rights),
            np.concatenate(values),
            np.array(roots),
            np.array(classes),
            baseline,
        )

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "tree_feature": self.feature.astype(np.int16),
            "tree_threshold": self.threshold,
            "tree_left": self.left.astype(np.int32),
            "tree_right": self.right.astype(np.int32),
            "tree_value": self.value,
            "tree_roots": self.roots.astype(np.int32),
            "tree_class": self.tree_class.astype(np.int8),
            "tree_baseline": self.baseline,
        }

    @classmethod
    def from_arrays(cls, data: Any) -> TreeEnsemble:
        return cls(*(data[f"tree_{name}"] for name in _NAMES))

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities (softmax of the summed leaves) for one feature vector."""
        node = self.roots.copy()
        while True:
            inner = ~self.is_leaf[node]
            if not inner.any():
                break
            at = node[inner]
            go_left = x[self.feature[at]] <= self.threshold[at]
            node[inner] = np.where(go_left, self.left[at], self.right[at])
        raw = self.baseline + np.bincount(
            self.tree_class, weights=self.value[node], minlength=len(self.baseline)
        )
        exp = np.exp(raw - raw.max())
        return np.asarray(exp / exp.sum())


_NAMES = ("feature", "threshold", "left", "right", "value", "roots", "class", "baseline")
