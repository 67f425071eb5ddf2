"""Hijacked pages: a legitimate page of any genre with spam injected the ways SEO hijackers do.

The host article stays intact (it is most of the page); what changes is the
title (a run of spam phrases, or one betting brand appended), the meta
keywords, a hidden block of links, a script that rewrites the title or
redirects visitors from search engines, a link farm in the footer, or a
spam line atop the article. ``inject`` returns the method as the kind.
"""

from __future__ import annotations

import random

from fanzha.sim.exam import gambling, lookalike, ordinary, porn
from fanzha.sim.exam.page import Doc
from fanzha.sim.exam.words import digits, domain, pick

_FRAUDISH = (
    "刷单兼职日结",
    "无视征信贷款",
    "黑户秒下款",
    "USDT高收益理财",
    "代办信用卡",
    "出售银行卡四件套",
    "跑分平台",
    "网赚项目",
)
_SEPS = ("_", "_", ",", "，", "|", "-", " ", "、")
HOSTS = (
    *ordinary.GENRES.values(),
    lookalike.antifraud, lookalike.bank_security, lookalike.bank_maintenance, lookalike.bust_news, lookalike.sports_news,
    lookalike.lottery_results, lookalike.sexual_health,
)  # fmt: skip
"""Host pages: every ordinary genre, plus articles *about* fraud and gambling (the issue's trap)."""


def spam(r: random.Random, k: int) -> list[str]:
    """Spam phrases of one theme or a mix, as one hijacker's campaign would use."""
    theme = r.random()
    if theme < 0.45:
        out = gambling.phrases(r, k)
    elif theme < 0.8:
        out = porn.phrases(r, k)
    else:
        out = [
            x for pair in zip(gambling.phrases(r, k), porn.phrases(r, k), strict=True) for x in pair
        ][:k]
    if r.random() < 0.15:
        out[r.randrange(len(out))] = pick(r, _FRAUDISH)
    return out


def _stuffed(r: random.Random, original: str) -> str:
    sep = pick(r, _SEPS)
    stuffed = sep.join(spam(r, r.randint(3, 12)))
    return r.choice((stuffed, stuffed, f"{stuffed}{sep}{original}", f"{stuffed} - {original}"))


def _anchors(r: random.Random, k: int) -> str:
    return "".join(
        f'<a href="https://{domain(r, True)}/" target="_blank">{w}</a>' for w in spam(r, k)
    )


def _entities(s: str) -> str:
    return "".join(f"&#{ord(c)};" for c in s)


def inject(r: random.Random, doc: Doc, html: bool) -> str:
    """Spam ``doc`` in place by one method; methods that only exist in markup need ``html``."""
    methods = [
        "title_stuffing",
        "title_stuffing",
        "brand_append",
        "brand_append",
        "hidden_links",
        "link_farm",
        "top_injection",
        "trad_debris",
    ]
    if html:
        methods += ["meta_tdk", "js_redirect", "entity_title"]
    method = pick(r, methods)
    if method in ("title_stuffing", "trad_debris"):
        doc.title = _stuffed(r, doc.title)
    elif method == "brand_append":
        b = gambling.brand(r) + r.choice(("", "", "官网", "app", "官方网站", "注册"))
        doc.title = f"{doc.title}{pick(r, ('-', '_', '|', ' ', '—'))}{b}"
    elif method == "hidden_links":
        words = spam(r, r.randint(4, 15))
        if html:
            style = pick(
                r,
                (
                    "display:none",
                    "position:absolute;left:-9999px;top:-9999px",
                    "visibility:hidden;height:0;overflow:hidden",
                    "font-size:0",
                ),
            )
            block = (
                f'<div style="{style}">'
                + "".join(f'<a href="https://{domain(r, True)}/">{w}</a>' for w in words)
                + "</div>"
            )
            (doc.top_html if r.random() < 0.5 else doc.end_html).append(block)
        else:
            (doc.top_text if r.random() < 0.5 else doc.end_text).extend(
                words if r.random() < 0.5 else [" ".join(words)]
            )
    elif method == "link_farm":
        words = spam(r, r.randint(6, 25))
        doc.links_heading = pick(r, ("友情链接", "友情链接：", "合作伙伴", "热门推荐"))
        doc.links = words
    elif method == "top_injection":
        b = gambling.brand(r) if r.random() < 0.6 else porn.phrases(r, 1)[0]
        line = r.choice(
            (
                f"【{b}】官方网站 {domain(r, True)} 注册即送{r.randint(8, 88)}元",
                f"{b}最新地址：{domain(r, True)}",
                f"推荐：{b} {digits(r, 4)}.vip",
            )
        )
        doc.body.insert(0, line)
    elif method == "meta_tdk":
        words = spam(r, r.randint(5, 14))
        doc.keywords = words
        doc.description = "，".join(words[: r.randint(3, 8)])
        if r.random() < 0.6:
            doc.title = _stuffed(r, doc.title)
    elif method == "js_redirect":
        target = domain(r, True)
        title = "_".join(spam(r, r.randint(3, 8)))
        enc = "".join(f"\\u{ord(c):04x}" for c in title)
        snippet = pick(
            r,
            (
                f'<script>var ua=navigator.userAgent.toLowerCase();if(/baiduspider|sogou|360spider|bingbot/.test(ua)){{document.title="{enc}";}}else if(document.referrer.match(/baidu|sogou|so\\.com|bing/)){{window.location.href="https://{target}/";}}</script>',
                f'<script>document.title="{enc}";</script><script src="https://{target}/tj.js"></script>',
                f'<script>if(document.referrer.indexOf("baidu")>-1||document.referrer.indexOf("sogou")>-1){{top.location.href="https://{target}/?{digits(r, 4)}";}}</script>',
                f'<meta http-equiv="refresh" content="0;url=https://{target}/">',
            ),
        )
        doc.head_html.append(snippet)
    return method


def finish_html(r: random.Random, page: str, method: str) -> str:
    """The one injection that lives in the markup itself: a title spelled in numeric entities."""
    if method != "entity_title":
        return page
    start, end = page.index("<title>") + 7, page.index("</title>")
    stuffed = pick(r, _SEPS).join(spam(r, r.randint(3, 9)))
    original = page[start:end]
    return (
        page[:start]
        + _entities(stuffed)
        + (f"_{original}" if r.random() < 0.5 else "")
        + page[end:]
    )
