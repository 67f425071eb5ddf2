"""Read functions over the store, each taking a session (dispatch style).

Capabilities (trace, detect, stats, dissuade) call these instead of writing
SQL against the tables, so a schema change is fixed in one place. Writes of
events happen only in ``fanzha.ingest``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from fanzha.store.models import (
    AccountRow,
    EventRow,
    IngestRun,
    ObservationRow,
    PersonRow,
    PhoneRow,
    TransferRow,
)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded rows usable after commit (read-mostly code)."""
    return sessionmaker(engine, expire_on_commit=False)


def get_person(session: Session, person_id: str) -> PersonRow | None:
    return session.get(PersonRow, person_id)


def person_by_phone(session: Session, phone: str) -> PersonRow | None:
    """The resident a phone number belongs to, per the newest person event."""
    owner = session.get(PhoneRow, phone)
    return session.get(PersonRow, owner.person_id) if owner else None


def get_account(session: Session, account_id: str) -> AccountRow | None:
    return session.get(AccountRow, account_id)


def accounts_of(session: Session, person_id: str) -> Sequence[AccountRow]:
    return session.scalars(
        select(AccountRow).where(AccountRow.holder == person_id).order_by(AccountRow.account_id)
    ).all()


def transfers_from(
    session: Session, account: str, since: datetime | None = None, until: datetime | None = None
) -> Sequence[TransferRow]:
    """Money leaving ``account`` in time order: the first hop of a trace."""
    query = select(TransferRow).where(TransferRow.from_account == account)
    if since is not None:
        query = query.where(TransferRow.ts >= since)
    if until is not None:
        query = query.where(TransferRow.ts < until)
    return session.scalars(query.order_by(TransferRow.ts, TransferRow.id)).all()


def transfers_to(
    session: Session, account: str, since: datetime | None = None, until: datetime | None = None
) -> Sequence[TransferRow]:
    """Money arriving at ``account`` in time order."""
    query = select(TransferRow).where(TransferRow.to_account == account)
    if since is not None:
        query = query.where(TransferRow.ts >= since)
    if until is not None:
        query = query.where(TransferRow.ts < until)
    return session.scalars(query.order_by(TransferRow.ts, TransferRow.id)).all()


def events_about(
    session: Session,
    *,
    person_id: str | None = None,
    phone: str | None = None,
    account: str | None = None,
    kinds: Sequence[str] | None = None,
    since: datetime | None = None,
    limit: int = 1000,
) -> Sequence[EventRow]:
    """Events about a person, phone or account (any of those given), oldest first."""
    keys = [
        column == value
        for column, value in (
            (EventRow.person_id, person_id),
            (EventRow.phone, phone),
            (EventRow.account, account),
        )
        if value is not None
    ]
    if not keys:
        raise ValueError("events_about needs a person_id, phone or account")
    query = select(EventRow).where(or_(*keys))
    if kinds:
        query = query.where(EventRow.kind.in_(kinds))
    if since is not None:
        query = query.where(EventRow.ts >= since)
    return session.scalars(query.order_by(EventRow.ts, EventRow.id).limit(limit)).all()


def events_by_ids(session: Session, ids: Sequence[str], limit: int = 200) -> Sequence[EventRow]:
    """The events a warning names as evidence (by id; a source's ids are its own, so an id
    two sources share returns both), oldest first."""
    if not ids:
        return []
    query = select(EventRow).where(EventRow.id.in_(list(ids)[:limit]))
    return session.scalars(query.order_by(EventRow.ts, EventRow.source).limit(limit)).all()


def search_persons(
    session: Session, text: str, digits: str, district: str | None, limit: int = 20
) -> Sequence[PersonRow]:
    """Residents whose id or name holds ``text``, or a phone holds ``digits`` (the last 4
    of a number find it); only ``district``'s when given. The phone and name matches are
    ``LIKE '%…%'`` scans: fine for a city's register, an index (pg_trgm) beyond that."""
    keys = [PersonRow.person_id.startswith(text, autoescape=True)]
    keys.append(PersonRow.name.contains(text, autoescape=True))
    if len(digits) >= 4:
        keys.append(PersonRow.phones.contains(digits, autoescape=True))
    query = select(PersonRow).where(or_(*keys))
    if district is not None:
        query = query.where(PersonRow.district == district)
    return session.scalars(query.order_by(PersonRow.person_id).limit(limit)).all()


def search_accounts(
    session: Session, digits: str, district: str | None, limit: int = 20
) -> list[tuple[AccountRow, str | None]]:
    """Accounts whose number holds ``digits``, with their holder's district (``district``'s
    residents only when given: an account of nobody known is city-level business)."""
    query = (
        select(AccountRow, PersonRow.district)
        .outerjoin(PersonRow, PersonRow.person_id == AccountRow.holder)
        .where(AccountRow.account_id.contains(digits, autoescape=True))
    )
    if district is not None:
        query = query.where(PersonRow.district == district)
    rows = session.execute(query.order_by(AccountRow.account_id).limit(limit)).all()
    return [(row[0], row[1]) for row in rows]


def count_by_kind(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(EventRow.kind, func.count()).group_by(EventRow.kind).order_by(EventRow.kind)
    ).all()
    return {str(kind): int(count) for kind, count in rows}


def ingest_runs(session: Session, limit: int = 50) -> Sequence[IngestRun]:
    """The latest loads, newest first: which file came in when, and what came of it."""
    return session.scalars(select(IngestRun).order_by(IngestRun.run_id.desc()).limit(limit)).all()


def observations_about(session: Session, subject: str, limit: int = 200) -> list[dict[str, Any]]:
    """What sources that do not own a record said about it, newest first."""
    rows = session.scalars(
        select(ObservationRow)
        .where(ObservationRow.subject == subject)
        .order_by(ObservationRow.ts.desc())
        .limit(limit)
    )
    return [
        {
            "source": r.source,
            "id": r.id,
            "kind": r.kind,
            "subject": r.subject,
            "ts": r.ts,
            "fields": json.loads(r.fields),
        }
        for r in rows
    ]


def residents_for_directory(conn: Connection) -> Iterator[tuple[str, str, str]]:
    """(person_id, phones joined by commas, address) of every resident: live detection's
    directory is warmed with them at start-up, streamed (a city has millions)."""
    query = select(PersonRow.person_id, PersonRow.phones, PersonRow.address)
    yield from conn.execute(query)


def accounts_for_directory(
    conn: Connection,
) -> Iterator[tuple[str, str | None, date | None, str | None]]:
    """(account_id, holder, opened, address on file) of every account, streamed."""
    query = select(
        AccountRow.account_id, AccountRow.holder, AccountRow.opened, AccountRow.address_on_file
    )
    yield from conn.execute(query)


def community_homes(conn: Connection) -> Iterator[tuple[str | None, str]]:
    """(community, address) of every resident: the households a campaign reaches."""
    yield from conn.execute(select(PersonRow.community, PersonRow.address))
