"""How close fanzha's rings are to a simulated city's: the adjusted Rand index on mule accounts.

The truth groups the mule accounts of ``truth.json`` by ring; fanzha's rings
group them too, and an account fanzha put in no ring is its own group (a miss
costs, as it should). ARI is 1 for the same grouping and about 0 for chance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sklearn.metrics import adjusted_rand_score

from fanzha.rings.model import Ring


@dataclass(frozen=True)
class RingScore:
    ari: float
    """Over every mule account in the truth."""
    ari_observed: float
    """Over the mule accounts that appear in the events (the rest no partner ever showed)."""
    true_rings: int
    found_rings: int
    mules: int
    mules_in_rings: int
    impure_rings: int
    """Found rings holding mule accounts of more than one true ring (glued rings)."""


def score_rings(rings: list[Ring], truth: dict[str, Any], seen: Iterable[str] = ()) -> RingScore:
    true_ring = {a: r["ring_id"] for r in truth.get("rings", []) for a in r["mule_accounts"]}
    found = {a: r.ring_id for r in rings for a in r.accounts}
    observed = set(seen)
    accounts = sorted(true_ring)
    labels = [found.get(a, f"alone:{a}") for a in accounts]
    ari = float(adjusted_rand_score([true_ring[a] for a in accounts], labels))
    shown = [a for a in accounts if a in observed]
    ari_observed = (
        float(
            adjusted_rand_score(
                [true_ring[a] for a in shown], [found.get(a, f"alone:{a}") for a in shown]
            )
        )
        if shown
        else float("nan")
    )
    impure = sum(1 for r in rings if len({true_ring[a] for a in r.accounts if a in true_ring}) > 1)
    return RingScore(
        ari=ari,
        ari_observed=ari_observed,
        true_rings=len(truth.get("rings", [])),
        found_rings=len(rings),
        mules=len(accounts),
        mules_in_rings=sum(1 for a in accounts if a in found),
        impure_rings=impure,
    )
