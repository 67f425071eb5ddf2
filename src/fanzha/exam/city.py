"""An examiner's city: ordinary lives, frauds and look-alikes, written without the detector.

``python -m fanzha.exam.city --seed S --persons N --days D --out DIR`` writes
``DIR/events.jsonl`` (contract v1: only what partners share, in arrival order)
and ``DIR/truth.json`` (what really happened, in the format ``fanzha
backtest --truth`` reads). Same seed and options, byte-identical files.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from fanzha.exam.frauds import failed_contacts, pick_victims, run_story, second_start
from fanzha.exam.life import Hubs, make_residents, ordinary_day, reference_events
from fanzha.exam.lookalikes import lookalikes
from fanzha.exam.params import CityParams
from fanzha.exam.scams import Story, make_ring
from fanzha.exam.truth import assign_ids, report_events, truth_of
from fanzha.exam.world import World


def build(params: CityParams) -> tuple[World, dict[str, Any]]:
    """The whole world and its truth (events carry ids and an ``observed`` flag)."""
    w = World(params)
    make_residents(w)
    hubs = Hubs(w)
    for person in w.residents:
        if w.chance(0.7):
            person.employer = w.pick(hubs.employers)
    mule_holders = [
        int(x) for x in w.rng.choice(params.persons, size=params.rings * 3, replace=False)
    ]
    rings = [make_ring(w, i, mule_holders) for i in range(params.rings)]
    excluded = set(mule_holders)
    reference_events(w)
    for day in range(params.days):
        ordinary_day(w, hubs, day)
    looks = lookalikes(w, hubs)
    victims: list[list[Story]] = []
    for index, typology in pick_victims(w, excluded):
        t = w.day_time(int(w.rng.integers(params.days)), 7.5, 22)
        ring = w.pick(rings)
        story = run_story(w, hubs, ring, index, typology, t)
        episodes = [story]
        if "twice" in story.variants:
            again = "impersonate_police" if w.chance(0.6) else typology
            other = w.pick([r for r in rings if r is not ring] or rings)
            episodes.append(run_story(w, hubs, other, index, again, second_start(w, story)))
        victims.append(episodes)
    failed = failed_contacts(w, rings, excluded)
    reports = report_events(w, victims)
    assign_ids(w)
    return w, truth_of(w, rings, victims, looks, failed, reports)


def write(w: World, truth: dict[str, Any], out: Path) -> int:
    """Write the observed events in arrival order, and the truth; the number of lines."""
    out.mkdir(parents=True, exist_ok=True)
    lines = 0
    with (out / "events.jsonl").open("w", encoding="utf-8") as stream:
        for event in w.arrived:
            body = {
                "id": event.id,
                "kind": event.kind,
                "ts": event.ts.isoformat(timespec="seconds"),
                "source": event.source,
            }
            body.update((k, v) for k, v in event.fields.items() if not k.startswith("_"))
            stream.write(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n")
            lines += 1
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m fanzha.exam.city", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--params", type=Path, help="JSON object of CityParams fields")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    params = CityParams()
    if args.params:
        given = json.loads(args.params.read_text(encoding="utf-8"))
        fields: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in given.items()
        }
        params = replace(params, **fields)
    params = replace(params, seed=args.seed, persons=args.persons, days=args.days)
    w, truth = build(params)
    lines = write(w, truth, args.out)
    victims, looks = len(truth["victims"]), len(truth["lookalikes"])
    print(f"{lines} events, {victims} victims, {looks} look-alikes -> {args.out}")


if __name__ == "__main__":
    main()


__all__ = ["build", "main", "write"]
