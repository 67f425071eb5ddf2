"""Everything besides money that can tie a case to a ring, collected in one pass.

Money goes to the trace's ``GraphBuilder`` (so tracing and hub recognition are
the trace's own); alongside, this keeps the contacts a victim had — calls,
courier orders, parcels, gold mailed — indexed by the victim's phone or
account, and per phone and address the counts that tell a ring's number or
drop-off from a service line or a depot.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from fanzha.contract.kinds import Call, Event, GoldPurchase, Order, Parcel, Person
from fanzha.contract.readers import Accepted, extra_fields
from fanzha.rings.addresses import normalise_address
from fanzha.trace.graph import GraphBuilder


@dataclass(frozen=True)
class Contact:
    """A victim-side event pointing at a phone or an address."""

    event_id: str
    ts: int
    target: str
    """The caller's phone, or the normalised address."""
    kind: str
    """``call``, ``order``, ``parcel`` or ``gold``."""
    written: str = ""
    """The address as written (the first spelling seen is what a ring shows)."""
    seconds: int = 0
    """A call's duration."""


@dataclass
class Evidence:
    """Money (as a graph builder) plus contacts, and the counts hub rules read."""

    money: GraphBuilder = field(default_factory=GraphBuilder)
    calls_to: dict[str, list[Contact]] = field(default_factory=lambda: defaultdict(list))
    """Callee phone → calls it received (caller in ``target``)."""
    sent_by_phone: dict[str, list[Contact]] = field(default_factory=lambda: defaultdict(list))
    """Requester or sender phone → orders and parcels to an address."""
    gold_by_account: dict[str, list[Contact]] = field(default_factory=lambda: defaultdict(list))
    """Account → gold it had mailed to an address."""
    callees: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    caller_tags: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    senders: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Normalised address → the phones or accounts that sent something there."""
    spelling: dict[str, str] = field(default_factory=dict)
    residents: set[str] = field(default_factory=set)
    """Phones of the city's residents (``person`` events)."""
    gold_sellers: set[str] = field(default_factory=set)
    """Accounts a gold purchase names as its seller (the bank's extra ``seller`` field)."""
    _seen: set[tuple[str, str]] = field(default_factory=set)

    def add_accepted(self, accepted: Accepted) -> None:
        """An event with its line: the money side reads the extra fields as ``fanzha trace``
        does (``account_kind`` on account records, ``to_bank`` on transfers), so hubs,
        wallets and sub-merchant ledgers are recognised the same way."""
        self.money.add_accepted(accepted)
        event = accepted.event
        if isinstance(event, GoldPurchase) and b"seller" in accepted.raw:
            seller = extra_fields(accepted).get("seller")
            if isinstance(seller, str):
                self.gold_sellers.add(seller)
        self._contact(event)

    def add(self, event: Event) -> None:
        self.money.add(event)
        self._contact(event)

    def _contact(self, event: Event) -> None:
        if isinstance(event, Person):
            self.residents.update(event.phones)
            return
        if not isinstance(event, Call | Order | Parcel | GoldPurchase):
            return
        if event.key in self._seen:
            return
        self._seen.add(event.key)
        when = int(event.ts.timestamp())
        if isinstance(event, Call):
            self.callees[event.caller].add(event.callee)
            self.caller_tags[event.caller].update(event.caller_tags)
            contact = Contact(event.id, when, event.caller, "call", seconds=event.duration_s)
            self.calls_to[event.callee].append(contact)
        elif isinstance(event, Order):
            if event.passengers == 0:  # an item travels alone: cash or gold to a courier
                self._sent(event.requester, event.dropoff.address, event.id, when, "order")
        elif isinstance(event, Parcel):
            self._sent(event.sender, event.receiver_address, event.id, when, "parcel")
        elif event.delivery == "mail" and event.delivery_address:
            self._sent(event.account_id, event.delivery_address, event.id, when, "gold")

    def _sent(self, who: str, address: str, event_id: str, when: int, kind: str) -> None:
        key = normalise_address(address)
        if not key:
            return
        self.spelling.setdefault(key, address)
        self.senders[key].add(who)
        contact = Contact(event_id, when, key, kind, address)
        (self.gold_by_account if kind == "gold" else self.sent_by_phone)[who].append(contact)

    def extend(self, events: Iterable[Event]) -> Evidence:
        for event in events:
            self.add(event)
        return self

    def extend_accepted(self, accepted: Iterable[Accepted]) -> Evidence:
        for item in accepted:
            self.add_accepted(item)
        return self
