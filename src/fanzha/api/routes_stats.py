"""The year in figures, the report's files, and communities — over HTTP.

A district officer gets their district's figures whatever district they ask
for; the city's figures are for the center. Every look is audited.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse
from pydantic import AwareDatetime, BaseModel, Field, StringConstraints
from sqlalchemy.exc import IntegrityError
from starlette.background import BackgroundTask

from fanzha.api.deps import Context, CurrentPrincipal, District, require_roles
from fanzha.api.headers import DOCUMENT_POLICY
from fanzha.community.campaigns import Campaign, CampaignKind
from fanzha.community.criteria import default_criteria
from fanzha.community.sql import CampaignStore, CommunityStore
from fanzha.community.status import failed_conditions, is_near_the_line
from fanzha.security.roles import Principal, Role
from fanzha.services import Services
from fanzha.settings import get_settings
from fanzha.stats.figures import (
    ENFORCEMENT_FIGURES,
    Headline,
    Period,
    campaign_rows,
    headline,
)
from fanzha.stats.report import write_report

router = APIRouter(prefix="/v1", tags=["statistics"])
READERS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER, Role.AUDITOR)
Year = Query(ge=2000, le=2100)


def _district(principal: Principal, asked: str | None) -> str | None:
    """City-wide roles choose; officers always get their own district."""
    return asked if principal.role in (Role.CENTER_ANALYST, Role.AUDITOR) else principal.district


def _figures(context: Services, year: int, district: str | None) -> Headline:
    blocked = len(context.patrol_indicators().blocklist)
    period = Period.year(year, get_settings().timezone)
    return headline(context.cases.engine, period, district, blocked)


@router.get("/stats", responses={403: {}})
def get_stats(
    context: Context,
    principal: CurrentPrincipal,
    year: int = Year,
    district: District = None,
) -> dict[str, Any]:
    """Every headline figure of a year (cases and losses year on year, warnings, outcomes,
    money stopped, partner checks, fraud-free communities, and the enforcement ledger:
    gangs broken, cash and gold seized, notices to gold merchants, each year on year)
    for the city or a district."""
    require_roles(principal, *READERS)
    chosen = _district(principal, district)
    figures = _figures(context, year, chosen)
    context.audit.append(principal, "view", "stats", f"{year}:{chosen or '*'}", context.clock.now())
    return {
        **msgspec.to_builtins(figures),
        "cases_change": figures.cases_change,
        "loss_change": figures.loss_change,
        "enforcement_change": {f: figures.enforcement_change(f) for f in ENFORCEMENT_FIGURES},
    }


@router.get("/stats/report", response_class=FileResponse, responses={403: {}})
def get_report(
    context: Context,
    principal: CurrentPrincipal,
    year: int = Year,
    district: District = None,
    format: Literal["pdf", "html", "xlsx"] = "pdf",
) -> FileResponse:
    """The year's report as a file: PDF or HTML in Chinese, or XLSX with every table."""
    require_roles(principal, *READERS)
    chosen = _district(principal, district)
    figures = _figures(context, year, chosen)
    title = f"武汉市反电信网络诈骗中心 {year} 年度报告" + (f"（{chosen}）" if chosen else "")
    folder = Path(tempfile.mkdtemp(prefix="fanzha-report-"))
    files = write_report(figures, folder, title)
    chosen_file = {"pdf": files.pdf, "html": files.html, "xlsx": files.xlsx}[format]
    context.audit.append(
        principal, "export", "report", f"{year}:{chosen or '*'}", context.clock.now()
    )
    media = {
        "pdf": "application/pdf",
        "html": "text/html; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[format]
    return FileResponse(
        chosen_file,
        filename=chosen_file.name,
        media_type=media,
        headers={"Content-Security-Policy": DOCUMENT_POLICY},
        background=BackgroundTask(_remove, folder),
    )


def _remove(folder: Path) -> None:
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()


@router.get("/communities", responses={403: {}})
def list_communities(
    context: Context, principal: CurrentPrincipal, district: District = None
) -> list[dict[str, Any]]:
    """Communities with their status and history, this period's figures, what they fail,
    and whether they are close to the line."""
    require_roles(principal, *READERS)
    chosen = _district(principal, district)
    store = CommunityStore(context.cases.engine)
    criteria = default_criteria()
    now = context.clock.now()
    figures = store.figures(now - criteria.period, now + timedelta(seconds=1))
    context.audit.append(principal, "view", "communities", chosen or "*", now)
    rows = []
    for community in store.all(chosen):
        found = figures.get(community.community_id)
        rows.append(
            {
                "community_id": community.community_id,
                "name": community.name,
                "kind": community.kind,
                "district": community.district,
                "households": community.households,
                "status": str(community.status),
                "history": msgspec.to_builtins(community.history),
                "figures": msgspec.to_builtins(found) if found else None,
                "coverage": found.coverage if found else 0.0,
                "fails": failed_conditions(found, criteria) if found else [],
                "near_the_line": bool(found and is_near_the_line(found, criteria)),
            }
        )
    return rows


MAX_COUNT = 1_000_000_000
"""Largest count a campaign records (people reached, leaflets): beyond any city."""


class CampaignIn(BaseModel):
    campaign_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    title: str = Field(min_length=1, max_length=200)
    kind: CampaignKind
    start: AwareDatetime
    end: AwareDatetime
    district: District = None
    community_ids: list[str] = Field(default_factory=list, max_length=1000)
    place: str = Field(default="", max_length=200)
    materials: dict[
        Annotated[str, StringConstraints(min_length=1, max_length=64)],
        Annotated[int, Field(ge=0, le=MAX_COUNT)],
    ] = Field(default_factory=dict, max_length=50)
    """Materials handed out, by name: 宣传册 → how many (a count, never negative)."""
    reach: int = Field(default=0, ge=0, le=MAX_COUNT)


@router.post("/campaigns", status_code=201, responses={403: {}, 409: {}})
def add_campaign(body: CampaignIn, context: Context, principal: CurrentPrincipal) -> dict[str, str]:
    """Record a campaign: a talk, light show, screen roll, short video, door-to-door, leaflets."""
    require_roles(principal, Role.CENTER_ANALYST, Role.DISTRICT_OFFICER)
    if body.end < body.start:
        raise HTTPException(422, "end: before start")
    district = body.district if principal.role is Role.CENTER_ANALYST else principal.district
    campaign = Campaign(**{**body.model_dump(), "district": district})
    try:
        CampaignStore(context.cases.engine).add(campaign)
    except IntegrityError:
        raise HTTPException(409, f"campaign {body.campaign_id} exists") from None
    context.audit.append(principal, "create", "campaign", body.campaign_id, context.clock.now())
    return {"campaign_id": body.campaign_id}


@router.get("/campaigns", responses={403: {}})
def list_campaigns(
    context: Context, principal: CurrentPrincipal, year: int = Year, district: District = None
) -> list[dict[str, object]]:
    """A year's campaigns with warnings and losses in their communities 30 days before and after."""
    require_roles(principal, *READERS)
    chosen = _district(principal, district)
    period = Period.year(year, get_settings().timezone)
    context.audit.append(
        principal, "view", "campaigns", f"{year}:{chosen or '*'}", context.clock.now()
    )
    return campaign_rows(context.cases.engine, period, chosen)


class IncidentIn(BaseModel):
    kind: Literal["suspect_caught", "den_found"]
    ts: AwareDatetime
    note: str = Field(default="", max_length=2000)


@router.post("/communities/{community_id}/incidents", status_code=201, responses={403: {}, 404: {}})
def add_incident(
    community_id: str, body: IncidentIn, context: Context, principal: CurrentPrincipal
) -> dict[str, str]:
    """A resident caught for fraud elsewhere, or a den found: counted at the next review."""
    require_roles(principal, Role.CENTER_ANALYST, Role.DISTRICT_OFFICER)
    store = CommunityStore(context.cases.engine)
    community = next((c for c in store.all() if c.community_id == community_id), None)
    if community is None:
        raise HTTPException(404, f"no community {community_id}")
    if not principal.covers_district(community.district):
        raise HTTPException(403, "this community is outside your jurisdiction")
    store.record_incident(community_id, body.kind, body.ts, body.note, principal.user_id)
    context.audit.append(
        principal, "create", "community_incident", community_id, context.clock.now()
    )
    return {"community_id": community_id, "kind": body.kind}
