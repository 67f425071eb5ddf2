"""What the API needs from the rest of fanzha, assembled once per process."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from fanzha.api.idempotency import IdempotencyStore
from fanzha.clock import Clock
from fanzha.contract.kinds import Event
from fanzha.contract.readers import Accepted
from fanzha.contract.warning import Warning
from fanzha.dissuade.service import TaskService
from fanzha.ingest.loader import Written
from fanzha.security.auditlog import AuditLog
from fanzha.security.users import UserDirectory


class WarningSource(Protocol):
    """The detection engine as the service sees it: one event in, warnings out."""

    def feed(self, event: Event) -> list[Warning]: ...


EventSink = Callable[[list[Accepted]], Written]
"""Stores events; says which (source, id) keys were new (duplicates are not) and
which events conflict with a stored one (same key, other content)."""


def _keep_all(batch: list[Accepted]) -> Written:
    return Written({a.event.key for a in batch}, [])


@dataclass
class ApiContext:
    clock: Clock
    users: UserDirectory
    audit: AuditLog
    tasks: TaskService
    detector: WarningSource | None
    person_details: Callable[[str], dict[str, Any] | None]
    """Name, phones, address… of a person, for the task page (masked per role)."""
    restrictions: Any = None
    """Art. 32 restrictions (``SqlRestrictionRepository``)."""
    store_events: EventSink = _keep_all
    """Where events posted to the API are kept; only new ones reach detection."""
    idempotency: IdempotencyStore = field(default_factory=IdempotencyStore)
    partners: Any = None
    """Partners, checks, clues, feedback and webhooks (``fanzha.partners.service``)."""
    cases: Any = None
    """Cases, their traces, stop-payments and freezes (``fanzha.trace.service.CaseService``)."""
    rings: Any = None
    """Rings and linked cases (``fanzha.rings.service.RingService``)."""
    patrol: Any = None
    """The patrol's blocklist and look-alike scorer (``PatrolIndicators``), opened on first use."""
    logins: Any = None
    """Throttled, audited logins (``fanzha.security.logins.LoginGuard``)."""
    ledger: Any = None
    """Takedowns and notices to gold merchants (``fanzha.ledger.service.LedgerService``)."""
    task_cases: Any = None
    """Which cases were opened from which task (``fanzha.dissuade.sql.SqlTaskCaseLinks``)."""
    events_by_id: Callable[[Sequence[str]], list[Event]] = lambda ids: []
    """Stored events by id: a warning's evidence, shown on its task."""
    mules: Any = None
    """Mule-account scores loaded by ``fanzha mules … --load`` (``SqlMuleScores``)."""
    orders: Any = None
    """Warning orders and the 待核查 queue (``fanzha.dissuade.order_book.OrderBook``)."""
    mule_list: Any = None
    """The listed ones as a 涉案账户 source (``center_lists.mule_score_accounts``)."""
    session_clock: Clock | None = None
    """Clock for login sessions when work runs on a replayed day (``fanzha demo``):
    a demo at 60× must not log people out after eight real minutes."""
    task_feed: Any = None
    """Recent task changes the live pages follow (``fanzha.dissuade.feed.TaskFeed``)."""
    deadline_scale: float = 1.0
    """How much longer than policy the deadlines run (``fanzha demo``: its speed, so
    an officer has the policy's minutes in real time); "due soon" scales with it."""

    def session_now(self) -> datetime:
        return (self.session_clock or self.clock).now()
