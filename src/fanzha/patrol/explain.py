"""Why a page got its verdict, in Chinese: the phrases and the structure that decided.

Phrases: the lines the first stage found most typical of the verdict's content, and
in them the character n-grams that weighed most (TF-IDF × class weight). Structure:
the page-shape features that pushed the second stage towards the verdict most
(standardised value × how much more the verdict's weight is than the average).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from fanzha.patrol.pages import LineModel, _Read

VERDICT_NAMES = {
    "fraud": "诈骗页面",
    "gambling": "赌博页面",
    "porn_spam": "色情页面",
    "hijacked": "被劫持的正常网页（挂黑链/植入垃圾内容）",
    "benign": "正常页面",
}
CLASS_NAMES = {
    "fraud": "诈骗",
    "gambling": "赌博",
    "porn": "色情",
    "warn": "反诈/执法宣传",
    "plain": "普通文章",
}
REGION_NAMES = {
    "head": "标题/首行",
    "piece": "标题/首行",
    "top": "页首",
    "body": "正文",
    "links": "链接列表",
    "comments": "评论区",
    "hidden": "隐藏文字/关键词标签",
}
_CLASSES = ("fraud", "gambling", "porn", "warn", "plain")
_PUSH_MIN = 0.25


def _phrase_class(verdict: str, read: _Read) -> int:
    proba, regions = read.proba, np.array(read.regions)
    if verdict in ("fraud", "gambling"):
        return _CLASSES.index(verdict)
    if verdict == "porn_spam":
        return 2
    if verdict == "hijacked":
        spam_rows = proba[regions != "body"]
        return int(spam_rows[:, :3].max(axis=0).argmax()) if spam_rows.size else 1
    body = proba[regions == "body"] if (regions == "body").any() else proba
    return 3 if body[:, 3].mean() > body[:, 4].mean() else 4


def _terms(lines: LineModel, text: str, cls: int) -> list[str]:
    """The n-grams of one line that weigh most towards one class, longest kept."""
    cols, weights = lines.vectors([text])[0]
    contribution = weights * lines.coef[cls, cols]
    picked: list[str] = []
    for k in np.argsort(-contribution):
        term = lines.vocabulary[cols[k]].strip()
        if contribution[k] <= 0 or len(term) < 2 or any(term in p for p in picked):
            continue
        picked = [p for p in picked if p not in term] + [term]
        if len(picked) == 4:
            break
    return picked


def phrases(verdict: str, read: _Read, lines: LineModel) -> list[str]:
    cls = _phrase_class(verdict, read)
    order = np.argsort(-read.proba[:, cls])[:3]
    out: list[str] = []
    for i in order:
        if read.proba[i, cls] < 0.5 and out:
            break
        terms = _terms(lines, read.texts[i], cls)
        if terms:
            where = REGION_NAMES.get(read.regions[i], "正文")
            out.append(f"{CLASS_NAMES[_CLASSES[cls]]}词语（{where}）：{'、'.join(terms)}")
    return out[:2]


def _describe(name: str, read: _Read, value: float) -> str | None:
    pv = read.view
    if name.endswith("_present") or name == "segments":
        return None
    if name.startswith("pieces"):
        return (
            f"标题/首行由{len(pv.head_pieces)}段短语拼接（如“{'_'.join(pv.head_pieces[:4])[:40]}”）"
        )
    if name in ("glosses", "holes", "stray_tags", "mojibake"):
        return (
            f"转码残留：拼音注音{pv.glosses}处、问号{pv.holes}处、残留标签{pv.stray_tags}处、"
            f"乱码{pv.mojibake}处"
        )
    if name == "traditional":
        return f"繁体字占{pv.traditional:.0%}"
    if name in ("links", "links_spam"):
        links = sum(1 for r in read.regions if r == "links")
        return f"链接列表{links}条"
    if name == "form_fields":
        return (
            f"表单索要：{'、'.join(pv.form_fields[:5])}"
            if pv.form_fields
            else "页面没有索要信息的表单"
        )
    if name == "head_spam_over_article":
        return "标题/首行是赌博、色情或诈骗广告词，正文却是普通文章：主题不符"
    if name == "article_share":
        return f"正文{value:.0%}的段落是普通文章"
    if name == "spam_share":
        return f"正文{value:.0%}的段落是赌博或色情内容"
    if name == "spam_anywhere_over_article":
        return "普通文章中夹带赌博或色情内容"
    if name in ("fraud_lines", "fraud_share"):
        count = sum(
            1
            for r, p in zip(read.regions, read.proba, strict=True)
            if r != "comments" and p[0] > 0.5
        )
        return f"{count}处诈骗话术（索要信息、转账、返利、下载等）"
    if name == "head_spam_over_clean_top":
        return "标题/首行是赌博、色情或诈骗广告词，其下页首却是普通内容"
    if name == "top_spam_lines":
        return "页首塞入赌博、色情或诈骗广告内容"
    if name == "spam_throughout":
        return "从标题到正文都是赌博或色情内容"
    if name == "comment_spam_share":
        return f"评论区{value:.0%}的评论是赌博、色情或诈骗广告"
    if name == "comment_spam_over_clean_top":
        return "标题和页首正常，垃圾广告集中在用户评论中"
    if name in ("cloaking", "cloaking_over_article"):
        if not pv.cloaking:
            return "页面没有针对搜索引擎来访者的跳转脚本"
        return "页面含跳转脚本：从搜索引擎来的访客被引向别处（劫持网站的典型手法）"
    if name == "hidden_spam_lines":
        hidden = sum(
            1
            for r, p in zip(read.regions, read.proba, strict=True)
            if r == "hidden" and p[:3].max() > 0.5
        )
        return f"隐藏文字或关键词标签中有{hidden}处赌博、色情或诈骗广告"
    if name == "links_spam_lines":
        spam = sum(
            1
            for r, p in zip(read.regions, read.proba, strict=True)
            if r == "links" and p[:3].max() > 0.5
        )
        return f"链接列表中有{spam}条赌博、色情或诈骗广告链接"
    if name in ("piece_spam_over_article", "long_piece_spam_over_article"):
        return "标题/首行中拼接了赌博、色情或诈骗广告词，正文却是普通文章"
    if name == "bottom_spam_over_article":
        return "普通文章末尾被加入赌博、色情或诈骗广告"
    if name == "hidden_spam_over_article":
        return "普通文章的隐藏文字或关键词标签中塞入赌博、色情或诈骗广告"
    if name in ("links_spam_over_article", "long_link_spam_over_article"):
        return "普通文章的链接列表中夹带赌博、色情或诈骗广告链接"
    if name == "links_share":
        return f"链接占页面内容的{value:.0%}"
    if name == "top_spam_over_article":
        return "页首塞入赌博、色情或诈骗广告内容，其下是普通文章"
    region, _, rest = name.partition("_")
    cls = rest.removesuffix("_max")
    kind = "最高" if rest.endswith("_max") else "平均"
    return f"{REGION_NAMES[region]}{CLASS_NAMES[cls]}内容{kind}概率{value:.0%}"


def explain(verdict: str, read: _Read, lines: LineModel, push: dict[str, float]) -> list[str]:
    values = dict(zip(push, read.features.tolist(), strict=True))
    reasons = [f"判定为{VERDICT_NAMES[verdict]}", *phrases(verdict, read, lines)]
    seen: set[str] = set()
    for name, weight in sorted(push.items(), key=lambda kv: -kv[1]):
        if weight < _PUSH_MIN or len(seen) == 3:
            break
        text = _describe(name, read, values[name])
        if text and text not in seen:
            seen.add(text)
            reasons.append("结构：" + text)
    return reasons
