"""The freeze request: what a case's trace asks banks and institutions to do.

Made by ``trace`` (the freeze list), read by the stop-payment flow, the case
pages, exports and the banks' desk: a type of the contract, so none of them
needs the trace's internals to hold one.
"""

from __future__ import annotations

from typing import Literal

import msgspec

Action = Literal["freeze", "stop_query", "query", "hold_amount"]
"""freeze: stop then freeze (a bank whose data we have); stop_query: stop and ask where
the money went (a bank that shares nothing); query: ask a payment institution, never
stop; hold_amount: hold the traced amount only (a USDT OTC trader)."""


class FreezeRequest(msgspec.Struct, frozen=True, kw_only=True):
    """One row of a freeze list (``trace.freeze``: how rows are chosen and ranked)."""

    account_id: str
    bank: str | None
    amount_fen: int
    hop: int
    ts: str
    case_id: str
    path: list[str]
    action: Action
    holder: str | None = None
    basis: str = "fifo"
    """The taint rule ``amount_fen`` rests on."""
    could_hold: dict[str, int] = {}
    reason: str | None = None


__all__ = ["Action", "FreezeRequest"]
