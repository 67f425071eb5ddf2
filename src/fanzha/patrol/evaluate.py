"""Precision and recall on held-out sets: page verdicts and look-alike domains.

The page set is generated with a seed never used for training. The domain set is
made here: mutations of protected names (typos, homoglyphs, pinyin, TLD swaps,
combinations) as positives; ordinary domains and the brands' own sub-domains as
negatives — the false alarms an analyst would have to wade through.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from fanzha.patrol.corpus import VERDICTS, generate_pages
from fanzha.patrol.lookalike import default_brands, score_domain
from fanzha.patrol.pages import classify_page

LOOKALIKE_THRESHOLD = 0.5
_TLDS = ["top", "xyz", "cc", "vip", "net", "com", "cn", "shop", "icu", "online"]
_LURES = ["kefu", "vip", "login", "app", "service", "secure", "tuikuan", "online"]
_ORDINARY = [
    "sina",
    "sohu",
    "baidu",
    "taobao",
    "jd",
    "meituan",
    "douyin",
    "bilibili",
    "zhihu",
    "weather",
    "news",
    "school",
    "hospital",
    "library",
    "garden",
    "coffee",
    "travel",
    "music",
    "cloud",
    "games",
    "photo",
    "china",
    "wuhan",
    "hubei",
    "market",
    "repair",
    "dental",
    "flower",
    "bakery",
    "hotel",
    "english",
    "math",
    "physics",
    "lawyer",
    "auto",
    "tea",
]
# Real-world names that share letters with protected ones: the hard false alarms.
_HARD_NEGATIVES = [
    "police-academy",
    "abcmart",
    "ccbox",
    "governance",
    "cmbuild",
    "mpsoft",
    "unionparty",
    "icbm",
    "cheshi",
    "wechall",
    "gov-data",
    "tielu-news",
    "bankofamerica",
    "alipapa",
    "chsinfo",
    "weixing",
    "boconcept",
    "abcam",
]
_HOMOGLYPH = {"a": "а", "o": "0", "i": "1", "l": "1", "e": "е", "c": "с", "m": "rn"}


@dataclass(frozen=True)
class Figures:
    label: str
    precision: float
    recall: float
    support: int


def _mutate(keyword: str, rng: random.Random) -> str:
    style = rng.randrange(5)
    if style == 0 and len(keyword) >= 4:
        i = rng.randrange(len(keyword) - 1)
        return keyword[:i] + keyword[i + 1] + keyword[i] + keyword[i + 2 :]
    if style == 1:
        spots = [i for i, ch in enumerate(keyword) if ch in _HOMOGLYPH]
        if spots:
            i = rng.choice(spots)
            return keyword[:i] + _HOMOGLYPH[keyword[i]] + keyword[i + 1 :]
    if style == 2 and len(keyword) >= 4:
        i = rng.randrange(len(keyword))
        return keyword[:i] + keyword[i + 1 :]
    if style == 3:
        return f"{keyword}-{rng.choice(_LURES)}"
    return f"{rng.choice(_LURES)}-{keyword}"


def generate_domains(count: int, seed: int) -> list[tuple[str, bool]]:
    """(domain, is_lookalike) pairs, half each."""
    rng = random.Random(seed)
    brands = default_brands()
    out: list[tuple[str, bool]] = []
    for _ in range(count // 2):
        brand = rng.choice(brands)
        pick = rng.random()
        if pick < 0.15 and brand.variants:
            name = f"{rng.choice(brand.variants)}-{rng.choice(_LURES)}"
        elif pick < 0.25:
            name = f"www-{rng.choice(brand.official).replace('.', '-')}"
        else:
            name = _mutate(rng.choice(brand.keywords), rng)
        out.append((f"{name}.{rng.choice(_TLDS)}", True))
        words = rng.sample(_ORDINARY, rng.choice([1, 2]))
        chance = rng.random()
        if chance < 0.1:
            out.append((f"{rng.choice(_HARD_NEGATIVES)}.{rng.choice(_TLDS)}", False))
        elif chance < 0.3:
            out.append((f"{rng.choice(_ORDINARY)}.{rng.choice(brand.official)}", False))
        else:
            out.append(("-".join(words) + f".{rng.choice(_TLDS)}", False))
    return out


def precision_recall(pairs: list[tuple[str, str]], labels: tuple[str, ...]) -> list[Figures]:
    """pairs are (truth, predicted)."""
    counts = Counter(pairs)
    figures = []
    for label in labels:
        true_pos = counts[(label, label)]
        predicted = sum(n for (_, p), n in counts.items() if p == label)
        actual = sum(n for (t, _), n in counts.items() if t == label)
        figures.append(
            Figures(label, true_pos / predicted if predicted else 0.0, true_pos / actual, actual)
        )
    return figures


def evaluate_pages(per_verdict: int = 60, seed: int = 2) -> list[Figures]:
    pages = generate_pages(per_verdict, seed=seed, held_out=True)
    pairs = [(p.verdict, classify_page(p.html).verdict) for p in pages]
    return precision_recall(pairs, VERDICTS)


def evaluate_lookalikes(count: int = 2000, seed: int = 2) -> list[Figures]:
    pairs = []
    for domain, truth in generate_domains(count, seed):
        flagged = score_domain(domain).score >= LOOKALIKE_THRESHOLD
        pairs.append(("lookalike" if truth else "ordinary", "lookalike" if flagged else "ordinary"))
    return precision_recall(pairs, ("lookalike", "ordinary"))
