"""An append-only audit trail whose entries are hash-chained.

Every view, export and action is one entry. Each entry's hash covers its own
content and the previous entry's hash, so changing, inserting or deleting any
row breaks every hash after it — which ``verify_chain`` reports with the first
bad sequence number. Storage is the caller's (a SQL table in the service, a
list in tests); this module only computes and checks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Final

import msgspec

GENESIS_HASH: Final = "0" * 64
_ENCODER = msgspec.json.Encoder(order="sorted")


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    """Who did what to which object, when, and from where."""

    seq: int
    ts: datetime
    user_id: str
    role: str
    action: str
    """``view``, ``export``, ``sign``, ``attempt``, ``login``, …"""
    object_type: str
    object_id: str
    detail: Mapping[str, Any] = {}
    prev_hash: str = GENESIS_HASH
    hash: str = ""


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the entry's canonical JSON (its own ``hash`` left out)."""
    content = msgspec.structs.replace(entry, hash="")
    return hashlib.sha256(_ENCODER.encode(content)).hexdigest()


def chain(previous: AuditEntry | None, **fields: Any) -> AuditEntry:
    """The next entry after ``previous``, sealed with its hash."""
    seq = previous.seq + 1 if previous else 1
    prev_hash = previous.hash if previous else GENESIS_HASH
    draft = AuditEntry(seq=seq, prev_hash=prev_hash, **fields)
    return msgspec.structs.replace(draft, hash=entry_hash(draft))


class ChainBroken(msgspec.Struct, frozen=True):
    seq: int
    reason: str


def verify_chain(entries: Iterable[AuditEntry]) -> ChainBroken | None:
    """None when the chain is intact, else where and why it first breaks."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainBroken(expected_seq, f"entry {expected_seq} missing (found {entry.seq})")
        if entry.prev_hash != expected_prev:
            return ChainBroken(entry.seq, "does not follow the previous entry's hash")
        if entry_hash(entry) != entry.hash:
            return ChainBroken(entry.seq, "content changed after it was written")
        expected_prev = entry.hash
        expected_seq += 1
    return None
