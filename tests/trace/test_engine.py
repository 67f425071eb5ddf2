"""Taint policies on a hand-made graph, conservation as a property, query answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanzha.contract.kinds import Account, Event, Report, Transfer, Withdrawal
from fanzha.trace.config import TraceConfig
from fanzha.trace.taint import POLICIES
from fanzha.trace.tracer import Tracer

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
DATA_BANK = "622202"  # icbc: fanzha has its data
NO_DATA_BANK = "623058"  # a rural bank that shares nothing: query


def transfer(tx: str, src: str, dst: str, fen: int, minute: int) -> Transfer:
    return Transfer(
        id=tx,
        ts=T0 + timedelta(minutes=minute),
        source="bank:test",
        from_account=src,
        to_account=dst,
        amount_fen=fen,
        channel="mobile",
    )


def report(case: str, transfers: list[str], loss: int, minute: int = 600) -> Report:
    return Report(
        id=case,
        ts=T0 + timedelta(minutes=minute),
        source="police:110",
        person_id="V",
        loss_fen=loss,
        transfers=transfers,
    )


V, M, A, B, C, D = (DATA_BANK + x for x in ("0V", "0M", "0A", "0B", "0C", "0D"))


def mixing_account() -> list[Event]:
    """M holds 50,000 clean when the victim's 100,000 arrives, then pays A 60,000, B 90,000."""
    return [
        transfer("c", C, M, 50_000, 5),
        transfer("early", M, D, 30_000, 8),  # before the victim paid: carries nothing stolen
        transfer("v", V, M, 100_000, 10),
        transfer("a", M, A, 60_000, 20),
        transfer("b", M, B, 90_000, 30),
        report("case-1", ["v"], 100_000),
    ]


def traced(events: list[Event], policy: str = "fifo", **config: object) -> Tracer:
    settings_ = TraceConfig.load().model_copy(update={"policy": policy, "min_freeze_fen": 1})
    return Tracer.from_events(events, settings_.model_copy(update=config))


@pytest.mark.parametrize(
    ("policy", "to_a", "to_b"),
    [("fifo", 40_000, 60_000), ("lifo", 60_000, 40_000), ("proportional", 50_000, 50_000)],
)
def test_each_policy_splits_a_mixed_account_as_computed_by_hand(
    policy: str, to_a: int, to_b: int
) -> None:
    """M keeps 20,000 clean after paying D, then gets 100,000 stolen; 150,000 leaves.

    FIFO: the 20,000 clean goes first, so A gets 40,000 stolen and B the other 60,000.
    LIFO: the newest money goes first: A 60,000 stolen, B the remaining 40,000.
    Proportional: A takes 60,000 × 100/120 = 50,000; B takes 90,000 of 60,000 held,
    all 50,000 stolen that is left (the 30,000 shortfall was money from before our data).
    """
    tracer = traced(mixing_account(), policy)
    [(_, trace, requests)] = tracer.trace_all()
    held = {r.account_id: r.could_hold[policy] for r in requests}
    assert held == {A: to_a, B: to_b}
    by_node = {trace.accounts[n].account_id: a.held for n, a in trace.accounts.items()}
    assert by_node[A] == to_a and by_node[B] == to_b  # the configured policy drives the flows
    assert trace.stolen == 100_000 and trace.held == 100_000
    assert all(r.path[0] == "v" and r.hop == 2 for r in requests)
    assert D not in {tracer.graph.names[n] for n, a in trace.accounts.items() if a.received}


def test_the_list_asks_what_an_account_could_hold_under_any_rule_within_the_loss() -> None:
    """A could hold 60,000 (LIFO), B 60,000 (FIFO): asked most first, never past the loss."""
    [(_, _, requests)] = traced(mixing_account()).trace_all()
    assert [(r.account_id, r.amount_fen, r.basis) for r in requests] == [
        (A, 60_000, "lifo"),
        (B, 40_000, "fifo"),
    ]
    assert requests[0].could_hold == {"fifo": 40_000, "lifo": 60_000, "proportional": 50_000}


def test_cash_and_hubs_end_paths_and_are_never_listed() -> None:
    shop = DATA_BANK + "SHOP"
    customers = [transfer(f"buy{i}", DATA_BANK + f"P{i}", shop, 1_000, i) for i in range(45)]
    events: list[Event] = [
        *customers,
        transfer("v", V, M, 100_000, 100),
        transfer("spend", M, shop, 30_000, 110),
        Withdrawal(
            id="atm",
            ts=T0 + timedelta(minutes=120),
            source="bank:icbc",
            account_id=M,
            amount_fen=50_000,
            channel="atm",
            location="广州市天河区",
        ),
        report("case-2", ["v"], 100_000, 700),
    ]
    [(_, trace, requests)] = traced(events).trace_all()
    assert trace.cashed_out == 50_000 and trace.spent_at_hubs == 30_000
    assert [(r.account_id, r.amount_fen) for r in requests] == [(M, 20_000)]


def test_a_query_answer_resumes_the_trace() -> None:
    outside = NO_DATA_BANK + "0Q"
    events: list[Event] = [
        transfer("v", V, M, 100_000, 10),
        transfer("m", M, outside, 100_000, 20),
        report("case-3", ["v"], 100_000),
    ]
    tracer = traced(events)
    [(_, _, requests)] = tracer.trace_all()
    assert [(r.account_id, r.action, r.bank) for r in requests] == [
        (outside, "stop_query", "rcb_xy")
    ]
    answer = [transfer("ans1", outside, A, 70_000, 40), transfer("ans2", outside, B, 10_000, 50)]
    [(_, _, resumed)] = tracer.resume(answer).trace_all()
    got = {r.account_id: (r.action, r.amount_fen, r.hop) for r in resumed}
    assert got == {
        A: ("freeze", 70_000, 3),
        outside: ("stop_query", 20_000, 2),
        B: ("freeze", 10_000, 3),
    }
    assert resumed[0].account_id == A  # most money first


def test_a_report_without_transfer_ids_finds_the_payments_by_their_sum() -> None:
    events: list[Event] = [
        Account(id="acc", ts=T0, source="bank:icbc", account_id=V, bank="icbc", holder="V"),
        transfer("groceries", V, C, 3_000, 1),
        transfer("p1", V, M, 40_000, 10),
        transfer("p2", V, M, 60_000, 20),
        report("case-4", [], 100_000),
    ]
    tracer = traced(events)
    [case] = tracer.cases()
    assert case.found_by == "matched"
    assert [tracer.graph.transfer_id(t) for t in case.seeds] == ["p1", "p2"]


accounts = st.sampled_from([DATA_BANK + str(i) for i in range(6)])
moves = st.lists(
    st.tuples(accounts, accounts, st.integers(1, 50_000), st.integers(0, 300)),
    min_size=1,
    max_size=40,
)


@settings(max_examples=120, deadline=None)
@given(moves=moves, loss=st.integers(1, 200_000), paid_at=st.integers(0, 300))
def test_money_is_conserved_and_never_travels_back_in_time(
    moves: list[tuple[str, str, int, int]], loss: int, paid_at: int
) -> None:
    events: list[Event] = [
        transfer(f"t{i}", a, b, fen, at) for i, (a, b, fen, at) in enumerate(moves) if a != b
    ]
    events += [transfer("v", V, DATA_BANK + "0", loss, paid_at), report("case", ["v"], loss, 999)]
    for policy in POLICIES:
        tracer = traced(events, policy)
        [(_, trace, requests)] = tracer.trace_all()
        graph = tracer.graph
        for account in trace.accounts.values():
            assert 0 <= account.held <= account.received
        assert sum(r.amount_fen for r in requests) <= trace.stolen == loss
        gone = trace.cashed_out + trace.spent_at_hubs + trace.beyond_sight
        assert trace.held + gone == loss
        for flow in trace.flows:
            assert 0 < flow.tainted <= flow.amount
            assert flow.ts >= trace.accounts[flow.src].first_reached
            assert graph.ts[flow.transfer] == flow.ts
