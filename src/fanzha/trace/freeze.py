"""The freeze list: accounts ranked by stolen money still held, with evidence.

Each row is the contract's freeze request (``account_id``, ``bank``,
``amount_fen``, ``hop``, ``ts``, ``case_id``, ``path``) plus ``action``:

- ``freeze``: a stop-payment (then freeze) at a bank whose data we have;
- ``stop_query``: a stop-payment *and* a query (动态查询) at a bank that shares
  nothing — we saw the money arrive there and nothing after, so the bank must
  stop it and tell us where it went; its answer resumes the trace
  (``Tracer.resume``). The bank comes from the card number when no record
  names it (``fanzha.trace.banks``);
- ``query``: money paid into a payment institution that we saw no
  settlement of: the institution is asked, never stopped;
- ``hold_amount``: a USDT OTC trader paid with stolen money — a hold on the
  traced amount only, with the reason, never a whole-account freeze.

Gold sellers, merchants, other hubs and the cash and gold sinks are never on
the list (``fanzha.trace.roles``). ``amount_fen`` is the most the account
could still hold under any of the taint rules and ``basis`` names the rule it
rests on (FIFO first, then pro rata, then LIFO at equal amounts: the return of
frozen money still follows FIFO/Clayton and pro rata, ``fanzha.trace.ledger``);
``could_hold`` gives all three.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from fanzha.contract.freeze import Action as Action  # re-exported for trace
from fanzha.contract.freeze import FreezeRequest as FreezeRequest
from fanzha.trace.banks import BinTable
from fanzha.trace.config import TraceConfig
from fanzha.trace.engine import CaseTrace
from fanzha.trace.graph import TransferGraph, moment
from fanzha.trace.roles import NodeRoles

DEFENSIBLE = ("fifo", "proportional", "lifo")
"""At equal amounts the figure rests on the rule first here."""
OTC_REASON = "USDT场外交易商：仅限额止付涉案金额并调取交易对手，不冻结账户"
INSTITUTION_REASON = "支付机构：资金未见清算去向，向机构查询，不止付"
NO_DATA_REASON = "该行未共享数据：止付并动态查询后续去向"


def _figure(could_hold: dict[str, int], held: int) -> tuple[int, str]:
    if not could_hold:
        return held, "fifo"
    best = max(could_hold.values())
    return best, next(rule for rule in DEFENSIBLE if could_hold.get(rule) == best)


def freeze_list(
    graph: TransferGraph,
    trace: CaseTrace,
    config: TraceConfig,
    roles: NodeRoles | None = None,
    data_banks: Iterable[str] | None = None,
    issuers: BinTable | None = None,
) -> list[FreezeRequest]:
    """One case's requests, most money first."""
    when = moment(trace.as_of).isoformat()
    banks = set(config.data_banks if data_banks is None else data_banks)
    table = issuers or config.issuers()
    rows = []
    for account in trace.accounts.values():
        node = account.node
        kind = roles.kind(node) if roles is not None else ("hub" if account.hub else "account")
        facts = graph.accounts.get(account.account_id)
        bank = graph.bank_of(node, table)
        basis, reason = trace.policy, None
        action: Action
        if kind == "otc":
            amount, action, reason = account.received, "hold_amount", OTC_REASON
        elif kind == "institution":
            amount, action, reason = account.held, "query", INSTITUTION_REASON
            bank = roles.institutions[node] if roles is not None else bank
        elif account.hub:
            continue
        else:
            amount, basis = _figure(account.could_hold, account.held)
            action = "freeze" if bank in banks else "stop_query"
            reason = None if action == "freeze" else NO_DATA_REASON
        if amount < config.min_freeze_fen:
            continue
        rows.append(
            FreezeRequest(
                account_id=account.account_id,
                bank=bank,
                amount_fen=amount,
                hop=account.hop,
                ts=when,
                case_id=trace.case_id,
                path=trace.path(graph, node),
                action=action,
                holder=facts.holder if facts else None,
                basis=basis,
                could_hold=dict(account.could_hold),
                reason=reason,
            )
        )
    rows.sort(key=lambda r: (-r.amount_fen, r.hop, r.account_id))
    return _within_loss(rows, trace.stolen, config.min_freeze_fen)


def _within_loss(rows: list[FreezeRequest], stolen: int, floor: int) -> list[FreezeRequest]:
    """A case never asks for more than it lost: down the ranking, each row gets what is left.

    The rules' figures can each be right and still add up past the loss (one
    rule puts the money here, another there); the most defensible rows come first.
    """
    kept, left = [], stolen
    for row in rows:
        amount = min(row.amount_fen, left)
        if amount < floor:
            continue
        kept.append(
            row if amount == row.amount_fen else msgspec.structs.replace(row, amount_fen=amount)
        )
        left -= amount
    return kept
