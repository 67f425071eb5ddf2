"""Web visits: a fraud site by the patrol's verdict, by a stem on a risky TLD, or by a
disguised host (``rules.disguised_hosts``): a bare IP address, punycode, or a trusted
domain worn as the front of another (``jd.com.x.net``, ``icbc.com.cn.cn-sec.cc``) —
what no bank, shop or government site does, and what lure links do to pass a glance."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from urllib.parse import urlsplit

from fanzha.contract.kinds import Web
from fanzha.detect.detectors.base import Finding, Memo, stem
from fanzha.detect.indicators import IndicatorLookup
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import SUBJECT, Detect, Registration, Tools, register
from fanzha.detect.state import Directory, PersonState


def on_web(
    e: Web,
    p: PersonState,
    d: Directory,
    r: Rules,
    ind: IndicatorLookup | None = None,
    memo: Memo | None = None,
) -> list[Signal]:
    found = site_finding(e.url, r, ind, memo)
    if found is None:
        return []
    return [Signal("fraud_site", e.ts, e.id, found[0], found[1])]


def site_finding(
    url: str, r: Rules, ind: IndicatorLookup | None, memo: Memo | None = None
) -> Finding:
    """What visiting a URL says on its own, whoever visits it."""
    if memo is None:
        return _site_finding(url, r, ind)
    # The host, hence the answer, depends only on the text up to the first "/"
    # after the "//": a city visits few sites, so most visits are one lookup.
    end = url.find("/", url.find("//") + 2)
    return memo.get(url if end < 0 else url[:end], _site_finding, url, r, ind)


def _site_finding(url: str, r: Rules, ind: IndicatorLookup | None) -> Finding:
    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:  # "http://[x": no host to judge; the visit says nothing
        return None
    if not host or _trusted(host, r.trusted_set):
        return None
    hit = stem(host, r.domain_stems)
    verdict = ind.site_verdict(host) if ind is not None else None
    if verdict is not None:
        return verdict, hit[0] if hit else None
    if r.disguised_hosts:
        disguise = disguised(host, r.trusted_set)
        if disguise is not None:
            return f"{host}（{disguise}）", hit[0] if hit else None
    if hit is None or host.rsplit(".", 1)[-1] not in r.risky_tlds:
        return None
    return host, hit[0]


def disguised(host: str, trusted: frozenset[str]) -> str | None:
    """How an untrusted host hides what it is, or None: an IP address, a punycode
    label, or a trusted domain worn in front of another domain."""
    if _IPV4.fullmatch(host) or ":" in host:  # urlsplit leaves an IPv6 literal unbracketed
        return "IP直连"
    labels = host.split(".")
    if any(label.startswith("xn--") for label in labels):
        return "punycode"
    for i in range(len(labels) - 1):  # "jd.com" at labels 0..1 of jd.com.x.net
        for j in range(i + 2, len(labels)):
            if ".".join(labels[i:j]) in trusted:
                return "冒用" + ".".join(labels[i:j])
    return None


_IPV4 = re.compile(r"\d{1,3}(\.\d{1,3}){3}")


def _trusted(host: str, trusted: frozenset[str]) -> bool:
    """The host or any parent domain of it is on the trusted list."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in trusted for i in range(len(labels) - 1))


def _bind(tools: Tools) -> Detect:
    return partial(on_web, ind=tools.indicators, memo=tools.site_memo)


def ordinary_web(r: Rules, tools: Tools) -> Callable[[Web], bool]:
    """Sites that say nothing on their own say nothing to anyone."""
    ind, memo = tools.indicators, tools.site_memo
    return lambda e: site_finding(e.url, r, ind, memo) is None


WEB = register(
    Registration(
        name="web",
        kind=Web,
        role=SUBJECT,
        emits=frozenset({"fraud_site"}),
        state=(),
        keeps_state=False,
        numbers=("domain_stems", "risky_tlds", "trusted_domains", "disguised_hosts"),
        bind=_bind,
        ordinary=ordinary_web,
    )
)
