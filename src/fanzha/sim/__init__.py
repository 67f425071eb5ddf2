"""The synthetic Wuhan: residents, ordinary life, fraud rings, victims, reports.

Every demo, test and benchmark uses it. Deterministic for a seed; every rate
is a parameter (``SimParams``); events stream to disk so a million residents
fit in memory.
"""

from fanzha.sim.city import simulate
from fanzha.sim.params import SimParams

__all__ = ["SimParams", "simulate"]
