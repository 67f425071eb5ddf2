"""Restrictions (art. 31/32/35 measures): impose, list, appeal, decide.

Imposing one sends its orders to the partners that must apply it, and lifting
one on appeal sends the release (``flows.measures``); the page lists them all.
"""

from __future__ import annotations

import secrets
from typing import Literal

import msgspec
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from fanzha.api.deps import Context, CurrentPrincipal, IdempotencyKey, require_roles
from fanzha.api.idempotency import run_once
from fanzha.dissuade.measures import measure_catalog
from fanzha.dissuade.restrictions import (
    REASON_CODES,
    Measure,
    Restriction,
    RestrictionError,
    decide_appeal,
    display_state,
    file_appeal,
    impose,
)
from fanzha.dissuade.service import Forbidden, NotFound
from fanzha.flows.measures import end_with_release, impose_with_orders
from fanzha.security.roles import Principal, Role

router = APIRouter(prefix="/v1", tags=["restrictions"])
ERRORS: dict[int | str, dict[str, str]] = {
    403: {"description": "forbidden"},
    404: {"description": "not found"},
    409: {"description": "not allowed now"},
}


class ImposeIn(BaseModel):
    measure: Measure
    reason_code: str = Field(pattern=r"^R\d\d$")
    detail: str = Field(default="", max_length=1000)


class AppealIn(BaseModel):
    statement: str = Field(min_length=1, max_length=4000)


class DecisionIn(BaseModel):
    lift: bool
    reason: str = Field(min_length=1, max_length=2000)


DisplayState = Literal["pending", "applied", "refused", "unrouted", "expired", "lifted"]


class OrderOut(BaseModel):
    """An order as officers see it: which partner, what, answered how. The card
    numbers it names are the partner's business; the page shows how many."""

    order_id: str
    partner_id: str
    action: Literal["apply", "release"]
    subject_kind: Literal["phone", "account"]
    subjects: int
    sent_at: str
    state: Literal["pending", "applied", "refused"]
    acked_at: str | None
    ack_reason: str | None


class RestrictionOut(BaseModel):
    restriction_id: str
    person_id: str
    measure: Measure
    measure_zh: str
    legal_basis: str
    reason_code: str
    notice_text: str
    imposed_by: str
    imposed_at: str
    expires_at: str | None
    ended_at: str | None
    active: bool
    status: Literal["in_force", "expired", "lifted"]
    state: DisplayState
    """待回执 / 已执行 / 已拒绝 / 未对接 while in force; 已到期 / 已解除 once ended."""
    orders: list[OrderOut]
    unrouted: list[str]
    appeal: dict[str, object] | None


def _out(r: Restriction) -> RestrictionOut:
    doc = msgspec.to_builtins(r)
    doc["orders"] = [{**o, "subjects": len(o["subjects"])} for o in doc["orders"]]
    doc["measure_zh"] = measure_catalog().rule(r.measure).zh
    doc["state"] = display_state(r)
    return RestrictionOut.model_validate(doc)


def _check_person(context: Context, principal: Principal, person_id: str) -> None:
    """Administrators get 403 for anyone; a person of another jurisdiction reads as
    unknown (404), so the answer does not tell who lives where."""
    if principal.role is Role.ADMIN:
        raise Forbidden("administrators do not handle residents")
    info = context.tasks.person_info(person_id)
    if info is None or not principal.covers_district(info.district):
        raise NotFound(f"person {person_id}")


def _load(context: Context, principal: Principal, restriction_id: str) -> Restriction:
    restriction: Restriction | None = context.restrictions.get(restriction_id)
    if restriction is None:
        raise NotFound(f"restriction {restriction_id}")
    _check_person(context, principal, restriction.person_id)
    return restriction


def _conflict(err: RestrictionError) -> Exception:
    from fanzha.dissuade.workflow import TransitionError

    return TransitionError(str(err))


@router.post(
    "/persons/{person_id}/restrictions",
    status_code=201,
    responses=ERRORS,
    response_model=RestrictionOut,
)
def impose_restriction(
    person_id: str,
    body: ImposeIn,
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    require_roles(principal, Role.CENTER_ANALYST, Role.DISTRICT_OFFICER)
    _check_person(context, principal, person_id)

    def run() -> RestrictionOut:
        now = context.clock.now()
        try:
            restriction = impose(
                f"RX-{secrets.token_hex(6)}",
                person_id,
                body.measure,
                body.reason_code,
                principal.user_id,
                now,
                body.detail,
            )
        except RestrictionError as err:
            raise _conflict(err) from err
        impose_with_orders(context, restriction)
        context.audit.append(
            principal,
            "restrict",
            "person",
            person_id,
            now,
            {"measure": str(body.measure), "reason_code": body.reason_code},
        )
        return _out(restriction)

    call = (request.method, request.url.path, body.model_dump_json().encode())
    return run_once(context, principal.user_id, idempotency_key, call, run, status=201)


@router.get("/persons/{person_id}/restrictions", responses=ERRORS)
def list_restrictions(
    person_id: str, context: Context, principal: CurrentPrincipal
) -> list[RestrictionOut]:
    _check_person(context, principal, person_id)
    context.audit.append(principal, "view", "restrictions", person_id, context.clock.now())
    return [_out(r) for r in context.restrictions.for_person(person_id)]


class MeasureInfo(BaseModel):
    measure: Measure
    zh: str
    en: str
    legal_basis: str
    applied_by: list[str]
    duration_days: int
    reasons: list[str] | None


@router.get("/measures", responses=ERRORS)
def list_measures(principal: CurrentPrincipal) -> dict[str, object]:
    """The measures that may be imposed (``dissuade/config/measures.yaml``) and the
    reason codes: what the page offers when an officer imposes one."""
    require_roles(principal, Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER)
    catalog = measure_catalog()
    measures = [
        MeasureInfo(
            measure=measure,
            zh=rule.zh,
            en=rule.en,
            legal_basis=rule.basis,
            applied_by=list(rule.applied_by),
            duration_days=rule.duration.days,
            reasons=sorted(rule.reasons) if rule.reasons is not None else None,
        )
        for measure, rule in catalog.measures.items()
    ]
    return {"measures": measures, "reason_codes": REASON_CODES}


@router.get("/restrictions", responses=ERRORS)
def list_all_restrictions(
    context: Context,
    principal: CurrentPrincipal,
    state: DisplayState | None = None,
) -> list[RestrictionOut]:
    """Every measure of the principal's jurisdiction, newest first (the measures page)."""
    require_roles(principal, Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER)
    covered: dict[str, bool] = {}

    def mine(person_id: str) -> bool:
        if person_id not in covered:
            info = context.tasks.person_info(person_id)
            covered[person_id] = info is not None and principal.covers_district(info.district)
        return covered[person_id]

    shown = [
        _out(r)
        for r in reversed(context.restrictions.listed())
        if mine(r.person_id) and (state is None or display_state(r) == state)
    ]
    context.audit.append(principal, "view", "restrictions", state or "all", context.clock.now())
    return shown


@router.post(
    "/restrictions/{restriction_id}/appeal", responses=ERRORS, response_model=RestrictionOut
)
def appeal_restriction(
    restriction_id: str,
    body: AppealIn,
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """An officer records the person's appeal (the person has no account here)."""
    require_roles(principal, Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER)

    def run() -> RestrictionOut:
        restriction = _load(context, principal, restriction_id)
        try:
            file_appeal(restriction, body.statement, context.clock.now())
        except RestrictionError as err:
            raise _conflict(err) from err
        context.restrictions.save(restriction)
        context.audit.append(
            principal, "appeal", "restriction", restriction_id, context.clock.now()
        )
        return _out(restriction)

    call = (request.method, request.url.path, body.model_dump_json().encode())
    return run_once(context, principal.user_id, idempotency_key, call, run)


@router.post(
    "/restrictions/{restriction_id}/decision", responses=ERRORS, response_model=RestrictionOut
)
def decide_restriction_appeal(
    restriction_id: str,
    body: DecisionIn,
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """The center decides an appeal: lift the restriction or uphold it, with a reason."""
    require_roles(principal, Role.CENTER_ANALYST)

    def run() -> RestrictionOut:
        restriction = _load(context, principal, restriction_id)
        try:
            decide_appeal(
                restriction, body.lift, principal.user_id, body.reason, context.clock.now()
            )
        except RestrictionError as err:
            raise _conflict(err) from err
        if restriction.active:
            context.restrictions.save(restriction)
        else:  # lifted: every partner that applied it is told to release it
            end_with_release(context, restriction, context.clock.now())
        context.audit.append(
            principal,
            "decide_appeal",
            "restriction",
            restriction_id,
            context.clock.now(),
            {"lift": body.lift},
        )
        return _out(restriction)

    call = (request.method, request.url.path, body.model_dump_json().encode())
    return run_once(context, principal.user_id, idempotency_key, call, run)
