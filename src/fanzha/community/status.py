"""Award, review and revoke the fraud-free status, with history and reasons.

A review looks at a community's figures over the criteria's period and says
which conditions fail, in words an officer can read out at the review meeting.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from fanzha.community.criteria import Criteria


class CommunityFigures(msgspec.Struct, frozen=True, kw_only=True):
    """A community's counts over the review period (computed by statistics)."""

    community_id: str
    households: int
    households_reached: int
    """Households given anti-fraud propaganda (visits, app installs counted once)."""
    criminal_fraud_reports: int
    residents_caught: int
    dens_found: int
    warnings: int = 0
    loss_fen: int = 0

    @property
    def coverage(self) -> float:
        return self.households_reached / self.households if self.households else 0.0


class Status(StrEnum):
    NONE = "none"
    AWARDED = "awarded"
    REVOKED = "revoked"


class StatusChange(msgspec.Struct, frozen=True, kw_only=True):
    at: datetime
    status: Status
    by: str
    reasons: list[str]


class Community(msgspec.Struct, kw_only=True):
    community_id: str
    name: str
    district: str
    kind: str = "小区"
    """``小区`` (residential compound) or ``村`` (village)."""
    households: int = 0
    status: Status = Status.NONE
    history: list[StatusChange] = []


def failed_conditions(figures: CommunityFigures, criteria: Criteria) -> list[str]:
    """Every criterion the figures fail, as plain bilingual sentences."""
    failures: list[str] = []
    if figures.criminal_fraud_reports > criteria.max_criminal_fraud_reports:
        failures.append(
            f"发生电信网络诈骗刑事案件{figures.criminal_fraud_reports}起 / "
            f"{figures.criminal_fraud_reports} criminal fraud report(s)"
        )
    if figures.coverage < criteria.min_propaganda_coverage:
        failures.append(
            f"反诈宣传入户率{figures.coverage:.0%}，未达{criteria.min_propaganda_coverage:.0%} / "
            f"propaganda coverage {figures.coverage:.0%} below "
            f"{criteria.min_propaganda_coverage:.0%}"
        )
    if figures.residents_caught > criteria.max_residents_caught:
        failures.append(
            f"{figures.residents_caught}名居民在外涉诈被打处 / "
            f"{figures.residents_caught} resident(s) caught for fraud"
        )
    if figures.dens_found > criteria.max_dens_found:
        failures.append(f"发现涉诈窝点{figures.dens_found}处 / {figures.dens_found} den(s) found")
    return failures


def is_near_the_line(figures: CommunityFigures, criteria: Criteria) -> bool:
    """Meets the criteria today, but only just: worth a visit before the review."""
    if failed_conditions(figures, criteria):
        return False
    rule = criteria.near_line
    return figures.warnings >= rule.warnings_at_least or (rule.any_loss and figures.loss_fen > 0)


def review(
    community: Community, figures: CommunityFigures, criteria: Criteria, by: str, at: datetime
) -> StatusChange | None:
    """Apply the criteria: award, keep, or revoke; returns the change made, if any."""
    failures = failed_conditions(figures, criteria)
    if failures and community.status is Status.AWARDED:
        change = StatusChange(at=at, status=Status.REVOKED, by=by, reasons=failures)
    elif not failures and community.status is not Status.AWARDED:
        change = StatusChange(
            at=at,
            status=Status.AWARDED,
            by=by,
            reasons=["符合全部创建标准 / meets every criterion"],
        )
    else:
        return None
    community.status = change.status
    community.history.append(change)
    return change
