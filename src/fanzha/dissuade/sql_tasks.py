"""Tasks in the SQL store (SQLite or PostgreSQL), with compare-and-set saves.

``save`` is ``UPDATE … WHERE task_id = :id AND version = :read_version``: of
two officers (or two server processes) writing the same task, exactly one
changes a row; the other gets ``Conflict`` with the current version.

Every read the queue, the dashboard and the deadline sweep make is answered
from indexed columns beside the document (``TaskRow``), so its cost follows
the page or the open tasks, not the year of closed ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    false,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from fanzha.dissuade.models import Task
from fanzha.dissuade.queries import (
    CLOSED_QUEUES,
    OPEN_QUEUES,
    Cursor,
    Scope,
    TaskFilter,
    TaskTimes,
    queue_key,
    queues_for,
    untimed,
)
from fanzha.dissuade.repository import Conflict, Timing
from fanzha.store.models import TaskOutcomeCountRow, TaskRow, UtcDateTime
from fanzha.store.unit import begin, connect, unit_or_joined

ALL_QUEUES = (*OPEN_QUEUES, *CLOSED_QUEUES)
_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Task)
_COUNTS = TaskOutcomeCountRow.__table__
_DISTRICTS = text(
    "WITH RECURSIVE d(name) AS ("
    " SELECT MIN(district) FROM tasks"
    " UNION ALL SELECT (SELECT MIN(t.district) FROM tasks t WHERE t.district > d.name)"
    " FROM d WHERE d.name IS NOT NULL)"
    " SELECT name FROM d WHERE name IS NOT NULL"
)
"""Each district once by hopping along the district index (a loose index scan):
13 seeks, where ``SELECT DISTINCT`` would read every task of the year."""


def _row(task: Task, times: TaskTimes) -> dict[str, object]:
    return {
        "task_id": task.task_id,
        "person_id": task.person_id,
        "district": task.district,
        "station": task.station,
        "state": str(task.state),
        "level": str(task.level),
        "typology": task.typology[:64],
        "created": task.created,
        "version": task.version,
        "queue": queue_key(task.state, task.level),
        "outcome": None if task.outcome is None else str(task.outcome),
        "due_at": times.due_at,
        "sweep_at": times.sweep_at,
        "doc": _ENCODER.encode(task),
    }


_SAVE = (
    update(TaskRow)
    .where(TaskRow.task_id == bindparam("k_id"), TaskRow.version == bindparam("k_version"))
    .values({
        column.name: bindparam(f"v_{column.name}", type_=column.type)
        for column in TaskRow.__table__.columns
    })
)  # fmt: skip
"""Every column of a task written back, compare-and-set on the version read."""


def _in_scope(scope: Scope) -> list[Any]:
    if scope.kind == "none":
        return [false()]
    if scope.kind == "city":
        return []
    conditions = [TaskRow.district == scope.district]
    if scope.kind == "station":
        conditions.append(TaskRow.station == scope.station)
    return conditions


def _bump(
    conn: Connection, district: str | None, station: str | None, outcome: str, n: int
) -> None:
    """Add ``n`` to one outcome counter, creating it on first use (an upsert, so two
    processes counting the first task of a station at once both count)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    key = {"district": district or "", "station": station or "", "outcome": outcome}
    statement = dialect.insert(_COUNTS).values(**key, n=n)
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=["district", "station", "outcome"], set_={"n": _COUNTS.c.n + n}
        )
    )


def _hour_counts(scope: Scope, n_bounds: int) -> Any:
    created = TaskRow.created
    narrow: list[Any] = []
    if scope.kind in ("district", "station"):
        narrow = [TaskRow.district == bindparam("district"), TaskRow.queue.in_(ALL_QUEUES)]
    if scope.kind == "station":
        narrow.append(TaskRow.station == bindparam("station"))
    if scope.kind == "none":
        narrow = [false()]
    bound = [bindparam(f"b{i}", type_=UtcDateTime) for i in range(n_bounds)]
    return select(
        *(
            select(func.count()).where(created >= lo, created < hi, *narrow).scalar_subquery()
            for lo, hi in itertools.pairwise(bound)
        )
    )


class SqlTaskRepository:
    def __init__(self, engine: Engine, timing: Timing = untimed) -> None:
        self.engine = engine
        self._timing = timing
        self._hour_counts: dict[tuple[str, int], Any] = {}

    def use_timing(self, timing: Timing) -> None:
        self._timing = timing

    def row(self, task: Task) -> dict[str, object]:
        """The stored row of ``task`` (queue key, deadlines by the current timing) for a
        writer that inserts tasks in bulk beside this repository (warning orders)."""
        return _row(task, self._timing(task))

    def get(self, task_id: str) -> Task | None:
        with connect(self.engine) as conn:
            doc = conn.execute(select(TaskRow.doc).where(TaskRow.task_id == task_id)).scalar()
        return None if doc is None else _DECODER.decode(doc)

    def add(self, task: Task) -> None:
        try:
            with begin(self.engine) as conn:
                conn.execute(insert(TaskRow).values(**_row(task, self._timing(task))))
                if task.outcome is not None:
                    _bump(conn, task.district, task.station, str(task.outcome), 1)
        except IntegrityError as err:
            current = self.get(task.task_id)
            raise Conflict(task.task_id, current.version if current else -1) from err

    def save(self, task: Task, read_version: int) -> None:
        if self.save_many([(task, read_version)]):
            return
        with connect(self.engine) as conn:
            current = conn.execute(
                select(TaskRow.version).where(TaskRow.task_id == task.task_id)
            ).scalar()
        raise Conflict(task.task_id, int(current) if current is not None else -1)

    def save_many(self, changes: Sequence[tuple[Task, int]]) -> list[str]:
        """Compare-and-set each task in one transaction and one statement: the rows are
        locked as their versions are read (``FOR UPDATE``; on SQLite a unit of work's
        ``BEGIN IMMEDIATE``: a deferred transaction would read before it holds the write
        lock, and a writer committing in between made the update miss), so the versions
        that match are the rows the update changes. A task changed meanwhile is left
        out of the answer (its writer won)."""
        if not changes:
            return []
        ids = [task.task_id for task, _ in changes]
        columns = (TaskRow.task_id, TaskRow.district, TaskRow.station, TaskRow.outcome,
                   TaskRow.version)  # fmt: skip
        with unit_or_joined(self.engine), begin(self.engine) as conn:
            found = conn.execute(select(*columns).where(TaskRow.task_id.in_(ids)).with_for_update())
            before = {row.task_id: row for row in found}
            chosen = [
                (task, read)
                for task, read in changes
                if task.task_id in before and before[task.task_id].version == read
            ]
            if not chosen:
                return []
            rows = [_row(task, self._timing(task)) for task, _ in chosen]
            params = [
                {"k_id": task.task_id, "k_version": read} | {f"v_{k}": v for k, v in row.items()}
                for (task, read), row in zip(chosen, rows, strict=True)
            ]
            changed = conn.execute(_SAVE, params).rowcount
            if changed != len(chosen):  # the lock above makes this impossible: roll back
                raise RuntimeError(f"{len(chosen) - changed} of {len(chosen)} task saves lost")
            for (task, _), row in zip(chosen, rows, strict=True):
                old = before[task.task_id]
                if (old.district, old.station, old.outcome) == (
                    row["district"], row["station"], row["outcome"]
                ):  # fmt: skip
                    continue
                if old.outcome is not None:  # a counted outcome moved (or its district did)
                    _bump(conn, old.district, old.station, old.outcome, -1)
                if task.outcome is not None:
                    _bump(conn, task.district, task.station, str(task.outcome), 1)
        return [task.task_id for task, _ in chosen]

    def all(self) -> Iterable[Task]:
        """Every task of every year: exports and statistics only, never a request."""
        with connect(self.engine) as conn:
            docs = conn.execute(select(TaskRow.doc).order_by(TaskRow.created)).scalars().all()
        return [_DECODER.decode(doc) for doc in docs]

    def open_for_person(self, person_id: str) -> Task | None:
        with connect(self.engine) as conn:
            doc = conn.execute(
                select(TaskRow.doc)
                .where(TaskRow.person_id == person_id, TaskRow.queue.in_(OPEN_QUEUES))
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
        query = select(TaskRow.doc).where(TaskRow.person_id == person_id)
        with connect(self.engine) as conn:
            docs = conn.execute(query.order_by(TaskRow.created)).scalars().all()
        return [_DECODER.decode(doc) for doc in docs]

    def open_levels(self) -> list[tuple[str, str, str]]:
        """Three columns of the open tasks, no documents decoded (closed ones not read)."""
        with connect(self.engine) as conn:
            rows = conn.execute(
                select(TaskRow.person_id, TaskRow.task_id, TaskRow.level).where(
                    TaskRow.queue.in_(OPEN_QUEUES)
                )
            ).all()
        return [(str(p), str(t), str(level)) for p, t, level in rows]

    # --- the queue, the dashboard, the sweep ----------------------------------------

    def page(self, scope: Scope, where: TaskFilter, after: Cursor | None, limit: int) -> list[Task]:
        """One query per queue key (6 at most), each an index range in order: the
        planner never has to sort more than the page, however deep the page."""
        if scope.kind == "none" or where.districts == ():
            return []
        conditions = _in_scope(scope)
        if where.state is not None:
            conditions.append(TaskRow.state == str(where.state))
        if where.districts is not None:
            conditions.append(
                TaskRow.district == where.districts[0]
                if len(where.districts) == 1
                else TaskRow.district.in_(where.districts)
            )
        if where.typology is not None:
            conditions.append(TaskRow.typology == where.typology)
        found: list[Task] = []
        with connect(self.engine) as conn:
            for queue in queues_for(where.state, where.level):
                if after is not None and queue < after.queue:
                    continue
                query = select(TaskRow.doc).where(TaskRow.queue == queue, *conditions)
                if after is not None and queue == after.queue:
                    query = query.where(
                        TaskRow.created >= after.created,
                        or_(TaskRow.created > after.created, TaskRow.task_id > after.task_id),
                    )
                query = query.order_by(TaskRow.created, TaskRow.task_id)
                docs = conn.execute(query.limit(limit - len(found))).scalars().all()
                found.extend(_DECODER.decode(doc) for doc in docs)
                if len(found) >= limit:
                    break
        return found

    def districts(self) -> list[str]:
        with connect(self.engine) as conn:
            return [str(name) for name in conn.execute(_DISTRICTS).scalars()]

    def open_counts(self, scope: Scope) -> list[tuple[int, str | None, int]]:
        """The open queue keys spelled out (``IN``, not ``<``): an index range per key,
        where a range on ``queue`` let SQLite walk the whole district index."""
        query = (
            select(TaskRow.queue, TaskRow.district, func.count())
            .where(TaskRow.queue.in_(OPEN_QUEUES), *_in_scope(scope))
            .group_by(TaskRow.queue, TaskRow.district)
        )
        with connect(self.engine) as conn:
            return [(int(q), d, int(n)) for q, d, n in conn.execute(query).all()]

    def created_counts(self, scope: Scope, bounds: Sequence[datetime]) -> list[int]:
        """One count per hour, each a range of an index: ``created`` for the city, the
        district index (every queue key spelled out) for a district or a station. The
        statement is built once per scope kind and hour count (building it cost more
        than running it)."""
        key = (scope.kind, len(bounds))
        if key not in self._hour_counts:
            self._hour_counts[key] = _hour_counts(scope, len(bounds))
        params: dict[str, Any] = {f"b{i}": bound for i, bound in enumerate(bounds)}
        params.update(district=scope.district, station=scope.station)
        with connect(self.engine) as conn:
            row = conn.execute(self._hour_counts[key], params).one()
        return [int(n) for n in row]

    def outcome_counts(self, scope: Scope) -> dict[str, int]:
        if scope.kind == "none":
            return {}
        query = select(_COUNTS.c.outcome, func.sum(_COUNTS.c.n)).group_by(_COUNTS.c.outcome)
        if scope.kind != "city":
            query = query.where(_COUNTS.c.district == (scope.district or ""))
        if scope.kind == "station":
            query = query.where(_COUNTS.c.station == (scope.station or ""))
        with connect(self.engine) as conn:
            return {str(o): int(n) for o, n in conn.execute(query).all() if n}

    def due_by(self, scope: Scope, until: datetime, limit: int) -> tuple[list[Task], int]:
        where = [TaskRow.queue.in_(OPEN_QUEUES), TaskRow.due_at <= until, *_in_scope(scope)]
        query = select(TaskRow.doc).where(*where)
        with connect(self.engine) as conn:
            total = int(conn.execute(select(func.count()).where(*where)).scalar() or 0)
            docs = conn.execute(
                query.order_by(TaskRow.due_at, TaskRow.task_id).limit(limit)
            ).scalars()
            return [_DECODER.decode(doc) for doc in docs], total

    def sweep_due(self, now: datetime) -> list[Task]:
        query = select(TaskRow.doc).where(TaskRow.sweep_at <= now).order_by(TaskRow.sweep_at)
        with connect(self.engine) as conn:
            return [_DECODER.decode(doc) for doc in conn.execute(query).scalars()]

    def together(self) -> AbstractContextManager[object]:
        return unit_or_joined(self.engine)

    def retime(self, task_ids: Iterable[str] | None = None) -> int:
        """Recompute ``due_at``/``sweep_at`` (the policy changed, or the rows predate the
        columns); a row written meanwhile keeps what its writer computed."""
        query = select(TaskRow.doc, TaskRow.due_at, TaskRow.sweep_at)
        if task_ids is None:
            query = query.where(TaskRow.queue.in_(OPEN_QUEUES))
        else:
            query = query.where(TaskRow.task_id.in_(list(task_ids)))
        with connect(self.engine) as conn:
            rows = conn.execute(query).all()
        changes = []
        for doc, due_at, sweep_at in rows:
            task = _DECODER.decode(doc)
            times = self._timing(task)
            if (times.due_at, times.sweep_at) != (due_at, sweep_at):
                changes.append(
                    {"id": task.task_id, "v": task.version, "due": times.due_at,
                     "sweep": times.sweep_at}
                )  # fmt: skip
        if changes:
            statement = (
                update(TaskRow)
                .where(TaskRow.task_id == bindparam("id"), TaskRow.version == bindparam("v"))
                .values(due_at=bindparam("due"), sweep_at=bindparam("sweep"))
            )
            with begin(self.engine) as conn:
                conn.execute(statement, changes)
        return len(changes)
