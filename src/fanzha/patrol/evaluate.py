"""Precision and recall on held-out sets: page verdicts and look-alike domains.

Pages come from a generator the model was not trained on: ``fanzha.sim.captures``
(written independently, read only through ``generate(seed, n)``) when it is
installed, otherwise our own generator's held-out vocabulary part (brands, phrases
and whole article genres never trained on). The domain set is
made here: mutations of protected names (typos, homoglyphs, pinyin, TLD swaps,
combinations) as positives; ordinary domains and the brands' own sub-domains as
negatives — the false alarms an analyst would have to wade through.
"""

from __future__ import annotations

import importlib
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from fanzha.patrol.classify import classify_page
from fanzha.patrol.corpus import HARMFUL, VERDICTS, generate_pages
from fanzha.patrol.lookalike import default_brands, score_domain

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
        recall = true_pos / actual if actual else 0.0
        figures.append(Figures(label, true_pos / predicted if predicted else 0.0, recall, actual))
    return figures


Holdout = Literal["captures", "field", "exam", "own"]
GENERATORS = {
    "captures": "fanzha.sim.captures",
    "field": "fanzha.sim.captures_field",
    "exam": "fanzha.sim.captures_exam",
}
"""Held-out page generators written apart from the classifier, by three authors (``exam``
was never consulted while tuning: it is the one to judge on)."""


@dataclass(frozen=True)
class PageReport:
    source: str
    figures: list[Figures]
    harmful_recall: float
    """Harmful pages given any harmful verdict."""
    benign_kept: float
    """Benign pages judged benign."""
    by_kind: dict[str, tuple[int, int]]
    """Finer label → (pages, right verdicts)."""
    confusion: dict[tuple[str, str], int]
    """(truth, verdict given) → pages: where the misses went."""


def captures_generator(name: str = "captures") -> Callable[[int, int], list[Any]] | None:
    """A held-out generator's ``generate`` when its module exists (used via its interface only)."""
    try:
        module = importlib.import_module(GENERATORS[name])
    except ModuleNotFoundError:
        return None
    generate: Callable[[int, int], list[Any]] = module.generate
    return generate


def held_out_pages(holdout: Holdout | None, per_verdict: int, seed: int) -> tuple[str, list[Any]]:
    """(description, pages with .text .verdict .kind) from the chosen held-out source."""
    name = holdout or "captures"
    generate = captures_generator(name) if name in GENERATORS else None
    if holdout in GENERATORS and generate is None:
        raise LookupError(f"{GENERATORS[name]} is not installed; use --holdout own")
    if generate is not None:
        return f"{GENERATORS[name]}, seed {seed}", generate(seed, per_verdict * len(VERDICTS))
    pages = generate_pages(per_verdict, seed=seed, part="holdout")
    return f"own generator, held-out vocabulary part, seed {seed}", pages


def evaluate_pages(
    per_verdict: int = 100, seed: int = 2, holdout: Holdout | None = None
) -> PageReport:

    source, pages = held_out_pages(holdout, per_verdict, seed)
    pairs = [(str(p.verdict), classify_page(p.text).verdict) for p in pages]
    harmful = [got for truth, got in pairs if truth in HARMFUL]
    benign = [got for truth, got in pairs if truth == "benign"]
    by_kind: dict[str, tuple[int, int]] = {}
    for page, (truth, got) in zip(pages, pairs, strict=True):
        kind = page.kind if page.kind.startswith(f"{truth}/") else f"{truth}/{page.kind}"
        total, right = by_kind.get(kind, (0, 0))
        by_kind[kind] = (total + 1, right + (truth == got))
    return PageReport(
        source,
        precision_recall(pairs, VERDICTS),
        sum(g in HARMFUL for g in harmful) / max(1, len(harmful)),
        sum(g == "benign" for g in benign) / max(1, len(benign)),
        dict(sorted(by_kind.items())),
        dict(Counter(pairs)),
    )


def evaluate_lookalikes(count: int = 2000, seed: int = 2) -> list[Figures]:
    pairs = []
    for domain, truth in generate_domains(count, seed):
        flagged = score_domain(domain).score >= LOOKALIKE_THRESHOLD
        pairs.append(("lookalike" if truth else "ordinary", "lookalike" if flagged else "ordinary"))
    return precision_recall(pairs, ("lookalike", "ordinary"))
