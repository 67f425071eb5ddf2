"""The embedded streaming engine: event-time order, keyed state, bounded memory.

Events are released to the detectors in event-time order once the watermark
(the latest event time seen, minus the allowed lateness) has passed them, so
an event that arrives late — up to the lateness — is used exactly as if it had
come in order, and the same input always gives the same warnings. Events later
than that are counted and dropped. Duplicates (same source and id) are
ignored. Person state expires after the rules' window of silence.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

from fanzha.contract.kinds import (
    Account,
    App,
    Call,
    Event,
    GoldPurchase,
    Order,
    Parcel,
    Person,
    Sms,
    Transfer,
    Web,
    Withdrawal,
)
from fanzha.detect import detectors as det
from fanzha.detect.indicators import IndicatorLookup
from fanzha.detect.models import Signal, Warning
from fanzha.detect.rules import Rules, load_rules
from fanzha.detect.scoring import live_signals, reasons, score, typology
from fanzha.detect.state import AccountInfo, Directory, PersonState

E = TypeVar("E", bound=Event)


@dataclass
class EngineStats:
    events: int = 0
    duplicates: int = 0
    irrelevant: int = 0
    too_late: int = 0
    signals: int = 0
    warnings: int = 0
    upgrades: int = 0
    expired_states: int = 0


@dataclass
class Engine:
    rules: Rules = field(default_factory=load_rules)
    lateness: timedelta = timedelta(0)
    indicators: IndicatorLookup | None = None
    """Blocklist and look-alike answers from the patrol (optional)."""
    directory: Directory = field(default_factory=Directory)
    persons: dict[str, PersonState] = field(default_factory=dict)
    stats: EngineStats = field(default_factory=EngineStats)
    _heap: list[tuple[datetime, str, str, int, Event]] = field(default_factory=list)
    _seen: dict[tuple[str, str], datetime] = field(default_factory=dict)
    _order: Iterator[int] = field(default_factory=itertools.count)
    _max_ts: datetime | None = None
    _prune_at: int = 200_000
    _released: datetime | None = None

    # --- input ----------------------------------------------------------------

    def feed(self, event: Event) -> list[Warning]:
        """Take one event (in arrival order); returns warnings it made due."""
        self.stats.events += 1
        if self._irrelevant(event):
            self.stats.irrelevant += 1
            return []
        key = (event.source, event.id)
        if key in self._seen:
            self.stats.duplicates += 1
            return []
        if self._released is not None and event.ts < self._released:
            self.stats.too_late += 1
            return []
        self._seen[key] = event.ts
        heapq.heappush(self._heap, (event.ts, event.source, event.id, next(self._order), event))
        if self._max_ts is None or event.ts > self._max_ts:
            self._max_ts = event.ts
        return self._release(self._max_ts - self.lateness)

    def _irrelevant(self, event: Event) -> bool:
        """Events no detector can learn from skip the reorder buffer entirely.

        Exactly the cases where the detector would return nothing and change no
        state (a short untagged call, an app opened, a ride with passengers…),
        so the warnings are the same, at a fraction of the cost: most of a
        city's events are ordinary.
        """
        r = self.rules
        if isinstance(event, Call):
            return event.duration_s < r.calls.min_long_s and not (
                r.flagged_tag_set.intersection(event.caller_tags)
            )
        if isinstance(event, App):
            return event.action in ("open", "uninstall") or (
                event.action == "install" and event.app in r.known_app_set
            )
        if isinstance(event, Order):
            return event.passengers > 0
        if isinstance(event, Withdrawal):
            return event.amount_fen < r.money.large_withdrawal_fen
        if isinstance(event, Parcel):
            return det.CASH_OR_GOLD.search(event.declared_contents) is None
        return False

    def flush(self) -> list[Warning]:
        """End of input: process everything still held back."""
        if self._max_ts is None:
            return []
        return self._release(self._max_ts)

    def run(self, events: Iterable[Event]) -> Iterator[Warning]:
        for event in events:
            yield from self.feed(event)
        yield from self.flush()

    def reload(self, path: Path) -> None:
        """Swap in a new rules file (validated first; a bad file leaves the old rules)."""
        self.rules = load_rules(path)

    # --- processing -------------------------------------------------------------

    def _release(self, watermark: datetime) -> list[Warning]:
        out: list[Warning] = []
        heap = self._heap
        while heap and heap[0][0] <= watermark:
            ts, _, _, _, event = heapq.heappop(heap)
            self._released = ts
            out.extend(self._process(event))
        if len(self._seen) > self._prune_at and self._released is not None:
            self._forget(self._released)
            # Keys still inside the lateness window must stay: wait until the set has
            # doubled before looking again, or pruning would run on every event.
            self._prune_at = max(200_000, 2 * len(self._seen))
        return out

    def _forget(self, now: datetime) -> None:
        """Bounded memory: old dedup keys and silent persons' state go."""
        horizon = now - self.lateness - timedelta(hours=1)
        self._seen = {k: ts for k, ts in self._seen.items() if ts >= horizon}
        quiet = now.timestamp() - self.rules.window.total_seconds()
        stale = [
            pid
            for pid, s in self.persons.items()
            if s.last_signal_at < quiet
            and s.risk_at is None
            and not s.small_payments
            and s.withdrawal is None
        ]
        for pid in stale:
            del self.persons[pid]
        self.stats.expired_states += len(stale)

    def _person(self, person_id: str) -> PersonState:
        state = self.persons.get(person_id)
        if state is None:
            state = self.persons[person_id] = PersonState()
        return state

    def _process(self, event: Event) -> list[Warning]:
        d = self.directory
        owner = d.phone_owner.get
        if isinstance(event, Call):
            return self._apply(owner(event.callee), event, det.on_call)
        if isinstance(event, Sms):
            return self._apply(owner(event.receiver), event, det.on_sms)
        if isinstance(event, Web):
            return self._apply(owner(event.phone), event, partial(det.on_web, ind=self.indicators))
        if isinstance(event, App):
            return self._apply(owner(event.phone), event, partial(det.on_app, ind=self.indicators))
        if isinstance(event, Transfer):
            return self._transfer(event)
        if isinstance(event, Withdrawal):
            holder = self._holder(event.account_id)
            if event.amount_fen < self.rules.money.large_withdrawal_fen:
                return []
            return self._apply(holder, event, det.on_withdrawal, stateful=True)
        if isinstance(event, Order):
            return self._apply(owner(event.requester), event, det.on_order)
        if isinstance(event, GoldPurchase):
            return self._apply(self._holder(event.account_id), event, det.on_gold)
        if isinstance(event, Parcel):
            return self._apply(owner(event.sender), event, det.on_parcel)
        if isinstance(event, Person):
            for phone in event.phones:
                d.phone_owner[phone] = event.person_id
            d.home[event.person_id] = event.address
        elif isinstance(event, Account):
            d.accounts[event.account_id] = AccountInfo(
                holder=event.holder, opened=event.opened, address=event.address_on_file
            )
        return []

    def _transfer(self, event: Transfer) -> list[Warning]:
        """Only payers worth remembering get state: a risky past or a sizeable payment."""
        out: list[Warning] = []
        payer = self._holder(event.from_account)
        if payer is not None and (
            payer in self.persons or event.amount_fen >= self.rules.money.remember_payee_fen
        ):
            out = self._apply(payer, event, det.on_transfer_out, stateful=True)
        payee = self._holder(event.to_account)
        if payee is not None and payee in self.persons:
            out = out + self._apply(payee, event, det.on_transfer_in)
        return out

    def _holder(self, account: str) -> str | None:
        info = self.directory.accounts.get(account)
        return info.holder if info is not None else None

    def _apply(
        self,
        person_id: str | None,
        event: E,
        detector: Callable[[E, PersonState, Directory, Rules], list[Signal]],
        stateful: bool = False,
    ) -> list[Warning]:
        """Run a detector for a resident. Read-only detectors see a shared empty state
        until they find something, so quiet residents cost no memory."""
        if person_id is None or person_id not in self.directory.home:
            return []  # not a resident we know: outside accounts, businesses
        state = self.persons.get(person_id)
        if state is None:
            if stateful:
                state = self.persons[person_id] = PersonState()
            else:
                found = detector(event, _EMPTY, self.directory, self.rules)
                if not found:
                    return []
                state = self.persons[person_id] = PersonState()
                return self._record(person_id, state, found, event.ts)
        found = detector(event, state, self.directory, self.rules)
        return self._record(person_id, state, found, event.ts) if found else []

    def _record(
        self, person_id: str, state: PersonState, found: list[Signal], now: datetime
    ) -> list[Warning]:
        for signal in found:
            state.signals[signal.name] = signal
            if signal.name in det.RISKY_CONTACT:
                state.risk_at = signal.ts.timestamp()
        self.stats.signals += len(found)
        return self._judge(person_id, state, now)

    def _judge(self, person_id: str, state: PersonState, now: datetime) -> list[Warning]:
        rules = self.rules
        current = live_signals(state.signals, now, rules)
        if (
            state.warning_id
            and now.timestamp() - state.last_signal_at > rules.window.total_seconds()
        ):
            state.warning_id, state.level = None, None  # a new episode
        state.last_signal_at = now.timestamp()
        value = score(current, rules)
        level = rules.level_for(value)
        if level is None or (state.level is not None and _rank(level) <= _rank(state.level)):
            return []
        upgrade = state.warning_id is not None
        if not upgrade:
            state.episodes += 1
            state.warning_id = f"W-{person_id}-{state.episodes}"
            self.stats.warnings += 1
        else:
            self.stats.upgrades += 1
        state.level = level
        assert state.warning_id is not None
        return [
            Warning(
                warning_id=state.warning_id,
                person_id=person_id,
                ts=now,
                level=rules.levels[level].colour,
                typology=typology(current, rules),
                score=value,
                reasons=reasons(current, rules),
                evidence=list(dict.fromkeys(s.evidence for s in current)),
                upgrade=upgrade,
            )
        ]


_RANKS = {"low": 0, "medium": 1, "high": 2}
_EMPTY = PersonState()
"""Handed to read-only detectors for residents without state; never written."""


def _rank(level: str) -> int:
    return _RANKS[level]


__all__ = ["Engine", "EngineStats", "Signal"]
