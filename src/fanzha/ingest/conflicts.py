"""Same ``source`` + ``id``, other content: a conflict, not a duplicate.

Re-sending an event is normal and must change nothing, so an exact re-send
stays a silent duplicate. But a bank that sends transfer ``T1`` again with
another amount is either correcting itself, reusing ids, or being spoofed;
counting that as a duplicate would hide it. The stored event stays (detection
has already run on it) and the other version is recorded in
``event_conflicts`` for an analyst, with the names of the fields that differ.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

import msgspec

from fanzha.contract.readers import Accepted

_OBJECT = msgspec.json.Decoder(dict[str, Any])

Key = tuple[str, str]
StoredLookup = Callable[[list[Key]], dict[Key, bytes | str]]
"""(source, id) keys → the stored raw lines of those that are stored."""


class Conflict(NamedTuple):
    accepted: Accepted
    fields: list[str]
    """Fields whose value differs from the stored event (also unknown fields)."""

    def __str__(self) -> str:
        a = self.accepted
        source, event_id = a.event.key
        changed = ", ".join(self.fields)
        return (
            f"{a.file}:{a.line}: conflict: {source} {event_id} is stored already with "
            f"other content (differs in: {changed}); the stored event is kept"
        )


def differing_fields(stored_raw: bytes | str, raw: bytes) -> list[str]:
    """Names of the top-level fields that differ; ``[]`` if the two say the same.

    Compared as JSON values, so whitespace and key order do not matter.
    Timestamps are compared as instants: ``…T10:00+08:00`` equals ``…T02:00Z``.
    """
    old, new = _OBJECT.decode(stored_raw), _OBJECT.decode(raw)
    names = sorted(set(old) | set(new))
    return [n for n in names if not _same(n, old.get(n), new.get(n))]


def _same(name: str, old: Any, new: Any) -> bool:
    if old == new:
        return True
    if name == "ts" and isinstance(old, str) and isinstance(new, str):
        try:
            return datetime.fromisoformat(old) == datetime.fromisoformat(new)
        except ValueError:
            return False
    return False


def find_conflicts(
    batch: list[Accepted], new_keys: set[Key], lookup: StoredLookup
) -> list[Conflict]:
    """The events of ``batch`` that were not new and differ from what is stored.

    ``lookup`` reads in the batch's transaction, so a duplicate inside the batch
    is compared with its first copy, which was just inserted.
    """
    stored: dict[Key, bytes | str] = {}
    repeated: list[Accepted] = []
    for accepted in batch:
        key = accepted.event.key
        if key in new_keys and key not in stored:
            stored[key] = accepted.raw  # this copy was inserted; later ones repeat it
        else:
            repeated.append(accepted)
    if not repeated:
        return []
    stored.update(lookup(sorted({a.event.key for a in repeated} - stored.keys())))
    conflicts: list[Conflict] = []
    for accepted in repeated:
        stored_raw = stored.get(accepted.event.key)
        if stored_raw is None or _as_bytes(stored_raw) == accepted.raw:
            continue
        if fields := differing_fields(stored_raw, accepted.raw):
            conflicts.append(Conflict(accepted, fields))
    return conflicts


def _as_bytes(raw: bytes | str) -> bytes:
    return raw.encode("utf-8") if isinstance(raw, str) else raw


def conflict_rows(conflicts: list[Conflict], now: datetime) -> list[dict[str, Any]]:
    """``event_conflicts`` rows: the other version, where it came from, what differs."""
    return [
        {
            "source": c.accepted.event.source,
            "id": c.accepted.event.id,
            "received": now,
            "origin": c.accepted.file,
            "line": c.accepted.line,
            "fields": ",".join(c.fields),
            "raw": c.accepted.raw.decode("utf-8"),
        }
        for c in conflicts
    ]


__all__ = ["Conflict", "Key", "StoredLookup", "conflict_rows", "differing_fields", "find_conflicts"]
