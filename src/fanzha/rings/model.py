"""A ring as fanzha writes it (``rings.jsonl``) and keeps it: members, and the links that
joined them."""

from __future__ import annotations

import hashlib
from typing import Literal

import msgspec

LinkKind = Literal[
    "payment", "money_flow", "paid_victim", "caller_phone", "drop_address",
    "shared_card", "shared_phone", "shared_address", "same_case", "analyst_merge",
]  # fmt: skip
"""``payment``: a victim's transfer to an account; ``money_flow``: stolen money between
two accounts; ``paid_victim``: an account paid a victim (a rebate, a fake profit);
``caller_phone``: a number held the victim on the line before the loss; ``drop_address``:
the victim sent cash, gold or a parcel there; ``shared_*``: two cases met on one card,
number or address (``via``); ``same_case``: one report's payments that went two ways;
``analyst_merge``: an analyst joined two rings."""


class Link(msgspec.Struct, frozen=True, kw_only=True):
    kind: LinkKind
    source: str
    """``case:<id>``, ``account:<id>``, ``phone:<number>`` or ``address:<as written>``."""
    target: str
    events: list[str]
    """The event ids that are the evidence (transfers, calls, orders, parcels, reports)."""
    via: str | None = None
    """For ``shared_*``: the card, number or address the two cases share."""


class Ring(msgspec.Struct, kw_only=True):
    ring_id: str
    accounts: list[str]
    phones: list[str]
    addresses: list[str]
    cases: list[str]
    links: list[Link]
    money_in_fen: int = 0
    """Money into the ring's accounts from outside it (victims' payments and other sources)."""
    money_out_fen: int = 0
    """Money out of the ring's accounts to others, cash and gold included."""
    cashed_out_fen: int = 0
    """Of ``money_out_fen``, what left as cash or gold."""


def ring_id_for(first_case: str) -> str:
    """A ring's id from its earliest case: stable as the ring grows, no personal data
    (a report id is not personal), and the same on every run over the same events."""
    return "ring-" + hashlib.blake2b(first_case.encode(), digest_size=5).hexdigest()
