"""Rings over the store: load or rebuild them, read them, merge and split them.

Plain methods like the case service: the API calls these and knows nothing of
grouping or storage; these know nothing of HTTP. Who may see or act is checked
here, and every view and every change is audited. Rings are city-wide
intelligence: analysts, district officers and auditors read them (with
personal fields masked per role by the API); only analysts change them.
Storage comes in as a ``RingRepository`` and a source of events.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable

from fanzha.clock import Clock
from fanzha.contract.kinds import Event
from fanzha.rings.config import default_ring_config
from fanzha.rings.evidence import Evidence
from fanzha.rings.group import find_rings
from fanzha.rings.kept import Decision, HistoryEntry, KeptRing, Members, merge, replay, split
from fanzha.rings.model import Ring
from fanzha.rings.repository import RingRepository
from fanzha.security.auditlog import AuditLog
from fanzha.security.roles import Principal, Role
from fanzha.trace.config import default_trace_config

READERS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.AUDITOR)
ACTORS = (Role.CENTER_ANALYST,)


class RingForbidden(PermissionError):
    pass


class RingNotFound(LookupError):
    pass


class RingRuleError(ValueError):
    """A merge or split that cannot be done (a ring with itself, members not in it…)."""


class RingService:
    def __init__(
        self,
        rings: RingRepository,
        events: Callable[[], Iterable[Event]],
        clock: Clock,
        audit: AuditLog,
    ) -> None:
        """``events``: the events to find rings in again, read afresh on each rebuild."""
        self.rings = rings
        self._events = events
        self.clock = clock
        self.audit = audit
        self._lock = threading.Lock()
        # Read when the server starts (a bad file stops it, naming file and field), not
        # at each rebuild.
        self.configs = (default_trace_config(), default_ring_config())

    def _check(self, principal: Principal, roles: tuple[Role, ...]) -> None:
        if principal.role not in roles:
            raise RingForbidden(f"{principal.role} may not do this")

    # ---- finding -----------------------------------------------------------------------

    def load(self, principal: Principal, found: list[Ring], source: str) -> int:
        """Keep ``found`` (a ``fanzha rings`` run) as the rings, analysts' decisions replayed."""
        self._check(principal, ACTORS)
        with self._lock:
            before = self.rings.all()
            now = self.clock.now()
            rings: dict[str, KeptRing] = {}
            for ring in found:
                old = before.get(ring.ring_id)
                entry = HistoryEntry(ts=now, actor=principal.user_id, action="found", reason=source)
                history = [*(old.history if old else []), entry]
                rings[ring.ring_id] = KeptRing(
                    ring=ring, version=(old.version + 1) if old else 1, history=history
                )
            replay(rings, self.rings.decisions())
            for ring_id, old in before.items():  # rings merged away keep their record
                if old.state == "merged" and ring_id not in rings:
                    rings[ring_id] = old
            self.rings.replace_all(rings)
        self.audit.append(principal, "rings.load", "rings", source, now, {"rings": len(found)})
        return sum(1 for kept in rings.values() if kept.state == "active")

    def rebuild(self, principal: Principal) -> int:
        """Find the rings again over the store's events."""
        self._check(principal, ACTORS)
        evidence = Evidence().extend(self._events())
        found = find_rings(evidence, *self.configs)
        return self.load(principal, found, "rebuild")

    # ---- reading -----------------------------------------------------------------------

    def list_rings(self, principal: Principal) -> list[KeptRing]:
        self._check(principal, READERS)
        active = [k for k in self.rings.all().values() if k.state == "active"]
        active.sort(key=lambda k: (-len(k.ring.cases), -len(k.ring.accounts), k.ring.ring_id))
        self.audit.append(principal, "rings.list", "rings", "*", self.clock.now(), {})
        return active

    def get(self, principal: Principal, ring_id: str) -> KeptRing:
        self._check(principal, READERS)
        kept = self.rings.get(ring_id)
        if kept is None:
            raise RingNotFound(f"no ring {ring_id}")
        self.audit.append(principal, "ring.view", "ring", ring_id, self.clock.now(), {})
        return kept

    def ring_of_case(self, case_id: str) -> str | None:
        return self.rings.ring_of("cases", case_id)

    # ---- changing ----------------------------------------------------------------------

    def _decision(
        self, principal: Principal, action: str, reason: str, **members: Members
    ) -> Decision:
        if not reason.strip():
            raise RingRuleError("a reason is required")
        return Decision(
            decision_id=f"rd-{secrets.token_hex(8)}",
            ts=self.clock.now(),
            actor=principal.user_id,
            action=action,  # type: ignore[arg-type]
            reason=reason.strip(),
            keep=members.get("keep", Members()),
            moved=members["moved"],
        )

    def merge(self, principal: Principal, ring_id: str, other_id: str, reason: str) -> KeptRing:
        """``other_id`` joins ``ring_id`` (which keeps its id); both keep the history."""
        self._check(principal, ACTORS)
        if ring_id == other_id:
            raise RingRuleError("a ring cannot be merged with itself")
        with self._lock:
            survivor, absorbed = self.rings.get(ring_id), self.rings.get(other_id)
            if survivor is None or absorbed is None:
                raise RingNotFound(f"no ring {ring_id if survivor is None else other_id}")
            if survivor.state != "active" or absorbed.state != "active":
                raise RingRuleError("only active rings can be merged")
            versions = {ring_id: survivor.version, other_id: absorbed.version}
            decision = self._decision(
                principal, "merge", reason,
                keep=_members(survivor.ring), moved=_members(absorbed.ring),
            )  # fmt: skip
            rings = {ring_id: survivor, other_id: absorbed}
            merge(rings, ring_id, other_id, decision)
            self.rings.save([survivor, absorbed], versions)
            self.rings.add_decision(decision)
        self.audit.append(
            principal, "ring.merge", "ring", ring_id, decision.ts,
            {"absorbed": other_id, "reason": decision.reason, "decision": decision.decision_id},
        )  # fmt: skip
        return survivor

    def split(self, principal: Principal, ring_id: str, moved: Members, reason: str) -> KeptRing:
        """Take ``moved`` out of the ring into a new one; returns the new ring."""
        self._check(principal, ACTORS)
        if moved.empty():
            raise RingRuleError("name the cases, accounts, phones or addresses to split off")
        with self._lock:
            parent = self.rings.get(ring_id)
            if parent is None:
                raise RingNotFound(f"no ring {ring_id}")
            if parent.state != "active":
                raise RingRuleError("only an active ring can be split")
            for kind in ("cases", "accounts", "phones", "addresses"):
                stray = set(getattr(moved, kind)) - set(getattr(parent.ring, kind))
                if stray:
                    raise RingRuleError(f"{kind}: {len(stray)} not in ring {ring_id}")
            left = sum(
                len(set(getattr(parent.ring, k)) - set(getattr(moved, k)))
                for k in ("cases", "accounts", "phones", "addresses")
            )
            if left == 0:
                raise RingRuleError("a split must leave something in the ring")
            versions = {ring_id: parent.version}
            decision = self._decision(principal, "split", reason, moved=moved)
            rings = {ring_id: parent}
            new_id = split(rings, ring_id, decision)
            self.rings.save([parent, rings[new_id]], versions)
            self.rings.add_decision(decision)
        self.audit.append(
            principal, "ring.split", "ring", ring_id, decision.ts,
            {"new_ring": new_id, "reason": decision.reason, "decision": decision.decision_id},
        )  # fmt: skip
        return rings[new_id]


def _members(ring: Ring) -> Members:
    return Members(
        cases=list(ring.cases), accounts=list(ring.accounts),
        phones=list(ring.phones), addresses=list(ring.addresses),
    )  # fmt: skip
