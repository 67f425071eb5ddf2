"""How the order and gold checks do on a simulated city, against its truth.

The city's events are replayed in arrival order through the live detection
engine; each order and gold purchase is checked *before* it is fed, as a
platform or bank would ask at the moment of the order. Then: did every
impersonate-police cash-courier order and gold-by-mail purchase get warn or
hold, and how many benign item-only orders and gifted-gold purchases did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fanzha.contract.kinds import Event, GoldPurchase, Order
from fanzha.detect.engine import Engine
from fanzha.partners.checks import CheckResult, Decision, check_gold, check_order
from fanzha.partners.risk import EngineRiskContext


@dataclass
class CheckFigures:
    scam_checked: int = 0
    scam_flagged: int = 0
    scam_missed: list[str] = field(default_factory=list)
    benign_checked: int = 0
    benign_flagged: int = 0
    decisions: dict[str, int] = field(default_factory=dict)

    @property
    def scam_share(self) -> float:
        return self.scam_flagged / self.scam_checked if self.scam_checked else 1.0

    @property
    def benign_share(self) -> float:
        return self.benign_flagged / self.benign_checked if self.benign_checked else 0.0


def measure_checks(events: Iterable[Event], truth: dict[str, Any]) -> CheckFigures:
    scam_events = {
        event_id
        for v in truth["victims"]
        if v["typology"] == "impersonate_police"
        and v.get("cash_out") in ("cash_courier", "gold_mail")
        for event_id in v["signal_events"]
    }
    benign_orders = set(truth["benign"].get("item_only_delivery", []))
    benign_gold = set(truth["benign"].get("gold_to_relative", []))
    engine = Engine()
    risk = EngineRiskContext(engine)
    figures = CheckFigures()
    for event in events:
        result: CheckResult | None = None
        if isinstance(event, Order):
            result = check_order(event, risk)
            benign = risk.person_of_phone(event.requester) in benign_orders
            benign = benign and event.passengers == 0
        elif isinstance(event, GoldPurchase):
            result = check_gold(event, risk)
            benign = risk.person_of_account(event.account_id) in benign_gold
            benign = benign and event.delivery == "mail"
        if result is not None:
            flagged = result.decision is not Decision.ALLOW
            figures.decisions[result.decision] = figures.decisions.get(result.decision, 0) + 1
            if event.id in scam_events:
                figures.scam_checked += 1
                figures.scam_flagged += flagged
                if not flagged:
                    figures.scam_missed.append(event.id)
            elif benign:
                figures.benign_checked += 1
                figures.benign_flagged += flagged
        engine.feed(event)
    return figures
