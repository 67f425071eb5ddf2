"""The task service on in-memory parts: warnings in, tasks out."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from fanzha.clock import ManualClock
from fanzha.contract.warning import Level, Warning
from fanzha.dissuade.deadlines import DeadlinePolicy
from fanzha.dissuade.models import Task
from fanzha.dissuade.repository import InMemoryTaskRepository
from fanzha.dissuade.routing import Routing
from fanzha.dissuade.service import PersonInfo, TaskService
from fanzha.security.auditlog import InMemoryAuditLog
from fanzha.security.roles import Principal, Role

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def make_service() -> TaskService:
    return TaskService(
        InMemoryTaskRepository(),
        InMemoryAuditLog(),
        ManualClock(T0),
        DeadlinePolicy.load(),
        Routing.load(),
        lambda pid: PersonInfo(person_id=pid, district="硚口区"),
    )


def warning(warning_id: str, person_id: str, level: str) -> Warning:
    return Warning(
        warning_id=warning_id,
        person_id=person_id,
        ts=T0,
        level=Level.parse(level),
        typology="impersonate_police",
        score=0.9,
    )


def test_an_upgrade_after_the_task_was_resolved_reopens_it_for_follow_up() -> None:
    service = make_service()
    task = service.task_from_warning(warning("W-P1-1", "P1", "yellow"))
    officer = Principal(user_id="qk", role=Role.DISTRICT_OFFICER, district="硚口区")
    service.act(officer, task.task_id, "sign")
    service.act(officer, task.task_id, "resolve", outcome="not_fraud")
    again = service.task_from_warning(warning("W-P1-1", "P1", "red"))
    assert again.task_id == task.task_id
    assert again.state == "follow_up" and again.level == "high"
    assert any("after closing" in what for _, _, what in again.history)
    same = service.task_from_warning(warning("W-P1-1", "P1", "red"))
    assert same.task_id == task.task_id and same.version == again.version


class RacingRepository(InMemoryTaskRepository):
    """Another thread or server creates the person's task just before this one does."""

    raced = False

    def add(self, task: Task) -> None:
        if not self.raced:
            self.raced = True
            rival = msgspec.structs.replace(task, level=Level.LOW)
            super().add(rival)
        super().add(task)


def test_a_warning_that_loses_the_race_to_create_the_task_upgrades_it() -> None:
    repository = RacingRepository()
    service = make_service()
    service.tasks = repository
    task = service.task_from_warning(warning("W-P1-1", "P1", "red"))
    assert repository.raced
    assert task.level == Level.HIGH and task.version == 1  # the rival's task, upgraded
    assert [t.task_id for t in repository.all()] == ["T-W-P1-1"]
