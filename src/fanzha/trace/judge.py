"""How good a freeze list is, against a simulated city's answer key (``truth.json``).

Coverage: of the stolen money still recoverable (``truth.recoverable``, per
account), the share that the list asks to freeze or query — capped per
account at what is really there, so over-asking earns nothing. Precision: the
share of listed accounts that are mule accounts. And the hubs it wrongly lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fanzha.trace.freeze import FreezeRequest


@dataclass(frozen=True)
class FreezeScore:
    recoverable_fen: int
    covered_fen: int
    listed_accounts: int
    mule_accounts: int
    hubs_listed: list[str]

    @property
    def coverage(self) -> float:
        return self.covered_fen / self.recoverable_fen if self.recoverable_fen else 1.0

    @property
    def mule_share(self) -> float:
        return self.mule_accounts / self.listed_accounts if self.listed_accounts else 1.0


def judge_freeze_list(requests: Iterable[FreezeRequest], truth: dict[str, Any]) -> FreezeScore:
    asked: dict[str, int] = defaultdict(int)
    for request in requests:
        asked[request.account_id] += request.amount_fen
    recoverable: dict[str, int] = truth["recoverable"]
    covered = sum(min(asked.get(a, 0), held) for a, held in recoverable.items())
    mules = set(truth["mule_accounts"])
    hubs = {a for group in truth["hubs"].values() for a in group}
    return FreezeScore(
        recoverable_fen=sum(recoverable.values()),
        covered_fen=covered,
        listed_accounts=len(asked),
        mule_accounts=sum(1 for a in asked if a in mules),
        hubs_listed=sorted(a for a in asked if a in hubs),
    )
