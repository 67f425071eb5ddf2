"""Judging warnings against the simulator's truth: recall before loss, lead, precision.

Beside the overall figures: per typology, false warnings by the kind of benign
look-alike that drew them (truth ``lookalikes``; older truth files name only
``benign`` persons; anything unlabelled is "other"), red (door-visit) warnings,
and the ceiling — the share of victims who showed any observable signal
before their first loss, which no detector can beat.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fanzha.contract.warning import Level, Warning


@dataclass
class Figures:
    victims: int = 0
    warned_before_loss: int = 0
    lead_minutes: list[float] = field(default_factory=list)
    warnings: int = 0
    true_warnings: int = 0
    observable: int = 0
    """Victims with any observable signal before their first loss (the ceiling)."""
    observable_warned: int = 0

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
    false_by_lookalike: dict[str, int] = field(default_factory=dict)
    """False warnings (first raised) by the look-alike kind of the person warned."""
    red: int = 0
    """Warnings that reached red (door visit), true or false."""
    false_red: int = 0
    observable: int | None = None
    """Victims with any observable signal before their first loss (None: truth is silent)."""
    observable_warned: int = 0

    def per_10k_day(self, count: float) -> float:
        return count / self.persons * 10_000 / self.days

    @property
    def red_per_10k_day(self) -> float:
        return self.per_10k_day(self.red)

    @property
    def false_red_per_10k_day(self) -> float:
        return self.per_10k_day(self.false_red)

    @property
    def ceiling(self) -> float | None:
        """Share of victims a detector could have warned before their loss at all."""
        if self.observable is None or not self.overall.victims:
            return None
        return self.observable / self.overall.victims

    @property
    def recall_of_ceiling(self) -> float | None:
        """Victims warned before loss, among those who showed anything before it."""
        if not self.observable:
            return None
        return self.observable_warned / self.observable


def first_warnings(warnings: Iterable[Warning]) -> dict[str, Warning]:
    """Each warning id once, as first raised (upgrades keep the id)."""
    first: dict[str, Warning] = {}
    for w in warnings:
        first.setdefault(w.warning_id, w)
    return first


def lookalike_kinds(truth: dict[str, Any]) -> dict[str, list[tuple[str, set[str]]]]:
    """Person → [(kind, event ids)] of the benign look-alikes truth labels."""
    kinds: dict[str, list[tuple[str, set[str]]]] = {}
    for item in truth.get("lookalikes") or []:
        kinds.setdefault(item["person_id"], []).append(
            (item["kind"], set(item.get("event_ids") or ()))
        )
    if not kinds:  # an older truth file: only who had which benign look-alike
        for kind, persons in (truth.get("benign") or {}).items():
            for person in persons:
                kinds.setdefault(person, []).append((kind, set()))
    return kinds


def _kind_of(w: Warning, kinds: dict[str, list[tuple[str, set[str]]]]) -> str:
    labelled = kinds.get(w.person_id)
    if not labelled:
        return "other"
    evidence = set(w.evidence)
    for kind, ids in labelled:  # the look-alike whose events the warning cites
        if ids & evidence:
            return kind
    return labelled[0][0]


def judge(warnings: Iterable[Warning], truth: dict[str, Any]) -> Backtest:
    every = list(warnings)
    raised = list(first_warnings(every).values())
    reds = {w.warning_id: w for w in every if w.level is Level.HIGH}
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
        shown = bool(victim.get("observable_before_loss"))
        for f in (overall, figures):
            f.observable += int(shown)
        if warned is not None and warned < loss:
            lead = (loss - warned).total_seconds() / 60
            for f in (overall, figures):
                f.warned_before_loss += 1
                f.observable_warned += int(shown)
                f.lead_minutes.append(lead)
    false = 0
    kinds = lookalike_kinds(truth)
    by_kind: dict[str, int] = {}
    for w in raised:
        figures = by_typology.setdefault(w.typology, Figures())
        true = w.person_id in victims
        for f in (overall, figures):
            f.warnings += 1
            f.true_warnings += int(true)
        false += int(not true)
        if not true:
            kind = _kind_of(w, kinds)
            by_kind[kind] = by_kind.get(kind, 0) + 1
    observable: int | None = None
    observable_warned = 0
    if any("observable_before_loss" in v for v in victims.values()):
        seen = [p for p, v in victims.items() if v.get("observable_before_loss")]
        observable = len(seen)
        observable_warned = sum(
            1
            for p in seen
            if p in earliest and earliest[p] < datetime.fromisoformat(victims[p]["first_loss_ts"])
        )
    persons, days = int(truth["persons"]), int(truth["days"])
    return Backtest(
        overall=overall,
        by_typology=by_typology,
        false_per_10k_day=false / persons * 10_000 / days,
        persons=persons,
        days=days,
        false_by_lookalike=dict(sorted(by_kind.items())),
        red=len(reds),
        false_red=sum(w.person_id not in victims for w in reds.values()),
        observable=observable,
        observable_warned=observable_warned,
    )


def _num(value: float | None, digits: int = 3) -> float | None:
    return None if value is None or value != value else round(value, digits)


def as_json(result: Backtest) -> dict[str, Any]:
    """The figures as plain data (``fanzha backtest --json``)."""

    def figures(f: Figures) -> dict[str, Any]:
        return {
            "victims": f.victims,
            "warned_before_loss": f.warned_before_loss,
            "recall": _num(f.recall),
            "median_lead_min": _num(f.median_lead, 1),
            "warnings": f.warnings,
            "true_warnings": f.true_warnings,
            "precision": _num(f.precision),
            "observable_before_loss": f.observable,
            "warned_of_observable": f.observable_warned,
        }

    return {
        "persons": result.persons,
        "days": result.days,
        "overall": figures(result.overall),
        "false_per_10k_day": _num(result.false_per_10k_day, 2),
        "false_per_10k_day_by_lookalike": {
            k: _num(result.per_10k_day(n), 2) for k, n in result.false_by_lookalike.items()
        },
        "red_per_10k_day": _num(result.red_per_10k_day, 2),
        "false_red_per_10k_day": _num(result.false_red_per_10k_day, 2),
        "observable_before_loss": result.observable,
        "ceiling": _num(result.ceiling),
        "recall_of_ceiling": _num(result.recall_of_ceiling),
        "by_typology": {t: figures(f) for t, f in sorted(result.by_typology.items())},
    }


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
        rows.append(
            [
                "",
                "warned of those with a signal before loss",
                *(f"{f.observable_warned}/{f.observable}" for f in figures),
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
    per_day: list[tuple[str, Callable[[Backtest], str]]] = [
        ("red (door-visit) warnings /10k/day", lambda r: f"{r.red_per_10k_day:.2f}"),
        ("false red /10k/day", lambda r: f"{r.false_red_per_10k_day:.2f}"),
        (
            "ceiling: victims with a signal before loss",
            lambda r: (
                "n/a"
                if r.ceiling is None
                else f"{r.observable}/{r.overall.victims} ({r.ceiling:.0%})"
            ),
        ),
        (
            "recall of the ceiling",
            lambda r: "n/a" if r.recall_of_ceiling is None else f"{r.recall_of_ceiling:.0%}",
        ),
    ]
    for label, show in per_day:
        rows.append(["", label, *(show(r) for r in results.values())])
    kinds = sorted({k for r in results.values() for k in r.false_by_lookalike})
    for kind in kinds:
        rows.append(
            [
                "",
                f"false /10k/day: {kind}",
                *(
                    f"{r.per_10k_day(r.false_by_lookalike.get(kind, 0)):.2f}"
                    for r in results.values()
                ),
            ]
        )
    for typology in typologies:
        block(typology, lambda r, t=typology: r.by_typology.get(t, Figures()))
    return rows
