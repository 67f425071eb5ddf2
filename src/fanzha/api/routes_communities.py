"""Record what reached a community's households: 入户宣传, an app installed, an event.

The communities page's propaganda form posts here. Coverage (入户率) counts
distinct household addresses over the review period, so recording a visit
twice never counts a household twice.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException
from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from fanzha.api.deps import Context, CurrentPrincipal, require_roles
from fanzha.community.sql import CommunityStore
from fanzha.security.roles import Role

router = APIRouter(prefix="/v1", tags=["statistics"])

RECORDERS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER)
Household = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class PropagandaIn(BaseModel):
    kind: Literal["visit", "app_install", "event"]
    ts: AwareDatetime
    households: list[Household] = Field(min_length=1, max_length=2000)
    """The addresses reached, one per household."""


@router.post(
    "/communities/{community_id}/propaganda", status_code=201, responses={403: {}, 404: {}}
)
def add_propaganda(
    community_id: str, body: PropagandaIn, context: Context, principal: CurrentPrincipal
) -> dict[str, object]:
    require_roles(principal, *RECORDERS)
    store = CommunityStore(context.cases.engine)
    community = next((c for c in store.all() if c.community_id == community_id), None)
    if community is None:
        raise HTTPException(404, f"no community {community_id}")
    if not principal.covers_district(community.district):
        raise HTTPException(403, "this community is outside your jurisdiction")
    households = sorted(set(body.households))
    count = store.record_propaganda((community_id, h, body.kind, body.ts) for h in households)
    context.audit.append(
        principal,
        "create",
        "propaganda",
        community_id,
        context.clock.now(),
        {"kind": body.kind, "households": count},
    )
    return {"community_id": community_id, "recorded": count}
