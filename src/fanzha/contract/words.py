"""Words and likenesses both detection and the partners' checks judge by: one answer each.

Detection raises ``parcel_cash_or_gold`` and ``gold_mail_elsewhere``; a
courier's or gold shop's check (``partners.checks``) asks the same questions
at the counter. They used to answer them with two word lists and two
thresholds; here is the one answer both read.
"""

from __future__ import annotations

import difflib
import re
from typing import Final

CASH_OR_GOLD: Final = re.compile(r"现金|黄金|金条|金饰|現金|黃金|金條")
"""Cash or gold named as what is carried or mailed (simplified and traditional)."""
BANK_CARDS: Final = re.compile(r"银行卡|储蓄卡|信用卡|存折|U盾|网银盾|手机卡|电话卡|SIM卡", re.I)
"""Bank or phone cards (or the keys to them) sent on: what a card-selling ring (断卡)
collects from the people who rent their accounts out. A question only the courier's
check asks — detection warns on victims, not on card sellers."""
DOCUMENTS: Final = re.compile(r"文件|资料")
"""The "documents" fraudsters tell victims to declare when they mail cash."""

SAME_ADDRESS_MIN_RATIO: Final = 0.6
"""Two addresses this alike (``difflib`` ratio) or more are taken as one place: typos,
a missing district or a building number written two ways still match."""


def address_similarity(a: str, b: str) -> float:
    """0 (nothing in common) to 1 (the same text)."""
    return difflib.SequenceMatcher(None, a, b).ratio()


def addresses_differ(
    a: str | None, b: str | None, min_ratio: float = SAME_ADDRESS_MIN_RATIO
) -> bool:
    """True when two known addresses are clearly not the same place (typos tolerated);
    False when either is unknown, for nothing can be said then."""
    if not a or not b:
        return False
    return address_similarity(a, b) < min_ratio


__all__ = [
    "BANK_CARDS",
    "CASH_OR_GOLD",
    "DOCUMENTS",
    "SAME_ADDRESS_MIN_RATIO",
    "address_similarity",
    "addresses_differ",
]
