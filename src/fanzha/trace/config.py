"""The trace's settings: policy, limits, banks with data, BINs, hub rules, allowlist."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

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

    def rules(self) -> HubRules:
        return HubRules(**self.model_dump())


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
    report_lookback_hours: float = Field(default=168, gt=0)

    @classmethod
    def load(cls, path: Path | None = None) -> TraceConfig:
        """``path``, else ``FANZHA_TRACE_CONFIG``, else the shipped default."""
        chosen = path or os.environ.get("FANZHA_TRACE_CONFIG") or DEFAULT_CONFIG
        return load_yaml(cls, Path(chosen))
