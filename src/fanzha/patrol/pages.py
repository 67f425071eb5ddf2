"""Page verdicts: fraud, gambling, porn_spam, hijacked or benign, with reasons.

Two parts, because they see different things. Structural checks find hijacking
(spam in the title over a normal article, footers of place names joined by '|',
link farms, pinyin glosses after traditional characters). A light text model —
character n-gram TF-IDF and logistic regression over traditional→simplified text,
trained on the generated corpus — names the kind of content. Character n-grams
need no segmenter and still catch 安全账户, 百家乐, 验证码.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import opencc

from fanzha.patrol.corpus import GAMBLING, PORN, generate_pages

_S2T = opencc.OpenCC("t2s")
_SPAM_WORDS = tuple({w for line in PORN + GAMBLING for w in line.split()})
_GLOSS = re.compile(r"[\u4e00-\u9fff]\([a-z]{1,6}\d?\)")


@dataclass
class PageVerdict:
    verdict: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "score": round(self.score, 3), "reasons": self.reasons}


class _Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.body: list[str] = []
        self.footer: list[str] = []
        self.anchors: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"meta", "br", "img", "link", "input", "hr"}:
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        text = data.strip()
        if not text or any(t in {"script", "style"} for t in self._stack):
            return
        if "title" in self._stack:
            self.title += text
        elif "footer" in self._stack:
            self.footer.append(text)
        else:
            self.body.append(text)
            if "a" in self._stack:
                self.anchors.append(text)


def _spam_hits(text: str) -> int:
    return sum(text.count(w) for w in _SPAM_WORDS)


def hijack_signs(parts: _Parts) -> list[str]:
    """Reasons the page looks like a legitimate one stuffed with spam (empty if none)."""
    signs = []
    body = _S2T.convert(" ".join(t for t in parts.body if t not in parts.anchors))
    title = _S2T.convert(parts.title)
    body_spam = _spam_hits(body) / max(1, len(body) / 100)
    if _spam_hits(title) >= 2 and body_spam < 1.0 and len(body) > 40:
        signs.append("spam keywords in the title over an ordinary article")
    footer = " ".join(parts.footer)
    if footer.count("|") >= 15:
        signs.append(f"footer lists {footer.count('|') + 1} items separated by '|'")
    spam_anchors = sum(1 for a in parts.anchors if _spam_hits(_S2T.convert(a)))
    if spam_anchors >= 15:
        signs.append(f"link farm: {spam_anchors} links with spam keywords")
    glosses = len(_GLOSS.findall(" ".join(parts.body)))
    if glosses >= 15:
        signs.append(f"{glosses} pinyin glosses inserted after characters")
    return signs


@lru_cache(maxsize=1)
def trained_model() -> Any:
    """Char n-gram TF-IDF + logistic regression, trained on the generated corpus (seed 1)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pages = generate_pages(120, seed=1)
    texts = [page_text(p.html) for p in pages]
    model = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2),
        LogisticRegression(max_iter=500, C=5.0),
    )
    model.fit(texts, [p.verdict for p in pages])
    return model


def page_text(html: str) -> str:
    parts = _Parts()
    parts.feed(html)
    text = " ".join([parts.title, *parts.body, *parts.footer])
    return str(_S2T.convert(_GLOSS.sub(lambda m: m.group(0)[0], text)))


def classify_page(html: str) -> PageVerdict:
    """The verdict for one page (HTML or plain text)."""
    parts = _Parts()
    parts.feed(html)
    signs = hijack_signs(parts)
    if signs:
        return PageVerdict("hijacked", min(1.0, 0.6 + 0.2 * len(signs)), signs)
    model = trained_model()
    text = page_text(html)
    probabilities = model.predict_proba([text])[0]
    classes = list(model.classes_)
    best = int(probabilities.argmax())
    verdict = str(classes[best])
    reasons = _top_terms(model, text, verdict)
    return PageVerdict(verdict, float(probabilities[best]), reasons)


def _top_terms(model: Any, text: str, verdict: str) -> list[str]:
    """The character n-grams that pushed the page towards its verdict most."""
    vectorizer, classifier = model.steps[0][1], model.steps[1][1]
    row = vectorizer.transform([text])
    index = list(classifier.classes_).index(verdict)
    weights = row.multiply(classifier.coef_[index]).toarray()[0]
    vocabulary = vectorizer.get_feature_names_out()
    top = weights.argsort()[::-1][:5]
    terms = [str(vocabulary[i]) for i in top if weights[i] > 0 and len(vocabulary[i].strip()) > 1]
    return [f"{verdict} terms: " + ", ".join(terms)] if terms else [f"model: {verdict}"]
