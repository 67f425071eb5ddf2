"""Where tasks are kept, behind an interface with compare-and-set saves.

``save`` succeeds only if the stored version is the one the caller read, so
two officers acting on one task at once cannot both win: the second gets a
``Conflict`` and must reload. The SQL repository does the same with
``UPDATE … WHERE version = :read_version``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Protocol

import msgspec

from fanzha.dissuade.models import Task, TaskState

OPEN_STATES = frozenset(set(TaskState) - {TaskState.CLOSED, TaskState.RESOLVED})


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
    def all(self) -> Iterable[Task]: ...
    def open_for_person(self, person_id: str) -> Task | None: ...
    def for_person(self, person_id: str) -> list[Task]: ...
    def open_levels(self) -> list[tuple[str, str, str]]:
        """(person id, task id, level) of every open task: the in-memory index's load."""
        ...

    def search(
        self, fragment: str, person_ids: list[str], district: str | None, limit: int = 20
    ) -> list[Task]: ...


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Task)


class InMemoryTaskRepository:
    """Keeps tasks serialised, so every ``get`` hands out a private copy to edit."""

    def __init__(self) -> None:
        self._tasks: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, task_id: str) -> Task | None:
        raw = self._tasks.get(task_id)
        return None if raw is None else _DECODER.decode(raw)

    def add(self, task: Task) -> None:
        with self._lock:
            if task.task_id in self._tasks:
                raise Conflict(task.task_id, _DECODER.decode(self._tasks[task.task_id]).version)
            self._tasks[task.task_id] = _ENCODER.encode(task)

    def save(self, task: Task, read_version: int) -> None:
        with self._lock:
            current = _DECODER.decode(self._tasks[task.task_id])
            if current.version != read_version:
                raise Conflict(task.task_id, current.version)
            self._tasks[task.task_id] = _ENCODER.encode(task)

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
