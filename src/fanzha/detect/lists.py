"""The center's own lists as detection signals: numbers, 涉案账户, sites and apps.

Why a module of its own: a call from a number the center has listed, or a
payment to an account on a freeze list, is the strongest fact detection can
have, yet the detectors only knew text, tags and keywords. Here the lists are
held in memory the way detection needs them — a dictionary lookup per call or
transfer, since every event of a city passes through — and each detector of
``detectors.py`` is wrapped so that a listed counterpart adds its own signal
(weights and wording in the rules file: ``listed_phone``, ``listed_account``,
``listed_site``, ``listed_app``). The detail of each signal names the list
entry (its source and reason), so the warning says which list said so.

Phones, accounts and URLs are loaded whole (a center lists thousands, not
millions); domains, IP addresses and apps are asked of the patrol blocklist,
which holds tens of millions, one answer per host memoised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, Final
from urllib.parse import urlsplit

import msgspec

from fanzha.contract.kinds import TYPOLOGY_NAMES_ZH, App, Call, Sms, Transfer, Web
from fanzha.detect.memo import BoundedMemo
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.state import Directory, PersonState

LIST_SIGNALS: Final = frozenset({"listed_phone", "listed_account", "listed_site", "listed_app"})
KIND_ZH: Final = {
    "phone": "涉诈号码",
    "account": "涉案账户",
    "domain": "涉诈域名",
    "url": "涉诈网址",
    "ip": "涉诈IP",
    "ipport": "涉诈IP端口",
    "app": "涉诈App",
}
_MEMO = 1 << 16

Detector = Callable[..., list[Signal]]


class ListHit(msgspec.Struct, frozen=True, kw_only=True):
    """One list entry that matched: what was listed, by whom, and why."""

    kind: str
    value: str
    source: str
    reason: str = ""
    typology: str = ""

    def detail(self) -> str:
        """The entry as a warning shows it: value, list, source, reason."""
        why = f"，理由：{self.reason}" if self.reason else ""
        return f"{self.value}，{KIND_ZH.get(self.kind, self.kind)}名单，来源：{self.source}{why}"

    def typology_hint(self) -> str | None:
        return self.typology if self.typology in TYPOLOGY_NAMES_ZH else None

    def signal(self, name: str, event_id: str, ts: Any) -> Signal:
        return Signal(name, ts, event_id, self.detail(), self.typology_hint())


def phone_variants(digits: str) -> list[str]:
    """The ways an event may write a number whose normalised form is ``digits``."""
    if not digits:
        return []
    forms = [digits, f"+{digits}"]
    if len(digits) == 11:  # a Chinese number without its country code
        forms += [f"+86{digits}", f"86{digits}", f"0086{digits}"]
    return forms


Lookup = Callable[[str], ListHit | None]


class CenterLists:
    """Listed phones, accounts and URLs in memory; sites and apps through lookups.

    ``sources`` are further account lists asked per payee (accounts on freeze
    lists, accounts partners tied to a ring): each a function that answers
    from memory. Adding an entry clears the memoised site answers.
    """

    def __init__(
        self,
        site_lookup: Lookup | None = None,
        app_lookup: Lookup | None = None,
        normalise_url: Callable[[str], str] | None = None,
    ) -> None:
        self.phones: dict[str, ListHit] = {}
        self.accounts: dict[str, ListHit] = {}
        self.urls: dict[str, ListHit] = {}
        self.account_sources: list[Lookup] = []
        self.site_lookup = site_lookup
        self.app_lookup = app_lookup
        self.normalise_url = normalise_url or (lambda url: url)
        self._sites: BoundedMemo[str, ListHit | None] = BoundedMemo(_MEMO)
        self._apps: BoundedMemo[str, ListHit | None] = BoundedMemo(_MEMO)
        self._lock = threading.Lock()

    def add(self, hits: Iterable[ListHit], normalised: Callable[[Any, str], str]) -> int:
        """Hold these entries (``normalised(kind, value)`` as the patrol store does)."""
        count = 0
        with self._lock:
            for hit in hits:
                value = normalised(hit.kind, hit.value)
                if not value:
                    continue
                count += 1
                if hit.kind == "phone":
                    listed = msgspec.structs.replace(hit, value=value)
                    self.phones.update(dict.fromkeys(phone_variants(value), listed))
                elif hit.kind == "account":
                    self.accounts[value] = msgspec.structs.replace(hit, value=value)
                elif hit.kind == "url":
                    self.urls[value] = msgspec.structs.replace(hit, value=value)
            self.forget_answers()
        return count

    def forget_answers(self) -> None:
        """Sites and apps are asked again (the blocklist changed)."""
        self._sites.clear()
        self._apps.clear()

    def phone(self, number: str) -> ListHit | None:
        return self.phones.get(number)

    def account(self, account_id: str) -> ListHit | None:
        hit = self.accounts.get(account_id)
        if hit is None:
            for source in self.account_sources:
                hit = source(account_id)
                if hit is not None:
                    break
        return hit

    def site(self, url: str) -> ListHit | None:
        """The entry listing this URL, its host, a parent domain, or its address."""
        if self.urls:
            hit = self.urls.get(self.normalise_url(url))
            if hit is not None:
                return hit
        if self.site_lookup is None:
            return None
        end = url.find("/", url.find("//") + 2)
        return self._sites.get(url if end < 0 else url[:end], self._site, url)

    def _site(self, url: str) -> ListHit | None:
        try:
            parts = urlsplit(url if "//" in url else f"//{url}")
            host, port = parts.hostname or "", parts.port
        except ValueError:
            return None
        if not host or self.site_lookup is None:
            return None
        return self.site_lookup(f"{host}:{port}" if port and _is_ip(host) else host)

    def app(self, app: str) -> ListHit | None:
        if self.app_lookup is None:
            return None
        return self._apps.get(app, self.app_lookup, app)


def _is_ip(host: str) -> bool:
    return host.replace(".", "").isdigit() or ":" in host


def from_patrol(indicators: Any) -> CenterLists:
    """The patrol store's phones, accounts and URLs in memory; its domains, addresses
    and apps asked per host (``PatrolIndicators``, or anything with its methods)."""
    from fanzha.patrol.names import normalise

    def hit_of(entry: Any) -> ListHit | None:
        if entry is None:
            return None
        return ListHit(
            kind=entry.kind,
            value=entry.value,
            source=entry.source,
            reason=entry.reason,
            typology=entry.typology,
        )

    def site(host: str) -> ListHit | None:
        if _is_ip(host.rsplit(":", 1)[0] if host.count(":") == 1 else host):
            return hit_of(indicators.is_blocked_ip(host))
        return hit_of(indicators.is_blocked_domain(host))

    lists = CenterLists(
        site_lookup=site,
        app_lookup=lambda app: hit_of(indicators.is_blocked_app(app)),
        normalise_url=lambda url: normalise("url", url),
    )
    blocklist = getattr(indicators, "blocklist", None)
    if blocklist is not None:
        now = indicators.clock.now()
        for kind in ("phone", "account", "url"):
            found = (hit_of(e) for e in blocklist.entries_of(kind, now))
            lists.add((h for h in found if h is not None), normalise)
    return lists


# ---- the detectors, with the lists ---------------------------------------------------------


def listed_detectors(lists: CenterLists) -> dict[type, Callable[[Detector], Detector]]:
    """For each event kind the lists speak about, how to wrap its detector."""

    def call(base: Detector) -> Detector:
        def detect(e: Call, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
            found = base(e, p, d, r)
            hit = lists.phone(e.caller)
            return found if hit is None else [hit.signal("listed_phone", e.id, e.ts), *found]

        return detect

    def sms(base: Detector) -> Detector:
        def detect(e: Sms, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
            found = base(e, p, d, r)
            hit = lists.phone(e.sender)
            return found if hit is None else [hit.signal("listed_phone", e.id, e.ts), *found]

        return detect

    def web(base: Detector) -> Detector:
        def detect(e: Web, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
            hit = lists.site(e.url)
            return base(e, p, d, r) if hit is None else [hit.signal("listed_site", e.id, e.ts)]

        return detect

    def app(base: Detector) -> Detector:
        def detect(e: App, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
            if e.action == "install" and (hit := lists.app(e.app)) is not None:
                return [hit.signal("listed_app", e.id, e.ts)]
            return base(e, p, d, r)

        return detect

    def transfer(base: Detector) -> Detector:
        def detect(e: Transfer, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
            found = base(e, p, d, r)
            hit = lists.account(e.to_account)
            return found if hit is None else [hit.signal("listed_account", e.id, e.ts), *found]

        return detect

    return {Call: call, Sms: sms, Web: web, App: app, Transfer: transfer}


def listed_ordinary(lists: CenterLists) -> dict[type, Callable[[Callable[[Any], bool]], Any]]:
    """An event the lists speak about is never ordinary, whatever else it says."""
    return {
        Call: lambda base: lambda e: base(e) and lists.phone(e.caller) is None,
        Sms: lambda base: lambda e: base(e) and lists.phone(e.sender) is None,
        Web: lambda base: lambda e: base(e) and lists.site(e.url) is None,
    }


__all__ = [
    "LIST_SIGNALS",
    "CenterLists",
    "ListHit",
    "from_patrol",
    "listed_detectors",
    "listed_ordinary",
    "phone_variants",
]
