"""Events in, from any door (analysts, partners, the demo): store, detect, task, push.

One function so every door does the same: a re-sent event never warns twice,
each warning becomes (or upgrades) the person's task, and partners the person
concerns get the warning pushed to them. It knows nothing of HTTP: the routes
turn its ``Intake`` into their answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from fanzha.contract.readers import Accepted
from fanzha.contract.warning import Warning
from fanzha.flows.bus import publish_accepted
from fanzha.ingest.conflicts import Conflict, Key
from fanzha.ingest.loader import Written
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
    detection: Literal["done", "queued"] = "done"
    """``queued``: answered once stored; warnings and tasks follow (``wait=stored``)."""


@dataclass(frozen=True)
class Detected:
    """What detection made of a stored batch's new events."""

    warnings: int = 0
    tasks: list[str] = field(default_factory=list)


AfterCommit = Callable[[Services, list[Accepted], Written], Detected]
"""What runs on a batch once it is committed (``after_commit``: local detection, or
publishing to the bus)."""


def accept_events(services: Services, good: list[Accepted]) -> Intake:
    """Store, then detect on what was new: a re-sent event never warns twice."""
    written = services.store_events(good)
    return intake_of(good, written, after_commit(services, good, written))


def after_commit(services: Services, good: list[Accepted], written: Written) -> Detected:
    """What a committed batch goes on to: the bus when many servers share one detector
    process (``fanzha serve --bus``, flows/bus.py), else this process's detector."""
    if services.bus is not None:
        publish_accepted(services.bus, good, written.conflicts)
        return Detected()
    return detect_new(services, good, written.new)


def detect_new(services: Services, good: list[Accepted], new_keys: set[Key]) -> Detected:
    """Detection and tasks for the committed batch's new events, each once, in order."""
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
    return Detected(warnings, tasks)


def intake_of(good: list[Accepted], written: Written, detected: Detected | None) -> Intake:
    """The batch's account; ``detected`` None while its detection is still queued."""
    new_keys, conflicts = written
    return Intake(
        accepted=len(good),
        new=len(new_keys),
        duplicates=len(good) - len(new_keys) - len(conflicts),
        conflicts=conflicts,
        warnings=detected.warnings if detected else 0,
        tasks=detected.tasks if detected else [],
        detection="done" if detected else "queued",
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
