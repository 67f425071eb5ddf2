"""``fanzha learn``: a model fitted from a history's reports, its time split, its use."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from fanzha.contract.readers import read_event_batches
from fanzha.contract.warning import Level
from fanzha.detect.backtest import as_json, judge
from fanzha.detect.engine import Engine
from fanzha.detect.learn import learn
from fanzha.detect.learned import DEFAULT_MODEL, LearnedModel, ModelError, load_model
from fanzha.detect.rules import load_rules
from fanzha.sim import SimParams, simulate


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A small world with many victims, most of whom report (the labels)."""
    out = tmp_path_factory.mktemp("history")
    params = SimParams(
        persons=4000, days=4, seed=4242, victims_per_10k_per_day=30.0, signal_drop_share=0.2
    )
    result = simulate(params, out)
    return result.events, json.loads(result.truth.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model_dir(
    history: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    events, _ = history
    out = tmp_path_factory.mktemp("model")
    learn([[events]], load_rules(), out)
    return out


def _warnings(events: Path, model: LearnedModel | None) -> list[Any]:
    engine = Engine(lateness=timedelta(hours=2), model=model)
    return list(engine.run_batches(read_event_batches([events])))


def test_learn_writes_a_model_with_its_time_split(model_dir: Path) -> None:
    data = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    assert data["version"].startswith("model-") and data["rules_version"] == 1
    low, medium, high = (data["thresholds"][n] for n in ("low", "medium", "high"))
    assert 0 < low < medium < high < 1
    assert "rules_score" in data["features"] and data["weights"]
    split = data["time_split"]
    for side in ("model", "rules_only"):
        figures = split[side]
        assert figures["victims"] > 0  # victims whose loss fell after the cut
        assert 0 <= figures["warned_before_loss"] <= figures["victims"]
        assert figures["false_per_10k_day"] >= 0
    assert data["training"]["reported_losses"] > 10
    assert (model_dir / "text_model.json").exists()  # plain JSON: nothing executable


def test_the_model_scores_warnings_and_keeps_the_rules_reasons(
    history: tuple[Path, dict[str, Any]], model_dir: Path
) -> None:
    events, truth = history
    model = LearnedModel.load(model_dir)
    learned, rules_only = _warnings(events, model), _warnings(events, None)
    assert learned and rules_only
    assert {(w.person_id, w.level) for w in learned} != {(w.person_id, w.level) for w in rules_only}
    for w in learned:
        assert w.model_version == model.version and w.rules_version.startswith("default.yaml v1@")
        assert w.reasons and all(" | " in r for r in w.reasons)  # Chinese | English
        assert w.evidence
    assert all(w.model_version is None for w in rules_only)
    # Trained on this world's reports, the model finds most of its victims first.
    assert judge(learned, truth).overall.recall >= 0.6


def test_a_bad_model_dir_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "model.json").write_text('{"version": "x"}', encoding="utf-8")
    with pytest.raises(ModelError, match=r"model\.json"):
        LearnedModel.load(tmp_path)
    assert load_model("none") is None


def test_the_shipped_model_loads_and_carries_a_text_model() -> None:
    model = load_model(None)
    assert model is not None and model.text is not None
    assert LearnedModel.load(DEFAULT_MODEL).version == model.version


def test_backtest_breaks_false_warnings_down_by_lookalike(
    history: tuple[Path, dict[str, Any]], model_dir: Path
) -> None:
    events, truth = history
    warnings = _warnings(events, None)
    result = judge(warnings, truth)
    victims = {v["person_id"] for v in truth["victims"]}
    false = {w.warning_id for w in warnings if w.person_id not in victims}
    assert sum(result.false_by_lookalike.values()) == len(false)
    labelled = {item["kind"] for item in truth["lookalikes"]} or set(truth["benign"])
    assert set(result.false_by_lookalike) <= {*labelled, "other"}
    assert result.red == len({w.warning_id for w in warnings if w.level is Level.HIGH})
    assert result.observable == sum(v["observable_before_loss"] for v in truth["victims"])
    # Recall is also given relative to the victims who showed anything before their loss.
    observable = dict(truth)
    observable["victims"] = [
        {**v, "observable_before_loss": i % 2 == 0} for i, v in enumerate(truth["victims"])
    ]
    with_ceiling = judge(warnings, observable)
    assert with_ceiling.observable == (len(truth["victims"]) + 1) // 2
    assert with_ceiling.ceiling is not None and 0 < with_ceiling.ceiling < 1
    data = as_json(with_ceiling)
    assert data["recall_of_ceiling"] is not None and "by_typology" in data
    assert data["false_per_10k_day_by_lookalike"].keys() == result.false_by_lookalike.keys()


def test_backtest_json_from_the_command_line(
    history: tuple[Path, dict[str, Any]], model_dir: Path
) -> None:
    events, _ = history
    fanzha = str(Path(sys.executable).with_name("fanzha"))
    truth = str(events.with_name("truth.json"))
    done = subprocess.run(
        [fanzha, "backtest", str(events), "--truth", truth, "--model", str(model_dir), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    ((name, figures),) = json.loads(done.stdout).items()
    assert name.endswith(LearnedModel.load(model_dir).version)
    assert {"overall", "red_per_10k_day", "false_per_10k_day_by_lookalike", "ceiling"} <= set(
        figures
    )


def test_thresholds_hold_in_every_history_not_only_on_average() -> None:
    """A quiet world must not make room for a noisy one's look-alikes: each level's
    threshold keeps every history inside its budget."""
    from fanzha.detect.learn import BUDGETS, choose_thresholds

    person_days = {0: 100_000.0, 1: 100_000.0}  # 10k persons × 10 days each
    quiet = [0.1] * 500
    noisy = [0.1] * 400 + [0.8] * 100  # a hundred look-alikes the model likes
    thresholds = choose_thresholds({0: quiet, 1: noisy}, person_days)
    for world, peaks_ in {0: quiet, 1: noisy}.items():
        allowed = BUDGETS["low"] * person_days[world] / 10_000
        assert sum(p >= thresholds["low"] for p in peaks_) <= allowed
    # Pooled, the hundred would have fitted in the two worlds' joint budget (120).
    assert thresholds["low"] > 0.8
    assert thresholds["low"] < thresholds["medium"] < thresholds["high"]


def test_the_model_reads_a_spoofed_official_tag_apart_from_a_reported_one() -> None:
    """Telemarketers carry reported_fraud; only a ring spoofs an official number."""
    from datetime import datetime

    from fanzha.detect.learned import features
    from fanzha.detect.models import Signal

    at = datetime.fromisoformat("2025-03-03T10:00:00+08:00")
    rules = load_rules()
    spoofed = [Signal("call_flagged", at, "ca-1", "reported_fraud、spoofed_official")]
    reported = [Signal("call_flagged", at, "ca-2", "reported_fraud")]
    assert features(spoofed, at, rules).get("spoofed_official") == 1.0
    assert "spoofed_official" not in features(reported, at, rules)
