"""Training the page model, and the small model file shipped with fanzha.

``python -m fanzha.patrol.train_pages`` rebuilds ``config/page_model.npz`` from the
generator's training part; the file records a fingerprint of the vocabularies and of
the code that writes pages and computes features, and ``load_or_train`` ignores a file
whose fingerprint no longer matches (it trains afresh, deterministically, instead).
Plain arrays in ``.npz`` (no pickle): loading runs no code.
"""

from __future__ import annotations

import hashlib
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from fanzha.patrol.corpus import SNIPPET_CLASSES, generate_pages, generate_snippets
from fanzha.patrol.pages import LineModel, PageModel, ngrams
from fanzha.patrol.textnorm import clean, squash
from fanzha.patrol.trees import TreeEnsemble
from fanzha.patrol.vocab import Part

_SOURCES = (
    "config/page_spam.yaml",
    "config/page_articles.yaml",
    "config/page_sites.yaml",
    "config/page_genres.yaml",
    "corpus.py",
    "obfuscate.py",
    "textnorm.py",
    "pageview.py",
    "pages.py",
    "trees.py",
    "vocab.py",
    "train_pages.py",
)
MODEL_FILE = "config/page_model.npz"


def fingerprint() -> str:
    digest = hashlib.sha256()
    package = resources.files("fanzha.patrol")
    for name in _SOURCES:
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def train_lines(part: Part, seed: int, per_class: int = 2000) -> LineModel:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    pairs = generate_snippets(per_class, seed, part)
    vectorizer = TfidfVectorizer(analyzer=ngrams, sublinear_tf=True, min_df=2, dtype=np.float32)
    matrix = vectorizer.fit_transform([squash(clean(t)) for t, _ in pairs])
    classifier = LogisticRegression(C=4.0, max_iter=300, tol=1e-3)
    classifier.fit(matrix, [label for _, label in pairs])
    order = [list(classifier.classes_).index(c) for c in SNIPPET_CLASSES]
    vocabulary = [str(t) for t in vectorizer.get_feature_names_out()]
    return LineModel(
        vocabulary, vectorizer.idf_, classifier.coef_[order], classifier.intercept_[order]
    )


def train(per_verdict: int = 600) -> PageModel:
    """Cross-fitted: the page stage learns mostly from line scores on words their model
    never saw (as on pages of the wild), and from a third as many pages read by the
    shipped line model itself (some words of real pages it will know). Strong
    regularisation: the features are many and overlap, and a stage that leans on a few
    of them fits the generator rather than pages."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    halves = (train_lines("train0", seed=11), train_lines("train1", seed=12))
    rows, labels = [], []
    parts: tuple[Part, Part] = ("train0", "train1")
    for half, part in enumerate(parts):
        for page in generate_pages(per_verdict, seed=21 + half, part=part):
            rows.append(halves[1 - half].read(page.text).features)
            labels.append(page.verdict)
    lines = train_lines("train", seed=13)
    for page in generate_pages(per_verdict // 2, seed=31, part="train"):
        rows.append(lines.read(page.text).features)
        labels.append(page.verdict)
    matrix = np.array(rows)
    scaler = StandardScaler().fit(matrix)
    classifier = LogisticRegression(C=0.1, max_iter=3000)
    classifier.fit(scaler.transform(matrix), labels)
    classes = [str(c) for c in classifier.classes_]
    # shallow, many-leaved-per-sample trees: combinations of place and spam, not the
    # generator's exact figures
    boosted = HistGradientBoostingClassifier(
        max_iter=150,
        learning_rate=0.1,
        max_leaf_nodes=15,
        min_samples_leaf=40,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=0,
    ).fit(matrix, labels)
    if [str(c) for c in boosted.classes_] != classes:
        raise AssertionError("both page stages must order the verdicts alike")
    trees = TreeEnsemble.from_sklearn(boosted)
    return PageModel(
        lines, scaler.mean_, scaler.scale_, classifier.coef_, classifier.intercept_, classes, trees
    )


def save(model: PageModel, path: Path) -> None:
    lines = model.lines
    arrays: dict[str, Any] = {
        "fingerprint": np.array(fingerprint()),
        "vocabulary": np.array(lines.vocabulary),
        "idf": lines.idf.astype(np.float32),
        "line_coef": lines.coef.astype(np.float32),
        "line_intercept": lines.intercept,
        "mean": model.mean,
        "scale": model.scale,
        "coef": model.coef,
        "intercept": model.intercept,
        "classes": np.array(model.classes),
    }
    if model.trees is not None:
        arrays.update(model.trees.arrays())
    np.savez_compressed(path, **arrays)


def load(path: Path) -> PageModel | None:
    """The model in ``path``, or None when it was built from other sources."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        if str(data["fingerprint"]) != fingerprint():
            return None
        vocabulary = [str(t) for t in data["vocabulary"]]
        lines = LineModel(vocabulary, data["idf"], data["line_coef"], data["line_intercept"])
        classes = [str(c) for c in data["classes"]]
        trees = TreeEnsemble.from_arrays(data) if "tree_roots" in data else None
        return PageModel(
            lines, data["mean"], data["scale"], data["coef"], data["intercept"], classes, trees
        )


def shipped_path() -> Path:
    return Path(str(resources.files("fanzha.patrol").joinpath(MODEL_FILE)))


def load_or_train() -> PageModel:
    return load(shipped_path()) or train()


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else shipped_path()
    save(train(), out)
    print(f"page model written to {out} ({out.stat().st_size} bytes)")
