"""The dashboard's figures from the store's indexed aggregates.

Why not from the tasks themselves: a city's year is millions of tasks and the
dashboard asks every second per open page; decoding each task (100,000 took
0.93 s) made the summary a function of the year. Here every figure is a
grouped count over the open tasks, a range of the ``created`` index, the
kept outcome counters, or the few tasks whose deadline is near.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

from fanzha.dissuade.deadlines import DeadlinePolicy, next_deadline
from fanzha.dissuade.models import Level
from fanzha.dissuade.queries import LEVEL_ORDER, Scope
from fanzha.dissuade.repository import TaskRepository

AT_RISK_SHOWN: Final = 50
"""Most urgent deadlines listed; ``deadlines_at_risk_total`` counts them all."""
_LEVEL_OF_QUEUE: Final = {rank: level for level, rank in LEVEL_ORDER.items()}


def summarise(
    tasks: TaskRepository, scope: Scope, policy: DeadlinePolicy, now: datetime, soon_s: int
) -> dict[str, Any]:
    by_level = {str(level): 0 for level in Level}
    by_district: dict[str, int] = {}
    for queue, district, n in tasks.open_counts(scope):
        by_level[str(_LEVEL_OF_QUEUE[queue])] += n
        key = district or "?"
        by_district[key] = by_district.get(key, 0) + n
    near, total_near = tasks.due_by(scope, now + timedelta(seconds=soon_s), AT_RISK_SHOWN)
    at_risk = []
    for task in near:
        due = next_deadline(task, policy)
        if due is not None:
            at_risk.append(
                {
                    "task_id": task.task_id,
                    "deadline": due[0],
                    "due": due[1].isoformat(),
                    "level": str(task.level),
                    "overdue": due[1] < now,
                }
            )
    # hours[23] counts tasks created in (now - 1 h, now], hours[0] in (now - 24 h, now - 23 h]
    tick = timedelta(microseconds=1)
    bounds = [now - timedelta(hours=24 - j) + tick for j in range(25)]
    hours = tasks.created_counts(scope, bounds)
    return {
        "now": now.isoformat(),
        "open_by_level": by_level,
        "open_by_district": by_district,
        "deadlines_at_risk": sorted(at_risk, key=lambda r: r["due"]),
        "deadlines_at_risk_total": total_near,
        "created_last_24h": hours,
        "outcomes": tasks.outcome_counts(scope),
        "total_open": sum(by_level.values()),
    }
