"""The typed services object that flows and routes receive, assembled once per process.

One object with every field typed, so a route or a flow names what it uses
and mypy checks it; ``fanzha.server.services`` builds it from settings and
tests build it on a throwaway database with a manual clock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypedDict

from fanzha.clock import Clock
from fanzha.contract.kinds import Event
from fanzha.contract.readers import Accepted
from fanzha.contract.warning import Warning
from fanzha.detect.list_changes import ListChange
from fanzha.detect.lists import ListHit
from fanzha.dissuade.feed import TaskFeed
from fanzha.dissuade.service import TaskService
from fanzha.dissuade.sql import SqlRestrictionRepository, SqlTaskCaseLinks
from fanzha.dissuade.sql_orders import OrderBook
from fanzha.ingest.loader import Written
from fanzha.ledger.service import LedgerService
from fanzha.mules.sql import SqlMuleScores
from fanzha.partners.service import PartnerService
from fanzha.patrol.indicators import PatrolIndicators
from fanzha.rings.service import RingService
from fanzha.security.auditlog import AuditLog
from fanzha.security.logins import LoginGuard
from fanzha.security.users import UserDirectory
from fanzha.store.idempotency import IdempotencyStore
from fanzha.trace.service import CaseService

_opening_patrol = threading.Lock()


class WarningSource(Protocol):
    """The detection engine as the service sees it: one event in, warnings out."""

    def feed(self, event: Event) -> list[Warning]: ...


class EventBus(Protocol):
    """Where a server of a many-server deployment sends events instead of detecting
    (``fanzha serve --bus``): returns once the bus has stored them all, else raises."""

    def publish(self, batch: list[Accepted]) -> None: ...

    def publish_change(self, change: ListChange) -> None:
        """List entries or a risky contact, for the detector (stored on the bus, else raises)."""
        ...


EventSink = Callable[[list[Accepted]], Written]
"""Stores events; says which (source, id) keys were new (duplicates are not) and
which events conflict with a stored one (same key, other content)."""

AccountList = Callable[[str], ListHit | None]
"""Whether an account is on a list, and which (a list source detection and checks ask)."""


class PersonDetails(TypedDict):
    """A resident as the task and person pages show them (masked per role there)."""

    person_id: str
    name: str | None
    district: str
    address: str
    phones: list[str]
    community: str | None
    birth_year: int | None


@dataclass
class Services:
    """What routes and flows need from the rest of fanzha.

    Not frozen: the demo swaps the session clock and deadline scale after start,
    the patrol store opens on first use, and tests put a detector double in.
    """

    clock: Clock
    users: UserDirectory
    audit: AuditLog
    tasks: TaskService
    detector: WarningSource | None
    person_details: Callable[[str], PersonDetails | None]
    """Name, phones, address… of a person, for the task page (masked per role)."""
    restrictions: SqlRestrictionRepository
    """Art. 32 restrictions."""
    store_events: EventSink
    """Where events posted to the API are kept; only new ones reach detection."""
    idempotency: IdempotencyStore
    partners: PartnerService
    """Partners, checks, clues, feedback and webhooks."""
    cases: CaseService
    """Cases, their traces, stop-payments and freezes."""
    rings: RingService
    """Rings and linked cases."""
    logins: LoginGuard
    """Throttled, audited logins."""
    ledger: LedgerService
    """Takedowns and notices to gold merchants."""
    task_cases: SqlTaskCaseLinks
    """Which cases were opened from which task."""
    events_by_id: Callable[[Sequence[str]], list[Event]]
    """Stored events by id: a warning's evidence, shown on its task."""
    mules: SqlMuleScores
    """Mule-account scores loaded by ``fanzha mules … --load``."""
    orders: OrderBook
    """Warning orders and the 待核查 queue."""
    task_feed: TaskFeed
    """Recent task changes the live pages follow."""
    patrol: PatrolIndicators | None = None
    """The patrol's blocklist and look-alike scorer, opened on first use."""
    mule_list: AccountList | None = None
    """The listed mules as a 涉案账户 source (``flows.lists.mule_score_accounts``)."""
    session_clock: Clock | None = None
    """Clock for login sessions when work runs on a replayed day (``fanzha demo``):
    a demo at 60× must not log people out after eight real minutes."""
    bus: EventBus | None = None
    """Many servers (``fanzha serve --bus``): events go to the bus, and one detector
    process warns for all; None: this process detects on what it stores."""
    deadline_scale: float = 1.0
    """How much longer than policy the deadlines run (``fanzha demo``: its speed, so
    an officer has the policy's minutes in real time); "due soon" scales with it."""

    def session_now(self) -> datetime:
        return (self.session_clock or self.clock).now()

    def patrol_indicators(self) -> PatrolIndicators:
        """The patrol indicators, opened once per process (the first asker opens them)."""
        with _opening_patrol:
            if self.patrol is None:
                self.patrol = PatrolIndicators.open(clock=self.clock)
            return self.patrol
