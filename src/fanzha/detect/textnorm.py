"""Normalised text and its character n-grams: what the text model reads.

Lure texts hide their words from keyword lists: 薇/V/➕ for 微信 and 加,
full-width letters and digits, traditional characters, zero-width spaces,
emoji and spaces or dots between the characters (刷 单, 刷.单). Every text is
brought to one form first, so 加薇 and ➕V and 加 微 all read as 加微, and the
n-grams a model learned on one spelling fire on all of them.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Final

import opencc
from opencc import OpenCC

_TO_SIMPLIFIED: Final = OpenCC("t2s")


def _traditional_characters() -> frozenset[str]:
    """Characters OpenCC's t2s changes: a text without any needs no conversion (the
    pure-Python converter costs more than everything else normalising does)."""
    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    found = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values.split() != [key]:
            found.add(key)
    return frozenset(found)


_TRADITIONAL: Final = _traditional_characters()
_INVISIBLE: Final = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_HOMOGLYPHS: Final = str.maketrans(
    {
        "薇": "微",
        "威": "微",
        "➕": "加",
        "＋": "加",
        "伽": "加",
        "珈": "加",
        "κ": "k",
        "Ⓠ": "q",
        "Ⓥ": "v",
    }
)
_WECHAT: Final = re.compile(r"(?<![a-z])(?:v|vx|wx|weixin)(?:信)?(?![a-z])|微x|微信号?")
_QQ: Final = re.compile(r"(?<![a-z])(?:qq|扣扣|企鹅)(?:号)?")
_FILLER: Final = re.compile(r"(?<=[\u4e00-\u9fff])[\s\*\-_·•|~.。、,，/\\]+(?=[\u4e00-\u9fff])")
_DIGITS: Final = re.compile(r"\d+")
_SPACES: Final = re.compile(r"\s+")
NGRAM_SIZES: Final = (1, 2, 3)


def normalise(text: str) -> str:
    """One spelling for the many a lure uses (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", text)  # full-width → ASCII, ① → 1, compatibility forms
    text = _INVISIBLE.sub("", text)
    if not _TRADITIONAL.isdisjoint(text):
        text = _TO_SIMPLIFIED.convert(text)
    text = text.lower().translate(_HOMOGLYPHS)  # before emoji go: ➕
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Sk", "Cf", "Co"))
    text = _FILLER.sub("", text)
    text = _WECHAT.sub("微信", text)
    text = _QQ.sub("qq", text)
    text = _DIGITS.sub("0", text)  # codes, amounts and dates vary; that they are there does not
    return _SPACES.sub(" ", text).strip()


def digits_folded(text: str) -> str:
    """The text with each run of digits as 0: a cheap key under which texts that differ
    only in codes and amounts share one normalisation and one score."""
    return _DIGITS.sub("0", text)


def ngrams(normalised: str) -> set[str]:
    """The distinct character n-grams of an already normalised text."""
    grams: set[str] = set()
    for n in NGRAM_SIZES:
        grams.update(normalised[i : i + n] for i in range(len(normalised) - n + 1))
    return grams


__all__ = ["NGRAM_SIZES", "digits_folded", "ngrams", "normalise"]
