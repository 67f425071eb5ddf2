"""The page stage's trees: exported exactly, shipped without pickle, and the pages they
were added for (spam in one place only under an ordinary article; shop titles)."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from fanzha.patrol.classify import classify_page
from fanzha.patrol.train_pages import load, shipped_path
from fanzha.patrol.trees import TreeEnsemble

NEWS = (
    "市政府召开常务会议 研究部署城市更新工作\n"
    "2024-05-11 来源：本地日报\n"
    "会议指出，今年将改造老旧小区一百二十个，新增停车位三千个。\n"
    "会议要求各区加快推进雨污分流工程，确保汛期前完工。\n"
    "市住建局负责人介绍，改造资金由市区两级财政共同承担。\n"
    "下一步将组织专家对项目进行验收，并向社会公布结果。\n"
    "（记者 王敏）\n"
)


def test_exported_trees_score_exactly_as_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 6))
    y = np.array(["a", "b", "c", "d", "e"])[(x[:, 0] > 0) + 2 * (x[:, 1] * x[:, 2] > 0.3)]
    fitted = HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=7, random_state=0)
    fitted.fit(x, y)
    trees = TreeEnsemble.from_arrays(TreeEnsemble.from_sklearn(fitted).arrays())
    ours = np.array([trees.proba(row) for row in x[:50]])
    assert np.allclose(ours, fitted.predict_proba(x[:50]), atol=1e-9)


def test_shipped_model_holds_its_trees_as_plain_arrays() -> None:
    model = load(shipped_path())
    assert model is not None and model.trees is not None
    with np.load(shipped_path(), allow_pickle=False) as data:
        assert all(data[name].dtype != object for name in data.files)


def test_porn_lines_only_at_the_bottom_of_a_news_article_is_hijacked() -> None:
    page = NEWS + "成人直播 一对一视频 午夜福利\n免费看片 无码高清 在线观看\n京ICP备12345678号\n"
    verdict = classify_page(page)
    assert verdict.verdict == "hijacked", verdict.reasons


def test_a_link_list_of_casino_names_above_a_news_article_is_hijacked() -> None:
    links = "\n".join(["澳门赌场", "真人百家乐", "太阳城娱乐", "体育投注", "时时彩", "皇冠网"])
    verdict = classify_page(NEWS.replace("\n", "\n" + links + "\n", 1))
    assert verdict.verdict == "hijacked", verdict.reasons


def test_shop_page_with_a_keyword_title_and_prices_is_benign() -> None:
    page = (
        "电饭煲【价格 图片 参数 怎么样】-苏宁易购_苏宁易购\n"
        "首页 > 厨房电器 > 电饭煲\n"
        "电饭煲 4升 智能预约 2025款 到手价299.00元\n"
        "领券立减20元，会员积分可抵扣部分货款。\n"
        "商品参数：容量 4L  功率 860W  型号 FB40S\n"
        "买家评价：煮饭很香，操作简单，发货很快。\n"
        "正品保障 | 七天无理由退货 | 全国联保\n"
        "苏ICP备10000000号\n"
    )
    verdict = classify_page(page)
    assert verdict.verdict == "benign", verdict.reasons
