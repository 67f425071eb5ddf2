"""Tasks in the SQL store (SQLite or PostgreSQL), with compare-and-set saves.

``save`` is ``UPDATE … WHERE task_id = :id AND version = :read_version``: of
two officers (or two server processes) writing the same task, exactly one
changes a row; the other gets ``Conflict`` with the current version.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from fanzha.dissuade.models import Task
from fanzha.dissuade.repository import OPEN_STATES, Conflict
from fanzha.dissuade.restrictions import Restriction
from fanzha.store.models import RestrictionRow, TaskRow
from fanzha.store.unit import begin, connect

_ENCODER = msgspec.msgpack.Encoder()
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


_R_ENCODER = msgspec.msgpack.Encoder()
_R_DECODER = msgspec.msgpack.Decoder(Restriction)


class SqlRestrictionRepository:
    """Art. 32 restrictions, kept whole; ``save`` replaces the document."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, restriction_id: str) -> Restriction | None:
        with connect(self.engine) as conn:
            doc = conn.execute(
                select(RestrictionRow.doc).where(RestrictionRow.restriction_id == restriction_id)
            ).scalar()
        return None if doc is None else _R_DECODER.decode(doc)

    def save(self, restriction: Restriction) -> None:
        values = {
            "person_id": restriction.person_id,
            "active": restriction.active,
            "doc": _R_ENCODER.encode(restriction),
        }
        with begin(self.engine) as conn:
            changed = conn.execute(
                update(RestrictionRow)
                .where(RestrictionRow.restriction_id == restriction.restriction_id)
                .values(**values)
            ).rowcount
            if not changed:
                conn.execute(
                    insert(RestrictionRow).values(
                        restriction_id=restriction.restriction_id, **values
                    )
                )

    def for_person(self, person_id: str) -> list[Restriction]:
        with connect(self.engine) as conn:
            docs = (
                conn.execute(
                    select(RestrictionRow.doc).where(RestrictionRow.person_id == person_id)
                )
                .scalars()
                .all()
            )
        return sorted((_R_DECODER.decode(d) for d in docs), key=lambda r: r.imposed_at)
