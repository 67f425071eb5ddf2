"""The captured-page generator: deterministic, balanced, varied, and never the same page twice."""

from __future__ import annotations

from collections import Counter

import pytest

from fanzha.sim.captures import CapturedPage, generate, main

VERDICTS = {"fraud", "gambling", "porn_spam", "hijacked", "benign"}


@pytest.fixture(scope="module")
def pages() -> list[CapturedPage]:
    return generate(1, 600)


def test_same_seed_same_pages_other_seed_other_pages(pages: list[CapturedPage]) -> None:
    assert generate(1, 600) == pages
    assert generate(2, 600) != pages


def test_every_verdict_in_its_share(pages: list[CapturedPage]) -> None:
    counts = Counter(p.verdict for p in pages)
    assert set(counts) == VERDICTS
    assert counts["hijacked"] == 120
    assert counts["benign"] == 210
    assert all(counts[v] == 90 for v in ("fraud", "gambling", "porn_spam"))


def test_kinds_varied_and_labelled_by_verdict(pages: list[CapturedPage]) -> None:
    by_verdict: dict[str, set[str]] = {}
    for p in pages:
        assert p.kind.split(":")[0] == p.verdict
        by_verdict.setdefault(p.verdict, set()).add(p.kind)
    assert all(len(k) >= 4 for k in by_verdict.values())
    assert len(by_verdict["benign"]) >= 12
    assert len(by_verdict["hijacked"]) >= 8


def test_texts_distinct_and_of_both_layouts(pages: list[CapturedPage]) -> None:
    assert len({p.text for p in pages}) == len(pages)
    html = [p for p in pages if p.is_html]
    assert 0.25 < len(html) / len(pages) < 0.75
    assert all(p.text.lstrip().startswith("<!DOCTYPE html>") for p in html)
    lengths = sorted(len(p.text) for p in pages)
    assert lengths[0] < 300 < 3000 < lengths[-1]


def test_hijacked_pages_keep_an_ordinary_article(pages: list[CapturedPage]) -> None:
    """A hijacked page is its benign twin plus spam: the ordinary article is still there."""
    hijacked = [p for p in pages if p.verdict == "hijacked"]
    assert any("安全账户" in p.text or "诈骗" in p.text for p in hijacked)
    # the hard case exists: a one-line title that differs from a normal one only by a brand
    first_lines = [p.text.split("\n", 1)[0] for p in hijacked if not p.is_html]
    assert any(
        len(line) < 60 and ("-" in line or "_" in line or "|" in line) for line in first_lines
    )


def test_the_summary_prints(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--seed", "1", "--n", "20"])
    out = capsys.readouterr().out
    assert all(f"{v}:" in out for v in VERDICTS)
