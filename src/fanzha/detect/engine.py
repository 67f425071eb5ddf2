"""The embedded streaming engine: event-time order, keyed state, bounded memory.

Events are released to the detectors in event-time order once the watermark
(the latest event time seen, minus the allowed lateness) has passed them, so
an event that arrives late — up to the lateness — is used exactly as if it had
come in order, and the same input always gives the same warnings. Events later
than that are counted and dropped. Duplicates (same source and id) are
ignored. Person state is forgotten once nothing in it can matter any more
(``keyed.expired``). What happens to a person is ``keyed.PersonStep``, shared
with the Flink job: this module only orders events and finds their people.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter
from pathlib import Path
from typing import Any

from fanzha.contract.kinds import Account, Event, Person, Transfer
from fanzha.contract.ownership import ownership
from fanzha.detect.indicators import IndicatorLookup
from fanzha.detect.keyed import (
    ACCOUNT_OF,
    PAYEE,
    PAYER,
    PHONE_OF,
    SUBJECT,
    Observer,
    PersonStep,
    expired,
)
from fanzha.detect.learned import LearnedModel
from fanzha.detect.models import Signal, Warning
from fanzha.detect.rules import Rules, load_rules
from fanzha.detect.state import AccountInfo, Directory, PersonState


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
    model: LearnedModel | None = None
    """A learned scoring and text model (``fanzha learn``); None: the rules score."""
    observe: Observer | None = None
    """Told every change of a person's live signals (``fanzha learn`` collects them)."""
    directory: Directory = field(default_factory=Directory)
    persons: dict[str, PersonState] = field(default_factory=dict)
    stats: EngineStats = field(default_factory=EngineStats)
    _heap: list[tuple[datetime, int, list[Event]]] = field(default_factory=list)
    """Events waiting for the watermark: (time, arrival, events of that time arriving
    together). A reference snapshot of a million records with one time is one entry,
    where a heap of events would compare a million sources and ids at every step."""
    _arrivals: Iterator[int] = field(default_factory=itertools.count)
    _last: tuple[datetime, list[Event]] | None = None
    """The newest heap entry, while it still waits: same-time events join it."""
    _seen: dict[tuple[str, str], datetime] = field(default_factory=dict)
    _max_ts: datetime | None = None
    _prune_floor: int = 200_000
    """Dedup keys held before memory is first looked over."""
    _prune_at: int = 200_000
    _released: datetime | None = None

    def __post_init__(self) -> None:
        self._step = PersonStep(self.rules, self.indicators, self.model, self.observe)
        self._owned = ownership().owned
        routes: dict[type, Callable[[Any], list[Warning]]] = {
            Person: self._person,
            Account: self._account,
            Transfer: self._transfer,
        }
        routes.update(dict.fromkeys(PHONE_OF, self._by_phone))
        routes.update(dict.fromkeys(ACCOUNT_OF, self._by_account))
        self._routes = routes

    # --- input ----------------------------------------------------------------

    def feed(self, event: Event) -> list[Warning]:
        """Take one event (in arrival order); returns warnings it made due."""
        return self.feed_many((event,))

    def feed_many(self, events: Iterable[Event]) -> list[Warning]:
        """Take events in arrival order; returns the warnings they made due.

        The one path for files and live events alike (``feed`` is a batch of
        one). Written as a single loop because it runs for every event a city
        makes: ordinary events are dropped first, then duplicates and events
        later than the lateness; the rest wait in a heap until the watermark
        (latest event time minus the lateness) passes them.
        """
        out: list[Warning] = []
        stats = self.stats
        ordinary = self._step.ordinary_test.get
        seen, heap, arrivals = self._seen, self._heap, self._arrivals
        heappush, process = heapq.heappush, self._process
        last_ts, last = self._last or (None, None)
        released, max_ts = self._released, self._max_ts
        watermark = None if max_ts is None else max_ts - self.lateness
        count = irrelevant = duplicates = too_late = 0
        for event in events:
            count += 1
            kind = type(event)
            test = ordinary(kind)
            if test is not None and test(event):
                irrelevant += 1
                continue
            ts = event.ts
            if released is not None and ts < released:
                too_late += 1
                continue
            if kind not in _REFERENCE:  # a repeated record sets the same again: no need
                key = (event.source, event.id)
                if key in seen:
                    duplicates += 1
                    continue
                seen[key] = ts
            if ts == last_ts:
                last.append(event)  # type: ignore[union-attr]
            else:
                last_ts, last = ts, [event]
                heappush(heap, (ts, next(arrivals), last))
            if max_ts is None or ts > max_ts:
                max_ts = ts
                watermark = ts - self.lateness
            if heap[0][0] <= watermark:  # type: ignore[operator]
                released, ready = self._pop_due(watermark)  # type: ignore[arg-type]
                if last_ts is not None and last_ts <= released:
                    last_ts = last = None  # released: a later same-time event starts anew
                for found in map(process, ready):
                    if found:
                        out.extend(found)
        self._released, self._max_ts = released, max_ts
        self._last = None if last_ts is None else (last_ts, last)  # type: ignore[assignment]
        stats.events += count
        stats.irrelevant += irrelevant
        stats.duplicates += duplicates
        stats.too_late += too_late
        self._after(out)
        return out

    def flush(self) -> list[Warning]:
        """End of input: process everything still held back."""
        out: list[Warning] = []
        if self._heap:
            self._released, ready = self._pop_due(max(entry[0] for entry in self._heap))
            for event in ready:
                out.extend(self._process(event))
        self._last = None
        self._after(out)
        return out

    def _pop_due(self, watermark: datetime) -> tuple[datetime, list[Event]]:
        """Every waiting event at or before the watermark, in (time, source, id) order."""
        heap, heappop = self._heap, heapq.heappop
        ready: list[Event] = []
        released = self._released
        while heap and heap[0][0] <= watermark:
            released, _, same_time = heappop(heap)
            while heap and heap[0][0] == released:  # the same time, arrived apart
                same_time = same_time + heappop(heap)[2]
            if len(same_time) > 1:
                same_time.sort(key=_BY_SOURCE_AND_ID)
            ready.extend(same_time)
        return released, ready  # type: ignore[return-value]

    def run(self, events: Iterable[Event]) -> Iterator[Warning]:
        for event in events:
            yield from self.feed(event)
        yield from self.flush()

    def run_batches(self, batches: Iterable[list[Event]]) -> Iterator[Warning]:
        """A file's events in batches: the same path as ``run``, with less call overhead."""
        for batch in batches:
            yield from self.feed_many(batch)
        yield from self.flush()

    def reload(self, path: Path) -> None:
        """Swap in a new rules file (validated first; a bad file leaves the old rules)."""
        self.rules = load_rules(path)
        self.reload_step()

    def reload_step(self) -> None:
        """Rebuild the person step from ``rules`` and ``indicators`` (new rules, new list
        entries); person state and counters stay."""
        signals = self._step.signals
        self._step = PersonStep(self.rules, self.indicators, self.model, self.observe)
        self._step.signals = signals

    # --- processing -------------------------------------------------------------

    def _after(self, warnings: list[Warning]) -> None:
        stats = self.stats
        for warning in warnings:
            if warning.upgrade:
                stats.upgrades += 1
            else:
                stats.warnings += 1
        stats.signals = self._step.signals
        if len(self._seen) > self._prune_at and self._released is not None:
            self._forget(self._released)
            # Keys still inside the lateness window must stay: wait until the set has
            # doubled before looking again, or pruning would run on every event.
            self._prune_at = max(self._prune_floor, 2 * len(self._seen))

    def _forget(self, now: datetime) -> None:
        """Bounded memory: old dedup keys and state nothing can use again go.

        Expiry is a rule of event time checked whenever state is used, so when
        this runs changes how much memory is held, never a warning.
        """
        horizon = now - self.lateness - timedelta(hours=1)
        self._seen = {k: ts for k, ts in self._seen.items() if ts >= horizon}
        moment = now.timestamp()
        stale = [pid for pid, s in self.persons.items() if expired(s, moment)]
        for pid in stale:
            del self.persons[pid]
        self.stats.expired_states += len(stale)

    def _process(self, event: Event) -> list[Warning]:
        """Bring the event to the people it concerns (phones and accounts → residents)."""
        route = self._routes.get(type(event))
        return route(event) if route is not None else []

    def _by_phone(self, event: Event) -> list[Warning]:
        phone = PHONE_OF[type(event)](event)
        return self._run(self.directory.phone_owner.get(phone), event, SUBJECT)

    def _by_account(self, event: Event) -> list[Warning]:
        info = self.directory.accounts.get(ACCOUNT_OF[type(event)](event))
        return self._run(info.holder, event, SUBJECT) if info is not None else []

    def _transfer(self, event: Transfer) -> list[Warning]:
        accounts, persons = self.directory.accounts, self.persons
        payer = accounts.get(event.from_account)
        payee = accounts.get(event.to_account)
        out: list[Warning] = []
        # Most transfers concern nobody with state; skip the step call for them.
        if payer is not None and not self._step.keeps_nothing(
            persons.get(payer.holder or ""), event, PAYER
        ):
            out = self._run(payer.holder, event, PAYER)
        if payee is not None and payee.holder in persons:  # only they can see a rebate
            return out + self._run(payee.holder, event, PAYEE)
        return out

    def _person(self, event: Person) -> list[Warning]:
        """Only what the source owns (``contract.ownership``): a platform's ``person``
        record must not hand a resident's phone or home to someone else."""
        d, owned = self.directory, self._owned(event)
        if "phones" in owned:
            for phone in event.phones:
                d.phone_owner[phone] = event.person_id
        if "address" in owned:
            d.home[event.person_id] = event.address
        return []

    def _account(self, event: Account) -> list[Warning]:
        if "holder" in self._owned(event):  # only the account's own bank says whose it is
            self.directory.accounts[event.account_id] = AccountInfo.of(event)
        return []

    def note_risky_contact(self, person_id: str, at: datetime) -> bool:
        """A sign from outside the event stream that the person is in touch with fraud
        (a 风险查询 of a listed number or account by the person): their later transfers
        and withdrawals read it as a recent risky contact, as after a flagged call.
        False for someone who is not a known resident."""
        if person_id not in self.directory.home:
            return False
        state = self.persons.get(person_id) or PersonState()
        moment = at.timestamp()
        state.risk_at = max(state.risk_at or 0.0, moment)
        memory = self.rules.money.risk_memory_hours * 3600
        state.keep_until = max(state.keep_until, moment + memory)
        self.persons[person_id] = state
        return True

    # --- what it knows, offered on purpose (partner checks ask it live) -----------
    # Read-only answers, so callers never reach into ``directory`` or ``persons``.

    def phone_owner(self, phone: str) -> str | None:
        return self.directory.phone_owner.get(phone)

    def account_holder(self, account_id: str) -> str | None:
        info = self.directory.accounts.get(account_id)
        return info.holder if info else None

    def address_on_file(self, account_id: str) -> str | None:
        info = self.directory.accounts.get(account_id)
        return info.address if info else None

    def home_address(self, person_id: str) -> str | None:
        return self.directory.home.get(person_id)

    def live_level(self, person_id: str) -> str | None:
        """The level of the person's live warning in this engine, if any."""
        state = self.persons.get(person_id)
        return state.level if state else None

    def risky_contact_at(self, person_id: str) -> float | None:
        """When the person last had a suspicious contact (epoch seconds), if remembered."""
        state = self.persons.get(person_id)
        return state.risk_at if state else None

    def last_withdrawal(self, person_id: str) -> tuple[float, int] | None:
        """(epoch seconds, fen) of the person's last large cash withdrawal, if remembered."""
        state = self.persons.get(person_id)
        if state is None or state.withdrawal is None:
            return None
        at, fen, _ = state.withdrawal
        return at, fen

    def _run(self, person_id: str | None, event: Event, role: str) -> list[Warning]:
        if person_id is None or person_id not in self.directory.home:
            return []  # not a resident we know: outside accounts, businesses
        before = self.persons.get(person_id)
        state, warnings = self._step.run(person_id, before, event, role, self.directory)
        if state is None:
            if before is not None:  # expired, and this event left nothing to keep
                del self.persons[person_id]
                self.stats.expired_states += 1
        elif state is not before:
            self.persons[person_id] = state
        return warnings


_REFERENCE = frozenset({Person, Account})
"""Reference records: applying one twice changes nothing, so they skip de-duplication
(a day's snapshot of every resident and account would otherwise fill the dedup set)."""
_BY_SOURCE_AND_ID = attrgetter("source", "id")
"""Events of one moment go by source and id: the order never depends on arrival."""


__all__ = ["Engine", "EngineStats", "Signal"]
