"""Page verdicts: hand-written pages (not from the generator) and the held-out set."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.patrol.evaluate import evaluate_pages
from fanzha.patrol.pages import classify_page

ARTICLE = (
    "<p>为进一步做好春季学期教学工作，学校于三月二日召开全体教师大会，"
    "教务处通报了上学期课程建设情况，并对新学期实验室安全、课后服务和毕业论文工作作出安排。</p>"
    "<p>会议要求各学院认真落实教学计划，按时完成课程评估。</p>"
)


def page(title: str, body: str, footer: str = "") -> str:
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body>{body}<footer>{footer}</footer></body></html>"


def test_porn_title_over_normal_article_is_hijacked() -> None:
    verdict = classify_page(page("成人视频免费观看 美女裸聊", ARTICLE))
    assert verdict.verdict == "hijacked"
    assert any("title" in r for r in verdict.reasons)


def test_footer_of_place_names_is_hijacked() -> None:
    footer = "|".join(
        f"{city}百家乐"
        for city in ["北京", "上海", "武汉", "成都", "重庆", "杭州", "南京", "西安"] * 3
    )
    verdict = classify_page(page("教务处通知", ARTICLE, footer))
    assert verdict.verdict == "hijacked"
    assert any("separated by '|'" in r for r in verdict.reasons)


def test_link_farm_is_hijacked() -> None:
    links = "".join(f"<a href='http://s{i}.top'>真人娱乐 体育投注</a>" for i in range(25))
    assert classify_page(page("学院新闻", ARTICLE + links)).verdict == "hijacked"


def test_pinyin_glosses_after_traditional_characters_are_hijacked() -> None:
    glossed = "學(xue)校(xiao)召(zhao)開(kai)全(quan)體(ti)教(jiao)師(shi)大(da)會(hui)" * 3
    verdict = classify_page(page("學校新聞", f"<p>{glossed}</p>"))
    assert verdict.verdict == "hijacked"
    assert any("pinyin" in r for r in verdict.reasons)


def test_fake_bank_page_in_traditional_script_is_fraud() -> None:
    body = (
        "<p>您的網上銀行賬戶存在異常，請立即輸入銀行卡號、密碼和短信驗證碼完成安全認證，"
        "否則賬戶將被凍結。</p>"
    )
    assert classify_page(page("網上銀行安全認證", body)).verdict == "fraud"


def test_anti_fraud_notice_mentioning_fraud_often_is_benign() -> None:
    body = (
        "<p>近期电信网络诈骗案件高发，诈骗分子冒充客服、冒充公检法实施诈骗。</p>"
        "<p>公安机关提醒：凡是要求转账到安全账户的都是诈骗，遇到诈骗请拨打96110。</p>"
        "<p>请下载国家反诈中心APP，谨防诈骗，不要点击陌生链接。</p>"
    )
    assert classify_page(page("警方提示：防范电信网络诈骗", body)).verdict == "benign"


def test_gambling_page() -> None:
    body = "<p>真人百家乐 体育投注 注册即送彩金 提现秒到账</p>"
    assert classify_page(page("娱乐城", body)).verdict == "gambling"


@pytest.fixture
def local_site(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "bet.html").write_text(
        page("娱乐城", "<p>百家乐 老虎机 体育投注 注册送彩金</p>"), encoding="utf-8"
    )
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()


def test_cli_page_json_from_localhost_url(local_site: str) -> None:
    result = CliRunner().invoke(app, ["patrol", "page", f"{local_site}/bet.html", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert set(record) == {"verdict", "score", "reasons"}
    assert record["verdict"] == "gambling" and 0.0 <= record["score"] <= 1.0


def test_held_out_pages_precision_and_recall() -> None:
    for figures in evaluate_pages(per_verdict=20, seed=4):
        assert figures.precision >= 0.8, figures
        assert figures.recall >= 0.8, figures
