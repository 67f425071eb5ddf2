"""Events in, from any door (analysts, partners, the demo): store, detect, task, push.

One function so every door does the same: a re-sent event never warns twice,
each warning becomes (or upgrades) the person's task, and partners the person
concerns get the warning pushed to them.
"""

from __future__ import annotations

from fanzha.api.schemas import ConflictLine, EventsOut, RejectedLine
from fanzha.contract.readers import Accepted
from fanzha.dissuade.service import WarningIn
from fanzha.services import Services


def accept_events(
    context: Services, good: list[Accepted], rejected: list[RejectedLine] | None = None
) -> EventsOut:
    """Store, then detect on what was new: a re-sent event never warns twice."""
    new_keys, conflicts = context.store_events(good)
    tasks: list[str] = []
    warnings = 0
    seen: set[tuple[str, str]] = set()
    for accepted in good:
        key = accepted.event.key
        if key not in new_keys or key in seen or context.detector is None:
            continue
        seen.add(key)
        for warning in context.detector.feed(accepted.event):
            warnings += 1
            task = context.tasks.task_from_warning(warning)
            if task.task_id not in tasks:
                tasks.append(task.task_id)
            if context.partners is not None:
                context.partners.push_warning(warning.person_id, _pushed(warning, task.task_id))
    return EventsOut(
        accepted=len(good),
        new=len(new_keys),
        duplicates=len(good) - len(new_keys) - len(conflicts),
        conflicts=[
            ConflictLine(
                line=c.accepted.line,
                source=c.accepted.event.source,
                id=c.accepted.event.id,
                fields=c.fields,
            )
            for c in conflicts
        ],
        rejected=rejected or [],
        warnings=warnings,
        tasks=tasks,
    )


def _pushed(warning: WarningIn, task_id: str) -> dict[str, object]:
    """What a partner is told: enough to act at the counter, no more (no names, no reasons
    that reveal other sources)."""
    return {
        "warning_id": warning.warning_id,
        "person_id": warning.person_id,
        "level": warning.level,
        "typology": warning.typology,
        "ts": warning.ts.isoformat(),
        "task_id": task_id,
    }
