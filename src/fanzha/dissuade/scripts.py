"""The call script per typology (``config/scripts.yaml``): what the officer says first.

A district officer calls strangers about a fraud they may not believe is one;
a script per typology (the center's own words, edited as config) means every
call says the same true things, in the same order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fanzha.yamlconfig import load_yaml

DEFAULT_SCRIPTS: Final = Path(__file__).parent / "config" / "scripts.yaml"


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)


class ScriptBook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scripts: dict[str, Script]

    @model_validator(mode="after")
    def _has_fallback(self) -> ScriptBook:
        if "other" not in self.scripts:
            raise ValueError("scripts: an `other` script is needed for typologies without one")
        return self

    @classmethod
    def load(cls, path: Path = DEFAULT_SCRIPTS) -> ScriptBook:
        return load_yaml(cls, path)

    def for_typology(self, typology: str, district: str | None) -> Script:
        """The typology's script with the district said where the text names it."""
        script = self.scripts.get(typology) or self.scripts["other"]
        place = district or ""
        return Script(
            zh=[line.replace("{district}", place) for line in script.zh],
            en=[line.replace("{district}", place) for line in script.en],
        )
