"""Tracing in rounds: stop and query, read the banks' answers, trace further.

Why: a bank that shares nothing shows us stolen money arriving in one of its
accounts and nothing after. The first freeze list, made when the report
comes, can only ask that bank to stop the account and say where the money
went (``stop_query``, 调单). Its answer — the account's transfers up to the
moment it answers — comes back hours later; the trace then follows the money
further, as of that moment, and sends the next stops. Money that left an
account before its stop arrived is gone; the judge counts each stop at the
time it was sent (``fanzha.trace.judge.judge_at_arrival``).

``BankRecords`` is what the banks keep (a simulated city writes it:
``bank_records.jsonl``); ``answer_delay`` how long one answer takes — seeded
by case and account, so a run is repeatable. The whole center runs in one
clock: reports and answers in time order, each answer added to the one graph
once (another case traced later may read it: the center has it by then).
"""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import msgspec

from fanzha.contract.kinds import Account, Event, GoldPurchase, Transfer, Withdrawal
from fanzha.contract.readers import Accepted, extra_fields
from fanzha.trace.cases import Case
from fanzha.trace.engine import CaseTrace
from fanzha.trace.freeze import FreezeRequest
from fanzha.trace.roles import recognise
from fanzha.trace.tracer import CASHING_OUT_REASON, Tracer

STOPS = ("freeze", "stop_query")
ASK_FIRST_REASON = "仅经银行调单回复发现：先查询该账户流水，确认非商户等出金渠道后再止付"
ASKED = ("freeze", "stop_query", "query", "hold_amount")
"""Requests that come with a query (调单) for the account's transfers: all of them — a bank
we think shares its data may still have kept some."""
Money = Transfer | Withdrawal | GoldPurchase | Account


@dataclass
class BankRecords:
    """Per account, what its bank kept: its record and money movements (either side)."""

    by_account: dict[str, list[Money]] = field(default_factory=lambda: defaultdict(list))
    payer_of: dict[str, str] = field(default_factory=dict)
    """Transfer id → the paying account, for reports that name transfers we never saw."""
    accounts_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Person → the accounts these banks keep for them (asked by the victim's id number)."""

    kinds: dict[str, str] = field(default_factory=dict)
    """Account → the keeping bank's ``account_kind`` (a merchant's record says so)."""

    @classmethod
    def read(cls, accepted: Iterable[Accepted]) -> BankRecords:
        """From reader output: the records' ``account_kind`` is kept."""
        items = list(accepted)
        records = cls.of(item.event for item in items)
        for item in items:
            if isinstance(item.event, Account) and b"account_kind" in item.raw:
                kind = extra_fields(item).get("account_kind")
                if isinstance(kind, str):
                    records.kinds[item.event.account_id] = kind
        return records

    @classmethod
    def of(cls, events: Iterable[Event]) -> BankRecords:
        records = cls()
        for event in events:
            if isinstance(event, Transfer):
                records.payer_of[event.id] = event.from_account
                records.by_account[event.from_account].append(event)
                records.by_account[event.to_account].append(event)
            elif isinstance(event, Withdrawal | GoldPurchase):
                records.by_account[event.account_id].append(event)
            elif isinstance(event, Account):
                records.by_account[event.account_id].append(event)
                if event.holder:
                    records.accounts_of[event.holder].append(event.account_id)
        for kept in records.by_account.values():
            kept.sort(key=lambda e: (e.ts, e.id))
        return records

    def answer(self, account: str, until: int) -> list[Money]:
        """The account's movements up to ``until`` (epoch seconds): the bank's answer."""
        return [e for e in self.by_account.get(account, []) if e.ts.timestamp() <= until]


def answer_delay(case_id: str, account: str, hours: tuple[float, float]) -> int:
    """Seconds until the bank answers: uniform in ``hours``, drawn from the case and account."""
    digest = hashlib.blake2b(f"{case_id}\0{account}".encode(), digest_size=8).digest()
    share = int.from_bytes(digest, "big") / 2**64
    low, high = hours
    return int((low + (high - low) * share) * 3600)


@dataclass
class _Issued:
    """One case's requests as sent: per account the request and when it went out."""

    rows: dict[str, FreezeRequest] = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)
    rounds: int = 0
    trace: CaseTrace | None = None


def trace_in_rounds(
    tracer: Tracer,
    cases: list[Case],
    records: BankRecords,
    rounds: int,
    delay_hours: tuple[float, float],
) -> list[tuple[Case, CaseTrace, list[FreezeRequest]]]:
    """Every case traced at its report, then again as each answer to its queries arrives.

    A request keeps the time it was first sent (``ts``) unless a later round asks
    for more, which is a new request sent then. A stop once sent stays on the
    list even when a later trace finds the money gone on.
    """
    issued = {case.case_id: _Issued() for case in cases}
    by_id = {case.case_id: case for case in cases}
    queue: list[tuple[int, int, str, str, bool]] = []
    """(time, order, case id, account answered about or "" for the report, the victim's?)."""
    for order, case in enumerate(cases):
        heapq.heappush(queue, (case.reported_ts, order, case.case_id, "", False))
    order = len(cases)
    answered: set[str] = set()
    """Ids of the transfers banks' answers brought."""
    stale = False

    def ask(case_id: str, account: str, when: int, victim: bool) -> None:
        nonlocal order
        order += 1
        answer_at = when + answer_delay(case_id, account, delay_hours)
        heapq.heappush(queue, (answer_at, order, case_id, account, victim))

    while queue:
        when, _, case_id, account, victim = heapq.heappop(queue)
        state = issued[case_id]
        if account:
            events = records.answer(account, when)
            if events:
                tracer.add(events)
                for event in events:
                    if isinstance(event, Account) and event.account_id in records.kinds:
                        tracer.graph.accounts[event.account_id].kind = records.kinds[
                            event.account_id
                        ]
                answered |= {e.id for e in events}
                stale = True
                if victim:  # the victim's own statement: which payments, again
                    fresh = {c.case_id: c for c in tracer.cases()}
                    by_id[case_id] = fresh.get(case_id, by_id[case_id])
            if queue and queue[0][0] == when and queue[0][2] == case_id:
                continue  # more answers at this very moment: trace once, after the last
        else:
            for own in _victim_accounts(tracer, by_id[case_id], records):
                state.asked.add(own)
                ask(case_id, own, when, True)
        if state.rounds > rounds:
            continue  # the first trace and ``rounds`` more
        state.rounds += 1
        if stale:  # the answers' ledgers show what accounts are (a shop's many customers)
            tracer.roles = recognise(tracer.graph, tracer.config)
            stale = False
        traced = tracer.trace(by_id[case_id], at=when)
        state.trace = traced
        for row in tracer.requests(traced):
            if _ask_first(tracer, row, answered, state.asked):
                row = msgspec.structs.replace(row, action="query", reason=ASK_FIRST_REASON)
            before = state.rows.get(row.account_id)
            if before is not None and before.action == "query" and row.action != "query":
                before = None  # asked first, stopped now
            elif before is not None and row.action == "query":
                continue
            if before is None or row.amount_fen > before.amount_fen:
                state.rows[row.account_id] = row
            if row.action in ASKED and row.account_id not in state.asked:
                state.asked.add(row.account_id)
                ask(case_id, row.account_id, when, False)
    results = []
    for case in (by_id[c.case_id] for c in cases):
        state = issued[case.case_id]
        rows = sorted(state.rows.values(), key=lambda r: (-r.amount_fen, r.hop, r.account_id))
        traced = state.trace or CaseTrace(case.case_id, frozenset(), case.seeds, 0, 0)
        results.append((case, traced, rows))
    return results


def _victim_accounts(tracer: Tracer, case: Case, records: BankRecords) -> set[str]:
    """The victim's accounts whose statements add to what we saw (the victim brings them).

    The victim's accounts we know of, the payers of reported transfers we never
    saw, and those the banks keep for the victim (a query by id number).
    """
    if tracer.builder is None:
        return set()
    graph = tracer.graph
    named = next((r.transfers for r in tracer.builder.reports if r.id == case.reports[0]), [])
    own = {a for a, f in graph.accounts.items() if case.person_id and f.holder == case.person_id}
    own |= {graph.names[int(graph.src[i])] for i in case.seeds}
    own |= {records.payer_of[t] for t in named if t in records.payer_of}
    own |= set(records.accounts_of.get(case.person_id or "", []))
    return {a for a in own if a in records.by_account}


def _ask_first(tracer: Tracer, row: FreezeRequest, answered: set[str], asked: set[str]) -> bool:
    """Ask before stopping: an account two hops on or more whose own ledger we have not seen,
    reached along a transfer only a bank's answer showed, or paid by an account cashing out.

    Such an account may be a shop the ring paid (a bank that shares nothing sends no
    merchant record); its ledger, asked for first, says whether it is an exit.
    """
    if row.account_id in asked or row.hop < 2 or not row.path:
        return False
    if row.action in STOPS:
        return row.path[-1] in answered
    return row.reason == CASHING_OUT_REASON and row.account_id not in tracer.graph.accounts
