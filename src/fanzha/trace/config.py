"""The trace's settings: policy, limits, banks with data, BINs, hubs, institutions, exits."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from fanzha.settings import get_settings
from fanzha.trace.banks import BinTable, shipped_bins
from fanzha.trace.hubs import HubRules
from fanzha.trace.taint import Policy
from fanzha.yamlconfig import load_yaml

DEFAULT_CONFIG = Path(__file__).parent / "config" / "default.yaml"


class HubSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_counterparties: int = Field(default=40, ge=2)
    old_account_days: int = Field(default=365, ge=0)
    old_min_counterparties: int = Field(default=1, ge=1)
    pass_through_share: float = Field(default=0.8, gt=0, le=1)
    exit_min_payers: int = Field(default=12, ge=2)
    exit_min_days: int = Field(default=4, ge=1)
    shop_min_payers: int = Field(default=4, ge=2)
    shop_min_days: int = Field(default=3, ge=1)
    shop_unique_share: float = Field(default=0.95, gt=0, le=1)
    shop_median_fen: int = Field(default=50_000, ge=1)
    young_days: int = Field(default=180, ge=0)

    def rules(self) -> HubRules:
        return HubRules(**self.model_dump())


class InstitutionSettings(BaseModel):
    """Payment institutions (wallets, aggregators): followed through, never stopped."""

    model_config = ConfigDict(extra="forbid")
    memo_names: dict[str, str] = Field(default_factory=dict)
    """First word of a third-party payment's memo → institution id (``支付宝: alipay``)."""
    accounts: dict[str, str] = Field(default_factory=dict)
    """Clearing accounts the center knows → institution id."""
    daily_settlement: list[str] = Field(default_factory=list)
    """Institutions (aggregators) that settle a sub-merchant's day in one payment."""
    min_payments: int = Field(default=20, ge=1)
    min_share: float = Field(default=0.5, gt=0, le=1)
    settle_hours: float = Field(default=48, gt=0)


class ExitSettings(BaseModel):
    """Where money leaves for good. Exits end a trace and are never stopped."""

    model_config = ConfigDict(extra="forbid")
    merchants: list[str] = Field(default_factory=list)
    gold_sellers: list[str] = Field(default_factory=list)
    otc_traders: list[str] = Field(default_factory=list)
    """USDT OTC traders: a hold on the traced amount only (``hold_amount``), and a query."""
    otc_min_payers: int = Field(default=10, ge=2)
    """From history: this many distinct payers, nearly each paying once (``otc_unique_share``
    of the payments from a new payer: clients buying USDT), and ``otc_min_payees`` payees."""
    otc_unique_share: float = Field(default=0.75, gt=0, le=1)
    otc_min_payees: int = Field(default=8, ge=1)
    cashing_out_payments: int = Field(default=2, ge=1)
    """A payee, two or more hops on, of an account that made this many payments to exits (cash,
    gold, shops, OTC traders) gets ``hold_amount``, not a stop: an account cashing out pays
    exits, and this one may be an exit we did not recognise (an OTC trader, a landlord)."""


class TraceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    policy: Policy = "fifo"
    max_hops: int = Field(default=8, ge=1, le=50)
    max_accounts: int = Field(default=5000, ge=1)
    min_freeze_fen: int = Field(default=10000, ge=1)
    data_banks: list[str] = Field(default_factory=list)
    bins: dict[str, str] = Field(default_factory=dict)
    hubs: HubSettings = Field(default_factory=HubSettings)
    allowlist: list[str] = Field(default_factory=list)
    institutions: InstitutionSettings = Field(default_factory=InstitutionSettings)
    exits: ExitSettings = Field(default_factory=ExitSettings)
    report_lookback_hours: float = Field(default=168, gt=0)
    query_rounds: int = Field(default=30, ge=0)
    """With banks' records to answer queries: trace again as answers arrive, this many times."""

    def issuers(self) -> BinTable:
        """The shipped BIN table with this config's ``bins`` on top."""
        return shipped_bins().extended(self.bins)

    @classmethod
    def load(cls, path: Path | None = None) -> TraceConfig:
        """``path``, else ``FANZHA_TRACE_CONFIG`` (the settings), else the shipped default."""
        return load_yaml(cls, path or get_settings().trace_config or DEFAULT_CONFIG)


@cache
def default_trace_config() -> TraceConfig:
    """``FANZHA_TRACE_CONFIG`` or the shipped file, read once per process."""
    return TraceConfig.load()
