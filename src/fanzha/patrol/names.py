"""Normalising indicators and hashing them to 64 bits.

Why hashes: 50 million domains as Python strings would need gigabytes; as sorted
64-bit integers they need 400 MB on disk, memory-mapped. The keys themselves are
made in ``fanzha.patrol.keys`` (stable across processes and machines, unlike
Python's salted ``hash``). Collisions at 50M entries are about 1 in 10^11 per lookup.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

import tldextract

IndicatorKind = Literal["domain", "url", "app", "phone", "account", "ip", "ipport"]
KINDS: tuple[IndicatorKind, ...] = ("domain", "url", "app", "phone", "account", "ip", "ipport")
"""Order matters: a stored entry keeps its kind as an index into this tuple (append only)."""


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
    """Host normalised, scheme and fragment dropped: ``host/path?query``; "" if no URL.

    ``urlsplit`` raises on a bracket that opens no IPv6 address (``y]x``); such a
    value is no URL, so it normalises to nothing and the caller skips it alone.
    """
    try:
        parts = urlsplit(text.strip() if "//" in text else "//" + text.strip())
    except ValueError:
        return ""
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


def normalise_account(text: str) -> str:
    """Bank card and account ids (涉案账户) as digits only: spaces and dashes vary by
    who typed them; fewer than 6 digits is no account."""
    digits = "".join(ch for ch in text if ch.isdigit() and ch.isascii())
    return digits if len(digits) >= 6 else ""


def normalise_ip(text: str) -> str:
    """One address (v4 or v6, compressed form) or a CIDR range (``10.1.0.0/16``); ''
    when neither. A range with host bits set is refused, not silently widened."""
    text = text.strip().strip("[]")
    try:
        if "/" in text:
            network = ipaddress.ip_network(text, strict=True)
            if network.prefixlen == network.max_prefixlen:
                return str(network.network_address)
            return str(network)
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""


def normalise_ipport(text: str) -> str:
    """``1.2.3.4:443`` or ``[2001:db8::1]:443`` (also ``1.2.3.4 443``); '' when malformed."""
    parts = text.split()
    if len(parts) == 2:
        host, port = parts
    else:
        host, _, port = text.strip().rpartition(":")
    host = host.strip().strip("[]")
    if not port.isdigit() or not 0 < int(port) < 65536:
        return ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return ""
    shown = f"[{address}]" if address.version == 6 else str(address)
    return f"{shown}:{int(port)}"


def split_ipport(value: str) -> tuple[str, int]:
    """A normalised ``ip:port`` back into its address and port."""
    host, _, port = value.rpartition(":")
    return host.strip("[]"), int(port)


def normalise(kind: IndicatorKind, text: str) -> str:
    if kind == "domain":
        return normalise_domain(text)
    if kind == "url":
        return normalise_url(text)
    if kind == "phone":
        return normalise_phone(text)
    if kind == "account":
        return normalise_account(text)
    if kind == "ip":
        return normalise_ip(text)
    if kind == "ipport":
        return normalise_ipport(text)
    return text.strip().lower()


def is_range(kind: IndicatorKind, value: str) -> bool:
    """A CIDR range: kept in the store's small interval table, not the hashed segments."""
    return kind == "ip" and "/" in value


def is_public_suffix(domain: str) -> bool:
    """True for 'com', 'com.cn', 'gov.cn': blocking those would block a whole country."""
    parts = suffix_extractor()(domain)
    return not parts.domain


def registrable_domain(domain: str) -> str:
    """``a.b.icbc.com.cn`` → ``icbc.com.cn`` (public-suffix aware)."""
    parts = suffix_extractor()(domain)
    return parts.top_domain_under_public_suffix or domain
