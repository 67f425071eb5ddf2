"""Typed models of every event kind in contract v1.

msgspec Structs, because the detection engine must cost at most a few times
plain JSON parsing: msgspec validates while it decodes, in C. Fields a partner
sends that are not listed here are not modelled but never lost: readers keep
the raw line beside the typed event (see ``readers.Accepted``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Final, Literal

import msgspec

Phone = Annotated[str, msgspec.Meta(pattern=r"^\+[1-9][0-9]{6,14}$")]
"""E.164 phone number, e.g. ``+8613800000000``."""

PositiveFen = Annotated[int, msgspec.Meta(gt=0)]
"""Money in integer fen, strictly positive (floats are rejected)."""

NonNegativeFen = Annotated[int, msgspec.Meta(ge=0)]
NonNegativeInt = Annotated[int, msgspec.Meta(ge=0)]
NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]

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

    id: NonEmpty
    ts: datetime
    source: NonEmpty

    def __post_init__(self) -> None:
        if self.ts.tzinfo is None:
            raise ValueError("ts: timestamp has no UTC offset (RFC 3339 needs one)")

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
    person_id: NonEmpty
    phones: list[Phone]
    district: NonEmpty
    address: str
    district_code: str | None = None
    birth_year: int | None = None
    name: str | None = None


class Account(Event, tag="account", frozen=True):
    account_id: NonEmpty
    bank: NonEmpty
    holder: str | None = None
    address_on_file: str | None = None
    opened: date | None = None


# --- activity kinds -------------------------------------------------------


class Transfer(Event, tag="transfer", frozen=True):
    from_account: NonEmpty
    to_account: NonEmpty
    amount_fen: PositiveFen
    channel: Literal["mobile", "online", "counter", "atm", "third_party"]
    memo: str | None = None


class Withdrawal(Event, tag="withdrawal", frozen=True):
    account_id: NonEmpty
    amount_fen: PositiveFen
    channel: Literal["atm", "counter"]
    location: str | None = None


class Call(Event, tag="call", frozen=True):
    caller: Phone
    callee: Phone
    duration_s: NonNegativeInt
    caller_tags: list[str] = []


class Sms(Event, tag="sms", frozen=True):
    sender: str
    receiver: Phone
    text: str


class App(Event, tag="app", frozen=True):
    phone: Phone
    app: NonEmpty
    action: Literal["install", "open", "screen_share_start", "uninstall"]


class Web(Event, tag="web", frozen=True):
    phone: Phone
    url: NonEmpty


class Place(msgspec.Struct, frozen=True, gc=False):
    district: str
    address: str


class Order(Event, tag="order", frozen=True):
    platform: NonEmpty
    order_id: NonEmpty
    requester: Phone
    pickup: Place
    dropoff: Place
    cross_city: bool
    vehicle: Literal["car", "van", "truck", "courier"]
    passengers: NonNegativeInt
    item: str
    declared_value_fen: NonNegativeFen | None = None


class GoldPurchase(Event, tag="gold_purchase", frozen=True):
    account_id: NonEmpty
    grams: Annotated[float, msgspec.Meta(gt=0)]
    amount_fen: PositiveFen
    channel: Literal["app", "counter", "store"]
    delivery: Literal["mail", "pickup"]
    delivery_address: str | None = None


class Parcel(Event, tag="parcel", frozen=True):
    carrier: NonEmpty
    waybill: NonEmpty
    sender: Phone
    receiver: Phone
    receiver_address: str
    declared_contents: str
    declared_value_fen: NonNegativeFen


class Report(Event, tag="report", frozen=True):
    loss_fen: NonNegativeFen
    person_id: str | None = None
    phone: Phone | None = None
    fraud_type: Typology | None = None
    transfers: list[str] = []
    text: str | None = None

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
