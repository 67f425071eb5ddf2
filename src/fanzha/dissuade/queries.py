"""The shapes of the task queries a city runs all year: who sees what, which tasks,
in which order, from where on.

A year is millions of tasks, almost all closed, and a few thousand open. So a
queue is read a page at a time in one fixed order — open before closed, then
high before low, then oldest first (``queue_key``) — and a page starts after
the last task of the one before (keyset paging: a ``Cursor``), so a task
inserted meanwhile neither repeats nor shifts a task already shown.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Final, Literal

import msgspec

from fanzha.dissuade.models import OPEN_STATES, Level, Task, TaskState
from fanzha.security.roles import CITY_WIDE_ROLES, Principal, Role

LEVEL_ORDER: Final = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2}
CLOSED_QUEUE: Final = 3
"""``queue_key`` below this is an open task."""
OPEN_QUEUES: Final = (0, 1, 2)
CLOSED_QUEUES: Final = (3, 4, 5)


def queue_key(state: TaskState, level: Level) -> int:
    """0–2: open high/medium/low; 3–5: the same, closed (stored as ``tasks.queue``)."""
    return (0 if state in OPEN_STATES else CLOSED_QUEUE) + LEVEL_ORDER[level]


def queues_for(state: TaskState | None, level: Level | None) -> list[int]:
    """The queue keys a filter can match, in reading order."""
    if state is None:
        keys = [*OPEN_QUEUES, *CLOSED_QUEUES]
    else:
        keys = list(OPEN_QUEUES if state in OPEN_STATES else CLOSED_QUEUES)
    if level is not None:
        keys = [k for k in keys if k % CLOSED_QUEUE == LEVEL_ORDER[level]]
    return keys


class Scope(msgspec.Struct, frozen=True, kw_only=True):
    """The tasks a principal may see, as a query can say it (``TaskService._visible``)."""

    kind: Literal["city", "district", "station", "none"]
    district: str | None = None
    station: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> Scope:
        if principal.role is Role.ADMIN:
            return cls(kind="none")  # administrators run the system, not cases
        if principal.role is Role.STATION_OFFICER:
            return cls(kind="station", district=principal.district, station=principal.station)
        if principal.role in CITY_WIDE_ROLES:
            return cls(kind="city")
        if principal.district is None:
            return cls(kind="none")
        return cls(kind="district", district=principal.district)

    def covers(self, task: Task) -> bool:
        if self.kind == "city":
            return True
        if self.kind == "station":
            return task.district == self.district and task.station == self.station
        return self.kind == "district" and task.district == self.district


class TaskFilter(msgspec.Struct, frozen=True, kw_only=True):
    """What the queue is narrowed to; ``districts`` are whole names (None: any)."""

    state: TaskState | None = None
    level: Level | None = None
    districts: tuple[str, ...] | None = None
    typology: str | None = None

    def matches(self, task: Task) -> bool:
        return (
            (self.state is None or task.state == self.state)
            and (self.level is None or task.level == self.level)
            and (self.districts is None or task.district in self.districts)
            and (self.typology is None or task.typology == self.typology)
        )


class Cursor(msgspec.Struct, frozen=True, array_like=True):
    """Where a page ends: the last task's place in the queue order."""

    queue: int
    created: datetime
    task_id: str

    @classmethod
    def after(cls, task: Task) -> Cursor:
        return cls(queue_key(task.state, task.level), task.created, task.task_id)

    def encode(self) -> str:
        raw = msgspec.json.encode(self)
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """The cursor a page handed out; ``ValueError`` for anything else."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            cursor = msgspec.json.decode(raw, type=cls)
        except (binascii.Error, ValueError, msgspec.DecodeError, json.JSONDecodeError) as err:
            raise ValueError("cursor: not a cursor this server handed out") from err
        if cursor.created.tzinfo is None or not 0 <= cursor.queue <= CLOSED_QUEUES[-1]:
            raise ValueError("cursor: not a cursor this server handed out")
        return cursor


def sort_key(task: Task) -> tuple[int, datetime, str]:
    return (queue_key(task.state, task.level), task.created, task.task_id)


class TaskTimes(msgspec.Struct, frozen=True):
    """A task's deadlines as the store indexes them (computed with the deadline policy)."""

    due_at: datetime | None
    """The earliest deadline still running: the dashboard's "at risk"."""
    sweep_at: datetime | None
    """When the sweep must look at it next (``deadlines.sweep_due``)."""


def untimed(task: Task) -> TaskTimes:
    """Before a deadline policy is bound: every unresolved task is due for a look now."""
    return TaskTimes(None, task.created if task.resolved_at is None else None)


__all__ = [
    "CLOSED_QUEUE",
    "Cursor",
    "Scope",
    "TaskFilter",
    "TaskTimes",
    "queue_key",
    "queues_for",
    "sort_key",
    "untimed",
]
