"""Porn spam: hook-up and "同城" landing pages, adult live-stream apps, video SEO pages, contact ads.

The words are the ones such spam really uses (euphemisms, city-keyword SEO,
contact handles), not descriptions; ``phrases`` is reused by the hijacks.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from fanzha.sim.exam.page import Doc
from fanzha.sim.exam.words import CITIES, DISTRICTS, SYLLABLES, digits, domain, mobile, pick, some

_VIDEO = (
    "国产精品 日韩精品 欧美精品 中文字幕 无码专区 有码视频 亚洲精品 国产自拍 午夜福利 成人影院 av天堂 "
    "一本道 伦理片 三级片 成人动漫 里番 福利姬 网红主播 主播福利 偷拍视频 黄色网站 成人网站 色情视频 "
    "av在线观看 免费a片 黄片 成人视频 福利视频 夜夜爽 天天看 久久精品 高清无码 91视频 成人抖音 色播"
).split()
_SUFFIX = "在线观看 免费观看 高清在线 在线播放 免费下载 每日更新 永久免费 无需下载 最新地址 网址 入口 合集".split()
_HOOKUP = (
    "同城约炮", "附近寂寞少妇", "一夜情", "约炮神器", "同城交友", "同城约会", "附近的人", "单身美女在线",
    "熟女交友", "找情人", "包养网", "约P", "同城速配", "成人交友", "裸聊", "一对一视频", "夜聊交友",
)  # fmt: skip
_LIVE_APP = "花椒 蜜桃 小蝌蚪 樱桃 丝瓜 向日葵 芭乐 秋葵 草莓 榴莲 菠萝 夜猫 月光 蜜柚 猫咪 红杏 夜色".split()
_AD = (
    "上门服务", "外围女", "学生妹", "模特", "空降", "包夜", "快餐", "楼凤", "品茶", "喝茶", "资源", "会所",
    "桑拿", "足浴按摩", "特殊服务", "夜生活", "小姐", "兼职妹", "嫩模", "全套服务",
)  # fmt: skip
_NOVEL = "成人小说 激情小说 黄色小说 都市激情 乱伦小说 色情漫画 韩漫无删减 羞羞漫画 成人漫画 禁漫 肉文 小黄书".split()


def phrases(r: random.Random, k: int) -> list[str]:
    """Porn spam phrases as hijackers stuff them into titles and link farms."""
    gen = (
        lambda: pick(r, _VIDEO) + pick(r, _SUFFIX),
        lambda: pick(r, _VIDEO),
        lambda: pick(r, _HOOKUP),
        lambda: pick(r, CITIES) + pick(r, _AD),
        lambda: (
            pick(r, _LIVE_APP)
            + pick(r, ("视频", "直播"))
            + pick(r, ("app下载", "污", "福利版", "破解版", ""))
        ),
        lambda: pick(r, _NOVEL),
        lambda: pick(r, _VIDEO) + pick(r, _VIDEO),
    )
    return [gen[r.randrange(len(gen))]() for _ in range(k)]


def _handle(r: random.Random) -> str:
    return r.choice(
        (
            f"微信：{pick(r, ('mm', 'yue', 'qq', 'love', 'tt'))}{digits(r, 5)}",
            f"QQ：{digits(r, r.randint(8, 10))}",
            f"电话：{mobile(r)}",
            f"V：{pick(r, SYLLABLES)}{digits(r, 4)}",
            f"飞机：@{pick(r, SYLLABLES)}{digits(r, 3)}",
        )
    )


def _doc(
    r: random.Random,
    name: str,
    title: str,
    body: list[str],
    buttons: list[str],
    shady_footer: bool = True,
) -> Doc:
    foot = (
        some(
            r,
            (
                "本站内容仅供18岁以上成年人浏览",
                "未满18岁请立即离开",
                f"永久地址：{domain(r, True)}",
                "收藏本站不迷路",
                "Copyright © 2024",
            ),
            1,
            3,
        )
        if shady_footer
        else []
    )
    return Doc(
        title,
        name,
        domain(r, True),
        heading=name,
        body=body,
        buttons=buttons,
        footer=foot,
        layout="landing",
    )


def hookup(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    hooks = some(r, _HOOKUP, 3, 6)
    name = pick(r, ("缘", "爱", "约", "遇见", "心动", "夜", "蜜")) + pick(
        r, ("来", "约", "聊", "恋", "吧", "社")
    )
    title = r.choice(
        (
            f"{city}{hooks[0]}_{hooks[1]}_{name}",
            f"{name}-{city}{hooks[0]}平台",
            f"{hooks[0]}{hooks[1]}{hooks[2]}",
        )
    )
    body = [
        f"{city}{pick(r, DISTRICTS)}附近有{r.randint(30, 400)}位异性正在线，距离你{r.randint(1, 9)}.{r.randint(0, 9)}公里。",
        pick(
            r,
            (
                "真实认证，线下见面，不满意不收费。",
                "注册立即匹配，今晚就能见面。",
                "私密聊天，不留记录。",
            ),
        ),
        f"开通会员{r.randint(2, 9)}9元/月，查看全部联系方式。",
        _handle(r),
        f"{'、'.join(hooks)}",
    ]
    return "porn_spam/hookup", _doc(
        r, name, title, body, some(r, ("立即注册", "马上约", "查看附近的人"), 1, 2)
    )


def live_app(r: random.Random) -> tuple[str, Doc]:
    name = pick(r, _LIVE_APP) + pick(r, ("直播", "视频", "秀场"))
    title = r.choice(
        (f"{name}app下载_福利直播_大尺度", f"{name}-午夜福利直播平台", f"{name}破解版无限观看")
    )
    body = [
        f"{name}，{'、'.join(some(r, ('美女主播', '一对一视频', '私密房间', '午夜秀场', '福利直播', '大尺度', '真人裸聊'), 3, 5))}。",
        f"邀请码：{digits(r, 6)}，邀请一人送{r.randint(1, 7)}天VIP。",
        pick(r, ("安卓苹果通用，无需越狱。", "下载后请翻墙使用。", "最新版本已解除所有限制。")),
        _handle(r),
    ]
    return "porn_spam/live_stream_app", _doc(r, name, title, body, ["立即下载", "进入直播间"])


def video_seo(r: random.Random) -> tuple[str, Doc]:
    words = some(r, _VIDEO, 5, 10)
    title = "_".join(
        w + (pick(r, _SUFFIX) if r.random() < 0.4 else "") for w in words[: r.randint(3, 6)]
    )
    name = pick(r, ("色", "撸", "爽", "啪", "夜", "影")) + pick(
        r, ("吧", "站", "网", "影院", "天堂")
    )
    items = [
        f"{pick(r, _VIDEO)} 第{r.randint(1, 999)}集 {pick(r, _SUFFIX)}  {r.randint(1, 99)}:{r.randint(10, 59)}"
        for _ in range(r.randint(5, 15))
    ]
    body = ["分类：" + " ".join(words), *items, f"最新地址：{domain(r, True)}  请收藏"]
    doc = _doc(r, name, title, body, [])
    doc.keywords = words
    doc.links_heading = "热门标签"
    doc.links = [pick(r, _VIDEO) + pick(r, _SUFFIX) for _ in range(r.randint(4, 12))]
    return "porn_spam/video_seo", doc


def contact_ad(r: random.Random) -> tuple[str, Doc]:
    city = pick(r, CITIES)
    ads = some(r, _AD, 3, 7)
    title = r.choice(
        (
            f"{city}{ads[0]}_{city}{ads[1]}_{city}{ads[2]}",
            f"{city}{ads[0]}联系方式",
            f"{city}哪里有{ads[0]}",
        )
    )
    body = [
        f"{city}{pick(r, DISTRICTS)}{ads[0]}，{pick(r, ('学生', '少妇', '模特', '白领'))}，{r.randint(18, 26)}岁，{pick(r, ('可视频验证', '照片真实', '诚信第一'))}。",
        f"{pick(r, ('快餐', '一次'))}{r.randint(3, 9)}00元，{pick(r, ('包夜', '全套'))}{r.randint(10, 30)}00元。",
        "、".join(f"{city}{a}" for a in ads),
        _handle(r),
        _handle(r),
    ]
    return "porn_spam/contact_ad", _doc(r, f"{city}{ads[0]}", title, body, [])


def keyword_farm(r: random.Random) -> tuple[str, Doc]:
    words = phrases(r, r.randint(12, 40))
    title = "_".join(words[: r.randint(3, 7)])
    body = [pick(r, ("，", " ", "、", "|")).join(words[i : i + 6]) for i in range(0, len(words), 6)]
    doc = _doc(r, words[0], title, body, [], shady_footer=r.random() < 0.5)
    doc.keywords = words[:10]
    doc.description = "，".join(words[:6])
    return "porn_spam/keyword_farm", doc


def novel(r: random.Random) -> tuple[str, Doc]:
    words = some(r, _NOVEL, 3, 6)
    name = pick(r, ("小黄书", "夜读", "H书", "禁书")) + pick(r, ("网", "阁", "屋", "吧"))
    title = f"{'_'.join(words)}_{name}"
    chapters = [
        f"第{r.randint(1, 300)}章 {pick(r, ('都市', '校园', '办公室', '邻居', '出差'))}{pick(r, ('激情', '诱惑', '秘密', '往事'))}"
        for _ in range(r.randint(4, 10))
    ]
    body = ["分类：" + " ".join(words), *chapters, "VIP章节需充值阅读币，1元=100阅读币", _handle(r)]
    return "porn_spam/novel_comics", _doc(r, name, title, body, ["开始阅读"])


BUILDERS: tuple[Callable[[random.Random], tuple[str, Doc]], ...] = (
    hookup, hookup, live_app, video_seo, video_seo, contact_ad, contact_ad, keyword_farm, novel,
)  # fmt: skip
