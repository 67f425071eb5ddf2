"""``POST /v1/checks/transfer``: a bank asks before it executes a transfer.

Why apart from the order, gold and parcel checks: those take a contract event
(the order is happening); a transfer asked about has not happened, so the
question is three fields — who pays, whom, how much — answered from the
center's lists (涉案账户) and the payer's live risk, and logged like every
check (``GET /v1/partners/activity`` counts it). If the bank goes ahead, its
transfer event reaches detection as any other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from fanzha.api.deps import Context
from fanzha.api.routes_partners import AUTH, CheckOut, CheckReason, partner_request, risk_context
from fanzha.api.routes_partners import service as partner_service
from fanzha.contract.limits import MAX_FEN
from fanzha.partners.registry import PartnerRegistry, Scope

router = APIRouter(prefix="/v1", tags=["partners"])
AccountId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[!-~]+$")
]


class TransferCheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    payer_account: AccountId
    payee_account: AccountId
    amount_fen: int = Field(gt=0, le=MAX_FEN, strict=True)
    """The sum in fen (integer): ¥5,000 is 500000."""
    ts: AwareDatetime | None = None
    """When the customer asked (default: now)."""
    reference: str = Field(default="", max_length=128)
    """The bank's own id of the pending transfer, to match the answer and feedback."""


@router.post(
    "/checks/transfer",
    response_model=CheckOut,
    responses={**AUTH, 422: {"description": "a field is missing or wrong: named"}},
    summary="risk check of a transfer before it executes (allow / warn / hold)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": TransferCheckIn.model_json_schema()}},
        }
    },
)
async def check_transfer(request: Request, context: Context) -> CheckOut:
    partner, body = await partner_request(request, context)
    PartnerRegistry.require(partner, Scope.CHECK_TRANSFER)  # before reading what was sent
    asked = TransferCheckIn.model_validate_json(body or b"{}")  # 422 names the field
    at: datetime = asked.ts or context.clock.now()
    partners = partner_service(context)
    row, result = partners.check_transfer(
        partner, asked.payer_account, asked.payee_account, asked.amount_fen, at,
        risk_context(context), asked.reference,
    )  # fmt: skip
    partners.record_later(row, None)
    return CheckOut(
        check_id=row["record_id"],
        decision=result.decision.value,
        score=round(result.score, 3),
        reasons=[CheckReason(code=r.code, zh=r.zh, en=r.en) for r in result.reasons],
        display_text=result.display_text,
    )
