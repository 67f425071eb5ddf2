"""What partners tell the center: clues (and the rings they name), feedback, the week's counts.

Ring clues count in later checks and in detection's lists, so the numbers,
addresses and accounts partners tied to a ring are kept in memory here,
loaded from the partner log at start and added to as clues arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from fanzha.clock import Clock
from fanzha.partners.registry import Partner, PartnerRegistry, Scope
from fanzha.partners.repository import PartnerLogStore

RING_CLUES_LOADED = 100_000


class RingClues:
    """Phones, addresses and accounts partners tied to a ring."""

    def __init__(self) -> None:
        self.phones: set[str] = set()
        self.addresses: set[str] = set()
        self.accounts: set[str] = set()
        """Accounts partners tied to a ring: a list detection and transfer checks read."""

    def remember(self, clue: Mapping[str, Any]) -> None:
        """Numbers and addresses partners tied to a ring count in later checks."""
        value = str(clue.get("value") or "")
        if clue.get("ring") and value:
            if clue.get("kind") == "phone":
                self.phones.add(value)
            elif clue.get("kind") == "address":
                self.addresses.add(value)
            elif clue.get("kind") == "account":
                self.accounts.add(value)


class PartnerReports:
    def __init__(
        self, log: PartnerLogStore, clock: Clock, flush: Callable[[], None] = lambda: None
    ) -> None:
        self.log = log
        self.clock = clock
        self.flush = flush
        """Waits for checks answered but not yet written (the writer's): feedback names them."""
        self.rings = RingClues()
        for record in log.recent(kind="clue", limit=RING_CLUES_LOADED):
            # a logged record's ``kind`` is the log's ("clue"); the clue's own is its outcome
            self.rings.remember({**record, "kind": record["outcome"]})

    def clue(self, partner: Partner, clue: dict[str, Any], person_id: str | None) -> str:
        PartnerRegistry.require(partner, Scope.CLUES_WRITE)
        self.rings.remember(clue)
        return self.log.add(
            partner.partner_id, "clue", self.clock.now(), person_id, clue.get("kind"), clue
        )

    def feedback(self, partner: Partner, about: str, outcome: str, note: str) -> dict[str, Any]:
        """What happened after a check (driver refused, parcel held, sale stopped).

        ``KeyError`` when ``about`` is not one of this partner's checks: another
        partner's records do not exist for it."""
        PartnerRegistry.require(partner, Scope.FEEDBACK_WRITE)
        self.flush()
        check = self.log.get(about)
        if check is None or check["partner_id"] != partner.partner_id:
            raise KeyError(about)
        doc = {"about": about, "note": note, "check_kind": check["kind"]}
        record = self.log.add(
            partner.partner_id, "feedback", self.clock.now(), check["person_id"], outcome, doc
        )
        return {"record_id": record, "person_id": check["person_id"]}

    def summary(self, since: datetime) -> dict[str, dict[str, int]]:
        """Checks by kind and decision, clues and feedback by outcome: for the page."""
        self.flush()
        counts: dict[str, dict[str, int]] = {}
        for r in self.log.recent(limit=100_000):
            if r["ts"] >= since:
                bucket = counts.setdefault(r["kind"], {})
                bucket[r["outcome"] or "-"] = bucket.get(r["outcome"] or "-", 0) + 1
        return counts
