"""Live rules over HTTP: which rules run, reload them, try a candidate in shadow.

Thin: each route asks the live detector (``flows.live.LiveDetector``) and audits
who did it. A bad file is refused with 422 naming the rule and the reason, and
the rules that were running keep running.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from fanzha.api.deps import Context, CurrentPrincipal, require_roles
from fanzha.detect.rules import RulesError
from fanzha.flows.live import LiveDetector
from fanzha.security.roles import Principal, Role
from fanzha.services import Services

router = APIRouter(prefix="/v1/admin/rules", tags=["rules"])
ANALYSTS = (Role.CENTER_ANALYST, Role.ADMIN)
REFUSED: dict[int | str, dict[str, Any]] = {
    403: {},
    409: {"description": "this service runs no reloadable detection"},
    422: {"description": "the rules are refused: the rule and the reason; the old ones run on"},
}


class ShadowIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[\w.\-]+$")
    """A name for the candidate (e.g. its file name): part of its version label."""
    yaml: str = Field(min_length=1, max_length=512 * 1024)
    """The candidate rules file's text, as ``detect/rules/default.yaml`` is written."""


def _detector(context: Services) -> LiveDetector:
    detector = context.detector
    if not isinstance(detector, LiveDetector):
        raise HTTPException(409, "live detection with reloadable rules is not running here")
    return detector


def _audit(context: Services, principal: Principal, action: str, what: str, **detail: Any) -> None:
    context.audit.append(principal, action, "rules", what[:160], context.clock.now(), detail)


@router.get("", responses=REFUSED)
def get_rules(context: Context, principal: CurrentPrincipal) -> dict[str, Any]:
    """The live rules' version, and the shadow's counts beside the live ones since it began."""
    require_roles(principal, *ANALYSTS)
    return _detector(context).status()


@router.post("/reload", responses=REFUSED)
def reload_rules(context: Context, principal: CurrentPrincipal) -> dict[str, Any]:
    """Read the service's rules file (``--rules``) and model again, and run them."""
    require_roles(principal, *ANALYSTS)
    detector = _detector(context)
    before = detector.version
    try:
        version = detector.reload()
    except (RulesError, FileNotFoundError) as err:
        _audit(context, principal, "reload_refused", before, error=str(err)[:500])
        raise HTTPException(
            422, f"规则文件被拒绝，原规则继续运行 | refused, the old rules run on: {err}"
        ) from None
    _audit(context, principal, "reload", version, previous=before)
    return {"rules_version": version, "previous": before}


@router.post("/shadow", responses=REFUSED)
def start_shadow(body: ShadowIn, context: Context, principal: CurrentPrincipal) -> dict[str, Any]:
    """Score a candidate rule set beside the live one on every event from now on.

    Its warnings are counted (``GET /v1/admin/rules``), never sent nor made tasks.
    """
    require_roles(principal, *ANALYSTS)
    detector = _detector(context)
    try:
        started = detector.start_shadow(body.yaml.encode(), body.name, context.clock.now())
    except RulesError as err:
        _audit(context, principal, "shadow_refused", body.name, error=str(err)[:500])
        raise HTTPException(422, f"候选规则被拒绝 | candidate refused: {err}") from None
    _audit(context, principal, "shadow", started["rules_version"])
    return started


@router.delete("/shadow", responses=REFUSED)
def stop_shadow(context: Context, principal: CurrentPrincipal) -> dict[str, Any]:
    """Stop the shadow; answers its final counts (404 when none ran)."""
    require_roles(principal, *ANALYSTS)
    final = _detector(context).stop_shadow()
    if final is None:
        raise HTTPException(404, "no shadow rules are running")
    _audit(context, principal, "shadow_stop", final["rules_version"], counts=final["shadow"])
    return final
