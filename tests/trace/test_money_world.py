"""Issue 18 on hand-made ledgers: banks from card numbers, institutions followed
through, exits never stopped, OTC traders held for the traced sum only, messy
reports resolved, open cases kept current as transfers arrive."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fanzha.contract.kinds import Account, Event, Person, Report, Transfer, Withdrawal
from fanzha.trace.config import TraceConfig
from fanzha.trace.tracer import Tracer

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
VICTIM = "6222020200112233445"  # icbc (shares data)
MULE = "6222020200998877665"  # icbc
NO_DATA_MULE = "6226600000079196"  # 622660: ceb, which sends nothing here
SHOP = "6228480000065173373"  # abc
NEXT = "6217000000011122233"  # ccb


def tx(
    tx_id: str, src: str, dst: str, fen: int, minute: float, memo: str | None = None
) -> Transfer:
    return Transfer(
        id=tx_id,
        ts=T0 + timedelta(minutes=minute),
        source="bank:icbc",
        from_account=src,
        to_account=dst,
        amount_fen=fen,
        channel="mobile",
        memo=memo,
    )


def atm(account_id: str, fen: int, minute: float) -> Withdrawal:
    """A cash withdrawal at an ATM in Guangzhou, ``minute`` minutes after T0."""
    return Withdrawal(
        id="atm",
        ts=T0 + timedelta(minutes=minute),
        source="bank:icbc",
        account_id=account_id,
        amount_fen=fen,
        channel="atm",
        location="广州市",
    )


def account(number: str, bank: str, holder: str | None, kind: str | None = None) -> Account:
    return Account(
        id=f"acc-{number}",
        ts=T0 - timedelta(days=1),
        source=f"bank:{bank}",
        account_id=number,
        bank=bank,
        holder=holder,
        opened=date(2016, 1, 1) if kind else date(2025, 2, 20),
    )


def report(transfers: list[str], minute: float = 600, **who: str) -> Report:
    who = who or {"person_id": "PV"}
    return Report(
        id=f"rep-{minute:.0f}",
        ts=T0 + timedelta(minutes=minute),
        source="police:110",
        loss_fen=100_000,
        transfers=transfers,
        text="本人报警：03月03日09时许，被骗钱款。共计损失1,000.00元。",
        **who,
    )


def tracer(events: list[Event], kinds: dict[str, str] | None = None, **config: object) -> Tracer:
    settings = TraceConfig.load().model_copy(update={"min_freeze_fen": 1, **config})
    built = Tracer.from_events(events, settings)
    for number, kind in (kinds or {}).items():
        built.graph.accounts[number].kind = kind
    return Tracer.from_builder(built.builder, settings) if kinds else built  # type: ignore[arg-type]


def reference() -> list[Event]:
    return [
        Person(
            id="p-v",
            ts=T0 - timedelta(days=1),
            source="registry",
            person_id="PV",
            phones=["+8613800000001"],
            district="江汉区",
            address="武汉市江汉区",
        ),
        account(VICTIM, "icbc", "PV", "personal"),
        account(MULE, "icbc", None),
    ]


def test_a_card_at_a_bank_without_data_gets_stop_and_query_at_its_issuer() -> None:
    events = [*reference(), tx("v", VICTIM, NO_DATA_MULE, 100_000, 10), report(["v"])]
    [(_, _, requests)] = tracer(events).trace_all()
    assert [(r.account_id, r.bank, r.action) for r in requests] == [
        (NO_DATA_MULE, "ceb", "stop_query")
    ]
    assert requests[0].reason


def test_an_institution_is_followed_through_and_never_stopped() -> None:
    clearing = "4205000001277693825"
    shoppers = [
        tx(f"s{i}", f"62220202000000{i:05d}", clearing, 2_000, i, "支付宝-淘宝") for i in range(30)
    ]
    events = [
        *reference(),
        *shoppers,
        tx("v", VICTIM, clearing, 100_000, 100, "支付宝-淘宝"),
        tx("settle", clearing, MULE, 100_000, 101),
        tx("refund", clearing, SHOP, 100_000, 102, "退款"),
        report(["v"]),
    ]
    [(_, trace, requests)] = tracer(events).trace_all()
    assert [(r.account_id, r.amount_fen) for r in requests] == [(MULE, 100_000)]
    assert trace.held == 100_000


def test_gold_sellers_and_merchants_end_the_trace_and_are_never_stopped() -> None:
    gold = "6228480000099990001"
    events = [
        *reference(),
        account(SHOP, "abc", "PS", "merchant"),
        account(gold, "abc", "PG", "merchant"),
        tx("v", VICTIM, MULE, 100_000, 10),
        tx("buy", MULE, SHOP, 30_000, 20),
        tx("gold", MULE, gold, 50_000, 30, "黄金"),
        atm(MULE, 5_000, 40),
        report(["v"]),
    ]
    built = tracer(events, kinds={SHOP: "merchant", gold: "merchant"})
    [(_, trace, requests)] = built.trace_all()
    assert [(r.account_id, r.amount_fen) for r in requests] == [(MULE, 15_000)]
    assert trace.spent_at_hubs == 80_000 and trace.cashed_out == 5_000


def test_an_otc_trader_paid_with_stolen_money_gets_a_hold_on_that_sum_only() -> None:
    otc = "6226960066202847"
    clients = [tx(f"c{i}", f"62220202000001{i:05d}", otc, 500_000 + i, 60 * i) for i in range(12)]
    sellers = [tx(f"o{i}", otc, f"62220202000002{i:05d}", 490_000, 60 * i + 5) for i in range(12)]
    events = [
        *reference(),
        *clients,
        *sellers,
        tx("v", VICTIM, MULE, 100_000, 10),
        tx("buy", MULE, otc, 90_000, 20),
        report(["v"]),
    ]
    [(_, _, requests)] = tracer(events).trace_all()
    held = {r.account_id: (r.action, r.amount_fen) for r in requests}
    assert held[otc] == ("hold_amount", 90_000)
    assert all(not r.account_id.startswith("6222020200000") for r in requests)  # its sellers


def test_a_resident_card_hides_stolen_money_under_fifo_and_the_list_still_finds_it() -> None:
    """Salary came first; the ring forwards the stolen sum at once (LIFO's reading): FIFO
    says the stolen money is still there, LIFO says it left — the list asks for what the
    card could hold and names the rule."""
    employer = "4207000001298639627"
    events = [
        *reference(),
        tx("salary", employer, MULE, 80_000, 1),
        tx("v", VICTIM, MULE, 100_000, 10),
        tx("fwd", MULE, NEXT, 100_000, 11),
        tx("rent", MULE, SHOP, 60_000, 50),
        report(["v"]),
    ]
    [(_, trace, requests)] = tracer(events).trace_all()
    could = {a.account_id: a.could_hold for a in trace.accounts.values() if a.could_hold}
    assert could[MULE] == {"fifo": 20_000, "lifo": 0, "proportional": 11_112}
    assert could[NEXT] == {"fifo": 20_000, "lifo": 100_000, "proportional": 55_555}
    assert [(r.account_id, r.amount_fen, r.basis) for r in requests] == [(NEXT, 100_000, "lifo")]


def full_story() -> list[Event]:
    return [
        *reference(),
        tx("old", VICTIM, SHOP, 40_000, -3000),  # an old payee: not the scam
        tx("p1", VICTIM, MULE, 60_000, 10),
        tx("p2", VICTIM, MULE, 40_000, 20),
        tx("m", MULE, NEXT, 70_000, 30),
    ]


def test_a_phone_only_report_naming_nothing_gives_the_same_freeze_list() -> None:
    named = tracer([*full_story(), report(["p1", "p2"], person_id="PV")]).trace_all()
    bare = tracer([*full_story(), report([], phone="+8613800000001")]).trace_all()
    [(case, _, rows)] = bare
    assert case.person_id == "PV" and case.found_by == "matched"

    def strip(result: list) -> list[tuple[str, int, str]]:  # type: ignore[type-arg]
        return [(r.account_id, r.amount_fen, r.action) for _, _, rs in result for r in rs]

    assert strip(bare) == strip(named) and rows


def test_two_reports_of_one_episode_merge_and_a_second_scam_is_its_own_case() -> None:
    events = [
        *full_story(),
        report([], 600, person_id="PV"),
        report([], 660, phone="+8613800000001"),  # a relative reports the same loss
        tx("q1", VICTIM, NO_DATA_MULE, 100_000, 2000),  # days later: the fake "recovery"
        report([], 2100, person_id="PV"),
    ]
    cases = tracer(events).cases()
    assert [(c.reports, len(c.seeds)) for c in cases] == [
        (["rep-600", "rep-660"], 2),
        (["rep-2100"], 1),
    ]


def test_an_open_case_follows_new_transfers_without_a_rebuild() -> None:
    built = tracer([*full_story(), report(["p1", "p2"], person_id="PV")])
    opened = built.open_cases()
    [case_id] = opened
    before = [(r.account_id, r.amount_fen) for r in opened[case_id].requests]
    graph = built.graph
    changed = built.add([tx("late", NEXT, NO_DATA_MULE, 70_000, 700)])
    assert changed == [case_id] and built.graph is graph
    after = [(r.account_id, r.amount_fen) for r in built.open[case_id].requests]
    assert after != before and (NO_DATA_MULE, 70_000) in after
    assert built.open[case_id].changed_at == T0 + timedelta(minutes=700)
    rebuilt = Tracer.from_builder(built.builder, built.config)  # type: ignore[arg-type]
    [(_, _, fresh)] = rebuilt.trace_all()
    assert [(r.account_id, r.amount_fen) for r in fresh] == after
    assert built.add([tx("noise", SHOP, VICTIM, 1_000, 710)]) == []


def test_two_hops_on_a_stop_only_lifo_supports_is_a_hold_on_the_traced_sum() -> None:
    """Salary first: under FIFO the forwarded sum was the holder's own money, under LIFO the
    victim's. The next card is asked to hold that sum, not frozen."""
    employer = "4207000001298639627"
    events = [
        *reference(),
        tx("salary", employer, MULE, 200_000, 1),
        tx("v", VICTIM, MULE, 100_000, 10),
        tx("fwd", MULE, NEXT, 100_000, 11),
        atm(MULE, 200_000, 12),
        report(["v"]),
    ]
    [(_, _, requests)] = tracer(events).trace_all()
    [row] = requests
    assert (row.account_id, row.action, row.amount_fen, row.basis) == (
        NEXT,
        "hold_amount",
        100_000,
        "lifo",
    )


def test_a_payee_of_an_account_cashing_out_gets_a_hold_not_a_stop() -> None:
    events = [
        *reference(),
        account(SHOP, "abc", "PS", "merchant"),
        tx("v", VICTIM, MULE, 100_000, 10),
        tx("shop1", MULE, SHOP, 10_000, 11),
        tx("shop2", MULE, SHOP, 10_000, 12),
        tx("fwd", MULE, NEXT, 80_000, 13),
        report(["v"]),
    ]
    [(_, _, requests)] = tracer(events, kinds={SHOP: "merchant"}).trace_all()
    [row] = requests
    assert (row.account_id, row.action, row.amount_fen) == (NEXT, "hold_amount", 80_000)
    assert row.reason
