"""Rings and linked cases (串并案) over HTTP: list, view, merge, split, rebuild.

Thin: ``fanzha.rings.service.RingService`` checks roles and audits; this module
turns HTTP into its calls and masks members per role on the way out. Graph
node ids are positions (``m3``), not numbers, so a role that sees account
numbers masked still gets a graph whose nodes are distinct.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from fastapi import APIRouter
from pydantic import BaseModel, Field

from fanzha.api.deps import Context, CurrentPrincipal
from fanzha.rings.kept import KeptRing, Members
from fanzha.rings.model import Link
from fanzha.security.masking import mask_value
from fanzha.security.roles import Principal

router = APIRouter(prefix="/v1", tags=["rings"])
ERRORS: dict[int | str, dict[str, Any]] = {403: {}, 404: {}, 409: {}, 422: {}}
FIELD = {"account": "account", "phone": "phone", "address": "address"}


def _mask_node(principal: Principal, node: str) -> str:
    kind, _, value = node.partition(":")
    field = FIELD.get(kind)
    return f"{kind}:{mask_value(principal, field, value)}" if field else node


def _summary(kept: KeptRing, principal: Principal) -> dict[str, Any]:
    ring = kept.ring
    return {
        "ring_id": ring.ring_id,
        "state": kept.state,
        "merged_into": kept.merged_into,
        "version": kept.version,
        "cases": len(ring.cases),
        "accounts": len(ring.accounts),
        "phones": len(ring.phones),
        "addresses": len(ring.addresses),
        "money_in_fen": ring.money_in_fen,
        "money_out_fen": ring.money_out_fen,
        "cashed_out_fen": ring.cashed_out_fen,
        "first_case": ring.cases[0] if ring.cases else None,
        "evidence": sorted({link.kind for link in ring.links}),
    }


def _graph(kept: KeptRing, principal: Principal) -> dict[str, Any]:
    """Members as nodes, evidence as edges (one edge per pair and kind, with its count)."""
    ring = kept.ring
    index: dict[str, str] = {}
    nodes = []
    for kind, prefix, field in (
        ("case", "case:", None), ("account", "account:", "account"),
        ("phone", "phone:", "phone"), ("address", "address:", "address"),
    ):  # fmt: skip
        for member in getattr(ring, f"{kind}s" if kind != "address" else "addresses"):
            node_id = index[prefix + member] = f"m{len(index)}"
            label = member if field is None else str(mask_value(principal, field, member))
            nodes.append({"id": node_id, "kind": kind, "label": label})
    edges: dict[tuple[str, str, str], int] = {}
    for link in ring.links:
        a, b = index.get(link.source.split("#", 1)[0]), index.get(link.target.split("#", 1)[0])
        if a and b and a != b:
            key = (a, b, link.kind)
            edges[key] = edges.get(key, 0) + max(1, len(link.events))
    return {
        "nodes": nodes,
        "links": [
            {"source": a, "target": b, "kind": k, "count": n} for (a, b, k), n in edges.items()
        ],
    }


def _link(link: Link, principal: Principal) -> dict[str, Any]:
    return {
        "kind": link.kind,
        "source": _mask_node(principal, link.source),
        "target": _mask_node(principal, link.target),
        "via": _mask_node(principal, link.via) if link.via else None,
        "events": link.events,
    }


def _detail(kept: KeptRing, principal: Principal) -> dict[str, Any]:
    ring = kept.ring
    return {
        **_summary(kept, principal),
        "members": {
            "cases": ring.cases,
            "accounts": mask_value(principal, "account", ring.accounts),
            "phones": mask_value(principal, "phone", ring.phones),
            "addresses": mask_value(principal, "address", ring.addresses),
        },
        "links": [_link(link, principal) for link in ring.links],
        "graph": _graph(kept, principal),
        "history": [msgspec.to_builtins(entry) for entry in kept.history],
    }


@router.get("/rings")
def list_rings(context: Context, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    """Active rings, most cases first, with their counts and money."""
    return [_summary(k, principal) for k in context.rings.list_rings(principal)]


@router.get("/rings/{ring_id}", responses=ERRORS)
def get_ring(ring_id: str, context: Context, principal: CurrentPrincipal) -> dict[str, Any]:
    """A ring: members (masked per role), the links that joined them, a graph, its history."""
    return _detail(context.rings.get(principal, ring_id), principal)


class MergeIn(BaseModel):
    other: str = Field(min_length=1, max_length=64, description="the ring that joins this one")
    reason: str = Field(min_length=1, max_length=500)


class SplitIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500)
    cases: list[str] = Field(default_factory=list, max_length=10000)
    accounts: list[str] = Field(default_factory=list, max_length=10000)
    phones: list[str] = Field(default_factory=list, max_length=10000)
    addresses: list[str] = Field(default_factory=list, max_length=10000)


@router.post("/rings/{ring_id}/merge", responses=ERRORS)
def merge_ring(
    ring_id: str, body: MergeIn, context: Context, principal: CurrentPrincipal
) -> dict[str, Any]:
    """Join another ring into this one, with a reason (analysts; audited; kept on rebuild)."""
    kept = context.rings.merge(principal, ring_id, body.other, body.reason)
    return _detail(kept, principal)


@router.post("/rings/{ring_id}/split", responses=ERRORS)
def split_ring(
    ring_id: str, body: SplitIn, context: Context, principal: CurrentPrincipal
) -> dict[str, Any]:
    """Take members out into a new ring, with a reason (analysts; audited; kept on rebuild).
    Members are named in clear: analysts see them so."""
    moved = Members(
        cases=body.cases, accounts=body.accounts, phones=body.phones, addresses=body.addresses
    )
    kept = context.rings.split(principal, ring_id, moved, body.reason)
    return _detail(kept, principal)


class RebuildOut(BaseModel):
    rings: int
    at: datetime


@router.post("/rings/rebuild", responses={403: {}})
def rebuild_rings(context: Context, principal: CurrentPrincipal) -> RebuildOut:
    """Find the rings again over the stored events; analysts' merges and splits are replayed."""
    count = context.rings.rebuild(principal)
    return RebuildOut(rings=count, at=context.clock.now())
