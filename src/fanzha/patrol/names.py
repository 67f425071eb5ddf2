"""Normalising indicators and hashing them to 64 bits.

Why hashes: 50 million domains as Python strings would need gigabytes; as sorted
64-bit integers they need 400 MB on disk, memory-mapped. The keys themselves are
made in ``fanzha.patrol.keys`` (stable across processes and machines, unlike
Python's salted ``hash``). Collisions at 50M entries are about 1 in 10^11 per lookup.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

import tldextract

IndicatorKind = Literal["domain", "url", "app", "phone"]
KINDS: tuple[IndicatorKind, ...] = ("domain", "url", "app", "phone")


@lru_cache(maxsize=1)
def suffix_extractor() -> tldextract.TLDExtract:
    """tldextract with its bundled public-suffix snapshot only: no download, no cache."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def normalise_domain(text: str) -> str:
    """Lower-case, IDN to punycode, no scheme/path/port/trailing dot; '' if not a domain."""
    text = text.strip()
    if "/" in text or ":" in text:
        host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    else:
        host = text
    host = host.strip().rstrip(".").lower()
    if host.startswith("*."):
        host = host[2:]
    if not host or " " in host:
        return ""
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return ""
    return host


_PLAIN_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")


_STRIPPED = "".join(map(chr, (9, 11, 12, 13, 28, 29, 30, 31)))  # not 10: \n joins the batch
_NOT_PLAIN = ("/", ":", " ", "*", "..", ".\n", "\n.", "\n\n", *_STRIPPED)
"""Marks of a name that needs the full work: URL parts, wildcards, empty labels, and
every ASCII character ``str.strip`` would remove."""


def normalise_domains(texts: list[str]) -> list[str]:
    """``normalise_domain`` for a batch: plain host names (nearly all of a resolver's
    feed) pass one regular-expression check over the whole batch at C speed; otherwise
    each name is checked, and the odd ones get the full work."""
    joined = "\n".join(texts).lower()
    plain = (
        joined.isascii()
        and joined[:1] not in ("", ".", "\n")
        and joined[-1:] not in (".", "\n")
        and not any(mark in joined for mark in _NOT_PLAIN)
    )
    if plain:  # every name already a lower-case host: the whole batch in a few C calls
        names = joined.split("\n")
        if len(names) == len(texts):  # (a text holding a newline would split in two)
            return names
    out = []
    for text in texts:
        host = text.strip().lower()
        out.append(host if _PLAIN_HOST.fullmatch(host) else normalise_domain(text))
    return out


def normalise_url(text: str) -> str:
    """Host normalised, scheme and fragment dropped: ``host/path?query``."""
    parts = urlsplit(text.strip() if "//" in text else "//" + text.strip())
    host = normalise_domain(parts.hostname or "")
    if not host:
        return ""
    path = parts.path or "/"
    return host + path + (f"?{parts.query}" if parts.query else "")


def normalise_phone(text: str) -> str:
    """Digits only, China's +86/0086 prefix removed."""
    digits = "".join(ch for ch in text if ch.isdigit())
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix) :]
    return digits


def normalise(kind: IndicatorKind, text: str) -> str:
    if kind == "domain":
        return normalise_domain(text)
    if kind == "url":
        return normalise_url(text)
    if kind == "phone":
        return normalise_phone(text)
    return text.strip().lower()


def is_public_suffix(domain: str) -> bool:
    """True for 'com', 'com.cn', 'gov.cn': blocking those would block a whole country."""
    parts = suffix_extractor()(domain)
    return not parts.domain


def registrable_domain(domain: str) -> str:
    """``a.b.icbc.com.cn`` → ``icbc.com.cn`` (public-suffix aware)."""
    parts = suffix_extractor()(domain)
    return parts.top_domain_under_public_suffix or domain
