"""Build the ``Services`` of a process from settings: store, repositories, detection.

Kept apart from ``api.app`` so tests build services with a manual clock and
``fanzha serve`` builds them with the system clock; both on the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fanzha.clock import Clock
from fanzha.contract.kinds import Event
from fanzha.contract.readers import Accepted, decode_event
from fanzha.dissuade.deadlines import DeadlinePolicy
from fanzha.dissuade.feed import TaskFeed
from fanzha.dissuade.open_index import OpenTaskIndex
from fanzha.dissuade.routing import Routing
from fanzha.dissuade.service import PersonInfo, TaskService
from fanzha.dissuade.sql import (
    SqlRestrictionRepository,
    SqlTaskCaseLinks,
    SqlTaskRepository,
    SqlWarningRepository,
)
from fanzha.dissuade.sql_orders import OrderBook
from fanzha.flows.intake import connect_partner_checks
from fanzha.flows.lists import attach_lists
from fanzha.ingest import EventWriter
from fanzha.ingest.loader import Written
from fanzha.ledger.service import LedgerService
from fanzha.ledger.sql import SqlLedgerStore
from fanzha.mules.sql import SqlMuleScores
from fanzha.partners.service import PartnerService
from fanzha.partners.sql import sql_repository
from fanzha.rings.service import RingService
from fanzha.rings.sql import SqlRingRepository, stored_events
from fanzha.security.logins import LoginGuard, VerifyPool
from fanzha.security.sql import SqlAuditLog, SqlThrottleStore, SqlUserDirectory
from fanzha.services import PersonDetails, Services, WarningSource
from fanzha.settings import get_settings
from fanzha.store import engine, migrate
from fanzha.store.idempotency import SqlIdempotencyStore
from fanzha.store.service import events_by_ids, get_person, session_factory
from fanzha.trace.service import CaseService
from fanzha.trace.sql import SqlHoldRepository, SqlMoneyQueries


def database_url_or_default(given: str | None) -> str:
    """The database a command works on: the one given, else the settings' (``FANZHA_*``)."""
    return given or get_settings().effective_database_url


def build_services(url: str, clock: Clock, detector: WarningSource | None) -> Services:
    """Everything the API needs, on the database at ``url`` (migrated first)."""
    migrate(url)
    db = engine(url)
    sessions = session_factory(db)

    def person_info(person_id: str) -> PersonInfo | None:
        with sessions() as session:
            row = get_person(session, person_id)
            if row is None:
                return None
            return PersonInfo(person_id=person_id, district=row.district, address=row.address)

    def person_details(person_id: str) -> PersonDetails | None:
        with sessions() as session:
            row = get_person(session, person_id)
            if row is None:
                return None
            return {
                "person_id": person_id,
                "name": row.name,
                "district": row.district,
                "address": row.address,
                "phones": [p for p in row.phones.split(",") if p],
                "community": row.community,
                "birth_year": row.birth_year,
            }

    def events_by_id(ids: Sequence[str]) -> list[Event]:
        with sessions() as session:
            rows = events_by_ids(session, ids)
        decoded = (decode_event(row.raw.encode(), "store") for row in rows)
        return [d.event for d in decoded if isinstance(d, Accepted)]

    writer = EventWriter(db, clock)

    def store_events(batch: list[Accepted]) -> Written:
        return writer.store(batch) if batch else Written(set(), [])

    audit = SqlAuditLog(db)
    stored_tasks = SqlTaskRepository(db)
    feed = TaskFeed(stored_tasks)  # what the live pages are told of
    open_tasks = OpenTaskIndex(feed)  # transfer checks ask it per request
    open_tasks.refresh()
    tasks = TaskService(
        open_tasks,
        audit,
        clock,
        DeadlinePolicy.load(),
        Routing.load(),
        person_info,
        warnings=SqlWarningRepository(db),
        events_by_id=events_by_id,
    )
    tasks.retime_deadlines()  # open tasks only: deadlines as this process's policy sets them
    users = SqlUserDirectory(db)
    settings = get_settings()
    logins = LoginGuard(
        users,
        SqlThrottleStore(db),
        audit,
        clock,
        pool=VerifyPool(settings.login_workers, settings.login_queue),
    )
    context = Services(
        clock=clock,
        users=users,
        audit=audit,
        tasks=tasks,
        detector=detector,
        person_details=person_details,
        store_events=store_events,
        restrictions=SqlRestrictionRepository(db),
        idempotency=SqlIdempotencyStore(db),
        cases=CaseService(SqlMoneyQueries(db), SqlHoldRepository(db), clock, audit),
        rings=RingService(SqlRingRepository(db), lambda: stored_events(db), clock, audit),
        partners=PartnerService(sql_repository(db), clock),
        logins=logins,
        ledger=LedgerService(SqlLedgerStore(db), audit, clock, settings.timezone),
        task_cases=SqlTaskCaseLinks(db),
        events_by_id=events_by_id,
        mules=SqlMuleScores(db),
        orders=OrderBook(db, tasks.routing, clock, audit, stored_tasks.row, open_tasks),
        task_feed=feed,
    )
    connect_partner_checks(context)  # checked events go through intake like any other
    attach_lists(context)  # freeze lists and ring clues count for detection and checks
    logins.clock = _SessionClock(context)
    return context


class _SessionClock:
    """Login times follow the context's session clock (real time in a replayed demo)."""

    def __init__(self, context: Services) -> None:
        self.context = context

    def now(self) -> datetime:
        return self.context.session_now()


__all__ = ["build_services", "database_url_or_default"]
