"""The mule scorer's settings: threshold, model, the list entry's source name."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

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
        """``path``, else ``FANZHA_MULES_CONFIG``, else the shipped default."""
        chosen = path or os.environ.get("FANZHA_MULES_CONFIG") or DEFAULT_CONFIG
        return load_yaml(cls, Path(chosen))


__all__ = ["DEFAULT_CONFIG", "MulesConfig"]
