"""Split a group that only weak links hold together (two rings meeting on a bystander).

The unions of ``group`` join everything any piece of evidence ties: one
shopkeeper paid from two rings' cards, or one merchant both rings cash out
at, glues two rings. Within a group, the links are weighted by kind and by
money (a few hundred yuan spent from a mule card weighs little, a layer
passing tens of thousands much), Louvain finds its communities (seeded, so
every run is the same), and communities are merged back while the weight
between two of them is a fair share of the smaller one's: only parts joined
by a thin cut stay apart. A part must hold a case to stand alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

import networkx as nx


def split_weak(
    group: set[str],
    weight: Mapping[tuple[str, str], float],
    is_case: Callable[[str], bool],
    max_cut_share: float,
    resolution: float = 1.0,
    seed: int = 20,
) -> list[set[str]]:
    """The group's parts: one, or several that only a thin cut joined."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(group)
    for (a, b), w in weight.items():
        if a in group and b in group and a != b:
            graph.add_edge(a, b, weight=w)
    if graph.number_of_edges() == 0:
        return [group]
    found = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed
    )
    parts = [set(p) for p in sorted(found, key=min)]
    return _merge_thick(graph, parts, is_case, max_cut_share)


def _merge_thick(
    graph: nx.Graph[str],
    parts: list[set[str]],
    is_case: Callable[[str], bool],
    max_cut_share: float,
) -> list[set[str]]:
    """Merge parts while two share a thick cut, or one holds no case."""
    while len(parts) > 1:
        owner = {key: i for i, part in enumerate(parts) for key in part}
        cut: dict[tuple[int, int], float] = defaultdict(float)
        volume = [0.0] * len(parts)
        for a, b, w in graph.edges(data="weight"):
            i, j = owner[a], owner[b]
            volume[i] += w
            volume[j] += w
            if i != j:
                cut[(min(i, j), max(i, j))] += w
        best: tuple[float, int, int] | None = None
        for (i, j), w in sorted(cut.items()):
            caseless = not any(map(is_case, parts[i])) or not any(map(is_case, parts[j]))
            share = float("inf") if caseless else w / max(min(volume[i], volume[j]), 1e-9)
            if share > max_cut_share and (best is None or share > best[0]):
                best = (share, i, j)
        if best is None:
            break
        _, i, j = best
        parts[i] |= parts.pop(j)
    return parts
