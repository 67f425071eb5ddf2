"""The mule model: a logistic model over the running features, kept as plain JSON.

Why logistic and not trees: every weight says how much one behaviour counts,
so the reasons a bank reads are exactly what scored the account — the top
contributions of the entry that scored highest — and the weights can be read,
diffed and versioned like the detection model's (``detect/learned.py``). The
features are standardised (mean and scale shipped beside the weights); a
model is scored with NumPy over all entries at once. No pickled code is
ever loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from fanzha.mules.features import FEATURES
from fanzha.mules.trees import Trees

MODEL_FILE: Final = "mule_model.json"
DEFAULT_MODEL: Final = Path(__file__).parent / "default_model"


class ModelError(ValueError):
    """A model directory that is missing, unreadable or for other features."""


@dataclass(frozen=True)
class MuleModel:
    version: str
    mean: dict[str, float]
    scale: dict[str, float]
    weights: dict[str, float]
    intercept: float
    summary: dict[str, Any] = field(default_factory=dict)
    trees: Trees | None = None
    screen: float = 1.0
    """Entries the linear stage scores at or above this are scored by the trees."""

    def __post_init__(self) -> None:
        mean = np.array([self.mean.get(f, 0.0) for f in FEATURES], dtype=np.float32)
        scale = np.array([self.scale.get(f, 1.0) or 1.0 for f in FEATURES], dtype=np.float32)
        w = np.array([self.weights.get(f, 0.0) for f in FEATURES], dtype=np.float32)
        object.__setattr__(self, "_cached", (mean, scale, w))  # asked once per account

    def _arrays(self) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.float32]]:
        cached: tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.float32]]
        cached = self._cached  # type: ignore[attr-defined]
        return cached

    def contributions(self, x: NDArray[np.float32]) -> NDArray[np.float32]:
        """Each feature's share of the log-odds, per entry (rows of ``x``)."""
        mean, scale, w = self._arrays()
        out: NDArray[np.float32] = (x - mean) / scale * w
        return out

    # Reasons come from the linear stage: its weights say what each behaviour is worth.

    def above_usual(self, x: NDArray[np.float32]) -> NDArray[np.bool_]:
        """Per feature of one entry: a raising behaviour the entry shows more than usual."""
        mean, _, w = self._arrays()
        out: NDArray[np.bool_] = (w > 0) & (x > mean)
        return out

    def score(self, x: NDArray[np.float32]) -> NDArray[np.float32]:
        """P(mule) per entry: the linear stage, then the trees for what it did not clear."""
        p = self.linear(x)
        if self.trees is not None:
            picked = np.flatnonzero(p >= self.screen)
            p = np.minimum(p, np.float32(self.screen) * np.float32(0.999))
            p[picked] = self.trees.proba(x[picked])
        return p

    def linear(self, x: NDArray[np.float32], chunk: int = 1 << 20) -> NDArray[np.float32]:
        """The logistic stage per entry, a million entries at a time (memory stays flat)."""
        mean, scale, w = self._arrays()
        coef = w / scale
        offset = float(self.intercept - (mean * coef).sum())
        out = np.empty(len(x), dtype=np.float32)
        for i in range(0, len(x), chunk):
            z = x[i : i + chunk] @ coef + offset
            out[i : i + chunk] = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        body = {
            "version": self.version,
            "features": list(FEATURES),
            "mean": self.mean,
            "scale": self.scale,
            "weights": self.weights,
            "intercept": self.intercept,
            "summary": self.summary,
            "screen": self.screen,
            "trees": self.trees.as_json() if self.trees is not None else None,
        }
        text = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True)
        (directory / MODEL_FILE).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> MuleModel:
        path = directory / MODEL_FILE
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"mules: cannot read {path}: {exc}") from exc
        unknown = set(body.get("weights", {})) - set(FEATURES)
        if unknown:
            raise ModelError(f"mules: {path} weighs unknown features {sorted(unknown)}")
        return cls(
            version=str(body["version"]),
            mean={k: float(v) for k, v in body["mean"].items()},
            scale={k: float(v) for k, v in body["scale"].items()},
            weights={k: float(v) for k, v in body["weights"].items()},
            intercept=float(body["intercept"]),
            summary=body.get("summary", {}),
            trees=_trees(body, path),
            screen=float(body.get("screen", 1.0)),
        )


def _trees(body: dict[str, Any], path: Path) -> Trees | None:
    """The trees, their feature numbers mapped from the model's feature list to today's
    (a model stays valid when features are added or reordered)."""
    if not body.get("trees"):
        return None
    trees = Trees.from_json(body["trees"])
    names = body.get("features", list(FEATURES))
    missing = sorted(set(names) - set(FEATURES))
    if missing:
        raise ModelError(f"mules: {path} was fitted on features no longer known: {missing}")
    now = np.array([FEATURES.index(n) for n in names], dtype=np.int64)
    used = trees.left >= 0
    feature = trees.feature.copy()
    feature[used] = now[trees.feature[used]]
    return Trees(feature, trees.threshold, trees.left, trees.right, trees.value,
                 trees.roots, trees.baseline)  # fmt: skip


HAND_WEIGHTS: Final = {
    "payers_log": 0.8,
    "quick_share": 1.2,
    "quick_n_log": 0.8,
    "pass_ratio": 0.8,
    "round_in_share": 0.5,
    "night_share": 0.3,
    "new_account": 0.6,
    "no_record": 0.4,
    "reported_n_log": 1.5,
    "tainted_in_log": 0.8,
    "quick_payer_in_log": 0.6,
    "hub_out_share": -1.0,
    "hub_in_n_log": -0.4,
    "age_log": -0.5,
    "hub": -2.0,
    "stays_share": -0.5,
}
"""``--model none``: weights set by hand from the behaviours the issue names, on
standardised features of unit scale, for a center with no labelled history yet."""


def hand_model() -> MuleModel:
    return MuleModel(
        version="hand-1",
        mean={f: 0.0 for f in FEATURES},
        scale={f: 1.0 for f in FEATURES},
        weights=dict(HAND_WEIGHTS),
        intercept=-6.0,
    )


def load_model(spec: str | Path | None) -> MuleModel:
    """``None``/"default": the shipped model; "none": the hand weights; else a MODEL_DIR."""
    if spec is None or str(spec) == "default":
        return MuleModel.load(DEFAULT_MODEL)
    if str(spec) == "none":
        return hand_model()
    return MuleModel.load(Path(spec))


__all__ = ["DEFAULT_MODEL", "ModelError", "MuleModel", "hand_model", "load_model"]
