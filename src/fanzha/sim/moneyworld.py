"""The money side of a hard city: issuers, payment institutions, exits, mule kinds,
ring habits and messy reports — every rate a parameter.

All off by default: that is the easy city, whose random stream and bytes stay as
they were. ``--preset realistic`` sets these at mid-range rates and ``--world N``
draws them from ``config/worlds.yaml``. What real laundering looks like, in short:
stolen money passes through wallets and an aggregator's sub-merchants as well as
cards, hides in cards whose holders also live on them, goes out through innocent
gold sellers, merchants, USDT OTC traders and ATMs with daily limits, and victims
report late, by phone, naming few of their transfers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

EXIT_KINDS: tuple[str, ...] = ("atm", "gold_seller", "merchant", "otc")
"""Where a last-layer mule sends stolen money out of the banking system's reach."""
MULE_KINDS: tuple[str, ...] = ("resident", "outside", "corporate", "aggregator", "wallet")


class MoneyWorld(BaseModel):
    """Every rate of the laundering world; ``enabled`` false is the easy city."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False

    # mule kinds (shares of a ring's laundering accounts, the rest are personal cards)
    corporate_mule_share: float = Field(default=0.1, ge=0, le=1)
    """对公 accounts of shell companies (bigger amounts, business hours, 货款 memos)."""
    wallet_mule_share: float = Field(default=0.1, ge=0, le=1)
    """Wallets (alipay/tenpay-like) between cards."""
    aggregator_mule_share: float = Field(default=0.08, ge=0, le=1)
    """Sub-merchants of the aggregator whose takings settle daily to a mule card."""
    resident_life_share: float = Field(default=0.5, ge=0, le=1)
    """In-city personal mule cards that are the holder's everyday card (salary, rent)."""
    dormant_card_share: float = Field(default=0.3, ge=0, le=1)
    """Bought cards opened years ago, silent, then woken by the ring."""
    mule_commission_share: float = Field(default=0.02, ge=0, le=0.2)
    """What a mule keeps of each pass (its fee; left in place)."""

    # ring habits, drawn per ring
    fast_ring_share: float = Field(default=0.6, ge=0, le=1)
    """Rings that pass money on within minutes; the others hold it hours to days."""
    careful_hold_hours: float = Field(default=8.0, gt=0)
    """Median hold of a careful ring (log-normal), before each pass."""
    round_amount_share: float = Field(default=0.6, ge=0, le=1)
    """Rings that fan out in round amounts (multiples of 1,000–10,000 yuan)."""
    night_share: float = Field(default=0.4, ge=0, le=1)
    """Rings that move money at night (00:00–05:00)."""
    fan_out_max: int = Field(default=4, ge=2, le=12)

    # exits
    exit_weights: dict[str, float] = Field(
        default_factory=lambda: {"atm": 0.35, "gold_seller": 0.25, "merchant": 0.2, "otc": 0.2}
    )
    atm_daily_limit_fen: int = Field(default=2_000_000, ge=100_000)
    atm_single_max_fen: int = Field(default=300_000, ge=10_000)
    otc_traders_per_10k: float = Field(default=3.0, ge=0)
    otc_trades_per_trader_per_day: float = Field(default=6.0, ge=0)
    gold_buys_per_10k_per_day: float = Field(default=20.0, ge=0)
    """Ordinary residents paying gold sellers by transfer."""

    # payment institutions in ordinary life
    wallet_user_share: float = Field(default=0.6, ge=0, le=1)
    wallet_moves_per_day: float = Field(default=0.3, ge=0)
    """Top-ups, wallet payments and withdrawals per wallet user per day."""
    sub_merchants_per_10k: float = Field(default=30.0, ge=0)
    qr_share_of_shopping: float = Field(default=0.25, ge=0, le=1)
    """Share of shopping paid by scanning an aggregator sub-merchant's code."""
    settlement_fee_share: float = Field(default=0.0038, ge=0, le=0.05)
    rent_share: float = Field(default=0.3, ge=0, le=1)
    """Residents who pay monthly rent to a landlord."""
    credit_side_visible: bool = True
    """A transfer is seen from whichever side's bank shares, not only the sender's."""

    # reports
    report_delay_median_hours: float = Field(default=6.0, gt=0)
    report_delay_max_days: float = Field(default=7.0, gt=0)
    report_phone_only_share: float = Field(default=0.3, ge=0, le=1)
    """Reports that identify the victim by phone only (no person_id)."""
    report_names_all_share: float = Field(default=0.45, ge=0, le=1)
    report_names_none_share: float = Field(default=0.25, ge=0, le=1)
    """The rest name some of their transfers."""
    report_wrong_typology_share: float = Field(default=0.15, ge=0, le=1)
    report_loss_rounded_share: float = Field(default=0.4, ge=0, le=1)
    """Victims who state their loss roughly (to the thousand yuan)."""
    second_episode_max_days: float = Field(default=2.0, gt=0.1)
    """A victim cheated twice (``defrauded_twice``) meets the second scam 2 hours to this
    many days after the first loss (often a fake "recovery")."""

    @field_validator("exit_weights")
    @classmethod
    def _exits(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(EXIT_KINDS))
        if unknown:
            raise ValueError(f"unknown exit kinds: {', '.join(unknown)}")
        if any(v < 0 for v in value.values()) or not any(value.values()):
            raise ValueError("exit weights must be >= 0 and not all zero")
        return value

    @property
    def active(self) -> bool:
        return self.enabled
