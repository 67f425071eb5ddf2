"""Addresses as a key: the same pick-up point written two ways must be one address.

Couriers, express carriers and banks type addresses by hand: full-width digits,
traditional characters, spaces, a province in front or not, 号 or #. A ring
that gives victims one drop-off address is found only if these spellings meet,
so every address is reduced to one normal form before it is compared.
"""

from __future__ import annotations

import re
import unicodedata

_TRADITIONAL = str.maketrans(
    "號棟單門樓區國園場華灣廣東長陽漢車貨鄉鎮縣館賓龍紅綠銀寶豐興濱橋層",
    "号栋单门楼区国园场华湾广东长阳汉车货乡镇县馆宾龙红绿银宝丰兴滨桥层",
)
_NOISE = re.compile(
    r"[\s\u200b-\u200f\u2060\ufeff,，.。、;；:：'\"“”‘’()（）\[\]【】<>《》_\-—~·]+"
)
_PREFIX = re.compile(r"^(中国|中華人民共和国|中华人民共和国)?([^省]{2,3}省)?")
_HASH_NUMBER = re.compile(r"(\d+)#")


def normalise_address(address: str) -> str:
    """One spelling per place: NFKC, simplified characters, no spaces or punctuation,
    no country or province in front, ``12#`` as ``12号``, Latin letters upper case."""
    text = unicodedata.normalize("NFKC", address).translate(_TRADITIONAL)
    text = _NOISE.sub("", text)
    text = _HASH_NUMBER.sub(r"\1号", text)
    text = _PREFIX.sub("", text, count=1)
    return text.upper()
