"""Look-alikes of protected names: each trick scores, the brands' own domains never do."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanzha.patrol.evaluate import LOOKALIKE_THRESHOLD, evaluate_lookalikes
from fanzha.patrol.lookalike import edit_distance, load_brands, score_domain


@pytest.mark.parametrize(
    ("domain", "brand", "reason"),
    [
        ("icbc-kefu.top", "icbc", "brand name inside"),
        ("www-icbc.com.cn.xyz", "icbc", "official domain icbc.com.cn nested"),
        ("icbc.top", "icbc", "another TLD"),
        ("1cbc.com", "icbc", "homoglyph"),
        ("аlipay.com", "alipay", "homoglyph"),  # Cyrillic а
        ("alipya.com", "alipay", "typo"),
        ("unionpsy.cn", "unionpay", "keyboard slip"),
        ("gongshang-vip.com", "icbc", "pinyin"),
        ("zhifubao-app.xyz", "alipay", "pinyin"),
        ("cmbchlna.com", "cmb", "homoglyph"),
        ("12307.cn", "12306", "slip"),
        ("gov.cn.top", "gov", "nested"),
    ],
)
def test_tricks_score_high_and_name_the_reason(domain: str, brand: str, reason: str) -> None:
    result = score_domain(domain)
    assert result.score >= LOOKALIKE_THRESHOLD
    assert result.brand == brand
    assert any(reason in r for r in result.reasons), result.reasons


@pytest.mark.parametrize(
    "domain",
    ["www.icbc.com.cn", "m.alipay.com", "kyfw.12306.cn", "wuhan.gov.cn", "baidu.com",
     "abcnews.com", "news.sina.com.cn", "pay.weixin.qq.com", "chsi.com.cn"],
)  # fmt: skip
def test_official_and_ordinary_domains_score_zero(domain: str) -> None:
    assert score_domain(domain).score == 0.0


def test_lure_words_raise_the_score() -> None:
    assert score_domain("icbc-kefu.top").score > score_domain("icbc-news.top").score


def test_punycode_is_judged_by_what_the_victim_sees() -> None:
    puny = "аlipay.com".encode("idna").decode()
    assert puny.startswith("xn--")
    assert score_domain(puny).brand == "alipay"


def test_center_configures_its_own_brands(tmp_path: Path) -> None:
    config = tmp_path / "brands.yaml"
    config.write_text(
        "brands:\n  hkbank: {keywords: [hankoubank], variants: [hankou], official: [hkbank.cn]}\n"
    )
    brands = tuple(load_brands(config))
    assert score_domain("hankoubamk.top", brands).brand == "hkbank"
    assert score_domain("www.hkbank.cn", brands).score == 0.0
    assert score_domain("icbc-kefu.top", brands).score == 0.0


def test_edit_distance_counts_a_swap_as_one() -> None:
    assert edit_distance("alipay", "alipya") == 1
    assert edit_distance("icbc", "icbc") == 0
    assert edit_distance("abc", "xyz") == 3


def test_held_out_domains_precision_and_recall() -> None:
    figures = {f.label: f for f in evaluate_lookalikes(count=400, seed=3)}
    assert figures["lookalike"].recall >= 0.9
    assert figures["lookalike"].precision >= 0.9


def test_one_edit_apart_is_an_edit_distance_of_one() -> None:
    import random

    from fanzha.patrol.lookalike import one_edit_apart

    rng = random.Random(5)
    words = ["icbc", "alipay", "ccb", "boc", "wechat", "", "a", "ab", "ba", "abc"]
    for _ in range(4000):
        word = rng.choice(words) + "".join(rng.choice("abci") for _ in range(rng.randrange(4)))
        edited = list(word)
        for _ in range(rng.randrange(3)):  # up to two random edits of four kinds
            at = rng.randrange(len(edited) + 1)
            how = rng.randrange(4)
            if how == 0:
                edited.insert(at, rng.choice("abcix"))
            elif edited and at < len(edited):
                if how == 1:
                    del edited[at]
                elif how == 2:
                    edited[at] = rng.choice("abcix")
                elif at + 1 < len(edited):
                    edited[at], edited[at + 1] = edited[at + 1], edited[at]
        other = "".join(edited)
        assert one_edit_apart(word, other) == (edit_distance(word, other) == 1), (word, other)
