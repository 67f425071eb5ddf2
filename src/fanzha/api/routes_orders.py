"""Warning orders (预警指令), the 待核查 queue, tasks made by hand, and 移交.

Thin: the body is read (JSON, CSV or XLSX), each line parsed by
``fanzha.dissuade.orders``, the good ones written by the ``OrderBook`` in chunks;
bad lines come back naming their line and field, in Chinese.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from fanzha.api.deps import Context, CurrentPrincipal, IdempotencyKey, Offset
from fanzha.api.idempotency import run_once
from fanzha.api.schemas import ActionIn, TaskOut
from fanzha.api.task_schemas import task_out
from fanzha.dissuade.handover import HandoverError, hand_over
from fanzha.dissuade.models import Level
from fanzha.dissuade.order_book import ResolveError
from fanzha.dissuade.orders import (
    FIELD_ZH,
    TEMPLATE_HEADER,
    LineError,
    OrderSource,
    csv_rows,
    normalise_phone,
    parse_all,
    parse_order,
    source_words,
    xlsx_rows,
)
from fanzha.dissuade.service import Forbidden
from fanzha.security.masking import mask_value
from fanzha.security.roles import Role
from fanzha.settings import center_zone

router = APIRouter(prefix="/v1", tags=["warning orders"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOADERS = (Role.CENTER_ANALYST,)
MAKERS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER)


class LineErrorOut(BaseModel):
    line: int
    field: str
    field_zh: str
    message: str
    order_id: str = ""


class OrderResultOut(BaseModel):
    line: int
    source: str
    order_id: str
    outcome: str
    """created, merged, duplicate or pending (待核查)."""
    task_id: str | None = None
    district: str | None = None


class OrdersOut(BaseModel):
    dry_run: bool
    lines: int
    """Lines read (good and bad)."""
    accepted: int
    created: int = 0
    merged: int = 0
    duplicates: int = 0
    pending: int = 0
    errors: list[LineErrorOut]
    results: list[OrderResultOut] = []


def _allow(context: Any, principal: Any, roles: tuple[Role, ...], what: str) -> None:
    """403 for other roles, with the refusal in the audit log (who tried to push orders)."""
    if principal.role not in roles:
        context.audit.append(principal, "denied", what, "*", context.clock.now())
        raise Forbidden(f"role {principal.role} may not do this")


def _error_out(e: LineError) -> LineErrorOut:
    return LineErrorOut(
        line=e.line,
        field=e.field,
        field_zh=FIELD_ZH.get(e.field, e.field),
        message=e.message,
        order_id=e.order_id,
    )


def _rows(content_type: str, body: bytes) -> list[tuple[int, dict[str, Any]]]:
    kind = content_type.split(";")[0].strip().lower()
    try:
        if kind in ("text/csv", "application/csv", "text/plain"):
            return list(csv_rows(body))
        if kind == XLSX:
            return list(xlsx_rows(body))
        data = json.loads(body)
    except Exception as err:  # any unreadable file: say so, in Chinese
        raise HTTPException(422, f"无法读取文件（{kind or '未知格式'}）：{err}"[:300]) from err
    items = data.get("orders") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise HTTPException(422, 'JSON 应为指令列表，或 {"orders": [...]}')
    return [(n, item) for n, item in enumerate(items, start=1)]


_ORDER_SCHEMA = {
    "type": "object",
    "required": ["source", "order_id"],
    "properties": {
        "source": {"type": "string", "enum": ["national", "province", "city_model", "110"]},
        "order_id": {"type": "string", "maxLength": 64},
        "phone": {"type": "string"}, "id_number": {"type": "string"},
        "person_id": {"type": "string", "maxLength": 64}, "typology": {"type": "string"},
        "level": {"type": "string", "enum": ["high", "medium", "low"]},
        "deadline": {"type": "string"}, "note": {"type": "string", "maxLength": 500},
    },
}  # fmt: skip
ORDERS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "array", "items": _ORDER_SCHEMA}},
            "text/csv": {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}
"""The body the route reads itself (JSON, CSV or XLSX), as OpenAPI shows it."""


@router.post("/warning-orders", responses={403: {}, 413: {}, 422: {}}, openapi_extra=ORDERS_BODY)
async def post_warning_orders(
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    dry_run: Annotated[bool, Query(description="check the lines, write nothing")] = False,
) -> OrdersOut:
    """Warning orders as JSON (a list, or ``{"orders": [...]}``), CSV (``text/csv``) or
    XLSX. Each order names a person by ``phone``, ``id_number`` or ``person_id``, with
    ``source`` (national, province, city_model, 110), the source's ``order_id``,
    ``typology``, ``level``, ``deadline`` and ``note``; CSV/XLSX headers may be Chinese
    (来源, 指令编号, 手机号, 身份证号, 人员编号, 类型, 等级, 时限, 备注). Re-sending an order
    changes nothing; bad lines are listed, good ones kept."""
    _allow(context, principal, UPLOADERS, "warning_orders")
    rows = _rows(request.headers.get("content-type", "application/json"), await request.body())
    orders, errors = parse_all(rows, center_zone())
    out = OrdersOut(
        dry_run=dry_run,
        lines=len(rows),
        accepted=len(orders),
        errors=[_error_out(e) for e in errors],
    )
    if dry_run or not orders:
        return out

    results = await run_in_threadpool(context.orders.apply, principal, orders)
    counts = Counter(r.outcome for r in results)
    out.created, out.merged = counts["created"], counts["merged"]
    out.duplicates, out.pending = counts["duplicate"], counts["pending"]
    out.results = [
        OrderResultOut(
            line=r.line,
            source=r.source,
            order_id=r.order_id,
            outcome=r.outcome,
            task_id=r.task_id,
            district=r.district,
        )
        for r in results
    ]
    return out


@router.get("/warning-orders/template.csv")
def order_template(context: Context, principal: CurrentPrincipal) -> Response:
    """An empty order file with the Chinese headers and one example line."""
    _allow(context, principal, UPLOADERS, "warning_orders")
    example = [
        "省厅",
        "SJ20261201-0001",
        "13800000000",
        "",
        "",
        "冒充公检法",
        "高",
        "2026-12-01 18:00",
        "来电自称公安",
    ]
    body = "\ufeff" + ",".join(TEMPLATE_HEADER) + "\r\n" + ",".join(example) + "\r\n"
    return Response(
        body.encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="warning-orders.csv"'},
    )


class PendingOut(BaseModel):
    source: str
    source_zh: str
    order_id: str
    phone: str | None
    id_number: str | None
    person_id: str | None
    typology: str
    level: Level
    deadline: datetime | None
    note: str
    received_at: datetime
    uploaded_by: str


class PendingPage(BaseModel):
    total: int
    items: list[PendingOut]


@router.get("/warning-orders/pending", responses={403: {}})
def pending_orders(
    context: Context,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> PendingPage:
    """待核查: orders whose person nobody matched, oldest first."""
    _allow(context, principal, UPLOADERS, "warning_order_pending")
    total, rows = context.orders.pending(limit, offset)
    context.audit.append(
        principal, "view", "warning_order_pending", "*", context.clock.now(), {"count": len(rows)}
    )
    return PendingPage(
        total=total,
        items=[
            PendingOut(
                source=p.order.source,
                source_zh=source_words(p.order.source)[0],
                order_id=p.order.order_id,
                phone=mask_value(principal, "phone", p.order.phone),
                id_number=mask_value(principal, "id_number", p.order.id_number),
                person_id=p.order.person_id,
                typology=p.order.typology,
                level=p.order.level,
                deadline=p.order.deadline,
                note=p.order.note,
                received_at=p.received_at,
                uploaded_by=p.uploaded_by,
            )
            for p in rows
        ],
    )


VISIBLE = r"^[^\x00-\x1f\x7f]+$"
"""No control characters (PostgreSQL cannot compare text holding a NUL)."""


class ResolveIn(BaseModel):
    person_id: str | None = Field(default=None, min_length=1, max_length=64, pattern=VISIBLE)
    district: str | None = Field(default=None, min_length=1, max_length=32)
    station: str | None = Field(default=None, min_length=1, max_length=64)


@router.post(
    "/warning-orders/pending/{source}/{order_id}/resolve", responses={403: {}, 404: {}, 422: {}}
)
def resolve_order(
    source: str, order_id: str, body: ResolveIn, context: Context, principal: CurrentPrincipal
) -> OrderResultOut:
    """Link a 待核查 order to a person, or assign it a district (and station) by hand."""
    _allow(context, principal, UPLOADERS, "warning_order")
    try:
        r = context.orders.resolve(
            principal,
            source,
            order_id,
            person_id=body.person_id,
            district=None if body.person_id else body.district,
            station=None if body.person_id else body.station,
        )
    except ResolveError as err:
        raise HTTPException(422, str(err)) from err
    except LookupError as err:
        raise HTTPException(404, "该指令不在待核查队列") from err
    return OrderResultOut(
        line=0, source=r.source, order_id=r.order_id, outcome=r.outcome,
        task_id=r.task_id, district=r.district,
    )  # fmt: skip


class ManualTaskIn(BaseModel):
    person: str = Field(
        min_length=1, max_length=64, pattern=VISIBLE, description="phone, ID number or person id"
    )
    typology: str = Field(default="other", max_length=64)
    level: Level = Level.HIGH
    reason: str = Field(min_length=1, max_length=500)
    deadline: datetime | None = None


def _person_of(context: Any, text: str) -> str | None:
    text = text.strip()
    if len(text) == 18 and text[:17].isdigit():
        return context.orders.find_person(None, text.upper())  # type: ignore[no-any-return]
    phone = normalise_phone(text)
    if phone is not None and (found := context.orders.find_person(phone, None)):
        return found  # type: ignore[no-any-return]
    return text if context.person_details(text) is not None else None


@router.post("/tasks", status_code=201, responses={403: {}, 422: {}})
def make_task(
    body: ManualTaskIn,
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """A task made by hand (the 110 desk, an analyst, a district officer for a person in
    their district): it joins the person's open task if there is one."""
    _allow(context, principal, MAKERS, "task")

    def run() -> TaskOut:
        person_id = _person_of(context, body.person)
        if person_id is None:
            raise HTTPException(422, "找不到此人：请输入手机号、身份证号或人员编号")
        details = context.person_details(person_id)
        district = details["district"] if details is not None else None
        if not principal.covers_district(district):
            context.audit.append(principal, "denied", "task", "new", context.clock.now())
            raise Forbidden("此人不在本辖区")
        order = {
            "source": str(OrderSource.MANUAL), "order_id": uuid.uuid4().hex[:16],
            "person_id": person_id, "typology": body.typology, "level": str(body.level),
            "note": " ".join(body.reason.split()),
            "deadline": body.deadline.isoformat() if body.deadline else None,
        }  # fmt: skip
        parsed = parse_order(order, 1, center_zone(), allowed=OrderSource)
        if isinstance(parsed, list):
            raise HTTPException(422, f"{FIELD_ZH.get(parsed[0].field)}：{parsed[0].message}")
        result = context.orders.apply(principal, [parsed])[0]
        assert result.task_id is not None  # the person is resolved above: never pending
        return task_out(context.tasks.get(principal, result.task_id))

    call = (request.method, request.url.path, body.model_dump_json().encode())
    return run_once(context, principal.user_id, idempotency_key, call, run, status=201)


class HandoverIn(ActionIn):
    district: str = Field(min_length=1, max_length=32)
    station: str | None = Field(default=None, min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=200)


@router.post("/tasks/{task_id}/handover", responses={403: {}, 404: {}, 409: {}, 422: {}})
def handover(
    task_id: str, body: HandoverIn, context: Context, principal: CurrentPrincipal
) -> TaskOut:
    """移交 the task to another district, sub-bureau or station, with the reason; the
    sending jurisdiction no longer sees it."""
    try:
        task = hand_over(
            context.tasks,
            principal,
            task_id,
            body.district,
            body.station,
            body.reason,
            body.expected_version,
        )
    except HandoverError as err:
        raise HTTPException(422, str(err)) from err
    return task_out(task)
