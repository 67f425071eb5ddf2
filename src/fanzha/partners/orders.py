"""Which partner must apply a measure to which of a person's cards.

A measure on a person becomes orders to institutions: the telecom of each of the
person's phone numbers, the bank of each of their accounts. Each partner is
told only about its own numbers or accounts (a bank must not learn the
person's other banks). A number's telecom is the one whose own events name it
(a ported number, 携号转网, is found so), else the carrier its segment (号段) was
allocated to (``config/carriers.yaml``). Cards of an institution that is not a
partner are reported back as unrouted, for the officer to serve on paper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from fanzha.partners.registry import Partner, PartnerRegistry, PartnerType
from fanzha.yamlconfig import load_yaml

DEFAULT_CARRIERS: Final = Path(__file__).parent / "config" / "carriers.yaml"
SubjectKind = Literal["phone", "account"]


class Carriers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    phone_segments: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path = DEFAULT_CARRIERS) -> Carriers:
        return load_yaml(cls, path)

    def by_segment(self, phone: str) -> str | None:
        """The carrier a mainland mobile number's first three digits were allocated to."""
        national = phone.removeprefix("+86")
        for carrier, segments in self.phone_segments.items():
            if national[:3] in segments:
                return carrier
        return None


@lru_cache(maxsize=1)
def carriers() -> Carriers:
    return Carriers.load()


@dataclass(frozen=True)
class Route:
    partner: Partner
    subject_kind: SubjectKind
    subjects: tuple[str, ...]


def institution(partner: Partner) -> str:
    """A partner's institution from its contract source (``bank:icbc`` → ``icbc``)."""
    return partner.source.split(":")[-1]


def _partner_for(registry: PartnerRegistry, type: PartnerType, name: str) -> Partner | None:
    """One partner per institution (the first by id), so a card gets one order."""
    found = sorted(
        (p for p in registry if p.type == type and institution(p) == name),
        key=lambda p: p.partner_id,
    )
    return found[0] if found else None


def routes(
    registry: PartnerRegistry,
    applied_by: Iterable[str],
    phones: Iterable[str],
    accounts: Iterable[tuple[str, str]],
    carrier_seen: Callable[[str], str | None],
    segments: Carriers | None = None,
) -> tuple[list[Route], list[str]]:
    """The orders to send (partner, its own subjects) and the institutions without a
    partner (``telecom:cucc``, ``bank:rcb_xy``, ``telecom:unknown``)."""
    grouped: dict[tuple[PartnerType, str], list[str]] = {}
    wanted = set(applied_by)
    if "telecom" in wanted:
        table = segments or carriers()
        for phone in phones:
            carrier = carrier_seen(phone) or table.by_segment(phone) or "unknown"
            grouped.setdefault((PartnerType.TELECOM, carrier), []).append(phone)
    if "bank" in wanted:
        for account_id, bank in accounts:
            grouped.setdefault((PartnerType.BANK, bank), []).append(account_id)
    found: list[Route] = []
    unrouted: list[str] = []
    for (type, name), subjects in sorted(grouped.items()):
        partner = _partner_for(registry, type, name)
        if partner is None:
            unrouted.append(f"{type}:{name}")
            continue
        kind: SubjectKind = "phone" if type is PartnerType.TELECOM else "account"
        found.append(Route(partner, kind, tuple(sorted(set(subjects)))))
    return found, unrouted


__all__ = ["Carriers", "Route", "carriers", "institution", "routes"]
