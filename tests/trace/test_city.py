"""On a simulated city the trace was not tuned on: the freeze list's coverage and precision,
and the command's outputs (freeze list, SVG, FollowTheMoney, GEXF)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from followthemoney import model
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.contract.readers import read_events
from fanzha.sim.city import simulate
from fanzha.sim.params import SimParams
from fanzha.trace.config import TraceConfig
from fanzha.trace.judge import judge_freeze_list
from fanzha.trace.tracer import Tracer

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A city on a seed and rates the trace settings were never tuned on."""
    out = tmp_path_factory.mktemp("trace-city")
    params = SimParams(
        persons=12_000,
        days=2,
        seed=27182,
        report_rate=1.0,
        victims_per_10k_per_day=5.0,
        outside_mule_share=0.6,
        left_in_place_share=0.45,
        untouched_share=0.15,
    )
    simulate(params, out)
    yield out


def test_freeze_list_covers_the_recoverable_money_and_lists_only_mules(city: Path) -> None:
    truth = json.loads((city / "truth.json").read_text())
    tracer = Tracer.from_events(
        (a.event for a in read_events([city / "events.jsonl"])), TraceConfig.load()
    )
    results = tracer.trace_all()
    assert len(results) == sum(1 for v in truth["victims"] if v.get("report_id"))
    requests = [r for _, _, rows in results for r in rows]
    score = judge_freeze_list(requests, truth)
    assert score.recoverable_fen > 0
    assert score.coverage >= 0.95
    assert score.mule_share >= 0.90
    assert score.hubs_listed == []
    for _, trace, rows in results:
        assert sum(r.amount_fen for r in rows) <= trace.stolen


def test_trace_command_writes_freeze_list_svg_ftm_and_gexf(city: Path, tmp_path: Path) -> None:
    truth = json.loads((city / "truth.json").read_text())
    biggest = max(
        (v for v in truth["victims"] if v.get("report_id") and v["victim_transfers"]),
        key=lambda v: v["loss_fen"],
    )
    case = biggest["report_id"]
    out, svg = tmp_path / "freeze.jsonl", tmp_path / "case.svg"
    ftm, gexf = tmp_path / "case.ftm.jsonl", tmp_path / "case.gexf"
    command = f"trace {city / 'events.jsonl'} --out {out} --case {case} --svg {svg} "
    command += f"--ftm {ftm} --network {gexf} --truth {city / 'truth.json'}"
    result = CliRunner().invoke(app, command.split())
    assert result.exit_code == 0, result.output
    assert "money covered" in result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    mine = [r for r in rows if r["case_id"] == case]
    assert mine and {"account_id", "bank", "amount_fen", "hop", "ts", "path"} <= set(mine[0])
    assert mine == sorted(mine, key=lambda r: -r["amount_fen"])

    root = ET.parse(svg).getroot()
    drawn = {g.get("data-account") for g in root.iter(f"{SVG}g") if g.get("class") == "account"}
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert {r["account_id"] for r in mine} <= drawn
    assert "受害人 victim" in drawn
    assert f"¥{biggest['paid_fen'] / 100:,.2f}" in texts  # the loss, in the title
    assert f"¥{mine[0]['amount_fen'] / 100:,.2f}" in texts  # what the top account still holds

    entities = [model.get_proxy(json.loads(line)) for line in ftm.read_text().splitlines()]
    schemata = {e.schema.name for e in entities}
    assert {"BankAccount", "Payment"} <= schemata
    accounts = [e for e in entities if e.schema.name == "BankAccount"]
    numbers = {n for e in accounts for n in e.get("accountNumber")}
    assert {r["account_id"] for r in mine} <= numbers

    network = nx.read_gexf(gexf)
    assert {r["account_id"] for r in mine} <= set(network.nodes)
    assert any(d.get("role") == "victim" for _, d in network.nodes(data=True))
