"""Partners over HTTP: checks, events, clues, feedback, notifications; and their admin.

Partner routes authenticate with ``X-Api-Key`` (and, when sent, an HMAC
signature whose replay is refused); the admin routes with a user's token.
A partner only ever sees its own records: another partner's check or
delivery id answers 404, as if it did not exist.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Annotated, Any, Literal

import msgspec
from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from fanzha.api.deps import (
    AUTH,
    Context,
    CurrentPrincipal,
    Moment,
    Name,
    Offset,
    partner_request,
    require_roles,
)
from fanzha.api.schemas import CheckOut, CheckReason, EventsOut, RejectedLine, events_out
from fanzha.api.task_schemas import PERSON_FIELDS
from fanzha.contract.bodies import split_body
from fanzha.contract.errors import Rejection
from fanzha.contract.readers import Accepted, decode_event
from fanzha.flows.intake import accept_events
from fanzha.flows.lists import clue_heard
from fanzha.flows.partner_risk import risk_context
from fanzha.partners.checking import SCOPE_OF, CheckKind
from fanzha.partners.kinds import partner_kinds
from fanzha.partners.registry import Partner, PartnerRegistry, PartnerType, Scope
from fanzha.security.masking import mask_record
from fanzha.security.roles import Role

router = APIRouter(prefix="/v1", tags=["partners"])


def _decode_own(raw: bytes, partner: Partner, line: int = 1) -> Accepted | RejectedLine:
    result = decode_event(raw, "request", line)
    if isinstance(result, Rejection):
        return RejectedLine(line=line, field=result.field, error=result.error)
    if result.event.source != partner.source:
        return RejectedLine(line=line, field="source", error=f"must be {partner.source}")
    refused = partner_kinds().refusal(partner, result.event.kind)  # partners/config/kinds.yaml
    if refused is not None:
        return RejectedLine(line=line, field="kind", error=refused)
    return result


def _check_route(kind: CheckKind, contract_kind: str) -> None:
    async def endpoint(request: Request, context: Context) -> CheckOut:
        partner, body = await partner_request(request, context)
        PartnerRegistry.require(partner, SCOPE_OF[kind])  # before reading what was sent
        decoded = _decode_own(body, partner)
        if isinstance(decoded, RejectedLine):
            raise HTTPException(
                403 if decoded.field == "kind" else 422, f"{decoded.field}: {decoded.error}"
            )
        if decoded.event.kind != contract_kind:
            raise HTTPException(422, f"kind: a {kind} check takes a {contract_kind} event")
        partners = context.partners
        row, result = partners.check(partner, kind, decoded.event, risk_context(context))
        partners.record_later(row, decoded)  # stored and detected on right after the answer
        return CheckOut(
            check_id=row["record_id"],
            decision=result.decision.value,
            score=round(result.score, 3),
            reasons=[CheckReason(code=r.code, zh=r.zh, en=r.en) for r in result.reasons],
            display_text=result.display_text,
        )

    endpoint.__name__ = f"check_{kind}"
    router.add_api_route(
        f"/checks/{kind}",
        endpoint,
        methods=["POST"],
        response_model=CheckOut,
        responses={**AUTH, 422: {}},
        summary=f"risk check of a {contract_kind} (allow / warn / hold) in milliseconds",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    )


_check_route("order", "order")
_check_route("gold", "gold_purchase")
_check_route("parcel", "parcel")


@router.post("/partner/events", responses=AUTH)
async def post_partner_events(request: Request, context: Context) -> EventsOut:
    """A partner's events (JSON array or JSON Lines), each carrying the partner's source.

    Kinds its type may not send are rejected by line, naming kind and type; a
    reference record it may send but does not own (a bank's ``person``) is kept
    as an observation and changes nothing (``contract.ownership``)."""
    partner, body = await partner_request(request, context)
    PartnerRegistry.require(partner, Scope.EVENTS_WRITE)
    good: list[Accepted] = []
    rejected: list[RejectedLine] = []
    for number, raw in enumerate(split_body(body), start=1):
        decoded = _decode_own(raw, partner, number)
        if isinstance(decoded, RejectedLine):
            rejected.append(decoded)
        else:
            good.append(decoded)
    return events_out(await asyncio.to_thread(accept_events, context, good), rejected)


class ClueIn(BaseModel):
    kind: Literal["customer", "phone", "account", "address"]
    value: str = Field(min_length=1, max_length=300)
    """A phone number, account, address, or the customer's phone for ``customer``."""
    note: str = Field(default="", max_length=2000)
    ring: bool = False
    """The partner believes it belongs to a fraud ring (then later checks weigh it)."""


class ClueOut(BaseModel):
    """Only the receipt: whether the person has a police task is not the partner's to know."""

    clue_id: str


@router.post("/clues", responses=AUTH)
async def post_clue(request: Request, context: Context) -> ClueOut:
    """A suspicious customer, number, account or address: evidence for the center."""
    partner, body = await partner_request(request, context)
    clue = ClueIn.model_validate_json(body)
    risk = risk_context(context)
    person = (
        risk.person_of_phone(clue.value)
        if clue.kind in ("phone", "customer")
        else risk.person_of_account(clue.value)
        if clue.kind == "account"
        else None
    )
    said = clue.model_dump()
    clue_id = context.partners.clue(partner, said, person)
    clue_heard(context, said)
    if person is not None:
        what = f"partner clue from {partner.name}: {clue.kind} {clue.note}".strip()
        context.tasks.note_from_outside(person, f"partner:{partner.partner_id}", what)
    return ClueOut(clue_id=clue_id)


class FeedbackIn(BaseModel):
    about: str = Field(min_length=1, max_length=64, description="the check_id answered")
    outcome: Literal[
        "order_refused", "parcel_held", "sale_stopped", "customer_dissuaded", "went_ahead"
    ]
    note: str = Field(default="", max_length=2000)


@router.post("/feedback", responses={**AUTH, 404: {}})
async def post_feedback(request: Request, context: Context) -> dict[str, Any]:
    """What happened after a check; it lands on the person's task and in the statistics."""
    partner, body = await partner_request(request, context)
    feedback = FeedbackIn.model_validate_json(body)
    try:
        found = context.partners.feedback(partner, feedback.about, feedback.outcome, feedback.note)
    except KeyError:
        raise HTTPException(404, f"no check {feedback.about} of yours") from None
    if found["person_id"]:
        what = f"partner feedback from {partner.name}: {feedback.outcome} {feedback.note}".strip()
        context.tasks.note_from_outside(found["person_id"], f"partner:{partner.partner_id}", what)
    return {"feedback_id": found["record_id"]}  # nothing on whether a task was there


@router.get("/partner/notifications", responses=AUTH)
async def pull_notifications(request: Request, context: Context) -> list[dict[str, Any]]:
    """Warnings and stop-payment requests for this partner not yet acknowledged."""
    partner, _ = await partner_request(request, context)
    pulled = context.partners.pull(partner)
    await asyncio.to_thread(
        context.audit.append,
        partner.principal(),
        "view",
        "notifications",
        partner.partner_id,
        context.clock.now(),
        {"deliveries": [d.delivery_id for d in pulled]},
    )
    return [
        {"delivery_id": d.delivery_id, "topic": d.topic, "payload": d.payload, "created": d.created}
        for d in pulled
    ]


@router.post("/partner/notifications/{delivery_id}/ack", responses={**AUTH, 404: {}})
async def ack_notification(delivery_id: str, request: Request, context: Context) -> dict[str, str]:
    partner, _ = await partner_request(request, context)
    try:
        context.partners.acknowledge(partner, delivery_id)
    except KeyError:
        raise HTTPException(404, f"no notification {delivery_id} of yours") from None
    return {"delivery_id": delivery_id, "state": "delivered"}


# ---- the center's side -------------------------------------------------------------------


class PartnerIn(BaseModel):
    partner_id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{1,63}$")
    name: str = Field(min_length=1, max_length=100)
    type: PartnerType
    source: str = Field(pattern=r"^[a-z_]+:[A-Za-z0-9_.-]+$", description="e.g. bank:icbc")
    webhook_url: str | None = None
    ip_allowlist: list[str] = []
    rate_limit_per_s: float = Field(default=200.0, gt=0, le=100_000)
    require_signature: bool = False
    """Refuse its requests unless HMAC-signed (X-Fanzha-Timestamp, -Nonce, -Signature)."""


def _partner_out(p: Partner) -> dict[str, Any]:
    return {
        "partner_id": p.partner_id,
        "name": p.name,
        "type": p.type,
        "source": p.source,
        "scopes": sorted(p.scopes),
        "webhook_url": p.webhook_url,
        "ip_allowlist": p.ip_allowlist,
        "rate_limit_per_s": p.rate_limit_per_s,
        "require_signature": p.require_signature,
        "keys": [{"key_id": k.key_id, "created": k.created, "expires": k.expires} for k in p.keys],
    }


@router.get("/partners", responses={403: {}})
def list_partners(context: Context, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    require_roles(principal, Role.ADMIN, Role.CENTER_ANALYST)
    return [_partner_out(p) for p in context.partners.registry()]


@router.post("/partners", status_code=201, responses={403: {}, 422: {}})
def add_partner(body: PartnerIn, context: Context, principal: CurrentPrincipal) -> dict[str, Any]:
    """A new partner; its API key and webhook secret are shown in this answer only.

    422 when its source does not fit its type, or its webhook URL is not http(s)
    to an allowed partner network (settings ``FANZHA_WEBHOOK_*``)."""
    require_roles(principal, Role.ADMIN)
    try:
        partner, key = context.partners.add_partner(**body.model_dump())
    except ValueError as err:
        raise HTTPException(422, str(err)) from None
    context.audit.append(principal, "create", "partner", partner.partner_id, context.clock.now())
    return {**_partner_out(partner), "api_key": key, "webhook_secret": partner.webhook_secret}


@router.post("/partners/{partner_id}/rotate-key", responses={403: {}, 404: {}})
def rotate(partner_id: str, context: Context, principal: CurrentPrincipal) -> dict[str, str]:
    """A new key; the old one keeps working for a week so the partner can switch."""
    require_roles(principal, Role.ADMIN)
    try:
        key = context.partners.rotate(partner_id)
    except KeyError:
        raise HTTPException(404, f"no partner {partner_id}") from None
    context.audit.append(principal, "rotate_key", "partner", partner_id, context.clock.now())
    return {"partner_id": partner_id, "api_key": key}


@router.get("/partners/activity", responses={403: {}, 422: {}})
def activity(
    context: Context,
    principal: CurrentPrincipal,
    kind: Name = None,
    partner_id: Name = None,
    outcome: Name = None,
    since: Moment | None = None,
    until: Moment | None = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> dict[str, Any]:
    """Checks, clues and feedback newest first, filtered and paged in the database
    (``total`` counts every match), and the last week's counts."""
    require_roles(principal, Role.ADMIN, Role.CENTER_ANALYST)
    partners = context.partners
    partners.flush()
    context.audit.append(principal, "view", "partner_log", kind or "*", context.clock.now())
    log = partners.log
    return {
        "recent": log.recent(
            partner_id, kind, limit=limit, offset=offset, outcome=outcome, since=since, until=until
        ),
        "total": log.count(partner_id, kind, outcome=outcome, since=since, until=until),
        "offset": offset,
        "limit": limit,
        "week": partners.summary(context.clock.now() - timedelta(days=7)),
    }


@router.get("/partners/dead-letters", responses={403: {}})
def dead_letters(context: Context, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    """Webhook deliveries that failed every try: fix the partner's endpoint, then re-send."""
    require_roles(principal, Role.ADMIN, Role.CENTER_ANALYST)
    dead = [msgspec.to_builtins(d) for d in context.partners.outbox.dead_letters()]
    context.audit.append(
        principal, "view", "dead_letters", "*", context.clock.now(), {"count": len(dead)}
    )
    return dead


@router.post("/partners/deliveries/{delivery_id}/requeue", responses={403: {}, 404: {}})
def requeue(delivery_id: str, context: Context, principal: CurrentPrincipal) -> dict[str, str]:
    require_roles(principal, Role.ADMIN, Role.CENTER_ANALYST)
    try:
        context.partners.outbox.requeue(delivery_id, context.clock.now())
    except KeyError:
        raise HTTPException(404, f"no delivery {delivery_id}") from None
    context.audit.append(principal, "requeue", "delivery", delivery_id, context.clock.now())
    return {"delivery_id": delivery_id, "state": "pending"}


@router.get("/observations", responses={403: {}})
def observations(
    subject: str, context: Context, principal: CurrentPrincipal
) -> list[dict[str, Any]]:
    """What sources that do not own a person's or account's record said about it
    (a platform's address for a resident, a bank's record of another bank's account):
    kept for analysts, never applied to the record."""
    require_roles(principal, Role.ADMIN, Role.CENTER_ANALYST)
    context.audit.append(principal, "view", "observations", subject, context.clock.now())
    found = context.partners.observations(subject)
    return [{**o, "fields": mask_record(principal, o["fields"], PERSON_FIELDS)} for o in found]
