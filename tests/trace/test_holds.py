"""The stop-payment and freeze rules, and the ledger's arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fanzha.trace import holds as rules
from fanzha.trace.holds import Claim, Hold, HoldError, HoldState, split_pro_rata
from fanzha.trace.ledger import case_ledger

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def hold(*claims: tuple[str, int]) -> Hold:
    made = Hold(
        hold_id="h1",
        account_id="6222020000000001",
        bank="icbc",
        holder_name="张三",
        transfer_ts=T0,
        claims=[Claim(case_id=c, amount_fen=fen, hop=1) for c, fen in claims],
        requested_at=T0,
        requested_by="analyst",
    )
    rules.request_stop(made, "analyst", T0)
    return made


def test_a_request_that_does_not_match_the_banks_records_says_why() -> None:
    h = hold(("c1", 50_000))
    inflows = [(T0 + timedelta(minutes=1), 50_000)]
    assert rules.mismatches(h, "icbc", "张三", inflows) == []
    problems = rules.mismatches(h, "ccb", "李四", [(T0 + timedelta(hours=2), 10_000)])
    assert any("at ccb, not icbc" in p for p in problems)
    assert any("name" in p for p in problems)
    assert any("no incoming transfer" in p for p in problems)
    assert any("more than the account received" in p for p in problems)


def test_stop_lasts_48_hours_and_at_most_twice_then_it_must_be_frozen() -> None:
    h = hold(("c1", 50_000))
    rules.bank_answer(h, "bank", T0, accepted=True, balance_fen=30_000)
    assert (h.state, h.stopped_fen, h.stop_expires) == (
        HoldState.STOPPED,
        30_000,
        T0 + timedelta(hours=48),
    )
    assert not rules.sweep(h, T0 + timedelta(hours=47))
    assert rules.sweep(h, T0 + timedelta(hours=48)) and h.state == HoldState.EXPIRED
    later = T0 + timedelta(hours=50)
    rules.request_stop(h, "analyst", later)
    rules.bank_answer(h, "bank", later, accepted=True, balance_fen=30_000)
    assert h.stops == 2
    rules.sweep(h, later + timedelta(hours=48))
    with pytest.raises(HoldError, match="stopped 2 times: freeze it"):
        rules.request_stop(h, "analyst", later + timedelta(hours=49))


def test_refusal_is_recorded_with_the_banks_reason_and_can_be_sent_again() -> None:
    h = hold(("c1", 50_000))
    rules.bank_answer(h, "bank", T0, accepted=False, balance_fen=None, reason="户名不符")
    assert h.state == HoldState.REFUSED and h.bank_reason == "户名不符" and h.stops == 0
    with pytest.raises(HoldError):
        rules.freeze(h, "analyst", T0)
    rules.request_stop(h, "analyst", T0 + timedelta(minutes=5))
    assert h.state == HoldState.REQUESTED


def test_freeze_lasts_six_months_and_renews_from_its_expiry() -> None:
    h = hold(("c1", 50_000))
    start = datetime(2025, 8, 31, 10, tzinfo=UTC)
    rules.bank_answer(h, "bank", start, accepted=True, balance_fen=None)
    with pytest.raises(HoldError, match="lapsed"):
        rules.freeze(h, "analyst", start + timedelta(hours=49))
    rules.freeze(h, "analyst", start + timedelta(hours=1))
    assert h.frozen_fen == 50_000
    assert h.freeze_expires == datetime(2026, 2, 28, 11, tzinfo=UTC)  # no 31 February
    rules.renew(h, "analyst", start + timedelta(days=100))
    assert h.freeze_expires == datetime(2026, 8, 28, 11, tzinfo=UTC)
    assert h.renewals == 1
    assert rules.sweep(h, datetime(2026, 8, 28, 11, tzinfo=UTC)) and h.state == HoldState.EXPIRED


def test_release_ends_a_stop_or_freeze_with_a_reason() -> None:
    h = hold(("c1", 50_000))
    rules.bank_answer(h, "bank", T0, accepted=True, balance_fen=None)
    rules.release(h, "analyst", T0, "not fraud money: salary")
    assert h.state == HoldState.RELEASED and "salary" in h.history[-1][2]


def test_pro_rata_split_is_exact_to_the_fen() -> None:
    shares = split_pro_rata(100, {"a": 1, "b": 1, "c": 1})
    assert sum(shares.values()) == 100 and sorted(shares.values()) == [33, 33, 34]
    assert split_pro_rata(10_001, {"x": 3, "y": 7}) == {"x": 3_000, "y": 7_001}
    assert split_pro_rata(5, {"x": 0}) == {"x": 0}


def test_returns_direct_for_one_case_and_pro_rata_after_notice_for_mixed_money() -> None:
    single = hold(("c1", 50_000))
    rules.bank_answer(single, "bank", T0, accepted=True, balance_fen=None)
    rules.freeze(single, "analyst", T0)
    assert rules.return_funds(single, "analyst", T0) == {"c1": 50_000}

    mixed = hold(("c1", 30_000), ("c2", 10_000))
    rules.bank_answer(mixed, "bank", T0, accepted=True, balance_fen=20_000)
    rules.freeze(mixed, "analyst", T0)
    with pytest.raises(HoldError, match="30 days after a public notice"):
        rules.return_funds(mixed, "analyst", T0)
    rules.publish_notice(mixed, "analyst", T0)
    with pytest.raises(HoldError):
        rules.return_funds(mixed, "analyst", T0 + timedelta(days=29))
    shares = rules.return_funds(mixed, "analyst", T0 + timedelta(days=30))
    assert shares == {"c1": 15_000, "c2": 5_000}

    l1 = case_ledger("c1", 80_000, 80_000, [single, mixed])
    l2 = case_ledger("c2", 10_000, 10_000, [mixed])
    assert (l1.stopped_fen, l1.frozen_fen, l1.returned_fen) == (65_000, 65_000, 65_000)
    assert (l1.returned_direct_fen, l1.returned_pro_rata_fen) == (50_000, 15_000)
    assert (l2.stopped_fen, l2.returned_fen) == (5_000, 5_000)
    # Summed over the cases, nothing is counted twice: 50,000 + 20,000 were frozen.
    assert l1.frozen_fen + l2.frozen_fen == 70_000
