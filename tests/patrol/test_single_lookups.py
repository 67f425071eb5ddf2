"""One value at a time (风险查询, detection) and batches (resolver logs) give the same answers.

Why: single lookups take a plain-Python path (one key, its bucket, a bisect) because
NumPy's per-call cost on one-element arrays was most of a lookup's time; the batch
path stays vectorised. Both must agree on keys, on newest-statement-wins across
deltas, on expiry, on the allowlist and on sub-domains — with and without the
bucket directory a segment is now saved with.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.keys import domain_keys_of, hash_many, key_of, parent_keys

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_single_keys_are_the_batch_keys() -> None:
    rng = random.Random(3)
    alphabet = "abcz09-.例子é"
    values = ["", ".", "a", "com", "a.b", "a..b", ".a.b", "a.b.", "www.login.icbc-kefu.top"]
    values += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(40))) for _ in range(2000)]
    for kind in ("domain", "url", "phone", "account", "ip", "ipport", "app"):
        batch = hash_many(kind, values).tolist()
        assert [key_of(kind, v) for v in values] == batch, kind
    owners, keys = parent_keys(values)
    for i, value in enumerate(values):  # the batch gives the shortest parent first
        assert domain_keys_of(value) == keys[owners == i].tolist()[::-1], value


def _store(path: Path) -> tuple[Blocklist, list[str]]:
    rng = random.Random(11)
    names = [f"n{i}x{rng.randrange(10**6)}.top" for i in range(3000)]
    store = Blocklist(path)
    store.add([Entry("domain", n, "feed", "", "phishing") for n in names[:2000]], NOW)
    store.compact()  # a base ...
    store.add(  # ... a delta re-stating some with an expiry, a few already past
        [
            Entry("domain", n, "feed2", "", "investment", expires=NOW + timedelta(days=d))
            for n, d in zip(names[1500:2500], [1, -1] * 500, strict=True)
        ],
        NOW,
    )
    store.add(
        [Entry("account", f"62220200{i:08d}", "bank", "", "investment") for i in range(50)], NOW
    )
    store.allow("domain", [names[7], names[2400]])
    return store, names


@pytest.mark.parametrize("saved_buckets", [True, False])
def test_single_matches_agree_with_the_batch_path(tmp_path: Path, saved_buckets: bool) -> None:
    store, names = _store(tmp_path / "bl")
    if not saved_buckets:  # a store written before segments carried their buckets
        for found in (tmp_path / "bl").glob("*/buckets.npy"):
            found.unlink()
        store = Blocklist(tmp_path / "bl")
    asked = names + [f"www.{n}" for n in names[::7]] + ["absent.example", "top"]
    batch = store.domains_blocked(asked, NOW).tolist()
    single = [store.match("domain", name, NOW) is not None for name in asked]
    assert single == batch
    assert sum(batch) > 1500  # most listed, the expired and the allowed not
    assert store.match("domain", names[7], NOW) is None  # allowlisted
    assert store.match("domain", names[1501], NOW) is None  # newer statement expired
    assert store.match("domain", names[1500], NOW).source == "feed2"  # type: ignore[union-attr]
    assert store.match("account", "6222 0200 0000 0049", NOW).value == "6222020000000049"  # type: ignore[union-attr]
    assert store.match("account", "6222020000000050", NOW) is None


def test_rules_found_in_one_batch_are_the_rules_found_one_by_one(tmp_path: Path) -> None:
    store, names = _store(tmp_path / "bl")
    codes = store.domain_rules([f"a.{n}" for n in names], NOW)
    live = [int(c) for c in codes if c >= 0]
    assert len(live) > 1500
    assert store.rules_at(live) == [store.rule_at(code) for code in live]
