"""The transfer check's decision: hold on a listed payee, warn on a payer at risk, else allow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fanzha.partners.checks import Decision, check_transfer
from fanzha.partners.context import InMemoryRiskContext

NOW = datetime(2025, 3, 5, 10, tzinfo=UTC)


def context() -> InMemoryRiskContext:
    return InMemoryRiskContext(
        account_owner={"6222-a": "R1", "6222-b": "R2"},
        warnings={"R2": "high"},
        risky_contacts={"R1": [NOW - timedelta(hours=1)]},
        listed_accounts={"6217-mule": ("冻结名单:rep-1", "止付/冻结（frozen）")},
    )


def test_a_listed_payee_holds_whoever_pays() -> None:
    result = check_transfer("6222-c", "6217-mule", 10_000, NOW, context())
    assert result.decision is Decision.HOLD
    assert "rep-1" in result.reasons[0].zh
    assert "96110" in result.display_text


def test_a_payer_at_risk_is_warned_about_and_a_large_sum_counts_more() -> None:
    small = check_transfer("6222-b", "6217-shop", 10_000, NOW, context())
    large = check_transfer("6222-a", "6217-shop", 900_000, NOW, context())
    assert small.decision is Decision.WARN and small.person_id == "R2"
    assert large.decision is Decision.WARN
    assert {r.code for r in large.reasons} == {"risky_contact", "large_while_at_risk"}


def test_an_old_contact_and_a_clean_payer_allow() -> None:
    later = NOW + timedelta(days=2)
    assert check_transfer("6222-a", "6217-shop", 900_000, later, context()).decision is (
        Decision.ALLOW
    )
    clean = check_transfer("6222-c", "6217-shop", 900_000, NOW, context())
    assert clean.decision is Decision.ALLOW and clean.reasons == []
