"""The exam generator: the same pages for a seed, distinct, in the promised mix and forms."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fanzha.sim.captures_exam import MIX, CapturedPage, generate, main

VERDICTS = {"fraud", "gambling", "porn_spam", "hijacked", "benign"}


def test_a_seed_gives_the_same_pages_and_another_seed_others() -> None:
    first, again, other = generate(1, 120), generate(1, 120), generate(2, 120)
    assert first == again
    assert {p.text for p in first}.isdisjoint({p.text for p in other})


def test_texts_are_distinct_and_within_size() -> None:
    pages = generate(3, 600)
    assert len({p.text for p in pages}) == 600
    assert all(80 <= len(p.text.encode()) <= 8 * 1024 for p in pages)


def test_the_mix_every_verdict_and_both_forms() -> None:
    pages = generate(4, 600)
    counts = Counter(p.verdict for p in pages)
    assert set(counts) == VERDICTS
    for verdict, share in MIX.items():
        assert counts[verdict] == round(share * 600), verdict
    for verdict in VERDICTS:
        forms = {p.is_html for p in pages if p.verdict == verdict}
        assert forms == {True, False}, verdict
    assert all(p.kind.startswith(p.verdict + "/") for p in pages)
    html = [p for p in pages if p.is_html]
    assert 0.4 < len(html) / len(pages) < 0.6
    assert all(p.text.lstrip().lower().startswith("<!doctype html>") for p in html)
    assert not any("<html" in p.text for p in pages if not p.is_html)


def test_kinds_are_varied_within_each_verdict() -> None:
    kinds = Counter(p.kind for p in generate(5, 600))
    per_verdict = Counter(kind.split("/")[0] for kind in kinds)
    assert per_verdict["benign"] >= 20 and per_verdict["hijacked"] >= 6
    assert min(per_verdict[v] for v in ("fraud", "gambling", "porn_spam")) >= 6


def test_hijacked_pages_keep_an_ordinary_article_under_the_spam() -> None:
    """A hijacked page is mostly its host article: the spam is a title, a block or a script."""
    pages = [p for p in generate(6, 400) if p.verdict == "hijacked"]
    cjk = [len(re.findall(r"[\u4e00-\u9fff]", p.text)) for p in pages]
    assert sorted(cjk)[len(cjk) // 2] > 150
    traditional = sum("體" in p.text or "網" in p.text or "國" in p.text for p in pages)
    assert traditional > 0


def test_small_n_and_the_struct() -> None:
    pages = generate(7, 3)
    assert len(pages) == 3 and all(isinstance(p, CapturedPage) for p in pages)
    assert generate(7, 0) == []


def test_the_command_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--seed", "1", "--n", "20"])
    out = capsys.readouterr().out
    assert out.startswith("20 pages, seed 1")
    assert "benign" in out and "hijacked/" in out
