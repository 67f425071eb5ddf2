"""The year report counts the ledger: gangs broken, cash seized, gold recovered and notices
to gold merchants, each against the year before — over HTTP and in the report's HTML."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from fanzha.stats.figures import Period, headline
from fanzha.stats.report import render_html, tables

from ._support import takedown

# (ring, day, district, suspects, cash fen, gold grams)
RAIDS = [
    ("R-A", "2024-06-01", "硚口区", 2, 100_000, "500.5"),
    ("R-B", "2024-09-01", "江岸区", 1, 0, "100"),
    ("R-C", "2025-01-15", "硚口区", 3, 12_345_678, "1520.125"),
    ("R-C", "2025-02-20", "硚口区", 1, 5_000, "10"),  # the same ring again: one gang
    ("R-D", "2025-03-01", "江岸区", 4, 70_000, "1"),  # corrected below to 2 g
]
# (shop, day, district, signed for)
NOTICES = [
    ("S1", "2024-04-01", "硚口区", True),
    ("S2", "2024-11-30", "江岸区", False),
    ("S1", "2025-01-03", "硚口区", True),
    ("S3", "2025-02-14", "硚口区", False),
    ("S2", "2025-03-02", "江岸区", True),
]


def record(server: Any) -> None:
    analyst = server.login("analyst")
    for ring, day, district, suspects, cash, gold in RAIDS:
        body = takedown(
            taken_on=day, district=district, suspects_count=suspects, suspects=[],
            cash_seized_fen=cash, gold_grams=gold, case_ids=[],
        )  # fmt: skip
        made = analyst.post(f"/v1/rings/{ring}/takedowns", json=body)
        assert made.status_code == 201, made.text
    last = made.json()
    fixed = analyst.post(
        f"/v1/takedowns/{last['takedown_id']}/corrections",
        json={**body, "gold_grams": "2", "ring_id": "R-D", "expected_version": 1,
              "reason": "复称"},
    )  # fmt: skip
    assert fixed.status_code == 200, fixed.text
    for shop, day, district, signed in NOTICES:
        made = analyst.post(
            "/v1/gold-notices",
            json={"merchant_name": f"金店{shop}", "shop_id": shop, "issued_on": day,
                  "district": district},
        )  # fmt: skip
        assert made.status_code == 201, made.text
        if signed:
            ack = {"acknowledged_on": day, "signed_by": "店主"}
            nid = made.json()["notice_id"]
            assert analyst.post(f"/v1/gold-notices/{nid}/ack", json=ack).status_code == 200


def expected(year: str, district: str | None = None) -> dict[str, int]:
    """The figures counted from the lists above, the way an officer would by hand."""
    raids = [r for r in RAIDS if r[1].startswith(year) and district in (None, r[2])]
    gold = {i: Decimal(r[5]) for i, r in enumerate(RAIDS)} | {4: Decimal(2)}
    notices = [n for n in NOTICES if n[1].startswith(year) and district in (None, n[2])]
    return {
        "gangs_broken": len({r[0] for r in raids}),
        "takedowns": len(raids),
        "suspects": sum(r[3] for r in raids),
        "cash_seized_fen": sum(r[4] for r in raids),
        "gold_mg": int(sum(gold[RAIDS.index(r)] for r in raids) * 1000),
        "notices_issued": len(notices),
        "notices_acknowledged": sum(1 for n in notices if n[3]),
    }


def test_the_year_counts_the_ledger_year_on_year(server: Any) -> None:
    record(server)
    stats = server.login("analyst").get("/v1/stats?year=2025")
    assert stats.status_code == 200, stats.text
    now, before = stats.json()["enforcement"], stats.json()["enforcement_before"]
    assert now == expected("2025") and before == expected("2024")
    assert now["gangs_broken"] == 2 and now["gold_mg"] == 1_532_125
    change = stats.json()["enforcement_change"]
    for figure in ("gangs_broken", "gold_mg", "notices_issued", "notices_acknowledged"):
        want = (now[figure] - before[figure]) / before[figure]
        assert change[figure] == want, figure
    assert change["notices_issued"] == 0.5 and change["gangs_broken"] == 0.0
    # A district officer gets their own district's ledger, whatever they ask for.
    qk = server.login("qk").get("/v1/stats?year=2025&district=江岸区").json()
    assert qk["enforcement"] == expected("2025", "硚口区")
    assert qk["enforcement_before"] == expected("2024", "硚口区")


def test_the_report_shows_gangs_gold_and_notices(server: Any) -> None:
    record(server)
    h = headline(server.context.cases.engine, Period.year(2025))
    enforcement = next(t for t in tables(h) if t.name == "enforcement")
    rows = {row[0]: row[1:] for row in enforcement.rows}
    assert rows["打掉团伙（个）"] == [2, 2, "+0.0%"]
    assert rows["追回黄金（克）"] == [1532.125, 600.5, f"{1532.125 / 600.5 - 1:+.1%}"]
    assert rows["发出风险告知书（份）"] == [3, 2, "+50.0%"]
    assert rows["其中已签收（份）"] == [2, 1, "+100.0%"]
    html = render_html(h, "2025 年度报告")
    assert "打掉团伙" in html and "1,532.125 克" in html and "风险告知书" in html
    assert "打击团伙与风险告知（本年与上年）" in html  # the chart, drawn as SVG text


def test_fanzha_report_prints_and_writes_the_ledger(
    ui_server: Any, sqlite_url: str, tmp_path: Path
) -> None:
    """``fanzha report`` as officers run it, a process of its own on the server's store."""
    record(ui_server)
    out = tmp_path / "out"
    command = "from fanzha.cli import app; app(prog_name='fanzha')"
    env = {**os.environ, "FANZHA_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-c", command, "report", "--year", "2025", "--database-url", sqlite_url,
         "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stderr.split())
    assert "2 gangs broken (+0.0%)" in said
    assert "gold recovered 1,532.125 g (+155.1%)" in said
    assert "3 notices to gold merchants (+50.0%), 2 acknowledged" in said
    table = (out / "report-2025-enforcement.csv").read_text(encoding="utf-8-sig")
    assert "打掉团伙（个）,2,2,+0.0%" in table
    assert "追回黄金（克）,1532.125,600.5,+155.1%" in table
