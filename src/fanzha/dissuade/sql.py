"""Restrictions, warnings and task–case links in the SQL store; the tasks themselves
are in ``sql_tasks`` (re-exported here for the callers that know them by this path)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import msgspec
from sqlalchemy import Connection, Engine, insert, select, update

from fanzha.dissuade.restrictions import Restriction
from fanzha.dissuade.sql_tasks import SqlTaskRepository
from fanzha.dissuade.warnings import WarningRecord
from fanzha.store.models import (
    MeasureOrderRow,
    RestrictionRow,
    TaskCaseRow,
    WarningRow,
)
from fanzha.store.unit import begin, connect

T = TypeVar("T")


_R_ENCODER = msgspec.msgpack.Encoder()
_R_DECODER = msgspec.msgpack.Decoder(Restriction)


class SqlRestrictionRepository:
    """Restrictions, kept whole; ``save`` replaces the document.

    Beside the document: its term (``expires``, for the sweep) and one row per
    order sent to a partner (``measure_orders``), so an acknowledgement finds its
    restriction by the order id alone.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, restriction_id: str) -> Restriction | None:
        with connect(self.engine) as conn:
            doc = conn.execute(
                select(RestrictionRow.doc).where(RestrictionRow.restriction_id == restriction_id)
            ).scalar()
        return None if doc is None else _R_DECODER.decode(doc)

    def save(self, restriction: Restriction) -> None:
        with begin(self.engine) as conn:
            _write(conn, restriction)

    def change(self, restriction_id: str, edit: Callable[[Restriction], T]) -> T:
        """Read, edit and write one restriction under a row lock: two partners answering
        their orders at once must not overwrite each other's answer. ``KeyError`` when
        there is no such restriction; whatever ``edit`` raises leaves it unchanged."""
        query = select(RestrictionRow.doc).where(RestrictionRow.restriction_id == restriction_id)
        with begin(self.engine) as conn:
            doc = conn.execute(query.with_for_update()).scalar()
            if doc is None:
                raise KeyError(restriction_id)
            restriction = _R_DECODER.decode(doc)
            result = edit(restriction)
            _write(conn, restriction)
        return result

    def of_order(self, order_id: str) -> str | None:
        """The restriction an order belongs to."""
        with connect(self.engine) as conn:
            found: str | None = conn.execute(
                select(MeasureOrderRow.restriction_id).where(MeasureOrderRow.order_id == order_id)
            ).scalar()
        return found

    def due(self, now: datetime) -> list[str]:
        """Restrictions in force whose term is over."""
        with connect(self.engine) as conn:
            return list(
                conn.execute(
                    select(RestrictionRow.restriction_id).where(
                        RestrictionRow.active.is_(True), RestrictionRow.expires <= now
                    )
                ).scalars()
            )

    def for_person(self, person_id: str) -> list[Restriction]:
        return self._load(RestrictionRow.person_id == person_id)

    def listed(self, active: bool | None = None) -> list[Restriction]:
        """Every restriction (or those in force / ended), oldest first, for the page."""
        return self._load(*(() if active is None else (RestrictionRow.active.is_(active),)))

    def _load(self, *conditions: Any) -> list[Restriction]:
        with connect(self.engine) as conn:
            docs = conn.execute(select(RestrictionRow.doc).where(*conditions)).scalars().all()
        return sorted((_R_DECODER.decode(d) for d in docs), key=lambda r: r.imposed_at)


def _write(conn: Connection, restriction: Restriction) -> None:
    values = {
        "person_id": restriction.person_id,
        "active": restriction.active,
        "expires": restriction.expires_at,
        "doc": _R_ENCODER.encode(restriction),
    }
    changed = conn.execute(
        update(RestrictionRow)
        .where(RestrictionRow.restriction_id == restriction.restriction_id)
        .values(**values)
    ).rowcount
    if not changed:
        conn.execute(
            insert(RestrictionRow).values(restriction_id=restriction.restriction_id, **values)
        )
    known = set(
        conn.execute(
            select(MeasureOrderRow.order_id).where(
                MeasureOrderRow.restriction_id == restriction.restriction_id
            )
        ).scalars()
    )
    new = [
        {"order_id": o.order_id, "restriction_id": restriction.restriction_id,
         "partner_id": o.partner_id}
        for o in restriction.orders
        if o.order_id not in known
    ]  # fmt: skip
    if new:
        conn.execute(insert(MeasureOrderRow), new)


_W_ENCODER = msgspec.msgpack.Encoder()
_W_DECODER = msgspec.msgpack.Decoder(WarningRecord)


class SqlWarningRepository:
    """Warnings beside their tasks: one row per warning id, an upgrade replaces it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def put(self, record: WarningRecord) -> None:
        values = {
            "task_id": record.task_id,
            "person_id": record.person_id,
            "ts": record.ts,
            "level": record.level,
            "typology": record.typology,
            "amount_at_risk_fen": record.amount_at_risk_fen,
            "payee": record.payee,
            "rules_version": record.rules_version[:255],
            "model_version": record.model_version[:255],
            "doc": _W_ENCODER.encode(record),
        }
        with begin(self.engine) as conn:
            changed = conn.execute(
                update(WarningRow)
                .where(WarningRow.warning_id == record.warning_id)
                .values(**values)
            ).rowcount
            if not changed:
                conn.execute(insert(WarningRow).values(warning_id=record.warning_id, **values))

    def for_task(self, task_id: str) -> list[WarningRecord]:
        return self._load(WarningRow.task_id == task_id)

    def for_person(self, person_id: str) -> list[WarningRecord]:
        return self._load(WarningRow.person_id == person_id)

    def _load(self, condition: Any) -> list[WarningRecord]:
        query = select(WarningRow.doc).where(condition).order_by(WarningRow.ts.desc())
        with connect(self.engine) as conn:
            return [_W_DECODER.decode(doc) for doc in conn.execute(query).scalars()]


class SqlTaskCaseLinks:
    """Which cases were opened from which task (an officer stopped a transfer)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def link(self, task_id: str, case_id: str, when: datetime) -> None:
        with begin(self.engine) as conn:
            known = conn.execute(
                select(TaskCaseRow.task_id).where(TaskCaseRow.case_id == case_id)
            ).scalar()
            if known is None:
                conn.execute(
                    insert(TaskCaseRow).values(case_id=case_id, task_id=task_id, created=when)
                )

    def cases_of(self, task_id: str) -> list[str]:
        query = (
            select(TaskCaseRow.case_id)
            .where(TaskCaseRow.task_id == task_id)
            .order_by(TaskCaseRow.created, TaskCaseRow.case_id)
        )
        with connect(self.engine) as conn:
            return list(conn.execute(query).scalars())

    def task_of(self, case_id: str) -> str | None:
        with connect(self.engine) as conn:
            found: str | None = conn.execute(
                select(TaskCaseRow.task_id).where(TaskCaseRow.case_id == case_id)
            ).scalar()
        return found


__all__ = [
    "SqlRestrictionRepository",
    "SqlTaskCaseLinks",
    "SqlTaskRepository",
    "SqlWarningRepository",
]
