"""A captured page as regions of normalised text, plus what its structure shows.

HTML and plain text alike: a crawler that keeps only text stores the title as the
first line, so the *head* is ``<title>`` when there is one and the first non-empty
line otherwise. The *top* is the first few lines under it, the *body* the rest.
Text hidden from readers (``display:none``, far off-screen, zero-size) and the
keywords and description written for search engines form the *hidden* region —
where hijackers stuff their spam. Link items (anchors, lines with a URL, and in text
captures runs of very short lines: a menu) are kept apart, so a link list can be
judged on its own, and so is a *comments* section (after a 评论/回复 heading below
the article, or inside an element whose class says comment/reply): spam posted there
by users makes a spam page of an ordinary thread, not a hijacked site. Conversion
debris (pinyin glosses, ``?`` holes, stray ``<tr id=…>`` fragments, mojibake) and
script or configuration lines are counted and then removed: they appear on every
kind of capture, so they must not be read as content. A script that redirects
visitors arriving from search engines is noted (``cloaking``): what a site shows a
search engine and a person differ only on a hijacked site.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from fanzha.patrol.textnorm import GLOSS, cjk_share, clean, squash

TOP_LINES = 4
HEAD_SCAN = 20000
MAX_SEGMENTS = 60
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "td",
    "h1",
    "h2",
    "h3",
    "h4",
    "section",
    "article",
    "ul",
    "ol",
    "table",
    "footer",
    "header",
    "nav",
    "form",
    "label",
    "button",
    "title",
}
_COMMENT_HEAD = re.compile(
    r"^(?:网友|全部|最新|热门|精彩|用户)?(?:评论|回复|留言|跟帖|回帖)(?:区|列表)?\s*"
    r"(?:[(（]\d*[)）])?$|^共\s*\d+\s*条(?:评论|回复|留言)|^发表(?:评论|回复)"
)
_COMMENT_META = re.compile(r"^#?\d+\s*楼|发表于\s*\d|^回复\s*\S+[:：]")
_LATIN_SPACE = re.compile(r"(?<=[a-z0-9.])\s+(?=[a-z0-9])")
_COMMENT_CLASS = re.compile(r"comment|reply|replies|cmt|review|pinglun|huifu|floor", re.I)
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top|text-indent)\s*:\s*-\d{3,}"
    r"|font-size\s*:\s*0(?:px)?\s*(?:;|$)|(?:height|width)\s*:\s*[01]px[^\"']*overflow\s*:\s*hidden",
    re.I,
)
_CLOAK = re.compile(
    r"document\.referrer|(?:window|top|document)\.location(?:\.href)?\s*=|location\.(?:href\s*=|replace\()"
    r"|http-equiv\s*=\s*[\"']?refresh",
    re.I,
)
"""Scripts that send visitors from search engines elsewhere (or a meta refresh): the
classic mark of a hijacked site, which shows search engines one page and people another."""
_CODE = re.compile(r"[;{}=]|\b(?:var|function|return|if|else|const|let)\b|\(\)")
_NAV_MAX = 8
_HTML_MARK = re.compile(r"<(?:html|head|body|title)[\s>]|<!doctype html", re.I)
"""A document, not a text capture with stray ``<br/>`` or ``<p>`` debris in it."""
_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>\n]{0,120})?/?>", re.I)
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]{2,}\.(?:com|net|top|vip|cc|xyz|app|me|cn)\b/?"
)
_SENTENCE = re.compile(r"(?<=[。！？；!?;])|\n")
_HOLE = re.compile(r"(?:(?<=[\u3400-\u9fff])\?)|(?:\?(?=[\u3400-\u9fff]))")
_MOJIBAKE = re.compile("锟斤拷|烫烫烫|屯屯屯|\ufffd")
HEAD_SPLIT = re.compile(r"[_,，、|｜/\\\-—–~·\s]+")
_MAX_CHARS = 80
_WORDY = re.compile(r"[\w\u3400-\u9fff]")


@dataclass
class Segment:
    text: str
    """Squashed text, what the n-gram model reads."""
    region: str
    """head, top, body, links or comments."""


@dataclass
class PageView:
    head: str
    head_pieces: list[str]
    segments: list[Segment]
    is_html: bool
    glosses: int = 0
    holes: int = 0
    stray_tags: int = 0
    mojibake: int = 0
    traditional: float = 0.0
    form_fields: list[str] = field(default_factory=list)
    chars: int = 0
    cloaking: bool = False
    """A script sends search-engine visitors elsewhere, or a meta refresh does."""
    code_lines: int = 0

    def region(self, name: str) -> list[Segment]:
        return [s for s in self.segments if s.region == name]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.lines: list[tuple[str, str]] = []  # (text, flag: link, hidden, comment or "")
        self.labels: list[str] = []
        self.meta: list[str] = []  # keywords and description: read by search engines only
        self.inputs = 0
        self._current: list[str] = []
        self._stack: list[tuple[str, str]] = []  # (tag, flag the element gives)

    def _flag(self) -> str:
        flags = {f for _, f in self._stack}
        return next((f for f in ("hidden", "comment", "link") if f in flags), "")

    def _flush(self) -> None:
        text = "".join(self._current).strip()
        if text:
            self.lines.append((text, self._flag()))
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK or tag == "a":
            self._flush()
        if tag == "input":
            self.inputs += 1
        if tag == "meta":
            values = dict(attrs)
            if (values.get("name") or "").lower() in ("keywords", "description"):
                self.meta.append(values.get("content") or "")
        if tag not in {"meta", "br", "img", "link", "input", "hr"}:
            values = dict(attrs)
            flag = "link" if tag == "a" else ""
            if _HIDDEN_STYLE.search(values.get("style") or "") or "hidden" in values:
                flag = "hidden"
            elif _COMMENT_CLASS.search(f"{values.get('class') or ''} {values.get('id') or ''}"):
                flag = flag or "comment"
            self._stack.append((tag, flag))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK or tag == "a":
            self._flush()
        if any(t == tag for t, _ in self._stack):
            while self._stack and self._stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        tags = {t for t, _ in self._stack}
        if tags & {"script", "style"}:
            return
        if "title" in tags:
            self.title += data
        elif "label" in tags:
            self.labels.append(data.strip())
            self._current.append(data)
        else:
            self._current.append(data)


def _split(line: str) -> list[str]:
    out = []
    for sentence in _SENTENCE.split(line):
        sentence = sentence.strip()
        while len(sentence) > _MAX_CHARS:
            out.append(sentence[:_MAX_CHARS])
            sentence = sentence[_MAX_CHARS:]
        if sentence:
            out.append(sentence)
    return out


def _starts_comments(cleaned: str, flag: str) -> bool:
    """A 评论/回复 heading, or a reply's byline (not the thread's own 楼主 post)."""
    if len(cleaned) <= 16 and _COMMENT_HEAD.search(cleaned.strip()):
        return True
    return flag != "link" and not cleaned.startswith("楼主") and bool(_COMMENT_META.search(cleaned))


def _pieces(head: str) -> list[str]:
    """The phrases a head is made of; ``wps office 2024`` stays one."""
    joined = _LATIN_SPACE.sub("\x00", head)
    pieces = (squash(x.replace("\x00", " ")) for x in HEAD_SPLIT.split(joined))
    return [p for p in pieces if p]


def _is_code(line: str) -> bool:
    """Script or configuration left in a capture: letters and punctuation, little Chinese."""
    return bool(_CODE.search(line)) and cjk_share(line) < 0.2


def _menus(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A run of three or more very short lines in a text capture is a menu: a link list."""
    out = list(lines)
    short = [len(t) <= _NAV_MAX and not t.endswith(("。", "：", ":")) for t, _ in lines]
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and short[j]:
            j += 1
        if j - i >= 3:
            out[i:j] = [(t, "link") for t, _ in out[i:j]]
        i = max(j, i + 1)
    return out


def view(page: str) -> PageView:
    """Split a page (HTML or captured text) into normalised regions."""
    is_html = _HTML_MARK.search(page[:HEAD_SCAN]) is not None
    stray = 0
    if is_html:
        parser = _Parser()
        parser.feed(page)
        parser.close()
        parser._flush()
        lines = [(m, "hidden") for m in parser.meta if m.strip()] + parser.lines
        title = parser.title.strip()
        fields = parser.labels if parser.inputs else []
    else:
        stray = len(_TAG.findall(page))
        text = html.unescape(_TAG.sub("", page))  # debris inside a line, not a break
        lines = [(line.strip(), "link" if _URL.search(line) else "") for line in text.splitlines()]
        lines = [(t, a) for t, a in lines if t]
        title = ""
        fields = [t.rstrip("：:") for t, _ in lines if t.endswith(("：", ":")) and len(t) <= 10]
    code = sum(1 for t, _ in lines if _is_code(t))
    lines = [(t, a) for t, a in lines if not _is_code(t)]
    if not is_html:
        if lines and not title:
            title, lines = lines[0][0], lines[1:]
        lines = _menus(lines)
    if not title and lines:
        title, lines = lines[0][0], lines[1:]
    if lines and clean(lines[0][0]) == clean(title):
        lines = lines[1:]  # <h1> repeating the title
    raw = " ".join([title, *(t for t, _ in lines)])
    cleaned_head = _HOLE.sub("", clean(_MOJIBAKE.sub("", title)))
    pv = PageView(
        head=squash(cleaned_head),
        head_pieces=_pieces(cleaned_head),
        segments=[],
        is_html=is_html,
        glosses=len(GLOSS.findall(raw)) if "(" in raw else 0,
        holes=len(_HOLE.findall(raw)),
        stray_tags=stray,
        mojibake=len(_MOJIBAKE.findall(raw)),
        form_fields=[f for f in fields if f],
        chars=len(raw),
        cloaking=bool(_CLOAK.search(page[:HEAD_SCAN])),
        code_lines=code,
    )
    segments: list[Segment] = []
    body_seen = 0
    article_seen = False  # comments follow an article: a 评论 item in a menu starts nothing
    in_comments = False
    for text, flag in lines:
        cleaned = _HOLE.sub("", clean(_MOJIBAKE.sub("", text)))
        if not in_comments and article_seen and _starts_comments(cleaned, flag):
            in_comments = True
        article_seen = article_seen or (flag == "" and len(cleaned) >= 20)
        for piece in _split(cleaned):
            # addresses are kept out of what the model reads: random letters teach nothing
            squashed = squash(_URL.sub(" ", piece))
            if not _WORDY.search(squashed):
                continue
            if flag == "hidden":
                region = "hidden"
            elif flag == "comment" or in_comments:
                region = "comments"
            elif flag == "link" or (_URL.search(piece) and len(squashed) < 40):
                region = "links"
            else:
                region = "top" if body_seen < TOP_LINES else "body"
                body_seen += 1
            segments.append(Segment(squashed, region))
    if len(segments) > MAX_SEGMENTS:  # long pages: their start and end decide
        segments = segments[: MAX_SEGMENTS - 10] + segments[-10:]
    pv.segments = segments
    pv.traditional = _traditional_share(raw)
    return pv


def _traditional_share(raw: str) -> float:
    from fanzha.patrol.textnorm import to_simplified

    sample = raw[:2000]
    cjk = [c for c in sample if "\u3400" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    simplified = to_simplified("".join(cjk))
    return sum(1 for a, b in zip(cjk, simplified, strict=True) if a != b) / len(cjk)
