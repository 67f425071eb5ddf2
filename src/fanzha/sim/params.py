"""Every rate of the synthetic city, with defaults near published Chinese figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from fanzha.sim.hardness import Hardness
from fanzha.sim.moneyworld import MoneyWorld

DEFAULT_TYPOLOGY_WEIGHTS = {
    # Roughly the national mix: 刷单返利 and 虚假投资理财 lead, then 冒充公检法…
    "task_rebate": 0.22,
    "investment": 0.20,
    "impersonate_police": 0.14,
    "impersonate_service": 0.10,
    "fake_loan": 0.09,
    "fake_credit": 0.06,
    "romance": 0.07,
    "game_trade": 0.04,
    "impersonate_acquaintance": 0.05,
    "other": 0.03,
}


class SimParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("early_victim_typology")
    @classmethod
    def _known_typology(cls, value: str | None) -> str | None:
        from fanzha.contract.kinds import TYPOLOGIES

        if value is not None and value not in TYPOLOGIES:
            raise ValueError(f"unknown typology {value!r}; one of {', '.join(TYPOLOGIES)}")
        return value

    @field_validator("early_victim_districts")
    @classmethod
    def _known_districts(cls, value: list[str]) -> list[str]:
        from fanzha.sim.geography import DISTRICTS

        known = [name for name, _, _ in DISTRICTS]
        unknown = [d for d in value if d not in known]
        if unknown:
            raise ValueError(f"unknown district {unknown[0]!r}; one of {'、'.join(known)}")
        return value

    persons: int = Field(default=10_000, ge=100)
    days: int = Field(default=1, ge=1, le=800)
    seed: int = 7
    start: date = date(2025, 3, 3)

    # fraud
    victims_per_10k_per_day: float = Field(default=3.0, ge=0)
    typology_weights: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_TYPOLOGY_WEIGHTS)
    )
    persons_per_ring: int = Field(default=20_000, ge=1000)
    police_cash_courier_share: float = Field(default=0.25, ge=0, le=1)
    police_gold_mail_share: float = Field(default=0.15, ge=0, le=1)
    tagged_call_share: float = Field(default=0.6, ge=0, le=1)
    ring_phone_tagged_share: float = Field(default=0.6, ge=0, le=1)
    """Share of a ring's numbers the telecom has noticed and tags."""
    signal_drop_share: float = Field(default=0.12, ge=0, le=1)
    """Chance that any one non-essential signal of a script is missing from the data."""
    left_in_place_share: float = Field(default=0.35, ge=0, le=1)
    """Share of what reaches a last-layer mule that stays there (recoverable)."""
    mule_lifetime_days: int = Field(default=14, ge=1)
    """Rings replace their mule cards this often (a new generation of every layer)."""
    outside_mule_share: float = Field(default=0.5, ge=0, le=1)
    """Mule accounts held by people outside the city, at banks we may not see."""
    early_settle_share: float = Field(default=0.1, ge=0, le=1)
    """Chance that a mule before the last layer cashes out instead of passing on."""
    untouched_share: float = Field(default=0.25, ge=0, le=1)
    """Share of last-layer cards the ring has not come back to empty yet."""
    loss_median_fen: int = Field(default=1_500_000, ge=10_000)
    """Median of one payment the ring asks for (a victim makes 1-3)."""
    grooming_days_max: int = Field(default=7, ge=0)
    """Investment and romance scams may take up to this many days from contact to the big
    payments (only as far as the run lasts)."""
    every_typology: bool = True
    """Give each typology at least one victim, however small the city or short the run."""
    early_victim_districts: list[str] = Field(default_factory=list)
    """Districts that each get more victims (``early_victims_per_district``) on the first
    day, first contacted in the
    ``early_victim_window_minutes`` after ``early_victim_from`` (local time). ``fanzha
    demo`` lists its logins' districts, so each officer has work in the first minutes."""
    early_victim_from: str = Field(default="08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    early_victim_window_minutes: float = Field(default=10.0, gt=0, le=600)
    early_victims_per_district: int = Field(default=1, ge=1, le=20)
    early_victim_typology: str | None = None
    """The early victims' scam (None: drawn from ``typology_weights``)."""
    report_rate: float = Field(default=0.8, ge=0, le=1)
    report_lists_transfers: float = Field(default=0.85, ge=0, le=1)
    max_report_delay_hours: float = Field(default=48, gt=0)
    """Reports come minutes to a day or two after the first loss, even past the end."""

    # a long run (a demo year): thin ordinary life, a trend in fraud
    background_share: float = Field(default=1.0, ge=0, le=1)
    """Share of residents whose ordinary day is simulated each day. 1 for detection
    work; a year for the statistics can keep fraud in full detail and thin the rest."""
    yearly_change: float = Field(default=0.0, gt=-1, le=10)
    """The victim rate changes by this share a year (-0.132: 13.2% fewer each year)."""

    # ordinary life, events per person per day
    shopping_per_day: float = 1.2
    family_transfers_per_day: float = 0.05
    calls_per_day: float = 2.0
    marketing_calls_per_day: float = 0.1
    sms_per_day: float = 1.0
    web_per_day: float = 1.0
    app_opens_per_day: float = 0.5
    app_installs_per_day: float = 0.02
    rides_per_day: float = 0.1
    parcels_per_day: float = 0.2
    atm_per_day: float = 0.05

    # benign look-alikes of fraud signals, per person per day
    overseas_relative_calls: float = 0.002
    work_screen_share: float = 0.003
    big_purchase: float = 0.002
    gold_gift: float = 0.001
    gold_to_relative_share: float = 0.3
    item_only_delivery: float = 0.004
    rented_card_share: float = 0.2
    """Share of in-city mule cards whose holders also live ordinary lives."""

    # data faults
    duplicate_share: float = Field(default=0.005, ge=0, le=0.5)
    late_share: float = Field(default=0.01, ge=0, le=0.5)
    max_lateness_minutes: int = Field(default=120, ge=1)

    # what makes a city hard (all off: the easy city); see hardness.py and worlds.py
    hard: Hardness = Field(default_factory=Hardness)
    money: MoneyWorld = Field(default_factory=MoneyWorld)
    """The laundering world (issuers, institutions, exits, mule kinds, messy reports);
    off in the easy city, see moneyworld.py."""
    preset: str = "easy"
    """The preset these parameters started from (recorded in truth.json)."""
    world: int | None = None
    """The world seed whose draw filled ``hard`` and the rates (None: no draw)."""
    world_draw: dict[str, Any] = Field(default_factory=dict)
    """What the world seed drew (``worlds.draw_world``), recorded in truth.json."""

    @classmethod
    def load(cls, path: Path, **overrides: object) -> SimParams:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        data.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(data)
