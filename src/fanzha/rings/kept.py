"""Rings as the service keeps them: state, version, history, and analysts' decisions.

An analyst's merge or split is a ``Decision`` stated in cases and members, not
in ring ids, so it survives a rebuild: the finder runs again over new events,
then every decision is replayed in order on what it found (``replay``). What
the analyst joined stays joined; what they took apart stays apart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

from fanzha.rings.model import Link, Ring, ring_id_for

MEMBER_KINDS = ("cases", "accounts", "phones", "addresses")
NODE_PREFIX = {
    "cases": "case:",
    "accounts": "account:",
    "phones": "phone:",
    "addresses": "address:",
}


class HistoryEntry(msgspec.Struct, frozen=True, kw_only=True):
    ts: datetime
    actor: str
    action: str
    """``found`` (built or loaded), ``merged``, ``absorbed``, ``split``, ``split_from``."""
    reason: str | None = None
    detail: dict[str, str] = {}


class KeptRing(msgspec.Struct, kw_only=True):
    ring: Ring
    state: Literal["active", "merged"] = "active"
    merged_into: str | None = None
    version: int = 1
    history: list[HistoryEntry] = []


class Members(msgspec.Struct, frozen=True, kw_only=True):
    cases: list[str] = []
    accounts: list[str] = []
    phones: list[str] = []
    addresses: list[str] = []

    def empty(self) -> bool:
        return not any(getattr(self, k) for k in MEMBER_KINDS)


class Decision(msgspec.Struct, frozen=True, kw_only=True):
    decision_id: str
    ts: datetime
    actor: str
    action: Literal["merge", "split"]
    reason: str
    keep: Members
    """Merge: the surviving ring's cases; split: unused."""
    moved: Members
    """Merge: the absorbed ring's cases; split: the members taken out into a new ring."""


def ring_holding(rings: dict[str, KeptRing], members: Members) -> str | None:
    """The active ring holding most of ``members`` (cases count first)."""
    best: tuple[int, int, str] | None = None
    for ring_id, kept in rings.items():
        if kept.state != "active":
            continue
        found = [len(set(getattr(members, k)) & set(getattr(kept.ring, k))) for k in MEMBER_KINDS]
        score = (found[0], sum(found[1:]), ring_id)
        if sum(found) and (best is None or score[:2] > best[:2]):
            best = score
    return None if best is None else best[2]


def merge(rings: dict[str, KeptRing], survivor: str, absorbed: str, decision: Decision) -> None:
    into, gone = rings[survivor], rings[absorbed]
    for kind in MEMBER_KINDS:
        joined = sorted(set(getattr(into.ring, kind)) | set(getattr(gone.ring, kind)))
        setattr(into.ring, kind, joined)
    link = Link(
        kind="analyst_merge",
        source=f"ring:{absorbed}",
        target=f"ring:{survivor}",
        events=[decision.decision_id],
    )
    into.ring.links = [*into.ring.links, *gone.ring.links, link]
    for field in ("money_in_fen", "money_out_fen", "cashed_out_fen"):
        setattr(into.ring, field, getattr(into.ring, field) + getattr(gone.ring, field))
    gone.state, gone.merged_into = "merged", survivor
    detail = {"decision": decision.decision_id}
    into.history = [*into.history, _entry(decision, "merged", {**detail, "absorbed": absorbed})]
    gone.history = [*gone.history, _entry(decision, "absorbed", {**detail, "into": survivor})]
    into.version += 1
    gone.version += 1


def split(rings: dict[str, KeptRing], parent: str, decision: Decision) -> str:
    """Move ``decision.moved`` out of ``parent`` into a new ring; returns its id."""
    source = rings[parent]
    moved = {
        k: sorted(set(getattr(decision.moved, k)) & set(getattr(source.ring, k)))
        for k in MEMBER_KINDS
    }
    first = (moved["cases"] or moved["accounts"] or moved["phones"] or moved["addresses"])[0]
    new_id = ring_id_for(f"split:{decision.decision_id}:{first}")
    nodes = {NODE_PREFIX[k] + m for k in MEMBER_KINDS for m in moved[k]}
    inside = [
        link
        for link in source.ring.links
        if _end(link.source) in nodes and _end(link.target) in nodes
    ]
    kept_links = [
        link
        for link in source.ring.links
        if _end(link.source) not in nodes and _end(link.target) not in nodes
    ]
    for kind in MEMBER_KINDS:
        setattr(source.ring, kind, [m for m in getattr(source.ring, kind) if m not in moved[kind]])
    source.ring.links = kept_links
    source.version += 1
    child = Ring(
        ring_id=new_id,
        links=inside,
        cases=moved["cases"],
        accounts=moved["accounts"],
        phones=moved["phones"],
        addresses=moved["addresses"],
    )
    detail = {"decision": decision.decision_id}
    source.history = [*source.history, _entry(decision, "split", {**detail, "new_ring": new_id})]
    rings[new_id] = KeptRing(
        ring=child, history=[_entry(decision, "split_from", {**detail, "parent": parent})]
    )
    return new_id


def _end(node: str) -> str:
    """A link end as a member node (a ``case:rep-1#2`` payment is its case)."""
    return node.split("#", 1)[0]


def _entry(decision: Decision, action: str, detail: dict[str, str]) -> HistoryEntry:
    return HistoryEntry(
        ts=decision.ts, actor=decision.actor, action=action, reason=decision.reason, detail=detail
    )


def replay(rings: dict[str, KeptRing], decisions: list[Decision]) -> None:
    """Apply the analysts' decisions, in order, to freshly found rings."""
    for decision in decisions:
        if decision.action == "merge":
            survivor = ring_holding(rings, decision.keep)
            absorbed = ring_holding(rings, decision.moved)
            if survivor and absorbed and survivor != absorbed:
                merge(rings, survivor, absorbed, decision)
        else:
            parent = ring_holding(rings, decision.moved)
            if parent is not None and _leaves_something(rings[parent].ring, decision.moved):
                split(rings, parent, decision)


def _leaves_something(ring: Ring, moved: Members) -> bool:
    left = sum(len(set(getattr(ring, k)) - set(getattr(moved, k))) for k in MEMBER_KINDS)
    taken = sum(len(set(getattr(ring, k)) & set(getattr(moved, k))) for k in MEMBER_KINDS)
    return left > 0 and taken > 0
