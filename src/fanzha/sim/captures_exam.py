"""The exam: captured pages from a third generator the page classifier was never tuned on.

Issue 21 asks for verdicts that hold on pages from a generator not used in
training. The two older generators have been looked at while tuning, so this
one was written by another author who read neither them nor the classifier
(the pages are built in ``fanzha.sim.exam``). Deterministic per seed; texts
are distinct, between 80 bytes and 8 KB, half HTML and half plain text as
text extractors store it.

    python -m fanzha.sim.captures_exam --seed 1 --n 20
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Callable

import msgspec

from fanzha.sim.exam import articles, fraud, gambling, hijack, lookalike, ordinary, porn
from fanzha.sim.exam.page import Doc, debris, render_html, render_text, traditional
from fanzha.sim.exam.words import date, icp

MIX = {"fraud": 0.15, "gambling": 0.15, "porn_spam": 0.15, "hijacked": 0.20, "benign": 0.35}
"""Share of each verdict in a generated exam."""
MIN_BYTES, MAX_BYTES = 80, 8 * 1024


class CapturedPage(msgspec.Struct, frozen=True):
    """One stored capture and what it truly is."""

    text: str
    verdict: str
    """fraud, gambling, porn_spam, hijacked or benign."""
    kind: str
    """The finer label, e.g. ``benign/bank_maintenance`` or ``hijacked/brand_append``."""
    is_html: bool


Builder = Callable[[random.Random], tuple[str, Doc]]
_HARMFUL: dict[str, tuple[Builder, ...]] = {
    "fraud": (*fraud.BUILDERS, articles.whitewash),
    "gambling": (*gambling.BUILDERS, articles.betting_tips),
    "porn_spam": porn.BUILDERS,
}
_LOOKALIKE: tuple[Builder, ...] = (*lookalike.BUILDERS, articles.legit_login)


def _quotas(n: int) -> list[str]:
    """Verdicts in proportion to ``MIX``, rounded by largest remainder so they sum to ``n``."""
    exact = {v: share * n for v, share in MIX.items()}
    counts = {v: int(x) for v, x in exact.items()}
    for v in sorted(exact, key=lambda v: exact[v] - counts[v], reverse=True)[
        : n - sum(counts.values())
    ]:
        counts[v] += 1
    return [v for v, c in counts.items() for _ in range(c)]


def _build(r: random.Random, verdict: str, html: bool) -> tuple[str, Doc, str]:
    """The kind, the page, and the injection method (empty unless hijacked)."""
    if verdict in _HARMFUL:
        kind, doc = r.choice(_HARMFUL[verdict])(r)
        if r.random() < 0.3:  # scam and betting sites copy a date line and an ICP number too
            doc.info = (
                doc.info
                or f"{date(r)}  {r.choice(('', '浏览 ' + str(r.randint(50, 9999))))}".strip()
            )
            doc.footer.append(icp(r))
        return kind, doc, ""
    if verdict == "benign":
        builders: tuple[Builder, ...] = (
            _LOOKALIKE if r.random() < 0.5 else tuple(ordinary.GENRES.values())
        )
        kind, doc = r.choice(builders)(r)
        return kind, doc, ""
    _, doc = r.choice(hijack.HOSTS)(r)
    method = hijack.inject(r, doc, html)
    return f"hijacked/{method}", doc, method


def _render(r: random.Random, doc: Doc, html: bool, method: str) -> str:
    page = render_html(r, doc) if html else render_text(r, doc)
    return hijack.finish_html(r, page, method) if html else page


def _shrink(doc: Doc) -> bool:
    """Drop the last item of the longest region; False when nothing is left to drop."""
    regions = [x for x in (doc.body, doc.comments, doc.links, doc.footer) if len(x) > 1]
    if not regions:
        return False
    max(regions, key=len).pop()
    return True


def _capture(r: random.Random, verdict: str) -> CapturedPage | None:
    html = r.random() < 0.5
    kind, doc, method = _build(r, verdict, html)
    text = _render(r, doc, html, method)
    while len(text.encode()) > MAX_BYTES and _shrink(doc):
        text = _render(r, doc, html, method)
    trad, mess = {"hijacked": (0.15, 0.3), "benign": (0.1, 0.15)}.get(verdict, (0.08, 0.1))
    if method == "trad_debris":
        trad, mess = 1.0, 0.6
    if r.random() < trad:
        text = traditional(r, text, debris=r.choice((0.0, 0.05, 0.2)) if not html else 0.0)
    if not html and r.random() < mess:
        text = debris(r, text, rate=r.uniform(0.05, 0.3))
    if not MIN_BYTES <= len(text.encode()) <= MAX_BYTES:
        return None
    return CapturedPage(text=text, verdict=verdict, kind=kind, is_html=html)


def generate(seed: int, n: int) -> list[CapturedPage]:
    """``n`` distinct captures in ``MIX`` proportions, shuffled; the same for a seed."""
    r = random.Random(f"captures-exam:{seed}")
    verdicts = _quotas(n)
    r.shuffle(verdicts)
    seen: set[str] = set()
    pages: list[CapturedPage] = []
    for verdict in verdicts:
        page = _capture(r, verdict)
        while page is None or page.text in seen:
            page = _capture(r, verdict)
        seen.add(page.text)
        pages.append(page)
    return pages


def main(argv: list[str] | None = None) -> None:
    """Print counts by verdict and kind, and a couple of samples."""
    parser = argparse.ArgumentParser(
        prog="python -m fanzha.sim.captures_exam",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--samples", type=int, default=2)
    args = parser.parse_args(argv)
    pages = generate(args.seed, args.n)
    sizes = sorted(len(p.text.encode()) for p in pages)
    html = sum(p.is_html for p in pages)
    print(f"{len(pages)} pages, seed {args.seed}: {html} HTML, {len(pages) - html} text")
    print(f"bytes min {sizes[0]} median {sizes[len(sizes) // 2]} max {sizes[-1]}")
    for verdict, count in Counter(p.verdict for p in pages).most_common():
        print(f"{verdict:10} {count}")
    for kind, count in sorted(Counter(p.kind for p in pages).items()):
        print(f"  {kind:36} {count}")
    for p in pages[: args.samples]:
        print(f"\n--- {p.kind} ({'html' if p.is_html else 'text'}) ---\n{p.text[:600]}")


if __name__ == "__main__":
    main()
