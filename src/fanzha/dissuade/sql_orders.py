"""Warning orders into tasks in the SQL store (``OrderBook``), a chunk at a time:
set-based lookups, one transaction each. What an order becomes is told in
``dissuade.order_book``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import msgspec
from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from fanzha.clock import Clock
from fanzha.dissuade.models import Task
from fanzha.dissuade.open_index import OpenTaskIndex
from fanzha.dissuade.order_book import CHUNK, OrderResult, Pending, ResolveError, warning_of
from fanzha.dissuade.orders import WarningOrder, id_number_digest
from fanzha.dissuade.repository import OPEN_STATES, Conflict
from fanzha.dissuade.routing import Routing
from fanzha.dissuade.warnings import WarningRecord
from fanzha.security.auditlog import AuditLog
from fanzha.security.roles import Principal
from fanzha.store.models import (
    PersonIdNumberRow,
    PersonRow,
    PhoneRow,
    TaskRow,
    WarningOrderRow,
    WarningRow,
)
from fanzha.store.unit import begin, connect

_RETRIES: Final = 5
_TASK = msgspec.msgpack.Encoder()
_TASK_DECODER = msgspec.msgpack.Decoder(Task)
_ORDER_DECODER = msgspec.msgpack.Decoder(WarningOrder)
_OPEN = [str(s) for s in OPEN_STATES]


@dataclass(frozen=True)
class _Person:
    person_id: str
    district: str | None
    address: str | None


def _warning_row(record: WarningRecord) -> dict[str, object]:
    return {
        "warning_id": record.warning_id, "task_id": record.task_id,
        "person_id": record.person_id, "ts": record.ts, "level": record.level,
        "typology": record.typology, "amount_at_risk_fen": None, "payee": None,
        "rules_version": "", "model_version": "", "doc": _TASK.encode(record),
    }  # fmt: skip


class OrderBook:
    """Orders received, the 待核查 queue, and the tasks orders make (SQL store)."""

    def __init__(
        self,
        engine: Engine,
        routing: Routing,
        clock: Clock,
        audit: AuditLog,
        task_row: Callable[[Task], dict[str, object]],
        index: OpenTaskIndex | None = None,
    ) -> None:
        self.engine = engine
        self.task_row = task_row
        """How the task repository stores a task (``SqlTaskRepository.row``): the queue
        key and deadlines it pages and sweeps by are filled in for bulk writes too."""
        self.routing = routing
        self.clock = clock
        self.audit = audit
        self.index = index

    # --- in --------------------------------------------------------------------

    def apply(
        self, principal: Principal, orders: Sequence[WarningOrder], chunk: int = CHUNK
    ) -> list[OrderResult]:
        results: list[OrderResult] = []
        for start in range(0, len(orders), chunk):
            results += self._chunk(principal, orders[start : start + chunk])
        return results

    def _chunk(self, principal: Principal, orders: Sequence[WarningOrder]) -> list[OrderResult]:
        for attempt in range(_RETRIES):
            try:
                with begin(self.engine) as conn:
                    results, tasks = self._write(conn, principal, orders)
                break
            except (Conflict, IntegrityError):  # a save or a re-send raced us: read again
                if attempt == _RETRIES - 1:
                    raise
        counts: dict[str, int] = {}
        for r in results:
            counts[r.outcome] = counts.get(r.outcome, 0) + 1
        self.audit.append(
            principal,
            "warning_orders",
            "warning_order_batch",
            f"{orders[0].source}:{orders[0].order_id}…{orders[-1].order_id}",
            self.clock.now(),
            {**counts, "tasks": sorted({r.task_id for r in results if r.task_id})},
        )
        if self.index is not None:
            self.index.note_written(tasks)
        return results

    def _write(
        self, conn: Connection, principal: Principal, orders: Sequence[WarningOrder]
    ) -> tuple[list[OrderResult], list[Task]]:
        now = self.clock.now()
        known = self._received(conn, orders)
        people = self._match(conn, orders)
        open_tasks = self._open_tasks(conn, {p.person_id for p in people.values()})
        read_versions = {t.task_id: t.version for t in open_tasks.values()}
        new_tasks: dict[str, Task] = {}
        results: list[OrderResult] = []
        order_rows: list[dict[str, object]] = []
        warnings: list[dict[str, object]] = []
        for order in orders:
            if order.key in known:
                task_id = known[order.key]
                results.append(self._result(order, "duplicate", task_id))
                continue
            person = people.get(order.line)
            if person is None or not person.district:
                order_rows.append(self._order_row(order, principal, now, None, None))
                results.append(self._result(order, "pending"))
                continue
            task = open_tasks.get(person.person_id)
            if task is None:
                task = self._new_task(order, person, principal, now)
                new_tasks[task.task_id] = task
                open_tasks[person.person_id] = task
                outcome = "created"
            else:
                self._merge(task, order, principal, now)
                outcome = "merged"
            order_rows.append(self._order_row(order, principal, now, person.person_id, task))
            warnings.append(_warning_row(warning_of(order, task.task_id, person.person_id, now)))
            results.append(self._result(order, outcome, task.task_id, task.district))
        if order_rows:
            conn.execute(insert(WarningOrderRow), order_rows)
        if new_tasks:
            conn.execute(insert(TaskRow), [self.task_row(t) for t in new_tasks.values()])
        merged = [t for t in open_tasks.values() if t.task_id not in new_tasks]
        for task in merged:
            if task.version == read_versions[task.task_id]:
                continue
            changed = conn.execute(
                update(TaskRow)
                .where(
                    TaskRow.task_id == task.task_id,
                    TaskRow.version == read_versions[task.task_id],
                )
                .values(**self.task_row(task))
            ).rowcount
            if changed != 1:
                raise Conflict(task.task_id, -1)
        if warnings:
            conn.execute(insert(WarningRow), warnings)
        touched = list(new_tasks.values()) + [
            t for t in merged if t.version != read_versions[t.task_id]
        ]
        return results, touched

    @staticmethod
    def _result(
        order: WarningOrder, outcome: str, task_id: str | None = None, district: str | None = None
    ) -> OrderResult:
        return OrderResult(
            line=order.line,
            source=order.source,
            order_id=order.order_id,
            outcome=outcome,
            task_id=task_id,
            district=district,
        )

    @staticmethod
    def _order_row(
        order: WarningOrder, principal: Principal, now: datetime, person: str | None, task: Any
    ) -> dict[str, object]:
        return {
            "source": order.source, "order_id": order.order_id, "received_at": now,
            "status": "task" if task is not None else "pending", "person_id": person,
            "task_id": task.task_id if task is not None else None,
            "uploaded_by": principal.user_id[:64], "doc": _TASK.encode(order),
        }  # fmt: skip

    def _new_task(
        self, order: WarningOrder, person: _Person, principal: Principal, now: datetime
    ) -> Task:
        task = Task(
            task_id=f"T-{order.warning_id}",
            warning_id=order.warning_id,
            person_id=person.person_id,
            level=order.level,
            typology=order.typology,
            district=person.district,
            station=self.routing.station_for(person.district, person.address, person.person_id),
            created=now,
            rules_version=f"order:{order.source}",
        )
        what = f"created from order {order.source} {order.order_id}"
        task.history.append((now, principal.user_id, what))
        return task

    @staticmethod
    def _merge(task: Task, order: WarningOrder, principal: Principal, now: datetime) -> None:
        what = f"order {order.source} {order.order_id} merged"
        task.history.append((now, principal.user_id, what))
        if order.level.rank > task.level.rank:
            task.level = order.level
            task.history.append((now, "system", f"upgraded to {order.level} by {order.warning_id}"))
        task.version += 1

    # --- lookups, one query per kind ---------------------------------------------

    @staticmethod
    def _received(conn: Connection, orders: Sequence[WarningOrder]) -> dict[tuple[str, str], Any]:
        by_source: dict[str, list[str]] = {}
        for order in orders:
            by_source.setdefault(order.source, []).append(order.order_id)
        known: dict[tuple[str, str], Any] = {}
        for source, ids in by_source.items():
            query = select(WarningOrderRow.order_id, WarningOrderRow.task_id).where(
                WarningOrderRow.source == source, WarningOrderRow.order_id.in_(ids)
            )
            for order_id, task_id in conn.execute(query):
                known[(source, order_id)] = task_id
        return known

    @staticmethod
    def _match(conn: Connection, orders: Sequence[WarningOrder]) -> dict[int, _Person]:
        """Line → person: by person id, else a learned ID number, else the phone."""
        by_phone = dict(
            conn.execute(
                select(PhoneRow.phone, PhoneRow.person_id).where(
                    PhoneRow.phone.in_({o.phone for o in orders if o.phone})
                )
            ).all()
        )
        digests = {o.id_number: id_number_digest(o.id_number) for o in orders if o.id_number}
        by_digest = dict(
            conn.execute(
                select(PersonIdNumberRow.digest, PersonIdNumberRow.person_id).where(
                    PersonIdNumberRow.digest.in_(set(digests.values()))
                )
            ).all()
        )
        wanted: dict[int, list[str]] = {}
        for order in orders:
            wanted[order.line] = [
                p
                for p in (
                    order.person_id,
                    by_digest.get(digests[order.id_number]) if order.id_number else None,
                    by_phone.get(order.phone) if order.phone else None,
                )
                if p
            ]
        ids = {p for candidates in wanted.values() for p in candidates}
        rows = conn.execute(
            select(PersonRow.person_id, PersonRow.district, PersonRow.address).where(
                PersonRow.person_id.in_(ids)
            )
        ).all()
        persons = {r[0]: _Person(str(r[0]), r[1], r[2]) for r in rows}
        return {
            line: next(persons[p] for p in candidates if p in persons)
            for line, candidates in wanted.items()
            if any(p in persons for p in candidates)
        }

    @staticmethod
    def _open_tasks(conn: Connection, person_ids: set[str]) -> dict[str, Task]:
        """Each person's oldest open task (the one a new warning merges into)."""
        query = (
            select(TaskRow.doc)
            .where(TaskRow.person_id.in_(person_ids), TaskRow.state.in_(_OPEN))
            .order_by(TaskRow.created.desc())
        )
        found: dict[str, Task] = {}
        for doc in conn.execute(query).scalars():
            task = _TASK_DECODER.decode(doc)
            found[task.person_id] = task  # the oldest is read last and wins
        return found

    # --- the 待核查 queue --------------------------------------------------------

    def pending(self, limit: int = 100, offset: int = 0) -> tuple[int, list[Pending]]:
        where = WarningOrderRow.status == "pending"
        row = WarningOrderRow
        with connect(self.engine) as conn:
            total = conn.execute(select(func.count()).select_from(row).where(where)).scalar()
            rows = conn.execute(
                select(row.doc, row.received_at, row.uploaded_by)
                .where(where)
                .order_by(row.received_at, row.source, row.order_id)
                .limit(limit)
                .offset(offset)
            ).all()
        return int(total or 0), [
            Pending(order=_ORDER_DECODER.decode(d), received_at=at, uploaded_by=by)
            for d, at, by in rows
        ]

    def resolve(
        self,
        principal: Principal,
        source: str,
        order_id: str,
        *,
        person_id: str | None = None,
        district: str | None = None,
        station: str | None = None,
    ) -> OrderResult:
        """Link a 待核查 order to a person (their ID number is learned), or give it a
        district (and station) by hand: either way it becomes or joins a task."""
        now = self.clock.now()
        with begin(self.engine) as conn:
            row = conn.execute(
                select(WarningOrderRow.doc, WarningOrderRow.status)
                .where(WarningOrderRow.source == source, WarningOrderRow.order_id == order_id)
                .with_for_update()
            ).first()
            if row is None or row[1] != "pending":
                raise LookupError(f"{source} {order_id}")
            order = msgspec.structs.replace(_ORDER_DECODER.decode(row[0]), line=0)
            if person_id is not None:
                found = conn.execute(
                    select(PersonRow.person_id, PersonRow.district, PersonRow.address).where(
                        PersonRow.person_id == person_id
                    )
                ).first()
                if found is None:
                    raise ResolveError(f"找不到人员 {person_id}")
                person = _Person(str(found[0]), found[1], found[2])
                if order.id_number:
                    self._learn(conn, order.id_number, person.person_id, now)
            elif district is not None:
                if district not in self.routing.districts:
                    raise ResolveError(f"没有辖区“{district}”")
                stations = self.routing.districts[district].stations
                if station is not None and station not in stations:
                    raise ResolveError(f"{district}没有“{station}”")
                person = _Person(f"U-{uuid.uuid4().hex[:16]}", district, None)
            else:
                raise ResolveError("请选择人员或辖区")
            task = self._open_tasks(conn, {person.person_id}).get(person.person_id)
            read = task.version if task is not None else None
            if task is None:
                task = self._new_task(order, person, principal, now)
                if station is not None:
                    task.station = station
                conn.execute(insert(TaskRow).values(**self.task_row(task)))
                outcome = "created"
            else:
                self._merge(task, order, principal, now)
                changed = conn.execute(
                    update(TaskRow)
                    .where(TaskRow.task_id == task.task_id, TaskRow.version == read)
                    .values(**self.task_row(task))
                ).rowcount
                if changed != 1:
                    raise Conflict(task.task_id, -1)
                outcome = "merged"
            conn.execute(
                update(WarningOrderRow)
                .where(WarningOrderRow.source == source, WarningOrderRow.order_id == order_id)
                .values(status="task", person_id=person.person_id, task_id=task.task_id)
            )
            conn.execute(
                insert(WarningRow).values(
                    **_warning_row(warning_of(order, task.task_id, person.person_id, now))
                )
            )
        how = {"person_id": person_id} if person_id else {"district": district, "station": station}
        self.audit.append(
            principal, "resolve", "warning_order", f"{source}:{order_id}", now,
            {**how, "task": task.task_id, "outcome": outcome},
        )  # fmt: skip
        if self.index is not None:
            self.index.note_written([task])
        return OrderResult(
            line=0,
            source=source,
            order_id=order_id,
            outcome=outcome,
            task_id=task.task_id,
            district=task.district,
        )

    @staticmethod
    def _learn(conn: Connection, id_number: str, person_id: str, now: datetime) -> None:
        digest = id_number_digest(id_number)
        known = conn.execute(
            select(PersonIdNumberRow.person_id).where(PersonIdNumberRow.digest == digest)
        ).scalar()
        if known is None:
            conn.execute(
                insert(PersonIdNumberRow).values(digest=digest, person_id=person_id, ts=now)
            )
        elif known != person_id:
            conn.execute(
                update(PersonIdNumberRow)
                .where(PersonIdNumberRow.digest == digest)
                .values(person_id=person_id, ts=now)
            )

    def find_person(self, phone: str | None, id_number: str | None) -> str | None:
        """The person a phone or a learned ID number belongs to (the manual task form)."""
        with connect(self.engine) as conn:
            if id_number:
                found = conn.execute(
                    select(PersonIdNumberRow.person_id).where(
                        PersonIdNumberRow.digest == id_number_digest(id_number)
                    )
                ).scalar()
                if found:
                    return str(found)
            if phone:
                found = conn.execute(
                    select(PhoneRow.person_id).where(PhoneRow.phone == phone)
                ).scalar()
                if found:
                    return str(found)
        return None

    def orders_of_task(self, task_id: str) -> list[WarningOrder]:
        with connect(self.engine) as conn:
            docs = conn.execute(
                select(WarningOrderRow.doc)
                .where(WarningOrderRow.task_id == task_id)
                .order_by(WarningOrderRow.received_at)
            ).scalars()
            return [_ORDER_DECODER.decode(d) for d in docs]


__all__ = ["CHUNK", "OrderBook", "OrderResult", "Pending", "ResolveError"]
