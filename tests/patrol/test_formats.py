"""Every import and export format, read back or checked by a real tool."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.command import run_export, run_import
from fanzha.patrol.formats import read_adblock, read_hosts, read_plain, read_rpz

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_plain_skips_comments_and_blanks() -> None:
    assert list(read_plain(["evil.com  # seen 3x\n", "\n", "# header\n", "b.top\n"])) == [
        "evil.com",
        "b.top",
    ]


def test_hosts_takes_sunk_names_only() -> None:
    lines = ["127.0.0.1 localhost\n", "0.0.0.0 a.com b.com # two\n", "10.1.2.3 intranet.lan\n"]
    assert list(read_hosts(lines)) == ["a.com", "b.com"]


def test_adblock_takes_network_rules_not_exceptions() -> None:
    lines = ["||bad.com^\n", "@@||good.com^\n", "##.banner\n", "||x.cn^$third-party\n", "! c\n"]
    assert list(read_adblock(lines)) == ["bad.com", "x.cn"]


def test_rpz_relative_absolute_wildcard_and_passthru() -> None:
    zone = [
        "$TTL 300\n",
        "@ SOA localhost. root.localhost. 1 3600 600 86400 300\n",
        "  NS localhost.\n",
        "bad.com CNAME .\n",
        "*.bad.com CNAME .\n",
        "abs.example.rpz.local. CNAME .\n",
        "ok.org CNAME rpz-passthru.\n",
    ]
    assert list(read_rpz(zone, origin="rpz.local")) == ["bad.com", "bad.com", "abs.example"]


def _store_with(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    Blocklist(store).add(
        [
            Entry("domain", "evil.com", "feed", "fake bank", "impersonation"),
            Entry("domain", "xn--8gqz46bl3cvv4a.top", "feed"),
            Entry("app", "com.fake.bank", "apk", "trojan"),
        ],
        NOW,
    )
    return store


def test_rpz_export_round_trips(tmp_path: Path) -> None:
    store = _store_with(tmp_path)
    out = tmp_path / "zone.rpz"
    assert run_export("rpz", out, store) == 2
    again = tmp_path / "again"
    run_import(out, "rpz", "domain", "partner", "", "", None, again)
    assert sorted(e.value for e in Blocklist(again).entries(NOW)) == [
        "evil.com",
        "xn--8gqz46bl3cvv4a.top",
    ]


@pytest.mark.skipif(
    shutil.which("named-checkzone") is None,
    reason="named-checkzone missing: CI installs it with `apt-get install -y bind9-utils`",
)
def test_rpz_export_is_accepted_by_bind(tmp_path: Path) -> None:
    out = tmp_path / "zone.rpz"
    run_export("rpz", out, _store_with(tmp_path), zone="rpz.fanzha.local")
    done = subprocess.run(
        ["named-checkzone", "rpz.fanzha.local", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK" in done.stdout


def test_hosts_export_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "hosts"
    run_export("hosts", out, _store_with(tmp_path))
    assert sorted(read_hosts(out.read_text().splitlines())) == [
        "evil.com",
        "xn--8gqz46bl3cvv4a.top",
    ]


def test_stix_bundle_parses_with_stix2(tmp_path: Path) -> None:
    import stix2

    out = tmp_path / "bundle.json"
    run_export("stix", out, _store_with(tmp_path))
    bundle = stix2.parse(out.read_text(), allow_custom=True)
    patterns = sorted(o.pattern for o in bundle.objects)
    assert "[domain-name:value = 'evil.com']" in patterns
    assert any("com.fake.bank" in p for p in patterns)
    raw = json.loads(out.read_text())
    evil = next(o for o in raw["objects"] if "evil.com" in o["pattern"])
    assert evil["description"] == "fake bank" and evil["labels"] == ["impersonation"]


def test_import_is_incremental_and_allowlist_import(tmp_path: Path) -> None:
    store = tmp_path / "store"
    feed = tmp_path / "feed.txt"
    feed.write_text("a.top\nb.top\n")
    assert run_import(feed, "plain", "domain", "f", "", "", None, store) == 2
    feed.write_text("c.top\n")
    run_import(feed, "plain", "domain", "f", "", "", None, store)
    allow = tmp_path / "allow.txt"
    allow.write_text("b.top\n")
    run_import(allow, "plain", "domain", "f", "", "", None, store, allow=True)
    reopened = Blocklist(store)
    assert len(reopened.segments) == 2
    assert reopened.domains_blocked(["a.top", "b.top", "c.top"], NOW).tolist() == [
        True,
        False,
        True,
    ]
