"""Page verdicts: hand-written captures (not from the generator) and held-out pages.

The held-out pages come from the generator's held-out vocabulary part: brands,
phrases and whole article genres (tourism, medicine, agriculture) never trained on.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.patrol.classify import classify_page
from fanzha.patrol.evaluate import evaluate_pages
from fanzha.patrol.train_pages import load, shipped_path

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ARTICLE = (
    "<p>为进一步做好春季学期教学工作，学校于三月二日召开全体教师大会，"
    "教务处通报了上学期课程建设情况，并对新学期实验室安全、课后服务和毕业论文工作作出安排。</p>"
    "<p>会议要求各学院认真落实教学计划，按时完成课程评估。</p>"
)
BANK_NOTICE = (
    "关于网上银行系统升级维护的公告\n"
    "尊敬的客户：为提升服务质量，本行将于6月8日凌晨零点至六点进行系统升级维护。\n"
    "维护期间网上银行、手机银行及自助设备将暂停服务，由此给您带来的不便敬请谅解。\n"
    "如有疑问请拨打本行客服热线或咨询就近营业网点。特此公告。"
)


def page(title: str, body: str, footer: str = "") -> str:
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body>{body}<footer>{footer}</footer></body></html>"


def test_porn_title_over_normal_article_is_hijacked_and_says_why_in_chinese() -> None:
    verdict = classify_page(page("成人视频免费观看_美女裸聊_同城约炮_午夜福利", ARTICLE))
    assert verdict.verdict == "hijacked"
    assert all(CHINESE.search(r) for r in verdict.reasons)
    assert any("色情" in r for r in verdict.reasons)


def test_plain_text_capture_with_gambling_first_line_over_traditional_notice() -> None:
    first = "_".join(
        ["真人百家樂", "體育投注", "注冊送彩金", "澳門新葡京", "滾球", "時時彩", "棋牌"]
    )
    body = (
        "關於網上銀行系統升級維護的公告\n"
        '爲提升服務質量，本行將於6月8日淩晨進行系統升級維(wéi)護，維護期間暫停服務。<tr id="t3">\n'
        "由此給您帶來的不便敬請諒解，如有疑問請撥打本行客服熱線驗(yàn)證。\n"
        "特此公告。"
    )
    verdict = classify_page(f"{first}\n{body}")
    assert verdict.verdict == "hijacked", verdict.reasons


def test_one_betting_brand_appended_to_a_title_is_hijacked() -> None:
    title = "关于新学期教学工作安排的通知-开云体育(中国)官方网站"
    assert classify_page(page(title, ARTICLE)).verdict == "hijacked"


def test_hijacked_article_about_fraud_is_hijacked() -> None:
    body = (
        "<p>近日警方成功破获一起电信网络诈骗案，抓获犯罪嫌疑人十二名。</p>"
        "<p>民警提醒，凡是要求转账到安全账户的都是诈骗。</p>"
    )
    title = "百家乐_真人娱乐_体育投注_注册送彩金_老虎机_六合彩"
    assert classify_page(page(title, body)).verdict == "hijacked"


def test_bank_maintenance_notice_and_anti_fraud_tips_are_benign() -> None:
    assert classify_page(BANK_NOTICE).verdict == "benign"
    tips = (
        "<p>本行工作人员不会以任何理由向您索要密码和短信验证码。</p>"
        "<p>请勿点击短信中的不明链接，如接到自称银行客服要求转账的电话，请挂断后拨打官方客服热线核实。</p>"
    )
    assert classify_page(page("本行提醒您谨防电信诈骗", tips)).verdict == "benign"


def test_fake_bank_page_in_traditional_script_is_fraud() -> None:
    body = (
        "<p>您的網上銀行賬戶存在異常，請立即輸入銀行卡號、密碼和短信驗證碼完成安全認證，"
        "否則賬戶將被凍結。</p><form><label>銀行卡號</label><input><label>密碼</label><input></form>"
    )
    assert classify_page(page("網上銀行安全認證", body)).verdict == "fraud"


def test_anti_fraud_notice_mentioning_fraud_often_is_benign() -> None:
    body = (
        "<p>近期电信网络诈骗案件高发，诈骗分子冒充客服、冒充公检法实施诈骗。</p>"
        "<p>公安机关提醒：凡是要求转账到安全账户的都是诈骗，遇到诈骗请拨打96110。</p>"
        "<p>请下载国家反诈中心APP，谨防诈骗，不要点击陌生链接。</p>"
    )
    assert classify_page(page("警方提示：防范电信网络诈骗", body)).verdict == "benign"


def test_gambling_and_porn_pages_are_named_as_such() -> None:
    body = "<p>真人百家乐 体育投注 注册即送彩金 提现秒到账 无限返水 最新网址</p>"
    assert classify_page(page("娱乐城", body)).verdict == "gambling"
    body = "<p>成人视频 免费观看 无码高清 在线播放 国产自拍 每日更新</p>"
    assert classify_page(page("午夜影院", body)).verdict == "porn_spam"


CAPTURES = Path(__file__).parent / "pages"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # traditional script, 驗(yàn) glosses, ?, 锟斤拷, stray <tr>/<td>, nav, 备案号 footer
        ("debris.txt", "benign"),
        ("tech_benign.txt", "benign"),  # 下载/登录/iOS, related links, comments
        ("sport_benign.txt", "benign"),  # 体育频道_新浪网 in the title, portal nav
        ("tech_hijacked.txt", "hijacked"),  # one betting brand over a tech article
        ("comment_spam.txt", "porn_spam"),  # ordinary thread, spam in the replies
        ("fake_app.txt", "fraud"),  # fake platform: APP download, 邀请码, site chrome
        ("invest.txt", "fraud"),  # investment site dressed with nav, news and footer
        ("brushing.txt", "fraud"),
    ],
)
def test_hand_written_captures_with_site_chrome(name: str, expected: str) -> None:
    verdict = classify_page((CAPTURES / name).read_text("utf-8"))
    assert verdict.verdict == expected, verdict.reasons
    assert all(CHINESE.search(r) for r in verdict.reasons)


def test_conversion_debris_alone_does_not_make_a_page_hijacked() -> None:
    clean = (CAPTURES / "debris.txt").read_text("utf-8")
    for junk in ("锟斤拷\n", '<tr id="tr_3"></td><td>\n', "�?�?\n"):
        damaged = "\n".join(f"{line}{junk}" for line in clean.splitlines())
        assert classify_page(damaged).verdict == "benign"


def test_shipped_model_is_built_from_this_generator() -> None:
    """The model file must be rebuilt (python -m fanzha.patrol.train_pages) when the
    vocabularies or the feature code change; otherwise every process trains afresh."""
    assert load(shipped_path()) is not None


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
    assert all(CHINESE.search(r) for r in record["reasons"])


@pytest.mark.parametrize("seed", [4, 5])
def test_held_out_pages_recall_per_verdict(seed: int) -> None:
    report = evaluate_pages(per_verdict=60, seed=seed, holdout="own")
    recall = {f.label: f.recall for f in report.figures}
    assert report.harmful_recall >= 0.9, report
    # the generator now puts site chrome, capture debris and comment sections on every
    # kind of page, and writes comment spam: a harder held-out set than round 1's
    assert report.benign_kept >= 0.8, report
    assert recall["gambling"] >= 0.7 and recall["porn_spam"] >= 0.8, report
    assert recall["fraud"] >= 0.8 and recall["hijacked"] >= 0.6, report


def test_cli_evaluate_prints_each_verdict_and_the_headline_numbers() -> None:
    result = CliRunner().invoke(
        app, ["patrol", "evaluate", "--holdout", "own", "--per-verdict", "10"]
    )
    assert result.exit_code == 0, result.output
    for label in ("fraud", "gambling", "porn_spam", "hijacked", "benign"):
        assert label in result.stdout
    assert "harmful pages caught" in result.stdout and "benign pages judged benign" in result.stdout
