"""The year in figures: every headline number of the center's report, for any period
and any district.

Event-based counts (reports and losses, partner checks) are SQL queries over the
store (``stats/sql.py``, through the store's own engine: see there why not
DuckDB); task, stop-payment and community figures come from their repositories.
Each figure is one small function so a new one is one more function, and tests
check each against a count made independently from the events.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import msgspec

from fanzha.community.sql import CampaignStore, CommunityStore
from fanzha.community.status import Status
from fanzha.dissuade.models import Channel
from fanzha.dissuade.sql import SqlTaskRepository
from fanzha.settings import center_zone
from fanzha.stats import sql
from fanzha.trace.sql import SqlHoldRepository

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime
    label: str

    @classmethod
    def year(cls, year: int, timezone: str | None = None) -> Period:
        """The calendar year in ``timezone`` (default: the center's, ``FANZHA_TIMEZONE``)."""
        local = center_zone(timezone)
        return cls(
            datetime(year, 1, 1, tzinfo=local), datetime(year + 1, 1, 1, tzinfo=local), str(year)
        )

    def before(self) -> Period:
        """The same stretch a year earlier: what year-on-year compares with."""
        try:
            start = self.start.replace(year=self.start.year - 1)
            end = self.end.replace(year=self.end.year - 1)
        except ValueError:  # 29 February
            start, end = self.start - timedelta(days=365), self.end - timedelta(days=365)
        return Period(start, end, f"{self.label} − 1 year")

    def months(self) -> list[str]:
        months, at = [], self.start
        while at < self.end:
            months.append(f"{at:%Y-%m}")
            at = (at.replace(day=28) + timedelta(days=4)).replace(day=1)
        return months


class Enforcement(msgspec.Struct, kw_only=True):
    """What the ledger holds for a period: raids by the day they happened, notices by
    the day they were served."""

    gangs_broken: int = 0
    """Distinct rings taken down (a ring raided twice is one gang)."""
    takedowns: int = 0
    suspects: int = 0
    cash_seized_fen: int = 0
    gold_mg: int = 0
    notices_issued: int = 0
    notices_acknowledged: int = 0
    """Of the notices issued in the period, those the merchant has signed for."""

    @property
    def gold_grams(self) -> float:
        return self.gold_mg / 1000


ENFORCEMENT_FIGURES = (
    "gangs_broken",
    "suspects",
    "cash_seized_fen",
    "gold_mg",
    "notices_issued",
    "notices_acknowledged",
)


def enforcement(engine: Engine, period: Period, district: str | None) -> Enforcement:
    zone = period.start.tzinfo
    start, end = period.start.astimezone(zone).date(), period.end.astimezone(zone).date()
    rings, takedowns, suspects, cash, gold = sql.takedown_totals(engine, start, end, district)
    issued, acknowledged = sql.notice_totals(engine, start, end, district)
    return Enforcement(
        gangs_broken=rings,
        takedowns=takedowns,
        suspects=suspects,
        cash_seized_fen=cash,
        gold_mg=gold,
        notices_issued=issued,
        notices_acknowledged=acknowledged,
    )


class Headline(msgspec.Struct, kw_only=True):
    period: str
    district: str | None
    cases: int
    cases_before: int
    loss_fen: int
    loss_before_fen: int
    cases_by_typology: dict[str, int]
    cases_by_month: dict[str, int]
    warnings: int
    warnings_by_level: dict[str, int]
    warnings_by_typology: dict[str, int]
    warnings_by_district: dict[str, int]
    warnings_by_month: dict[str, int]
    outcomes: dict[str, int]
    door_visits: int
    deadlines_met: int
    """Tasks of the period that met every deadline."""
    stopped_fen: int
    frozen_fen: int
    returned_fen: int
    accounts_stopped: int
    partner_checks: dict[str, dict[str, int]]
    partner_feedback: dict[str, int]
    blocked_domains: int
    fraud_free_communities: int
    communities: int
    campaigns: list[dict[str, object]] = []
    """Each campaign of the period with warnings and losses 30 days before and after."""
    enforcement: Enforcement | None = None
    """Gangs broken, cash and gold seized, notices served (the ledger)."""
    enforcement_before: Enforcement | None = None
    """The same a year earlier: what year-on-year compares with."""

    def enforcement_change(self, figure: str) -> float | None:
        """Year-on-year change of one ``Enforcement`` figure (None: nothing a year ago)."""
        now, before = self.enforcement, self.enforcement_before
        if now is None or before is None:
            return None
        return _change(getattr(now, figure), getattr(before, figure))

    @property
    def cases_change(self) -> float | None:
        return _change(self.cases, self.cases_before)

    @property
    def loss_change(self) -> float | None:
        return _change(self.loss_fen, self.loss_before_fen)

    @property
    def intercepted_fen(self) -> int:
        """Money kept from the fraudsters: stopped (a freeze continues a stop)."""
        return self.stopped_fen


def _change(now: int, before: int) -> float | None:
    return (now - before) / before if before else None


def reports(
    engine: Engine, period: Period, district: str | None
) -> list[tuple[str | None, int, str, str]]:
    """(person, loss, typology, month) of each fraud report in the period."""
    zone = period.start.tzinfo
    return [
        (person, loss, typology, f"{ts.astimezone(zone):%Y-%m}")
        for person, loss, typology, ts in sql.reports(engine, period.start, period.end, district)
    ]


def partner_activity(
    engine: Engine, period: Period, district: str | None
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    checks: dict[str, dict[str, int]] = {}
    feedback: dict[str, int] = {}
    for kind, outcome, count in sql.partner_counts(engine, period.start, period.end, district):
        if kind == "feedback":
            feedback[outcome] = count
        elif kind.startswith("check_"):
            checks.setdefault(kind.removeprefix("check_"), {})[outcome] = count
    return checks, feedback


def headline(
    engine: Engine,
    period: Period,
    district: str | None = None,
    blocked_domains: int = 0,
) -> Headline:
    now = reports(engine, period, district)
    before = reports(engine, period.before(), district)
    tasks = [
        t
        for t in SqlTaskRepository(engine).all()
        if period.start <= t.created < period.end and (district is None or t.district == district)
    ]
    zone = period.start.tzinfo
    months = period.months()
    case_months = Counter(m for *_, m in now)
    task_months = Counter(f"{t.created.astimezone(zone):%Y-%m}" for t in tasks)
    checks, feedback = partner_activity(engine, period, district)
    held = _holds(engine, period, district)
    communities = CommunityStore(engine).all(district)
    return Headline(
        period=period.label,
        district=district,
        cases=len(now),
        cases_before=len(before),
        loss_fen=sum(loss for _, loss, _, _ in now),
        loss_before_fen=sum(loss for _, loss, _, _ in before),
        cases_by_typology=dict(Counter(t for _, _, t, _ in now).most_common()),
        cases_by_month={m: case_months.get(m, 0) for m in months},
        warnings=len(tasks),
        warnings_by_level=dict(Counter(str(t.level) for t in tasks).most_common()),
        warnings_by_typology=dict(Counter(t.typology for t in tasks).most_common()),
        warnings_by_district=dict(Counter(t.district or "-" for t in tasks).most_common()),
        warnings_by_month={m: task_months.get(m, 0) for m in months},
        outcomes=dict(Counter(str(t.outcome) for t in tasks if t.outcome).most_common()),
        door_visits=sum(1 for t in tasks for a in t.attempts if a.channel == Channel.DOOR_VISIT),
        deadlines_met=sum(1 for t in tasks if not t.breaches),
        stopped_fen=held["stopped"],
        frozen_fen=held["frozen"],
        returned_fen=held["returned"],
        accounts_stopped=held["accounts"],
        partner_checks=checks,
        partner_feedback=feedback,
        blocked_domains=blocked_domains,
        fraud_free_communities=sum(1 for c in communities if c.status is Status.AWARDED),
        communities=len(communities),
        campaigns=campaign_rows(engine, period, district),
        enforcement=enforcement(engine, period, district),
        enforcement_before=enforcement(engine, period.before(), district),
    )


def campaign_rows(engine: Engine, period: Period, district: str | None) -> list[dict[str, object]]:
    store = CampaignStore(engine)
    found = store.between(period.start, period.end, district)
    return [
        {
            "campaign_id": c.campaign_id,
            "title": c.title,
            "kind": str(c.kind),
            "start": c.start.isoformat(),
            "district": c.district,
            "place": c.place,
            "reach": c.reach,
            "materials": c.materials,
            "warnings_before": effect.warnings_before,
            "warnings_after": effect.warnings_after,
            "loss_before_fen": effect.loss_fen_before,
            "loss_after_fen": effect.loss_fen_after,
        }
        for c, effect in store.effects(found)
    ]


def _holds(engine: Engine, period: Period, district: str | None) -> dict[str, int]:
    """Money stopped, frozen and returned by requests made in the period."""
    victims, districts = sql.victims_and_districts(engine)
    totals = {"stopped": 0, "frozen": 0, "returned": 0, "accounts": 0}
    for hold in SqlHoldRepository(engine).all():
        if not period.start <= hold.requested_at < period.end:
            continue
        if district is not None and not any(
            districts.get(victims.get(c.case_id) or "") == district for c in hold.claims
        ):
            continue
        totals["stopped"] += hold.stopped_fen
        totals["frozen"] += hold.frozen_fen
        totals["returned"] += sum(c.returned_fen for c in hold.claims)
        totals["accounts"] += 1 if hold.stops else 0
    return totals
