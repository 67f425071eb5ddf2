"""What makes a city hard: partial data sharing, noisy tags, disguised lures,
benign look-alikes and harder journeys — every rate a parameter.

The defaults switch all of it off, which is the ``easy`` city (byte for byte
what the simulator always wrote). ``--preset realistic`` and ``--world N``
(see ``worlds.py``) fill these in. A field that is zero or empty costs no
random draw, so the easy city's random stream is untouched.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

TelecomMode = Literal["full", "sms_text_blanked", "tagged_calls_only", "none"]
"""What a telecom shares: everything; everything but SMS text (blanked); only calls its
anti-fraud system tagged; nothing."""

LOOKALIKE_KINDS: tuple[str, ...] = (
    "job_platform",
    "licensed_lender",
    "bank_notice",
    "police_antifraud_sms",
    "telemarketer_tagged",
    "rent_deposit",
    "car_purchase",
    "tuition",
    "supplier_payment",
    "remote_support",
    "family_support",
    "shopping_refund",
)
"""Benign stories that look like fraud; each is labelled in truth.json ``lookalikes``."""

JOURNEY_VARIANTS: tuple[str, ...] = (
    "hidden_grooming",
    "test_payment_profit",
    "fee_ladder",
    "licensed_loan",
    "consolidate_savings",
    "third_party_payment",
    "proxy_payer",
    "defrauded_twice",
    "long_call_screen_share",
)
"""Harder variants of a fraud journey; each victim lists its own in truth.json."""

OBFUSCATIONS: tuple[str, ...] = (
    "wechat_handle",
    "spaced",
    "traditional",
    "emoji",
    "fullwidth_digits",
    "zero_width",
    "short_link",
)
"""How lure texts are disguised (applied 1–3 at a time)."""

URL_DISGUISES: tuple[str, ...] = ("short_link", "ip_url", "brand_prefix", "punycode")
"""How a ring's site address is disguised: t.cn/…, http://1.2.3.4:8080/…,
taobao.com.x.net, xn--…"""


def _known(value: dict[str, float], known: tuple[str, ...], what: str) -> dict[str, float]:
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)} (known: {', '.join(known)})")
    negative = sorted(k for k, v in value.items() if v < 0)
    if negative:
        raise ValueError(f"{what} rates must be >= 0: {', '.join(negative)}")
    return value


class Sharing(BaseModel):
    """Which partners send the center their data. Sources not named share nothing."""

    model_config = ConfigDict(extra="forbid")

    banks: list[str]
    """Banks that share; the others' accounts appear only as ids in sharing banks' transfers."""
    telecoms: dict[str, TelecomMode]
    """cmcc, cucc, ctcc → what each shares."""
    platforms: list[str]
    """Ride, freight and courier platforms that share orders."""
    carriers: list[str]
    """Express carriers that share parcels."""
    gold_sellers: list[str]
    """Gold sellers (org ids) whose in-store sales reach the center."""


class Hardness(BaseModel):
    """Every knob of a hard city; all off by default (the easy city)."""

    model_config = ConfigDict(extra="forbid")

    sharing: Sharing | None = None
    """None: every partner shares everything (the easy city)."""

    # noisy telecom tags
    # (legitimate telemarketers tagged reported_fraud: lookalike kind telemarketer_tagged)
    hang_up_calls_per_10k_per_day: float = Field(default=0.0, ge=0)
    """Scam calls to residents who hang up after seconds and lose nothing."""
    lure_blasts_per_10k_per_day: float = Field(default=0.0, ge=0)
    """Lure SMS sent to residents who ignore them and lose nothing."""

    # disguised lures
    lure_obfuscation_share: float = Field(default=0.0, ge=0, le=1)
    """Share of lure SMS disguised with one to three of ``obfuscation_weights``."""
    obfuscation_weights: dict[str, float] = Field(default_factory=dict)
    url_disguise_share: float = Field(default=0.0, ge=0, le=1)
    """Share of the ring's site visits whose address is disguised."""
    url_disguise_weights: dict[str, float] = Field(default_factory=dict)

    # benign look-alikes, per person per day
    lookalike_rates: dict[str, float] = Field(default_factory=dict)
    lookalike_text_obfuscation_share: float = Field(default=0.0, ge=0, le=1)
    """Legitimate texts use emoji, short links and full-width digits too."""

    # harder journeys: the share of victims whose story takes each variant
    journey_variant_shares: dict[str, float] = Field(default_factory=dict)
    contact_outside_window_days: int = Field(default=30, ge=1)
    """Hidden grooming started up to this many days before the first visible step."""

    @field_validator("obfuscation_weights")
    @classmethod
    def _obfuscations(cls, value: dict[str, float]) -> dict[str, float]:
        return _known(value, OBFUSCATIONS, "obfuscation")

    @field_validator("url_disguise_weights")
    @classmethod
    def _disguises(cls, value: dict[str, float]) -> dict[str, float]:
        return _known(value, URL_DISGUISES, "url disguise")

    @field_validator("lookalike_rates")
    @classmethod
    def _lookalikes(cls, value: dict[str, float]) -> dict[str, float]:
        return _known(value, LOOKALIKE_KINDS, "lookalike kind")

    @field_validator("journey_variant_shares")
    @classmethod
    def _variants(cls, value: dict[str, float]) -> dict[str, float]:
        _known(value, JOURNEY_VARIANTS, "journey variant")
        over = sorted(k for k, v in value.items() if v > 1)
        if over:
            raise ValueError(f"journey variant shares must be <= 1: {', '.join(over)}")
        return value

    @property
    def active(self) -> bool:
        """Whether anything differs from the easy city."""
        return self != Hardness()
