"""Exports per kind: firewall lists (IP:port entries included), rpz-ip, plain, STIX 2.1."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import stix2
from stix2patterns.validator import run_validator
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.command import ExportMismatch, run_export
from fanzha.patrol.formats import read_rpz, rpz_ip_owner

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _store(tmp_path: Path) -> Path:
    store = Blocklist(tmp_path / "store")
    store.add(
        [
            Entry("domain", "evil-pay.top", "a", "仿冒支付", "investment"),
            Entry("ip", "203.0.113.5", "a", "后台", "fake_loan"),
            Entry("ip", "10.8.0.0/16", "a", "网段", "fake_loan"),
            Entry("ip", "2001:db8::/32", "a", "v6 网段", "fake_loan"),
            Entry(
                "ipport",
                "198.51.100.7:8443",
                "a",
                "后台端口",
                "fake_loan",
                NOW,
                NOW,
                NOW + timedelta(days=3650),
            ),
            Entry("ipport", "[2001:db8::1]:443", "a", "v6 端口", "fake_loan"),
            Entry("account", "6222021234567890", "bank:icbc", "收款卡", "investment"),
            Entry("phone", "+86 17000001234", "a", "诈骗来电", "impersonate_police"),
            Entry("url", "https://evil-pay.top/pay?id=1", "a", "支付页", "investment"),
        ],
        NOW,
    )
    return store.path


def test_firewall_export_has_addresses_ranges_and_ip_port_lines(tmp_path: Path) -> None:
    out = tmp_path / "fw.txt"
    result = CliRunner().invoke(
        app,
        ["patrol", "export", str(out), "--kind", "ip", "--format", "firewall",
         "--store", str(_store(tmp_path))],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [line for line in out.read_text().splitlines() if not line.startswith("#")]
    assert sorted(lines) == sorted(
        ["203.0.113.5", "10.8.0.0/16", "2001:db8::/32", "198.51.100.7 8443", "2001:db8::1 443"]
    )


def test_rpz_export_of_addresses_uses_rpz_ip_triggers(tmp_path: Path) -> None:
    out = tmp_path / "z.rpz"
    run_export("rpz", out, _store(tmp_path), now=NOW)
    text = out.read_text()
    assert "evil-pay.top CNAME ." in text and "*.evil-pay.top CNAME ." in text
    assert "32.5.113.0.203.rpz-ip CNAME ." in text
    assert "16.0.0.8.10.rpz-ip CNAME ." in text
    assert "32.zz.db8.2001.rpz-ip CNAME ." in text
    assert "8443" not in text  # RPZ has no port triggers: those go to the firewall
    assert "evil-pay.top" in set(read_rpz(text.splitlines()))


@pytest.mark.parametrize(
    ("value", "owner"),
    [
        ("2001:db8:0:0:1::1", "128.1.0.0.1.zz.db8.2001.rpz-ip"),
        ("192.0.2.0/24", "24.0.2.0.192.rpz-ip"),
        ("::1", "128.1.zz.rpz-ip"),
    ],
)
def test_rpz_ip_owner_names(value: str, owner: str) -> None:
    assert rpz_ip_owner(value) == owner


def test_plain_export_per_kind_and_mismatches_refused(tmp_path: Path) -> None:
    store = _store(tmp_path)
    out = tmp_path / "accounts.txt"
    assert run_export("plain", out, store, now=NOW, kind="account") == 1
    assert out.read_text() == "6222021234567890\n"
    with pytest.raises(ExportMismatch):
        run_export("rpz", out, store, now=NOW, kind="phone")
    with pytest.raises(ExportMismatch):
        run_export("plain", out, store, now=NOW)
    result = CliRunner().invoke(
        app, ["patrol", "export", str(out), "--kind", "phone", "--format", "hosts",
              "--store", str(store)],
    )  # fmt: skip
    assert result.exit_code != 0 and "--kind" in result.output


def test_stix_bundle_parses_and_every_pattern_validates(tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    assert run_export("stix", out, _store(tmp_path), now=NOW) == 9
    bundle = stix2.parse(out.read_text(), allow_custom=True)
    indicators = [o for o in bundle.objects if o.type == "indicator"]
    patterns = {o.pattern for o in indicators}
    for pattern in patterns:
        assert run_validator(pattern, stix_version="2.1") == [], pattern
    assert "[domain-name:value = 'evil-pay.top']" in patterns
    assert "[ipv4-addr:value = '10.8.0.0/16']" in patterns
    assert "[ipv6-addr:value = '2001:db8::/32']" in patterns
    assert "[x-fanzha-account:value = '6222021234567890']" in patterns
    assert "[x-fanzha-phone:value = '17000001234']" in patterns
    port = next(o for o in indicators if "dst_port = 8443" in o.pattern)
    assert "network-traffic:dst_ref.value = '198.51.100.7'" in port.pattern
    assert port.valid_until == NOW + timedelta(days=3650)
    forever = next(o for o in indicators if "evil-pay.top'" in o.pattern)
    assert "valid_until" not in json.loads(forever.serialize())
