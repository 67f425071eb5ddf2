"""Named playbooks (e.g. 三快): which steps are due for a task, from YAML."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fanzha.dissuade.models import Channel, Level, Task
from fanzha.durations import parse_duration
from fanzha.yamlconfig import load_yaml

DEFAULT_PLAYBOOKS: Final = Path(__file__).parent / "config" / "playbooks.yaml"


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    after: timedelta
    from_: Literal["created", "resolved"] = Field("created", alias="from")
    channel: Channel
    action: str

    @field_validator("after", mode="before")
    @classmethod
    def _duration(cls, value: str | int) -> timedelta:
        return parse_duration(value)


class Playbook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name_zh: str
    name_en: str
    levels: list[Level]
    steps: list[Step]


class PlaybookBook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    playbooks: dict[str, Playbook]

    @classmethod
    def load(cls, path: Path = DEFAULT_PLAYBOOKS) -> PlaybookBook:
        return load_yaml(cls, path)

    def for_level(self, level: Level) -> tuple[str, Playbook]:
        for name, playbook in self.playbooks.items():
            if level in playbook.levels:
                return name, playbook
        raise LookupError(f"no playbook covers level {level}")


class DueStep(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int
    due: datetime
    step: Step


def due_steps(task: Task, playbook: Playbook, now: datetime) -> list[DueStep]:
    """Steps whose time has come and that no attempt on the task has done yet.

    A step of the first response counts as done by any attempt on its channel
    since the task was created; a follow-up step only by one made on or after
    its own day (the day-0 call is not the day-4 follow-up call).
    """
    due: list[DueStep] = []
    for index, step in enumerate(playbook.steps):
        anchor = task.created if step.from_ == "created" else task.resolved_at
        if anchor is None:
            continue
        at = anchor + step.after
        if at > now:
            continue
        since = anchor if step.from_ == "created" else at
        done = any(a.channel == step.channel and a.ts >= since for a in task.attempts)
        if not done:
            due.append(DueStep(index=index, due=at, step=step))
    return due
