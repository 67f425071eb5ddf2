"""What detection asks the patrol: is this site or app blocked, does it imitate a brand.

A protocol, so detectors neither know nor care whether the answer comes from
the 50M-entry patrol blocklist, a list file, or nothing at all; answers are
memoised per host and app, since people visit the same few sites all day.
"""

from __future__ import annotations

from typing import Protocol

LOOKALIKE_THRESHOLD = 0.5
_MAX_CACHE = 200_000


class IndicatorLookup(Protocol):
    def site_verdict(self, host: str) -> str | None:
        """Why a host is a likely fraud site (blocked, look-alike), or None."""
        ...

    def app_verdict(self, app: str) -> str | None: ...


class PatrolLookup:
    """Asks ``fanzha.patrol`` (blocklist and look-alike scoring), with memoisation."""

    def __init__(self, indicators: object) -> None:
        self.indicators = indicators
        self._sites: dict[str, str | None] = {}
        self._apps: dict[str, str | None] = {}

    def site_verdict(self, host: str) -> str | None:
        if host in self._sites:
            return self._sites[host]
        ind = self.indicators
        entry = ind.is_blocked_domain(host)  # type: ignore[attr-defined]
        verdict: str | None = None
        if entry is not None:
            verdict = f"{host}（拦截名单：{entry.reason or entry.source}）"
        else:
            look = ind.lookalike_score(host)  # type: ignore[attr-defined]
            if look.score >= LOOKALIKE_THRESHOLD:
                verdict = f"{host}（仿冒{look.brand}）"
        if len(self._sites) > _MAX_CACHE:
            self._sites.clear()
        self._sites[host] = verdict
        return verdict

    def app_verdict(self, app: str) -> str | None:
        if app not in self._apps:
            entry = self.indicators.is_blocked_app(app)  # type: ignore[attr-defined]
            if len(self._apps) > _MAX_CACHE:
                self._apps.clear()
            self._apps[app] = None if entry is None else f"{app}（拦截名单）"
        return self._apps[app]


def patrol_lookup() -> PatrolLookup:
    """The center's patrol blocklist (under the data dir) and look-alike scorer."""
    from fanzha.patrol.indicators import PatrolIndicators

    return PatrolLookup(PatrolIndicators.open())
