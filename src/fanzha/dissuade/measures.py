"""The measures a center may impose: their legal basis, who applies them, how long.

Policy, so it is YAML (``config/measures.yaml``), validated on load: every
measure of ``Measure`` must be described, each with a duration and the partner
types that apply it (the telecom of a person's numbers, the bank of their
accounts). The duration is what makes a measure end: art. 32 measures are not
meant to be for ever, and a partner must be told when one lapses.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from fanzha.durations import parse_duration
from fanzha.yamlconfig import load_yaml

DEFAULT_MEASURES: Final = Path(__file__).parent / "config" / "measures.yaml"
AppliedBy = Literal["telecom", "bank"]


class Measure(StrEnum):
    SUSPEND_PHONE_CARDS = "suspend_phone_cards"  # 暂停电话卡功能
    CANCEL_CALL_FORWARDING = "cancel_call_forwarding"  # 取消呼叫转移
    PROTECTIVE_SUSPENSION = "protective_suspension"  # 保护性停机
    LIMIT_ACCOUNTS = "limit_accounts"  # 限制非柜面业务
    NO_NEW_ACCOUNTS = "no_new_accounts"  # 限制新开户
    CARD_SELLER_BAN = "card_seller_ban"  # 5年内限制非柜面业务、新开户和新入网


class MeasureRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str
    basis: str
    """The articles it rests on, as the notice and the partner's order quote them."""
    applied_by: tuple[AppliedBy, ...]
    duration: timedelta
    reasons: frozenset[str] | None = None
    """Reason codes it may be imposed for; ``None``: any."""

    @field_validator("duration", mode="before")
    @classmethod
    def _duration(cls, value: str | int | timedelta) -> timedelta:
        return value if isinstance(value, timedelta) else parse_duration(value)

    @field_validator("applied_by")
    @classmethod
    def _someone(cls, value: tuple[AppliedBy, ...]) -> tuple[AppliedBy, ...]:
        if not value:
            raise ValueError("a measure must be applied by a telecom or a bank")
        return value


class MeasureCatalog(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    measures: dict[Measure, MeasureRule]

    @field_validator("measures")
    @classmethod
    def _every_measure(cls, value: dict[Measure, MeasureRule]) -> dict[Measure, MeasureRule]:
        missing = set(Measure) - set(value)
        if missing:
            raise ValueError(f"no rule for measures {sorted(missing)}")
        return value

    @classmethod
    def load(cls, path: Path = DEFAULT_MEASURES) -> MeasureCatalog:
        return load_yaml(cls, path)

    def rule(self, measure: Measure) -> MeasureRule:
        return self.measures[measure]


@lru_cache(maxsize=1)
def measure_catalog() -> MeasureCatalog:
    return MeasureCatalog.load()


__all__ = ["DEFAULT_MEASURES", "Measure", "MeasureCatalog", "MeasureRule", "measure_catalog"]
