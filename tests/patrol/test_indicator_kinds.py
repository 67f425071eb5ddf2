"""Accounts, addresses, ranges and IP:port pairs in the one blocklist store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.names import normalise

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _store(tmp_path: Path) -> Blocklist:
    store = Blocklist(tmp_path / "store")
    store.add(
        [
            Entry("account", "6222 0212-3456 7890", "bank:icbc", "收款卡", "investment"),
            Entry("ip", "10.8.0.0/16", "analyst", "诈骗App后台网段", "investment"),
            Entry("ip", "10.8.1.0/24", "analyst", "更窄的网段", "task_rebate"),
            Entry("ip", "203.0.113.5", "analyst", "后台", "fake_loan"),
            Entry("ipport", "198.51.100.7:8443", "analyst", "后台端口", "fake_loan"),
            Entry("ipport", "[2001:DB8::1]:443", "analyst", "v6 后台端口", "fake_loan"),
            Entry("ip", "2001:db8:ff::/48", "analyst", "v6 网段", "romance"),
            Entry("domain", "*.evil-pay.top", "analyst", "通配", "investment"),
        ],
        NOW,
    )
    return store


def test_each_kind_matches_its_normalised_forms(tmp_path: Path) -> None:
    store = _store(tmp_path)
    account = store.match("account", "6222021234567890", NOW)
    assert account is not None and account.reason == "收款卡" and account.source == "bank:icbc"
    assert store.match("account", "6222 0212 3456 7891", NOW) is None
    assert store.match("ip", "203.0.113.5", NOW).reason == "后台"  # type: ignore[union-attr]
    assert store.match("ip", "203.0.113.6", NOW) is None
    v6 = store.match("ipport", "[2001:db8:0:0::1]:443", NOW)
    assert v6 is not None and v6.value == "[2001:db8::1]:443"
    assert store.match("domain", "a.b.evil-pay.top", NOW).value == "evil-pay.top"  # type: ignore[union-attr]


def test_ranges_longest_prefix_wins(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert store.match("ip", "10.8.1.200", NOW).reason == "更窄的网段"  # type: ignore[union-attr]
    assert store.match("ip", "10.8.77.1", NOW).reason == "诈骗App后台网段"  # type: ignore[union-attr]
    assert store.match("ip", "10.9.0.1", NOW) is None
    assert store.match("ip", "2001:db8:ff:1::9", NOW).value == "2001:db8:ff::/48"  # type: ignore[union-attr]
    assert store.match("ip", "2001:db8:fe::9", NOW) is None


def test_ip_port_is_blocked_by_its_rule_or_its_address(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert store.match("ipport", "198.51.100.7:8443", NOW).kind == "ipport"  # type: ignore[union-attr]
    assert store.match("ipport", "198.51.100.7:22", NOW) is None  # another port is not listed
    assert store.match("ipport", "203.0.113.5:80", NOW).value == "203.0.113.5"  # type: ignore[union-attr]
    assert store.match("ipport", "10.8.3.3:1", NOW).value == "10.8.0.0/16"  # type: ignore[union-attr]


def test_ranges_survive_reopening_expire_and_yield_to_the_allowlist(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.add([Entry("ip", "192.0.2.0/24", "a", "临时", "", expires=NOW + timedelta(days=1))], NOW)
    again = Blocklist(tmp_path / "store")
    assert len(again) == len(store) == 9
    assert again.match("ip", "192.0.2.9", NOW) is not None
    assert again.match("ip", "192.0.2.9", NOW + timedelta(days=2)) is None
    again.allow("ip", ["10.8.1.0/24", "203.0.113.5"])
    assert again.match("ip", "10.8.1.9", NOW) is None
    assert again.match("ip", "203.0.113.5", NOW) is None
    listed = {(e.kind, e.value) for e in again.entries(NOW)}
    assert ("ip", "10.8.0.0/16") in listed and ("ip", "10.8.1.0/24") not in listed
    assert ("ipport", "198.51.100.7:8443") in listed and ("account", "6222021234567890") in listed


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("account", "6222-0212 3456", "622202123456"),
        ("account", "12 34", ""),  # too short to be an account
        ("ip", " 2001:0DB8::0001 ", "2001:db8::1"),
        ("ip", "10.0.0.1/8", ""),  # host bits set: refused, not widened
        ("ip", "10.0.0.7/32", "10.0.0.7"),
        ("ip", "not-an-ip", ""),
        ("ipport", "1.2.3.4 443", "1.2.3.4:443"),
        ("ipport", "1.2.3.4:70000", ""),
        ("ipport", "[::1]:53", "[::1]:53"),
    ],
)
def test_normalising_new_kinds(kind: str, text: str, expected: str) -> None:
    assert normalise(kind, text) == expected  # type: ignore[arg-type]


def test_domain_rules_name_the_most_specific_rule(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.add([Entry("domain", "login.evil-pay.top", "a", "更具体", "")], NOW)
    codes = store.domain_rules(["x.login.evil-pay.top", "www.evil-pay.top", "ok.cn"], NOW)
    assert [store.rule_at(int(c)).value for c in codes[:2]] == [
        "login.evil-pay.top",
        "evil-pay.top",
    ]
    assert codes[2] == -1
