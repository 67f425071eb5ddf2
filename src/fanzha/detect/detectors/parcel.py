"""Parcels declaring cash, gold or "documents" (how couriers of cash are told to label it)."""

from __future__ import annotations

from collections.abc import Callable

from fanzha.contract.kinds import Parcel
from fanzha.contract.words import CASH_OR_GOLD, DOCUMENTS
from fanzha.detect.models import Signal
from fanzha.detect.rules import Rules
from fanzha.detect.signals import SUBJECT, Registration, Tools, register
from fanzha.detect.state import Directory, PersonState


def declares_cash_or_gold(contents: str) -> bool:
    """Cash or gold, or the "documents" fraudsters tell victims to write instead."""
    return CASH_OR_GOLD.search(contents) is not None or DOCUMENTS.search(contents) is not None


def on_parcel(e: Parcel, p: PersonState, d: Directory, r: Rules) -> list[Signal]:
    if declares_cash_or_gold(e.declared_contents):
        return [
            Signal("parcel_cash_or_gold", e.ts, e.id, e.declared_contents, "impersonate_police")
        ]
    return []


def ordinary_parcel(r: Rules, tools: Tools) -> Callable[[Parcel], bool]:
    """A parcel declaring anything else."""
    return lambda e: not declares_cash_or_gold(e.declared_contents)


PARCEL = register(
    Registration(
        name="parcel",
        kind=Parcel,
        role=SUBJECT,
        emits=frozenset({"parcel_cash_or_gold"}),
        state=(),
        keeps_state=False,
        numbers=(),
        bind=lambda tools: on_parcel,
        ordinary=ordinary_parcel,
    )
)
