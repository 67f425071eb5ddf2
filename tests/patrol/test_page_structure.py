"""Page structure the verdicts rest on: menus, comments, hidden and meta text, redirects.

Hand-written captures, not from the generator: each pins one reading of a page that
the model's features depend on, and the verdict it must lead to.
"""

from __future__ import annotations

from fanzha.patrol.classify import classify_page
from fanzha.patrol.pageview import view
from fanzha.patrol.textnorm import squash

ARTICLE = (
    "<p>为进一步做好春季学期教学工作，学校于三月二日召开全体教师大会，"
    "教务处通报了上学期课程建设情况，并对新学期实验室安全、课后服务和毕业论文工作作出安排。</p>"
    "<p>会议要求各学院认真落实教学计划，按时完成课程评估。</p>"
)


TITLE = "<title>关于新学期教学工作安排的通知</title>"


def html(head: str, body: str) -> str:
    return f"<html><head>{TITLE}{head}</head><body>{body}</body></html>"


def test_a_menu_item_named_comments_starts_no_comment_section() -> None:
    capture = "\n".join(
        [
            "全市推进老旧小区改造",
            "首页",
            "时政",
            "评论",
            "视频",
            "记者从市住建局获悉，今年全市计划改造老旧小区一百二十个，惠及居民三万余户。",
            "改造内容包括加装电梯、雨污分流和停车位建设，预计年底前全部完工。",
        ]
    )
    pv = view(capture)
    regions = {s.text: s.region for s in pv.segments}
    assert regions["评论"] == "links" and regions["视频"] == "links"
    assert not pv.region("comments")
    assert classify_page(capture).verdict == "benign"


def test_spam_in_meta_keywords_over_an_article_is_hijacked_and_ordinary_keywords_are_not() -> None:
    spam = "<meta name='keywords' content='百家乐,真人百家乐,澳门赌场,体育投注,注册送彩金,老虎机'>"
    ordinary = "<meta name='keywords' content='教学工作,新学期,通知'>"
    stuffed = classify_page(html(spam, ARTICLE))
    assert stuffed.verdict == "hijacked"
    assert any("隐藏文字/关键词标签" in r or "关键词" in r for r in stuffed.reasons)
    assert classify_page(html(ordinary, ARTICLE)).verdict == "benign"
    assert view(html(spam, ARTICLE)).region("hidden")


def test_text_hidden_off_screen_is_read_as_hidden() -> None:
    block = "<div style='position:absolute;left:-9999px'>六合彩开奖 一肖一码 特码</div>"
    pv = view(html("", block + ARTICLE))
    assert [s.region for s in pv.segments if "六合彩" in s.text] == ["hidden"]


def test_a_search_engine_redirect_is_cloaking_and_analytics_are_not() -> None:
    redirect = (
        "<script>var r=document.referrer;if(r.indexOf('baidu')>0)"
        "{window.location.href='http://x.example/';}</script>"
    )
    analytics = "<script>var _hmt = _hmt || [];</script>"
    assert view(html(redirect, ARTICLE)).cloaking
    assert not view(html(analytics, ARTICLE)).cloaking


def test_script_lines_in_a_text_capture_are_not_read_as_content() -> None:
    capture = "\n".join(
        [
            "关于新学期教学工作安排的通知",
            "学校召开全体教师大会，部署新学期课程建设、实验室安全和课后服务工作。",
            'var _hmt = _hmt || [];(function(){var hm = document.createElement("script");})();',
        ]
    )
    pv = view(capture)
    assert pv.code_lines == 1
    assert all("_hmt" not in s.text for s in pv.segments)


def test_numbers_are_one_token_so_no_number_reads_as_a_brand() -> None:
    assert squash("bet365体育") == squash("bet888体育") == "bet0体育"
