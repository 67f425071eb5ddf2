"""What detection asks the patrol: is this site or app blocked, does it imitate a brand.

A protocol, so detectors neither know nor care whether the answer comes from
the 50M-entry patrol blocklist, a list file, or nothing at all; answers are
memoised per host and app, since people visit the same few sites all day.
"""

from __future__ import annotations

from typing import Protocol

from fanzha.detect.lists import from_patrol
from fanzha.detect.memo import BoundedMemo

LOOKALIKE_THRESHOLD = 0.5
_MAX_CACHE = 200_000


class IndicatorLookup(Protocol):
    def site_verdict(self, host: str) -> str | None:
        """Why a host is a likely fraud site (blocked, look-alike), or None."""
        ...

    def app_verdict(self, app: str) -> str | None: ...


class PatrolLookup:
    """Asks ``fanzha.patrol`` (blocklist and look-alike scoring), with memoisation.

    Each consultation that a blocklist rule answers counts as a detection hit of
    that rule (memoised answers too: the counter says how often detection leaned
    on the rule, not how often the store was searched).
    """

    def __init__(self, indicators: object) -> None:
        self.indicators = indicators
        self._sites: BoundedMemo[str, tuple[str | None, object]] = BoundedMemo(_MAX_CACHE)
        self._apps: BoundedMemo[str, tuple[str | None, object]] = BoundedMemo(_MAX_CACHE)
        self._count = getattr(indicators, "count_hit", None)
        self.lists = from_patrol(indicators)
        """The center's lists as detection reads them (``detect.lists``)."""

    def forget_answers(self) -> None:
        """The blocklist changed: ask it again (new entries count at once)."""
        self._sites.clear()
        self._apps.clear()
        self.lists.forget_answers()

    def site_verdict(self, host: str) -> str | None:
        return self._counted(self._sites.get(host, self._site_verdict, host))

    def app_verdict(self, app: str) -> str | None:
        return self._counted(self._apps.get(app, self._app_verdict, app))

    def _counted(self, answer: tuple[str | None, object]) -> str | None:
        verdict, rule = answer
        if rule is not None and self._count is not None:
            self._count("detection", rule)
        return verdict

    def _site_verdict(self, host: str) -> tuple[str | None, object]:
        ind = self.indicators
        entry = ind.is_blocked_domain(host)  # type: ignore[attr-defined]
        if entry is not None:
            return f"{host}（拦截名单：{entry.reason or entry.source}）", entry
        look = ind.lookalike_score(host)  # type: ignore[attr-defined]
        if look.score >= LOOKALIKE_THRESHOLD:
            return f"{host}（仿冒{look.brand}）", None
        return None, None

    def _app_verdict(self, app: str) -> tuple[str | None, object]:
        entry = self.indicators.is_blocked_app(app)  # type: ignore[attr-defined]
        return (None, None) if entry is None else (f"{app}（拦截名单）", entry)


def patrol_lookup() -> PatrolLookup:
    """The center's patrol blocklist (under the data dir) and look-alike scorer."""
    from fanzha.patrol.indicators import PatrolIndicators

    return PatrolLookup(PatrolIndicators.open())
