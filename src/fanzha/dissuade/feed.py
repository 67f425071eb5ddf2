"""What happened to tasks, as a short in-memory log the live pages follow.

Why a repository wrapper: every change of a task (made from a warning, an
officer's action, a sweep's escalation, a 移交 to another district) ends in
``add`` or ``save``, whoever made it. Recording there — after the store took
the write — catches them all without each caller remembering to announce
itself, and the announcement never runs ahead of the store.

What kind of change it was is read from the task before and after: the
service reads (``get``) a task before it saves it, so the wrapper keeps what
it last handed out (district, station, level, tier, state) and compares.

The log is per process and bounded: a page that falls further behind than it
holds is told to reload (``since`` answers None). Changes written by another
server process are not in it; the dashboard figures still poll the store.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Final

import msgspec

from fanzha.dissuade.models import Level, Task, TaskState, Tier
from fanzha.dissuade.repository import TaskRepository, TaskRepositoryWrapper

_RANK: Final = {Level.LOW: 0, Level.MEDIUM: 1, Level.HIGH: 2}
_TIER_RANK: Final = {Tier.STATION: 0, Tier.DISTRICT: 1, Tier.CENTER: 2}
KINDS: Final = ("created", "upgraded", "acted", "escalated", "handed_over")


class TaskChange(msgspec.Struct, frozen=True, kw_only=True):
    """One change of one task, as the live pages are told of it."""

    seq: int
    kind: str
    """created, upgraded (to a higher level), acted, escalated, handed_over."""
    task: Task
    """The task as saved (a private copy): who may see it is decided on it."""
    before: Task | None = None
    """For a hand-over: the task as it was, so the district it left is told too."""
    at: datetime | None = None

    @property
    def red(self) -> bool:
        """A new red warning: a high task made, or a task raised to high."""
        return self.kind in ("created", "upgraded") and self.task.level is Level.HIGH


class _Seen(msgspec.Struct, frozen=True):
    district: str | None
    station: str | None
    level: Level
    tier: Tier
    state: TaskState


def _seen(task: Task) -> _Seen:
    return _Seen(task.district, task.station, task.level, task.tier, task.state)


class TaskFeed(TaskRepositoryWrapper):
    """A ``TaskRepository`` that also keeps the last ``keep`` changes, numbered."""

    def __init__(self, repo: TaskRepository, keep: int = 2000, remember: int = 10_000) -> None:
        super().__init__(repo)
        self._lock = threading.Lock()
        self._log: deque[TaskChange] = deque(maxlen=keep)
        self._seq = 0
        self._read: OrderedDict[str, _Seen] = OrderedDict()
        self._remember = remember

    # --- the log ------------------------------------------------------------------

    @property
    def seq(self) -> int:
        """The number of the latest change (0: none yet)."""
        return self._seq

    def since(self, seq: int) -> list[TaskChange] | None:
        """Changes after ``seq``, oldest first; None when some were already dropped."""
        with self._lock:
            if seq >= self._seq:
                return []
            if self._log and self._log[0].seq > seq + 1:
                return None
            return [c for c in self._log if c.seq > seq]

    def _record(self, kind: str, task: Task, before: Task | None = None) -> None:
        at = task.history[-1][0] if task.history else task.created
        with self._lock:
            self._seq += 1
            self._log.append(TaskChange(seq=self._seq, kind=kind, task=task, before=before, at=at))

    def _kind(self, task: Task, old: _Seen | None) -> tuple[str, Task | None]:
        if old is None:  # saved without being read here (a sweep over a listing)
            last = task.history[-1] if task.history else None
            missed = last is not None and last[1] == "system" and "missed" in last[2]
            return ("escalated" if missed else "acted"), None
        if (old.district, old.station) != (task.district, task.station):
            return "handed_over", msgspec.structs.replace(
                task, district=old.district, station=old.station
            )
        if _RANK[task.level] > _RANK[old.level]:
            return "upgraded", None
        if _TIER_RANK[task.tier] > _TIER_RANK[old.tier] or (
            task.state is TaskState.ESCALATED and old.state is not TaskState.ESCALATED
        ):
            return "escalated", None
        return "acted", None

    # --- the repository, delegated --------------------------------------------------

    def _remember_read(self, task: Task | None) -> Task | None:
        if task is not None:
            with self._lock:
                self._read[task.task_id] = _seen(task)
                self._read.move_to_end(task.task_id)
                while len(self._read) > self._remember:
                    self._read.popitem(last=False)
        return task

    def get(self, task_id: str) -> Task | None:
        return self._remember_read(self.repo.get(task_id))

    def add(self, task: Task) -> None:
        self.repo.add(task)
        self._record("created", msgspec.structs.replace(task))

    def save(self, task: Task, read_version: int) -> None:
        self.repo.save(task, read_version)
        self._saved(task)

    def save_many(self, changes: Sequence[tuple[Task, int]]) -> list[str]:
        saved = self.repo.save_many(changes)
        chosen = set(saved)
        for task, _ in changes:
            if task.task_id in chosen:
                self._saved(task)
        return saved

    def _saved(self, task: Task) -> None:
        with self._lock:
            old = self._read.pop(task.task_id, None)
        kind, before = self._kind(task, old)
        self._record(kind, msgspec.structs.replace(task), before)

    def note_written(self, tasks: Iterable[Task]) -> None:
        """Tasks another writer of this process stored in bulk (warning orders): a new
        one is ``created``, an order merged into an open task ``upgraded`` or ``acted``."""
        for task in tasks:
            last = task.history[-1][2] if task.history else ""
            if task.version == 0:
                kind = "created"
            else:
                kind = "upgraded" if last.startswith("upgraded to") else "acted"
            with self._lock:
                self._read.pop(task.task_id, None)
            self._record(kind, msgspec.structs.replace(task))

    def open_for_person(self, person_id: str) -> Task | None:
        return self._remember_read(self.repo.open_for_person(person_id))
