"""Network patrol over HTTP: look up, score look-alikes, classify a page, block, export.

Thin: each route asks ``fanzha.patrol`` and audits who looked. The blocklist is
opened on first use from the data dir (or whatever the context was given).
"""

from __future__ import annotations

import tempfile
import threading
from datetime import timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from fanzha.api.deps import Context, CurrentPrincipal, require_roles
from fanzha.flows.lists import entries_added
from fanzha.patrol.blocklist import Entry
from fanzha.patrol.classify import classify_page
from fanzha.patrol.command import ExportMismatch, run_export
from fanzha.patrol.formats import ExportFormat
from fanzha.patrol.lookalike import score_domain
from fanzha.patrol.names import IndicatorKind
from fanzha.security.roles import Principal, Role
from fanzha.services import Services

router = APIRouter(prefix="/v1/patrol", tags=["patrol"])
_writing = threading.Lock()
READERS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER, Role.ADMIN)
WRITERS = (Role.CENTER_ANALYST, Role.ADMIN)


def _audit(context: Services, principal: Principal, action: str, what: str) -> None:
    context.audit.append(principal, action, "patrol", what[:200], context.clock.now())


class EntryOut(BaseModel):
    kind: str
    value: str
    source: str
    reason: str
    typology: str
    first_seen: str | None
    expires: str | None

    @classmethod
    def of(cls, entry: Entry) -> EntryOut:
        return cls(
            kind=entry.kind,
            value=entry.value,
            source=entry.source,
            reason=entry.reason,
            typology=entry.typology,
            first_seen=entry.first_seen.isoformat() if entry.first_seen else None,
            expires=entry.expires.isoformat() if entry.expires else None,
        )


class LookalikeOut(BaseModel):
    domain: str
    score: float
    brand: str
    reasons: list[str]


class LookupOut(BaseModel):
    value: str
    blocked: bool
    rule: EntryOut | None
    lookalike: LookalikeOut | None


class SummaryOut(BaseModel):
    entries: int
    segments: int


class DomainsIn(BaseModel):
    domains: list[str] = Field(max_length=10_000)
    threshold: float = Field(default=0.0, ge=0.0, le=1.0)


class PageIn(BaseModel):
    html: str = Field(max_length=2_000_000)


class PageOut(BaseModel):
    verdict: str
    score: float
    reasons: list[str]


class BlockIn(BaseModel):
    kind: IndicatorKind
    values: list[str] = Field(min_length=1, max_length=100_000)
    reason: str = Field(min_length=1, max_length=200)
    typology: str = "other"
    expires_days: int | None = Field(default=None, ge=1, le=3650)


class BlockOut(BaseModel):
    added: int
    entries: int
    rescanned_contacts: int = 0
    """Residents the new entries were in touch with in the last 30 days (反查)."""
    warned: int = 0
    """Of them, those warned now (each once per entry, however often it is added)."""
    tasks: list[str] = []


def _lookalike(domain: str) -> LookalikeOut:
    score = score_domain(domain)
    return LookalikeOut(
        domain=score.domain, score=round(score.score, 3), brand=score.brand, reasons=score.reasons
    )


@router.get("/summary")
def get_summary(context: Context, principal: CurrentPrincipal) -> SummaryOut:
    require_roles(principal, *READERS)
    blocklist = context.patrol_indicators().blocklist
    return SummaryOut(entries=len(blocklist), segments=len(blocklist.segments))


@router.get("/lookup")
def get_lookup(
    context: Context,
    principal: CurrentPrincipal,
    value: Annotated[str, Query(min_length=1, max_length=2000)],
    kind: IndicatorKind = "domain",
) -> LookupOut:
    """Is this domain, URL, app or number blocked, by which rule; does it imitate a brand."""
    require_roles(principal, *READERS)
    indicators = context.patrol_indicators()
    rule = {
        "domain": indicators.is_blocked_domain,
        "url": indicators.is_blocked_url,
        "app": indicators.is_blocked_app,
        "phone": indicators.is_blocked_phone,
        "account": indicators.is_blocked_account,
        "ip": indicators.is_blocked_ip,
        "ipport": indicators.is_blocked_ip,
    }[kind](value)
    _audit(context, principal, "lookup", f"{kind}:{value}")
    return LookupOut(
        value=value,
        blocked=rule is not None,
        rule=EntryOut.of(rule) if rule else None,
        lookalike=_lookalike(value) if kind in ("domain", "url") else None,
    )


@router.post("/domains")
def post_domains(body: DomainsIn, principal: CurrentPrincipal) -> list[LookalikeOut]:
    """Score a feed of newly seen domains; the likeliest look-alikes first."""
    require_roles(principal, *READERS)
    scored = [_lookalike(d) for d in body.domains if d.strip()]
    kept = [s for s in scored if s.score >= body.threshold]
    return sorted(kept, key=lambda s: (-s.score, s.domain))


@router.post("/page")
def post_page(body: PageIn, context: Context, principal: CurrentPrincipal) -> PageOut:
    """A page's verdict: fraud, gambling, porn_spam, hijacked or benign, with reasons."""
    require_roles(principal, *READERS)
    verdict = classify_page(body.html)
    _audit(context, principal, "classify", "page")
    return PageOut(verdict=verdict.verdict, score=round(verdict.score, 3), reasons=verdict.reasons)


@router.post("/entries", responses={403: {}})
def post_entries(body: BlockIn, context: Context, principal: CurrentPrincipal) -> BlockOut:
    """Block indicators: one new delta segment, live at once for lookups and detection;
    residents the entries were in touch with in the last 30 days are warned (反查)."""
    require_roles(principal, *WRITERS)
    indicators = context.patrol_indicators()
    now = context.clock.now()
    expires = now + timedelta(days=body.expires_days) if body.expires_days else None
    source = f"analyst:{principal.user_id}"
    entries = (
        Entry(body.kind, v, source, body.reason, body.typology, now, now, expires)
        for v in body.values
    )
    made = list(entries)
    with _writing:
        added = indicators.blocklist.add(made, now)
    rescan = entries_added(context, made)
    _audit(context, principal, "block", f"{body.kind}:{len(body.values)}")
    return BlockOut(
        added=added,
        entries=len(indicators.blocklist),
        rescanned_contacts=rescan.contacts,
        warned=rescan.warned,
        tasks=rescan.tasks or [],
    )


class RuleHitsOut(BaseModel):
    kind: str
    rule: str
    hits: int
    resolver: int
    detection: int
    lookup: int


class LookupStatsOut(BaseModel):
    per_day: dict[str, dict[str, int]]
    """``{day: {total, listed, clean, <kind>…}}`` of 风险查询."""
    top: list[tuple[str, str, int]]
    """The indicators asked about most: (kind, value, lookups)."""


@router.get("/hits")
def get_hits(
    context: Context,
    principal: CurrentPrincipal,
    top: Annotated[int, Query(ge=1, le=10_000)] = 50,
) -> list[RuleHitsOut]:
    """Which rules are hit: resolver logs (``fanzha patrol hits``), detection, 风险查询."""
    require_roles(principal, *READERS)
    return [
        RuleHitsOut(kind=r.kind, rule=r.value, hits=r.total, **r.by_channel)
        for r in context.patrol_indicators().hits.top(top)
    ]


@router.get("/lookups")
def get_lookup_stats(
    context: Context,
    principal: CurrentPrincipal,
    top: Annotated[int, Query(ge=1, le=10_000)] = 50,
) -> LookupStatsOut:
    """风险查询 counted: totals per day, and the indicators people ask about most."""
    require_roles(principal, *WRITERS)
    lookups = context.patrol_indicators().lookups
    _audit(context, principal, "lookup-stats", str(top))
    return LookupStatsOut(per_day=lookups.per_day(), top=lookups.top_indicators(top))


@router.get("/export", response_class=FileResponse, responses={422: {}})
def get_export(
    context: Context,
    principal: CurrentPrincipal,
    format: ExportFormat = "rpz",
    kind: IndicatorKind | None = None,
) -> FileResponse:
    """The blocklist as a file a resolver (RPZ, hosts), a firewall (``ip``, ``cidr``,
    ``ip port`` lines), a script (plain) or a threat platform (STIX) loads."""
    require_roles(principal, *WRITERS)
    store = context.patrol_indicators().blocklist.path
    suffix = {"rpz": ".zone", "hosts": ".hosts", "stix": ".json"}.get(format, ".txt")
    with tempfile.NamedTemporaryFile(prefix="fanzha-", suffix=suffix, delete=False) as handle:
        out = Path(handle.name)
    try:
        run_export(format, out, store, now=context.clock.now(), kind=kind)
    except ExportMismatch as err:
        out.unlink()
        raise HTTPException(422, f"kind: {err}") from err
    _audit(context, principal, "export", f"{format}:{kind or 'all'}")
    return FileResponse(
        out,
        filename=f"fanzha-blocklist{suffix}",
        media_type="application/json" if format == "stix" else "text/plain",
        background=BackgroundTask(out.unlink),
    )
