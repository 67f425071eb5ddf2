"""Per-rule hit counts from BIND, unbound and dnsmasq query logs, and from detection."""

# ruff: noqa: E501  (log lines are as resolvers write them)
from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.clock import ManualClock
from fanzha.detect.indicators import PatrolLookup
from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.counts import HitCounts
from fanzha.patrol.indicators import PatrolIndicators
from fanzha.patrol.querylogs import count_logs

NOW = datetime(2026, 11, 1, tzinfo=UTC)
BIND = """\
03-Mar-2025 09:00:00.123 queries: info: client @0x7f3a 10.0.0.9#53421 (www.evil-pay.top): query: www.evil-pay.top IN A +E(0)K (10.0.0.53)
03-Mar-2025 09:00:01.001 client 10.0.0.10#40000: query: evil-pay.top IN AAAA + (10.0.0.53)
03-Mar-2025 09:00:02.000 client @0x7f3a 10.0.0.11#1111 (weather.example.org): query: weather.example.org IN A +
"""
UNBOUND = """\
[1741000000] unbound[811:0] info: 10.0.0.9 a.b.login.icbc-kefu.cc. A IN
[1741000000] unbound[811:0] info: 10.0.0.9 a.b.login.icbc-kefu.cc. A IN NOERROR 0.000000 0 45
[1741000001] unbound[811:0] info: start of service (unbound 1.17.1).
Mar  3 09:00:02 host unbound: [811:0] info: 10.0.0.12 login.icbc-kefu.cc. AAAA IN
this line is not from any resolver
"""
DNSMASQ = """\
Mar  3 09:00:00 dnsmasq[920]: query[A] pay.evil-pay.top from 192.168.1.10
Mar  3 09:00:00 dnsmasq[920]: forwarded pay.evil-pay.top to 8.8.8.8
Mar  3 09:00:00 dnsmasq[920]: reply pay.evil-pay.top is 1.2.3.4
Mar  3 09:00:03 dnsmasq[920]: 17 192.168.1.10/53 query[HTTPS] icbc-kefu.cc from 192.168.1.10

Mar  3 09:00:04 dnsmasq[920]: query[A] safe.example.net from 192.168.1.11
garbage ] [ garbage
"""


def _store(tmp_path: Path) -> Path:
    store = Blocklist(tmp_path / "store")
    store.add(
        [
            Entry("domain", "evil-pay.top", "analyst", "仿冒支付", "investment"),
            Entry("domain", "icbc-kefu.cc", "analyst", "仿冒工行", "impersonate_service"),
            Entry("domain", "login.icbc-kefu.cc", "analyst", "登录页", "impersonate_service"),
            Entry("domain", "never-asked.top", "analyst", "无人问", "other"),
        ],
        NOW,
    )
    return store.path


def _logs(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in (("named.log", BIND), ("unbound.log", UNBOUND), ("dnsmasq.log", DNSMASQ)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_three_resolver_formats_count_per_rule_with_subdomains(tmp_path: Path) -> None:
    store = Blocklist(_store(tmp_path))
    result = count_logs(_logs(tmp_path), store, None, NOW)
    assert result.rules == {
        ("domain", "evil-pay.top"): 3,  # www. (BIND), bare (BIND), pay. (dnsmasq)
        ("domain", "login.icbc-kefu.cc"): 2,  # the more specific rule takes its sub-domains
        ("domain", "icbc-kefu.cc"): 1,
    }
    assert result.queries == 8 and result.matched == 6
    assert result.bad == 2
    assert [(Path(p).name, n) for p, n, _ in result.bad_lines] == [
        ("unbound.log", 5),
        ("dnsmasq.log", 7),
    ]


def test_cli_stores_hits_once_per_log_and_writes_csv_and_json(tmp_path: Path) -> None:
    store = _store(tmp_path)
    logs = [str(p) for p in _logs(tmp_path)]
    out_csv, out_json = tmp_path / "hits.csv", tmp_path / "hits.json"
    args = ["patrol", "hits", *logs, "--store", str(store), "--top", "2"]
    first = CliRunner().invoke(app, [*args, "--csv", str(out_csv), "--json", str(out_json)])
    assert first.exit_code == 0, first.output
    assert "8 queries, 6 hit a rule" in first.output
    assert "bad line" in first.output and "unbound.log:5" in first.output
    table = first.output.split("kind    rule")[1].strip().splitlines()
    assert len(table) == 2 and table[0].split()[-1] == "evil-pay.top"

    again = CliRunner().invoke(app, args)  # the same logs again: nothing added
    assert again.exit_code == 0 and again.output.count("counted before") == 3
    assert {r.value: r.total for r in HitCounts(store).top()} == {
        "evil-pay.top": 3,
        "login.icbc-kefu.cc": 2,
        "icbc-kefu.cc": 1,
    }
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads Chinese
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0]["rule"] == "evil-pay.top" and rows[0]["typology"] == "investment"
    records = json.loads(out_json.read_text())
    assert records[0] == {
        "kind": "domain",
        "rule": "evil-pay.top",
        "hits": 3,
        "resolver": 3,
        "detection": 0,
        "lookup": 0,
    }


def test_a_missing_log_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["patrol", "hits", str(tmp_path / "nope.log"), "--store", str(_store(tmp_path))],
        env={"COLUMNS": "500"},  # a long temporary path (xdist's) must not wrap mid-name
    )
    assert result.exit_code != 0 and "nope.log" in result.output


def test_detection_consulting_the_blocklist_counts_each_hit(tmp_path: Path) -> None:
    store = _store(tmp_path)
    indicators = PatrolIndicators.open(store, ManualClock(NOW))
    lookup = PatrolLookup(indicators)
    for _ in range(3):  # memoised after the first, counted every time
        assert lookup.site_verdict("www.evil-pay.top") is not None
    assert lookup.site_verdict("weather.example.org") is None
    indicators.hits.file.flush()
    hits = {r.value: r.by_channel for r in HitCounts(store).top()}
    assert hits == {"evil-pay.top": {"resolver": 0, "detection": 3, "lookup": 0}}
