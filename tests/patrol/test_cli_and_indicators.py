"""The patrol commands end to end, and the interface the detection engine calls."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.clock import ManualClock
from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.indicators import PatrolIndicators

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_domains_feed_prints_only_lookalikes(tmp_path: Path) -> None:
    feed = tmp_path / "new.txt"
    feed.write_text("icbc-kefu.top\nbaidu.com\n# comment\nwww.icbc.com.cn\nalipya.com\n")
    result = CliRunner().invoke(app, ["patrol", "domains", str(feed), "--json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["domain"] for r in records] == ["icbc-kefu.top", "alipya.com"]
    assert records[0]["brand"] == "icbc" and records[0]["reasons"]


def test_import_lookup_compact_export_commands(tmp_path: Path) -> None:
    store = tmp_path / "store"
    feed = tmp_path / "ab.txt"
    feed.write_text("||fake-court.top^\n||loan-fast.cc^\n")
    runner = CliRunner()
    args = ["--store", str(store)]
    imported = runner.invoke(
        app, ["patrol", "import", str(feed), "--format", "adblock", "--typology", "loan", *args]
    )
    assert imported.exit_code == 0 and "2 entries" in imported.stdout
    looked = runner.invoke(app, ["patrol", "lookup", "m.loan-fast.cc", "ok.cn", *args])
    assert "blocked by loan-fast.cc" in looked.stdout and "ok.cn\tnot blocked" in looked.stdout
    assert runner.invoke(app, ["patrol", "compact", *args]).exit_code == 0
    out = tmp_path / "z.rpz"
    runner.invoke(app, ["patrol", "export", str(out), "--format", "rpz", *args])
    assert "*.fake-court.top CNAME ." in out.read_text()
    bad = runner.invoke(app, ["patrol", "import", str(feed), "--format", "csv", *args])
    assert bad.exit_code != 0


def test_indicator_interface_for_detection(tmp_path: Path) -> None:
    clock = ManualClock(NOW)
    Blocklist(tmp_path).add(
        [
            Entry("domain", "evil.com", "feed", typology="impersonation"),
            Entry("app", "com.fake.bank", "apk", expires=NOW + timedelta(days=1)),
        ],
        NOW,
    )
    lookup = PatrolIndicators.open(tmp_path, clock)
    blocked = lookup.is_blocked_domain("https://pay.evil.com/login")
    assert blocked is not None and blocked.typology == "impersonation"
    assert lookup.is_blocked_domain("good.com") is None
    assert lookup.is_blocked_app("com.fake.bank") is not None
    clock.advance(timedelta(days=2))
    assert lookup.is_blocked_app("com.fake.bank") is None
    assert lookup.lookalike_score("icbc-kefu.top").score >= 0.5
