"""Task service: warnings in, tasks routed, officers' actions applied and audited.

Plain functions over a repository, an audit log and a clock (Netflix dispatch's
``service.py``); the HTTP routes only translate to and from these calls.
Jurisdiction is enforced here, not in the routes, so every caller gets it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, NamedTuple

import msgspec

from fanzha.clock import Clock
from fanzha.contract.kinds import Event
from fanzha.contract.warning import Warning
from fanzha.dissuade import workflow
from fanzha.dissuade.deadlines import (
    Breach,
    DeadlinePolicy,
    new_breaches,
    next_deadline,
    sweep_due,
)
from fanzha.dissuade.models import Level, Task, TaskState
from fanzha.dissuade.open_index import OpenTaskIndex
from fanzha.dissuade.queries import Cursor, Scope, TaskFilter, TaskTimes
from fanzha.dissuade.repository import Conflict, TaskRepository
from fanzha.dissuade.routing import Routing
from fanzha.dissuade.summary import summarise
from fanzha.dissuade.warnings import (
    InMemoryWarningRepository,
    WarningRecord,
    WarningRepository,
    money_at_risk,
    split_reasons,
)
from fanzha.security.auditlog import AuditLog, AuditRecord
from fanzha.security.roles import CITY_WIDE_ROLES, Principal, Role

SYSTEM: Final = Principal(user_id="system", role=Role.ADMIN)


class PersonInfo(msgspec.Struct, frozen=True, kw_only=True):
    person_id: str
    district: str | None
    address: str | None = None


class NotFound(LookupError):
    pass


class Forbidden(PermissionError):
    pass


_WARNING_RETRIES: Final = 5
_SWEEP_CHUNK: Final = 200
DEFAULT_PAGE: Final = 100
"""Tasks per page when the caller names no ``limit`` (enough for a district's day)."""


class TaskPage(NamedTuple):
    tasks: list[Task]
    next: Cursor | None
    """Where the next page starts; None when this is the last."""


@dataclass
class TaskService:
    tasks: TaskRepository
    audit: AuditLog
    clock: Clock
    policy: DeadlinePolicy
    routing: Routing
    person_info: Callable[[str], PersonInfo | None]
    warnings: WarningRepository = field(default_factory=InMemoryWarningRepository)
    """Every warning that made or upgraded a task, kept whole (why, evidence, money)."""
    events_by_id: Callable[[Sequence[str]], list[Event]] = lambda ids: []
    """The stored events a warning names as evidence (amount at risk and payee)."""

    def __post_init__(self) -> None:
        # The store indexes each task's deadlines as this service's policy sets them
        # (read when a task is written, so a replaced policy applies from then on).
        self.tasks.use_timing(self._timing)

    # --- warnings in ----------------------------------------------------

    def task_from_warning(self, warning: Warning) -> Task:
        """One open task per person: a new warning upgrades it instead of repeating it.

        A warning and its upgrade can reach the store at the same moment from two
        threads (event intake and the partner writer) or two server processes;
        the loser of the compare-and-set reads again and upgrades what the
        winner wrote, rather than failing the events that carried it.
        """
        for attempt in range(_WARNING_RETRIES):
            try:
                task = self._task_from_warning(warning)
            except Conflict:
                if attempt == _WARNING_RETRIES - 1:
                    raise
                continue
            self._keep(warning, task)
            return task
        raise AssertionError("unreachable")

    def _keep(self, warning: Warning, task: Task) -> None:
        """Store the warning beside its task, with the money its evidence shows."""
        zh, en = split_reasons(warning.reasons)
        amount, payee = money_at_risk(self.events_by_id(warning.evidence))
        self.warnings.put(
            WarningRecord(
                warning_id=warning.warning_id,
                task_id=task.task_id,
                person_id=warning.person_id,
                ts=warning.ts,
                level=str(warning.level),
                typology=warning.typology,
                score=warning.score,
                reasons_zh=zh,
                reasons_en=en,
                evidence=list(warning.evidence),
                amount_at_risk_fen=amount,
                payee=payee,
                rules_version=warning.rules_version.split(" + model ")[0],
                model_version=warning.model_version or "",
                received_at=self.clock.now(),
            )
        )

    def _task_from_warning(self, warning: Warning) -> Task:
        level = warning.level
        existing = self.tasks.open_for_person(warning.person_id)
        now = self.clock.now()
        if existing is None:  # the episode's task may be closed: its upgrade reopens it
            existing = self.tasks.get(f"T-{warning.warning_id}")
            if existing is not None and level.rank > existing.level.rank:
                read = existing.version
                existing.level = level
                existing.rules_version = warning.rules_version or existing.rules_version
                existing.history.append(
                    (now, "system", f"upgraded to {level} by {warning.warning_id} after closing")
                )
                existing.version += 1
                if existing.state == TaskState.RESOLVED:
                    workflow.start_follow_up(existing, "system", now)
                self.tasks.save(existing, read)
                self.audit.append(SYSTEM, "upgrade", "task", existing.task_id, now)
            if existing is not None:
                return existing
        if existing is not None:
            if level.rank > existing.level.rank:
                read = existing.version
                existing.level = level
                existing.rules_version = warning.rules_version or existing.rules_version
                existing.history.append(
                    (now, "system", f"upgraded to {level} by {warning.warning_id}")
                )
                existing.version += 1
                self.tasks.save(existing, read)
                self.audit.append(SYSTEM, "upgrade", "task", existing.task_id, now)
            return existing
        person = self.person_info(warning.person_id)
        district = person.district if person else None
        task = Task(
            task_id=f"T-{warning.warning_id}",
            warning_id=warning.warning_id,
            person_id=warning.person_id,
            level=level,
            typology=warning.typology,
            district=district,
            station=self.routing.station_for(
                district, person.address if person else None, warning.person_id
            ),
            created=now,
            rules_version=warning.rules_version,
        )
        task.history.append((now, "system", f"created from warning {warning.warning_id}"))
        self.tasks.add(task)
        self.audit.append(SYSTEM, "create", "task", task.task_id, now, {"level": str(level)})
        return task

    # --- reading --------------------------------------------------------

    def open_level(self, person_id: str) -> str | None:
        """The level of the person's open task. With an ``OpenTaskIndex`` in front of
        the store this is a dictionary lookup: the partner checks ask it per request."""
        if isinstance(self.tasks, OpenTaskIndex):
            return self.tasks.open_level(person_id)
        task = self.tasks.open_for_person(person_id)
        return str(task.level) if task is not None else None

    def note_from_outside(self, person_id: str, source: str, what: str) -> str | None:
        """A partner's clue or feedback on the person's open task (the loop closes there).

        Returns the task id, or None when the person has no open task.
        """
        task = self.tasks.open_for_person(person_id)
        if task is None:
            return None
        now = self.clock.now()
        read = task.version
        task.history.append((now, source, what))
        task.version += 1
        self.tasks.save(task, read)
        self.audit.append(SYSTEM, "note", "task", task.task_id, now)
        return task.task_id

    def check_can_stop(self, principal: Principal, task_id: str, expected: int | None) -> Task:
        """Before a stop-payment case is opened from a task: the task is the principal's,
        current, and in a state that can branch to stop-payment (so nothing is sent to
        a bank for a task that then refuses the move)."""
        if principal.role in (Role.AUDITOR, Role.ADMIN):
            raise Forbidden(f"role {principal.role} does not work on tasks")
        task = self.get(principal, task_id)
        if expected is not None and expected != task.version:
            raise Conflict(task_id, task.version)
        if (
            task.state != TaskState.STOP_PAYMENT
            and TaskState.STOP_PAYMENT not in (workflow.TRANSITIONS[task.state])
        ):
            raise workflow.TransitionError(
                f"task {task_id}: cannot stop a payment while {task.state} (sign it first)"
            )
        return task

    def visible(self, principal: Principal, task: Task) -> bool:
        """Whether the principal may see the task (the live stream asks it, unaudited)."""
        return self._visible(principal, task)

    def _visible(self, principal: Principal, task: Task) -> bool:
        return Scope.of(principal).covers(task)  # the same rule the store's queries apply

    def get(self, principal: Principal, task_id: str) -> Task:
        """The task, audited; another jurisdiction's task is "not found", as a missing one.

        Answering 403 there would tell an officer which ids exist elsewhere (an
        existence oracle); the denial is still in the audit log. A role that
        reads no task at all gets 403 whatever the id, which tells nothing.
        """
        if principal.role is Role.ADMIN:
            self.audit.append(principal, "denied", "task", task_id, self.clock.now())
            raise Forbidden("administrators run the system, not cases")
        task = self.tasks.get(task_id)
        if task is not None and not self._visible(principal, task):
            self.audit.append(principal, "denied", "task", task_id, self.clock.now())
            task = None
        if task is None:
            raise NotFound(f"task {task_id}")
        self.audit.append(principal, "view", "task", task_id, self.clock.now())
        return task

    def list_tasks(
        self,
        principal: Principal,
        *,
        state: TaskState | None = None,
        level: Level | None = None,
        district: str | None = None,
        typology: str | None = None,
        after: Cursor | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> TaskPage:
        """One page of the queue the principal may see: open before closed, high before
        low, oldest first; ``next`` is where the following page starts (None: the end).

        ``district`` may be part of a name ("武昌" finds 武昌区): it is resolved to the
        whole names tasks carry, so the store reads by its district index.
        """
        districts = None
        if district is not None:
            districts = tuple(d for d in self.tasks.districts() if district in d)
        where = TaskFilter(state=state, level=level, districts=districts, typology=typology)
        found = self.tasks.page(Scope.of(principal), where, after, limit + 1)
        page = TaskPage(
            found[:limit], Cursor.after(found[limit - 1]) if len(found) > limit else None
        )
        self.audit.append(
            principal,
            "view",
            "task_list",
            district or "*",
            self.clock.now(),
            {"count": len(page.tasks), **({"after": after.task_id} if after else {})},
        )
        return page

    def summary(self, principal: Principal, soon_s: int = 300) -> dict[str, Any]:
        """Counts for the dashboard, within the principal's jurisdiction (indexed
        aggregates and kept counters: a year of closed tasks is never read)."""
        return summarise(self.tasks, Scope.of(principal), self.policy, self.clock.now(), soon_s)

    def person_history(self, principal: Principal, person_id: str) -> list[Task]:
        """The person's tasks the principal may see: a person elsewhere reads as one
        with no history, so the answer does not tell who has tasks in other districts."""
        if principal.role is Role.ADMIN:
            raise Forbidden("administrators run the system, not cases")
        history = [t for t in self.tasks.for_person(person_id) if self._visible(principal, t)]
        self.audit.append(principal, "view", "person_history", person_id, self.clock.now())
        return history

    def search(self, principal: Principal, fragment: str, person_ids: list[str]) -> list[Task]:
        """Tasks by id fragment or person, within the principal's jurisdiction (the
        caller audits the search as a whole)."""
        if principal.role is Role.ADMIN:
            raise Forbidden("administrators run the system, not cases")
        district = None if principal.role in CITY_WIDE_ROLES else principal.district
        found = self.tasks.search(fragment, person_ids, district)
        return [t for t in found if self._visible(principal, t)]

    # --- acting ---------------------------------------------------------

    def act(
        self,
        principal: Principal,
        task_id: str,
        action: str,
        expected_version: int | None = None,
        **params: Any,
    ) -> Task:
        """Apply one officer action; refuses stale versions with ``Conflict``."""
        if principal.role in (Role.AUDITOR, Role.ADMIN):
            raise Forbidden(f"role {principal.role} does not work on tasks")
        task = self.get(principal, task_id)
        if expected_version is not None and expected_version != task.version:
            raise Conflict(task_id, task.version)
        read = task.version
        now = self.clock.now()
        perform = workflow.ACTIONS.get(action)
        if perform is None:
            raise ValueError(f"unknown action {action!r}")
        perform(task, principal.user_id, now, params)
        self.tasks.save(task, read)
        self.audit.append(principal, action, "task", task_id, now, _audit_detail(params))
        return task

    def sweep_deadlines(self, task_ids: Iterable[str] | None = None) -> list[Breach]:
        """Find missed deadlines, alert once each, and escalate the task a tier.

        ``task_ids`` limits the sweep to those tasks (a replay checks the task it
        is about to act on); by default the store hands over only the tasks whose
        ``sweep_at`` has come (an index range), not every task of the year.
        """
        now = self.clock.now()
        raised: list[Breach] = []
        chosen = (
            self.tasks.sweep_due(now)
            if task_ids is None
            else [t for t in map(self.tasks.get, task_ids) if t is not None]
        )
        idle: list[str] = []
        for start in range(0, len(chosen), _SWEEP_CHUNK):
            missed: list[tuple[Task, int, list[Breach]]] = []
            for task in chosen[start : start + _SWEEP_CHUNK]:
                read = task.version
                found = self._escalate_missed(task, now)
                if found:
                    missed.append((task, read, found))
                else:
                    idle.append(task.task_id)
            if not missed:
                continue
            with self.tasks.together():  # one commit per chunk, not two per task
                saved = set(self.tasks.save_many([(task, read) for task, read, _ in missed]))
                kept = [(task, found) for task, _, found in missed if task.task_id in saved]
                self.audit.append_many([
                    AuditRecord(SYSTEM, "breach", "task", task.task_id, now,
                                {"deadline": breach.deadline})
                    for task, found in kept for breach in found
                ])  # fmt: skip
            raised.extend(breach for _, found in kept for breach in found)
        if idle and task_ids is None:  # timed with an older policy: time them anew
            self.tasks.retime(idle)
        return raised

    def _escalate_missed(self, task: Task, now: datetime) -> list[Breach]:
        """Alert and escalate (in ``task``) its newly missed deadlines; [] when none is.
        The caller saves: a task an officer changed meanwhile is left for the next sweep."""
        breaches = new_breaches(task, self.policy, now)
        for breach in breaches:
            task.breaches.append(breach.deadline)
            missed = f"{breach.deadline} deadline missed"
            try:
                workflow.escalate(task, "system", now, missed)
            except workflow.TransitionError:  # already on site or closed: record, no ladder
                task.history.append((now, "system", missed))
                task.version += 1
        return breaches

    def retime_deadlines(self) -> int:
        """Re-time the open tasks' stored deadlines with the current ``policy``: at
        start-up (rows written before, or under another policy) and whenever the
        policy is replaced (a demo scaling its deadlines)."""
        return self.tasks.retime()

    def _timing(self, task: Task) -> TaskTimes:
        due = next_deadline(task, self.policy)
        return TaskTimes(due[1] if due else None, sweep_due(task, self.policy))


def _audit_detail(params: dict[str, Any]) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, msgspec.Struct):
            detail[key] = msgspec.to_builtins(value)
        else:
            detail[key] = value
    return detail
