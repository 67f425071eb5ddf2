"""The evidence book: every link with its event ids, and the union-find over its ends.

Nodes are typed keys (``case:…``, ``account:…``, ``phone:…``, ``address:…``);
a link between two nodes puts them in one ring. A case's further scam
episodes get their own node (``case:rep-1#2``) so that a victim cheated by two
rings does not glue them; ``case_of`` maps such a node back to its case.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from fanzha.rings.model import Link, LinkKind

SHARED: dict[str, LinkKind] = {
    "account:": "shared_card",
    "phone:": "shared_phone",
    "address:": "shared_address",
}


class LinkBook:
    def __init__(self, max_events: int = 20) -> None:
        self.max_events = max_events
        self.parent: dict[str, str] = {}
        self.case_of: dict[str, str] = {}
        self.evidence: dict[tuple[LinkKind, str, str], list[str]] = {}
        self.touched_by: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self.weight: dict[tuple[str, str], float] = defaultdict(float)
        """Node pair (in key order) → how strongly the evidence ties them (``split``)."""
        """Entity → case node → event ids that tie the case to it (for ``shared_*``)."""

    def node(self, key: str, case_id: str | None = None) -> str:
        if key not in self.parent:
            self.parent[key] = key
        if case_id is not None:
            self.case_of[key] = case_id
        return key

    def find(self, key: str) -> str:
        self.node(key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def link(
        self, kind: LinkKind, source: str, target: str, event_id: str, weight: float = 1.0
    ) -> None:
        self.union(source, target)
        self.weight[(min(source, target), max(source, target))] += weight
        events = self.evidence.setdefault((kind, source, target), [])
        if len(events) < self.max_events and event_id not in events:
            events.append(event_id)
        for case, entity in ((source, target), (target, source)):
            if case in self.case_of and not entity.startswith("case:"):
                self.reached(entity, case, event_id)

    def reached(self, entity: str, case: str, event_id: str | None = None) -> None:
        """``case``'s money, caller or parcel reached ``entity``."""
        events = self.touched_by[entity].setdefault(case, [])
        if event_id is not None and len(events) < self.max_events and event_id not in events:
            events.append(event_id)

    def members(self, prefix: str) -> list[str]:
        return [k for k in self.parent if k.startswith(prefix)]

    def regroup(self, groups: list[set[str]]) -> None:
        """Replace the unions by these groups (a weak group split in parts)."""
        for group in groups:
            root = min(group)
            for key in group:
                self.parent[key] = root

    def groups(self) -> list[set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for key in self.parent:
            found[self.find(key)].add(key)
        return sorted(found.values(), key=min)

    def case_nodes(self, group: set[str]) -> list[str]:
        return sorted(k for k in group if k in self.case_of)

    def links_within(self, group: set[str]) -> list[Link]:
        """The group's links: direct evidence, then what its cases share (card, number, address)."""
        links = [
            Link(kind=kind, source=a, target=b, events=list(events))
            for (kind, a, b), events in sorted(self.evidence.items())
            if a in group and b in group
        ]
        for entity in sorted(k for k in group if k in self.touched_by):
            by_case = {c: e for c, e in self.touched_by[entity].items() if c in group}
            cases = sorted({self.case_of[c] for c in by_case})
            if len(cases) < 2:
                continue
            kind = next(v for p, v in SHARED.items() if entity.startswith(p))
            first: dict[str, list[str]] = {}
            for node, events in sorted(by_case.items()):
                first.setdefault(self.case_of[node], events)
            for a, b in pairwise(cases):
                events = (first[a][:1] + first[b][:1]) or [a, b]
                links.append(
                    Link(
                        kind=kind, source=f"case:{a}", target=f"case:{b}", events=events, via=entity
                    )
                )
        return links
