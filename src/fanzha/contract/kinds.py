"""Typed models of every event kind in contract v1.

msgspec Structs, because the detection engine must cost at most a few times
plain JSON parsing: msgspec validates while it decodes, in C. Fields a partner
sends that are not listed here are not modelled but never lost: readers keep
the raw line beside the typed event (see ``readers.Accepted``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Final, Literal

import msgspec

from fanzha.contract.limits import (
    MAX_PHONES,
    MAX_REPORT_TRANSFERS,
    MAX_TAGS,
    Address,
    Bank,
    BirthYear,
    Count,
    District,
    DistrictCode,
    EventId,
    FreeText,
    Grams,
    Key,
    Label,
    NamedId,
    NonNegativeFen,
    OptionalKey,
    OptionalLabel,
    PlaceDistrict,
    PositiveFen,
    Source,
    Timestamp,
    Url,
    date_problem,
    ts_problem,
)

Phone = Annotated[str, msgspec.Meta(pattern=r"^\+[1-9][0-9]{6,14}$")]
"""E.164 phone number, e.g. ``+8613800000000``."""

Typology = Literal[
    "impersonate_police",
    "investment",
    "task_rebate",
    "fake_loan",
    "impersonate_service",
    "fake_credit",
    "romance",
    "game_trade",
    "impersonate_acquaintance",
    "other",
]
TYPOLOGIES: Final[tuple[str, ...]] = Typology.__args__  # type: ignore[attr-defined]

TYPOLOGY_NAMES_ZH: Final[dict[str, str]] = {
    "impersonate_police": "冒充公检法",
    "investment": "虚假投资理财",
    "task_rebate": "刷单返利",
    "fake_loan": "虚假网络贷款",
    "impersonate_service": "冒充电商物流客服",
    "fake_credit": "虚假征信",
    "romance": "网络婚恋交友",
    "game_trade": "网络游戏虚假交易",
    "impersonate_acquaintance": "冒充领导熟人",
    "other": "其他",
}


class Event(msgspec.Struct, kw_only=True, tag_field="kind", frozen=True, gc=False):
    """Fields every event has; ``kind`` is the tag that selects the subclass."""

    id: EventId
    ts: Timestamp
    source: Source

    def __post_init__(self) -> None:
        if self.ts.tzinfo is None:  # Parquet rows come typed, not through Meta(tz=True)
            raise ValueError("ts: timestamp has no UTC offset (RFC 3339 needs one)")
        if problem := ts_problem(self.ts):
            raise ValueError(f"ts: {problem}")

    @property
    def kind(self) -> str:
        tag = type(self).__struct_config__.tag
        return str(tag)

    @property
    def key(self) -> tuple[str, str]:
        """The deduplication key: ``id`` is unique only within its ``source``."""
        return (self.source, self.id)


# --- reference kinds ------------------------------------------------------


class Person(Event, tag="person", frozen=True):
    person_id: Key
    phones: Annotated[list[Phone], msgspec.Meta(max_length=MAX_PHONES)]
    district: District
    address: Address
    district_code: DistrictCode | None = None
    birth_year: BirthYear | None = None
    name: OptionalLabel | None = None
    community: OptionalLabel | None = None
    """Not in contract v1's list: the simulator and some registers send it (optional)."""


class Account(Event, tag="account", frozen=True):
    account_id: Key
    bank: Bank
    holder: OptionalKey | None = None
    address_on_file: Address | None = None
    opened: date | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.opened is not None and (problem := date_problem(self.opened)):
            raise ValueError(f"opened: {problem}")


# --- activity kinds -------------------------------------------------------


class Transfer(Event, tag="transfer", frozen=True):
    from_account: Key
    to_account: Key
    amount_fen: PositiveFen
    channel: Literal["mobile", "online", "counter", "atm", "third_party"]
    memo: FreeText | None = None


class Withdrawal(Event, tag="withdrawal", frozen=True):
    account_id: Key
    amount_fen: PositiveFen
    channel: Literal["atm", "counter"]
    location: Address | None = None


class Call(Event, tag="call", frozen=True):
    caller: Phone
    callee: Phone
    duration_s: Count
    caller_tags: Annotated[list[OptionalLabel], msgspec.Meta(max_length=MAX_TAGS)] = []


class Sms(Event, tag="sms", frozen=True):
    sender: OptionalLabel
    receiver: Phone
    text: FreeText


class App(Event, tag="app", frozen=True):
    phone: Phone
    app: Label
    action: Literal["install", "open", "screen_share_start", "uninstall"]


class Web(Event, tag="web", frozen=True):
    phone: Phone
    url: Url


class Place(msgspec.Struct, frozen=True, gc=False):
    district: PlaceDistrict
    address: Address


class Order(Event, tag="order", frozen=True):
    platform: Label
    order_id: NamedId
    requester: Phone
    pickup: Place
    dropoff: Place
    cross_city: bool
    vehicle: Literal["car", "van", "truck", "courier"]
    passengers: Count
    item: FreeText
    declared_value_fen: NonNegativeFen | None = None


class GoldPurchase(Event, tag="gold_purchase", frozen=True):
    account_id: Key
    grams: Grams
    amount_fen: PositiveFen
    channel: Literal["app", "counter", "store"]
    delivery: Literal["mail", "pickup"]
    delivery_address: Address | None = None


class Parcel(Event, tag="parcel", frozen=True):
    carrier: Label
    waybill: NamedId
    sender: Phone
    receiver: Phone
    receiver_address: Address
    declared_contents: FreeText
    declared_value_fen: NonNegativeFen


class Report(Event, tag="report", frozen=True):
    loss_fen: NonNegativeFen
    person_id: OptionalKey | None = None
    phone: Phone | None = None
    fraud_type: Typology | None = None
    transfers: Annotated[list[NamedId], msgspec.Meta(max_length=MAX_REPORT_TRANSFERS)] = []
    text: FreeText | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.person_id is None and self.phone is None:
            raise ValueError("person_id: a report names the person_id or the phone")


EVENT_TYPES: Final[tuple[type[Event], ...]] = (
    Person,
    Account,
    Transfer,
    Withdrawal,
    Call,
    Sms,
    App,
    Web,
    Order,
    GoldPurchase,
    Parcel,
    Report,
)
REFERENCE_KINDS: Final[frozenset[str]] = frozenset({"person", "account"})
ACTIVITY_KINDS: Final[frozenset[str]] = (
    frozenset(str(t.__struct_config__.tag) for t in EVENT_TYPES) - REFERENCE_KINDS
)

AnyEvent = (
    Person
    | Account
    | Transfer
    | Withdrawal
    | Call
    | Sms
    | App
    | Web
    | Order
    | GoldPurchase
    | Parcel
    | Report
)


def to_builtins(event: Event) -> dict[str, Any]:
    """The event as the JSON object of the contract (with its ``kind``)."""
    result: dict[str, Any] = msgspec.to_builtins(event)
    return result
