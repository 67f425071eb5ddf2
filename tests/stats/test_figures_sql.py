"""The year's event figures read through the store's engine, alike on SQLite and PostgreSQL.

Why: they used to be DuckDB queries (a second SQLite library inside the server,
which lost acknowledged events: issue 15); the SQL that replaced them extracts
JSON fields per dialect, so both stores are checked against the same events.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from fanzha.ingest import ingest_file
from fanzha.partners.sql import PartnerLog
from fanzha.stats.figures import Period, partner_activity, reports
from fanzha.store import engine, migrate


def _event(kind: str, n: int, ts: str, **fields: object) -> dict[str, object]:
    # The register owns a resident's record (contract/config/ownership.yaml); 110 reports.
    source = "police:hukou" if kind == "person" else "police:110"
    return {"kind": kind, "id": f"{kind}{n}", "ts": ts, "source": source, **fields}


def test_reports_and_partner_checks_count_alike_on_both_stores(db_url: str, tmp_path: Path) -> None:
    migrate(db_url)
    events = [
        _event("person", 1, "2024-01-01T00:00:00+08:00", person_id="V1", name="甲",
               phones=["+8613800000001"], district="硚口区", address="硚口区1号"),
        _event("person", 2, "2024-01-01T00:00:00+08:00", person_id="V2", name="乙",
               phones=["+8613800000002"], district="江岸区", address="江岸区2号"),
        # 2025-01-01 00:30 in Wuhan is still 2024 in UTC: it counts for 2025, in January.
        _event("report", 1, "2025-01-01T00:30:00+08:00", person_id="V1",
               loss_fen=3_000_000_000, fraud_type="investment"),
        _event("report", 2, "2025-06-01T10:00:00+08:00", person_id="V2", loss_fen=500),
        _event("report", 3, "2024-12-31T23:30:00+08:00", person_id="V1", loss_fen=7),
    ]  # fmt: skip
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events))
    db = engine(db_url)
    ingest_file(db, path, tmp_path / "dead.jsonl")
    log = PartnerLog(db)
    at = datetime(2025, 3, 1, tzinfo=UTC)
    log.add("didi", "check_order", at, "V1", "warn", {})
    log.add("didi", "check_order", at, "V2", None, {})
    log.add("bank", "feedback", at, "V1", "stopped", {})

    year = Period.year(2025)
    found = sorted(reports(db, year, None))
    assert found == [
        ("V1", 3_000_000_000, "investment", "2025-01"),  # over 2^31 fen: BIGINT on both
        ("V2", 500, "other", "2025-06"),
    ]
    assert reports(db, year, "硚口区") == [("V1", 3_000_000_000, "investment", "2025-01")]
    assert reports(db, year.before(), None) == [("V1", 7, "other", "2024-12")]
    assert partner_activity(db, year, None) == ({"order": {"warn": 1, "-": 1}}, {"stopped": 1})
    assert partner_activity(db, year, "江岸区") == ({"order": {"-": 1}}, {})
