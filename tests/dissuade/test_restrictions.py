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


def test_every_measure_has_a_basis_a_term_and_who_applies_it() -> None:
    from fanzha.dissuade.measures import MeasureCatalog, measure_catalog

    catalog = measure_catalog()
    assert set(catalog.measures) == set(Measure)
    assert catalog.rule(Measure.CARD_SELLER_BAN).duration >= timedelta(days=365 * 5)
    assert set(catalog.rule(Measure.CARD_SELLER_BAN).applied_by) == {"bank", "telecom"}
    assert catalog.rule(Measure.PROTECTIVE_SUSPENSION).applied_by == ("telecom",)
    with pytest.raises(ValueError, match="no rule for measures"):
        MeasureCatalog.model_validate(
            {"measures": {"limit_accounts": catalog.measures[Measure.LIMIT_ACCOUNTS].model_dump()}}
        )


def test_a_measure_lapses_once_and_only_applied_orders_are_released() -> None:
    from fanzha.dissuade.restrictions import (
        MeasureOrder,
        OrderState,
        Status,
        acknowledge,
        display_state,
        expire,
        to_release,
    )

    r = impose("X4", "P1", Measure.CARD_SELLER_BAN, "R02", "o", T)
    with pytest.raises(RestrictionError, match="R02"):
        impose("X5", "P1", Measure.CARD_SELLER_BAN, "R01", "o", T)
    assert display_state(r) == "unrouted"
    for order_id, partner in (("MO-1", "icbc"), ("MO-2", "cmcc")):
        r.orders.append(
            MeasureOrder(order_id=order_id, partner_id=partner, action="apply",
                         subject_kind="account", subjects=["a"], sent_at=T)
        )  # fmt: skip
    assert display_state(r) == "pending"
    with pytest.raises(KeyError):
        acknowledge(r, "MO-1", "cmcc", True, None, T)  # not cmcc's order
    with pytest.raises(RestrictionError, match="reason"):
        acknowledge(r, "MO-2", "cmcc", False, " ", T)
    assert acknowledge(r, "MO-1", "icbc", True, None, T)[1] is True
    assert acknowledge(r, "MO-1", "icbc", True, None, T)[1] is False  # the same answer again
    with pytest.raises(RestrictionError, match="already answered"):
        acknowledge(r, "MO-1", "icbc", False, "no", T)
    acknowledge(r, "MO-2", "cmcc", False, "号码已销户", T)
    assert display_state(r) == "refused"
    assert r.expires_at is not None
    assert not expire(r, r.expires_at - timedelta(seconds=1))
    assert expire(r, r.expires_at) and not expire(r, r.expires_at)
    assert r.status is Status.EXPIRED and display_state(r) == "expired"
    assert [o.order_id for o in to_release(r)] == ["MO-1"]  # cmcc refused: nothing to undo
    assert r.orders[1].state is OrderState.REFUSED
