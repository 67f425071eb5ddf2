"""Partner checks read the center's knowledge: one risk context built from the services.

A check at a counter asks who owns a phone, whether an account is listed, whether
the person has an open task; the answers come from live detection when it runs,
otherwise from the stores themselves.
"""

from __future__ import annotations

from functools import cache

from fanzha.detect.engine import Engine
from fanzha.flows.live import LiveDetector
from fanzha.partners.risk import EngineRiskContext
from fanzha.services import Services


@cache
def _empty_engine() -> Engine:
    """An engine that knows nobody: the directory when no live detection runs.
    Built on first use, not at import."""
    return Engine()


def risk_context(services: Services) -> EngineRiskContext:
    """What a partner check reads: live detection's directory and lists, the patrol
    store, partners' ring clues, open tasks — or, without live detection, the stores."""
    live = services.detector if isinstance(services.detector, LiveDetector) else None
    engine = live.engine if live is not None else _empty_engine()
    partners = services.partners
    indicators = services.patrol_indicators()
    lists = live.lookup.lists if live is not None else None

    def listed(account_id: str) -> tuple[str, str] | None:
        """The center's lists as detection holds them (patrol, freeze lists, ring clues);
        without live detection, the patrol store and the ring clues themselves."""
        if lists is not None:
            hit = lists.account(account_id)
            return (hit.source, hit.reason) if hit is not None else None
        entry = indicators.is_blocked_account(account_id)
        if entry is not None:
            return entry.source, entry.reason
        if account_id in partners.ring_accounts:
            return ("合作方线索", "关联诈骗团伙")
        hit = services.mule_list(account_id) if services.mule_list is not None else None
        return (hit.source, hit.reason) if hit is not None else None

    return EngineRiskContext(
        engine,
        blocked_phone=lambda phone: indicators.is_blocked_phone(phone) is not None,
        ring_phones=partners.ring_phones,
        ring_addresses=partners.ring_addresses,
        stored_owner=partners.phone_owner,
        open_task_level=services.tasks.open_level,  # from memory: no query on the loop
        listed=listed,
    )
