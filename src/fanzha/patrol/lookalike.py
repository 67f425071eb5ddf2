"""Look-alike domains of protected names (banks, payment apps, police, government).

Every check is a named reason so an analyst sees *why* a domain scored: a typo
one key away, a homoglyph (Cyrillic 'а', '0' for 'o', 'rn' for 'm'), a pinyin
variant (gongshang → ICBC), a TLD swap (icbc.top), a combination
(icbc-kefu.top) or a brand's whole domain nested in another (www-icbc.com.cn.xyz).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from fanzha.patrol.names import normalise_domain, suffix_extractor

# Confusables that survive NFKC: Cyrillic/Greek letters and digit-for-letter swaps.
_CONFUSABLE = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
        "ј": "j", "ԁ": "d", "ѕ": "s", "ɡ": "g", "ο": "o", "α": "a", "ν": "v", "ι": "i",
        "κ": "k", "τ": "t", "ρ": "p", "0": "o", "1": "l", "i": "l", "3": "e", "5": "s", "@": "a",
    }
)  # fmt: skip
_MULTI = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_FRAUD_WORDS = (
    "kefu", "vip", "login", "pay", "app", "secure", "service", "verify", "safe", "help",
    "online", "bank", "dl", "tuikuan", "lipei", "daikuan", "zhuxiao", "anquan", "jiedong",
)  # fmt: skip
_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, set[str]]:
    near: dict[str, set[str]] = {}
    for r, row in enumerate(_KEYBOARD_ROWS):
        for c, ch in enumerate(row):
            around = near.setdefault(ch, set())
            for dr in (-1, 0, 1):
                if 0 <= r + dr < len(_KEYBOARD_ROWS):
                    other = _KEYBOARD_ROWS[r + dr]
                    around.update(other[max(0, c - 1) : c + 2])
            around.discard(ch)
    return near


_NEAR = _neighbours()


@dataclass(frozen=True)
class Brand:
    name: str
    keywords: tuple[str, ...]
    variants: tuple[str, ...]
    official: tuple[str, ...]


@dataclass
class LookalikeScore:
    domain: str
    score: float = 0.0
    brand: str = ""
    reasons: list[str] = field(default_factory=list)

    def note(self, brand: str, score: float, reason: str) -> None:
        if score > self.score:
            self.score, self.brand = score, brand
        self.reasons.append(reason)


def load_brands(path: Path | None = None) -> list[Brand]:
    """The protected names: the built-in YAML or the center's own file."""
    if path is None:
        text = resources.files("fanzha.patrol").joinpath("config/protected.yaml").read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)["brands"]
    return [
        Brand(
            name=str(name),
            keywords=tuple(str(k) for k in spec.get("keywords", [])),
            variants=tuple(str(v) for v in spec.get("variants", [])),
            official=tuple(str(o) for o in spec.get("official", [])),
        )
        for name, spec in data.items()
    ]


@lru_cache(maxsize=1)
def default_brands() -> tuple[Brand, ...]:
    return tuple(load_brands())


def unicode_form(domain: str) -> str:
    """Punycode labels decoded, so 'xn--icb-...' is judged by what a victim sees."""
    labels = []
    for label in domain.split("."):
        try:
            labels.append(label.encode().decode("idna") if label.startswith("xn--") else label)
        except UnicodeError:
            labels.append(label)
    return ".".join(labels)


@lru_cache(maxsize=1 << 16)
def skeleton(text: str) -> str:
    """What a glance reads: NFKC, confusables folded, 'rn' as 'm'. Cached: every
    风险查询 of an unlisted name folds its tokens and every brand keyword again."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_CONFUSABLE)
    for many, one in _MULTI:
        text = text.replace(many, one)
    return text


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: swaps of neighbours count as one slip."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def one_edit_apart(a: str, b: str) -> bool:
    """``edit_distance(a, b) == 1`` in one pass instead of the whole table: every
    风险查询 of an unlisted name asks it of each token against each brand keyword."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1 or a == b:
        return False
    start = 0
    while start < len(b) and a[start] == b[start]:
        start += 1
    if len(a) != len(b):  # one character inserted at the first difference
        return a[start + 1 :] == b[start:]
    if a[start + 1 :] == b[start + 1 :]:  # one replaced
        return True
    return (  # two neighbours swapped
        start + 1 < len(a)
        and a[start] == b[start + 1]
        and a[start + 1] == b[start]
        and a[start + 2 :] == b[start + 2 :]
    )


def adjacent_slip(token: str, keyword: str) -> bool:
    """Same length, one character replaced by a key next to it."""
    if len(token) != len(keyword):
        return False
    diffs = [(t, k) for t, k in zip(token, keyword, strict=True) if t != k]
    return len(diffs) == 1 and diffs[0][0] in _NEAR.get(diffs[0][1], set())


def is_official(domain: str, brand: Brand) -> bool:
    return any(domain == o or domain.endswith("." + o) for o in brand.official)


def score_domain(raw: str, brands: tuple[Brand, ...] | None = None) -> LookalikeScore:
    """Score 0..1 that ``raw`` imitates a protected name; 0 for the brand's own domains."""
    brands = brands if brands is not None else default_brands()
    domain = normalise_domain(raw)
    result = LookalikeScore(domain=domain)
    if not domain or any(is_official(domain, b) for b in brands):
        return result
    shown = unicode_form(domain)
    parts = suffix_extractor()(domain)
    shown_parts = shown.split(".")
    tokens = [t for t in re.split(r"[-_.]", shown) if t]
    suffix_tokens = set(parts.suffix.split("."))
    name_tokens = [t for t in tokens if t not in suffix_tokens] or tokens
    fraud_words = [w for w in _FRAUD_WORDS if any(w in t for t in name_tokens)]
    for brand in brands:
        _score_brand(result, brand, shown, shown_parts, name_tokens, parts.domain)
    if result.score and fraud_words:
        result.score = min(1.0, result.score + 0.1)
        result.reasons.append("lure word: " + ", ".join(fraud_words))
    return result


def _score_brand(
    result: LookalikeScore,
    brand: Brand,
    shown: str,
    shown_parts: list[str],
    tokens: list[str],
    registrable_name: str,
) -> None:
    dotted = "." + re.sub(r"[-_]", ".", shown) + "."
    for official in brand.official:
        if f".{official}." in dotted:
            result.note(brand.name, 0.9, f"{brand.name}: official domain {official} nested")
            return
    for keyword in brand.keywords:
        for token in tokens:
            _score_token(result, brand, keyword, token, registrable_name)
    for variant in brand.variants:
        if any(t == variant or (len(variant) >= 5 and variant in t) for t in tokens):
            result.note(brand.name, 0.7, f"{brand.name}: pinyin/abbreviation '{variant}'")


def _score_token(
    result: LookalikeScore, brand: Brand, keyword: str, token: str, registrable_name: str
) -> None:
    folded = skeleton(token)
    if token == keyword:
        if registrable_name == keyword:
            result.note(brand.name, 0.85, f"{brand.name}: brand name on another TLD")
        else:
            result.note(brand.name, 0.8, f"{brand.name}: brand name inside '{token}'")
    elif folded == skeleton(keyword) and token != keyword:
        result.note(brand.name, 0.9, f"{brand.name}: homoglyph '{token}'")
    elif len(keyword) >= 4 and adjacent_slip(token, keyword):
        result.note(brand.name, 0.8, f"{brand.name}: keyboard slip '{token}'")
    elif len(keyword) >= 4 and one_edit_apart(token, keyword):
        result.note(brand.name, 0.75, f"{brand.name}: typo '{token}'")
    elif len(keyword) >= 4 and keyword in folded:
        result.note(brand.name, 0.75, f"{brand.name}: brand combined in '{token}'")
    elif len(keyword) <= 3 and folded.startswith(keyword) and len(folded) <= len(keyword) + 5:
        rest = folded[len(keyword) :]
        if any(w in rest for w in _FRAUD_WORDS):
            result.note(brand.name, 0.7, f"{brand.name}: brand combined in '{token}'")
