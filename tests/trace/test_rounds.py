"""Tracing in rounds: a bank that shares nothing answers a stop+query hours later, the trace
goes on from its answer, and the judge counts each stop when it was sent."""

from __future__ import annotations

from datetime import timedelta

from tests.trace.test_money_world import (
    MULE,
    NO_DATA_MULE,
    T0,
    account,
    full_story,
    reference,
    report,
    tracer,
    tx,
)

from fanzha.trace.judge import judge_at_arrival
from fanzha.trace.rounds import BankRecords, answer_delay, trace_in_rounds

HIDDEN = "6226600000012345678"  # ceb too: the hop between them only ceb saw


def story() -> tuple[list, list]:  # type: ignore[type-arg]
    seen = [*reference(), tx("v", "6222020200112233445", NO_DATA_MULE, 100_000, 10), report(["v"])]
    kept = [tx("h", NO_DATA_MULE, HIDDEN, 90_000, 30)]
    return seen, kept


def test_the_answer_to_a_stop_and_query_leads_to_the_next_account() -> None:
    seen, kept = story()
    built = tracer(seen)
    [(_, _, first)] = built.trace_all(at_report=True)
    assert [(r.account_id, r.action) for r in first] == [(NO_DATA_MULE, "stop_query")]
    [(_, _, rows)] = trace_in_rounds(built, built.cases(), BankRecords.of(kept), 4, (1.0, 1.0))
    by_account = {r.account_id: r for r in rows}
    assert set(by_account) == {NO_DATA_MULE, HIDDEN}
    assert by_account[HIDDEN].amount_fen == 90_000
    reported = T0 + timedelta(minutes=600)
    assert by_account[NO_DATA_MULE].ts == reported.isoformat()  # sent with the report
    # known only from the first answer: asked first (an hour on), stopped when its own ledger
    # came back (another hour) showing no shop
    assert by_account[HIDDEN].ts == (reported + timedelta(hours=2)).isoformat()
    assert by_account[HIDDEN].action == "stop_query"


def test_a_shop_known_only_from_an_answer_is_asked_about_and_never_stopped() -> None:
    seen, kept = story()
    customers = [
        tx(f"c{i}", f"62220202000003{i:05d}", HIDDEN, 20_000 + i, -3 * 24 * 60 + i * 16 * 60)
        for i in range(6)
    ]
    built = tracer(seen)
    records = BankRecords.of([*kept, *customers])
    [(_, _, rows)] = trace_in_rounds(built, built.cases(), records, 4, (1.0, 1.0))
    actions = {r.account_id: r.action for r in rows}
    assert actions == {NO_DATA_MULE: "stop_query", HIDDEN: "query"}


def test_without_records_there_is_one_round_only() -> None:
    seen, _ = story()
    built = tracer(seen)
    [(_, _, rows)] = trace_in_rounds(built, built.cases(), BankRecords(), 4, (1.0, 2.0))
    assert [r.account_id for r in rows] == [NO_DATA_MULE]


def test_answer_delays_are_seeded_by_case_and_account_within_the_range() -> None:
    delays = {answer_delay("rep-1", f"acct-{i}", (1.0, 6.0)) for i in range(50)}
    assert min(delays) >= 3600 and max(delays) <= 6 * 3600 and len(delays) > 40
    assert answer_delay("rep-1", "acct-1", (1.0, 6.0)) == answer_delay("rep-1", "acct-1", (1, 6))


def truth_of(moves: list[list[object]], held: dict[str, int]) -> dict[str, object]:
    return {
        "mule_accounts": list(held),
        "mules": {a: {"kind": "outside"} for a in held},
        "hubs": {},
        "exits": {},
        "recoverable": held,
        "cases": [
            {
                "report_id": "rep-600",
                "reported_ts": (T0 + timedelta(minutes=600)).isoformat(),
                "held_at_report": held,
                "moves": moves,
            }
        ],
    }


def test_a_stop_sent_after_the_money_left_covers_nothing() -> None:
    seen, kept = story()
    built = tracer(seen)
    [(_, _, rows)] = trace_in_rounds(built, built.cases(), BankRecords.of(kept), 4, (1.0, 1.0))
    reported = int((T0 + timedelta(minutes=600)).timestamp())
    # at report time the first card still holds it all; it leaves 30 minutes later
    moves = [[reported - 60, NO_DATA_MULE, 100_000], [reported + 1800, NO_DATA_MULE, -100_000]]
    moves.append([reported + 1800, HIDDEN, 100_000])
    truth = truth_of(moves, {NO_DATA_MULE: 100_000})
    assert judge_at_arrival(rows, truth).covered_fen == 100_000  # stopped with the report
    late = [r for r in rows if r.account_id != NO_DATA_MULE]
    moved = [[reported - 60, HIDDEN, 100_000], [reported + 1800, HIDDEN, -100_000]]
    assert judge_at_arrival(late, truth_of(moved, {HIDDEN: 100_000})).covered_fen == 0


def test_a_report_nine_days_late_still_finds_its_payments_from_the_narrative_time() -> None:
    late = report([], minute=9 * 24 * 60)
    built = tracer([*full_story(), late])
    [case] = built.cases()
    assert case.found_by == "matched" and len(case.seeds) == 2
    assert MULE in {built.graph.names[int(built.graph.dst[i])] for i in case.seeds}


def test_a_victim_whose_bank_sends_nothing_is_found_through_the_accounts_it_keeps() -> None:
    card = "6226600000055555555"  # ceb: no record of it reached us
    paid = tx("v", card, MULE, 100_000, 10)
    built = tracer([*reference(), paid, report([])])
    [case] = built.cases()
    assert case.found_by == "none"
    kept = [account(card, "ceb", "PV")]
    [(found, _, rows)] = trace_in_rounds(built, built.cases(), BankRecords.of(kept), 4, (1, 1))
    assert found.found_by == "matched"
    assert [(r.account_id, r.amount_fen) for r in rows] == [(MULE, 100_000)]
