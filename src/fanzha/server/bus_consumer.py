"""A server of a many-server deployment: events out to the bus, warnings in as tasks.

``fanzha serve --bus nats://…`` publishes what it stores (``flows/bus.py``) and
runs, beside uvicorn, one consumer of ``fanzha.warnings.v1`` under its own
durable name. Each warning is taken into a task (``flows/bus_warnings.py``,
idempotent by warning id) and acknowledged only after that commit: a server
killed mid-consume gets the unacknowledged warnings again from its durable
consumer when it restarts, and takes them once.

Servers on one database each consume every warning; the store makes one task
of it. Servers on separate databases (one per district, say) each get every
task. Worker processes of one server share its durable consumer.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading

import structlog

from fanzha.contract.warning import decode_warning
from fanzha.flows.bus_warnings import take_warning
from fanzha.server.jetstream import WARNINGS_STREAM, WARNINGS_SUBJECT, JetStream, ensure_streams
from fanzha.services import Services

log = structlog.get_logger(__name__)

BATCH = 100
ACK_WAIT_S = 30.0
"""A warning not acknowledged in this time is delivered again (its task is made once)."""


def consumer_name(given: str | None, port: int | None = None) -> str:
    """The durable consumer's name: the one given, else ``serve-<host>-<port>``; a
    server must keep its name across restarts to resume where it stopped."""
    name = given or f"serve-{socket.gethostname()}" + (f"-{port}" if port else "")
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def attach_bus(context: Services, url: str, durable: str) -> threading.Event:
    """Bus mode for this process: publish events there, consume warnings; set the
    returned event to stop consuming."""
    context.bus = JetStream(url)
    stop = threading.Event()
    threading.Thread(
        target=lambda: asyncio.run(consume_warnings(context, url, durable, stop)),
        name="bus-warnings",
        daemon=True,
    ).start()
    return stop


async def consume_warnings(
    context: Services, url: str, durable: str, stop: threading.Event
) -> None:
    """Warnings → tasks until ``stop``; reconnects on its own (the client retries)."""
    import nats
    from nats.errors import TimeoutError as FetchTimeout
    from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

    nc = await nats.connect(url, max_reconnect_attempts=-1, name=f"fanzha {durable}")
    js = nc.jetstream()
    await ensure_streams(js)
    config = ConsumerConfig(
        durable_name=durable,
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        ack_wait=ACK_WAIT_S,
        max_ack_pending=10 * BATCH,
    )
    sub = await js.pull_subscribe(WARNINGS_SUBJECT, durable, stream=WARNINGS_STREAM, config=config)
    while not stop.is_set():
        try:
            messages = await sub.fetch(BATCH, timeout=1)
        except (TimeoutError, FetchTimeout):  # nothing new within the second
            continue
        except Exception:  # the bus is away: the client reconnects, we ask again
            log.exception("warnings fetch failed")
            await asyncio.sleep(1)
            continue
        for message in messages:
            try:
                warning = decode_warning(message.data)
            except Exception:  # not a warning: keep it out of the way, say so
                log.error("not a warning on the bus", sequence=message.metadata.sequence.stream)
                await message.term()
                continue
            try:
                await asyncio.to_thread(take_warning, context, warning)
            except Exception:  # the store is away or lost a race: deliver it again later
                log.exception("warning not taken", warning_id=warning.warning_id)
                await message.nak(delay=1.0)
                continue
            await message.ack_sync()  # after the task's commit
    await nc.close()


__all__ = ["attach_bus", "consume_warnings", "consumer_name"]
