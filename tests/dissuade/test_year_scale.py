"""The queue, the summary and the deadline sweep as the store answers them from its
indexes, checked against a full read of every task — on SQLite and PostgreSQL.

The full read is what the service did before (decode every task of the year);
here it is only the oracle.
"""

from __future__ import annotations

import random
import secrets
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fanzha.clock import ManualClock
from fanzha.dissuade.deadlines import DeadlinePolicy, LevelDeadlines, new_breaches, next_deadline
from fanzha.dissuade.models import OPEN_STATES, Level, Outcome, Task, TaskState
from fanzha.dissuade.open_index import OpenTaskIndex
from fanzha.dissuade.queries import Cursor, Scope
from fanzha.dissuade.repository import TaskRepositoryWrapper
from fanzha.dissuade.routing import Routing
from fanzha.dissuade.service import TaskService
from fanzha.dissuade.sql import SqlTaskRepository
from fanzha.security.anchor import AuditSeal
from fanzha.security.auditlog import InMemoryAuditLog
from fanzha.security.roles import Principal, Role
from fanzha.security.sql import SqlAuditLog
from fanzha.store import engine, migrate

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LATER = T0 + timedelta(hours=11)
"""After every task ``fill`` makes was created, signed and resolved."""
PLACES = [("硚口区", "汉正街派出所"), ("硚口区", "古田派出所"), ("武昌区", "中南派出所"),
          ("江岸区", "大智派出所"), (None, None)]  # fmt: skip
TYPOLOGIES = ["investment", "romance", "impersonate_police"]
ANALYST = Principal(user_id="analyst", role=Role.CENTER_ANALYST)
QIAOKOU = Principal(user_id="qk", role=Role.DISTRICT_OFFICER, district="硚口区")
HANZHENG = Principal(
    user_id="hzj", role=Role.STATION_OFFICER, district="硚口区", station="汉正街派出所"
)
ADMIN = Principal(user_id="admin", role=Role.ADMIN)
PRINCIPALS = [ANALYST, QIAOKOU, HANZHENG, ADMIN]
RANK = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2}


def service(db_url: str, clock: ManualClock) -> TaskService:
    migrate(db_url)
    return TaskService(
        OpenTaskIndex(SqlTaskRepository(engine(db_url))),
        InMemoryAuditLog(),
        clock,
        DeadlinePolicy.load(),
        Routing.load(),
        lambda person_id: None,
    )


def make_task(n: int, rng: random.Random, created: datetime) -> Task:
    district, station = rng.choice(PLACES)
    return Task(
        task_id=f"T-{n:04d}",
        warning_id=f"W-{n:04d}",
        person_id=f"P{n}",
        level=rng.choice(list(Level)),
        typology=rng.choice(TYPOLOGIES),
        district=district,
        station=station,
        created=created,
    )


def fill(tasks: TaskService, count: int, seed: int = 7) -> None:
    """A mixed queue: open tasks in every state, resolved and closed ones with outcomes,
    several at the very same instant (the order must still be total)."""
    rng = random.Random(seed)
    for n in range(count):
        task = make_task(n, rng, T0 + timedelta(minutes=rng.randrange(0, 600, 7)))
        fate = rng.random()
        if fate < 0.5:
            task.state = TaskState.CLOSED
            task.signed_at = task.created + timedelta(minutes=2)
            task.resolved_at = task.created + timedelta(minutes=20)
            task.outcome = rng.choice(list(Outcome))
        elif fate < 0.6:
            task.state = TaskState.RESOLVED
            task.resolved_at = task.created + timedelta(minutes=20)
            task.outcome = rng.choice(list(Outcome))
        elif fate < 0.8:
            task.state = TaskState.SIGNED
            task.signed_at = task.created + timedelta(minutes=rng.choice([1, 30]))
        tasks.tasks.add(task)


def visible(principal: Principal, task: Task) -> bool:
    """Who may see a task, written out as the officers' rules say it."""
    if principal.role is Role.ADMIN:
        return False
    if principal.role is Role.CENTER_ANALYST:
        return True
    if principal.role is Role.STATION_OFFICER:
        return task.district == principal.district and task.station == principal.station
    return task.district is not None and task.district == principal.district


def queue_order(task: Task) -> tuple[bool, int, datetime, str]:
    return (task.state not in OPEN_STATES, RANK[task.level], task.created, task.task_id)


def read_all_pages(
    tasks: TaskService, principal: Principal, limit: int, **filters: Any
) -> list[str]:
    seen: list[str] = []
    after: Cursor | None = None
    while True:
        page = tasks.list_tasks(principal, after=after, limit=limit, **filters)
        seen.extend(t.task_id for t in page.tasks)
        if page.next is None:
            return seen
        after = Cursor.decode(page.next.encode())  # as a client would hand it back


def test_paging_returns_every_task_once_while_tasks_arrive(db_url: str) -> None:
    clock = ManualClock(LATER)
    tasks = service(db_url, clock)
    fill(tasks, 150)
    before = [t.task_id for t in sorted(tasks.tasks.all(), key=queue_order)]
    stop = threading.Event()

    def arrive() -> None:  # officers' warnings keep coming while the analyst pages
        rng = random.Random(99)
        n = 1000
        while not stop.is_set() and n < 1200:
            tasks.tasks.add(make_task(n, rng, T0 + timedelta(minutes=rng.randrange(0, 900))))
            n += 1

    writer = threading.Thread(target=arrive)
    writer.start()
    try:
        seen = read_all_pages(tasks, ANALYST, limit=7)
    finally:
        stop.set()
        writer.join()
    assert len(seen) == len(set(seen)), "a task was shown twice"
    assert set(before) <= set(seen), "a task that was there all along was skipped"
    assert [t for t in seen if t in set(before)] == before  # open first, high first, oldest
    assert seen[0] == before[0]


@pytest.mark.parametrize("principal", PRINCIPALS, ids=lambda p: p.user_id)
def test_filters_page_through_exactly_what_a_full_read_finds(
    db_url: str, principal: Principal
) -> None:
    tasks = service(db_url, ManualClock(LATER))
    fill(tasks, 120)
    everything = sorted(tasks.tasks.all(), key=queue_order)
    cases: list[dict[str, Any]] = [
        {},
        {"state": TaskState.CLOSED},
        {"state": TaskState.SIGNED, "level": Level.HIGH},
        {"level": Level.LOW},
        {"district": "硚口"},  # part of a name finds 硚口区
        {"district": "区"},  # every district with a name
        {"district": "无此区"},
        {"typology": "romance", "state": TaskState.NEW},
    ]
    for filters in cases:
        wanted = [
            t.task_id
            for t in everything
            if visible(principal, t)
            and ("state" not in filters or t.state == filters["state"])
            and ("level" not in filters or t.level == filters["level"])
            and ("district" not in filters or (t.district and filters["district"] in t.district))
            and ("typology" not in filters or t.typology == filters["typology"])
        ]
        assert read_all_pages(tasks, principal, limit=9, **filters) == wanted, filters


def full_count(tasks: TaskService, principal: Principal, now: datetime) -> dict[str, Any]:
    """The summary as a full read of every task computes it."""
    mine = [t for t in tasks.tasks.all() if visible(principal, t)]
    open_ = [t for t in mine if t.state in OPEN_STATES]
    by_level = {str(level): sum(t.level == level for t in open_) for level in Level}
    by_district: dict[str, int] = {}
    for t in open_:
        by_district[t.district or "?"] = by_district.get(t.district or "?", 0) + 1
    hours = [0] * 24
    for t in mine:
        age = int((now - t.created).total_seconds() // 3600)
        if 0 <= age < 24:
            hours[23 - age] += 1
    outcomes: dict[str, int] = {}
    for t in mine:
        if t.outcome is not None:
            outcomes[str(t.outcome)] = outcomes.get(str(t.outcome), 0) + 1
    soon = [
        t.task_id
        for t in open_
        if (due := next_deadline(t, tasks.policy)) and (due[1] - now).total_seconds() <= 300
    ]
    return {"open_by_level": by_level, "open_by_district": by_district, "total_open": len(open_),
            "created_last_24h": hours, "outcomes": outcomes, "at_risk": sorted(soon)}  # fmt: skip


def summary_of(tasks: TaskService, principal: Principal) -> dict[str, Any]:
    found = tasks.summary(principal)
    at_risk = sorted(r["task_id"] for r in found["deadlines_at_risk"])
    assert found["deadlines_at_risk_total"] == len(at_risk)  # few enough to list them all
    keys = ("open_by_level", "open_by_district", "total_open", "created_last_24h", "outcomes")
    return {**{k: found[k] for k in keys}, "at_risk": at_risk}


def test_the_summary_equals_a_full_count_as_tasks_are_worked(db_url: str) -> None:
    clock = ManualClock(LATER)
    tasks = service(db_url, clock)
    fill(tasks, 90)
    for principal in PRINCIPALS:
        assert summary_of(tasks, principal) == full_count(tasks, principal, clock.now())
    # work changes outcomes and districts: resolve, reopen, hand a closed task elsewhere
    rng = random.Random(3)
    for task in rng.sample(list(tasks.tasks.all()), 30):
        read = task.version
        if task.state in OPEN_STATES and task.state != TaskState.FOLLOW_UP:
            task.state, task.resolved_at = TaskState.RESOLVED, clock.now()
            task.outcome = rng.choice(list(Outcome))
        elif task.outcome is not None:
            task.outcome = rng.choice([None, *Outcome])
            task.district, task.station = rng.choice(PLACES)
        task.version += 1
        tasks.tasks.save(task, read)
    clock.advance(timedelta(hours=3))
    for principal in PRINCIPALS:
        assert summary_of(tasks, principal) == full_count(tasks, principal, clock.now())


def fresh(tasks: TaskService, count: int, first: int) -> set[str]:
    """New, unsigned tasks created now, as warnings arrive."""
    rng = random.Random(first)
    made = [make_task(n, rng, tasks.clock.now()) for n in range(first, first + count)]
    for task in made:
        tasks.tasks.add(task)
    return {t.task_id for t in made}


def test_the_sweep_escalates_exactly_the_overdue_tasks(db_url: str) -> None:
    clock = ManualClock(LATER)
    tasks = service(db_url, clock)
    fill(tasks, 80)
    fresh(tasks, 30, first=500)
    for step in (timedelta(0), timedelta(minutes=6), timedelta(minutes=20), timedelta(hours=2)):
        clock.advance(step)
        expected = {
            (t.task_id, b.deadline)
            for t in tasks.tasks.all()
            for b in new_breaches(t, tasks.policy, clock.now())
        }
        assert expected, "the step should make some deadline pass"
        swept = {(b.task_id, b.deadline) for b in tasks.sweep_deadlines()}
        assert swept == expected
        assert tasks.sweep_deadlines() == []  # once each
        for task_id in {task_id for task_id, _ in expected}:
            task = tasks.tasks.get(task_id)
            assert task is not None and task.history[-1][1] == "system"
            assert set(task.breaches) >= {d for i, d in expected if i == task_id}


def test_a_shorter_policy_applies_to_open_tasks_once_retimed(db_url: str) -> None:
    clock = ManualClock(T0)
    tasks = service(db_url, clock)
    made = fresh(tasks, 10, first=0)
    clock.advance(timedelta(seconds=90))
    assert tasks.sweep_deadlines() == []  # nothing is due yet under the city's policy
    quick = LevelDeadlines.model_validate({"sign": "60s", "first_contact": "80s"})
    tasks.policy = DeadlinePolicy(levels=dict.fromkeys(Level, quick))  # a demo at 60x
    assert tasks.retime_deadlines() == len(made)
    swept = {(b.task_id, b.deadline) for b in tasks.sweep_deadlines()}
    assert swept == {(t, d) for t in made for d in ("sign", "first_contact")}


class OfficerBetweenReadAndSave(TaskRepositoryWrapper):
    """An officer writes a note on ``task_id`` after the sweep read it and before the
    sweep saves its escalations: the store must refuse the sweep's stale copy."""

    def __init__(self, repo: SqlTaskRepository, task_id: str) -> None:
        super().__init__(repo)
        self.task_id = task_id

    def save_many(self, changes: Sequence[tuple[Task, int]]) -> list[str]:
        current = self.repo.get(self.task_id)
        assert current is not None
        current.history.append((current.created, "qk", "note: 家属已在身边"))
        current.version += 1
        self.repo.save(current, current.version - 1)
        return self.repo.save_many(changes)


def test_a_task_an_officer_changed_mid_sweep_is_left_for_the_next_sweep(
    db_url: str, tmp_path: Path
) -> None:
    clock = ManualClock(T0)
    made = sorted(fresh(service(db_url, clock), 12, first=0))
    raced = made[5]
    audit = SqlAuditLog(engine(db_url), seal=AuditSeal(secrets.token_bytes(32), tmp_path))
    repo = OfficerBetweenReadAndSave(SqlTaskRepository(engine(db_url)), raced)
    tasks = TaskService(repo, audit, clock, DeadlinePolicy.load(), Routing.load(), lambda _: None)
    clock.advance(timedelta(hours=3))
    first = tasks.sweep_deadlines()
    assert {b.task_id for b in first} == set(made) - {raced}
    stored = tasks.tasks.get(raced)
    assert stored is not None and stored.breaches == [] and stored.version == 1
    breaches = [e for e in audit.entries() if e.action == "breach"]
    assert {e.object_id for e in breaches} == set(made) - {raced}
    assert len(breaches) == len(first)  # one entry per breach, none for the raced task
    repo.task_id = made[0]  # the next sweep: another officer note, on a task already swept
    second = tasks.sweep_deadlines()
    assert {b.task_id for b in second} == {raced}
    assert audit.verify() is None  # the entries chained in bulk verify, anchor included
    seal = audit.seal.read_checkpoint(audit.chain_id() or "")
    assert seal is not None and seal.seq == audit.entries()[-1].seq


def test_save_many_moves_the_outcome_counters_of_what_it_saved(db_url: str) -> None:
    clock = ManualClock(LATER)
    tasks = service(db_url, clock)
    fill(tasks, 40)
    repo = tasks.tasks
    before = repo.outcome_counts(Scope.of(ANALYST))
    open_ones = [t for t in repo.all() if t.state in OPEN_STATES][:6]
    for task in open_ones:
        task.state, task.outcome = TaskState.CLOSED, Outcome.DISSUADED
        task.version += 1
    stale = open_ones[0]
    saved = repo.save_many([(t, t.version - (2 if t is stale else 1)) for t in open_ones])
    assert saved == [t.task_id for t in open_ones[1:]]
    after = repo.outcome_counts(Scope.of(ANALYST))
    assert after.get("dissuaded", 0) == before.get("dissuaded", 0) + 5
    full = sum(1 for t in repo.all() if t.outcome is Outcome.DISSUADED)
    assert after["dissuaded"] == full
