"""Which event kinds and sources each partner type may send (``config/kinds.yaml``).

A ride-hailing platform knows about orders, not about where residents live:
letting every partner post every kind is how a platform key rewrote police
records. The table is policy, so it is YAML, validated on load against the
contract's kinds and the partner types.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from fanzha.contract.kinds import ACTIVITY_KINDS, REFERENCE_KINDS
from fanzha.partners.registry import Partner, PartnerType

DEFAULT_KINDS: Final = Path(__file__).parent / "config" / "kinds.yaml"


class TypeRights(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[str, ...]
    kinds: frozenset[str]

    @field_validator("kinds")
    @classmethod
    def _known(cls, kinds: frozenset[str]) -> frozenset[str]:
        unknown = kinds - ACTIVITY_KINDS - REFERENCE_KINDS
        if unknown:
            raise ValueError(f"not kinds of contract v1: {sorted(unknown)}")
        return kinds

    def allows_source(self, source: str) -> bool:
        return any(
            source.startswith(p[:-1]) if p.endswith(":*") else source == p for p in self.sources
        )


class PartnerKinds(BaseModel):
    model_config = ConfigDict(frozen=True)

    types: dict[PartnerType, TypeRights]

    @field_validator("types")
    @classmethod
    def _every_type(cls, types: dict[PartnerType, TypeRights]) -> dict[PartnerType, TypeRights]:
        missing = set(PartnerType) - set(types)
        if missing:
            raise ValueError(f"no kinds for partner types {sorted(missing)}")
        return types

    @classmethod
    def load(cls, path: Path = DEFAULT_KINDS) -> PartnerKinds:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls.model_validate({"types": data}, context={"file": str(path)})

    def refusal(self, partner: Partner, kind: str) -> str | None:
        """Why this partner may not send this kind, or None when it may."""
        rights = self.types[partner.type]
        if kind in rights.kinds:
            return None
        allowed = ", ".join(sorted(rights.kinds))
        return f"a {partner.type} partner may not send {kind} events (it may send: {allowed})"

    def source_refusal(self, type: PartnerType, source: str) -> str | None:
        """Why a partner of this type may not carry this source (``police:hukou`` for a
        platform would make it the owner of residents' records)."""
        rights = self.types[type]
        if rights.allows_source(source):
            return None
        return f"a {type} partner's source must match {' or '.join(rights.sources)}"


@lru_cache(maxsize=1)
def partner_kinds() -> PartnerKinds:
    return PartnerKinds.load()


__all__ = ["DEFAULT_KINDS", "PartnerKinds", "TypeRights", "partner_kinds"]
