"""Labelled pages we write ourselves, for training and for validating page verdicts.

Why generated: the center cannot crawl live fraud sites from the intranet, and real
pages carry victims' data. The generator draws on large vocabularies (config/
page_*.yaml) and writes pages the way crawlers store them: HTML or plain text, spam
runs joined by ``_`` or commas over ordinary articles of many genres, betting brands
appended to titles, traditional script with conversion debris, link lists — and
benign pages that share the harmful pages' words (police anti-fraud publicity, bank
notices and tips, arrest news, 扫黄打非 notices, lottery results).

It is deterministic for a seed and a vocabulary part: training uses the training
part, ``fanzha patrol evaluate --holdout own`` the held-out part (brands, phrases and
whole genres the model never saw).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from fanzha.patrol.obfuscate import capture_damage, glossed, obfuscate
from fanzha.patrol.textnorm import to_traditional
from fanzha.patrol.vocab import Genre, Part, Vocab

VERDICTS = ("fraud", "gambling", "porn_spam", "hijacked", "benign")
HARMFUL = ("fraud", "gambling", "porn_spam", "hijacked")
SPAM_KINDS = ("gambling", "porn")
_SEPARATORS = ["_", ",", "，", "|", " ", "、", "-", "_", ",", "—"]
_TLDS = ["com", "top", "vip", "cc", "net", "xyz", "app", "me"]
_LATIN = "abcdefghjkmnpqrstwxyz"


@dataclass(frozen=True)
class Page:
    verdict: str
    kind: str
    text: str
    is_html: bool


@dataclass
class Block:
    tag: str  # p, nav, links, footer, hidden, form
    items: list[str]


class PageWriter:
    """Writes one page at a time from one vocabulary part and one random stream."""

    def __init__(self, rng: random.Random, vocab: Vocab) -> None:
        self.rng = rng
        self.vocab = vocab

    # -- words -----------------------------------------------------------------
    def fill(self, sentence: str) -> str:
        rng = self.rng
        return (
            sentence.replace("$place", rng.choice(self.vocab.chrome("places")))
            .replace("$num", str(rng.choice([rng.randint(2, 99), rng.randint(100, 9999)])))
            .replace("$date", f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
            .replace("$org", rng.choice(self.vocab.chrome("orgs")))
        )

    def brand(self, kind: str) -> str:
        rng, vocab = self.rng, self.vocab
        if rng.random() < 0.3 and kind == "gambling":
            if rng.random() < 0.5:
                name = "".join(_sample(rng, vocab.spam(kind, "syllables"), 2))
            else:
                name = "".join(rng.choices(_LATIN, k=rng.randint(2, 4))) + str(rng.randint(8, 999))
        else:
            name = rng.choice(vocab.spam(kind, "brands"))
        return rng.choice(vocab.spam(kind, "brand_forms")).format(b=name)

    def spam_term(self, kind: str, trick: float = 0.25) -> str:
        rng = self.rng
        pick = rng.random()
        if pick < 0.55:
            term = rng.choice(self.vocab.spam(kind, "phrases"))
        elif pick < 0.75:
            term = self.brand(kind)
        else:
            term = rng.choice(self.vocab.spam(kind, "slang"))
        return obfuscate(term, rng) if rng.random() < trick else term

    def fraud_line(self) -> str:
        """A written line of fraud, or one composed from a pretext and a request."""
        rng, vocab = self.rng, self.vocab
        if rng.random() < 0.4:
            return rng.choice(vocab.spam("fraud", "lines"))
        sep = rng.choice(["，", "，", " ", ""])
        request = sep.join(_sample(rng, vocab.spam("fraud", "requests"), rng.randint(1, 2)))
        return rng.choice(vocab.spam("fraud", "pretexts")) + sep + request

    def spam_run(self, kind: str, low: int = 4, high: int = 24) -> str:
        """A run of spam phrases, as stuffed into hijacked titles and first lines."""
        kinds = [kind] if self.rng.random() < 0.8 else list(SPAM_KINDS)
        terms = [self.spam_term(self.rng.choice(kinds)) for _ in range(self.rng.randint(low, high))]
        return self.rng.choice(_SEPARATORS).join(terms)

    def sentences(self, genre: Genre, low: int, high: int) -> list[str]:
        picked = _sample(
            self.rng, genre.sentences, min(len(genre.sentences), self.rng.randint(low, high))
        )
        return [self.fill(s) + self.rng.choice(["。", "。", "，", "；", "！", ""]) for s in picked]

    def article(self, genre: Genre | None = None) -> tuple[str, list[Block]]:
        genre = genre or self.rng.choice(self.vocab.genres)
        body = self.sentences(genre, 2, 8)
        cut = self.rng.randint(1, max(1, len(body) - 1))
        paragraphs = ["".join(body[:cut]), "".join(body[cut:])]
        return self.fill(self.rng.choice(genre.titles)), [Block("p", [p for p in paragraphs if p])]

    def shared_article(self) -> tuple[str, list[Block]]:
        return self.article(self.rng.choice(self.vocab.shared))

    def chrome(self, blocks: list[Block], title: str) -> list[Block]:
        rng, vocab = self.rng, self.vocab
        out = list(blocks)
        if rng.random() < 0.5:
            out.insert(0, Block("nav", _sample(rng, vocab.chrome("nav"), rng.randint(3, 9))))
        if rng.random() < 0.3:
            out.insert(1 if out and out[0].tag == "nav" else 0, Block("p", [title]))
        if rng.random() < 0.7:
            bits = _sample(rng, vocab.chrome("footer"), rng.randint(1, 4))
            out.append(Block("footer", [" ".join(bits) + f" {rng.randint(2008, 2026)}"]))
        return out

    # -- pages -------------------------------------------------------------------
    def harmful(self, kind: str) -> tuple[str, list[Block], str]:
        rng, vocab = self.rng, self.vocab
        if kind == "fraud":
            brand = rng.choice(vocab.spam("fraud", "brands"))
            title = rng.choice([brand, ""]) + rng.choice(vocab.spam("fraud", "titles"))
            lines = [self.fraud_line() for _ in range(rng.randint(2, 5))]
            blocks = [Block("p", [self._punctuate(s) for s in lines])]
            if rng.random() < 0.7:
                fields = vocab.spam("fraud", "fields")
                blocks.append(
                    Block("form", _sample(rng, fields, rng.randint(2, min(5, len(fields)))))
                )
            if rng.random() < 0.4:
                blocks.append(
                    Block("p", ["、".join(_sample(rng, vocab.spam("fraud", "slang"), 3))])
                )
            return title, blocks, "fraud"
        title = rng.choice(
            [rng.choice(vocab.spam(kind, "titles")), self.brand(kind), self.spam_run(kind, 2, 6)]
        )
        lines = [
            self._punctuate(s) for s in _sample(rng, vocab.spam(kind, "lines"), rng.randint(1, 4))
        ]
        blocks = [Block("p", lines)]
        terms = [self.spam_term(kind) for _ in range(rng.randint(4, 20))]
        blocks.append(
            Block(
                rng.choice(["links", "p", "nav"]),
                terms if rng.random() < 0.6 else [" ".join(terms)],
            )
        )
        if rng.random() < 0.5:
            blocks.insert(0, Block("p", [self.spam_run(kind, 3, 10)]))
        return title, blocks, kind if kind == "gambling" else "porn_spam"

    def hijacked(self) -> tuple[str, list[Block], str]:
        rng = self.rng
        spam = rng.choice(SPAM_KINDS)
        title, blocks = self.shared_article() if rng.random() < 0.25 else self.article()
        style = rng.choice(
            [
                "title_run",
                "first_line",
                "brand_title",
                "top_block",
                "link_list",
                "footer_places",
                "gloss",
                "hidden",
            ]
        )
        if style == "title_run":
            title = self.spam_run(spam) if rng.random() < 0.6 else self.spam_run(spam) + "_" + title
        elif style == "first_line":
            blocks.insert(0, Block("p", [self.spam_run(spam, 8, 30)]))
        elif style == "brand_title":
            brand = self.brand(spam)
            title = rng.choice(
                [
                    f"{title}-{brand}",
                    f"{title}_{brand}",
                    f"{brand}-{title}",
                    f"{title}|{brand}",
                    f"{title} {brand}",
                ]
            )
        elif style == "top_block":
            blocks.insert(
                0,
                Block(
                    "p",
                    [self._punctuate(s) for s in _sample(rng, self.vocab.spam(spam, "lines"), 2)],
                ),
            )
            title = self.spam_run(spam, 2, 5) if rng.random() < 0.5 else title
        elif style == "link_list":
            links = Block("links", [self.spam_term(spam) for _ in range(rng.randint(10, 50))])
            blocks.insert(0 if rng.random() < 0.5 else len(blocks), links)
        elif style == "footer_places":
            places = self.vocab.chrome("places")
            items = [
                rng.choice(places) + self.spam_term(spam, 0.1) for _ in range(rng.randint(15, 40))
            ]
            blocks.append(Block("footer", ["|".join(items)]))
        elif style == "hidden":
            blocks.insert(0, Block("hidden", [self.spam_run(spam, 6, 20)]))
        else:
            blocks = [Block(b.tag, [glossed(i, rng, 0.8) for i in b.items]) for b in blocks]
            title = self.spam_run(spam, 3, 10) if rng.random() < 0.5 else glossed(title, rng, 0.8)
        return title, blocks, style

    def benign(self) -> tuple[str, list[Block], str]:
        if self.rng.random() < 0.45:
            genre = self.rng.choice(self.vocab.shared)
            title, blocks = self.article(genre)
            return title, blocks, genre.name
        genre = self.rng.choice(self.vocab.genres)
        title, blocks = self.article(genre)
        return title, blocks, genre.name

    def _punctuate(self, line: str) -> str:
        return line + self.rng.choice(["。", "！", "", "!!"])

    def page(self, verdict: str) -> Page:
        rng = self.rng
        if verdict == "hijacked":
            title, blocks, kind = self.hijacked()
        elif verdict == "benign":
            title, blocks, kind = self.benign()
        else:
            title, blocks, kind = self.harmful({"porn_spam": "porn"}.get(verdict, verdict))
        blocks = self.chrome(blocks, title)
        is_html = rng.random() < 0.5
        text = render_html(title, blocks, rng) if is_html else render_text(title, blocks, rng)
        if rng.random() < 0.2:
            text = to_traditional(text)
        damage = 0.8 if verdict == "hijacked" else 0.25
        if not is_html and rng.random() < damage:
            text = capture_damage(text, rng, rng.uniform(0.2, 1.0))
        return Page(verdict, kind, text, is_html)


def _sample(rng: random.Random, pool: list[str], k: int) -> list[str]:
    return rng.sample(pool, min(k, len(pool)))


def _url(rng: random.Random) -> str:
    name = "".join(rng.choices(_LATIN, k=rng.randint(3, 8)))
    return f"http://{name}{rng.randint(1, 999)}.{rng.choice(_TLDS)}/"


def render_html(title: str, blocks: list[Block], rng: random.Random) -> str:
    parts = [f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"]
    if rng.random() < 0.6:
        parts.append(f"<h1>{title}</h1>")
    for block in blocks:
        if block.tag in ("nav", "links"):
            items = "".join(f"<li><a href='{_url(rng)}'>{i}</a></li>" for i in block.items)
            parts.append(f"<ul class='{block.tag}'>{items}</ul>")
        elif block.tag == "form":
            fields = "".join(
                f"<label>{f}</label><input name='f{n}'>" for n, f in enumerate(block.items)
            )
            parts.append(f"<form>{fields}<button>提交</button></form>")
        elif block.tag == "hidden":
            parts.append(f"<div style='display:none'>{''.join(block.items)}</div>")
        elif block.tag == "footer":
            parts.append(f"<footer>{''.join(block.items)}</footer>")
        else:
            parts.extend(f"<p>{i}</p>" for i in block.items)
    parts.append("</body></html>")
    return "".join(parts)


def render_text(title: str, blocks: list[Block], rng: random.Random) -> str:
    """What a crawler that keeps only text stores: the title is just the first line."""
    lines = [title]
    for block in blocks:
        if block.tag == "nav":
            lines.append(rng.choice([" | ", " ", "  "]).join(block.items))
        elif block.tag == "links":
            lines.extend(f"{i} {_url(rng)}" if rng.random() < 0.4 else i for i in block.items)
        elif block.tag == "form":
            lines.extend(f"{f}：" for f in block.items)
            lines.append("提交")
        else:
            lines.extend(block.items)
    return "\n".join(lines)


def generate_page(verdict: str, rng: random.Random, part: Part = "train") -> str:
    return PageWriter(rng, Vocab(part)).page(verdict).text


def generate_pages(count_per_verdict: int, seed: int, part: Part = "train") -> list[Page]:
    """Balanced pages, deterministic for a seed and vocabulary part."""
    writer = PageWriter(random.Random(seed), Vocab(part))
    return [writer.page(v) for _ in range(count_per_verdict) for v in VERDICTS]


SNIPPET_CLASSES = ("fraud", "gambling", "porn", "warn", "plain")
_WARNING_GENRES = ("police_publicity", "bank_tips", "fraud_news", "gambling_news", "saohuang")


def _snippet(writer: PageWriter, label: str) -> str:
    rng, vocab = writer.rng, writer.vocab
    pick = rng.random()
    if label in SPAM_KINDS:
        if pick < 0.35:
            return writer.spam_run(label, 1, 12)
        if pick < 0.55:
            return writer.brand(label)
        if pick < 0.8:
            return writer.spam_term(label, 0.4)
        return rng.choice(vocab.spam(label, rng.choice(["lines", "titles"])))
    if label == "fraud":
        if pick < 0.6:
            line = writer.fraud_line()
            start = rng.randrange(max(1, len(line) - 12)) if rng.random() < 0.4 else 0
            return line[start:]
        if pick < 0.8:
            return rng.choice(["", *vocab.spam("fraud", "brands")]) + rng.choice(
                vocab.spam("fraud", "titles")
            )
        field = "fields" if rng.random() < 0.5 else "slang"
        return "、".join(_sample(rng, vocab.spam("fraud", field), rng.randint(1, 4)))
    if label == "warn":
        genre = vocab.shared_genre(rng.choice(_WARNING_GENRES))
    elif pick < 0.15:
        return " ".join(
            _sample(rng, vocab.chrome(rng.choice(["nav", "footer"])), rng.randint(1, 6))
        )
    elif pick < 0.3:
        genre = vocab.shared_genre(rng.choice(["lottery_news", "sports_news"]))
    else:
        genre = rng.choice(vocab.genres)
    pool = genre.titles if rng.random() < 0.25 else genre.sentences
    return writer.fill(rng.choice(pool))


def generate_snippets(count_per_class: int, seed: int, part: Part) -> list[tuple[str, str]]:
    """(text, class) lines for the model of what one line of a page is about."""
    writer = PageWriter(random.Random(seed), Vocab(part))
    out = []
    for _ in range(count_per_class):
        for label in SNIPPET_CLASSES:
            text = _snippet(writer, label)
            if writer.rng.random() < 0.2:
                text = to_traditional(text)
            if writer.rng.random() < 0.1:
                text = glossed(text, writer.rng, 0.5)
            out.append((text, label))
    return out
