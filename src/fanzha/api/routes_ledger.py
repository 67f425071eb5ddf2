"""The enforcement ledger over HTTP: takedowns of rings and risk notices to gold merchants.

Thin: ``fanzha.ledger.service.LedgerService`` checks roles, jurisdiction and the
ledger's rules and audits; this module turns HTTP into its calls, masks the
personal data of suspects and signers by role, and makes creates idempotent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import quote

import msgspec
from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field, StringConstraints

from fanzha.api.deps import Context, CurrentPrincipal, District, IdempotencyKey
from fanzha.api.idempotency import run_once
from fanzha.contract.limits import MAX_FEN
from fanzha.ledger.models import (
    MG_PER_GRAM,
    GoldNotice,
    NoticeDraft,
    Suspect,
    Takedown,
    TakedownDraft,
    grams,
)
from fanzha.security.masking import mask_value
from fanzha.security.roles import Principal

router = APIRouter(prefix="/v1", tags=["ledger"])
ERRORS: dict[int | str, dict[str, Any]] = {403: {}, 404: {}, 409: {}, 422: {}}

RING_ID = r"^[A-Za-z0-9_.:-]{1,128}$"
RingId = Annotated[str, Path(pattern=RING_ID, description="the ring's id (rings package)")]
NO_NUL = r"^[^\x00]*$"
"""PostgreSQL cannot store or compare text holding a NUL: refused here, naming the field."""
AccountId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_-]{1,64}$")]
CaseId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=NO_NUL)]
DistrictIn = Annotated[
    str | None, Field(default=None, max_length=32, pattern=NO_NUL, description="e.g. 硚口区")
]
MAX_GRAMS = Decimal(10**9)
"""A tonne of gold and then some: beyond any seizure, within a 64-bit count of mg."""


class SuspectIn(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    id_number: str | None = Field(default=None, pattern=r"^\d{17}[\dXx]$")


class TakedownFields(BaseModel):
    taken_on: date = Field(description="the day of the raid (local date)")
    district: DistrictIn = None
    unit: str = Field(min_length=1, max_length=200, pattern=NO_NUL, description="办案单位")
    suspects_count: int = Field(ge=0, le=100_000)
    suspects: list[SuspectIn] = Field(default_factory=list, max_length=1000)
    cash_seized_fen: int = Field(default=0, ge=0, le=MAX_FEN, description="integer fen")
    gold_grams: Decimal = Field(
        default=Decimal(0), ge=0, le=MAX_GRAMS, decimal_places=3, description="grams, to the mg"
    )
    accounts_frozen: list[AccountId] = Field(default_factory=list, max_length=1000)
    case_ids: list[CaseId] = Field(default_factory=list, max_length=1000)
    note: str = Field(default="", max_length=2000)

    def draft(self, ring_id: str) -> TakedownDraft:
        suspects, accounts = self.suspects, self.accounts_frozen
        return TakedownDraft(
            ring_id=ring_id,
            taken_on=self.taken_on,
            district=self.district,
            unit=self.unit,
            suspects_count=self.suspects_count,
            suspects=None
            if suspects is None
            else [Suspect(name=s.name, id_number=s.id_number) for s in suspects],
            cash_seized_fen=self.cash_seized_fen,
            gold_mg=int(self.gold_grams * MG_PER_GRAM),
            accounts_frozen=None if accounts is None else list(accounts),
            case_ids=list(self.case_ids),
            note=self.note,
        )


class CorrectionIn(TakedownFields):
    """The whole record again. Leave out ``suspects`` or ``accounts_frozen`` to keep them as
    recorded: a reader sees them masked, and a masked value sent back would overwrite them."""

    suspects: list[SuspectIn] | None = Field(default=None, max_length=1000)  # type: ignore[assignment]
    accounts_frozen: list[AccountId] | None = Field(default=None, max_length=1000)  # type: ignore[assignment]
    ring_id: str = Field(pattern=RING_ID)
    expected_version: int = Field(ge=1, le=2**31 - 1)
    reason: str = Field(min_length=1, max_length=2000)


class CaseLink(BaseModel):
    case_id: str
    href: str


class TakedownOut(BaseModel):
    takedown_id: str
    version: int
    ring_id: str
    ring_href: str
    taken_on: date
    district: str
    unit: str
    suspects_count: int
    suspects: list[dict[str, str | None]]
    cash_seized_fen: int
    gold_mg: int
    gold_grams: str
    accounts_frozen: list[str]
    cases: list[CaseLink]
    note: str
    recorded_by: str
    recorded_at: str
    reason: str


class TakedownDetail(TakedownOut):
    history: list[TakedownOut]


def takedown_out(t: Takedown, principal: Principal) -> TakedownOut:
    return TakedownOut(
        takedown_id=t.takedown_id,
        version=t.version,
        ring_id=t.ring_id,
        ring_href=f"/ui/ring.html?id={t.ring_id}",
        taken_on=t.taken_on,
        district=t.district,
        unit=t.unit,
        suspects_count=t.suspects_count,
        suspects=[
            {
                "name": mask_value(principal, "name", s.name),
                "id_number": mask_value(principal, "id_number", s.id_number),
            }
            for s in t.suspects
        ],
        cash_seized_fen=t.cash_seized_fen,
        gold_mg=t.gold_mg,
        gold_grams=grams(t.gold_mg),
        accounts_frozen=mask_value(principal, "account", t.accounts_frozen),
        cases=[
            CaseLink(case_id=c, href=f"/ui/case.html?id={quote(c, safe='')}") for c in t.case_ids
        ],
        note=t.note,
        recorded_by=t.recorded_by,
        recorded_at=t.recorded_at.isoformat(),
        reason=t.reason,
    )


@router.post(
    "/rings/{ring_id}/takedowns", status_code=201, responses=ERRORS, response_model=TakedownOut
)
def record_takedown(
    ring_id: RingId,
    body: TakedownFields,
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Record a ring's takedown (打掉团伙); the cases it names are closed (破案)."""

    def run() -> TakedownOut:
        return takedown_out(
            context.ledger.record_takedown(principal, body.draft(ring_id)), principal
        )

    call = (request.method, request.url.path, body.model_dump_json().encode())
    return run_once(context, principal.user_id, idempotency_key, call, run, status=201)


@router.post("/takedowns/{takedown_id}/corrections", responses=ERRORS, response_model=TakedownOut)
def correct_takedown(
    takedown_id: str,
    body: CorrectionIn,
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Correct a takedown: the whole record again, as a new version with a reason; the
    versions before it stay readable (``history``)."""

    def run() -> TakedownOut:
        made = context.ledger.correct_takedown(
            principal, takedown_id, body.expected_version, body.draft(body.ring_id), body.reason
        )
        return takedown_out(made, principal)

    call = (request.method, request.url.path, body.model_dump_json().encode())
    return run_once(context, principal.user_id, idempotency_key, call, run)


@router.get("/takedowns", responses=ERRORS)
def list_takedowns(
    context: Context,
    principal: CurrentPrincipal,
    ring_id: Annotated[str | None, Query(pattern=RING_ID)] = None,
    district: District = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[TakedownOut]:
    """Takedowns in the caller's jurisdiction, newest raid first."""
    found = context.ledger.takedowns(principal, ring_id, district, year)
    return [takedown_out(t, principal) for t in found]


@router.get("/takedowns/{takedown_id}", responses=ERRORS)
def get_takedown(takedown_id: str, context: Context, principal: CurrentPrincipal) -> TakedownDetail:
    """One takedown as it stands, with every version (oldest first)."""
    current, versions = context.ledger.takedown(principal, takedown_id)
    return TakedownDetail(
        **takedown_out(current, principal).model_dump(),
        history=[takedown_out(v, principal) for v in versions],
    )


# ---- risk notices to gold merchants (风险告知书) ------------------------------------------


class NoticeIn(BaseModel):
    merchant_name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    shop_id: str = Field(pattern=r"^[\w-]{1,64}$", description="shop or business licence id")
    account_id: AccountId | None = None
    district: DistrictIn = None
    issued_on: date
    delivered_by: str | None = Field(
        default=None, min_length=1, max_length=64, description="the officer; default: you"
    )
    case_id: CaseId | None = None
    ring_id: str | None = Field(default=None, pattern=RING_ID)
    note: str = Field(default="", max_length=2000)


class AckIn(BaseModel):
    acknowledged_on: date
    signed_by: str = Field(min_length=1, max_length=64, description="who signed for the merchant")


class NoticeOut(BaseModel):
    notice_id: str
    merchant_name: str
    shop_id: str
    account_id: str | None
    district: str
    issued_on: date
    delivered_by: str
    case_id: str | None
    ring_id: str | None
    note: str
    recorded_by: str
    recorded_at: str
    acknowledged: bool
    acknowledged_on: date | None
    signed_by: str | None


def notice_out(n: GoldNotice, principal: Principal) -> NoticeOut:
    doc = msgspec.to_builtins(n)
    doc.pop("acknowledged_recorded_by", None)
    doc["account_id"] = mask_value(principal, "account", n.account_id)
    doc["signed_by"] = mask_value(principal, "name", n.signed_by)
    doc["acknowledged"] = n.acknowledged_on is not None
    return NoticeOut.model_validate(doc)


@router.post("/gold-notices", status_code=201, responses=ERRORS, response_model=NoticeOut)
def issue_notice(
    body: NoticeIn,
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Record a risk notice served on a gold merchant (风险告知书)."""

    def run() -> NoticeOut:
        draft = NoticeDraft(
            **{**body.model_dump(), "delivered_by": body.delivered_by or principal.user_id}
        )
        return notice_out(context.ledger.issue_notice(principal, draft), principal)

    call = (request.method, request.url.path, body.model_dump_json().encode())
    return run_once(context, principal.user_id, idempotency_key, call, run, status=201)


@router.post("/gold-notices/{notice_id}/ack", responses=ERRORS, response_model=NoticeOut)
def acknowledge_notice(
    notice_id: str,
    body: AckIn,
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """The merchant signed the receipt: when, and who signed."""

    def run() -> NoticeOut:
        made = context.ledger.acknowledge_notice(
            principal, notice_id, body.acknowledged_on, body.signed_by
        )
        return notice_out(made, principal)

    call = (request.method, request.url.path, body.model_dump_json().encode())
    return run_once(context, principal.user_id, idempotency_key, call, run)


@router.get("/gold-notices", responses=ERRORS)
def list_notices(
    context: Context,
    principal: CurrentPrincipal,
    merchant: Annotated[str | None, Query(max_length=200, description="shop id or name")] = None,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")] = None,
    district: District = None,
) -> list[NoticeOut]:
    """Notices in the caller's jurisdiction, newest first, by merchant and month."""
    found = context.ledger.notices(principal, merchant, month, district)
    return [notice_out(n, principal) for n in found]
