"""Answering a partner's check: scope first, then the decision, then the row to log.

The decisions themselves are ``checks``' pure functions over a ``RiskContext``;
this service adds who may ask which check and what the partner log keeps of
the answer. Writing that row is the ``writer``'s, after the answer has gone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec

from fanzha.contract.kinds import Event, GoldPurchase, Order, Parcel
from fanzha.partners.checks import (
    CheckResult,
    check_gold,
    check_order,
    check_parcel,
    check_transfer,
)
from fanzha.partners.context import RiskContext
from fanzha.partners.registry import Partner, PartnerRegistry, Scope
from fanzha.partners.repository import log_row

CheckKind = Literal["order", "gold", "parcel"]
SCOPE_OF: dict[CheckKind, Scope] = {
    "order": Scope.CHECK_ORDER,
    "gold": Scope.CHECK_GOLD,
    "parcel": Scope.CHECK_PARCEL,
}


def _reasons(result: CheckResult) -> list[Any]:
    return [msgspec.to_builtins(r) for r in result.reasons]


def check_event(
    partner: Partner, kind: CheckKind, event: Event, risk: RiskContext
) -> tuple[dict[str, Any], CheckResult]:
    """The decision on an order, gold sale or parcel, and the log row to write once answered."""
    PartnerRegistry.require(partner, SCOPE_OF[kind])
    if kind == "order" and isinstance(event, Order):
        result = check_order(event, risk)
    elif kind == "gold" and isinstance(event, GoldPurchase):
        result = check_gold(event, risk)
    elif kind == "parcel" and isinstance(event, Parcel):
        result = check_parcel(event, risk)
    else:
        raise ValueError(f"a {kind} check needs a {kind} event, not {event.kind}")
    doc = {
        "event_id": event.id,
        "score": result.score,
        "reasons": _reasons(result),
        "display_text": result.display_text,
    }
    row = log_row(
        partner.partner_id, f"check_{kind}", event.ts, result.person_id, result.decision, doc
    )
    return row, result


def check_pending_transfer(
    partner: Partner,
    payer: str,
    payee: str,
    amount_fen: int,
    at: datetime,
    risk: RiskContext,
    reference: str = "",
) -> tuple[dict[str, Any], CheckResult]:
    """A bank's question before a transfer executes, and the log row to write.

    No event is made: the transfer has not happened; if it goes ahead, the
    bank's transfer event reaches detection as any other."""
    PartnerRegistry.require(partner, Scope.CHECK_TRANSFER)
    result = check_transfer(payer, payee, amount_fen, at, risk)
    doc = {
        "event_id": reference,
        "amount_fen": amount_fen,
        "score": result.score,
        "reasons": _reasons(result),
        "display_text": result.display_text,
    }
    row = log_row(partner.partner_id, "check_transfer", at, result.person_id, result.decision, doc)
    return row, result


__all__ = ["SCOPE_OF", "CheckKind", "check_event", "check_pending_transfer"]
