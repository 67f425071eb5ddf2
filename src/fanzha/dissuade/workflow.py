"""The task state machine: which moves are allowed, and what each records.

Transitions are a table, so the allowed paths can be read (and tested) at a
glance; every change bumps ``version`` for optimistic concurrency and adds a
line to the task's history. The officers' actions are a table too
(``ACTIONS``): an action's name, and the move it makes with its parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

import msgspec

from fanzha.dissuade.models import (
    Attempt,
    AttemptResult,
    Channel,
    Outcome,
    Task,
    TaskState,
    Tier,
)

S = TaskState
TRANSITIONS: Final[dict[TaskState, frozenset[TaskState]]] = {
    S.NEW: frozenset({S.SIGNED, S.ESCALATED}),
    S.SIGNED: frozenset({S.CONTACTING, S.ESCALATED, S.ON_SITE, S.RESOLVED, S.STOP_PAYMENT}),
    S.CONTACTING: frozenset({S.ESCALATED, S.ON_SITE, S.RESOLVED, S.STOP_PAYMENT}),
    S.ESCALATED: frozenset({S.SIGNED, S.CONTACTING, S.ON_SITE, S.RESOLVED, S.STOP_PAYMENT}),
    S.ON_SITE: frozenset({S.RESOLVED, S.STOP_PAYMENT}),
    S.STOP_PAYMENT: frozenset({S.RESOLVED}),
    S.RESOLVED: frozenset({S.FOLLOW_UP, S.CLOSED}),
    S.FOLLOW_UP: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}

ESCALATION_LADDER: Final[tuple[Tier, ...]] = (Tier.STATION, Tier.DISTRICT, Tier.CENTER)

ATTEMPT_STATES: Final[frozenset[TaskState]] = frozenset(
    {S.SIGNED, S.CONTACTING, S.ESCALATED, S.ON_SITE, S.STOP_PAYMENT, S.FOLLOW_UP}
)
"""A task must be signed before work on it is recorded, and reopened after closing."""
ON_SITE_CHANNELS: Final[frozenset[Channel]] = frozenset({Channel.DOOR_VISIT})


class TransitionError(ValueError):
    """A move the workflow does not allow from the task's current state."""


def _move(task: Task, to: TaskState, actor: str, when: datetime, what: str) -> None:
    if to not in TRANSITIONS[task.state]:
        raise TransitionError(f"task {task.task_id}: cannot go from {task.state} to {to}")
    task.state = to
    _record(task, actor, when, what)


def _record(task: Task, actor: str, when: datetime, what: str) -> None:
    task.history.append((when, actor, what))
    task.version += 1


def sign(task: Task, officer: str, when: datetime) -> None:
    """签收: the officer takes the task; the sign deadline stops running."""
    _move(task, S.SIGNED, officer, when, "signed")
    task.officer = officer
    task.signed_at = task.signed_at or when


def record_attempt(task: Task, attempt: Attempt) -> None:
    """An SMS, call, visit… Reaching the person starts (or continues) contact."""
    if task.state not in ATTEMPT_STATES:
        raise TransitionError(f"task {task.task_id}: no attempts while {task.state}")
    task.attempts.append(attempt)
    if task.first_contact_at is None:
        task.first_contact_at = attempt.ts
    if attempt.channel in ON_SITE_CHANNELS and task.state != S.FOLLOW_UP:
        if task.state != S.ON_SITE:
            _move(task, S.ON_SITE, attempt.officer, attempt.ts, "on site")
        task.on_site_at = task.on_site_at or attempt.ts
    elif task.state in (S.SIGNED, S.ESCALATED):
        _move(task, S.CONTACTING, attempt.officer, attempt.ts, f"contact by {attempt.channel}")
    _record(task, attempt.officer, attempt.ts, f"attempt {attempt.channel}: {attempt.result}")


def escalate(task: Task, actor: str, when: datetime, reason: str) -> Tier:
    """Hand the task one tier up the ladder (station → district → center)."""
    index = ESCALATION_LADDER.index(task.tier)
    if index + 1 < len(ESCALATION_LADDER):
        task.tier = ESCALATION_LADDER[index + 1]
    if task.state != S.ESCALATED:
        _move(task, S.ESCALATED, actor, when, f"escalated to {task.tier}: {reason}")
    else:
        _record(task, actor, when, f"escalated to {task.tier}: {reason}")
    return task.tier


def open_stop_payment(task: Task, actor: str, when: datetime) -> None:
    """The person has paid: the task branches to stop-payment, a trace case opens."""
    _move(task, S.STOP_PAYMENT, actor, when, "money left: stop-payment and trace")


def record_stop_case(task: Task, actor: str, when: datetime, case_id: str, accounts: int) -> None:
    """A stop-payment case opened from the task: the task moves to stop-payment once,
    and each case (one per stopped transfer) gets its line."""
    if task.state != S.STOP_PAYMENT:
        open_stop_payment(task, actor, when)
    _record(
        task, actor, when, f"stop-payment case {case_id} opened: {accounts} accounts sent to banks"
    )


def resolve(task: Task, outcome: Outcome, actor: str, when: datetime) -> None:
    _move(task, S.RESOLVED, actor, when, f"resolved: {outcome}")
    task.outcome = outcome
    task.resolved_at = when


def start_follow_up(task: Task, actor: str, when: datetime) -> None:
    _move(task, S.FOLLOW_UP, actor, when, "follow-up")


def close(task: Task, actor: str, when: datetime) -> None:
    _move(task, S.CLOSED, actor, when, "closed")


def attempt(
    channel: Channel, when: datetime, officer: str, result: AttemptResult, note: str = ""
) -> Attempt:
    """Convenience constructor used by the service and tests."""
    return Attempt(channel=channel, ts=when, officer=officer, result=result, note=note)


Action = Callable[[Task, str, datetime, Mapping[str, Any]], object]
"""An officer's action on a task: (task, officer, when, the action's parameters)."""

ACTIONS: Final[Mapping[str, Action]] = MappingProxyType(
    {
        "sign": lambda task, who, when, _: sign(task, who, when),
        "attempt": lambda task, who, _, p: record_attempt(
            task, msgspec.structs.replace(p["attempt"], officer=who)
        ),
        "escalate": lambda task, who, when, p: escalate(task, who, when, p.get("reason", "manual")),
        # the trace case is opened first (the stop-payment flow), then recorded here
        "stop_payment": lambda task, who, when, p: record_stop_case(
            task, who, when, p["case_id"], p["accounts"]
        ),
        "resolve": lambda task, who, when, p: resolve(task, Outcome(p["outcome"]), who, when),
        "follow_up": lambda task, who, when, _: start_follow_up(task, who, when),
        "close": lambda task, who, when, _: close(task, who, when),
    }
)
"""What each officer action does: ``TaskService.act`` looks the name up here."""
