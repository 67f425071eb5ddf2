"""Learn on training worlds, judge on worlds never used for tuning.

    python benchmarks/learn_worlds.py [--train 1 2 … 10 20 21] [--test 14 15] \\
        [--persons 10000] [--days 7] [--work DIR] [--out MODEL_DIR] [--judge-train]

Simulates each world (``--preset realistic --world N``: rates drawn from wide
ranges by the world's seed; training worlds with more victims), runs
``fanzha learn --separate`` on the training worlds, then backtests the learned
model and the rules alone on each held-out world and prints one table per
world and typology, then one summary row per world (``--judge-train`` adds the
training worlds, judged by the model that learned on them).

Many small, varied worlds rather than a few big ones: what one world's
look-alikes look like (a virtual operator's friend calls, a lender's app
names) does not carry over, and a model that saw three worlds learned their
quirks as fraud. With ``--out src/fanzha/detect/default_model`` this is the
one command that rebuilds the shipped default model.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

FANZHA = str(Path(sys.executable).with_name("fanzha"))


def simulate(world: int, work: Path, persons: int, days: int, victims: float | None) -> Path:
    """``fanzha simulate --preset realistic --world N``: data sharing, tag noise, disguises,
    look-alike rates and journeys drawn from wide ranges by the world's seed. Training
    worlds are WORK/rN, held-out ones WORK/wN (other sizes: never mixed up)."""
    out = work / f"{'r' if victims is not None else 'w'}{world}"
    if (out / "truth.json").exists():
        return out
    command = [FANZHA, "simulate", "--preset", "realistic", "--world", str(world)]
    command += ["--persons", str(persons), "--days", str(days), "--seed", str(world)]
    if victims is not None:  # training worlds: more victims, so more reports to learn from
        command += ["--victims-per-10k", str(victims)]
    subprocess.run([*command, "--out", str(out)], check=True, stderr=subprocess.DEVNULL)
    return out


def backtest(city: Path, model: str) -> dict[str, Any]:
    done = subprocess.run(
        [
            FANZHA,
            "backtest",
            str(city / "events.jsonl"),
            "--truth",
            str(city / "truth.json"),
            "--model",
            model,
            "--json",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = next(iter(json.loads(done.stdout).values()))
    return result


def row(name: str, f: dict[str, Any]) -> str:
    """Warned before loss of the victims with a signal before it (the ceiling), of all
    victims, and the median lead."""
    lead = "–" if f["median_lead_min"] is None else f"{f['median_lead_min']:.0f}"
    seen = f"{f['warned_of_observable']}/{f['observable_before_loss']}"
    return f"| {name} | {seen} ({f['warned_before_loss']}/{f['victims']}) | {lead} |"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--train", type=int, nargs="+", default=[*range(1, 11), 20, 21])
    parser.add_argument("--test", type=int, nargs="+", default=[14, 15])
    parser.add_argument("--persons", type=int, default=10_000, help="per training world")
    parser.add_argument("--test-persons", type=int, default=30_000, help="per held-out world")
    parser.add_argument("--train-victims", type=float, default=12.0, help="per 10k a day")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("worlds"))
    parser.add_argument("--out", type=Path, help="MODEL_DIR (default: WORK/model)")
    parser.add_argument("--skip-learn", action="store_true", help="judge MODEL_DIR as it is")
    parser.add_argument(
        "--judge-train", action="store_true", help="summary rows for the training worlds too"
    )
    args = parser.parse_args()
    model = args.out or args.work / "model"
    train = [
        simulate(w, args.work, args.persons, args.days, args.train_victims) for w in args.train
    ]
    test = [simulate(w, args.work, args.test_persons, args.days, None) for w in args.test]
    files = [str(c / "events.jsonl") for c in train]
    if not args.skip_learn:
        subprocess.run([FANZHA, "learn", *files, "--separate", "--out", str(model)], check=True)
    summaries: list[str] = []
    if args.judge_train:
        for world, city in zip(args.train, train, strict=True):
            summaries.append(summary(f"{world} (trained on)", backtest(city, str(model))))
    for world, city in zip(args.test, test, strict=True):
        learned, rules = backtest(city, str(model)), backtest(city, "none")
        summaries.append(summary(f"{world} (held out)", learned))
        print(f"\n### world {world} (held out) — learned model | rules only\n")
        print(
            "| | learned: warned/ceiling (of all victims) | median lead (min) "
            "| rules only: warned | lead |"
        )
        print("|---|---|---|---|---|")
        for name in ["ALL", *learned["by_typology"]]:
            a = learned["overall"] if name == "ALL" else learned["by_typology"][name]
            b = rules["overall"] if name == "ALL" else rules["by_typology"].get(name)
            if not a["victims"]:
                continue
            right = row("", b).removeprefix("|  |") if b else " – | – |"
            print(row(name, a) + right)
        for label, key in [
            ("false warnings /10k/day", "false_per_10k_day"),
            ("red /10k/day", "red_per_10k_day"),
            ("false red /10k/day", "false_red_per_10k_day"),
        ]:
            print(f"| {label} | {learned[key]} | | {rules[key]} | |")
        kinds = sorted(
            set(learned["false_per_10k_day_by_lookalike"])
            | set(rules["false_per_10k_day_by_lookalike"])
        )
        for kind in kinds:
            a_ = learned["false_per_10k_day_by_lookalike"].get(kind, 0)
            b_ = rules["false_per_10k_day_by_lookalike"].get(kind, 0)
            print(f"| false /10k/day: {kind} | {a_} | | {b_} | |")
        ceiling = learned["ceiling"]
        if ceiling is not None:
            print(f"| ceiling (signal before loss) | {ceiling:.0%} | | | |")
            print(
                f"| recall of the ceiling | {learned['recall_of_ceiling']} | | "
                f"{rules['recall_of_ceiling']} | |"
            )
    print(
        "\n| world | ceiling | warned before loss / ceiling | median lead (min) "
        "| false /10k/day (largest kind) | red / false red /10k/day |"
    )
    print("|---|---|---|---|---|---|")
    print("\n".join(summaries))


def summary(name: str, f: dict[str, Any]) -> str:
    """One row per world: the ceiling, recall of it, lead, false warnings, red."""
    o = f["overall"]
    kinds = f["false_per_10k_day_by_lookalike"]
    top = max(kinds.items(), key=lambda kv: kv[1]) if kinds else ("–", 0)
    lead = "–" if o["median_lead_min"] is None else f"{o['median_lead_min']:.0f}"
    ceiling = f"{f['observable_before_loss']}/{o['victims']}"
    share = f["recall_of_ceiling"]
    recall = f"{o['warned_of_observable']}/{f['observable_before_loss']}"
    recall += "" if share is None else f" ({share:.0%})"
    return (
        f"| {name} | {ceiling} | {recall} | {lead} | {f['false_per_10k_day']} "
        f"({top[0]} {top[1]}) | {f['red_per_10k_day']} / {f['false_red_per_10k_day']} |"
    )


if __name__ == "__main__":
    main()
