"""What the API needs from the rest of fanzha, assembled once per process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from fanzha.api.idempotency import IdempotencyStore
from fanzha.clock import Clock
from fanzha.contract.kinds import Event
from fanzha.dissuade.service import TaskService, WarningIn
from fanzha.security.auditlog import AuditLog
from fanzha.security.users import UserDirectory


class WarningSource(Protocol):
    """The detection engine as the service sees it: one event in, warnings out."""

    def feed(self, event: Event) -> list[WarningIn]: ...


@dataclass
class ApiContext:
    clock: Clock
    users: UserDirectory
    audit: AuditLog
    tasks: TaskService
    detector: WarningSource
    person_details: Callable[[str], dict[str, Any] | None]
    """Name, phones, address… of a person, for the task page (masked per role)."""
    idempotency: IdempotencyStore = field(default_factory=IdempotencyStore)
