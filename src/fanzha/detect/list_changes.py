"""What detection is told besides events: list entries added, and risky contacts.

In one process these are method calls on the live engine. With many servers
(``fanzha serve --bus``) the engine runs in another process, so they travel as
messages on the bus (``fanzha.lists.v1``) beside the events. Each change says
how far the events stream had got when it was made (``after``, the stream's
last sequence number): the detector applies it before any later event, and a
detector rebuilding its state after a restart applies it at the same place, so
the state it rebuilds is the state it had.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import msgspec

from fanzha.detect.lists import ListHit


class ListChange(msgspec.Struct, frozen=True, kw_only=True):
    """Entries now on the center's lists, or a resident's 风险查询 of a listed item."""

    hits: list[ListHit] = msgspec.field(default_factory=list)
    risky_person: str | None = None
    """The resident who asked about a listed item: their next payments read as after
    a risky contact (``Engine.note_risky_contact``)."""
    at: datetime | None = None
    after: int = 0
    """The events stream's last sequence number when the change was published."""

    @property
    def message_id(self) -> str:
        """One id per change, whatever its stamp: a publish retried after more events
        came is still stored once (no personal data)."""
        unstamped = msgspec.structs.replace(self, after=0)
        return "lists:" + hashlib.sha256(encode_change(unstamped)).hexdigest()[:32]


_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(ListChange)


def encode_change(change: ListChange) -> bytes:
    return _ENCODER.encode(change)


def decode_change(data: bytes) -> ListChange:
    """Raises ``msgspec.ValidationError`` naming the field of a bad message."""
    return _DECODER.decode(data)


__all__ = ["ListChange", "decode_change", "encode_change"]
