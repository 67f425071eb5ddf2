"""移交: a task handed to another jurisdiction (district, sub-bureau or station), with why.

A person registered in 洪山区 may live in the 东湖新技术开发区 sub-bureau's area, or be
staying with family across the river: the district that got the task hands it on.
The receiving jurisdiction sees it at once; the sending one no longer does (its
officers read it as any task elsewhere: not found). The deadlines keep running —
a hand-over does not buy time — and the line in the history says who, from where,
to where and why. Jurisdiction is checked here, so every caller gets it.
"""

from __future__ import annotations

from typing import Final

from fanzha.dissuade.models import Task, Tier
from fanzha.dissuade.repository import Conflict
from fanzha.dissuade.service import Forbidden, TaskService
from fanzha.security.roles import Principal, Role

HANDS_OVER: Final = frozenset({Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER})
REASON_MAX: Final = 200


class HandoverError(ValueError):
    """The target is no jurisdiction, is where the task already is, or no reason is given."""


def place(district: str | None, station: str | None) -> str:
    """How a jurisdiction is written in the history line: ``district/station``."""
    return f"{district or '-'}/{station or '-'}"


def hand_over(
    service: TaskService,
    principal: Principal,
    task_id: str,
    district: str,
    station: str | None,
    reason: str,
    expected_version: int | None = None,
) -> Task:
    if principal.role not in HANDS_OVER:
        service.audit.append(principal, "denied", "task", task_id, service.clock.now())
        raise Forbidden(f"role {principal.role} may not hand tasks over")
    task = service.get(principal, task_id)  # another jurisdiction's task: not found
    if expected_version is not None and expected_version != task.version:
        raise Conflict(task_id, task.version)
    reason = " ".join(reason.split())
    if not reason:
        raise HandoverError("请填写移交原因")
    if len(reason) > REASON_MAX:
        raise HandoverError(f"移交原因最多{REASON_MAX}字")
    if not service.routing.has(district, station):
        raise HandoverError(f"没有辖区“{district}{'·' + station if station else ''}”")
    if station is None:
        station = service.routing.station_for(district, None, task.person_id)
    if (district, station) == (task.district, task.station):
        raise HandoverError("任务已在该辖区")
    read = task.version
    now = service.clock.now()
    was = place(task.district, task.station)
    task.district, task.station, task.officer, task.tier = district, station, None, Tier.STATION
    task.history.append(
        (now, principal.user_id, f"handed over from {was} to {place(district, station)}: {reason}")
    )
    task.version += 1
    service.tasks.save(task, read)
    service.audit.append(
        principal,
        "handover",
        "task",
        task_id,
        now,
        {"from": was, "to": place(district, station), "reason": reason},
    )
    return task
