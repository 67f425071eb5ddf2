"""Judging warnings against the simulator's truth: recall before loss, lead, precision."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fanzha.detect.models import Warning


@dataclass
class Figures:
    victims: int = 0
    warned_before_loss: int = 0
    lead_minutes: list[float] = field(default_factory=list)
    warnings: int = 0
    true_warnings: int = 0

    @property
    def recall(self) -> float:
        return self.warned_before_loss / self.victims if self.victims else float("nan")

    @property
    def precision(self) -> float:
        return self.true_warnings / self.warnings if self.warnings else float("nan")

    @property
    def median_lead(self) -> float:
        return statistics.median(self.lead_minutes) if self.lead_minutes else float("nan")


@dataclass
class Backtest:
    overall: Figures
    by_typology: dict[str, Figures]
    false_per_10k_day: float
    persons: int
    days: int


def first_warnings(warnings: Iterable[Warning]) -> dict[str, Warning]:
    """Each warning id once, as first raised (upgrades keep the id)."""
    first: dict[str, Warning] = {}
    for w in warnings:
        first.setdefault(w.warning_id, w)
    return first


def judge(warnings: Iterable[Warning], truth: dict[str, Any]) -> Backtest:
    raised = list(first_warnings(warnings).values())
    victims = {v["person_id"]: v for v in truth["victims"]}
    earliest: dict[str, datetime] = {}
    for w in raised:
        if w.person_id not in earliest or w.ts < earliest[w.person_id]:
            earliest[w.person_id] = w.ts
    overall = Figures()
    by_typology: dict[str, Figures] = {}
    for person_id, victim in victims.items():
        figures = by_typology.setdefault(victim["typology"], Figures())
        loss = datetime.fromisoformat(victim["first_loss_ts"])
        for f in (overall, figures):
            f.victims += 1
        warned = earliest.get(person_id)
        if warned is not None and warned < loss:
            lead = (loss - warned).total_seconds() / 60
            for f in (overall, figures):
                f.warned_before_loss += 1
                f.lead_minutes.append(lead)
    false = 0
    for w in raised:
        figures = by_typology.setdefault(w.typology, Figures())
        true = w.person_id in victims
        for f in (overall, figures):
            f.warnings += 1
            f.true_warnings += int(true)
        false += int(not true)
    persons, days = int(truth["persons"]), int(truth["days"])
    return Backtest(
        overall=overall,
        by_typology=by_typology,
        false_per_10k_day=false / persons * 10_000 / days,
        persons=persons,
        days=days,
    )


def table(results: dict[str, Backtest]) -> list[list[str]]:
    """Rows for printing: one block per typology, one column per rules file."""
    names = list(results)
    typologies = sorted({t for r in results.values() for t in r.by_typology})
    rows = [["", "metric", *names]]

    def block(label: str, pick: Any) -> None:
        figures = [pick(r) for r in results.values()]
        rows.append(
            [
                label,
                "victims warned before loss",
                *(f"{f.warned_before_loss}/{f.victims} ({f.recall:.0%})" for f in figures),
            ]
        )
        rows.append(["", "median lead (min)", *(f"{f.median_lead:.0f}" for f in figures)])
        rows.append(
            [
                "",
                "precision",
                *(f"{f.true_warnings}/{f.warnings} ({f.precision:.0%})" for f in figures),
            ]
        )

    block("ALL", lambda r: r.overall)
    rows.append(
        [
            "",
            "false warnings /10k persons/day",
            *(f"{r.false_per_10k_day:.2f}" for r in results.values()),
        ]
    )
    for typology in typologies:
        block(typology, lambda r, t=typology: r.by_typology.get(t, Figures()))
    return rows
