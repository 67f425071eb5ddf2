"""Per-level deadlines and the breaches that escalate a task.

The numbers are the center's policy, so they live in YAML
(``config/deadlines.yaml``) and are validated on load with errors that name
the level and the field.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from fanzha.dissuade.models import Level, Task
from fanzha.durations import parse_duration
from fanzha.yamlconfig import load_yaml

DEFAULT_DEADLINES: Final = Path(__file__).parent / "config" / "deadlines.yaml"
DeadlineName = Literal["sign", "first_contact", "on_site"]


class LevelDeadlines(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sign: timedelta
    first_contact: timedelta
    on_site: timedelta | None = None

    @field_validator("sign", "first_contact", "on_site", mode="before")
    @classmethod
    def _duration(cls, value: str | int | None) -> timedelta | None:
        return None if value is None else parse_duration(value)


class DeadlinePolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    levels: dict[Level, LevelDeadlines]

    @classmethod
    def load(cls, path: Path = DEFAULT_DEADLINES) -> DeadlinePolicy:
        return load_yaml(cls, path)

    def scaled(self, factor: float) -> DeadlinePolicy:
        """Every deadline ``factor`` times as long: a day replayed at 60× gives the
        officer the policy's five minutes to sign in real time, not five seconds."""
        if factor <= 0:
            raise ValueError("deadline scale must be positive")

        def times(limit: timedelta | None) -> timedelta | None:
            return None if limit is None else limit * factor

        return DeadlinePolicy(
            levels={
                level: LevelDeadlines.model_construct(
                    sign=limit.sign * factor,
                    first_contact=limit.first_contact * factor,
                    on_site=times(limit.on_site),
                )
                for level, limit in self.levels.items()
            }
        )


class Breach(BaseModel):
    model_config = ConfigDict(frozen=True)

    task_id: str
    deadline: DeadlineName
    due: datetime
    level: Level


def _met_at(task: Task, name: DeadlineName) -> datetime | None:
    if name == "sign":
        return task.signed_at
    if name == "first_contact":
        return task.first_contact_at
    return task.on_site_at


def new_breaches(task: Task, policy: DeadlinePolicy, now: datetime) -> list[Breach]:
    """Deadlines that have passed unmet and were not reported before.

    A task resolved early (false alarm, dissuaded by phone) owes no visit.
    """
    if task.resolved_at is not None:
        return []
    limits = policy.levels[task.level]
    found: list[Breach] = []
    for name in ("sign", "first_contact", "on_site"):
        limit: timedelta | None = getattr(limits, name)
        if limit is None or name in task.breaches:
            continue
        due = task.created + limit
        met = _met_at(task, name)
        if (met is None and now > due) or (met is not None and met > due):
            found.append(Breach(task_id=task.task_id, deadline=name, due=due, level=task.level))
    return found


def next_deadline(task: Task, policy: DeadlinePolicy) -> tuple[str, datetime] | None:
    """The earliest deadline of the task still running (met or not, breached or not)."""
    if task.resolved_at is not None:
        return None
    limits = policy.levels[task.level]
    pending = [
        (name, task.created + limit)
        for name in ("sign", "first_contact", "on_site")
        if (limit := getattr(limits, name)) is not None and _met_at(task, name) is None
    ]
    return min(pending, key=lambda p: p[1]) if pending else None


def sweep_due(task: Task, policy: DeadlinePolicy) -> datetime | None:
    """When the deadline sweep must next look at the task: the earliest deadline that
    could still raise a breach (unbreached, and not met in time); None once none can.

    Stored beside the task (``tasks.sweep_at``, indexed) so a sweep reads only the
    tasks whose time came instead of every task of the year; ``new_breaches`` stays
    the judge of what is actually missed.
    """
    if task.resolved_at is not None:
        return None
    limits = policy.levels[task.level]
    dues: list[datetime] = []
    for name in ("sign", "first_contact", "on_site"):
        limit: timedelta | None = getattr(limits, name)
        if limit is None or name in task.breaches:
            continue
        due = task.created + limit
        met = _met_at(task, name)
        if met is None or met > due:
            dues.append(due)
    return min(dues) if dues else None
