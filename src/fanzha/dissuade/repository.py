"""Where tasks are kept, behind an interface with compare-and-set saves.

``save`` succeeds only if the stored version is the one the caller read, so
two officers acting on one task at once cannot both win: the second gets a
``Conflict`` and must reload. The SQL repository does the same with
``UPDATE … WHERE version = :read_version``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Protocol

import msgspec

from fanzha.dissuade.models import OPEN_STATES, Task
from fanzha.dissuade.queries import (
    CLOSED_QUEUE,
    Cursor,
    Scope,
    TaskFilter,
    TaskTimes,
    queue_key,
    sort_key,
    untimed,
)

Timing = Callable[[Task], TaskTimes]


class Conflict(RuntimeError):
    """The task changed since it was read."""

    def __init__(self, task_id: str, current_version: int) -> None:
        super().__init__(
            f"task {task_id} was changed by someone else (now version {current_version})"
        )
        self.task_id = task_id
        self.current_version = current_version


class TaskRepository(Protocol):
    def get(self, task_id: str) -> Task | None: ...
    def add(self, task: Task) -> None: ...
    def save(self, task: Task, read_version: int) -> None: ...
    def save_many(self, changes: Sequence[tuple[Task, int]]) -> list[str]:
        """``save`` for each (task, version read) in one transaction; the ids saved
        (a task changed meanwhile is left out instead of raising ``Conflict``)."""
        ...

    def all(self) -> Iterable[Task]: ...
    def open_for_person(self, person_id: str) -> Task | None: ...
    def for_person(self, person_id: str) -> list[Task]: ...
    def open_levels(self) -> list[tuple[str, str, str]]:
        """(person id, task id, level) of every open task: the in-memory index's load."""
        ...

    def search(
        self, fragment: str, person_ids: list[str], district: str | None, limit: int = 20
    ) -> list[Task]: ...

    # --- the year-scale reads: each answered from indexed columns ---------------------

    def use_timing(self, timing: Timing) -> None:
        """How a task's deadlines are computed for the store (the service's policy)."""
        ...

    def page(self, scope: Scope, where: TaskFilter, after: Cursor | None, limit: int) -> list[Task]:
        """Up to ``limit`` tasks in queue order (``queries.sort_key``) after ``after``."""
        ...

    def districts(self) -> list[str]:
        """Every district a task names, each once."""
        ...

    def open_counts(self, scope: Scope) -> list[tuple[int, str | None, int]]:
        """(queue key, district, count) of the open tasks in scope."""
        ...

    def created_counts(self, scope: Scope, bounds: Sequence[datetime]) -> list[int]:
        """Tasks in scope created in each [bounds[i], bounds[i+1])."""
        ...

    def outcome_counts(self, scope: Scope) -> dict[str, int]:
        """Tasks in scope by recorded outcome (kept as counters, not counted per read)."""
        ...

    def due_by(self, scope: Scope, until: datetime, limit: int) -> tuple[list[Task], int]:
        """Open tasks in scope whose running deadline is at or before ``until``, the
        earliest first (at most ``limit``), and how many there are in all."""
        ...

    def sweep_due(self, now: datetime) -> list[Task]:
        """Tasks whose ``sweep_at`` has come: the only ones a deadline sweep reads."""
        ...

    def together(self) -> AbstractContextManager[object]:
        """Writes inside (this store's, and the audit log's on the same database) commit
        as one transaction: a sweep escalating hundreds of tasks commits once a chunk."""
        ...

    def retime(self, task_ids: Iterable[str] | None = None) -> int:
        """Recompute the stored deadlines of the open tasks (or of ``task_ids``) after
        the policy changed; returns how many changed."""
        ...


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Task)


class TaskRepositoryWrapper:
    """A ``TaskRepository`` that hands every call to the one it wraps.

    The in-process layers over the store (the open-task index, the live feed)
    subclass it and override only the calls they watch, so a query added to the
    repository needs writing once, here.
    """

    def __init__(self, repo: TaskRepository) -> None:
        self.repo = repo

    def note_written(self, tasks: Iterable[Task]) -> None:
        """Tasks another writer of this process stored in bulk (warning orders)."""
        tell = getattr(self.repo, "note_written", None)
        if tell is not None:
            tell(tasks)

    def get(self, task_id: str) -> Task | None:
        return self.repo.get(task_id)

    def add(self, task: Task) -> None:
        self.repo.add(task)

    def save(self, task: Task, read_version: int) -> None:
        self.repo.save(task, read_version)

    def save_many(self, changes: Sequence[tuple[Task, int]]) -> list[str]:
        return self.repo.save_many(changes)

    def all(self) -> Iterable[Task]:
        return self.repo.all()

    def open_for_person(self, person_id: str) -> Task | None:
        return self.repo.open_for_person(person_id)

    def for_person(self, person_id: str) -> list[Task]:
        return self.repo.for_person(person_id)

    def open_levels(self) -> list[tuple[str, str, str]]:
        return self.repo.open_levels()

    def search(
        self, fragment: str, person_ids: list[str], district: str | None, limit: int = 20
    ) -> list[Task]:
        return self.repo.search(fragment, person_ids, district, limit)

    def use_timing(self, timing: Timing) -> None:
        self.repo.use_timing(timing)

    def page(self, scope: Scope, where: TaskFilter, after: Cursor | None, limit: int) -> list[Task]:
        return self.repo.page(scope, where, after, limit)

    def districts(self) -> list[str]:
        return self.repo.districts()

    def open_counts(self, scope: Scope) -> list[tuple[int, str | None, int]]:
        return self.repo.open_counts(scope)

    def created_counts(self, scope: Scope, bounds: Sequence[datetime]) -> list[int]:
        return self.repo.created_counts(scope, bounds)

    def outcome_counts(self, scope: Scope) -> dict[str, int]:
        return self.repo.outcome_counts(scope)

    def due_by(self, scope: Scope, until: datetime, limit: int) -> tuple[list[Task], int]:
        return self.repo.due_by(scope, until, limit)

    def sweep_due(self, now: datetime) -> list[Task]:
        return self.repo.sweep_due(now)

    def together(self) -> AbstractContextManager[object]:
        return self.repo.together()

    def retime(self, task_ids: Iterable[str] | None = None) -> int:
        return self.repo.retime(task_ids)


class InMemoryTaskRepository:
    """Keeps tasks serialised, so every ``get`` hands out a private copy to edit."""

    def __init__(self) -> None:
        self._tasks: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._timing: Timing = untimed
        self._times: dict[str, TaskTimes] = {}

    def get(self, task_id: str) -> Task | None:
        raw = self._tasks.get(task_id)
        return None if raw is None else _DECODER.decode(raw)

    def add(self, task: Task) -> None:
        with self._lock:
            if task.task_id in self._tasks:
                raise Conflict(task.task_id, _DECODER.decode(self._tasks[task.task_id]).version)
            self._tasks[task.task_id] = _ENCODER.encode(task)
            self._times[task.task_id] = self._timing(task)

    def save(self, task: Task, read_version: int) -> None:
        with self._lock:
            current = _DECODER.decode(self._tasks[task.task_id])
            if current.version != read_version:
                raise Conflict(task.task_id, current.version)
            self._tasks[task.task_id] = _ENCODER.encode(task)
            self._times[task.task_id] = self._timing(task)

    def save_many(self, changes: Sequence[tuple[Task, int]]) -> list[str]:
        saved = []
        for task, read_version in changes:
            try:
                self.save(task, read_version)
            except Conflict:
                continue
            saved.append(task.task_id)
        return saved

    def all(self) -> Iterable[Task]:
        return [_DECODER.decode(raw) for raw in list(self._tasks.values())]

    def open_for_person(self, person_id: str) -> Task | None:
        for task in self.all():
            if task.person_id == person_id and task.state in OPEN_STATES:
                return task
        return None

    def for_person(self, person_id: str) -> list[Task]:
        return sorted((t for t in self.all() if t.person_id == person_id), key=lambda t: t.created)

    def open_levels(self) -> list[tuple[str, str, str]]:
        return [
            (t.person_id, t.task_id, str(t.level)) for t in self.all() if t.state in OPEN_STATES
        ]

    def search(
        self, fragment: str, person_ids: list[str], district: str | None, limit: int = 20
    ) -> list[Task]:
        found = [
            t
            for t in self.all()
            if (fragment in t.task_id or t.person_id in person_ids)
            and (district is None or t.district == district)
        ]
        return sorted(found, key=lambda t: t.created, reverse=True)[:limit]

    def use_timing(self, timing: Timing) -> None:
        self._timing = timing
        self.retime(list(self._tasks))

    def page(self, scope: Scope, where: TaskFilter, after: Cursor | None, limit: int) -> list[Task]:
        found = sorted(
            (t for t in self.all() if scope.covers(t) and where.matches(t)), key=sort_key
        )
        if after is not None:
            found = [t for t in found if sort_key(t) > (after.queue, after.created, after.task_id)]
        return found[:limit]

    def districts(self) -> list[str]:
        return sorted({t.district for t in self.all() if t.district is not None})

    def open_counts(self, scope: Scope) -> list[tuple[int, str | None, int]]:
        counts: dict[tuple[int, str | None], int] = {}
        for t in self.all():
            key = queue_key(t.state, t.level)
            if key < CLOSED_QUEUE and scope.covers(t):
                counts[(key, t.district)] = counts.get((key, t.district), 0) + 1
        return [(q, d, n) for (q, d), n in counts.items()]

    def created_counts(self, scope: Scope, bounds: Sequence[datetime]) -> list[int]:
        counts = [0] * (len(bounds) - 1)
        for t in self.all():
            for i in range(len(counts)):
                if scope.covers(t) and bounds[i] <= t.created < bounds[i + 1]:
                    counts[i] += 1
        return counts

    def outcome_counts(self, scope: Scope) -> dict[str, int]:
        counts: dict[str, int] = {}
        for t in self.all():
            if t.outcome is not None and scope.covers(t):
                counts[str(t.outcome)] = counts.get(str(t.outcome), 0) + 1
        return counts

    def due_by(self, scope: Scope, until: datetime, limit: int) -> tuple[list[Task], int]:
        due = [
            (due_at, t)
            for t in self.all()
            if t.state in OPEN_STATES
            and scope.covers(t)
            and (due_at := self._times[t.task_id].due_at) is not None
            and due_at <= until
        ]
        due.sort(key=lambda d: (d[0], d[1].task_id))
        return [t for _, t in due[:limit]], len(due)

    def sweep_due(self, now: datetime) -> list[Task]:
        return [
            t
            for t in self.all()
            if (at := self._times[t.task_id].sweep_at) is not None and at <= now
        ]

    def together(self) -> AbstractContextManager[object]:
        return nullcontext()

    def retime(self, task_ids: Iterable[str] | None = None) -> int:
        with self._lock:
            ids = list(self._tasks) if task_ids is None else list(task_ids)
            changed = 0
            for task_id in ids:
                raw = self._tasks.get(task_id)
                if raw is None:
                    continue
                times = self._timing(_DECODER.decode(raw))
                if self._times.get(task_id) != times:
                    self._times[task_id] = times
                    changed += 1
            return changed


__all__ = ["OPEN_STATES", "Conflict", "InMemoryTaskRepository", "TaskRepository", "Timing"]
