"""Detection as keyed stages, for engines that keep state per key across machines.

The embedded engine looks phones and accounts up in one process's dicts. An
engine that partitions by key (Flink) cannot: the owner of a phone lives with
the phone's key, the holder of an account with the account's key, and a
person's state with the person's key. So an event travels through three keyed
stages, each run in event-time order per key:

1. **Directory A**, keyed by the phone or account the event came through
   (for a transfer: the account paid): learns owners and accounts from
   reference data and attaches who the event concerns.
2. **Directory B**, keyed by the paying account of a transfer (others pass
   through): attaches the payer.
3. **Person**, keyed by resident: runs :class:`~fanzha.detect.keyed.PersonStep`,
   the very code the embedded engine runs.

Within one moment, items go by source, id and role, as in the embedded
engine, so both give the same warnings. Nothing here imports an engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import msgspec

from fanzha.contract.kinds import Account, AnyEvent, Person, Transfer
from fanzha.contract.ownership import ownership
from fanzha.detect.keyed import ACCOUNT_OF, PAYEE, PAYER, PHONE_OF, SUBJECT, PersonStep
from fanzha.detect.models import Warning
from fanzha.detect.state import AccountInfo, Directory, PersonState

OWN: Final = "own"
"""A person record at one of their phones: the phone's owner."""
HOME: Final = "home"
"""A person record at the person: a resident, with a home address."""
OPEN: Final = "account"
"""An account record: holder, opening date, address on file."""
EVENT: Final = "event"

_ROLE_ORDER: Final = {OWN: 0, HOME: 0, OPEN: 0, EVENT: 0, SUBJECT: 0, PAYER: 0, PAYEE: 1}


class Item(msgspec.Struct, array_like=True, omit_defaults=True, gc=False):
    """What travels between stages: the event and what earlier stages found."""

    event: AnyEvent
    op: str = EVENT
    role: str = SUBJECT
    payee: AccountInfo | None = None
    """The paid account, as its bank describes it (transfers, for the payer)."""
    account: AccountInfo | None = None
    """The account of a withdrawal or gold purchase."""


Record = tuple[str, int, bytes]
"""(key, event time in epoch milliseconds, encoded Item): what a keyed engine moves."""

# JSON, not MessagePack: MessagePack keeps a time as UTC and would lose the
# offset the partner sent, which warnings repeat.
_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder(Item).decode
_STATE = msgspec.json.Decoder(PersonState).decode
_ACCOUNT = msgspec.json.Decoder(AccountInfo).decode


def millis(event: AnyEvent) -> int:
    return int(event.ts.timestamp() * 1000)


def _record(key: str, item: Item) -> Record:
    return key, millis(item.event), _ENCODE(item)


def entry_records(event: AnyEvent, step: PersonStep) -> list[Record]:
    """The records an event enters directory A as (none for ordinary events)."""
    if step.ordinary(event):
        return []
    kind = type(event)
    if kind is Transfer:
        return [_record(f"account:{event.to_account}", Item(event))]  # type: ignore[union-attr]
    phone_of = PHONE_OF.get(kind)
    if phone_of is not None:
        return [_record(f"phone:{phone_of(event)}", Item(event))]
    account_of = ACCOUNT_OF.get(kind)
    if account_of is not None:
        return [_record(f"account:{account_of(event)}", Item(event))]
    if kind is Person:  # only the fields its source owns, as in the embedded engine
        fields = ownership().owned(event)  # type: ignore[arg-type]
        records = [
            _record(f"phone:{phone}", Item(event, op=OWN))
            for phone in (event.phones if "phones" in fields else ())  # type: ignore[union-attr]
        ]
        if "address" in fields:
            records.append(_record(f"person:{event.person_id}", Item(event, op=HOME)))  # type: ignore[union-attr]
        return records
    if kind is Account:
        if "holder" not in ownership().owned(event):  # type: ignore[arg-type]
            return []
        return [_record(f"account:{event.account_id}", Item(event, op=OPEN))]  # type: ignore[union-attr]
    return []  # reports and other kinds no detector reads


def decode(payload: bytes) -> Item:
    return _DECODE(payload)


def dedup_key(item: Item) -> str:
    """Source and id: what makes two records the same event."""
    return f"{item.event.source}\x00{item.event.id}"


def in_order(payloads: list[bytes]) -> list[Item]:
    """One key's items of one moment, in the embedded engine's order."""
    items = [_DECODE(p) for p in payloads]
    if len(items) > 1:
        items.sort(key=lambda i: (i.event.source, i.event.id, _ROLE_ORDER[i.role]))
    return items


def directory_a(key: str, entry: bytes | None, item: Item) -> tuple[bytes | None, list[Record]]:
    """Stage A at one phone or account: (the key's new entry, records for stage B)."""
    event = item.event
    if item.op == OWN:
        return event.person_id.encode(), []  # type: ignore[union-attr]
    if item.op == HOME:
        return entry, [_record(f"person:{event.person_id}", item)]  # type: ignore[union-attr]
    if item.op == OPEN:
        return _ENCODE(AccountInfo.of(event)), [_record(f"account:{event.account_id}", item)]  # type: ignore[arg-type, union-attr]
    if type(event) is Transfer:
        item.payee = _ACCOUNT(entry) if entry is not None else None
        return entry, [_record(f"account:{event.from_account}", item)]
    if entry is None:
        return None, []  # a phone or account no resident was seen with
    if type(event) in PHONE_OF:
        return entry, [_record(f"person:{entry.decode()}", item)]
    item.account = _ACCOUNT(entry)
    holder = item.account.holder
    return entry, [_record(f"person:{holder}", item)] if holder else []


def directory_b(key: str, entry: bytes | None, item: Item) -> tuple[bytes | None, list[Record]]:
    """Stage B: accounts again (for payers); everything but transfers passes through."""
    event = item.event
    if item.op == OPEN:
        return _ENCODE(AccountInfo.of(event)), []  # type: ignore[arg-type]
    if type(event) is not Transfer:
        return entry, [(key, millis(event), _ENCODE(item))]
    out: list[Record] = []
    payer = _ACCOUNT(entry) if entry is not None else None
    if payer is not None and payer.holder:
        out.append(_record(f"person:{payer.holder}", Item(event, role=PAYER, payee=item.payee)))
    if item.payee is not None and item.payee.holder:
        out.append(_record(f"person:{item.payee.holder}", Item(event, role=PAYEE)))
    return entry, out


@dataclass
class PersonEntry:
    """A person's keyed state: home (a resident) and detection state."""

    home: str | None = None
    state: PersonState | None = None


def person_stage(person_id: str, entry: PersonEntry, item: Item, step: PersonStep) -> list[Warning]:
    """Stage 3: a resident's event through the shared step; updates ``entry``."""
    event = item.event
    if item.op == HOME:
        entry.home = event.address  # type: ignore[union-attr]
        return []
    if entry.home is None:
        return []  # not a resident we know: outside accounts, businesses
    accounts: dict[str, AccountInfo] = {}
    if item.payee is not None:
        accounts[event.to_account] = item.payee  # type: ignore[union-attr]
    if item.account is not None:
        accounts[event.account_id] = item.account  # type: ignore[union-attr]
    directory = Directory(accounts=accounts, home={person_id: entry.home})
    entry.state, warnings = step.run(person_id, entry.state, event, item.role, directory)
    return warnings


def run_in_stages(events: list[AnyEvent], step: PersonStep) -> list[Warning]:
    """The three stages in one process, each key's items in event-time order.

    What a keyed engine computes when no event is later than the lateness:
    lets a test compare the stage logic with the embedded engine without a
    cluster. Holds everything in memory; not for production.
    """
    seen: set[tuple[str, str]] = set()
    records: list[Record] = []
    for event in events:
        if (event.source, event.id) not in seen:
            seen.add((event.source, event.id))
            records += entry_records(event, step)
    for stage in (directory_a, directory_b):
        entries: dict[str, bytes | None] = {}
        out: list[Record] = []
        for key, item in _ordered(records):
            entries[key], found = stage(key, entries.get(key), item)
            out += found
        records = out
    persons: dict[str, PersonEntry] = {}
    warnings: list[Warning] = []
    for key, item in _ordered(records):
        person_id = key.removeprefix("person:")
        warnings += person_stage(
            person_id, persons.setdefault(person_id, PersonEntry()), item, step
        )
    return warnings


def _ordered(records: list[Record]) -> list[tuple[str, Item]]:
    by_moment: dict[tuple[int, str], list[bytes]] = {}
    for key, ts, payload in records:
        by_moment.setdefault((ts, key), []).append(payload)
    return [
        (key, item)
        for (_, key), payloads in sorted(by_moment.items())
        for item in in_order(payloads)
    ]


def decode_state(raw: bytes | None) -> PersonState | None:
    return _STATE(raw) if raw is not None else None


def encode(value: msgspec.Struct) -> bytes:
    return _ENCODE(value)


__all__ = [
    "Item",
    "PersonEntry",
    "Record",
    "decode",
    "decode_state",
    "dedup_key",
    "directory_a",
    "directory_b",
    "encode",
    "entry_records",
    "in_order",
    "person_stage",
    "run_in_stages",
]
