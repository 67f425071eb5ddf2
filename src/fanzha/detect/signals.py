"""The signals detection knows, named once, at the bottom of ``detect``.

The rules file must give each of them a weight and words (``rules`` checks it
against this list), detectors emit only these names, and the engines read their
traits (what counts as a risky contact, what moves money) from here: one list,
nothing above it.
"""

from __future__ import annotations

from typing import Final

CONTACT: Final = frozenset(
    {
        "sms_script",
        "call_flagged",
        "call_risky_origin",
        "call_overseas",
        "call_long",
        "screen_share_after_risk",
        "screen_share",
        "fraud_site",
        "risky_app",
    }
)
"""Signals of a fraudster reaching the person: texts, calls, screens, sites, apps."""

MONEY: Final = frozenset(
    {
        "new_payee_after_risk",
        "mule_like_payee",
        "rebate_pattern",
        "gold_mail_elsewhere",
        "cash_then_item_only",
        "parcel_cash_or_gold",
        "large_cash_withdrawal",
    }
)
"""Signals of money or valuables moving: what turns a contact into a loss."""

LISTED: Final = frozenset({"listed_phone", "listed_account", "listed_site", "listed_app"})
"""Hits on the center's own lists (``detect.lists``)."""

SIGNAL_NAMES: Final = CONTACT | MONEY | LISTED

RISKY_CONTACT: Final = frozenset(
    {
        "sms_script",
        "call_flagged",
        "call_risky_origin",
        "fraud_site",
        "risky_app",
        "listed_phone",
        "listed_site",
        "listed_app",
    }
)
"""Contacts risky on their own: after one, a new payee or a screen share counts more."""

__all__ = ["CONTACT", "LISTED", "MONEY", "RISKY_CONTACT", "SIGNAL_NAMES"]
