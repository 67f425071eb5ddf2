"""What each role may open and do in the web UI, read from the checks the routes run.

The UI shapes its menu and its forms by this list (login and ``/v1/auth/me``
return it), so an officer is never offered a page or a button that would only
answer 403. Each entry names the same role tuple the route or service enforces,
not a copy: change who may do a thing there and the menu follows.
"""

from __future__ import annotations

from typing import Final

from fanzha.api import (
    routes_communities,
    routes_orders,
    routes_patrol,
    routes_search,
    routes_stats,
)
from fanzha.ledger import service as ledger
from fanzha.rings import service as rings
from fanzha.security.roles import Role
from fanzha.trace import service as trace

EVERYONE: Final = tuple(Role)
TASK_READERS: Final = tuple(r for r in Role if r is not Role.ADMIN)
"""Administrators run the system, not cases (``TaskService.get``)."""
TASK_WORKERS: Final = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER)
PARTNER_READERS: Final = (Role.ADMIN, Role.CENTER_ANALYST)
MEASURE_READERS: Final = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER)
COMMUNITY_RECORDERS: Final = routes_communities.RECORDERS
AUDIT_READERS: Final = (Role.AUDITOR, Role.ADMIN)

ABILITIES: Final[dict[str, tuple[Role, ...]]] = {
    # Pages (the key is the page's name in the menu).
    "dashboard": EVERYONE,
    "tasks": TASK_READERS,
    "cases": trace.READERS,
    "rings": rings.READERS,
    "orders": routes_orders.MAKERS,
    "measures": MEASURE_READERS,
    "partners": PARTNER_READERS,
    "patrol": routes_patrol.READERS,
    "enforcement": ledger.READERS,
    "reports": routes_stats.READERS,
    "communities": routes_stats.READERS,
    "audit": AUDIT_READERS,
    "search": routes_search.SEARCHERS,
    # Actions inside pages.
    "task_work": TASK_WORKERS,
    "case_act": trace.ACTORS,
    "ring_edit": rings.ACTORS,
    "measure_impose": (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER),
    "partner_admin": (Role.ADMIN,),
    "partner_resend": PARTNER_READERS,
    "patrol_write": routes_patrol.WRITERS,
    "ledger_record": ledger.RECORDERS,
    "notice_write": ledger.NOTICE_WRITERS,
    "community_record": COMMUNITY_RECORDERS,
    "audit_verify": AUDIT_READERS,
    "order_upload": routes_orders.UPLOADERS,
    "task_make": routes_orders.MAKERS,
}


def abilities_of(role: Role) -> list[str]:
    """The pages and actions ``role`` may use, sorted (what the UI is built from)."""
    return sorted(name for name, roles in ABILITIES.items() if role in roles)
