"""Page verdicts: fraud, gambling, porn_spam, hijacked or benign, explained in Chinese.

Two stages, because a page is judged by *where* its words are as much as by which.
The first reads one line at a time: character n-gram TF-IDF and logistic regression
over normalised text (textnorm) name a line fraud, gambling, porn, warning (anti-fraud
publicity, arrest news — the same words, told to protect) or plain. The second sees
the page's shape: what the head (title or first line), the top, the body, the link
list and the comments are about, how many pieces the first line is made of, forms —
and a second logistic regression decides. Conversion debris is deliberately not a
feature: real captures of every kind carry it. A legitimate article under a gambling first
line is hijacked; the same words all the way down are a gambling page.

Both stages are trained at first use from the generator (corpus.py), deterministically;
the second on first-stage scores cross-fitted over two halves of the vocabularies, so
it learns how the first stage behaves on words it never saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fanzha.patrol.corpus import SNIPPET_CLASSES
from fanzha.patrol.pageview import PageView, view
from fanzha.patrol.trees import TreeEnsemble

REGIONS = ("head", "top", "body", "links", "comments", "hidden")
_SPAM = ("fraud", "gambling", "porn")
_F, _G, _P, _W, _N = range(5)  # indices of SNIPPET_CLASSES
_COMMENT_CLASSES = (_G, _P)
"""Of a comment section only its spam counts: how warmly readers comment on an article
(已转发给家里老人) says nothing of whether the site around it was hijacked."""


def feature_names() -> list[str]:
    names = []
    for region in REGIONS:
        classes: tuple[str, ...] = SNIPPET_CLASSES
        if region == "comments":
            classes = tuple(SNIPPET_CLASSES[i] for i in _COMMENT_CLASSES)
        names += [f"{region}_{c}" for c in classes]
        names += [f"{region}_{c}_max" for c in _SPAM] + [f"{region}_present"]
    names += [f"pieces_{c}_max" for c in _SPAM] + ["pieces", "pieces_spam_share"]
    names += [
        "links_spam",
        "form_fields",
        "head_spam_over_article",
        "top_spam_over_article",
        "article_share",
        "spam_share",
        "spam_anywhere_over_article",
        "comment_spam_share",
        "comment_spam_over_clean_top",
        "fraud_lines",
        "fraud_share",
        "head_spam_over_clean_top",
        "spam_throughout",
        "top_spam_lines",
        "cloaking",
        "cloaking_over_article",
        "hidden_spam_lines",
        "links_spam_lines",
        "links_share",
        "piece_spam_over_article",
        "bottom_spam_over_article",
        "hidden_spam_over_article",
        "links_spam_over_article",
        "long_piece_spam_over_article",
        "long_link_spam_over_article",
    ]
    return names


@dataclass
class PageVerdict:
    verdict: str
    score: float
    reasons: list[str] = field(default_factory=list)
    probabilities: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "score": round(self.score, 3), "reasons": self.reasons}


@dataclass
class _Read:
    """One page through the first stage: its view, each line's class probabilities."""

    view: PageView
    texts: list[str]
    regions: list[str]
    proba: np.ndarray
    features: np.ndarray


def ngrams(text: str) -> list[str]:
    """Character 1-3-grams: no segmenter needed, and 安全账户, 百家乐 still show."""
    return [text[i : i + n] for n in (1, 2, 3) for i in range(len(text) - n + 1)]


class LineModel:
    """What one line is about: TF-IDF over ``ngrams`` and a softmax, as plain arrays.

    Trained with scikit-learn (train_pages.py) but applied with NumPy alone: the
    estimators' input checks cost more than the arithmetic on a page of 30 lines.
    """

    def __init__(
        self, vocabulary: list[str], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray
    ) -> None:
        self.vocabulary = vocabulary
        self.index = {term: i for i, term in enumerate(vocabulary)}
        self.idf = idf.astype(np.float64)
        self.coef = coef.astype(np.float64)  # classes in SNIPPET_CLASSES order
        self.intercept = intercept.astype(np.float64)

    def vectors(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each text's (term indices, l2-normalised sublinear TF-IDF weights)."""
        out = []
        index = self.index
        for text in texts:
            counts: dict[int, int] = {}
            for gram in ngrams(text):
                j = index.get(gram)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            cols = np.fromiter(counts, dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            weights = (1.0 + np.log(tf)) * self.idf[cols]
            norm = float(np.sqrt(weights @ weights)) or 1.0
            out.append((cols, weights / norm))
        return out

    def proba(self, texts: list[str]) -> np.ndarray:
        scores = np.tile(self.intercept, (len(texts), 1))
        for row, (cols, weights) in enumerate(self.vectors(texts)):
            scores[row] += self.coef[:, cols] @ weights
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def read(self, page: str) -> _Read:
        pv = view(page)
        texts = [pv.head or " ", *(p for p in pv.head_pieces), *(s.text for s in pv.segments)]
        regions = ["head"] + ["piece"] * len(pv.head_pieces) + [s.region for s in pv.segments]
        proba = self.proba(texts)
        return _Read(pv, texts, regions, proba, _features(pv, texts, regions, proba))


def _features(pv: PageView, texts: list[str], regions: list[str], proba: np.ndarray) -> np.ndarray:
    where = np.array(regions)
    # a two-letter piece or link (体育, 天猫, 视频) is a channel or a site as often as spam;
    # a longer one that reads as spam (合肥同城约会) says what it is
    phrase = np.array([len(t.replace(" ", "")) >= 4 for t in texts])
    out: list[float] = []
    means = {}
    for region in REGIONS:
        rows = proba[where == region]
        keep = list(_COMMENT_CLASSES) if region == "comments" else list(range(5))
        if rows.size:
            mean = rows.mean(axis=0)
            out += [*mean[keep], *rows[:, :3].max(axis=0), 1.0]
        else:
            mean = np.zeros(5)
            out += [0.0] * (len(keep) + 4)
        means[region] = mean
    pieces = proba[where == "piece"]
    if pieces.size:
        spam = pieces[:, :3].max(axis=1)
        out += [*pieces[:, :3].max(axis=0), np.log1p(len(pieces)), float((spam > 0.5).mean())]
    else:
        out += [0.0] * 5
    links = proba[where == "links"]
    # gambling, porn and fraud ads alike where hijackers put them (head, top, links, hidden)
    link_spam = float((links[:, :3].max(axis=1) > 0.5).mean()) if links.size else 0.0
    article = means["body"][_W] + means["body"][_N] if (where == "body").any() else 0.0
    head_spam = max(proba[0, :3].max(), pieces[:, :3].max() if pieces.size else 0.0)
    top = proba[where == "top"]
    top_spam = float(top[:, :3].max()) if top.size else 0.0
    out += [
        link_spam,
        np.log1p(len(pv.form_fields)),
        head_spam * article,
        top_spam * article,
    ]
    text_rows = proba[(where == "top") | (where == "body")]
    if text_rows.size:
        article_share = float(((text_rows[:, 3] + text_rows[:, 4]) > 0.5).mean())
        spam_share = float(((text_rows[:, 1] + text_rows[:, 2]) > 0.5).mean())
    else:
        article_share = spam_share = 0.0
    anywhere = float(proba[:, 1:3].max())
    comments = proba[where == "comments"]
    if comments.size:
        comment_spam = float((comments[:, :3].max(axis=1) > 0.5).mean())
        clean_top = 1.0 - max(head_spam, top_spam)
    else:
        comment_spam = clean_top = 0.0
    out += [
        article_share,
        spam_share,
        anywhere * article_share,
        comment_spam,
        comment_spam * clean_top,
    ]
    fraud_rows = proba[where != "comments"][:, _F] > 0.5
    out += [np.log1p(float(fraud_rows.sum())), float(fraud_rows.mean())]
    top_article = float(top[:, 3:].sum(axis=1).mean()) if top.size else 0.0
    top_spam_lines = float((top[:, :3].max(axis=1) > 0.5).sum()) if top.size else 0.0
    out += [head_spam * top_article, head_spam * spam_share, np.log1p(top_spam_lines)]
    hidden = proba[where == "hidden"]
    hidden_spam = float((hidden[:, :3].max(axis=1) > 0.5).sum()) if hidden.size else 0.0
    link_spam_lines = float((links[:, :3].max(axis=1) > 0.5).sum()) if links.size else 0.0
    segments = max(1, len(pv.segments))
    out += [
        float(pv.cloaking),
        float(pv.cloaking) * article_share,
        np.log1p(hidden_spam),
        np.log1p(link_spam_lines),
        float(len(links)) / segments,
    ]
    # the same spam means one thing on a spam page and another under an ordinary article:
    # each place hijackers use, weighed by how much of the page is an article
    piece_spam = float(pieces[:, :3].max()) if pieces.size else float(proba[0, :3].max())
    tail = text_rows[-3:] if text_rows.size else text_rows
    bottom_spam = float(tail[:, :3].max()) if tail.size else 0.0
    hidden_max = float(hidden[:, :3].max()) if hidden.size else 0.0
    links_max = float(links[:, :3].max()) if links.size else 0.0
    long_pieces = proba[(where == "piece") & phrase]
    long_links = proba[(where == "links") & phrase]
    out += [
        piece_spam * article_share,
        bottom_spam * article_share,
        hidden_max * article_share,
        links_max * article_share,
        (float(long_pieces[:, :3].max()) if long_pieces.size else 0.0) * article_share,
        (float(long_links[:, :3].max()) if long_links.size else 0.0) * article_share,
    ]
    return np.asarray(out, dtype=np.float64)


class PageModel:
    """The two stages together; ``classify`` is what callers use.

    The page stage is the mean of a logistic regression (whose per-feature pushes
    give the Chinese reasons) and gradient-boosted trees (trees.py), which see the
    combinations a sum of features cannot."""

    def __init__(
        self,
        lines: LineModel,
        mean: np.ndarray,
        scale: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        classes: list[str],
        trees: TreeEnsemble | None = None,
    ) -> None:
        self.lines = lines
        self.trees = trees
        self.mean, self.scale = mean.astype(np.float64), scale.astype(np.float64)
        self.coef, self.intercept = coef.astype(np.float64), intercept.astype(np.float64)
        self.classes = classes
        self.names = feature_names()

    def classify(self, page: str) -> PageVerdict:
        from fanzha.patrol.explain import explain

        read = self.lines.read(page)
        x = (read.features - self.mean) / self.scale
        scores = self.coef @ x + self.intercept
        proba = np.exp(scores - scores.max())
        proba /= proba.sum()
        if self.trees is not None:  # the linear stage explains; both decide
            proba = 0.5 * (proba + self.trees.proba(read.features))
        best = int(proba.argmax())
        verdict = self.classes[best]
        push = x * (self.coef[best] - self.coef.mean(axis=0))
        reasons = explain(
            verdict, read, self.lines, dict(zip(self.names, push.tolist(), strict=True))
        )
        probabilities = dict(zip(self.classes, proba.tolist(), strict=True))
        return PageVerdict(verdict, float(proba[best]), reasons, probabilities)
