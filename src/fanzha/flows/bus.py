"""Events to the bus instead of the local detector (``fanzha serve --bus``).

Every event that is not a conflict is published, new or not: a post whose
answer was lost (the server died between its commit and the bus's ack) is
retried by the client, finds its events stored already, and must still reach
detection. The bus drops a repeat by its event id, the engine drops repeats
and events behind its watermark, so a re-sent event never warns twice.
"""

from __future__ import annotations

from fanzha.contract.readers import Accepted
from fanzha.ingest.conflicts import Conflict
from fanzha.services import EventBus


def publish_accepted(bus: EventBus, good: list[Accepted], conflicts: list[Conflict]) -> None:
    """Publish what was stored (or was stored already); raises unless the bus has it all."""
    conflicting = {c.accepted.event.key for c in conflicts}
    bus.publish([a for a in good if a.event.key not in conflicting])


__all__ = ["publish_accepted"]
