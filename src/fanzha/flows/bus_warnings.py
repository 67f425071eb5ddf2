"""Warnings from the bus into tasks, once each, however often they are delivered.

Each server of a many-server deployment consumes ``fanzha.warnings.v1``
(``server/bus_consumer.py``) and hands every warning here. A warning is taken
when the store already keeps it at its level or higher: then the task it made
(or upgraded) exists, and doing it again could upgrade a later episode's task
by an old warning. Two servers on one database taking the same warning at the
same moment meet in the task store: the task id is ``T-<warning id>`` and
upgrades compare-and-set, so one task is made and the loser reads it back.
"""

from __future__ import annotations

from fanzha.contract.warning import Level, Warning
from fanzha.flows.intake import _pushed
from fanzha.services import Services


def already_taken(services: Services, warning: Warning) -> bool:
    """Whether the store keeps this warning at its level or higher."""
    rank = warning.level.rank
    return any(
        kept.warning_id == warning.warning_id and Level.parse(kept.level).rank >= rank
        for kept in services.tasks.warnings.for_person(warning.person_id)
    )


def take_warning(services: Services, warning: Warning) -> str | None:
    """Make or upgrade the person's task and push to partners; None if taken already."""
    if already_taken(services, warning):
        return None
    task = services.tasks.task_from_warning(warning)
    services.partners.push_warning(warning.person_id, _pushed(warning, task.task_id))
    return task.task_id


__all__ = ["already_taken", "take_warning"]
