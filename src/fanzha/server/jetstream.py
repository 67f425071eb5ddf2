"""The bus of a many-server deployment: NATS JetStream streams, subjects and message ids.

Why a bus: live detection holds each person's state in one process. With
several ``fanzha serve`` behind a balancer each would see a fraction of every
person's events, so in bus mode (``fanzha serve --bus``) the servers only
store and publish events; one detector process (``fanzha detector``) or the
Flink job warns for the whole city, and every server turns the one warnings
stream into tasks.

Two streams:

- ``FANZHA_EVENTS`` on ``fanzha.events.v1.<partition>``: the events as posted
  (the raw JSON, every field), partitioned by the phone, account or person
  they are keyed by, as the Kafka topic ``fanzha.events.v1`` is.
  ``Nats-Msg-Id`` is the event's (source, id): a retried post publishes once.
- ``FANZHA_WARNINGS`` on ``fanzha.warnings.v1``: warnings in the warnings-file
  format (contract v1); ``Nats-Msg-Id`` is the warning id, level and upgrade
  flag, as the Flink job's sink writes it, so a warning republished after a
  detector restart is stored once.
- ``FANZHA_LISTS`` on ``fanzha.lists.v1``: what detection is told besides
  events (``detect.list_changes``): list entries an analyst added on any server,
  and residents' 风险查询 of listed items, each with the events stream's
  sequence number at that moment, so the detector applies it at the same place
  in the stream live and when it rebuilds its state.
"""

from __future__ import annotations

import asyncio
import threading
import zlib
from collections.abc import Coroutine
from typing import Any, Final, TypeVar

import msgspec

from fanzha.contract.kinds import Account, Event, Person, Transfer
from fanzha.contract.readers import Accepted
from fanzha.contract.warning import Warning, encode_warning
from fanzha.detect.keyed import ACCOUNT_OF, PHONE_OF
from fanzha.detect.list_changes import ListChange, encode_change

EVENTS_STREAM: Final = "FANZHA_EVENTS"
EVENTS_SUBJECT: Final = "fanzha.events.v1"
WARNINGS_STREAM: Final = "FANZHA_WARNINGS"
WARNINGS_SUBJECT: Final = "fanzha.warnings.v1"
LISTS_STREAM: Final = "FANZHA_LISTS"
LISTS_SUBJECT: Final = "fanzha.lists.v1"
PARTITIONS: Final = 16
"""Event subjects per city; a consumer filters ``fanzha.events.v1.>`` for all of them."""
EVENTS_DEDUPE_S: Final = 600.0
"""How long a re-posted event is dropped by its id on the bus (the engine also drops
repeats and events behind its watermark, so an older repeat warns nothing either)."""
WARNINGS_DEDUPE_S: Final = 24 * 3600.0
"""How long a republished warning is dropped by JetStream (servers dedupe by id anyway)."""

T = TypeVar("T")


def resident_key(event: Event) -> str:
    """The phone, account or person the event is keyed by, as the Kafka topic keys it
    (docs/scale.md) and directory A of the Flink job does: a transfer by its payee."""
    if isinstance(event, Person):
        return event.person_id
    if isinstance(event, Account):
        return event.account_id
    if isinstance(event, Transfer):
        return event.to_account
    of = PHONE_OF.get(type(event)) or ACCOUNT_OF.get(type(event))
    return of(event) if of is not None else event.id


def event_subject(event: Event) -> str:
    """``fanzha.events.v1.<n>``: a stable hash of the resident key (no personal data)."""
    return f"{EVENTS_SUBJECT}.{zlib.crc32(resident_key(event).encode()) % PARTITIONS}"


def event_message_id(event: Event) -> str:
    source, event_id = event.key
    return f"{source}:{event_id}"


def warning_message_id(warning: Warning) -> str:
    """The same id the Flink job's JetStream sink writes: a warning and its upgrade differ."""
    return f"{warning.warning_id}:{warning.level.colour}:{int(warning.upgrade)}"


async def ensure_streams(js: Any) -> None:
    """Create the streams when missing (file storage: they survive a nats-server restart)."""
    from nats.js.api import StorageType, StreamConfig
    from nats.js.errors import NotFoundError

    for name, subjects, window in (
        (EVENTS_STREAM, [f"{EVENTS_SUBJECT}.>"], EVENTS_DEDUPE_S),
        (WARNINGS_STREAM, [WARNINGS_SUBJECT], WARNINGS_DEDUPE_S),
        (LISTS_STREAM, [LISTS_SUBJECT], WARNINGS_DEDUPE_S),
    ):
        try:
            await js.stream_info(name)
        except NotFoundError:
            config = StreamConfig(
                name=name, subjects=subjects, duplicate_window=window, storage=StorageType.FILE
            )
            await js.add_stream(config)


async def publish_events(js: Any, batch: list[Accepted]) -> None:
    """Publish and wait for JetStream's acks: raises unless every event is stored there."""
    await asyncio.gather(
        *(
            js.publish(
                event_subject(a.event),
                a.raw,
                headers={"Nats-Msg-Id": event_message_id(a.event)},
            )
            for a in batch
        )
    )


async def publish_warnings(js: Any, warnings: list[Warning]) -> None:
    await asyncio.gather(
        *(
            js.publish(
                WARNINGS_SUBJECT,
                encode_warning(w),
                headers={"Nats-Msg-Id": warning_message_id(w)},
            )
            for w in warnings
        )
    )


async def publish_change(js: Any, change: ListChange) -> None:
    """Stamp the change with how far the events stream has got, then publish it."""
    info = await js.stream_info(EVENTS_STREAM)
    stamped = msgspec.structs.replace(change, after=int(info.state.last_seq or 0))
    await js.publish(
        LISTS_SUBJECT, encode_change(stamped), headers={"Nats-Msg-Id": stamped.message_id}
    )


class JetStream:
    """One NATS connection on its own event-loop thread, for the server's sync code."""

    def __init__(self, url: str, timeout_s: float = 30.0) -> None:
        import nats

        self.timeout_s = timeout_s
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="jetstream", daemon=True).start()
        self.nc = self.run(nats.connect(url, max_reconnect_attempts=-1, name="fanzha serve"))
        self.js = self.nc.jetstream()
        self.run(ensure_streams(self.js))

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(self.timeout_s)

    def publish(self, batch: list[Accepted]) -> None:
        """Returns once JetStream has stored every event (the HTTP answer waits for this)."""
        if batch:
            self.run(publish_events(self.js, batch))

    def publish_change(self, change: ListChange) -> None:
        """Returns once JetStream has stored the change (the analyst's answer waits for it)."""
        self.run(publish_change(self.js, change))


__all__ = [
    "EVENTS_STREAM",
    "EVENTS_SUBJECT",
    "LISTS_STREAM",
    "LISTS_SUBJECT",
    "WARNINGS_STREAM",
    "WARNINGS_SUBJECT",
    "JetStream",
    "ensure_streams",
    "event_subject",
    "publish_change",
    "publish_events",
    "publish_warnings",
    "warning_message_id",
]
