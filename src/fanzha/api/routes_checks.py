"""``POST /v1/checks/transfer`` and ``GET /v1/checks/account/{id}``: a bank asks.

``POST /v1/checks/transfer``: a bank asks before it executes a transfer.

Why apart from the order, gold and parcel checks: those take a contract event
(the order is happening); a transfer asked about has not happened, so the
question is three fields — who pays, whom, how much — answered from the
center's lists (涉案账户) and the payer's live risk, and logged like every
check (``GET /v1/partners/activity`` counts it). If the bank goes ahead, its
transfer event reaches detection as any other.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from fanzha.api.deps import AUTH, Context, partner_request
from fanzha.api.schemas import CheckOut, CheckReason
from fanzha.contract.limits import MAX_FEN
from fanzha.flows.partner_risk import risk_context
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
    partners = context.partners
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


class AccountCheckOut(BaseModel):
    account_id: str
    scored: bool
    """Whether the mule scorer has seen the account at all."""
    score: float | None
    """0..1: how much the account's behaviour looks like a mule's (断卡)."""
    reasons: list[CheckReason]
    listed: bool
    """On the center's 涉案账户 list (the mule scorer's or another: freeze lists, patrol)."""
    listed_by: str | None
    first_flagged_ts: datetime | None
    model: str | None
    scored_at: datetime | None


@router.get(
    "/checks/account/{account_id}",
    response_model=AccountCheckOut,
    responses={**AUTH, 422: {"description": "the account id is malformed"}},
    summary="what the center knows of one account: mule score, reasons, listed or not",
)
async def check_account(account_id: str, request: Request, context: Context) -> AccountCheckOut:
    """A bank asks about one account (its own customer's, or a payee's).

    The score comes from the nightly mule scoring (``fanzha mules … --load``);
    evidence transfer ids stay at the center (they name other banks' customers).
    Every question is audited and logged as partner activity."""
    partner, _ = await partner_request(request, context)
    PartnerRegistry.require(partner, Scope.CHECK_ACCOUNT)
    account = account_id.strip()
    if not account or len(account) > 64 or not account.isascii() or not account.isprintable():
        raise HTTPException(422, "account_id: 1-64 printable ASCII characters")
    now = context.clock.now()
    stored = await asyncio.to_thread(context.mules.get, account) if context.mules else None
    listed = await asyncio.to_thread(risk_context(context).listed_account, account)
    answer = AccountCheckOut(
        account_id=account,
        scored=stored is not None,
        score=round(stored.score, 4) if stored is not None else None,
        reasons=[_reason(r) for r in stored.reasons] if stored is not None else [],
        listed=listed is not None,
        listed_by=listed[0] if listed is not None else None,
        first_flagged_ts=stored.first_flagged_ts if stored is not None else None,
        model=stored.model if stored is not None else None,
        scored_at=stored.scored_at if stored is not None else None,
    )
    doc = {"account_id": account, "score": answer.score, "listed": answer.listed}
    partners = context.partners
    outcome = "listed" if answer.listed else "not_listed"
    partners.record_later(
        partners.log.row(partner.partner_id, "check_account", now, None, outcome, doc), None
    )
    await asyncio.to_thread(
        context.audit.append, partner.principal(), "view", "account_check", account, now, doc
    )
    return answer


def _reason(said: str) -> CheckReason:
    zh, _, en = said.partition(" | ")
    return CheckReason(code="mule_behaviour", zh=zh, en=en or zh)
