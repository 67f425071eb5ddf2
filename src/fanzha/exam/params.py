"""Every rate of the examiner's city, with defaults chosen without the detector in view.

Rates are per person per day unless named otherwise; shares are probabilities.
One frozen dataclass, so a run is reproduced from the ``params`` block of its truth.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

BANKS: tuple[str, ...] = ("icbc", "ccb", "abc", "boc", "cmb", "psbc", "bocom", "citic", "whrcb")
TELECOMS: tuple[str, ...] = ("cmcc", "cu", "ct")
HANDSETS: tuple[str, ...] = ("huawei", "xiaomi", "oppo", "vivo", "apple")
RIDE_PLATFORMS: tuple[str, ...] = ("didi", "huolala", "caocao", "shansong")
CARRIERS: tuple[str, ...] = ("sf", "zto", "yto", "jd", "ems")
GOLD_SELLERS: tuple[str, ...] = ("chowtaifook", "laofengxiang", "zhouliufu", "caibai")


def _typology_mix() -> dict[str, float]:
    return {
        "impersonate_police": 0.12,
        "investment": 0.14,
        "task_rebate": 0.16,
        "fake_loan": 0.11,
        "impersonate_service": 0.12,
        "fake_credit": 0.06,
        "romance": 0.07,
        "game_trade": 0.07,
        "impersonate_acquaintance": 0.10,
        "other": 0.05,
    }


def _variant_shares() -> dict[str, float]:
    return {
        "grooming_unseen": 0.45,  # investment, romance, task, acquaintance: contact before/outside
        "test_payment_back": 0.5,  # investment, romance, task, game: small payment paid back
        "fee_ladder": 0.5,  # loans, credit, other, investment withdrawals: growing fees
        "licensed_loan": 0.25,  # a real loan from a licensed lender, taken on instruction
        "consolidate": 0.3,  # savings moved to one card first, then paid from it
        "wallet": 0.25,  # paid through a wallet (third-party platform)
        "proxy_payer": 0.08,  # a parent's or the company's account pays
        "cash_courier": 0.15,  # police: cash handed to a courier
        "gold": 0.1,  # police, investment: gold bought and mailed
        "twice": 0.1,  # defrauded again days later ("recovery")
        "silent_call": 0.35,  # service, loan, credit: untagged long call, screen share, no SMS
    }


def _lookalike_rates() -> dict[str, float]:
    return {
        "job_platform": 0.004,
        "licensed_lender": 0.004,
        "bank_notice": 0.01,
        "police_antifraud_sms": 0.012,
        "telemarketer_tagged": 0.01,
        "landlord_first_rent": 0.0015,
        "small_business_first_payment": 0.002,
        "remote_support": 0.0015,
        "overseas_relative": 0.003,
        "gold_gift": 0.0008,
        "documents_courier": 0.001,
        "new_number_friend": 0.002,
        "broker_deposit": 0.002,
        "dating_app": 0.002,
        "game_purchase": 0.003,
        "refund_notice": 0.008,
        "meeting_screen_share": 0.004,
    }


@dataclass(frozen=True)
class CityParams:
    """The city's knobs. Defaults describe a mid-sized Chinese city in late 2025."""

    seed: int = 1
    persons: int = 20_000
    days: int = 3
    start: str = "2025-11-10"
    utc_offset_hours: int = 8

    # who shares what
    sharing_banks: tuple[str, ...] = ("icbc", "ccb", "cmb", "psbc", "whrcb")
    telecom_modes: dict[str, str] = field(
        default_factory=lambda: {"cmcc": "full", "cu": "sms_blank", "ct": "tagged_calls_only"}
    )
    sharing_handsets: tuple[str, ...] = ("huawei", "xiaomi")
    sharing_ride_platforms: tuple[str, ...] = ("didi", "huolala")
    sharing_carriers: tuple[str, ...] = ("sf", "jd")
    sharing_gold_sellers: tuple[str, ...] = ("chowtaifook",)
    credit_side_share: float = 0.5
    """A transfer the payer's bank keeps to itself still reaches the center from the payee's."""

    # ordinary life
    calls_per_day: float = 2.5
    sms_per_day: float = 2.0
    shop_payments_per_day: float = 1.2
    family_transfers_per_day: float = 0.12
    app_events_per_day: float = 1.0
    web_per_day: float = 1.5
    rides_per_day: float = 0.12
    parcels_per_day: float = 0.15
    atm_per_day: float = 0.03
    gold_buys_per_day: float = 0.0004
    second_phone_share: float = 0.12
    second_account_share: float = 0.55
    third_account_share: float = 0.2
    wallet_share: float = 0.6
    payday_share_per_day: float = 0.04
    rent_share_per_day: float = 0.012
    caller_tag_share: float = 0.02
    """Ordinary outside callers that carry some tag (delivery, harassment, …)."""

    # frauds
    victims_per_10k_per_day: float = 8.0
    typology_mix: dict[str, float] = field(default_factory=_typology_mix)
    variant_shares: dict[str, float] = field(default_factory=_variant_shares)
    rings: int = 6
    ring_phone_tagged_share: float = 0.3
    ring_mobile_number_share: float = 0.35
    lure_obfuscation_share: float = 0.6
    url_disguise_share: float = 0.6
    generic_app_share: float = 0.5
    hang_ups_per_10k_per_day: float = 25.0
    ignored_lures_per_10k_per_day: float = 60.0
    report_share: float = 0.75
    mule_outside_share: float = 0.5
    mule_at_silent_bank_share: float = 0.5

    # benign look-alikes (per person per day) and their disguise
    lookalike_rates: dict[str, float] = field(default_factory=_lookalike_rates)
    telemarketer_fraud_tag_share: float = 0.4
    lookalike_emoji_share: float = 0.2
    duplicate_share: float = 0.003
    late_share: float = 0.01

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
