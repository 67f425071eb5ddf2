"""Who is under an open task, held in memory for the checks that ask it per request.

Why: a bank's ``POST /v1/checks/transfer`` must answer in milliseconds at
hundreds a second, and "is the payer under warning" was a database query per
check, run on the server's event loop — two thirds of each check's cost and
the queue behind it. The index wraps the task repository: writes made in this
process update it at once, and a background refresh (never the caller) picks
up what other server processes wrote, so an answer is at most ``max_age_s``
behind another process and never behind this one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence

from fanzha.dissuade.models import OPEN_STATES, Level, Task
from fanzha.dissuade.repository import TaskRepository, TaskRepositoryWrapper

_RANK = {Level.LOW: 0, Level.MEDIUM: 1, Level.HIGH: 2}


class OpenTaskIndex(TaskRepositoryWrapper):
    """A ``TaskRepository`` that also knows, in memory, each person's open-task level."""

    def __init__(
        self,
        repo: TaskRepository,
        max_age_s: float = 2.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(repo)
        self.max_age_s = max_age_s
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._open: dict[str, dict[str, Level]] = {}
        """person → {task id → level} of the person's open tasks."""
        self._writes: list[tuple[int, Task]] = []
        """Writes of this process since the refresh in flight began (re-applied after it)."""
        self._seq = 0
        self._loaded_at: float | None = None
        self._refreshing = False

    # --- the question -------------------------------------------------------------

    def open_level(self, person_id: str) -> str | None:
        """The highest level of the person's open tasks, from memory. A stale index
        starts a refresh in the background and answers from what it has."""
        if self._loaded_at is None:
            self.refresh()  # the first question of a process: nothing to answer from yet
        elif self._monotonic() - self._loaded_at > self.max_age_s and not self._refreshing:
            self._refreshing = True
            threading.Thread(
                target=self._refresh_quietly, name="open-task-index", daemon=True
            ).start()
        levels = self._open.get(person_id)
        if not levels:
            return None
        return str(max(levels.values(), key=_RANK.__getitem__))

    def refresh(self) -> None:
        """Reload every open task from the store (other processes' writes)."""
        with self._lock:
            self._refreshing = True
            began = self._seq
        try:
            fresh: dict[str, dict[str, Level]] = {}
            for person_id, task_id, level in self.repo.open_levels():
                fresh.setdefault(person_id, {})[task_id] = Level(level)
            with self._lock:
                for seq, task in self._writes:  # written here while the store was read
                    if seq > began:
                        _note(fresh, task)
                self._writes = []
                self._open = fresh
                self._loaded_at = self._monotonic()
        finally:
            self._refreshing = False

    def _refresh_quietly(self) -> None:
        try:
            self.refresh()
        except Exception:  # the store is away: keep answering from memory, retry later
            self._loaded_at = self._monotonic()

    def _noted(self, task: Task) -> None:
        with self._lock:
            self._seq += 1
            _note(self._open, task)
            if self._refreshing:
                self._writes.append((self._seq, task))

    def note_written(self, tasks: Iterable[Task]) -> None:
        """Tasks another writer of this process stored in bulk (warning orders); the
        live feed below, when there is one, is told too."""
        tasks = list(tasks)
        for task in tasks:
            self._noted(task)
        super().note_written(tasks)

    # --- writes this process makes, noted as they pass ------------------------------

    def add(self, task: Task) -> None:
        self.repo.add(task)
        self._noted(task)

    def save(self, task: Task, read_version: int) -> None:
        self.repo.save(task, read_version)
        self._noted(task)

    def save_many(self, changes: Sequence[tuple[Task, int]]) -> list[str]:
        saved = self.repo.save_many(changes)
        chosen = set(saved)
        for task, _ in changes:
            if task.task_id in chosen:
                self._noted(task)
        return saved


def _note(index: dict[str, dict[str, Level]], task: Task) -> None:
    levels = index.setdefault(task.person_id, {})
    if task.state in OPEN_STATES:
        levels[task.task_id] = task.level
    else:
        levels.pop(task.task_id, None)
        if not levels:
            del index[task.person_id]


__all__ = ["OpenTaskIndex"]
