"""``fanzha detector``: one embedded detector for a city, between the bus's two streams.

It reads ``fanzha.events.v1.>`` with a durable consumer, feeds every event to
the same ``LiveDetector`` ``fanzha serve`` runs, publishes what it raises to
``fanzha.warnings.v1`` and acknowledges a batch of events only after JetStream
has acknowledged the batch's warnings. So after a ``kill -9``:

- no warning is lost: events whose warnings were not stored were not
  acknowledged, and are read again;
- no warning doubles: its message id (warning id, level, upgrade) makes
  JetStream drop a republished one, and servers take each warning once anyway;
- the state is what it was: before consuming, the detector replays the
  stream from its first message up to the consumer's acknowledged floor
  through the engine, publishing nothing (those warnings are out already).
  The engine is deterministic in the order it is fed, and the stream's order
  is the order it was fed before.

List entries and risky contacts that servers publish (``fanzha.lists.v1``)
are applied before the first event that came after them in the events stream
(``ListChange.after``), live and in the replay alike; one that reaches the
detector after it has already read past that point is applied at once, which
is the only place a rebuilt state can differ from the one it replaces.

Why the consumer is re-created at its floor on start: a dead process leaves
deliveries pending that JetStream would hand out again only after their ack
wait, behind newer ones; the engine needs the stream's order, so the detector
starts its durable consumer again right after the last acknowledged event.
Acknowledgements are cumulative (``AckPolicy.ALL``): one per batch.
"""

from __future__ import annotations

import asyncio
import bisect
from pathlib import Path
from typing import Any

import msgspec
import structlog

from fanzha.contract.readers import Accepted, decode_event
from fanzha.detect.list_changes import ListChange, decode_change
from fanzha.flows.live import LiveDetector
from fanzha.logging import configure_logging
from fanzha.server.jetstream import (
    EVENTS_STREAM,
    EVENTS_SUBJECT,
    LISTS_STREAM,
    LISTS_SUBJECT,
    ensure_streams,
    publish_warnings,
)
from fanzha.server.warmup import load_detector
from fanzha.settings import get_settings

log = structlog.get_logger(__name__)

BATCH = 500
ACK_WAIT_S = 300.0


def durable_name(city: str) -> str:
    return f"detector-{city}"


async def run_detector(
    url: str, city: str, detector: LiveDetector, stop: asyncio.Event | None = None
) -> None:
    """Consume events and publish warnings until ``stop`` is set (or forever)."""
    import nats
    from nats.errors import TimeoutError as FetchTimeout

    nc = await nats.connect(url, max_reconnect_attempts=-1, name=f"fanzha detector {city}")
    js = nc.jetstream()
    await ensure_streams(js)
    durable = durable_name(city)
    floor = await _restart_at_floor(js, durable)
    changes = await ListChanges.subscribe(js, detector)
    replayed = await _replay(js, floor, detector, changes)
    log.info("detector state rebuilt", city=city, replayed=replayed, floor=floor)
    sub = await js.pull_subscribe_bind(durable, stream=EVENTS_STREAM)
    while stop is None or not stop.is_set():
        try:
            messages = await sub.fetch(BATCH, timeout=1)
        except (TimeoutError, FetchTimeout):  # nothing new within the second
            continue
        if not messages:
            continue
        warnings = []
        for message in messages:
            seq = message.metadata.sequence.stream
            changes.apply_before(seq)
            decoded = decode_event(message.data, "bus", seq)
            if isinstance(decoded, Accepted):  # servers publish only what they accepted
                warnings.extend(detector.feed(decoded.event))
        await publish_warnings(js, warnings)  # raises unless JetStream stored them all
        await messages[-1].ack_sync()  # cumulative: the whole batch, after its warnings
    await changes.close()
    await nc.close()


class ListChanges:
    """The servers' list changes, held until the events stream reaches their place."""

    def __init__(self, detector: LiveDetector) -> None:
        self.detector = detector
        self.pending: list[tuple[int, int, ListChange]] = []
        self.received = 0
        """The lists stream's last sequence number taken in."""
        self.sub: Any = None

    @classmethod
    async def subscribe(cls, js: Any, detector: LiveDetector) -> ListChanges:
        """Every change published so far is held before this returns; later ones as they come."""
        from nats.js.api import DeliverPolicy

        changes = cls(detector)
        last = int((await js.stream_info(LISTS_STREAM)).state.last_seq or 0)
        changes.sub = await js.subscribe(
            LISTS_SUBJECT,
            stream=LISTS_STREAM,
            cb=changes.take,
            ordered_consumer=True,
            deliver_policy=DeliverPolicy.ALL,
        )
        while changes.received < last:
            await asyncio.sleep(0.01)
        return changes

    async def take(self, message: Any) -> None:
        seq = int(message.metadata.sequence.stream)
        try:
            change = decode_change(message.data)
        except msgspec.ValidationError as err:  # a bad message costs only itself
            log.warning("list change refused", seq=seq, error=str(err))
        else:
            bisect.insort(self.pending, (change.after, seq, change))
        self.received = max(self.received, seq)

    def apply_before(self, event_seq: int) -> None:
        """Apply the changes made before the event at ``event_seq`` was published."""
        while self.pending and self.pending[0][0] < event_seq:
            _, _, change = self.pending.pop(0)
            self.detector.apply_change(change)

    async def close(self) -> None:
        if self.sub is not None:
            await self.sub.unsubscribe()


async def _restart_at_floor(js: Any, durable: str) -> int:
    """The last event acknowledged (0: none); the durable consumer starts right after it."""
    from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
    from nats.js.errors import NotFoundError

    try:
        info = await js.consumer_info(EVENTS_STREAM, durable)
        floor = int(info.ack_floor.stream_seq or 0) if info.ack_floor else 0
        # Re-created at its floor and killed before its first ack, the consumer
        # reports no floor: the start it was given is the floor then.
        floor = max(floor, int(info.config.opt_start_seq or 1) - 1)
        await js.delete_consumer(EVENTS_STREAM, durable)
    except NotFoundError:
        floor = 0
    await js.add_consumer(
        EVENTS_STREAM,
        ConsumerConfig(
            durable_name=durable,
            filter_subject=f"{EVENTS_SUBJECT}.>",
            deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
            opt_start_seq=floor + 1,
            ack_policy=AckPolicy.ALL,
            ack_wait=ACK_WAIT_S,
            max_ack_pending=4 * BATCH,
        ),
    )
    return floor


async def _replay(js: Any, floor: int, detector: LiveDetector, changes: ListChanges) -> int:
    """Feed the stream's events up to ``floor`` again, their warnings dropped (sent already)."""
    if floor == 0:
        return 0
    from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

    sub = await js.pull_subscribe(
        f"{EVENTS_SUBJECT}.>",
        stream=EVENTS_STREAM,
        config=ConsumerConfig(
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.NONE,
            inactive_threshold=60.0,
        ),
    )
    fed = 0
    try:
        while True:
            for message in await sub.fetch(BATCH, timeout=5):
                seq = message.metadata.sequence.stream
                if seq > floor:
                    return fed
                changes.apply_before(seq)
                decoded = decode_event(message.data, "bus", seq)
                if isinstance(decoded, Accepted):
                    detector.feed(decoded.event)
                fed += 1
                if seq == floor:
                    return fed
    finally:
        await sub.unsubscribe()


def run_detector_command(
    url: str, city: str, rules: Path | None, model: str | None, database_url: str | None
) -> None:
    """The body of ``fanzha detector``: build the live engine, then run until killed."""
    configure_logging(get_settings().log_level)
    if database_url is not None:  # residents and accounts ingested straight into the store
        from fanzha.flows.lists import attach_stored_lists, mule_score_accounts
        from fanzha.mules.sql import SqlMuleScores
        from fanzha.store import engine
        from fanzha.trace.sql import SqlHoldRepository

        detector = load_detector(database_url, rules, model)
        db = engine(database_url)
        live_holds = SqlHoldRepository(db).live
        attach_stored_lists(detector, live_holds, mule_score_accounts(SqlMuleScores(db).listed))
    else:
        detector = LiveDetector(rules, model)
    asyncio.run(run_detector(url, city, detector))


__all__ = ["durable_name", "run_detector", "run_detector_command"]
