"""The open-task index the transfer check reads: this process's writes at once, other
processes' after a refresh, closed tasks gone — on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from fanzha.clock import ManualClock
from fanzha.contract.warning import Level, Warning
from fanzha.dissuade.deadlines import DeadlinePolicy
from fanzha.dissuade.models import Task, TaskState
from fanzha.dissuade.open_index import OpenTaskIndex
from fanzha.dissuade.routing import Routing
from fanzha.dissuade.service import PersonInfo, TaskService
from fanzha.dissuade.sql import SqlTaskRepository
from fanzha.security.auditlog import InMemoryAuditLog
from fanzha.store import engine, migrate

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def _task(task_id: str, person_id: str, level: Level) -> Task:
    return Task(
        task_id=task_id,
        warning_id=f"W-{task_id}",
        person_id=person_id,
        level=Level.parse(level),
        typology="impersonate_police",
        district="硚口区",
        created=T0,
    )


class _Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _join_refreshes() -> None:
    for thread in threading.enumerate():
        if thread.name == "open-task-index":
            thread.join()


def test_index_follows_this_process_at_once_and_others_after_a_refresh(db_url: str) -> None:
    migrate(db_url)
    db = engine(db_url)
    ticks = _Ticks()
    index = OpenTaskIndex(SqlTaskRepository(db), max_age_s=2.0, monotonic=ticks)
    other_process = SqlTaskRepository(db)
    other_process.add(_task("T-old", "P-old", Level.MEDIUM))
    index.refresh()
    assert index.open_level("P-old") == "medium"
    service = TaskService(
        index,
        InMemoryAuditLog(),
        ManualClock(T0),
        DeadlinePolicy.load(),
        Routing.load(),
        lambda pid: PersonInfo(person_id=pid, district="硚口区"),
    )
    # A warning handled in this process: the next check sees it without a refresh.
    warned = Warning(
        warning_id="W1", person_id="P1", ts=T0, level=Level.HIGH, typology="other", score=0.9
    )
    task = service.task_from_warning(warned)
    assert index.open_level("P1") == service.open_level("P1") == "high"
    # Another process writes: not seen while fresh, seen once the index has aged.
    other_process.add(_task("T-new", "P2", Level.LOW))
    assert index.open_level("P2") is None
    ticks.now = 5.0
    index.open_level("nobody")  # stale: a refresh starts in the background
    _join_refreshes()
    assert index.open_level("P2") == "low"
    assert index.open_level("P1") == "high"  # this process's write survived the reload
    # Closing the task (here) takes the person off at once.
    read = task.version
    task.state, task.version = TaskState.CLOSED, task.version + 1
    index.save(task, read)
    assert index.open_level("P1") is None
    # Two open tasks of one person: the higher level answers.
    other_process.add(_task("T-p2-high", "P2", Level.HIGH))
    index.refresh()
    assert index.open_level("P2") == "high"
