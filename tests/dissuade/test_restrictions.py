from datetime import UTC, datetime, timedelta

import pytest

from fanzha.dissuade.restrictions import (
    AppealState,
    Measure,
    RestrictionError,
    decide_appeal,
    file_appeal,
    impose,
)

T = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def test_restriction_carries_reason_notice_and_appeal_lifts_it() -> None:
    r = impose("X1", "P1", Measure.SUSPEND_PHONE_CARDS, "R02", "officer-1", T)
    assert "第三十二条" in r.notice_text and "出租" in r.notice_text
    file_appeal(r, "卡是被盗用的，已报案", T + timedelta(days=2))
    with pytest.raises(RestrictionError, match="already"):
        file_appeal(r, "again", T + timedelta(days=3))
    appeal = decide_appeal(
        r, lift=True, officer="chief", reason="核实为被盗用", when=T + timedelta(days=5)
    )
    assert appeal.state is AppealState.LIFTED and not r.active
    with pytest.raises(RestrictionError, match="no pending"):
        decide_appeal(r, lift=False, officer="chief", reason="x", when=T + timedelta(days=6))


def test_unknown_reason_code_and_empty_decisions_are_refused() -> None:
    with pytest.raises(RestrictionError, match="reason_code"):
        impose("X2", "P1", Measure.LIMIT_ACCOUNTS, "R99", "o", T)
    r = impose("X3", "P1", Measure.LIMIT_ACCOUNTS, "R01", "o", T)
    with pytest.raises(RestrictionError, match="statement"):
        file_appeal(r, "  ", T)
    file_appeal(r, "不是我", T)
    with pytest.raises(RestrictionError, match="reason"):
        decide_appeal(r, lift=False, officer="chief", reason="", when=T)
    assert decide_appeal(r, lift=False, officer="chief", reason="证据充分", when=T).state is (
        AppealState.UPHELD
    )
    assert r.active
