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
import re
import sys
from dataclasses import dataclass
from functools import lru_cache

from fanzha.patrol.obfuscate import capture_damage, glossed, obfuscate
from fanzha.patrol.textnorm import to_traditional
from fanzha.patrol.vocab import Genre, Part, Vocab

VERDICTS = ("fraud", "gambling", "porn_spam", "hijacked", "benign")
HARMFUL = ("fraud", "gambling", "porn_spam", "hijacked")
SPAM_KINDS = ("gambling", "porn")
_SEPARATORS = ["_", ",", "，", "|", " ", "、", "-", "_", ",", "—"]
_TLDS = ["com", "top", "vip", "cc", "net", "xyz", "app", "me"]
_LATIN = "abcdefghjkmnpqrstwxyz"
WARNING_GENRES = (
    "police_publicity",
    "bank_tips",
    "fraud_news",
    "gambling_news",
    "saohuang",
    "arrest_news",
    "court_judgment",
    "antifraud_quotes",
    "bust_news",
    "forum_warn",
)
"""Ordinary pages that warn of, report or judge harm: they quote its words."""


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
        self.is_html = True

    # -- words -----------------------------------------------------------------
    def fill(self, sentence: str) -> str:
        rng = self.rng
        if "$" not in sentence:
            return sentence
        filled = (
            sentence.replace("$place", rng.choice(self.vocab.chrome("places")))
            .replace("$num", str(rng.choice([rng.randint(2, 99), rng.randint(100, 9999)])))
            .replace("$date", f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
            .replace("$org", rng.choice(self.vocab.chrome("orgs")))
            .replace("$year", str(rng.randint(2012, 2026)))
            .replace("$time", f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}")
            .replace("$id", self.contact())
            .replace("$prov", rng.choice(self.vocab.chrome("provinces")))
        )
        while "$bank" in filled:  # real banks' own pages name them as often as fakes do
            filled = filled.replace("$bank", rng.choice(self.vocab.spam("fraud", "brands")), 1)
        while "$user" in filled:
            filled = filled.replace("$user", self.fill(rng.choice(self.vocab.chrome("users"))), 1)
        if "$title" in filled:
            filled = filled.replace(
                "$title", self.fill(rng.choice(rng.choice(self.vocab.genres).titles))
            )
        return filled

    def contact(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return str(rng.randint(10**6, 10**10))
        return "".join(rng.choices(_LATIN, k=rng.randint(3, 6))) + str(rng.randint(1, 9999))

    def brand(self, kind: str) -> str:
        rng, vocab = self.rng, self.vocab
        if kind == "fraud":
            return self.fraud_title()
        if rng.random() < 0.3 and kind == "gambling":
            if rng.random() < 0.5:
                name = "".join(_sample(rng, vocab.spam(kind, "syllables"), 2))
            else:
                name = "".join(rng.choices(_LATIN, k=rng.randint(2, 4))) + str(rng.randint(8, 999))
        else:
            name = rng.choice(vocab.spam(kind, "brands"))
        form = rng.choice(vocab.spam(kind, "brand_forms"))
        if rng.random() < 0.25:  # 必威0086集团, 开云6688: numbered clones of a brand
            form = "{b}" + rng.choice(
                ["{n}", "{n}集团", "{n}.com", "{n}娱乐", "国际{n}", "{n}官网"]
            )
        return form.format(b=name, n=rng.choice(["0086", "6688", "365", "888", "9393", "1122"]))

    def fraud_term(self) -> str:
        """A fraud advertisement's phrase, as stuffed into hijacked sites."""
        rng, vocab = self.rng, self.vocab
        pick = rng.random()
        if pick < 0.6:
            return rng.choice(vocab.spam("fraud", "ads"))
        if pick < 0.8:
            return rng.choice(vocab.spam("fraud", "slang"))
        return self.fraud_title()

    def spam_term(self, kind: str, trick: float = 0.25) -> str:
        rng = self.rng
        if kind == "fraud":
            term = self.fraud_term()
            return obfuscate(term, rng) if rng.random() < trick else term
        pick = rng.random()
        if pick < 0.55:
            term = rng.choice(self.vocab.spam(kind, "phrases"))
        elif pick < 0.75:
            term = self.brand(kind)
        else:
            term = rng.choice(self.vocab.spam(kind, "slang"))
        return obfuscate(term, rng) if rng.random() < trick else term

    def fraud_title(self) -> str:
        """A fake bank or agency, or a made-up platform dressed as a real one."""
        rng, vocab = self.rng, self.vocab
        if rng.random() < 0.5:
            brand = rng.choice(vocab.spam("fraud", "brands"))
            return rng.choice([brand, ""]) + rng.choice(vocab.spam("fraud", "titles"))
        name = "".join(_sample(rng, vocab.spam("fraud", "syllables"), 2))
        name += rng.choice(vocab.spam("fraud", "platform_suffixes"))
        form = rng.choice(vocab.spam("fraud", "title_forms"))
        return form.format(p=name, t=rng.choice(vocab.spam("fraud", "titles")))

    def fraud_line(self) -> str:
        """A written line of fraud, or one composed from a pretext and a request."""
        rng, vocab = self.rng, self.vocab
        if rng.random() < 0.4:
            return rng.choice(vocab.spam("fraud", "lines"))
        sep = rng.choice(["，", "，", " ", ""])
        request = sep.join(_sample(rng, vocab.spam("fraud", "requests"), rng.randint(1, 2)))
        return rng.choice(vocab.spam("fraud", "pretexts")) + sep + request

    def framed(self, kind: str | None = None) -> str:
        """An ordinary page's sentence quoting a harmful phrase: a judgment naming the
        betting platform, a police warning repeating the scammer's words."""
        rng = self.rng
        kind = kind or rng.choice(["gambling", "porn", "fraud", "fraud"])
        if kind == "fraud":
            x = (
                self.fraud_line()
                if rng.random() < 0.5
                else rng.choice(self.vocab.spam("fraud", "slang"))
            )
        else:
            x = self.spam_term(kind, 0.0) if rng.random() < 0.7 else self.brand(kind)
        frame = rng.choice(self.vocab.frames(kind))
        if rng.random() < 0.3:
            frame = frame.replace("“", "'").replace("”", "'")
        return self.fill(frame.format(x=x))

    def spam_run(self, kind: str, low: int = 4, high: int = 24) -> str:
        """A run of spam phrases, as stuffed into hijacked titles and first lines."""
        kinds = [kind] if self.rng.random() < 0.8 else [*SPAM_KINDS, "fraud"]
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
        if genre.name in WARNING_GENRES and self.rng.random() < 0.7:
            for _ in range(self.rng.randint(1, 3)):
                body.insert(self.rng.randint(0, len(body)), self.framed() + "。")
        cut = self.rng.randint(1, max(1, len(body) - 1))
        paragraphs = ["".join(body[:cut]), "".join(body[cut:])]
        return self.fill(self.rng.choice(genre.titles)), [Block("p", [p for p in paragraphs if p])]

    def shared_article(self) -> tuple[str, list[Block]]:
        return self.article(self.rng.choice(self.vocab.shared))

    def chrome(self, blocks: list[Block], title: str, site: str) -> list[Block]:
        """What a site puts around its content. ``site`` is ordinary (benign and
        hijacked pages alike), fraud (a fake site dressed as a real one) or spam."""
        rng, vocab = self.rng, self.vocab
        pick = self.chrome_line
        head: list[Block] = []
        tail: list[Block] = []
        if rng.random() < 0.25:
            return blocks  # a bare capture: the content alone
        if site == "spam" and rng.random() < 0.4:
            site = "ordinary"  # spam sites wear ordinary chrome too
        if site == "fraud":
            if rng.random() < 0.6:
                head.append(
                    Block("nav", _sample(rng, vocab.chrome("fraud_nav"), rng.randint(3, 8)))
                )
            if rng.random() < 0.6:
                filler = [pick("fraud_filler") for _ in range(rng.randint(1, 3))]
                tail.append(Block("p", filler))
            if rng.random() < 0.2:
                tail.append(self.related())
        elif site == "ordinary":
            if rng.random() < 0.6:
                field = rng.choice(["portal_nav", "nav", "nav_more"])
                head.append(Block("nav", _sample(rng, vocab.chrome(field), rng.randint(3, 9))))
            if rng.random() < 0.4:
                head.append(Block("p", [pick("breadcrumbs")]))
            if rng.random() < 0.3:
                head.append(Block("p", [title]))
            if rng.random() < 0.45:
                head.append(Block("p", [pick("meta")]))
            if rng.random() < 0.15:
                head.append(Block("p", [pick("ads")]))
            if rng.random() < 0.3:
                tail.append(Block("p", [pick("share") for _ in range(rng.randint(1, 3))]))
            if rng.random() < 0.35:
                tail.append(self.related())
            if rng.random() < 0.2:
                tail.append(self.comments(0.0))
            if rng.random() < 0.15:
                tail.append(Block("p", [pick("ads")]))
        if site == "ordinary" and rng.random() < 0.4:
            head.append(Block("p", [pick("article_stats")]))
        if site == "ordinary" and rng.random() < 0.3:
            tail.append(Block("p", [pick("article_stats")]))
        if rng.random() < (0.35 if site == "ordinary" else 0.2):
            orgs = [self.org_name() for _ in range(rng.randint(3, 12))]
            head_word = pick("friend_heads")
            if rng.random() < 0.5:
                tail.append(
                    Block("p", [f"{head_word}：" + rng.choice(["  ", " ", " | "]).join(orgs)])
                )
            else:
                tail.append(Block("links", [head_word, *orgs]))
        if rng.random() < 0.5:
            tail.append(Block("p", [pick("icp") for _ in range(rng.randint(1, 3))]))
        if rng.random() < (0.85 if site == "ordinary" else 0.5):
            if rng.random() < 0.3:
                bits = [
                    self.fill(b) for b in _sample(rng, vocab.chrome("footer"), rng.randint(1, 4))
                ]
                lines = [" ".join(bits) + f" {rng.randint(2008, 2026)}"]
            else:
                lines = [pick("footer") for _ in range(rng.randint(1, 4))]
            tail.append(Block("footer", lines))
        return [*head, *blocks, *tail]

    def org_name(self) -> str:
        """An institution a site links to: national platforms, local offices, banks."""
        rng, vocab = self.rng, self.vocab
        pick = rng.random()
        if pick < 0.3:
            return rng.choice(vocab.chrome("national_sites"))
        if pick < 0.5:
            return rng.choice(vocab.chrome("orgs_more"))
        if pick < 0.6:
            return rng.choice(vocab.spam("fraud", "brands"))
        return (
            rng.choice(vocab.chrome("places"))
            + rng.choice(["", "市", "区"])
            + rng.choice(vocab.chrome("org_suffixes"))
        )

    def scripts(self) -> Block:
        """Analytics and page scripts: on every kind of site, so no sign of harm."""
        return Block(
            "script", _sample(self.rng, self.vocab.chrome("scripts"), self.rng.randint(1, 3))
        )

    def meta(self, title: str) -> Block:
        """Keywords and description as ordinary sites write them: from the title."""
        rng = self.rng
        words = _sample(rng, self.vocab.chrome("meta_words"), rng.randint(1, 4))
        return Block("meta", [",".join([title, *words]), title])

    def chrome_line(self, field: str) -> str:
        return self.fill(self.rng.choice(self.vocab.chrome(field)))

    def site_title(self, title: str) -> str:
        """How sites title their pages: the article, then the channel and the site."""
        rng = self.rng
        parts = [title]
        site = self.site_name()
        if rng.random() < 0.45:  # search-engine titles: ordinary keywords strung together
            words = _everyday_words()
            keys = [rng.choice(words) for _ in range(rng.randint(2, 6))]
            if rng.random() < 0.4:  # shops and portals repeat their own product and name
                keys += [title[: rng.randint(2, 6)], site][: rng.randint(1, 2)]
            if rng.random() < 0.3:
                keys.insert(rng.randrange(len(keys) + 1), _number_word(rng))
            sep = rng.choice(["_", "|", "，", " "])
            parts = [
                f"{title}【{sep.join(keys)}】" if rng.random() < 0.3 else sep.join([title, *keys])
            ]
        if rng.random() < 0.5:
            parts.append(self.fill(rng.choice(self.vocab.chrome("channels"))))
        parts.append(site)
        return rng.choice(["_", " - ", "-", " | ", "—", "_"]).join(parts)

    def site_name(self) -> str:
        """A site's name: a known one, or made of an everyday word and a site suffix."""
        rng = self.rng
        if rng.random() < 0.5:
            return self.fill(rng.choice(self.vocab.chrome("sites")))
        word = rng.choice(_everyday_words())
        if rng.random() < 0.3:
            word = rng.choice(self.vocab.chrome("places")) + word
        return word + rng.choice(self.vocab.chrome("site_suffixes"))

    def related(self) -> Block:
        """A list of links to ordinary articles of the same site."""
        rng = self.rng
        titles = [self.fill(rng.choice(rng.choice(self.vocab.genres).titles)) for _ in range(8)]
        return Block(
            "links",
            [
                self.fill(rng.choice(self.vocab.chrome("related_heads"))),
                *titles[: rng.randint(3, 8)],
            ],
        )

    def comments(self, spam_share: float, kind: str = "porn") -> Block:
        """A comment section; a share of its comments spam ads (comment spam)."""
        rng = self.rng
        items = []
        count = rng.randint(2, 10)
        spam = [rng.random() < spam_share for _ in range(count)]
        if spam_share:
            spam[rng.randrange(count)] = True
        for is_spam in spam:
            if is_spam:
                text = self.fill(rng.choice(self.vocab.spam(kind, "comment_ads")))
                if rng.random() < 0.4:
                    text = self.spam_term(kind) + rng.choice([" ", "，", ""]) + text
            else:
                text = self.fill(rng.choice(self.vocab.chrome("comments")))
            items.append(self.fill(rng.choice(self.vocab.chrome("comment_meta"))) + "\t" + text)
        return Block(
            "comments", [self.fill(rng.choice(self.vocab.chrome("comment_heads"))), *items]
        )

    # -- pages -------------------------------------------------------------------
    def harmful(self, kind: str) -> tuple[str, list[Block], str]:
        rng, vocab = self.rng, self.vocab
        if kind == "fraud":
            title = self.fraud_title()
            lines = [self.fraud_line() for _ in range(rng.randint(1, 5))]
            blocks = [Block("p", [self._punctuate(s) for s in lines])]
            if rng.random() < 0.35:  # boilerplate copied from real company sites
                _, about = self.article(self.vocab.genre("corporate"))
                blocks.insert(rng.randint(0, 1), about[0])
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
        if rng.random() < (0.3 if kind == "porn" else 0.12):
            return self.comment_spam(kind)
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

    def comment_spam(self, kind: str) -> tuple[str, list[Block], str]:
        """An ordinary thread or article whose comments are spam ads: the spam is the
        page's own user content, posted by spammers, so the page is a spam page."""
        rng = self.rng
        genre = self.vocab.genre("forum") if rng.random() < 0.6 else None
        title, blocks = self.article(genre)
        if rng.random() < 0.5:
            blocks = [Block("p", blocks[0].items[:1])]
        if genre is not None and rng.random() < 0.6:
            blocks.insert(0, Block("p", [self.fill("楼主 $user 发表于 $year-05-0$num $time")]))
        blocks.append(self.comments(rng.uniform(0.3, 0.9), kind))
        return title, blocks, "comment_spam"

    def hijacked(self) -> tuple[str, list[Block], str]:
        rng = self.rng
        spam = rng.choice([*SPAM_KINDS, *SPAM_KINDS, "fraud"])
        title, blocks = self.shared_article() if rng.random() < 0.25 else self.article()
        blocks = self.chrome(blocks, title, "ordinary")
        if rng.random() < 0.4:
            title = self.site_title(title)
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
                "meta_stuff",
                "cloak",
                "bottom_links",
                "combo",
            ]
        )
        if style == "combo":
            title, blocks = self._hijack_style(
                rng.choice(["brand_title", "title_run", "first_line"]), title, blocks, spam
            )
            style = rng.choice(["hidden", "meta_stuff", "bottom_links", "cloak", "link_list"])
        title, blocks = self._hijack_style(style, title, blocks, spam)
        return title, blocks, style

    def _cloak_script(self) -> Block:
        rng = self.rng
        target = _url(self.rng)
        engines = _sample(
            rng, ["baidu", "sogou", "so.com", "sm.cn", "google", "bing"], rng.randint(1, 4)
        )
        test = "||".join(f'r.indexOf("{e}")>0' for e in engines)
        direct = test.replace("r.", "document.referrer.")
        scripts = [
            f'var r=document.referrer;if({test}){{window.location.href="{target}";}}',
            f'if({direct}){{location.replace("{target}");}}',
            f'setTimeout(function(){{top.location="{target}"}},{rng.randint(0, 3000)});',
        ]
        return Block("script", [rng.choice(scripts)])

    def _hijack_style(
        self, style: str, title: str, blocks: list[Block], spam: str
    ) -> tuple[str, list[Block]]:
        rng = self.rng
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
            blocks.insert(0, links)
        elif style == "footer_places":
            places = self.vocab.chrome("places")
            items = [
                rng.choice(places) + self.spam_term(spam, 0.1) for _ in range(rng.randint(15, 40))
            ]
            blocks.append(Block("footer", ["|".join(items)]))
        elif style == "hidden":
            blocks.insert(
                rng.choice([0, len(blocks)]), Block("hidden", [self.spam_run(spam, 6, 20)])
            )
        elif style == "meta_stuff" and not self.is_html:  # a text capture keeps no meta
            blocks.insert(0, Block("p", [self.spam_run(spam, 4, 12)]))
        elif style == "meta_stuff":
            blocks.insert(0, Block("meta", [self.spam_run(spam, 4, 12), self.spam_run(spam, 2, 6)]))
        elif style == "cloak":
            blocks.insert(0, self._cloak_script())
            if rng.random() < 0.6:
                blocks.insert(0, Block("meta", [self.spam_run(spam, 3, 8), title]))
            elif rng.random() < 0.5:
                title = f"{title}_{self.brand(spam)}"
        elif style == "bottom_links":
            farm = [self.spam_term(spam) for _ in range(rng.randint(5, 30))]
            blocks.append(Block(rng.choice(["links", "hidden", "links"]), farm))
        elif style == "gloss":
            blocks = [Block(b.tag, [glossed(i, rng, 0.8) for i in b.items]) for b in blocks]
            brand = self.brand(spam)
            title = (
                self.spam_run(spam, 3, 10)
                if rng.random() < 0.5
                else glossed(f"{title}_{brand}", rng, 0.8)
            )
        return title, blocks

    def benign(self) -> tuple[str, list[Block], str]:
        if self.rng.random() < 0.1:
            title, blocks = self.article(self.vocab.genre("forum"))
            if self.rng.random() < 0.6:
                blocks.insert(0, Block("p", [self.fill("楼主 $user 发表于 $year-05-0$num $time")]))
            return title, [*blocks, self.comments(0.0)], "forum"
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
        """One page. Site chrome and capture debris come at the same rates whatever the
        verdict, so neither can be learned as a sign of harm."""
        rng = self.rng
        self.is_html = is_html = rng.random() < 0.5
        if verdict == "hijacked":
            title, blocks, kind = self.hijacked()  # chrome of the hijacked site inside
        elif verdict == "benign":
            title, blocks, kind = self.benign()
            blocks = self.chrome(blocks, title, "ordinary")
            if rng.random() < 0.4:
                title = self.site_title(title)
        else:
            title, blocks, kind = self.harmful({"porn_spam": "porn"}.get(verdict, verdict))
            site = "fraud" if verdict == "fraud" else "spam"
            blocks = self.chrome(blocks, title, "ordinary" if kind == "comment_spam" else site)
        if rng.random() < 0.4:
            blocks.insert(0 if rng.random() < 0.5 else len(blocks), self.scripts())
        if is_html and rng.random() < 0.5 and not any(b.tag == "meta" for b in blocks):
            blocks.insert(0, self.meta(title))
        text = render_html(title, blocks, rng) if is_html else render_text(title, blocks, rng)
        if rng.random() < 0.25:
            text = to_traditional(text)
        if rng.random() < (0.3 if is_html else 0.6):
            text = capture_damage(text, rng, rng.uniform(0.2, 1.0), tags=not is_html)
        return Page(verdict, kind, text, is_html)


def _sample(rng: random.Random, pool: list[str], k: int) -> list[str]:
    return rng.sample(pool, min(k, len(pool)))


def _url(rng: random.Random) -> str:
    name = "".join(rng.choices(_LATIN, k=rng.randint(3, 8)))
    return f"http://{name}{rng.randint(1, 999)}.{rng.choice(_TLDS)}/"


def render_html(title: str, blocks: list[Block], rng: random.Random) -> str:
    parts = [f"<html><head><meta charset='utf-8'><title>{title}</title>"]
    for block in blocks:
        if block.tag == "meta":
            keywords, description = [*block.items, ""][:2]
            parts.append(f"<meta name='keywords' content='{keywords}'>")
            if description:
                parts.append(f"<meta name='description' content='{description}'>")
    parts.append("</head><body>")
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
        elif block.tag == "meta":
            continue
        elif block.tag == "script":
            parts.extend(f"<script>{i}</script>" for i in block.items)
        elif block.tag == "hidden":
            style = rng.choice(
                [
                    "display:none",
                    "visibility:hidden",
                    "position:absolute;left:-9999px;top:-9999px",
                    "font-size:0",
                    "text-indent:-5000px",
                ]
            )
            if rng.random() < 0.5:
                items = "".join(f"<a href='{_url(rng)}'>{i}</a>" for i in block.items)
            else:
                items = "".join(block.items)
            parts.append(f"<div style='{style}'>{items}</div>")
        elif block.tag == "footer":
            parts.append(f"<footer>{'<br>'.join(block.items)}</footer>")
        elif block.tag == "comments":
            items = "".join(
                "<div class='{}'><span>{}</span><p>{}</p></div>".format(
                    rng.choice(["comment", "reply", "post", "item"]), *i.split("\t", 1)
                )
                for i in block.items[1:]
            )
            parts.append(f"<div class='{rng.choice(['comments', 'cmt', 'replies', 'list'])}'>")
            parts.append(f"<h3>{block.items[0]}</h3>{items}</div>")
        else:
            parts.extend(f"<p>{i}</p>" for i in block.items)
    parts.append("</body></html>")
    return "".join(parts)


def render_text(title: str, blocks: list[Block], rng: random.Random) -> str:
    """What a crawler that keeps only text stores: the title is just the first line."""
    lines = [title]
    for block in blocks:
        if block.tag == "meta":
            continue
        if block.tag == "nav":
            if rng.random() < 0.4:  # a crawler that keeps one line per element
                lines.extend(block.items)
            else:
                lines.append(rng.choice([" | ", " ", "  "]).join(block.items))
        elif block.tag == "links":
            lines.extend(f"{i} {_url(rng)}" if rng.random() < 0.4 else i for i in block.items)
        elif block.tag == "form":
            lines.extend(f"{f}：" for f in block.items)
            lines.append("提交")
        elif block.tag == "comments":
            style = rng.randrange(4)
            if style != 3:
                lines.append(block.items[0])
            for item in block.items[1:]:
                meta, text = item.split("\t", 1)
                # a crawler may keep the comments' text alone, with no heading or names
                lines.extend([[meta, text], [f"{meta} {text}"], [f"{meta} {text}"], [text]][style])
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


def _snippet(writer: PageWriter, label: str) -> str:
    rng, vocab = writer.rng, writer.vocab
    pick = rng.random()
    if label in SPAM_KINDS:
        if pick < 0.1:
            return writer.fill(rng.choice(vocab.spam(label, "comment_ads")))
        if pick < 0.35:
            return writer.spam_run(label, 1, 12)
        if pick < 0.55:
            return writer.brand(label)
        if pick < 0.8:
            return writer.spam_term(label, 0.4)
        return rng.choice(vocab.spam(label, rng.choice(["lines", "titles"])))
    if label == "fraud":
        if pick < 0.15:
            return rng.choice(["、", "_", " ", "，"]).join(
                writer.spam_term("fraud", 0.3) for _ in range(rng.randint(1, 6))
            )
        if pick < 0.6:
            line = writer.fraud_line()
            start = rng.randrange(max(1, len(line) - 12)) if rng.random() < 0.4 else 0
            return line[start:]
        if pick < 0.8:
            return writer.fraud_title()
        field = "fields" if rng.random() < 0.5 else "slang"
        return "、".join(_sample(rng, vocab.spam("fraud", field), rng.randint(1, 4)))
    if label == "warn":
        if pick < 0.35:
            return writer.framed()
        genre = vocab.shared_genre(rng.choice(WARNING_GENRES))
    elif pick < 0.08:
        fields = ["nav", "footer", "fraud_nav", "nav_more", "portal_nav"]
        return " ".join(_sample(rng, vocab.chrome(rng.choice(fields)), rng.randint(1, 6)))
    elif pick < 0.12:  # one menu item or linked institution alone, as link lists show them
        if rng.random() < 0.3:
            return writer.site_name()
        if rng.random() < 0.5:
            return rng.choice(vocab.chrome(rng.choice(["nav_more", "portal_nav", "nav"])))
        name = writer.org_name()
        return name + rng.choice(["", "", "官方网站", "官网", "首页"])
    elif pick < 0.2:
        field = rng.choice(
            [
                "breadcrumbs",
                "meta",
                "share",
                "related_heads",
                "footer",
                "comments",
                "comment_meta",
                "comment_heads",
                "ads",
                "fraud_filler",
            ]
        )
        return writer.fill(rng.choice(vocab.chrome(field)))
    elif pick < 0.35:
        genre = vocab.shared_genre(rng.choice(["lottery_news", "sports_news"]))
    elif pick < 0.45:
        return writer.site_title(writer.fill(rng.choice(rng.choice(vocab.genres).titles)))
    elif pick < 0.57:
        words = _everyday_words()
        chosen = [rng.choice(words) for _ in range(rng.randint(2, 7))]
        if rng.random() < 0.35:  # prices, models, versions and sizes belong to every page
            chosen.insert(rng.randrange(len(chosen) + 1), _number_word(rng))
        return rng.choice(["", "", " "]).join(chosen)
    elif pick < 0.63:
        latin = _latin_words(vocab)
        return " ".join(rng.choice(latin) for _ in range(rng.randint(1, 6)))
    else:
        genre = rng.choice(vocab.genres)
    pool = genre.titles if rng.random() < 0.25 else genre.sentences
    return writer.fill(rng.choice(pool))


def _number_word(rng: random.Random) -> str:
    """A number as ordinary pages write it: a price, a model, a version, a size, a year.

    Why: numbers are everywhere on shops, manuals and news; seen only in odds and
    winnings, a title such as 7.1.21代 or 到手价5671.99 would read as gambling."""
    a, b, c = rng.randint(1, 99), rng.randint(0, 99), rng.randint(0, 999)
    forms = [
        f"{a}.{b}",
        f"{a}.{b}.{c}",
        f"{c}.{b}元",
        f"{a}{rng.choice(['kg', 'g', 'ml', 'mm', 'cm', 'GB', 'W', '寸', '代', '款', '件', '%'])}",
        f"{rng.choice(_LATIN).upper()}{c}",
        f"{rng.randint(2000, 2026)}{rng.choice(['年', '版', '款', ''])}",
    ]
    return rng.choice(forms)


@lru_cache(maxsize=1)
def _everyday_words() -> list[str]:
    """Ordinary Chinese words (pypinyin's phrase list), minus those holding a spam term.

    Why: the line model otherwise knows only the few hundred ordinary sentences of our
    genres, so any word it never saw leans towards whichever class owns its characters;
    seen as plain, the everyday vocabulary keeps unseen articles plain."""
    from pypinyin.phrases_dict import phrases_dict

    vocab = Vocab("all")
    spam = {
        term
        for kind in ("gambling", "porn", "fraud")
        for field in ("phrases", "slang")
        if field in vocab.spam_fields(kind)
        for term in vocab.spam(kind, field)
        if len(term) >= 2
    }
    pattern = re.compile("|".join(re.escape(t) for t in sorted(spam, key=len, reverse=True)))
    return [w for w in sorted(phrases_dict) if 2 <= len(w) <= 4 and not pattern.search(w)]


def _latin_words(vocab: Vocab) -> list[str]:
    """Latin-script words of ordinary pages (software, English, identifiers): without
    them every Latin letter would lean to gambling, whose brands are often Latin."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(ENGLISH_STOP_WORDS) + sorted(sys.stdlib_module_names) + vocab.chrome("latin")


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
