"""The text model reads through a lure's disguises and past the look-alikes' words."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanzha.detect.textmodel import TextModel, fit_text_model
from fanzha.detect.textnorm import normalise

LURES = [
    "招聘兼职点赞员，日结200-500元，在家手机即可操作，加微信{n}了解。",
    "刷单返佣，一单一结，佣金5%-10%，宝妈学生优先，日入300+，加微信{n}",
    "您涉嫌一起洗钱案件，请立即联系办案民警配合调查，将资金转入安全账户{n}。",
    "您有一笔5万元贷款额度待领取，先交解冻费即可到账，客服{n}",
]
LOOKALIKES = [
    "【国家反诈中心】提醒您：刷单就是诈骗，投资理财请认准正规平台。{n}",
    "【武汉公安】警方提示：凡是自称公检法要求转账到安全账户的都是诈骗！{n}",
    "【某某招聘】您投递的兼职岗位已有回复，佣金按平台规则结算，详情见App。{n}",
    "【招商银行】您的贷款额度已更新，请在官方App查看，勿向他人转账。{n}",
    "【京东】您的退款{n}元已原路退回，请注意查收。",
]


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("加 薇 信", "加微信"),
        ("➕V：dz8899", "加微信:dz0"),
        ("刷\u200b单", "刷单"),
        ("刷·单·返·佣", "刷单返佣"),
        ("兼職點讚員", "兼职点赞员"),
        ("ＱＱ１２３４５", "qq0"),
        ("日结😀３００元", "日结0元"),
    ],
)
def test_disguises_normalise_to_one_spelling(disguised: str, plain: str) -> None:
    assert normalise(disguised) == plain


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> TextModel:
    samples = [(t.format(n=n), True, 1.0) for t in LURES for n in range(5)]
    samples += [(t.format(n=n), False, 200.0) for t in LOOKALIKES for n in range(5)]
    fitted, summary = fit_text_model(samples)
    assert summary["lure_texts"] == len(LURES)  # digits normalised: one text per template
    directory = tmp_path_factory.mktemp("text")
    fitted.save(directory)
    return TextModel.load(directory)  # what detection uses is what was written


def test_disguised_lures_are_flagged(model: TextModel) -> None:
    for lure in ["招聘兼職點讚員，日結３００元，➕V了解", "刷 单 返 佣，一单一结，加薇信"]:
        assert model.probability(lure) >= model.threshold, lure


def test_lookalikes_sharing_the_words_are_not(model: TextModel) -> None:
    for text in [
        "【国家反诈中心】提醒您：刷单就是诈骗！",
        "【武汉公安】警方提示：要求转账到安全账户的都是诈骗",
        "【京东】您的退款88元已原路退回",
    ]:
        assert model.probability(text) < model.threshold, text


def test_the_reason_names_the_words_that_weighed(model: TextModel) -> None:
    top = model.top_ngrams("刷 单 返 佣，加薇信")
    assert top and all(len(g) > 1 for g in top)


def test_nothing_to_learn_from_without_both_kinds(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="both"):
        fit_text_model([("刷单返佣", True, 1.0)])


def test_a_lure_most_recipients_ignore_is_still_a_lure() -> None:
    """A ring sends one template to a hundred residents and two of them pay: the 98
    ignored copies must not make it benign. A bank notice that reached one victim by
    chance among thousands stays benign."""
    plain = "在吗？我手机坏了用的朋友的号，有件急事找你帮忙。"
    notice = "【招商银行】您的贷款额度已更新，请在官方App查看，勿向他人转账。"
    samples = [(plain, True, 2.0), (plain, False, 98.0), (notice, True, 1.0)]
    samples += [(notice, False, 2000.0)]
    samples += [(t.format(n=n), False, 200.0) for t in LOOKALIKES for n in range(5)]
    samples += [("今天晚上回家吃饭吗", False, 5000.0), ("快递已放门口", False, 3000.0)]
    fitted, summary = fit_text_model(samples)
    assert summary["lure_texts"] == 1
    assert fitted.probability(plain) >= fitted.threshold
    assert fitted.probability(notice) < fitted.threshold
