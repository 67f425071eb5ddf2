"""Events in, from any door (analysts, partners, the demo): store, detect, task, push.

One function so every door does the same: a re-sent event never warns twice,
each warning becomes (or upgrades) the person's task, and partners the person
concerns get the warning pushed to them. It knows nothing of HTTP: the routes
turn its ``Intake`` into their answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from fanzha.contract.readers import Accepted
from fanzha.contract.warning import Warning
from fanzha.flows.bus import publish_accepted
from fanzha.ingest.conflicts import Conflict
from fanzha.services import Services


@dataclass(frozen=True)
class Intake:
    """What became of a batch: how many were new, duplicates, conflicts, what they raised."""

    accepted: int
    new: int
    duplicates: int
    conflicts: list[Conflict]
    warnings: int
    tasks: list[str]
    """Tasks the batch's warnings made or upgraded, each once, in order."""


def accept_events(services: Services, good: list[Accepted]) -> Intake:
    """Store, then detect on what was new: a re-sent event never warns twice."""
    new_keys, conflicts = services.store_events(good)
    if services.bus is not None:  # many servers: one detector process warns (flows/bus.py)
        publish_accepted(services.bus, good, conflicts)
        duplicates = len(good) - len(new_keys) - len(conflicts)
        return Intake(len(good), len(new_keys), duplicates, conflicts, 0, [])
    tasks: list[str] = []
    warnings = 0
    seen: set[tuple[str, str]] = set()
    for accepted in good:
        key = accepted.event.key
        if key not in new_keys or key in seen or services.detector is None:
            continue
        seen.add(key)
        for warning in services.detector.feed(accepted.event):
            warnings += 1
            task = services.tasks.task_from_warning(warning)
            if task.task_id not in tasks:
                tasks.append(task.task_id)
            services.partners.push_warning(warning.person_id, _pushed(warning, task.task_id))
    return Intake(
        accepted=len(good),
        new=len(new_keys),
        duplicates=len(good) - len(new_keys) - len(conflicts),
        conflicts=conflicts,
        warnings=warnings,
        tasks=tasks,
    )


def connect_partner_checks(services: Services) -> None:
    """Events partners' checks carry (orders, gold sales, parcels) go through intake.

    The partner service answers a check at once and stores its event later, on
    its writer thread; there it hands the batch to ``accept_events``, so a
    checked event is stored, detected on and tasked like one posted by an analyst.
    """
    services.partners.events_sink = partial(accept_events, services)


def _pushed(warning: Warning, task_id: str) -> dict[str, object]:
    """What a partner is told: enough to act at the counter, no more (no names, no reasons
    that reveal other sources)."""
    return {
        "warning_id": warning.warning_id,
        "person_id": warning.person_id,
        "level": warning.level.colour,
        "typology": warning.typology,
        "ts": warning.ts.isoformat(),
        "task_id": task_id,
    }
