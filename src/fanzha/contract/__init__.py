"""The event contract (``shared/spec/events.md``): typed kinds, readers, validation.

Everything else in fanzha reads events through this package; it imports nothing
else from fanzha, so the contract can be shared with partners as it is.
"""

from fanzha.contract.errors import Rejection
from fanzha.contract.kinds import (
    ACTIVITY_KINDS,
    EVENT_TYPES,
    REFERENCE_KINDS,
    TYPOLOGIES,
    Account,
    App,
    Call,
    Event,
    GoldPurchase,
    Order,
    Parcel,
    Person,
    Place,
    Report,
    Sms,
    Transfer,
    Web,
    Withdrawal,
)
from fanzha.contract.readers import Accepted, read_events, read_events_deduplicated

__all__ = [
    "ACTIVITY_KINDS",
    "EVENT_TYPES",
    "REFERENCE_KINDS",
    "TYPOLOGIES",
    "Accepted",
    "Account",
    "App",
    "Call",
    "Event",
    "GoldPurchase",
    "Order",
    "Parcel",
    "Person",
    "Place",
    "Rejection",
    "Report",
    "Sms",
    "Transfer",
    "Web",
    "Withdrawal",
    "read_events",
    "read_events_deduplicated",
]
