"""The mule model's second stage: gradient-boosted trees as plain arrays.

Why a second stage: a mule is a combination (many payers *and* money passed on
within minutes *and* a card nobody has lived with), while a shop has the first
without the others; a linear model can only add such facts up, and on the
training worlds it ranked busy shops with the cards. Trees see combinations,
but scoring a hundred trees for each of the tens of millions of entries of a
city costs, so the linear stage screens: only entries it scores at or above
``screen`` reach the trees, the rest keep the linear score, which lies below
the screen and so below any sensible threshold.

Fitted with scikit-learn's HistGradientBoostingClassifier and flattened node by
node into JSON lists (no pickle). Scored as lookup tables, because walking the
trees row by row (in NumPy level by level, or scikit-learn's compiled walker)
costs several microseconds a row, a minute on a city's month: a tree's leaf
depends only on which side of each of its thresholds a row's features lie, and
each tree uses a few features with a few thresholds (at most some ten thousand
combinations), so each tree becomes a table of leaf values indexed by the
row's threshold bins. Scoring is then, per tree, a few small gathers over all
rows; the bins compare the same float64 values as the walk did, and the leaves
are added in tree order, so the probabilities are the walk's to the last bit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

BLOCK: Final = 1 << 16
"""Rows scored at once (their bins and table cells stay in the cache)."""


def _down32(edges: NDArray[np.float64]) -> NDArray[np.float32]:
    """Each threshold as the largest float32 at or below it. The features are float32,
    and for a float32 ``v``, ``v <= t`` iff ``v <= down32(t)``: a row's bin (how many
    thresholds lie below its value) is the same counted either way, and float32
    columns are binned without a float64 copy."""
    near = edges.astype(np.float32)
    above = near.astype(np.float64) > edges
    out: NDArray[np.float32] = np.where(above, np.nextafter(near, np.float32(-np.inf)), near)
    return out


@dataclass(frozen=True)
class _Table:
    """One tree as leaf values per cell; a row's cell is the sum of its features' steps."""

    features: list[int]
    steps: list[NDArray[np.int32]]
    """Per feature used: the cell offset for each global bin of that feature."""
    values: NDArray[np.float64]


@dataclass(frozen=True)
class Trees:
    feature: NDArray[np.int64]
    threshold: NDArray[np.float64]
    left: NDArray[np.int64]
    right: NDArray[np.int64]
    value: NDArray[np.float64]
    roots: NDArray[np.int64]
    baseline: float
    _edges: list[NDArray[np.float64]] = field(init=False, repr=False, compare=False)
    _edges32: list[NDArray[np.float32]] = field(init=False, repr=False, compare=False)
    _tables: list[_Table] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        inner = self.left >= 0
        width = int(self.feature[inner].max(initial=-1)) + 1
        edges = [np.unique(self.threshold[inner & (self.feature == j)]) for j in range(width)]
        object.__setattr__(self, "_edges", edges)
        object.__setattr__(self, "_edges32", [_down32(e) for e in edges])
        ends = [*self.roots.tolist()[1:], len(self.feature)]
        tables = [self._table(r, e) for r, e in zip(self.roots.tolist(), ends, strict=True)]
        object.__setattr__(self, "_tables", tables)

    def _table(self, root: int, end: int) -> _Table:
        """Tree ``root..end`` as a table. A row's global bin ``g`` of feature ``f`` is how
        many of all the trees' thresholds on ``f`` lie below its value, so it goes left
        at a node iff ``g`` <= the rank of the node's threshold; the tree's own
        thresholds cut the global bins into its cells, each walked once with a bin
        that lies in it."""
        nodes = np.arange(root, end)
        inner = nodes[self.left[nodes] >= 0]
        rank = np.zeros(len(self.feature), dtype=np.int64)
        for n in inner.tolist():
            rank[n] = int(np.searchsorted(self._edges[int(self.feature[n])], self.threshold[n]))
        features = sorted(set(self.feature[inner].tolist()))
        ranks = [np.unique(rank[inner[self.feature[inner] == f]]) for f in features]
        sizes = [len(r) + 1 for r in ranks]
        strides = np.cumprod([1, *sizes[:-1]]).astype(np.int64).tolist()
        cells = int(np.prod(sizes)) if sizes else 1
        bins = np.zeros((cells, max(len(self._edges), 1)), dtype=np.int64)
        steps = []
        for f, r, size, stride in zip(features, ranks, sizes, strides, strict=True):
            own = (np.arange(cells) // stride) % size
            bins[:, f] = np.append(r, r[-1] + 1)[own]
            g = np.arange(len(self._edges[f]) + 1)
            steps.append((np.searchsorted(r, g, side="left") * stride).astype(np.int32))
        node = np.full(cells, root, dtype=np.int64)
        rows = np.arange(cells)
        while True:
            walking = self.left[node] >= 0
            if not walking.any():
                break
            at = node[walking]
            go_left = bins[rows[walking], self.feature[at]] <= rank[at]
            node[walking] = np.where(go_left, self.left[at], self.right[at])
        return _Table(features, steps, self.value[node].astype(np.float64))

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
        """P(mule) per row of ``x``: the baseline plus each tree's leaf, in tree order.

        A row's leaves depend only on its bins, and an account's consecutive entries
        mostly fall in the same bins (its counts and shares cross few of the trees'
        thresholds), so a row whose bins repeat the row before it takes that row's
        probability: only the rows where some bin changed walk the tables."""
        out = np.empty(len(x), dtype=np.float32)
        for i in range(0, len(x), BLOCK):
            block = x[i : i + BLOCK]
            columns = np.ascontiguousarray(block[:, : len(self._edges32)].T)
            bins = [
                np.searchsorted(e, columns[j], side="left").astype(np.int32)
                for j, e in enumerate(self._edges32)
            ]
            new = np.zeros(len(block), dtype=bool)
            new[0] = True
            for b in bins:
                new[1:] |= b[1:] != b[:-1]
            kept = np.flatnonzero(new)
            bins = [b[kept] for b in bins]
            n = len(kept)
            raw = np.full(n, self.baseline, dtype=np.float64)
            cell = np.empty(n, dtype=np.int32)
            part = np.empty(n, dtype=np.int32)
            leaf = np.empty(n, dtype=np.float64)
            for table in self._tables:
                cell[:] = 0
                for f, step in zip(table.features, table.steps, strict=True):
                    np.take(step, bins[f], out=part)
                    cell += part
                np.take(table.values, cell, out=leaf)
                raw += leaf
            p = (1.0 / (1.0 + np.exp(-raw))).astype(np.float32)
            out[i : i + BLOCK] = p[np.cumsum(new) - 1]
        return out


__all__ = ["Trees"]
