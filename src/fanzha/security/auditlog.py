"""Where audit entries are kept: an append-only log behind a small interface."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from fanzha.security.audit import AuditEntry, ChainBroken, chain, verify_chain
from fanzha.security.roles import Principal


class AuditLog(Protocol):
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


def entry_after(
    previous: AuditEntry | None,
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
        ts=when,
        user_id=principal.user_id,
        role=str(principal.role),
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=dict(detail or {}),
    )


class InMemoryAuditLog:
    """Serialises appends with a lock so the chain has one order."""

    def __init__(self) -> None:
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
            entry = entry_after(previous, principal, action, object_type, object_id, when, detail)
            self._entries.append(entry)
            return entry

    def entries(self) -> list[AuditEntry]:
        return list(self._entries)


def verify(log: AuditLog) -> ChainBroken | None:
    return verify_chain(log.entries())
