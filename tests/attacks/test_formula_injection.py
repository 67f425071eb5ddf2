"""Finding 10: a campaign titled ``=cmd|' /C calc'!A0`` became a formula in the XLSX export.

Replayed through the real server (SQLite, then PostgreSQL): a district officer
records campaigns whose title and place are spreadsheet formulas, the analyst
downloads the year's report as XLSX, and every table is also written as CSV by
the report writer. No cell may be a formula; the text must survive exactly in
the XLSX and carry the apostrophe neutraliser in the CSV; real numbers (also
negative ones) must stay number cells.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from fanzha.settings import get_settings
from fanzha.spreadsheets import append_row, csv_cell, looks_like_formula, write_csv
from fanzha.stats.figures import Period, headline
from fanzha.stats.report import write_report
from fanzha.store import engine

FORMULAS = [
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    '\r=HYPERLINK("http://evil.example/","点我")',
]


def _campaigns(server: Any) -> list[str]:
    """Posts one campaign per formula (title and place both hostile); returns their ids."""
    officer = server.login("qk")
    start = server.clock.now()
    ids = []
    for i, formula in enumerate(FORMULAS):
        body = {
            "campaign_id": f"camp-{i}",
            "title": formula,
            "kind": "talk",
            "start": start.isoformat(),
            "end": start.isoformat(),
            "place": formula,
            "reach": 120 + i,
        }
        officer.post("/v1/campaigns", json=body).raise_for_status()
        ids.append(body["campaign_id"])
    return ids


def test_report_xlsx_has_no_formula_cell_and_keeps_the_text(server: Any, tmp_path: Path) -> None:
    _campaigns(server)
    analyst = server.login("analyst")
    year = server.clock.now().year
    query = {"year": year, "format": "xlsx"}
    answer = analyst.get("/v1/stats/report", params=query, timeout=180)  # a PDF is drawn too
    answer.raise_for_status()
    book = load_workbook(io.BytesIO(answer.content))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    sheet = book["campaigns"]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(FORMULAS)
    titles = {row[0].value: row for row in rows}
    # Exactly the text the officer typed (XML itself reads a carriage return as a newline).
    assert set(titles) == {f.replace("\r", "\n") for f in FORMULAS}
    for formula, row in titles.items():
        title, place, reach = row[0], row[3], row[4]
        assert title.data_type == "s" and title.quotePrefix, formula
        assert place.value == formula and place.data_type == "s" and place.quotePrefix
        assert reach.data_type == "n" and isinstance(reach.value, int)
        assert row[7].data_type == "n"  # money before the campaign, a number


def test_report_csv_neutralises_every_formula(server: Any, db_url: str, tmp_path: Path) -> None:
    _campaigns(server)
    year = server.clock.now().year
    figures = headline(engine(db_url), Period.year(year, get_settings().timezone), None, 0)
    files = write_report(figures, tmp_path, "报告")
    [campaigns] = [p for p in files.csv if p.name.endswith("-campaigns.csv")]
    raw = campaigns.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r[0] for r in rows[1:]} == {"'" + f for f in FORMULAS}
    assert {r[3] for r in rows[1:]} == {"'" + f for f in FORMULAS}
    for path in files.csv:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            assert not any(looks_like_formula(cell) for cell in row), (path.name, row)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (-12.5, -12.5),
        (-3, -3),
        ("-4.0%", "-4.0%"),
        ("+12.3%", "+12.3%"),
        ("+8613800000000", "+8613800000000"),
        ("-1,234.50", "-1,234.50"),
        ("=1+1", "'=1+1"),
        ("-1+1", "'-1+1"),
        ("-", "'-"),
        ("@A1", "'@A1"),
        ("王小明", "王小明"),
        (" =1+1", " =1+1"),
    ],
)
def test_numbers_stay_numbers_and_formulas_become_text(
    value: object, cell: object, tmp_path: Path
) -> None:
    assert csv_cell(value) == cell
    path = tmp_path / "t.csv"
    write_csv(path, ["值"], [[value]])
    written = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[1][0]
    assert written == str(cell)
    book = Workbook()
    append_row(book.active, [value])
    book.save(tmp_path / "t.xlsx")
    got = load_workbook(tmp_path / "t.xlsx").active["A1"]
    assert got.value == value  # the text is kept exactly; numbers stay numbers
    assert got.data_type == ("n" if isinstance(value, int | float) else "s")
    assert bool(got.quotePrefix) == looks_like_formula(value)
