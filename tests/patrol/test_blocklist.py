"""The blocklist store: sub-domains, allowlist, expiry, deltas and compaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fanzha.patrol.blocklist import Blocklist, Entry

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_domain_rule_blocks_subdomains_but_not_lookalike_siblings(tmp_path: Path) -> None:
    store = Blocklist(tmp_path)
    store.add([Entry("domain", "evil.com", "feed", "phishing page", "impersonation")], NOW)
    blocked = store.domains_blocked(
        ["evil.com", "a.b.evil.com", "https://login.evil.com/x?y=1", "notevil.com", "evil.co"],
        NOW,
    )
    assert blocked.tolist() == [True, True, True, False, False]
    match = store.match("domain", "www.evil.com", NOW)
    assert match is not None and match.value == "evil.com" and match.reason == "phishing page"


def test_public_suffixes_are_never_stored(tmp_path: Path) -> None:
    store = Blocklist(tmp_path)
    kept = store.add(
        [Entry("domain", d, "feed") for d in ("com", "com.cn", "gov.cn", "bad.com.cn")], NOW
    )
    assert kept == 1
    assert store.domains_blocked(["x.gov.cn", "bad.com.cn"], NOW).tolist() == [False, True]


def test_allowlist_wins_over_parent_rule(tmp_path: Path) -> None:
    store = Blocklist(tmp_path)
    store.add([Entry("domain", "hosting.cn", "feed")], NOW)
    store.allow("domain", ["school.hosting.cn"])
    assert store.domains_blocked(
        ["x.hosting.cn", "school.hosting.cn", "www.school.hosting.cn"], NOW
    ).tolist() == [True, False, False]
    reopened = Blocklist(tmp_path)
    assert reopened.match("domain", "www.school.hosting.cn", NOW) is None


def test_expired_rules_stop_matching(tmp_path: Path) -> None:
    store = Blocklist(tmp_path)
    store.add([Entry("domain", "temp.top", "feed", expires=NOW + timedelta(days=7))], NOW)
    assert store.match("domain", "temp.top", NOW) is not None
    assert store.match("domain", "temp.top", NOW + timedelta(days=8)) is None


def test_kinds_are_separate_and_idn_normalised(tmp_path: Path) -> None:
    store = Blocklist(tmp_path)
    store.add(
        [
            Entry("app", "com.fake.Bank", "apk-scan"),
            Entry("phone", "+86 138-0000-1111", "report"),
            Entry("domain", "工商银行.top", "feed"),
        ],
        NOW,
    )
    assert store.match("app", "COM.FAKE.BANK", NOW) is not None
    assert store.match("domain", "com.fake.bank", NOW) is None
    assert store.match("phone", "13800001111", NOW) is not None
    punycode = "工商银行.top".encode("idna").decode()
    assert punycode.startswith("xn--")
    assert store.match("domain", punycode, NOW) is not None


def test_deltas_then_compaction_keep_newest_and_earliest_first_seen(tmp_path: Path) -> None:
    store = Blocklist(tmp_path)
    store.add([Entry("domain", "a.com", "old", first_seen=NOW - timedelta(days=30))], NOW)
    store.add([Entry("domain", "a.com", "new", "seen again"), Entry("domain", "b.com", "x")], NOW)
    assert len(store.segments) == 2
    assert store.match("domain", "a.com", NOW).source == "new"  # type: ignore[union-attr]
    store.compact()
    reopened = Blocklist(tmp_path)
    assert len(reopened.segments) == 1 and len(reopened) == 2
    entry = reopened.match("domain", "a.com", NOW)
    assert entry is not None and entry.source == "new"
    assert entry.first_seen == NOW - timedelta(days=30)
    assert sorted(e.value for e in reopened.entries(NOW)) == ["a.com", "b.com"]


def test_bulk_add_matches_entry_by_entry(tmp_path: Path) -> None:
    store = Blocklist(tmp_path)
    names = [f"d{i}.top" for i in range(5000)]
    store.add_normalised("domain", names, ("bulk", "", "phishing"), NOW)
    probe = [*names[::97], "missing.top", "x.d17.top"]
    expected = [True] * len(names[::97]) + [False, True]
    assert store.domains_blocked(probe, NOW).tolist() == expected
    assert store.match("domain", "d4999.top", NOW).typology == "phishing"  # type: ignore[union-attr]
