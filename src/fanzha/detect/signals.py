"""The signals detection knows, named once, at the bottom of ``detect``.

The rules file must give each of them a weight and words (``rules`` checks it
against this list), detectors emit only these names, and the engines read their
traits (what counts as a risky contact) from here: one list, nothing above it.
"""

from __future__ import annotations

from typing import Final

SIGNAL_NAMES: Final = frozenset(
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
        "new_payee_after_risk",
        "mule_like_payee",
        "rebate_pattern",
        "gold_mail_elsewhere",
        "cash_then_item_only",
        "parcel_cash_or_gold",
        "large_cash_withdrawal",
        # the center's own lists (``detect.lists``)
        "listed_phone",
        "listed_account",
        "listed_site",
        "listed_app",
    }
)
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


__all__ = ["RISKY_CONTACT", "SIGNAL_NAMES"]
