from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from fanzha.community.campaigns import Campaign, CampaignKind, before_after
from fanzha.community.criteria import Criteria
from fanzha.community.status import (
    Community,
    CommunityFigures,
    Status,
    failed_conditions,
    is_near_the_line,
    review,
)

T = datetime(2025, 1, 1, tzinfo=UTC)
CRITERIA = Criteria.load()


def figures(**changes: int) -> CommunityFigures:
    base = {
        "community_id": "C1",
        "households": 400,
        "households_reached": 400,
        "criminal_fraud_reports": 0,
        "residents_caught": 0,
        "dens_found": 0,
    }
    base.update(changes)
    return CommunityFigures(**base)  # type: ignore[arg-type]


def test_default_criteria_are_wuhan_2022() -> None:
    assert CRITERIA.period == timedelta(days=365)
    assert CRITERIA.max_criminal_fraud_reports == 0
    assert CRITERIA.min_propaganda_coverage == 1.0


def test_clean_community_is_awarded_then_loses_status_after_one_report() -> None:
    community = Community(community_id="C1", name="幸福小区", district="硚口区", households=400)
    awarded = review(community, figures(), CRITERIA, by="analyst", at=T)
    assert awarded is not None and community.status is Status.AWARDED
    assert review(community, figures(), CRITERIA, by="analyst", at=T + timedelta(days=30)) is None
    revoked = review(
        community,
        figures(criminal_fraud_reports=1),
        CRITERIA,
        by="analyst",
        at=T + timedelta(days=90),
    )
    assert revoked is not None
    assert community.status is Status.REVOKED
    assert "1 criminal fraud report" in revoked.reasons[0]
    assert [c.status for c in community.history] == [Status.AWARDED, Status.REVOKED]


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"households_reached": 399}, "coverage"),
        ({"residents_caught": 2}, "resident"),
        ({"dens_found": 1}, "den"),
    ],
)
def test_each_criterion_can_fail_on_its_own(changes: dict[str, int], fragment: str) -> None:
    failures = failed_conditions(figures(**changes), CRITERIA)
    assert len(failures) == 1 and fragment in failures[0]


def test_near_the_line() -> None:
    assert not is_near_the_line(figures(), CRITERIA)
    assert is_near_the_line(figures(warnings=2), CRITERIA)
    assert is_near_the_line(figures(loss_fen=30_000), CRITERIA)
    assert not is_near_the_line(figures(dens_found=1), CRITERIA)


def test_bad_criteria_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "c.yaml"
    bad.write_text(
        "name_zh: x\nname_en: x\nperiod: 1y\nmax_criminal_fraud_reports: 0\n"
        "min_propaganda_coverage: 1.5\nmax_residents_caught: 0\nmax_dens_found: 0\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        Criteria.load(bad)
    text = str(err.value)
    assert "period" in text and "min_propaganda_coverage" in text


def test_campaign_before_and_after() -> None:
    campaign = Campaign(
        campaign_id="K1",
        title="反诈进社区",
        kind=CampaignKind.TALK,
        start=T,
        end=T + timedelta(days=1),
        community_ids=["C1"],
    )
    incidents = [
        (T - timedelta(days=10), "C1", 1000),
        (T - timedelta(days=5), "C1", 500),
        (T - timedelta(days=5), "C2", 99999),  # another community
        (T - timedelta(days=40), "C1", 77),  # outside the window
        (T + timedelta(days=3), "C1", 200),
    ]
    result = before_after(campaign, incidents)
    assert (result.warnings_before, result.warnings_after) == (2, 1)
    assert (result.loss_fen_before, result.loss_fen_after) == (1500, 200)
    assert result.warnings_change == -0.5
