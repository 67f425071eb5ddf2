"""The ring finder's settings: what counts as evidence and what is a hub."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from fanzha.settings import get_settings
from fanzha.yamlconfig import load_yaml

DEFAULT_CONFIG = Path(__file__).parent / "config" / "default.yaml"


class RingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    episode_gap_hours: float = Field(default=24, gt=0)
    """Payments of one report further apart than this are separate scams (被骗两次):
    each is followed on its own, so a victim cheated by two rings does not glue them."""
    call_window_hours: float = Field(default=72, gt=0)
    """Calls (and rebates) this long before the first payment count as the scam's."""
    drop_window_hours: float = Field(default=24, gt=0)
    """Cash, gold or parcels sent this long before the first payment count as the scam's."""
    min_call_s: int = Field(default=60, ge=0)
    """A call shorter than this (a hang-up) is not evidence that the caller ran the scam."""
    phone_hub_callees: int = Field(default=200, ge=2)
    """A number that called this many different numbers is a service line or dialer."""
    marketing_tags: list[str] = Field(default_factory=lambda: ["mass_dialer"])
    """Caller tags of legitimate mass callers (营销外呼): never evidence."""
    address_hub_senders: int = Field(default=8, ge=2)
    """An address that this many different people sent to…"""
    address_hub_case_share: float = Field(default=0.5, gt=0, le=1)
    """…of whom fewer than this share are victims in cases, is a depot, shop or office."""
    new_account_days: int = Field(default=90, ge=0)
    """An account opened this close to the data's start (or never described) may be a mule."""
    upstream_share: float = Field(default=0.5, gt=0, le=1)
    """A new account sending at least this share of its money into a ring's accounts, or
    receiving at least this share from them, is one of its layers (the bank on its other
    side shares nothing)."""
    gold_memo_payments: int = Field(default=2, ge=1)
    """A payee paid this many times with a gold memo (黄金, 金条…) is a gold seller: an
    exit that joins no ring, as the seller a gold purchase names."""
    busy_counterparties: int = Field(default=30, ge=2)
    """An old account (not new, see ``new_account_days``) trading with this many others is
    a bystander's — a trader, a landlord, a shop on a personal card — and joins no ring."""
    flow_weight_fen: int = Field(default=100_000, ge=1)
    """A money link weighs ``stolen / (stolen + this)``: small sums spent from a mule card
    (a shop, a friend) weigh little, a layer passing tens of thousands nearly 1."""
    split_max_cut_share: float = Field(default=0.03, gt=0)
    """Parts of a group stay apart when the weight between them is at most this share
    of the smaller part's weight (a thin cut: a bystander two rings paid)."""
    split_resolution: float = Field(default=1.0, gt=0)
    """Louvain's resolution when a group is cut in parts (higher: smaller parts)."""
    max_link_events: int = Field(default=20, ge=1)
    """At most this many event ids are kept as evidence of one link."""

    @classmethod
    def load(cls, path: Path | None = None) -> RingConfig:
        """``path``, else ``FANZHA_RINGS_CONFIG`` (the settings), else the shipped default."""
        return load_yaml(cls, path or get_settings().rings_config or DEFAULT_CONFIG)


@cache
def default_ring_config() -> RingConfig:
    """``FANZHA_RINGS_CONFIG`` or the shipped file, read once per process."""
    return RingConfig.load()
