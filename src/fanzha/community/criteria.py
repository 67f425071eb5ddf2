"""The fraud-free criteria, as data the center can change without code."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fanzha.durations import parse_duration
from fanzha.yamlconfig import load_yaml

DEFAULT_CRITERIA: Final = Path(__file__).parent / "config" / "criteria.yaml"


class NearLine(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    warnings_at_least: int = Field(default=1, ge=1)
    any_loss: bool = True


class Criteria(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name_zh: str
    name_en: str
    period: timedelta
    max_criminal_fraud_reports: int = Field(ge=0)
    min_propaganda_coverage: float = Field(ge=0, le=1)
    max_residents_caught: int = Field(ge=0)
    max_dens_found: int = Field(ge=0)
    near_line: NearLine = NearLine()

    @field_validator("period", mode="before")
    @classmethod
    def _duration(cls, value: str | int) -> timedelta:
        return parse_duration(value)

    @classmethod
    def load(cls, path: Path = DEFAULT_CRITERIA) -> Criteria:
        return load_yaml(cls, path)


@cache
def default_criteria() -> Criteria:
    """The shipped criteria, read once per process (the communities page asks each time)."""
    return Criteria.load()
