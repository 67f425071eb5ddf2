"""A case's money ledger: stolen, still held, stopped, frozen, returned — in fen.

Built from the case's holds. An account holding several cases' money counts
for each case in proportion to what the trace followed into it from that case
(the same split the return rules use), so adding up the ledgers of all cases
never counts a fen twice.
"""

from __future__ import annotations

import msgspec

from fanzha.trace.holds import Hold, HoldState, split_pro_rata

STOPPED_OR_LATER = (HoldState.STOPPED, HoldState.FROZEN, HoldState.RETURNED)


class CaseLedger(msgspec.Struct, kw_only=True):
    case_id: str
    stolen_fen: int = 0
    traced_held_fen: int = 0
    """What the trace found still in accounts (the freeze list's total)."""
    requested_fen: int = 0
    stopped_fen: int = 0
    frozen_fen: int = 0
    returned_fen: int = 0
    returned_direct_fen: int = 0
    returned_pro_rata_fen: int = 0
    accounts: int = 0
    refused: int = 0


def _share(hold: Hold, total: int, case_id: str) -> int:
    weights = {c.case_id: c.amount_fen for c in hold.claims}
    return split_pro_rata(total, weights).get(case_id, 0)


def case_ledger(
    case_id: str, stolen_fen: int, traced_held_fen: int, holds: list[Hold]
) -> CaseLedger:
    ledger = CaseLedger(case_id=case_id, stolen_fen=stolen_fen, traced_held_fen=traced_held_fen)
    for hold in holds:
        claim = hold.claim(case_id)
        if claim is None:
            continue
        ledger.accounts += 1
        ledger.requested_fen += claim.amount_fen
        if hold.state == HoldState.REFUSED:
            ledger.refused += 1
        if hold.state in STOPPED_OR_LATER or hold.stops:
            ledger.stopped_fen += _share(hold, hold.stopped_fen, case_id)
        if hold.state in (HoldState.FROZEN, HoldState.RETURNED):
            ledger.frozen_fen += _share(hold, hold.frozen_fen, case_id)
        if claim.returned_fen:
            ledger.returned_fen += claim.returned_fen
            if len(hold.claims) == 1:
                ledger.returned_direct_fen += claim.returned_fen
            else:
                ledger.returned_pro_rata_fen += claim.returned_fen
    return ledger
