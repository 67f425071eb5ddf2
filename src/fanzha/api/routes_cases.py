"""Cases, their money flow, stop-payments and freezes, and the ledger — over HTTP.

Thin: ``fanzha.trace.service.CaseService`` checks jurisdiction, applies the
rules and audits; this module only turns HTTP into its calls and back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import msgspec
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from fanzha.api.deps import Context, CurrentPrincipal, IdempotencyKey, require_roles
from fanzha.api.idempotency import run_once
from fanzha.api.schemas import HoldOut, hold_out
from fanzha.contract.freeze import FreezeRequest
from fanzha.contract.limits import MAX_FEN
from fanzha.flows.stop_payment import request_stops
from fanzha.security.masking import mask_record, mask_value
from fanzha.security.roles import Principal, Role
from fanzha.services import Services
from fanzha.trace import holds as rules
from fanzha.trace.bank_names import bank_names
from fanzha.trace.graph import SINKS, moment
from fanzha.trace.holds import Hold
from fanzha.trace.service import CaseNotFound, CaseView

router = APIRouter(prefix="/v1", tags=["cases"])
ERRORS: dict[int | str, dict[str, Any]] = {403: {}, 404: {}, 409: {}}


def _graph(view: CaseView, context: Services, principal: Principal) -> dict[str, Any]:
    """Nodes and links for the case page's picture.

    Node ids are graph positions (``n42``), not account numbers, so a role that
    sees numbers masked still gets a graph whose nodes are distinct. Each node
    says what it is (``kind``), its bank by name and a short label — the bank
    and the last four digits, which every role's mask keeps — so the page
    never has to show a raw code or a long number in the picture.
    """
    tracer = context.cases.tracer()
    graph = tracer.graph
    actions = {r.account_id: r.action for r in view.requests}

    def describe(node: int, role: str, hop: int) -> dict[str, Any]:
        name = graph.names[node]
        if node < len(SINKS):
            return {
                "id": f"n{node}",
                "label": name,
                "role": role,
                "kind": name,
                "hop": hop,
                "exit": True,
                "short": None,
                "bank": None,
                "bank_name": None,
                "bank_name_en": None,
            }
        kind = "victim" if role == "victim" else tracer.roles.kind(node)
        facts = graph.accounts.get(name)
        # what the keeping bank says the account is, where the trace has no better word
        if kind in ("account", "hub") and facts is not None and facts.kind == "wallet":
            kind = "wallet"
        elif kind == "hub" and facts is not None and facts.kind in ("merchant", "sub_merchant"):
            kind = "merchant"
        bank = tracer.roles.institutions.get(node) or graph.bank_of(node, tracer.issuers)
        names = bank_names(bank)
        last4 = f"****{name[-4:]}" if len(name) > 4 else "****"
        return {
            "id": f"n{node}",
            "label": str(mask_value(principal, "account", name)),
            "role": role,
            "kind": kind,
            "hop": hop,
            "exit": role == "hub",  # the trace ends here: the picture's last column
            "short": f"{names['bank_name'] or '未知银行'} {last4}",
            "short_en": f"{names['bank_name_en'] or 'unknown bank'} {last4}",
            "bank": bank,
            **names,
        }

    nodes = [
        {**describe(n, "victim", 0), "held_fen": 0, "received_fen": 0}
        for n in sorted(view.trace.victim_nodes)
    ]
    for node, account in view.trace.accounts.items():
        if account.received <= 0:
            continue
        role = "sink" if node < len(SINKS) else "hub" if account.hub else "mule"
        nodes.append(
            {
                **describe(node, role, account.hop),
                "action": actions.get(account.account_id),
                "held_fen": account.held,
                "received_fen": account.received,
            }
        )
    links = [
        {
            "source": f"n{int(graph.src[tx])}",
            "target": f"n{int(graph.dst[tx])}",
            "transfer": graph.transfer_id(tx),
            "amount_fen": int(graph.amount[tx]),
            "stolen_fen": int(graph.amount[tx]),
            "ts": moment(int(graph.ts[tx])),
        }
        for tx in view.trace.seeds
    ]
    links += [
        {
            "source": f"n{f.src}",
            "target": f"n{f.dst}",
            "transfer": graph.transfer_id(f.transfer),
            "amount_fen": f.amount,
            "stolen_fen": f.tainted,
            "ts": moment(f.ts),
        }
        for f in view.trace.flows
    ]
    return {"nodes": nodes, "links": links}


@router.get("/cases")
def list_cases(context: Context, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    """Reported cases in the caller's jurisdiction, newest first, with their ledger totals
    and, once a ring's takedown solved one (破案), the takedown that closed it."""
    rows = context.cases.list_cases(principal)
    closed = _closures(context, [r["case_id"] for r in rows])
    return [{**r, "closure": closed.get(r["case_id"])} for r in rows]


def _closures(context: Services, case_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The takedowns that closed these cases, with a link to each (the ledger page)."""
    if not case_ids:
        return {}
    return {
        case_id: {
            **msgspec.to_builtins(c),
            "href": f"/ui/ledger.html?takedown={c.takedown_id}",
        }
        for case_id, c in context.ledger.closures(case_ids).items()
    }


@router.get("/cases/{case_id}", responses=ERRORS)
def get_case(case_id: str, context: Context, principal: CurrentPrincipal) -> dict[str, Any]:
    """The case: report, money-flow graph, freeze list, holds with bank answers, ledger."""
    view = context.cases.get_case(principal, case_id)
    return {
        "case_id": case_id,
        "person_id": view.case.person_id,
        "district": view.district,
        "loss_fen": view.case.loss_fen,
        "payments_found_by": view.case.found_by,
        "totals": {
            "stolen_fen": view.trace.stolen,
            "held_fen": view.trace.held,
            "cashed_out_fen": view.trace.cashed_out,
            "spent_at_hubs_fen": view.trace.spent_at_hubs,
            "beyond_sight_fen": view.trace.beyond_sight,
        },
        "freeze_list": [_request(r, principal) for r in view.requests],
        "list_changed_at": view.list_changed_at,
        "holds": [hold_out(h, principal) for h in view.holds],
        "ledger": msgspec.structs.asdict(view.ledger),
        "graph": _graph(view, context, principal),
        "closure": _closures(context, [case_id]).get(case_id),
        "task_id": context.task_cases.task_of(case_id) if context.task_cases else None,
    }


def _request(r: FreezeRequest, principal: Principal) -> dict[str, Any]:
    return {
        "account_id": mask_value(principal, "account", r.account_id),
        "bank": r.bank,
        **bank_names(r.bank),
        "amount_fen": r.amount_fen,
        "hop": r.hop,
        "action": r.action,
        "basis": r.basis,
        "could_hold_fen": r.could_hold,
        "reason": r.reason,
        "path": mask_value(principal, "account", r.path),
    }


@router.get("/cases/{case_id}/nodes/{node}/transfers", responses=ERRORS)
def node_transfers(
    case_id: str, node: str, context: Context, principal: CurrentPrincipal
) -> list[dict[str, Any]]:
    """Every transfer in or out of one account of the case graph (``n42``: click a node)."""
    service = context.cases
    graph = service.tracer().graph
    position = int(node.removeprefix("n")) if node.removeprefix("n").isdigit() else -1
    if not len(SINKS) <= position < graph.nodes:
        raise CaseNotFound(f"no account {node} in this case")
    rows = service.account_transfers(principal, case_id, graph.names[position])
    fields = {"from_account": "account", "to_account": "account"}
    return [mask_record(principal, dict(row), fields) for row in rows]


class StopIn(BaseModel):
    accounts: list[str] | None = Field(
        default=None, description="accounts to stop; default every freeze request of the case"
    )


class HoldsOut(BaseModel):
    holds: list[HoldOut]


@router.post("/cases/{case_id}/stop-payments", responses=ERRORS)
def post_stop_payments(
    case_id: str,
    body: StopIn,
    request: Request,
    context: Context,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Ask the banks to stop payment on the case's accounts (止付), one hold per account."""

    def run() -> HoldsOut:
        made, _ = request_stops(context, principal, case_id, body.accounts)
        return HoldsOut(holds=[hold_out(h, principal) for h in made])

    call = (request.method, request.url.path, body.model_dump_json().encode())
    return run_once(context, principal.user_id, idempotency_key, call, run)


class HoldActionIn(BaseModel):
    expected_version: int = Field(ge=0, le=2**31 - 1)


class AnswerIn(HoldActionIn):
    accepted: bool
    balance_fen: int | None = Field(default=None, ge=0, le=MAX_FEN)
    reason: str | None = Field(default=None, max_length=500)


class ReleaseIn(HoldActionIn):
    reason: str = Field(min_length=1, max_length=500)


def _hold_route(path: str, body_type: type[HoldActionIn], make: Callable[..., Any]) -> None:
    def endpoint(
        hold_id: str,
        body: body_type,  # type: ignore[valid-type]
        request: Request,
        context: Context,
        principal: CurrentPrincipal,
        idempotency_key: IdempotencyKey = None,
    ) -> Response:
        payload: HoldActionIn = body

        def run() -> HoldOut:
            action = make(payload)
            hold = context.cases.act(principal, hold_id, payload.expected_version, action)
            return hold_out(hold, principal)

        call = (request.method, request.url.path, payload.model_dump_json().encode())
        return run_once(context, principal.user_id, idempotency_key, call, run)

    endpoint.__name__ = f"hold_{path.replace('-', '_')}"
    endpoint.__annotations__["body"] = body_type
    router.add_api_route(
        f"/holds/{{hold_id}}/{path}",
        endpoint,
        methods=["POST"],
        response_model=HoldOut,
        responses=ERRORS,
        summary=f"{path} a stop-payment or freeze",
    )


def _answer(p: AnswerIn) -> Callable[[Hold, str, datetime], None]:
    return lambda h, who, now: rules.bank_answer(h, who, now, p.accepted, p.balance_fen, p.reason)


def _release(p: ReleaseIn) -> Callable[[Hold, str, datetime], None]:
    return lambda h, who, now: rules.release(h, who, now, p.reason)


_hold_route("answer", AnswerIn, _answer)
_hold_route("stop-again", HoldActionIn, lambda _: rules.request_stop)
_hold_route("freeze", HoldActionIn, lambda _: rules.freeze)
_hold_route("renew", HoldActionIn, lambda _: rules.renew)
_hold_route("release", ReleaseIn, _release)
_hold_route("notice", HoldActionIn, lambda _: rules.publish_notice)
_hold_route("return", HoldActionIn, lambda _: rules.return_funds)


@router.post("/holds/sweep", responses={403: {}})
def sweep_holds(context: Context, principal: CurrentPrincipal) -> list[str]:
    """Lapse stop-payments after 48 hours and freezes after their term (also run by the server)."""
    require_roles(principal, Role.CENTER_ANALYST, Role.ADMIN)
    return context.cases.sweep()
