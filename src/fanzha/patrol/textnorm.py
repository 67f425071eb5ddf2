"""Normalising captured page text before anyone looks at it.

Spam hides from keyword lists with full-width letters, zero-width characters,
Cyrillic look-alikes, emoji or punctuation between characters, traditional script
and pinyin glosses left by converters (``驗(yàn)``). ``clean`` undoes what changes no
meaning (NFKC, zero-width, look-alikes, glosses, traditional→simplified); ``squash``
also drops what sits *between* characters, for the character n-gram model.

Traditional→simplified is done character by character from OpenCC's own table
(``TSCharacters.txt``): OpenCC's phrase-level converter costs ~25 ms a page in pure
Python, the table lookup microseconds, and character n-grams need no more.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e]")
_LOOKALIKE = str.maketrans("аеорсхукіјѕԁɡαοιν", "aeopcxykijsdgaoiv")
_LOOKALIKE_CHARS = re.compile("[аеорсхукіјѕԁɡαοιν]")
TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ"
GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])\s?\([a-z{TONES}]{{1,7}}[1-5]?\)")
_BETWEEN = re.compile(
    r"(?<=[\u3400-\u9fff])[\s*.·•~^_/\\|+\-=#@&%$!！？?♥❤★☆◆●○■□▲△♡✿❀✦✧]{1,3}(?=[\u3400-\u9fff])"
)
_SYMBOLS = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u20E3]")
_SPACES = re.compile(r"[ \t\u3000]+")
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=2)
def _table(name: str) -> dict[int, str]:
    text = resources.files("opencc").joinpath(f"dictionary/{name}").read_text("utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets:
            table[ord(source)] = targets.split(" ")[0]
    return table


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern[str]:
    chars = "".join(re.escape(chr(c)) for c in _table("TSCharacters.txt"))
    return re.compile(f"[{chars}]")


def to_simplified(text: str) -> str:
    if _traditional_chars().search(text) is None:  # most pages: a C-speed scan, no copy
        return text
    return text.translate(_table("TSCharacters.txt"))


def to_traditional(text: str) -> str:
    return text.translate(_table("STCharacters.txt"))


def clean(text: str) -> str:
    """NFKC, no zero-width, Latin for look-alikes, lower case, no glosses, simplified."""
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH.sub("", text).lower()
    if _LOOKALIKE_CHARS.search(text):
        text = text.translate(_LOOKALIKE)
    if "(" in text:
        text = GLOSS.sub("", text)
    return to_simplified(text)


def squash(cleaned: str) -> str:
    """What the n-gram model reads: no emoji, nothing between two characters, every
    number one ``0`` (a page's counts, dates and prices say nothing of its topic, and a
    model that learnt them would read ``365`` in any article as a betting brand)."""
    text = _SYMBOLS.sub("", cleaned)
    text = _DIGITS.sub("0", text)
    text = _BETWEEN.sub("", text)
    return _SPACES.sub(" ", text).strip()


def cjk_share(text: str) -> float:
    if not text:
        return 0.0
    return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff") / len(text)
