"""How spam hides, and what crawlers do to captured text: the generator's transforms.

Term-level tricks (spaces, symbols, zero-width characters, full-width letters,
Cyrillic look-alikes, emoji, pinyin initials) and page-level capture damage
(traditional script, pinyin glosses such as ``驗(yàn)``, ``?`` for characters lost
in a wrong encoding, stray ``<tr id=…>`` fragments, mojibake).
"""

from __future__ import annotations

import random

from pypinyin import Style, lazy_pinyin, pinyin

from fanzha.patrol.textnorm import to_traditional

_EMOJI = "🔥💰🎰🎲⚽🏀🔞💋👙🍑❤✅🧧💎🎁⭐🌹💦"
_BETWEEN = [" ", "*", ".", "·", "~", "❤", "★", "_", "-", "/"]
_ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff"]
_CYRILLIC = str.maketrans("aeopcxy", "аеорсху")
_STRAY = [
    '<tr id="tr_{n}">',
    "</td><td>",
    '<td class="c{n}">',
    "&nbsp;",
    "</tr>",
    '<div id="d{n}">',
]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def initials(text: str) -> str:
    """百家乐 → bjl: how spam names a thing without writing it."""
    return "".join(p[0] for p in pinyin(text, style=Style.FIRST_LETTER) if p and p[0])


def obfuscate(term: str, rng: random.Random) -> str:
    """One trick applied to one spam term."""
    trick = rng.randrange(9)
    if trick == 0:
        return rng.choice(_BETWEEN).join(term)
    if trick == 1:
        return rng.choice(_ZERO_WIDTH).join(term)
    if trick == 2:
        return full_width(term)
    if trick == 3:
        return term.translate(_CYRILLIC) if term.isascii() else to_traditional(term)
    if trick == 4:
        return rng.choice(_EMOJI) + term + rng.choice(_EMOJI)
    if trick == 5 and len(term) >= 3 and all(_is_cjk(c) for c in term):
        return initials(term)
    if trick == 6 and len(term) >= 2:
        i = rng.randrange(len(term))
        if _is_cjk(term[i]):
            return term[:i] + lazy_pinyin(term[i])[0] + term[i + 1 :]
    if trick == 7:
        return " ".join(term)
    return term


def glossed(text: str, rng: random.Random, share: float) -> str:
    """Traditional characters, a share of them followed by a tone-marked pinyin gloss."""
    out = []
    for char in to_traditional(text):
        out.append(char)
        if _is_cjk(char) and rng.random() < share:
            out.append(f"({pinyin(char, style=Style.TONE)[0][0]})")
    return "".join(out)


def capture_damage(text: str, rng: random.Random, strength: float, tags: bool = True) -> str:
    """What a crawler's store does to a page: encoding holes, stray tags, glosses."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if _is_cjk(ch) and rng.random() < strength * 0.05:
            chars[i] = "?"
    text = "".join(chars)
    if rng.random() < strength:
        text = glossed(text, rng, share=0.1 * strength)
    lines = text.split("\n")
    for i in range(len(lines)):
        if tags and rng.random() < strength * 0.3:
            fragment = rng.choice(_STRAY).format(n=rng.randrange(1, 99))
            lines[i] = lines[i] + fragment if rng.random() < 0.5 else fragment + lines[i]
    if rng.random() < strength * 0.3:
        lines.insert(
            rng.randrange(len(lines) + 1), rng.choice(["锟斤拷", "\ufffd\ufffd", "烫烫烫"])
        )
    return "\n".join(lines)
