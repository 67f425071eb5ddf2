"""The field-capture exam: reproducible, in the intended mix, varied, and hard."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from fanzha.sim.captures_field import MAX_BYTES, MIN_CHARS, MIX, CapturedPage, generate

_GLOSS = re.compile(r"[\u4e00-\u9fff][(（\[][a-zāáǎàēéěèīíǐìōóǒòūúǔù]+[)）\]]")
_TRADITIONAL = set(
    "國會發這們時來對說為個過動經現開機關門問間車長實點學見還進從錢銀賬號戶碼網頁詐騙賭娛樂貸費證險業務員電話"
)
_OBFUSCATED = re.compile(
    "[\u200b\u200c\u200d\ufeff]|[\uff10-\uff5a]|薇|➕|飞机|TG|xn--|\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+"
)


@pytest.fixture(scope="module")
def pages() -> list[CapturedPage]:
    return generate(1, 1000)


def test_same_seed_same_pages_other_seed_other_pages() -> None:
    assert generate(5, 60) == generate(5, 60)
    assert [p.text for p in generate(5, 60)] != [p.text for p in generate(6, 60)]


def test_mix_follows_the_shares_and_small_runs_have_every_verdict(
    pages: list[CapturedPage],
) -> None:
    counts = Counter(p.verdict for p in pages)
    assert set(counts) == set(MIX)
    for verdict, share in MIX.items():
        assert abs(counts[verdict] / len(pages) - share) <= 0.01, verdict
    assert {p.verdict for p in generate(1, 20)} == set(MIX)


def test_kinds_are_prefixed_by_verdict_and_varied(pages: list[CapturedPage]) -> None:
    kinds: dict[str, set[str]] = {}
    for p in pages:
        prefix, _, rest = p.kind.partition(":")
        assert prefix == p.verdict and rest, p.kind
        kinds.setdefault(p.verdict, set()).add(p.kind)
    minimum = {"fraud": 12, "gambling": 7, "porn_spam": 7, "hijacked": 12, "benign": 18}
    for verdict, floor in minimum.items():
        assert len(kinds[verdict]) >= floor, (verdict, sorted(kinds[verdict]))


def test_texts_are_distinct_and_within_size(pages: list[CapturedPage]) -> None:
    assert len({p.text for p in pages}) == len(pages)
    for p in pages:
        assert len(p.text) >= MIN_CHARS, p.kind
        assert len(p.text.encode()) <= MAX_BYTES, p.kind
    sizes = sorted(len(p.text.encode()) for p in pages)
    assert (
        sizes[len(sizes) // 10] < 1000 and sizes[-len(sizes) // 50] > 4000
    )  # short and long tails


def test_html_and_plain_captures_of_every_verdict(pages: list[CapturedPage]) -> None:
    for verdict in MIX:
        mine = [p for p in pages if p.verdict == verdict]
        html = [p for p in mine if p.is_html]
        plain = [p for p in mine if not p.is_html]
        assert 0.25 < len(html) / len(mine) < 0.65, verdict
        assert all(re.search(r"<(html|div|p|h1|table)\b", p.text) for p in html)
        assert all(p.text.split("\n", 1)[0].strip() and "<html" not in p.text for p in plain)


def test_conversion_debris_falls_on_every_class(pages: list[CapturedPage]) -> None:
    for verdict in MIX:
        mine = [p.text for p in pages if p.verdict == verdict]
        damaged = [
            t for t in mine if "�" in t or "??" in t or _GLOSS.search(t) or _TRADITIONAL & set(t)
        ]
        assert len(damaged) / len(mine) > 0.1, verdict


def test_harmful_pages_obfuscate_and_lookalikes_share_their_words(
    pages: list[CapturedPage],
) -> None:
    for verdict in ("fraud", "gambling", "porn_spam"):
        mine = [p.text for p in pages if p.verdict == verdict]
        assert sum(bool(_OBFUSCATED.search(t)) for t in mine) / len(mine) > 0.3, verdict
    benign = [p.text for p in pages if p.verdict == "benign"]
    for word in (
        "安全账户",
        "验证码",
        "百家乐",
        "USDT",
        "刷单",
        "兼职",
        "返现",
        "开奖",
        "解冻费",
        "上门服务",
    ):
        assert any(word in t for t in benign), word
    ontopic = [p for p in pages if p.kind.endswith("_ontopic")]
    assert len(ontopic) >= 20


def test_hijacked_pages_keep_the_host_article(pages: list[CapturedPage]) -> None:
    """The injection comes on top of an intact page: its chrome and long article survive."""
    hijacked = [p.text for p in pages if p.verdict == "hijacked"]
    chrome = ("ICP备", "公网安备", "版权所有", "©", "Copyright")
    assert sum(any(c in t for c in chrome) for t in hijacked) / len(hijacked) > 0.6
    benign = sorted(len(p.text) for p in pages if p.verdict == "benign")
    lengths = sorted(len(t) for t in hijacked)
    assert lengths[len(lengths) // 2] >= 0.8 * benign[len(benign) // 2]


def test_cli_prints_a_summary() -> None:
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    out = subprocess.run(
        [sys.executable, "-m", "fanzha.sim.captures_field", "--seed", "1", "--n", "20"],
        capture_output=True, text=True, check=True, env=env, timeout=120,
    ).stdout  # fmt: skip
    assert out.startswith("20 captures")
    for verdict in MIX:
        assert verdict in out
