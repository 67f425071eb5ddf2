"""The mule scorer's settings: threshold, model, the list entry's source name."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from fanzha.settings import get_settings
from fanzha.yamlconfig import load_yaml

DEFAULT_CONFIG = Path(__file__).parent / "config" / "mules.yaml"


class MulesConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    threshold: float = Field(default=0.98, gt=0, lt=1)
    model: str = "default"
    source: str = Field(default="断卡模型", min_length=1, max_length=32)
    bins: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> MulesConfig:
        """``path``, else ``FANZHA_MULES_CONFIG`` (the settings), else the shipped default."""
        return load_yaml(cls, path or get_settings().mules_config or DEFAULT_CONFIG)


__all__ = ["DEFAULT_CONFIG", "MulesConfig"]
