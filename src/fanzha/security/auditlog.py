"""Where audit entries are kept: an append-only log behind a small interface.

What is recorded passes through :func:`~fanzha.security.masking.mask_text`
first: auditors see who looked up which number, never the number in clear
(their role reads no personal field), and the trail is no second copy of the
data it protects.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple, Protocol

import msgspec

from fanzha.security.audit import AuditEntry, ChainBroken, Checkpoint, chain, verify_chain
from fanzha.security.masking import mask_deep, mask_text
from fanzha.security.roles import Principal


class AuditFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Which entries an auditor browses: by user, action, object and time, newest first."""

    user_id: str | None = None
    action: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Exclusive."""

    def matches(self, entry: AuditEntry) -> bool:
        return (
            (self.user_id is None or entry.user_id == self.user_id)
            and (self.action is None or entry.action == self.action)
            and (self.object_id is None or entry.object_id == self.object_id)
            and (self.since is None or entry.ts >= self.since)
            and (self.until is None or entry.ts < self.until)
        )


class AuditPage(msgspec.Struct, frozen=True, kw_only=True):
    total: int
    """How many entries match, over all pages."""
    entries: list[AuditEntry]


class AuditRecord(NamedTuple):
    """One entry to append, before it is chained and sealed (``AuditLog.append_many``)."""

    principal: Principal
    action: str
    object_type: str
    object_id: str
    when: datetime
    detail: Mapping[str, Any] | None = None


class AuditLog(Protocol):
    def append_many(self, records: Sequence[AuditRecord]) -> list[AuditEntry]:
        """Chain several entries at once, in order: one transaction and one checkpoint
        for a sweep that escalates hundreds of tasks, not one of each per entry."""
        ...

    def append(
        self,
        principal: Principal,
        action: str,
        object_type: str,
        object_id: str,
        when: datetime,
        detail: Mapping[str, Any] | None = None,
    ) -> AuditEntry: ...

    def entries(self) -> list[AuditEntry]: ...

    def page(self, where: AuditFilter, offset: int, limit: int) -> AuditPage:
        """One page of the matching entries, newest first, and how many match in all."""
        ...

    def verify(self) -> ChainBroken | None:
        """None if the trail is whole and unaltered, else where and why it first fails."""
        ...


def entry_after(
    previous: AuditEntry | None,
    key: bytes,
    principal: Principal,
    action: str,
    object_type: str,
    object_id: str,
    when: datetime,
    detail: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """The sealed entry that records ``principal`` doing ``action`` after ``previous``."""
    return chain(
        previous,
        key,
        ts=when,
        user_id=principal.user_id,
        role=str(principal.role),
        action=action,
        object_type=object_type,
        object_id=mask_text(object_id),
        detail=mask_deep(dict(detail or {})),
    )


class InMemoryAuditLog:
    """Serialises appends with a lock so the chain has one order; anchored in memory."""

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key or secrets.token_bytes(32)
        self.anchor: Checkpoint | None = None
        self._entries: list[AuditEntry] = []
        self._lock = threading.Lock()

    def append(
        self,
        principal: Principal,
        action: str,
        object_type: str,
        object_id: str,
        when: datetime,
        detail: Mapping[str, Any] | None = None,
    ) -> AuditEntry:
        with self._lock:
            previous = self._entries[-1] if self._entries else None
            entry = entry_after(
                previous, self.key, principal, action, object_type, object_id, when, detail
            )
            self._entries.append(entry)
            self.anchor = Checkpoint(entry.seq, entry.hash)
            return entry

    def append_many(self, records: Sequence[AuditRecord]) -> list[AuditEntry]:
        with self._lock:
            made = []
            for record in records:
                previous = self._entries[-1] if self._entries else None
                entry = entry_after(previous, self.key, *record)
                self._entries.append(entry)
                made.append(entry)
            if made:
                self.anchor = Checkpoint(made[-1].seq, made[-1].hash)
            return made

    def entries(self) -> list[AuditEntry]:
        return list(self._entries)

    def page(self, where: AuditFilter, offset: int, limit: int) -> AuditPage:
        found = [e for e in reversed(self._entries) if where.matches(e)]
        return AuditPage(total=len(found), entries=found[offset : offset + limit])

    def verify(self) -> ChainBroken | None:
        return verify_chain(self._entries, self.key, self.anchor)


def verify(log: AuditLog) -> ChainBroken | None:
    return log.verify()
