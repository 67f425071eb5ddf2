"""The event-based figures of the year's report, read through the store's own engine.

Why not DuckDB here: on SQLite, DuckDB reads the file through its own copy of
the SQLite library. Two SQLite libraries in one process share the file's POSIX
locks, and when DuckDB closed its descriptor the server's locks went with it;
the next outside process to open and close the store then deleted the ``-wal``
the server was still writing into, losing acknowledged events (issue 15,
finding 1). Through the engine the figures are also read the way every other
figure of the report is (tasks, holds, communities): the same store, the same
moment, on SQLite and PostgreSQL alike, with the indexes on ``kind`` and ``ts``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Engine, cast, distinct, func, select
from sqlalchemy.dialects.postgresql import JSONB

from fanzha.store.models import (
    EventRow,
    GoldNoticeRow,
    PartnerLogRow,
    PersonRow,
    TakedownRow,
)


def _json_field(dialect: str, document: Any, field: str) -> ColumnElement[Any]:
    """A top-level field of a JSON text column, as SQL text (NULL when absent)."""
    if dialect == "postgresql":
        text: ColumnElement[Any] = cast(document, JSONB)[field].astext
        return text
    return func.json_extract(document, f"$.{field}")


def reports(
    engine: Engine, start: datetime, end: datetime, district: str | None
) -> list[tuple[str | None, int, str, datetime]]:
    """(person, loss in fen, typology, time) of each fraud report in [start, end)."""
    dialect = engine.dialect.name
    loss = cast(_json_field(dialect, EventRow.raw, "loss_fen"), BigInteger)
    typology = func.coalesce(_json_field(dialect, EventRow.raw, "fraud_type"), "other")
    query = select(EventRow.person_id, func.coalesce(loss, 0), typology, EventRow.ts).where(
        EventRow.kind == "report", EventRow.ts >= start, EventRow.ts < end
    )
    if district is not None:
        query = query.join(PersonRow, PersonRow.person_id == EventRow.person_id).where(
            PersonRow.district == district
        )
    with engine.connect() as conn:
        return [(p, int(f), str(t), ts) for p, f, t, ts in conn.execute(query)]


def partner_counts(
    engine: Engine, start: datetime, end: datetime, district: str | None
) -> list[tuple[str, str, int]]:
    """(kind, outcome, count) of what partners did in [start, end): checks, clues, feedback."""
    outcome = func.coalesce(PartnerLogRow.outcome, "-")
    query = (
        select(PartnerLogRow.kind, outcome, func.count())
        .where(PartnerLogRow.ts >= start, PartnerLogRow.ts < end)
        .group_by(PartnerLogRow.kind, outcome)
    )
    if district is not None:
        query = query.join(PersonRow, PersonRow.person_id == PartnerLogRow.person_id).where(
            PersonRow.district == district
        )
    with engine.connect() as conn:
        return [(str(k), str(o), int(n)) for k, o, n in conn.execute(query)]


def takedown_totals(
    engine: Engine, start: date, end: date, district: str | None
) -> tuple[int, int, int, int, int]:
    """(rings broken, takedowns, suspects, cash seized in fen, gold in mg) of raids on days
    in [start, end). A ring raided twice is one gang broken: the second raid's seizures
    still count."""
    query = select(
        func.count(distinct(TakedownRow.ring_id)),
        func.count(),
        func.coalesce(func.sum(TakedownRow.suspects), 0),
        func.coalesce(func.sum(TakedownRow.cash_fen), 0),
        func.coalesce(func.sum(TakedownRow.gold_mg), 0),
    ).where(TakedownRow.taken_on >= start, TakedownRow.taken_on < end)
    if district is not None:
        query = query.where(TakedownRow.district == district)
    with engine.connect() as conn:
        rings, takedowns, suspects, cash, gold = conn.execute(query).one()
    return int(rings), int(takedowns), int(suspects), int(cash), int(gold)


def notice_totals(engine: Engine, start: date, end: date, district: str | None) -> tuple[int, int]:
    """(issued, of which acknowledged) of risk notices to gold merchants issued in [start, end)."""
    query = select(func.count(), func.count(GoldNoticeRow.acknowledged_on)).where(
        GoldNoticeRow.issued_on >= start, GoldNoticeRow.issued_on < end
    )
    if district is not None:
        query = query.where(GoldNoticeRow.district == district)
    with engine.connect() as conn:
        issued, acknowledged = conn.execute(query).one()
    return int(issued), int(acknowledged)


def victims_and_districts(engine: Engine) -> tuple[dict[str, str | None], dict[str, str]]:
    """Report id → the victim's person id, and person id → district: whose
    jurisdiction a hold's cases are."""
    victims: dict[str, str | None] = {}
    with engine.connect() as conn:
        for report_id, person_id in conn.execute(
            select(EventRow.id, EventRow.person_id).where(EventRow.kind == "report")
        ):
            victims[report_id] = person_id
        districts = dict(conn.execute(select(PersonRow.person_id, PersonRow.district)).all())
    return victims, districts
