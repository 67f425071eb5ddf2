"""Keys hashed right to left: one pass gives every parent; stores of another hash refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanzha.patrol.blocklist import Blocklist, KeyHashMismatch
from fanzha.patrol.keys import KEY_HASH, hash_many, key_hash, parent_keys


def test_parent_keys_are_the_keys_of_each_parent_but_the_bare_tld() -> None:
    names = ["www.login.icbc-kefu.top", "icbc.com.cn", "localhost", ""]
    owners, keys = parent_keys(names)
    got = {(int(o), int(k)) for o, k in zip(owners, keys, strict=True)}
    expected = {
        (0, key_hash("domain", "www.login.icbc-kefu.top")),
        (0, key_hash("domain", "login.icbc-kefu.top")),
        (0, key_hash("domain", "icbc-kefu.top")),
        (1, key_hash("domain", "icbc.com.cn")),
        (1, key_hash("domain", "com.cn")),
        (2, key_hash("domain", "localhost")),
        (3, key_hash("domain", "")),
    }
    assert got == expected
    assert key_hash("domain", "top") not in {k for _, k in got}


def test_keys_are_stable_and_differ_by_kind_and_value() -> None:
    values = [f"site{i}.example.com" for i in range(70_000)]  # more than one chunk
    batch = hash_many("domain", values)
    assert int(batch[0]) == key_hash("domain", values[0])
    assert int(batch[-1]) == key_hash("domain", values[-1])
    assert len(set(batch.tolist())) == len(values)
    assert key_hash("domain", "icbc.com") != key_hash("url", "icbc.com")
    # Fixed values: a store written today must be read by fanzha tomorrow.
    assert key_hash("domain", "icbc-kefu.top") == 7399033035321337570
    assert hash_many("phone", ["13800000000"]).dtype.name == "uint64"


def test_a_store_made_with_another_key_hash_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "blocklist"
    Blocklist(store)
    assert (store / "key-hash.txt").read_text().strip() == KEY_HASH
    (store / "key-hash.txt").write_text("blake2b-64\n")
    with pytest.raises(KeyHashMismatch, match="re-import"):
        Blocklist(store)


def test_batch_normalising_agrees_with_one_by_one() -> None:
    from fanzha.patrol.names import normalise_domain, normalise_domains

    feed = ["WWW.ICBC-kefu.top", " pay.ccb.com. ", "https://x.y.cn:8443/a", "例子.测试",
            "*.bad.top", "a b.com", "", "plain-host.example"]  # fmt: skip
    assert normalise_domains(feed) == [normalise_domain(t) for t in feed]
    plain = ["WWW.Example.COM", "a-b_c.top", "localhost"]  # the whole-batch fast path
    assert normalise_domains(plain) == [normalise_domain(t) for t in plain]
    for odd in (["a.b\nc.d"], ["x.com\x1f"], ["x.com."], [".x.com"], ["x..com"], []):
        assert normalise_domains(odd) == [normalise_domain(t) for t in odd], odd
