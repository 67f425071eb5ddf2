"""Tasks in the SQL store (SQLite or PostgreSQL), with compare-and-set saves.

``save`` is ``UPDATE … WHERE task_id = :id AND version = :read_version``: of
two officers (or two server processes) writing the same task, exactly one
changes a row; the other gets ``Conflict`` with the current version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

import msgspec
from sqlalchemy import Connection, Engine, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from fanzha.dissuade.models import Task
from fanzha.dissuade.repository import OPEN_STATES, Conflict
from fanzha.dissuade.restrictions import Restriction
from fanzha.dissuade.warnings import WarningRecord
from fanzha.store.models import (
    MeasureOrderRow,
    RestrictionRow,
    TaskCaseRow,
    TaskRow,
    WarningRow,
)
from fanzha.store.unit import begin, connect

_ENCODER = msgspec.msgpack.Encoder()
T = TypeVar("T")
_DECODER = msgspec.msgpack.Decoder(Task)


def _row(task: Task) -> dict[str, object]:
    return {
        "task_id": task.task_id,
        "person_id": task.person_id,
        "district": task.district,
        "station": task.station,
        "state": str(task.state),
        "level": str(task.level),
        "created": task.created,
        "version": task.version,
        "doc": _ENCODER.encode(task),
    }


class SqlTaskRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, task_id: str) -> Task | None:
        with connect(self.engine) as conn:
            doc = conn.execute(select(TaskRow.doc).where(TaskRow.task_id == task_id)).scalar()
        return None if doc is None else _DECODER.decode(doc)

    def add(self, task: Task) -> None:
        try:
            with begin(self.engine) as conn:
                conn.execute(insert(TaskRow).values(**_row(task)))
        except IntegrityError as err:
            current = self.get(task.task_id)
            raise Conflict(task.task_id, current.version if current else -1) from err

    def save(self, task: Task, read_version: int) -> None:
        with begin(self.engine) as conn:
            changed = conn.execute(
                update(TaskRow)
                .where(TaskRow.task_id == task.task_id, TaskRow.version == read_version)
                .values(**_row(task))
            ).rowcount
            if changed == 1:
                return
            current = conn.execute(
                select(TaskRow.version).where(TaskRow.task_id == task.task_id)
            ).scalar()
        raise Conflict(task.task_id, int(current) if current is not None else -1)

    def all(self) -> Iterable[Task]:
        with connect(self.engine) as conn:
            docs = conn.execute(select(TaskRow.doc).order_by(TaskRow.created)).scalars().all()
        return [_DECODER.decode(doc) for doc in docs]

    def open_for_person(self, person_id: str) -> Task | None:
        with connect(self.engine) as conn:
            doc = conn.execute(
                select(TaskRow.doc)
                .where(
                    TaskRow.person_id == person_id, TaskRow.state.in_([str(s) for s in OPEN_STATES])
                )
                .order_by(TaskRow.created)
                .limit(1)
            ).scalar()
        return None if doc is None else _DECODER.decode(doc)

    def search(
        self, fragment: str, person_ids: list[str], district: str | None, limit: int = 20
    ) -> list[Task]:
        """Tasks whose id holds ``fragment`` or that are about one of ``person_ids``."""
        keys = [TaskRow.task_id.contains(fragment, autoescape=True)]
        if person_ids:
            keys.append(TaskRow.person_id.in_(person_ids))
        query = select(TaskRow.doc).where(or_(*keys))
        if district is not None:
            query = query.where(TaskRow.district == district)
        query = query.order_by(TaskRow.created.desc()).limit(limit)
        with connect(self.engine) as conn:
            return [_DECODER.decode(doc) for doc in conn.execute(query).scalars()]

    def for_person(self, person_id: str) -> list[Task]:
        with connect(self.engine) as conn:
            docs = (
                conn.execute(
                    select(TaskRow.doc)
                    .where(TaskRow.person_id == person_id)
                    .order_by(TaskRow.created)
                )
                .scalars()
                .all()
            )
        return [_DECODER.decode(doc) for doc in docs]

    def open_levels(self) -> list[tuple[str, str, str]]:
        """Three columns of the open tasks, no documents decoded."""
        with connect(self.engine) as conn:
            rows = conn.execute(
                select(TaskRow.person_id, TaskRow.task_id, TaskRow.level).where(
                    TaskRow.state.in_([str(s) for s in OPEN_STATES])
                )
            ).all()
        return [(str(p), str(t), str(level)) for p, t, level in rows]


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
