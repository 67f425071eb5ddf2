"""Tasks: the queue, one task, and every officer action (idempotent, versioned)."""

from __future__ import annotations

from typing import Annotated, Any, cast
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request, Response

from fanzha.api.deps import (
    Context,
    CurrentPrincipal,
    District,
    IdempotencyKey,
    Typology,
    require_roles,
)
from fanzha.api.idempotency import run_once
from fanzha.api.schemas import (
    ActionIn,
    AttemptIn,
    EscalateIn,
    ResolveIn,
    TaskOut,
    hold_out,
)
from fanzha.api.task_json import task_list_json
from fanzha.api.task_schemas import (
    PERSON_FIELDS,
    PaymentOut,
    StopTransferIn,
    StopTransferOut,
    detail,
    task_out,
    vulnerability_tags,
)
from fanzha.dissuade.models import Level, TaskState
from fanzha.dissuade.queries import Cursor
from fanzha.dissuade.service import DEFAULT_PAGE
from fanzha.dissuade.workflow import attempt as make_attempt
from fanzha.flows.stop_payment import StopRefused, StopRequest, payments, stop_transfer
from fanzha.security.masking import mask_record
from fanzha.security.roles import Principal, Role
from fanzha.services import Services

router = APIRouter(prefix="/v1", tags=["tasks"])
MAX_PAGE = 500
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "stale version or not allowed in this state"}
}


def _person(context: Services, principal: Principal, person_id: str) -> dict[str, Any] | None:
    details = context.person_details(person_id)
    if details is None:
        return None
    earlier = len(context.tasks.tasks.for_person(person_id)) - 1
    shown = {**details, "tags": vulnerability_tags(details, earlier, context.clock.now().year)}
    return mask_record(principal, shown, PERSON_FIELDS)


@router.get(
    "/tasks",
    response_model=list[TaskOut],
    responses={422: {"description": "a cursor this server did not hand out"}},
)
def list_tasks(
    context: Context,
    principal: CurrentPrincipal,
    state: TaskState | None = None,
    level: Level | None = None,
    district: District = None,
    typology: Typology = None,
    cursor: Annotated[
        str | None, Query(max_length=400, description="the X-Next-Cursor of the page before")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
) -> Response:
    """The queue a page at a time: open before closed, high before low, oldest first.

    The body stays a plain list (older callers read it as before); when there is
    more, ``X-Next-Cursor`` (and a ``Link: rel="next"``) says where the next page starts.
    """
    try:
        after = Cursor.decode(cursor) if cursor else None
    except ValueError as err:
        raise HTTPException(422, str(err)) from err
    page = context.tasks.list_tasks(
        principal,
        state=state,
        level=level,
        district=district,
        typology=typology,
        after=after,
        limit=limit,
    )
    response = Response(task_list_json(page.tasks), media_type="application/json")
    if page.next is not None:
        token = page.next.encode()
        query = {k: v for k, v in (("state", state), ("level", level), ("district", district),
                 ("typology", typology)) if v is not None}  # fmt: skip
        link = "/v1/tasks?" + urlencode({**query, "limit": limit, "cursor": token})
        response.headers["X-Next-Cursor"] = token
        response.headers["Link"] = f'<{link}>; rel="next"'
    return response


@router.get("/tasks/{task_id}", responses={403: {}, 404: {}})
def get_task(task_id: str, context: Context, principal: CurrentPrincipal) -> TaskOut:
    """The task with why (warnings, reasons, evidence masked for the role), what to do
    now (due playbook steps, the running deadline, the call script) and linked cases."""
    task = context.tasks.get(principal, task_id)
    extra = detail(context, principal, task)
    return task_out(task, _person(context, principal, task.person_id), extra)


@router.get("/persons/{person_id}/history", responses={403: {}})
def person_history(person_id: str, context: Context, principal: CurrentPrincipal) -> list[TaskOut]:
    return [task_out(t) for t in context.tasks.person_history(principal, person_id)]


def _action_route(path: str, action: str, body_type: type[ActionIn]) -> None:
    def endpoint(
        task_id: str,
        body: body_type,  # type: ignore[valid-type]
        request: Request,
        context: Context,
        principal: CurrentPrincipal,
        idempotency_key: IdempotencyKey = None,
    ) -> Response:
        payload = cast(ActionIn, body)
        params = payload.model_dump(exclude={"expected_version"})
        if action == "attempt":
            params = {
                "attempt": make_attempt(
                    params["channel"],
                    context.clock.now(),
                    principal.user_id,
                    params["result"],
                    params["note"],
                )
            }

        def run() -> TaskOut:
            task = context.tasks.act(
                principal,
                task_id,
                action,
                payload.expected_version,
                **params,
            )
            return task_out(task)

        call = (request.method, request.url.path, payload.model_dump_json().encode())
        return run_once(context, principal.user_id, idempotency_key, call, run)

    endpoint.__name__ = f"task_{action}"
    # Annotations are strings here (PEP 563); give FastAPI the real body class.
    endpoint.__annotations__["body"] = body_type
    router.add_api_route(
        f"/tasks/{{task_id}}/{path}",
        endpoint,
        methods=["POST"],
        response_model=TaskOut,
        responses={403: {}, 404: {}, **CONFLICT},
        summary=f"{action.replace('_', ' ')} a task",
    )


_action_route("sign", "sign", ActionIn)
_action_route("attempts", "attempt", AttemptIn)
_action_route("escalate", "escalate", EscalateIn)
_action_route("resolve", "resolve", ResolveIn)
_action_route("follow-up", "follow_up", ActionIn)
_action_route("close", "close", ActionIn)


@router.get("/tasks/{task_id}/payments", responses={403: {}, 404: {}})
def task_payments(task_id: str, context: Context, principal: CurrentPrincipal) -> list[PaymentOut]:
    """The person's payments since shortly before the warning: what the officer may stop."""
    return [PaymentOut(**vars(p)) for p in payments(context, principal, task_id)]


@router.post("/tasks/{task_id}/stop-payment", responses={403: {}, 404: {}, 422: {}, **CONFLICT})
def task_stop_transfer(
    task_id: str,
    body: StopTransferIn,
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """紧急止付 from the task: a case for the transfer (picked, or as the victim describes
    it), its stop-payments pushed to the banks, the task moved to stop-payment; the task
    and the case name each other."""

    def run() -> StopTransferOut:
        try:
            stopped = stop_transfer(context, principal, task_id, StopRequest(**dict(body)))
        except StopRefused as err:
            raise HTTPException(422, str(err)) from err
        return StopTransferOut(
            task=task_out(stopped.task),
            case_id=stopped.case_id,
            holds=[hold_out(h, principal) for h in stopped.holds],
            banks_notified=stopped.banks_notified,
        )

    call = (request.method, request.url.path, body.model_dump_json().encode())
    return run_once(context, principal.user_id, idempotency_key, call, run)


@router.post("/deadlines/sweep", responses={403: {}})
def sweep_deadlines(context: Context, principal: CurrentPrincipal) -> list[dict[str, str]]:
    """Escalate every task whose deadline passed (the server also runs this every minute)."""
    require_roles(principal, Role.CENTER_ANALYST, Role.ADMIN)
    return [
        {"task_id": b.task_id, "deadline": b.deadline, "due": b.due.isoformat()}
        for b in context.tasks.sweep_deadlines()
    ]
