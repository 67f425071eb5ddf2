"""A small simulated year replayed through the center: every headline figure against a
count made independently, the report's files, and a community losing its status."""

from __future__ import annotations

import csv
import json
import subprocess
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from matplotlib.image import imread
from openpyxl import load_workbook
from sqlalchemy import func, select

from fanzha.community.criteria import Criteria
from fanzha.community.sql import CommunityStore
from fanzha.community.status import Status
from fanzha.demo.year import replay_year
from fanzha.ingest.loader import ingest_file
from fanzha.sim.city import simulate
from fanzha.sim.params import SimParams
from fanzha.stats.figures import Headline, Period, headline
from fanzha.stats.report import write_report
from fanzha.store import engine
from fanzha.store.models import CommunityRow, PersonRow, TaskRow

ZONE = ZoneInfo("Asia/Shanghai")
YEAR = 2024


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("year")
    params = SimParams(
        persons=2500, days=731, start="2023-01-01", seed=99, background_share=0.0005,
        victims_per_10k_per_day=0.5, yearly_change=-0.2, report_rate=0.9,
    )  # fmt: skip
    simulate(params, out)
    url = f"sqlite:///{out / 'fanzha.db'}"
    replay_year([out / "events.jsonl"], url, seed=3)
    return out, url


def _events(out: Path) -> list[dict[str, object]]:
    seen, events = set(), []
    for line in (out / "events.jsonl").read_text().splitlines():
        event = json.loads(line)
        if (event["source"], event["id"]) not in seen:
            seen.add((event["source"], event["id"]))
            events.append(event)
    return events


def _in_year(event: dict[str, object], year: int) -> bool:
    return datetime.fromisoformat(str(event["ts"])).astimezone(ZONE).year == year


def test_every_headline_figure_matches_an_independent_count(year: tuple[Path, str]) -> None:
    out, url = year
    h = headline(engine(url), Period.year(YEAR), blocked_domains=7)
    events = _events(out)
    reports = [e for e in events if e["kind"] == "report"]
    now = [e for e in reports if _in_year(e, YEAR)]
    before = [e for e in reports if _in_year(e, YEAR - 1)]
    assert h.cases == len(now) > 0 and h.cases_before == len(before) > 0
    assert h.loss_fen == sum(int(e["loss_fen"]) for e in now)  # type: ignore[call-overload]
    assert h.loss_before_fen == sum(int(e["loss_fen"]) for e in before)  # type: ignore[call-overload]
    assert h.cases_change == pytest.approx((len(now) - len(before)) / len(before))
    assert h.cases_by_typology == dict(Counter(str(e.get("fraud_type") or "other") for e in now))
    months = Counter(f"{datetime.fromisoformat(str(e['ts'])).astimezone(ZONE):%Y-%m}" for e in now)
    assert {m: n for m, n in h.cases_by_month.items() if n} == dict(months)
    checked = Counter(
        {"order": "order", "gold_purchase": "gold", "parcel": "parcel"}[str(e["kind"])]
        for e in events
        if e["kind"] in ("order", "gold_purchase", "parcel") and _in_year(e, YEAR)
    )
    assert {k: sum(v.values()) for k, v in h.partner_checks.items()} == dict(checked)
    db = engine(url)
    start, end = Period.year(YEAR).start, Period.year(YEAR).end
    with db.connect() as conn:
        tasks = conn.execute(
            select(func.count()).where(TaskRow.created >= start, TaskRow.created < end)
        ).scalar_one()
        awarded = conn.execute(
            select(func.count()).where(CommunityRow.status == "awarded")
        ).scalar_one()
    assert h.warnings == tasks > 0
    assert sum(h.warnings_by_level.values()) == sum(h.warnings_by_district.values()) == tasks
    assert sum(h.outcomes.values()) <= tasks and h.door_visits > 0
    assert 0 < h.deadlines_met <= tasks
    assert h.fraud_free_communities == awarded > 0
    assert h.stopped_fen >= h.frozen_fen >= h.returned_fen > 0
    assert h.blocked_domains == 7
    assert len(h.campaigns) == 12  # the replay's campaign a month
    assert all(c["warnings_before"] >= 0 and c["reach"] > 0 for c in h.campaigns)
    district = max(h.warnings_by_district, key=lambda d: h.warnings_by_district[d])
    one = headline(db, Period.year(YEAR), district)
    assert one.warnings == h.warnings_by_district[district] and one.cases <= h.cases


def test_the_report_is_html_pdf_csv_and_xlsx(year: tuple[Path, str], tmp_path: Path) -> None:
    _, url = year
    h: Headline = headline(engine(url), Period.year(YEAR))
    files = write_report(h, tmp_path, f"武汉市反电信网络诈骗中心 {YEAR} 年度报告")
    html = files.html.read_text(encoding="utf-8")
    assert f"{h.cases:,} 起" in html and "<svg" in html and "无诈小区" in html
    assert "反诈宣传活动" in html
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(files.pdf), str(tmp_path / "page")],
                   check=True)  # fmt: skip
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    first = imread(pages[0])
    assert (first[..., :3] < 0.5).mean() > 0.005  # the title page: figures and a chart
    for page in pages:  # every page has ink on it, not just a blank sheet
        pixels = imread(page)
        assert (pixels[..., :3] < 0.9).sum() > 100, page.name
    headline_csv = next(p for p in files.csv if p.name.endswith("headline.csv"))
    raw = headline_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["指标", "数值"] and ["电诈案件（起）", str(h.cases)] in rows
    book = load_workbook(files.xlsx)
    assert {"headline", "cases_by_typology", "outcomes"} <= set(book.sheetnames)
    assert book["headline"]["B2"].value == h.cases


def test_one_fraud_report_revokes_a_fraud_free_community_at_the_next_review(
    year: tuple[Path, str],
) -> None:
    out, url = year
    db = engine(url)
    communities = CommunityStore(db)
    awarded = [c for c in communities.all() if c.status is Status.AWARDED]
    assert awarded
    target = awarded[0]
    with db.connect() as conn:
        resident = (
            conn.execute(
                select(PersonRow.person_id).where(PersonRow.community == target.community_id)
            )
            .scalars()
            .first()
        )
    assert resident is not None
    when = datetime(YEAR + 1, 3, 1, tzinfo=ZONE)
    report = {
        "kind": "report", "id": "rep-test-1", "ts": when.isoformat(), "source": "police:110",
        "person_id": resident, "loss_fen": 500_000, "fraud_type": "investment",
    }  # fmt: skip
    extra = out / "one-report.jsonl"
    extra.write_text(json.dumps(report, ensure_ascii=False) + "\n", encoding="utf-8")
    ingest_file(db, extra, out / "dead.jsonl")
    communities.record_propaganda(
        (target.community_id, f"home-{i}", "visit", when) for i in range(target.households)
    )
    changes = dict(communities.review_all(Criteria.load(), when + timedelta(days=30), "review"))
    change = changes[target.community_id]
    assert change.status is Status.REVOKED
    assert any("刑事案件1起" in reason for reason in change.reasons)
    stored = next(c for c in communities.all() if c.community_id == target.community_id)
    assert stored.status is Status.REVOKED and stored.history[-1].reasons == change.reasons


def test_a_district_name_cannot_lead_the_report_out_of_its_folder(
    year: tuple[Path, str], tmp_path: Path
) -> None:
    _, url = year
    h = headline(engine(url), Period.year(YEAR), district="../../etc/硚口区")
    files = write_report(h, tmp_path / "out", "报告")
    assert files.pdf.parent == tmp_path / "out"
    assert "硚口区" in files.pdf.name and "/" not in files.pdf.name.replace(str(tmp_path), "")


def test_a_resident_caught_elsewhere_costs_the_status_with_that_reason(
    year: tuple[Path, str],
) -> None:
    _, url = year
    communities = CommunityStore(engine(url))
    target = communities.all()[-1]
    target.status = Status.AWARDED
    communities.save(target)
    when = datetime(YEAR + 1, 5, 1, tzinfo=ZONE)
    communities.record_incident(target.community_id, "suspect_caught", when, "外地抓获", "qk")
    with pytest.raises(ValueError, match="kind"):
        communities.record_incident(target.community_id, "rumour", when, "", "qk")
    communities.record_propaganda(
        (target.community_id, f"home-{i}", "visit", when) for i in range(target.households)
    )
    changes = dict(communities.review_all(Criteria.load(), when + timedelta(days=1), "review"))
    assert changes[target.community_id].status is Status.REVOKED
    assert any("在外涉诈被打处" in r for r in changes[target.community_id].reasons)
    figures = communities.figures(when - timedelta(days=1), when + timedelta(days=1))
    assert figures[target.community_id].residents_caught == 1
