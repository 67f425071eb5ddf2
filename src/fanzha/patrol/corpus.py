"""Labelled pages and domains we write ourselves: templates plus vocabularies.

Why generated: the center cannot crawl live fraud sites from the intranet, and real
pages carry victims' data. The generator is deterministic (a seed), so training and
the held-out evaluation set are reproducible; the held-out part uses another seed
and never enters training.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import opencc
from pypinyin import lazy_pinyin

VERDICTS = ("fraud", "gambling", "porn_spam", "hijacked", "benign")

FRAUD = [
    "您的银行账户存在异常交易，请立即登录验证身份，否则账户将被冻结",
    "请输入银行卡号、密码和短信验证码完成安全认证",
    "最高人民检察院通缉令：您涉嫌洗钱案件，请将资金转入安全账户配合清查",
    "公安局资金清查中心 案件编号 查询您的涉案信息 请勿告知他人",
    "导师带单 稳赚不赔 日收益百分之三十 内部渠道 立即入金",
    "数字货币投资平台 高额回报 保本保息 充值即送体验金",
    "无抵押无征信 秒批到账 先交保证金解冻贷款 额度提升",
    "客服中心：您的快递丢失，我们将为您办理理赔，请下载会议软件共享屏幕",
    "注销校园贷账户 否则影响征信 请将余额转入指定账户",
    "法院传票 您有一张未处理的传票 点击查看并缴纳保证金",
    "刷单返利 做任务日结 垫付后返还本金和佣金",
    "工商银行网上银行升级 请填写身份证号和手机验证码",
    "医保卡异常 社保冻结 请联系专员办理解冻",
]
GAMBLING = [
    "百家乐 真人娱乐 线上赌场 注册即送彩金",
    "体育投注 足球竞猜 滚球 高赔率 提现秒到",
    "澳门新葡京 官方网站 老虎机 电子游艺 返水百分之一点五",
    "彩票计划 时时彩 北京赛车 稳赢倍投方案",
    "棋牌游戏 斗地主 炸金花 真钱 充值 提现",
    "捕鱼游戏 下注 开奖 赔率 庄家 闲家 牛牛",
]
PORN = [
    "成人视频 免费观看 无码高清 在线播放",
    "美女裸聊 同城约会 深夜福利 激情直播",
    "色情图片 每日更新 国产自拍 宅男必备",
    "一夜情 寂寞少妇 上门服务 私密视频",
    "福利姬 写真 会员专区 成人影院",
]
ARTICLE = [
    "市教育局召开新学期工作会议 部署校园安全和课后服务工作",
    "本学期共开设课程二百余门 学生可以在教务系统中查询课表",
    "区政府发布二〇二六年一季度经济运行情况 固定资产投资稳步增长",
    "社区开展垃圾分类宣传活动 志愿者上门讲解分类知识",
    "图书馆开放时间调整为每天上午八点至晚上十点",
    "公司年度报告显示营业收入同比增长百分之八 研发投入持续加大",
    "地铁新线路预计年底通车 沿线设置十二座车站",
    "医院门诊楼改造完成 新增自助挂号缴费设备",
    "天气预报 明天多云转晴 气温十五到二十三度",
    "学院举办人工智能学术报告会 多位专家作主题发言",
]
ANTI_FRAUD = [
    "警惕电信网络诈骗 公安机关不会通过电话办案 不存在所谓安全账户",
    "反诈提醒：凡是要求转账到安全账户的都是诈骗 凡是刷单返利的都是诈骗",
    "如遇诈骗请拨打110或反诈专线96110 下载国家反诈中心APP",
    "近期冒充客服退款诈骗高发 请不要点击陌生链接 不要共享屏幕",
    "诈骗分子冒充公检法 诈骗手法多样 请广大市民提高防范意识 谨防诈骗",
]
PLACES = [
    "北京",
    "上海",
    "广州",
    "深圳",
    "武汉",
    "成都",
    "重庆",
    "杭州",
    "南京",
    "西安",
    "长沙",
    "郑州",
    "济南",
    "青岛",
    "沈阳",
    "大连",
    "厦门",
    "福州",
    "昆明",
    "贵阳",
    "南宁",
    "海口",
    "合肥",
    "南昌",
    "太原",
    "石家庄",
    "天津",
    "苏州",
    "无锡",
    "宁波",
    "温州",
    "东莞",
    "佛山",
]
TITLES_OK = ["通知公告", "新闻中心", "学院概况", "关于我们", "政务公开", "产品介绍"]
FRAUD_TITLES = ["网上银行安全认证", "案件查询系统", "投资理财平台", "极速贷款", "在线客服中心"]
GAMBLING_TITLES = ["娱乐城官网", "体育投注平台", "彩票计划网"]
PORN_TITLES = ["成人影院", "福利视频在线", "同城交友激情"]

_T2S = opencc.OpenCC("s2t")


@dataclass(frozen=True)
class Page:
    verdict: str
    html: str


def _html(title: str, body: list[str], footer: str = "", links: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<h1>{title}</h1>{paragraphs}{links}<footer>{footer}</footer></body></html>"
    )


class _PartRandom(random.Random):
    """A seeded generator that also knows which part of each vocabulary it may use."""

    def __init__(self, seed: int, held_out: bool) -> None:
        super().__init__(seed)
        self.held_out = held_out


def _pick(rng: random.Random, pool: list[str], low: int, high: int) -> list[str]:
    """Every fourth sentence of a pool is reserved for the held-out pages, never trained on."""
    held_out = getattr(rng, "held_out", False)
    pool = [s for i, s in enumerate(pool) if (i % 4 == 3) == held_out] or pool
    return rng.sample(pool, min(len(pool), rng.randint(low, high)))


def _benign(rng: random.Random) -> str:
    if rng.random() < 0.3:
        body = _pick(rng, ANTI_FRAUD, 3, 5) + _pick(rng, ARTICLE, 0, 2)
        return _html(rng.choice(["反诈宣传", "警方提示", "防范电信网络诈骗"]), body, "版权所有")
    return _html(rng.choice(TITLES_OK), _pick(rng, ARTICLE, 2, 5), "版权所有 联系我们")


def _pinyin_glossed(text: str) -> str:
    """Simplified → traditional, then a pinyin gloss after each character (SEO spam)."""
    pinyin = lazy_pinyin(text)
    traditional = _T2S.convert(text)
    out = []
    for char, gloss in zip(traditional, pinyin, strict=False):
        out.append(f"{char}({gloss})" if "\u4e00" <= char <= "\u9fff" else char)
    return "".join(out)


def _hijacked(rng: random.Random) -> str:
    article = _pick(rng, ARTICLE, 2, 5)
    spam = rng.choice([PORN, GAMBLING])
    style = rng.randrange(4)
    if style == 0:
        title = " ".join(_pick(rng, spam, 2, 2)).replace(" ", "")[:30]
        return _html(title, article, "版权所有")
    if style == 1:
        footer = "|".join(
            rng.choice(PLACES) + _pick(rng, spam, 1, 1)[0].split()[0] for _ in range(40)
        )
        return _html(rng.choice(TITLES_OK), article, footer)
    if style == 2:
        words = " ".join(_pick(rng, spam, 9, 9)).split()
        links = "".join(
            f"<a href='http://{rng.randrange(10**6)}.top'>{rng.choice(words)}</a>"
            for _ in range(rng.randint(30, 60))
        )
        return _html(rng.choice(TITLES_OK), article, "版权所有", links)
    glossed = [_pinyin_glossed(p) for p in [*article, *_pick(rng, spam, 1, 1)]]
    return _html(_T2S.convert(rng.choice(TITLES_OK)), glossed, "版權所有")


def generate_page(verdict: str, rng: random.Random) -> str:
    if verdict == "benign":
        html = _benign(rng)
    elif verdict == "hijacked":
        return _hijacked(rng)
    else:
        pool, titles = {
            "fraud": (FRAUD, FRAUD_TITLES),
            "gambling": (GAMBLING, GAMBLING_TITLES),
            "porn_spam": (PORN, PORN_TITLES),
        }[verdict]
        body = _pick(rng, pool, 2, 4) + _pick(rng, ARTICLE, 0, 1)
        html = _html(rng.choice(titles), body, "在线客服 7x24小时")
    return _T2S.convert(html) if rng.random() < 0.2 else html


def generate_pages(count_per_verdict: int, seed: int, held_out: bool = False) -> list[Page]:
    """Balanced pages, deterministic for a seed; training uses seed 1, evaluation
    ``held_out=True`` (sentences the model never saw) with seed 2."""
    rng = _PartRandom(seed, held_out)
    return [
        Page(verdict, generate_page(verdict, rng))
        for _ in range(count_per_verdict)
        for verdict in VERDICTS
    ]
