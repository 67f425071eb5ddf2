"""Detection as keyed stages, for engines that keep state per key across machines.

The embedded engine looks phones and accounts up in one process's dicts. An
engine that partitions by key (Flink) cannot: the owner of a phone lives with
the phone's key, the holder of an account with the account's key, and a
person's state with the person's key. So an event travels through three keyed
stages, each run in event-time order per key:

1. **Directory A**, keyed by the phone or account the event came through
   (for a transfer: the account paid): learns owners and accounts from
   reference data and attaches who the event concerns.
2. **Directory B**, keyed by the paying account of a transfer (only account
   records and transfers go there): attaches the payer.
3. **Person**, keyed by resident: runs :class:`~fanzha.detect.keyed.PersonStep`,
   the very code the embedded engine runs.

The directory stages never decode an event. What they need is worked out once,
when the event enters (:func:`entry_records`), into a :data:`Record`'s plain
fields: what to do (``op``), where the record goes next (``route``), the
account a bank described (``info``). The Flink job runs them as Java operators
(``src/fanzha/flink/java``) that implement :func:`directory_a` and
:func:`directory_b` here line for line; the person stage decodes the event.

Within one moment, records go by source, id and role, as in the embedded
engine, so both give the same warnings. Nothing here imports an engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import msgspec

from fanzha.contract.kinds import Account, AnyEvent, Person, Transfer
from fanzha.contract.ownership import ownership
from fanzha.detect.keyed import ACCOUNT_OF, PAYEE, PAYER, PHONE_OF, SUBJECT, PersonStep
from fanzha.detect.models import Warning
from fanzha.detect.state import AccountInfo, Directory, PersonState

# What a record asks of the stage that holds its key (``op``).
OWN: Final = "own"
"""A person record at one of their phones: the phone's owner (``route``: the person)."""
HOME: Final = "home"
"""A person record at the person: a resident, with a home address."""
OPEN: Final = "account"
"""An account record: ``info`` is what its bank said (holder, opening date, address)."""
TRANSFER: Final = "transfer"
"""A transfer at the paid account (``route``: the paying account's key)."""
PHONE: Final = "phone"
"""An event made on a phone: it concerns the phone's owner."""
HELD: Final = "held"
"""An event on an account (withdrawal, gold): it concerns the account's holder."""
EVENT: Final = "event"
"""The op a person's events have in :class:`Item`."""

Record = tuple[str, int, str, str, str, str, bytes | None, bytes | None, bytes | None, bytes]
"""What a keyed engine moves between stages:

(key, event time in epoch ms, order (source NUL id), role, op, route, info,
payee, account, event as JSON). ``info``, ``payee`` and ``account`` are
accounts as :func:`account_bytes` writes them (holder, NUL, the JSON of
:class:`AccountInfo`), or None."""

KEY: Final = 0
TS: Final = 1
ORDER: Final = 2
ROLE: Final = 3
OP: Final = 4
ROUTE: Final = 5
INFO: Final = 6
PAYEE_AT: Final = 7
ACCOUNT_AT: Final = 8
EVENT_AT: Final = 9


class Item(msgspec.Struct, array_like=True, omit_defaults=True, gc=False):
    """What the person stage gives the step: the event and what the directories found."""

    event: AnyEvent
    op: str = EVENT
    role: str = SUBJECT
    payee: AccountInfo | None = None
    """The paid account, as its bank describes it (transfers, for the payer)."""
    account: AccountInfo | None = None
    """The account of a withdrawal or gold purchase."""


# JSON, not MessagePack: MessagePack keeps a time as UTC and would lose the
# offset the partner sent, which warnings repeat.
_ENCODE = msgspec.json.Encoder().encode
_EVENT = msgspec.json.Decoder(AnyEvent).decode
_STATE = msgspec.json.Decoder(PersonState).decode
_ACCOUNT = msgspec.json.Decoder(AccountInfo).decode


def millis(event: AnyEvent) -> int:
    return int(event.ts.timestamp() * 1000)


def account_bytes(account: Account) -> bytes:
    """An account as the directories keep it: its holder first, so that a stage
    can route by holder without decoding the rest."""
    info = AccountInfo.of(account)
    return (info.holder or "").encode() + b"\x00" + _ENCODE(info)


def holder_of(account: bytes) -> str:
    return account[: account.index(b"\x00")].decode()


def account_info(account: bytes | None) -> AccountInfo | None:
    return _ACCOUNT(account[account.index(b"\x00") + 1 :]) if account is not None else None


def entry_records(event: AnyEvent, step: PersonStep) -> list[Record]:
    """The records an event enters directory A as (none for ordinary events)."""
    if step.ordinary(event):
        return []
    kind = type(event)
    ts, order, encoded = millis(event), f"{event.source}\x00{event.id}", _ENCODE(event)

    def record(key: str, op: str, route: str = "", info: bytes | None = None) -> Record:
        return key, ts, order, SUBJECT, op, route, info, None, None, encoded

    if kind is Transfer:
        return [record(f"account:{event.to_account}", TRANSFER, f"account:{event.from_account}")]  # type: ignore[union-attr]
    phone_of = PHONE_OF.get(kind)
    if phone_of is not None:
        return [record(f"phone:{phone_of(event)}", PHONE)]
    account_of = ACCOUNT_OF.get(kind)
    if account_of is not None:
        return [record(f"account:{account_of(event)}", HELD)]
    if kind is Person:  # only the fields its source owns, as in the embedded engine
        fields = ownership().owned(event)  # type: ignore[arg-type]
        person_id: str = event.person_id  # type: ignore[union-attr, assignment]
        records = [
            record(f"phone:{phone}", OWN, person_id)
            for phone in (event.phones if "phones" in fields else ())  # type: ignore[union-attr]
        ]
        if "address" in fields:
            records.append(record(f"person:{person_id}", HOME))
        return records
    if kind is Account:
        if "holder" not in ownership().owned(event):  # type: ignore[arg-type]
            return []
        info = account_bytes(event)  # type: ignore[arg-type]
        return [record(f"account:{event.account_id}", OPEN, info=info)]  # type: ignore[union-attr]
    return []  # reports and other kinds no detector reads


def _moved(record: Record, key: str, **fields: object) -> Record:
    """The record under another key, with some fields replaced."""
    out: list[Any] = list(record)
    out[KEY] = key
    for name, value in fields.items():
        out[_FIELDS[name]] = value
    return tuple(out)


_FIELDS: Final = {"role": ROLE, "payee": PAYEE_AT, "account": ACCOUNT_AT}


def directory_a(entries: dict[str, bytes], record: Record) -> tuple[list[Record], list[Record]]:
    """Stage A at one phone or account: (records for stage B, records for the person).

    ``entries`` (the key's owner: a person id, or an account) is updated."""
    key, op = record[KEY], record[OP]
    if op == OWN:
        entries[key] = record[ROUTE].encode()
        return [], []
    if op == HOME:
        return [], [record]
    if op == OPEN:
        entries[key] = record[INFO]  # type: ignore[assignment]
        return [record], []
    entry = entries.get(key)
    if op == TRANSFER:
        return [_moved(record, record[ROUTE], payee=entry)], []
    if entry is None:
        return [], []  # a phone or account no resident was seen with
    if op == PHONE:
        return [], [_moved(record, f"person:{entry.decode()}")]
    holder = holder_of(entry)  # HELD
    return [], [_moved(record, f"person:{holder}", account=entry)] if holder else []


def directory_b(entries: dict[str, bytes], record: Record) -> list[Record]:
    """Stage B at a paying account: learns accounts, brings transfers to both holders."""
    key, op = record[KEY], record[OP]
    if op == OPEN:
        entries[key] = record[INFO]  # type: ignore[assignment]
        return []
    if op != TRANSFER:
        return [record]
    out: list[Record] = []
    payer, payee = entries.get(key), record[PAYEE_AT]
    if payer is not None and (holder := holder_of(payer)):
        out.append(_moved(record, f"person:{holder}", role=PAYER))
    if payee is not None and (holder := holder_of(payee)):
        out.append(_moved(record, f"person:{holder}", role=PAYEE, payee=None))
    return out


def ordered(records: Iterable[Record]) -> list[Record]:
    """Records in event-time order, by key, and within one key's moment in the
    embedded engine's order (source, id, then payers before payees)."""
    return sorted(records, key=_order)


def _order(r: Record) -> tuple[int, str, str, int]:
    return r[TS], r[KEY], r[ORDER], r[ROLE] == PAYEE


def item(record: Record) -> Item:
    """What the person stage runs: the event decoded, with what the directories found."""
    return Item(
        _EVENT(record[EVENT_AT]),
        HOME if record[OP] == HOME else EVENT,
        record[ROLE],
        account_info(record[PAYEE_AT]),
        account_info(record[ACCOUNT_AT]),
    )


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
    """The three stages in one process, each key's records in event-time order.

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
    entries: dict[str, bytes] = {}
    onward: list[Record] = []
    to_person: list[Record] = []
    for record in ordered(records):
        found_b, found_person = directory_a(entries, record)
        onward += found_b
        to_person += found_person
    entries = {}
    for record in ordered(onward):
        to_person += directory_b(entries, record)
    persons: dict[str, PersonEntry] = {}
    warnings: list[Warning] = []
    for record in ordered(to_person):
        person_id = record[KEY].removeprefix("person:")
        entry = persons.setdefault(person_id, PersonEntry())
        warnings += person_stage(person_id, entry, item(record), step)
    return warnings


def decode_state(raw: bytes | None) -> PersonState | None:
    return _STATE(raw) if raw is not None else None


def encode(value: msgspec.Struct) -> bytes:
    return _ENCODE(value)


__all__ = [
    "Item",
    "PersonEntry",
    "Record",
    "account_bytes",
    "account_info",
    "decode_state",
    "directory_a",
    "directory_b",
    "encode",
    "entry_records",
    "holder_of",
    "item",
    "ordered",
    "person_stage",
    "run_in_stages",
]
