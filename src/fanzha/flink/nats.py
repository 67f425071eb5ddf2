"""NATS JetStream as the detection job's source and sink.

PyFlink has no JetStream connector and cannot run a source written in
Python, so the source is built from what Flink does have: a
``NumberSequenceSource`` counts blocks of stream sequence numbers, and a
flat-map fetches each block's messages from JetStream by sequence. Flink
checkpoints the counter, JetStream keeps the messages: after a restart the
job asks again for exactly the blocks it had not finished.

The sink publishes each warning with a ``Nats-Msg-Id`` made of its id, level
and upgrade flag; JetStream drops a repeat inside the stream's duplicate
window, so a warning replayed after recovery is stored once.

In production the same job reads Kafka with Flink's Kafka connector (see
docs/scale.md): one topic of events partitioned by person key.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pyflink.common import Types, WatermarkStrategy
from pyflink.datastream import FlatMapFunction, MapFunction, RuntimeContext
from pyflink.datastream.connectors.number_seq import NumberSequenceSource

BLOCK = 500
"""Messages fetched per sequence-source element when the count is known."""


class _Connected:
    url: str

    def connect(self) -> None:
        import nats

        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)  # the client asks for the current loop
        self.nc = self.loop.run_until_complete(nats.connect(self.url))
        self.js = self.nc.jetstream()

    def close(self) -> None:
        self.loop.run_until_complete(self.nc.close())
        self.loop.close()


class FetchBlock(FlatMapFunction, _Connected):  # type: ignore[misc]
    """Block number → the JSON Lines stored at its sequence numbers, as one block."""

    def __init__(self, url: str, stream: str, block: int, last: int | None) -> None:
        self.url, self.stream, self.block, self.last = url, stream, block, last

    def open(self, runtime_context: RuntimeContext) -> None:
        self.connect()

    def flat_map(self, value: int) -> Any:
        asyncio.set_event_loop(self.loop)  # PyFlink may call from another thread than open()
        first = value * self.block + 1
        last = (
            first + self.block - 1 if self.last is None else min(first + self.block - 1, self.last)
        )
        messages = self.loop.run_until_complete(
            asyncio.gather(*(self._get(seq) for seq in range(first, last + 1)))
        )
        yield "\n".join(messages)  # one element per block: the job parses blocks

    async def _get(self, seq: int) -> str:
        from nats.js.errors import NotFoundError

        while True:  # a live stream: wait for the message to be published
            try:
                message = await self.js.get_msg(self.stream, seq)
                return bytes(message.data or b"").decode("utf-8")
            except NotFoundError:
                await asyncio.sleep(0.05)

    def close(self) -> None:
        _Connected.close(self)


def jetstream_lines(env: Any, url: str, stream: str, count: int | None) -> Any:
    """A stream of the JetStream stream's messages, in sequence order."""
    block = BLOCK if count else 1
    blocks = (count + block - 1) // block if count else 2**62
    numbers = env.from_source(
        NumberSequenceSource(0, blocks - 1), WatermarkStrategy.no_watermarks(), "jetstream blocks"
    ).set_parallelism(1)
    return numbers.flat_map(
        FetchBlock(url, stream, block, count), output_type=Types.STRING()
    ).set_parallelism(1)


class Publish(MapFunction, _Connected):  # type: ignore[misc]
    """Publishes each warning line to a JetStream subject, de-duplicated by JetStream."""

    def __init__(self, url: str, subject: str) -> None:
        self.url, self.subject = url, subject

    def open(self, runtime_context: RuntimeContext) -> None:
        self.connect()

    def map(self, value: str) -> str:
        import json

        asyncio.set_event_loop(self.loop)
        w = json.loads(value)
        msg_id = f"{w['warning_id']}:{w['level']}:{int(w.get('upgrade', False))}"
        self.loop.run_until_complete(
            self.js.publish(self.subject, value.encode(), headers={"Nats-Msg-Id": msg_id})
        )
        return value

    def close(self) -> None:
        _Connected.close(self)


__all__ = ["FetchBlock", "Publish", "jetstream_lines"]
