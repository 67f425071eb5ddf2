"""The signals detection knows and the detectors that emit them, at the bottom of ``detect``.

Two tables, both here so nothing above has to be told twice:

- ``SIGNALS``: every signal's name and traits (its group, whether it is a risky
  contact on its own, the typology it implies when the detector names none).
  The rules file must give each a weight and words (``rules`` checks it against
  this table): the weights are data, the names are code (as nomenklatura keeps
  features in code and weights in data).
- the detector registry: each module of ``detect.detectors`` registers one
  small detector with the event kind and role it answers, the signals it may
  emit, the parts of a person's state it reads or writes and the rules numbers
  it uses. The engines build their dispatch table from it (``keyed.PersonStep``).

Adding a signal touches its detector module, one row of ``SIGNALS`` and the
rules file. Nothing here imports the rest of ``detect``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, NamedTuple

if TYPE_CHECKING:  # types only: this module stays at the bottom of detect
    from fanzha.detect.indicators import IndicatorLookup
    from fanzha.detect.memo import BoundedMemo
    from fanzha.detect.textmodel import TextModel

SUBJECT: Final = "subject"
"""The person the event is about: the callee, the SMS receiver, the phone's owner…"""
PAYER: Final = "payer"
PAYEE: Final = "payee"
ROLES: Final = (SUBJECT, PAYER, PAYEE)

CONTACT_GROUP: Final = "contact"
MONEY_GROUP: Final = "money"
LISTED_GROUP: Final = "listed"


class Trait(NamedTuple):
    """What a signal is, whatever weight the rules give it."""

    group: str
    """contact (a fraudster reaching the person), money (valuables moving) or listed."""
    risky_contact: bool = False
    """Risky on its own: after one, a new payee or a screen share counts more."""
    typology: str | None = None
    """The typology the signal implies when its detector names none."""


SIGNALS: Final[dict[str, Trait]] = {
    "sms_script": Trait(CONTACT_GROUP, risky_contact=True),
    "call_flagged": Trait(CONTACT_GROUP, risky_contact=True, typology="impersonate_police"),
    "call_risky_origin": Trait(CONTACT_GROUP, risky_contact=True),
    "call_overseas": Trait(CONTACT_GROUP),
    "call_long": Trait(CONTACT_GROUP),
    "screen_share_after_risk": Trait(CONTACT_GROUP, typology="impersonate_service"),
    "screen_share": Trait(CONTACT_GROUP),
    "fraud_site": Trait(CONTACT_GROUP, risky_contact=True),
    "risky_app": Trait(CONTACT_GROUP, risky_contact=True),
    "loan_app_after_risk": Trait(CONTACT_GROUP),
    "new_payee_after_risk": Trait(MONEY_GROUP),
    "mule_like_payee": Trait(MONEY_GROUP),
    "rebate_pattern": Trait(MONEY_GROUP, typology="task_rebate"),
    "gold_mail_elsewhere": Trait(MONEY_GROUP, typology="impersonate_police"),
    "cash_then_item_only": Trait(MONEY_GROUP, typology="impersonate_police"),
    "parcel_cash_or_gold": Trait(MONEY_GROUP, typology="impersonate_police"),
    "large_cash_withdrawal": Trait(MONEY_GROUP),
    "listed_phone": Trait(LISTED_GROUP, risky_contact=True),
    "listed_account": Trait(LISTED_GROUP),
    "listed_site": Trait(LISTED_GROUP, risky_contact=True),
    "listed_app": Trait(LISTED_GROUP, risky_contact=True),
}
"""Every signal detection can emit, with its traits."""


def _named(test: Callable[[Trait], bool]) -> frozenset[str]:
    return frozenset(name for name, trait in SIGNALS.items() if test(trait))


CONTACT: Final = _named(lambda t: t.group == CONTACT_GROUP)
"""Signals of a fraudster reaching the person: texts, calls, screens, sites, apps."""
MONEY: Final = _named(lambda t: t.group == MONEY_GROUP)
"""Signals of money or valuables moving: what turns a contact into a loss."""
LISTED: Final = _named(lambda t: t.group == LISTED_GROUP)
"""Hits on the center's own lists (``detect.lists``)."""
SIGNAL_NAMES: Final = frozenset(SIGNALS)
LONG_CALL: Final = frozenset({"call_long", "call_overseas"})
"""A stranger's long call that is not risky on its own: a screen share soon after it
still counts as one after risk (``rules.screen_share_after_long_call_minutes``)."""
RISKY_CONTACT: Final = _named(lambda t: t.risky_contact)
"""Contacts risky on their own: after one, a new payee or a screen share counts more."""
FALLBACK_TYPOLOGY: Final = {n: t.typology for n, t in SIGNALS.items() if t.typology is not None}
"""The typology a signal implies when its detector named none."""


# ---- the detector registry ------------------------------------------------------------------


class Tools(NamedTuple):
    """What a detector may be handed besides the event: lookups and memos of pure answers."""

    indicators: IndicatorLookup | None = None
    """Blocklist and look-alike answers from the patrol."""
    text_model: TextModel | None = None
    """A learned SMS text model; None: the keyword rules."""
    sms_memo: BoundedMemo[str, Any] | None = None
    site_memo: BoundedMemo[str, Any] | None = None


Detect = Callable[[Any, Any, Any, Any], list[Any]]
"""(event, person state, directory, rules) → signals."""


@dataclass(frozen=True)
class Registration:
    """One detector, as the engines and the reader of the code need to know it."""

    name: str
    kind: type
    """The event kind it reads (``contract.kinds``)."""
    role: str
    """Which person of the event it speaks for: ``SUBJECT``, ``PAYER`` or ``PAYEE``."""
    emits: frozenset[str]
    state: tuple[str, ...]
    """The fields of ``PersonState`` it reads or writes (empty: none)."""
    keeps_state: bool
    """It writes state even when it finds nothing (a payment remembered): the engine
    must make state for it rather than try it on an empty one first."""
    numbers: tuple[str, ...]
    """The rules-file settings it reads, as dotted paths (``money.rebate_window_hours``)."""
    bind: Callable[[Tools], Detect]
    """The detector with its tools (lookups, memos) bound: what the engine calls."""
    ordinary: Callable[[Any, Tools], Callable[[Any], bool]] | None = None
    """(rules, tools) → a test saying an event of ``kind`` can teach this detector
    nothing and change no state: engines drop such events before keying them."""


_REGISTRY: dict[tuple[type, str], Registration] = {}


def register(registration: Registration) -> Registration:
    """Add a detector; its signals must be known and its (kind, role) still free."""
    unknown = registration.emits - SIGNAL_NAMES
    if unknown:
        raise ValueError(f"detector {registration.name}: unknown signals {sorted(unknown)}")
    if registration.role not in ROLES:
        raise ValueError(f"detector {registration.name}: unknown role {registration.role!r}")
    key = (registration.kind, registration.role)
    held = _REGISTRY.get(key)
    if held is not None and held.name != registration.name:
        raise ValueError(f"detector {registration.name}: {key} is {held.name}'s already")
    _REGISTRY[key] = registration
    return registration


def registered() -> dict[tuple[type, str], Registration]:
    """Every registered detector by (event kind, role); ``detect.detectors`` fills it."""
    return dict(_REGISTRY)


__all__ = [
    "CONTACT",
    "FALLBACK_TYPOLOGY",
    "LISTED",
    "LONG_CALL",
    "MONEY",
    "PAYEE",
    "PAYER",
    "RISKY_CONTACT",
    "SIGNALS",
    "SIGNAL_NAMES",
    "SUBJECT",
    "Registration",
    "Tools",
    "Trait",
    "register",
    "registered",
]
